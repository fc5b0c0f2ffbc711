// SPDX-License-Identifier: GPL-2.0
/* pmemfi compare: which test changed how between two runs. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "summary_fixture.h"

#include "results/compare.h"
#include "results/run_record.h"
#include "summary_fixture.h"


static void changes(void **state)
{
	static const char *const last[] = {
		"same-pass:pass", "same-bug:bug:kernel BUG in action_result", "regressed:pass",
		"fixed:bug:BUG: unable to handle page fault in action_result", "retitled:bug:kernel BUG in foo",
		"known-now:bug:kernel BUG in action_result", "fail-to-bug:fail:got 1", "gone:pass",
		"skip-to-timeout:skip", "xpass-now:xfail:kernel BUG in x", "pass-to-skip:pass",
		"fail-to-skip:fail:got 1", "skip-to-pass:skip", "pass-to-xfail:pass",
		"xfail-to-bug:xfail:kernel BUG in x", "fail-to-fail:fail:got 1", "same-skip:skip", NULL,
	};
	static const char *const tonight[] = {
		"same-pass:pass", "same-bug:bug:kernel BUG in action_result", "regressed:fail:got 2",
		"fixed:pass", "retitled:bug:KASAN: use-after-free in foo",
		"known-now:xfail:kernel BUG in action_result", "fail-to-bug:bug:kernel BUG in bar",
		"skip-to-timeout:timeout:no end", "xpass-now:xpass", "pass-to-skip:skip:needs X",
		"fail-to-skip:skip:needs X", "skip-to-pass:pass", "pass-to-xfail:xfail:kernel BUG in x",
		"xfail-to-bug:bug:kernel BUG in x", "fail-to-fail:fail:got 2", "same-skip:skip",
		"brand-new:error:never started", NULL,
	};
	static const struct {
		enum change_kind kind;
		const char *name, *a, *b;
		int regression;
	} want[] = {
		{ CH_NEW_FAILURE, "regressed", "pass", "fail", 1 },
		{ CH_FIXED, "fixed", "bug", "pass", 0 },
		{ CH_TITLE, "retitled", "bug", "bug", 1 },
		{ CH_TITLE, "known-now", "bug", "xfail", 0 },
		{ CH_TITLE, "fail-to-bug", "fail", "bug", 1 },
		{ CH_NEW_FAILURE, "skip-to-timeout", "skip", "timeout", 1 },
		{ CH_FIXED, "xpass-now", "xfail", "xpass", 0 },
		{ CH_LOST, "pass-to-skip", "pass", "skip", 1 },
		{ CH_LOST, "fail-to-skip", "fail", "skip", 1 },
		{ CH_VERDICT, "skip-to-pass", "skip", "pass", 0 },
		{ CH_VERDICT, "pass-to-xfail", "pass", "xfail", 0 },
		{ CH_NEW_FAILURE, "xfail-to-bug", "xfail", "bug", 1 },
		{ CH_TITLE, "fail-to-fail", "fail", "fail", 0 },
		{ CH_NEW_FAILURE, "brand-new", NULL, "error", 1 },
		{ CH_GONE, "gone", "pass", NULL, 1 },
	};
	struct json_object *a = summary_of(last), *b = summary_of(tonight);
	struct change *c;
	int n = compare_runs(a, b, &c);

	(void)state;
	for (int i = 0; i < n && i < (int)(sizeof(want) / sizeof(want[0])); i++) {
		if (c[i].kind != want[i].kind || strcmp(c[i].name, want[i].name))
			fail_msg("change %d: %s %s, want %s %s", i, compare_kind_name(c[i].kind), c[i].name,
				 compare_kind_name(want[i].kind), want[i].name);
		if (want[i].a)
			assert_int_equal(c[i].verdict_a, verdict_from_name(want[i].a));
		else
			assert_int_equal(c[i].verdict_a, V_NR);
		if (want[i].b)
			assert_int_equal(c[i].verdict_b, verdict_from_name(want[i].b));
		else
			assert_int_equal(c[i].verdict_b, V_NR);
		if (compare_regressed(&c[i]) != want[i].regression)
			fail_msg("%s: regression %d, want %d", c[i].name, compare_regressed(&c[i]),
				 want[i].regression);
	}
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	assert_string_equal(c[2].what_a, "kernel BUG in foo");
	assert_string_equal(c[2].what_b, "KASAN: use-after-free in foo");
	free(c);
	/* A run against itself: nothing. */
	assert_int_equal(compare_runs(b, b, &c), 0);
	free(c);
	json_object_put(a);
	json_object_put(b);
}

/* Only a finished run is a baseline or a clean comparison. */
/* A report outside the tests: {title, where[, known|flake]}. */
static void run_report(struct json_object *summary, const char *title, const char *where, const char *why)
{
	struct json_object *a = NULL, *o = json_object_new_object();

	if (!json_object_object_get_ex(summary, "run_reports", &a)) {
		a = json_object_new_array();
		json_object_object_add(summary, "run_reports", a);
	}
	json_object_object_add(o, "title", json_object_new_string(title));
	json_object_object_add(o, "where", json_object_new_string(where));
	if (why)
		json_object_object_add(o, why, json_object_new_string("x"));
	json_object_array_add(a, o);
}

