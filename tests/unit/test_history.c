// SPDX-License-Identifier: GPL-2.0
/* history: which earlier runs of a results directory count, newest first. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/util.h"
#include "results/history.h"

static char *root;

/* A run directory @name under root: its status, profile (NULL: no manifest). */
static void make_run(const char *name, const char *status, const char *profile)
{
	char *dir = xasprintf("%s/%s", root, name), *p;

	assert_int_equal(mkdir_p(dir), 0);
	p = xasprintf("%s/summary.json", dir);
	{
		char *s = xasprintf("{\"status\": \"%s\", \"tests\": [], \"counts\": {\"done\": 1, \"total\": 2}}",
				    status);

		assert_int_equal(write_file(p, s, strlen(s)), 0);
		free(s);
	}
	free(p);
	if (profile) {
		char *m = xasprintf("{\"profile\": {\"name\": \"%s\"}}", profile);

		p = xasprintf("%s/manifest.json", dir);
		assert_int_equal(write_file(p, m, strlen(m)), 0);
		free(p);
		free(m);
	}
	free(dir);
}

static int setup(void **state)
{
	char tmpl[] = "/tmp/pmemfi-history-XXXXXX";
	char *latest;

	(void)state;
	assert_non_null(mkdtemp(tmpl));
	root = xstrdup(tmpl);
	make_run("20250101T000000Z-kasan", "complete", "nightly");
	make_run("20250102T000000Z-kasan", "interrupted", "nightly");
	make_run("20250103T000000Z-debian", "complete", "quick");
	make_run("20250104T000000Z-kasan", "complete", "nightly");
	make_run("20250105T000000Z-kasan", "complete", NULL);
	make_run("20250106T000000Z-kasan", "complete", "nightly");
	{
		/* Not a run: no summary.json. */
		char *d = xasprintf("%s/notes", root);

		mkdir_p(d);
		free(d);
	}
	latest = xasprintf("%s/latest", root);
	assert_int_equal(symlink("20250106T000000Z-kasan", latest), 0);
	free(latest);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	rm_rf(root);
	free(root);
	return 0;
}

static const char *base(const struct run_record *r)
{
	return strrchr(r->dir, '/') + 1;
}

static void finished_runs_newest_first(void **state)
{
	struct run_record *v;
	int n = history_list(root, NULL, NULL, 0, &v);

	(void)state;
	/* Interrupted and not-a-run directories are left out; "latest" is not listed twice. */
	assert_int_equal(n, 5);
	assert_string_equal(base(&v[0]), "20250106T000000Z-kasan");
	assert_string_equal(base(&v[1]), "20250105T000000Z-kasan");
	assert_string_equal(base(&v[2]), "20250104T000000Z-kasan");
	assert_string_equal(base(&v[3]), "20250103T000000Z-debian");
	assert_string_equal(base(&v[4]), "20250101T000000Z-kasan");
	assert_null(v[1].manifest);
	assert_null(history_profile(&v[1]));
	assert_string_equal(history_profile(&v[0]), "nightly");
	history_free(v, n);
}

static void same_profile_only(void **state)
{
	struct run_record *v;
	int n = history_list(root, "nightly", NULL, 0, &v);

	(void)state;
	assert_int_equal(n, 3);
	assert_string_equal(base(&v[2]), "20250101T000000Z-kasan");
	history_free(v, n);
	n = history_list(root, "quick", NULL, 0, &v);
	assert_int_equal(n, 1);
	assert_string_equal(base(&v[0]), "20250103T000000Z-debian");
	history_free(v, n);
}

static void before_self(void **state)
{
	struct run_record *v;
	char *self = xasprintf("%s/20250104T000000Z-kasan", root);
	int n = history_list(root, "nightly", self, 0, &v);

	(void)state;
	assert_int_equal(n, 1);
	assert_string_equal(base(&v[0]), "20250101T000000Z-kasan");
	history_free(v, n);
	free(self);
}

/* @self named as the tool prints it: with a trailing slash, or as results/latest. */
static void self_as_written(void **state)
{
	static const char *const forms[] = { "/20250106T000000Z-kasan/", "/latest", "/latest/" };

	(void)state;
	for (size_t i = 0; i < sizeof(forms) / sizeof(forms[0]); i++) {
		struct run_record *v;
		char *self = xasprintf("%s%s", root, forms[i]);
		int n = history_list(root, "nightly", self, 0, &v);

		assert_int_equal(n, 2);
		assert_string_equal(base(&v[0]), "20250104T000000Z-kasan");
		history_free(v, n);
		free(self);
	}
}

static void at_most(void **state)
{
	struct run_record *v;
	int n = history_list(root, "nightly", NULL, 2, &v);

	(void)state;
	assert_int_equal(n, 2);
	assert_string_equal(base(&v[1]), "20250104T000000Z-kasan");
	history_free(v, n);
}

static void nothing_there(void **state)
{
	struct run_record *v;
	char *none = xasprintf("%s/no-such-dir", root);

	(void)state;
	assert_int_equal(history_list(none, NULL, NULL, 0, &v), 0);
	history_free(v, 0);
	free(none);
}

static void load_one(void **state)
{
	struct run_record r;
	char err[256], *dir = xasprintf("%s/20250102T000000Z-kasan/summary.json", root);

	(void)state;
	/* A summary.json path names its run directory; an unfinished run still loads. */
	assert_int_equal(run_record_load(dir, &r, err, sizeof(err)), 0);
	assert_string_equal(base(&r), "20250102T000000Z-kasan");
	assert_non_null(r.summary);
	assert_non_null(r.manifest);
	run_record_free(&r);
	free(dir);
	dir = xasprintf("%s/notes", root);
	assert_int_equal(run_record_load(dir, &r, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "/notes: not a run directory (no summary.json)"));
	free(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(finished_runs_newest_first),
		cmocka_unit_test(same_profile_only),
		cmocka_unit_test(before_self),
		cmocka_unit_test(self_as_written),
		cmocka_unit_test(at_most),
		cmocka_unit_test(nothing_there),
		cmocka_unit_test(load_one),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
