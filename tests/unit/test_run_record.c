// SPDX-License-Identifier: GPL-2.0
/*
 * The run record (results/run_record.h): every golden summary.json under
 * tests/golden loads, its tests typed as the file spells them, and is
 * written back byte for byte; a summary a reader cannot trust is refused
 * with the test and the cause.
 *
 *   build/tests/test_run_record [RUN_DIR...]   round-trip these instead
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "lib/json.h"
#include "lib/util.h"
#include "results/run_record.h"

static char **dirs;
static int nr_dirs;

/* Every run directory under tests/golden (one holding a summary.json). */
static void golden_dirs(void)
{
	FILE *p = popen("find tests/golden -name summary.json | sort", "r");
	char line[4096];

	assert_non_null(p);
	while (fgets(line, sizeof(line), p)) {
		line[strcspn(line, "\n")] = '\0';
		line[strlen(line) - strlen("/summary.json")] = '\0';
		dirs = realloc(dirs, (nr_dirs + 1) * sizeof(*dirs));
		dirs[nr_dirs++] = xstrdup(line);
	}
	pclose(p);
}

static void round_trip_one(const char *dir)
{
	char *path = xasprintf("%s/summary.json", dir), *text, err[512];
	struct json_object *tests;
	struct run_record r;
	struct strbuf file = STRBUF_INIT;

	if (run_record_load(dir, &r, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(read_file(path, &file), 0);
	text = run_record_text(r.summary);
	if (strcmp(text, file.buf))
		fail_msg("%s: written again, it is not the file it was read from", path);
	tests = json_array(r.summary, "tests");
	assert_int_equal(r.nr_tests, json_object_array_length(tests));
	assert_non_null(r.manifest);
	for (int i = 0; i < r.nr_tests; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);

		assert_ptr_equal(r.tests[i].json, t);
		assert_string_equal(r.tests[i].name, json_str(t, "name"));
		assert_true(r.tests[i].v < V_NR);
		assert_string_equal(verdict_name(r.tests[i].v), json_str(t, RUN_VERDICT));
		assert_ptr_equal(run_record_find(&r, r.tests[i].name), &r.tests[i]);
	}
	free(text);
	free(path);
	strbuf_release(&file);
	run_record_free(&r);
}

static void round_trip(void **state)
{
	(void)state;
	assert_true(nr_dirs > 0);
	for (int i = 0; i < nr_dirs; i++)
		round_trip_one(dirs[i]);
}

/* Writing a record: run_record_write() gives the text run_record_text() does. */
static void write_back(void **state)
{
	char path[] = "/tmp/pmemfi-run-record-XXXXXX", *want;
	struct json_object *o = json_tokener_parse("{\"tests\": [], \"status\": \"complete\"}");
	struct strbuf got = STRBUF_INIT;
	int fd = mkstemp(path);

	(void)state;
	assert_true(fd >= 0);
	close(fd);
	assert_int_equal(run_record_write(path, o), 0);
	assert_int_equal(read_file(path, &got), 0);
	want = run_record_text(o);
	assert_string_equal(got.buf, want);
	assert_true(run_record_write("/nonexistent/dir/summary.json", o) < 0);
	free(want);
	strbuf_release(&got);
	unlink(path);
	json_object_put(o);
}

/* What a reader must not trust, refused with the test and the cause. */
static void refused(void **state)
{
	static const char *const bad[][2] = {
		{ "{\"tests\": {}}", "\"tests\" is not an array" },
		{ "{\"tests\": [{\"verdict\": \"pass\"}]}", "tests[0]: no name" },
		{ "{\"tests\": [{\"name\": \"a\"}]}", "tests[0] (a): no verdict" },
		{ "{\"tests\": [{\"name\": \"a\", \"verdict\": \"PASS\"}]}", "tests[0] (a): verdict 'PASS' is not a verdict" },
	};
	struct run_record r;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		struct json_object *o = json_tokener_parse(bad[i][0]);

		assert_int_equal(run_record_of(o, &r, err, sizeof(err)), -1);
		assert_string_equal(err, bad[i][1]);
		assert_null(r.tests);
		json_object_put(o);
	}
	assert_int_equal(run_record_load("/nonexistent", &r, err, sizeof(err)), -1);
	assert_string_equal(err, "/nonexistent: not a run directory (no summary.json)");
}

/* A test object's verdict for the writers: typed, V_NR when it has none. */
static void test_verdicts(void **state)
{
	struct json_object *t = json_object_new_object();

	(void)state;
	assert_int_equal(run_test_verdict(t), V_NR);
	assert_null(run_test_verdict_name(t));
	assert_string_equal(run_test_verdict_or(t, "?"), "?");
	for (int v = 0; v < V_NR; v++) {
		run_test_set_verdict(t, v);
		assert_int_equal(run_test_verdict(t), v);
		assert_string_equal(run_test_verdict_name(t), verdict_name(v));
	}
	json_object_object_add(t, RUN_VERDICT, json_object_new_string("maybe"));
	assert_int_equal(run_test_verdict(t), V_NR);
	assert_string_equal(run_test_verdict_or(t, "?"), "maybe");
	json_object_put(t);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(write_back),
		cmocka_unit_test(refused),
		cmocka_unit_test(test_verdicts),
	};

	if (argc > 1) {
		dirs = argv + 1;
		nr_dirs = argc - 1;
	} else {
		golden_dirs();
	}
	return cmocka_run_group_tests(tests, NULL, NULL);
}
