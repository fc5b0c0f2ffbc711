// SPDX-License-Identifier: GPL-2.0
/* Canary definitions and the reduction of a run to an outcome. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "modes/canary.h"
#include "lib/util.h"

static struct json_object *t(const char *name, const char *verdict, const char *title)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "verdict", json_object_new_string(verdict));
	if (title)
		json_object_object_add(o, "title", json_object_new_string(title));
	return o;
}

static struct json_object *run(const char *a_verdict, const char *a_title, const char *b_verdict)
{
	struct json_object *a = json_object_new_array();

	json_object_array_add(a, t("n.devdax.dev.2M.layout.ff", "pass", NULL));
	json_object_array_add(a, t("n.devdax.dev.2M.corrupt-pfn.A-first.ff", a_verdict, a_title));
	json_object_array_add(a, t("n.devdax.dev.2M.hard-offline.A-last.ff", a_verdict, a_title));
	json_object_array_add(a, t("n.devdax.dev.2M.corrupt-pfn.B-mid.ff", b_verdict, NULL));
	return a;
}

static void expect(struct json_object *a, int reports, const char *want)
{
	char *got = canary_outcome(a, reports);

	if (strcmp(got, want))
		fail_msg("outcome '%s', expected '%s'", got, want);
	free(got);
	json_object_put(a);
}

static void outcomes(void **state)
{
	(void)state;
	expect(run("pass", NULL, "pass"), 0, "clean");
	expect(run("bug", "kernel BUG in action_result", "pass"), 0, "bug:action_result");
	expect(run("bug", "KASAN: null-ptr-deref in dax_lock_folio", "pass"), 0, "bug:dax_lock_folio");
	expect(run("pass", NULL, "pass"), 1, "other: 1 report outside the tests");
	expect(run("bug", "kernel BUG in action_result", "fail"), 0, "bug:action_result+fail:B");
	expect(run("pass", NULL, "fail"), 0, "other: every class B cell is fail");
	expect(run("xfail", "kernel BUG in action_result", "pass"), 0, "xfail:action_result");
	expect(run("xpass", NULL, "pass"), 0, "xpass:A");
	expect(run("xpass", NULL, "fail"), 0, "xpass:A+fail:B");
	expect(run("timeout", NULL, "pass"), 0, "other: every class A cell is timeout");
	{
		struct json_object *a = run("pass", NULL, "pass");

		json_object_array_add(a, t("n.fsdax.dev.2M.corrupt-pfn.A-first.ff", "bug", "BUG: x in action_result"));
		expect(a, 0, "bug:action_result|pass:A");
	}
	{
		struct json_object *a = run("pass", NULL, "pass");

		json_object_array_add(a, t("n.fsdax.dev.2M.corrupt-pfn.A-first.ff", "timeout", NULL));
		expect(a, 0, "other: class A cells have mixed verdicts");
	}
	{
		/* memmap-kasan on fix-stats: one reader left, the other fixed */
		struct json_object *a = run("xpass", NULL, "pass");

		json_object_array_add(a, t("n.fsdax.dev.2M.corrupt-pfn.A-first.ff", "xfail",
					   "KASAN: uninit-struct-page in hwpoison_inject"));
		json_object_array_add(a, t("n.fsdax.dev.2M.corrupt-pfn.A-last.ff", "xfail",
					   "KASAN: uninit-struct-page in hwpoison_inject"));
		expect(a, 0, "xfail:hwpoison_inject|xpass:A");
	}
	{
		struct json_object *a = run("bug", "kernel BUG in action_result", "pass");

		json_object_array_add(a, t("n.fsdax.dev.2M.layout.ff", "fail", NULL));
		expect(a, 0, "other: class - cells have mixed verdicts");
	}
	{
		struct json_object *a = run("bug", "kernel BUG in action_result", "pass");
		char *titles = canary_titles(a);

		assert_string_equal(titles, "kernel BUG in action_result");
		free(titles);
		json_object_array_add(a, t("n.fsdax.dev.2M.corrupt-pfn.A-first.ff", "bug", "KASAN: x in dax_lock_folio"));
		expect(a, 0, "bug:action_result|bug:dax_lock_folio");
	}
}

static void shipped_canaries(void **state)
{
	struct canary_set set;
	char err[256];

	(void)state;
	if (canary_load(&set, "configs/canaries", err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(set.nr, 6);
	assert_string_equal(set.v[0].expected, "xfail:action_result");
	assert_string_equal(set.v[1].expected, "xpass:A");
	assert_int_equal(set.v[0].nr_patches, 0);
	assert_string_equal(set.v[2].patches[1], "seed-bug");
	assert_string_equal(set.v[2].expected, "bug:dax_lock_folio+fail:B");
	assert_int_equal(set.v[3].nr_patches, 0);
	assert_int_equal(set.v[3].nr_fragments, 1);
	assert_string_equal(set.v[3].fragments[0], "memmap-kasan");
	assert_string_equal(set.v[3].expected, "xfail:action_result|xfail:hwpoison_inject");
	assert_string_equal(set.v[5].patches[1], "fix-hwpoison-inject");
	for (int i = 0; i < set.nr; i++)
		for (int j = 0; j < set.v[i].nr_patches; j++) {
			char *p = xasprintf("configs/patches/%s.patch", set.v[i].patches[j]);

			assert_true(file_exists(p));
			free(p);
		}
	for (int i = 0; i < set.nr; i++)
		for (int j = 0; j < set.v[i].nr_fragments; j++) {
			char *p = xasprintf("configs/kernel/%s.config", set.v[i].fragments[j]);

			assert_true(file_exists(p));
			free(p);
		}
	canary_free(&set);
}

static void bad_canaries(void **state)
{
	char path[] = "/tmp/pmemfi-test-canaries.XXXXXX", err[256];
	struct canary_set set;
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	write_file(path, "a - maybe\n", 10);
	assert_int_equal(canary_load(&set, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "outcome 'maybe'"));
	write_file(path, "a - bug:\n", 9);
	assert_int_equal(canary_load(&set, path, err, sizeof(err)), -1);
	write_file(path, "a - xpass:B\n", 12);
	assert_int_equal(canary_load(&set, path, err, sizeof(err)), -1);
	write_file(path, "a - bug:f|\n", 11);
	assert_int_equal(canary_load(&set, path, err, sizeof(err)), -1);
	write_file(path, "a - pass:A\n", 11);
	assert_int_equal(canary_load(&set, path, err, sizeof(err)), -1);
	write_file(path, "a @ clean\n", 10);
	assert_int_equal(canary_load(&set, path, err, sizeof(err)), -1);
	write_file(path, "a @f,p bug:f|xpass:A+fail:B\n", 28);
	assert_int_equal(canary_load(&set, path, err, sizeof(err)), 0);
	assert_int_equal(set.v[0].nr_fragments, 1);
	assert_int_equal(set.v[0].nr_patches, 1);
	canary_free(&set);
	write_file(path, "a b\n", 4);
	assert_int_equal(canary_load(&set, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":1: want"));
	write_file(path, "# nothing\n", 10);
	assert_int_equal(canary_load(&set, path, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no canaries"));
	unlink(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(outcomes),
		cmocka_unit_test(shipped_canaries),
		cmocka_unit_test(bad_canaries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