/* Reports outside the tests: new and unexplained in B is a regression, once per title. */
static void reports_outside_tests(void **state)
{
	static const char *const t[] = { "steady:pass", NULL };
	struct json_object *a = summary_of(t), *b = summary_of(t);
	struct change *c;
	int n;

	(void)state;
	run_report(a, "WARNING in old", "boot-vm01", NULL);
	run_report(b, "WARNING in old", "boot-vm01", NULL);
	run_report(b, "BUG: new at boot", "boot-vm01", NULL);
	run_report(b, "BUG: new at boot", "boot-vm02", NULL);
	run_report(b, "KASAN: known at boot", "boot-vm01", "known");
	run_report(b, "KASAN: a flake", "boot-vm03", "flake");
	n = compare_runs(a, b, &c);
	assert_int_equal(n, 1);
	assert_int_equal(c[0].kind, CH_REPORT);
	assert_string_equal(c[0].name, "boot-vm01");
	assert_string_equal(c[0].what_b, "BUG: new at boot");
	assert_true(compare_regressed(&c[0]));
	assert_string_equal(compare_kind_name(c[0].kind), "report");
	free(c);
	/* The other way round the old one is gone: no change, not a regression. */
	n = compare_runs(b, a, &c);
	assert_int_equal(n, 0);
	free(c);
	json_object_put(a);
	json_object_put(b);
}

/* A skip of a test the kernel cannot have is a change, not lost coverage. */
static void not_applicable(void **state)
{
	static const char *const a_t[] = { "n:pass", "m:pass", NULL };
	static const char *const b_t[] = { "n:skip:not applicable to this kernel: x", "m:skip:needs X", NULL };
	struct json_object *a = summary_of(a_t), *b = summary_of(b_t);
	struct change *c;
	int n;

	(void)state;
	json_object_object_add(json_object_array_get_idx(json_object_object_get(b, "tests"), 0), "applicable",
			       json_object_new_boolean(0));
	n = compare_runs(a, b, &c);
	assert_int_equal(n, 2);
	assert_int_equal(c[0].kind, CH_VERDICT);
	assert_false(compare_regressed(&c[0]));
	assert_int_equal(c[1].kind, CH_LOST);
	assert_true(compare_regressed(&c[1]));
	free(c);
	json_object_put(a);
	json_object_put(b);
}

/* A summary a run could not have written is refused, not compared around. */
static void malformed(void **state)
{
	static const char *const cases[][2] = {
		{ "{\"tests\": {}}", "\"tests\" is not an array" },
		{ "{}", "\"tests\" is not an array" },
		{ "{\"tests\": [{\"verdict\": \"pass\"}]}", "tests[0]: no name" },
		{ "{\"tests\": [{\"name\": \"a\", \"verdict\": \"pass\"}, {\"name\": \"b\", \"verdict\": null}]}",
		  "tests[1] (b): no verdict" },
		{ "{\"tests\": [{\"name\": \"a\"}]}", "tests[0] (a): no verdict" },
		{ "{\"tests\": [{\"name\": \"a\", \"verdict\": \"green\"}]}", "tests[0] (a): verdict 'green' is not a verdict" },
	};
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct json_object *o = json_tokener_parse(cases[i][0]);

		assert_int_equal(run_record_check(o, err, sizeof(err)), -1);
		assert_string_equal(err, cases[i][1]);
		json_object_put(o);
	}
	{
		static const char *const ok[] = { "a:pass", "b:bug:kernel BUG in x", NULL };
		struct json_object *o = summary_of(ok);

		assert_int_equal(run_record_check(o, err, sizeof(err)), 0);
		json_object_put(o);
	}
}

static void incomplete(void **state)
{
	static const char *const one[] = { "a:pass", NULL };
	struct json_object *s = summary_of(one), *counts = json_object_new_object();
	char *why;

	(void)state;
	/* No status at all: not known to be complete. */
	why = compare_incomplete(s);
	assert_non_null(why);
	free(why);
	json_object_object_add(s, "status", json_object_new_string("interrupted"));
	json_object_object_add(counts, "done", json_object_new_int(2));
	json_object_object_add(counts, "total", json_object_new_int(36));
	json_object_object_add(s, "counts", counts);
	why = compare_incomplete(s);
	assert_string_equal(why, "status interrupted: 2 of 36 tests ran");
	free(why);
	json_object_object_add(s, "status", json_object_new_string("complete"));
	assert_null(compare_incomplete(s));
	json_object_put(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(changes),
		cmocka_unit_test(incomplete),
		cmocka_unit_test(malformed),
		cmocka_unit_test(not_applicable),
		cmocka_unit_test(reports_outside_tests),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
