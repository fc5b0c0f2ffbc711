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

#include "../../harness/compare.h"

/* A summary from "name:verdict[:title]" strings. */
static struct json_object *run(const char *const *tests)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();

	for (; *tests; tests++) {
		char buf[256], *verdict, *title;
		struct json_object *t = json_object_new_object();

		strcpy(buf, *tests);
		verdict = strchr(buf, ':');
		*verdict++ = '\0';
		title = strchr(verdict, ':');
		if (title)
			*title++ = '\0';
		json_object_object_add(t, "name", json_object_new_string(buf));
		json_object_object_add(t, "verdict", json_object_new_string(verdict));
		if (title)
			json_object_object_add(t, !strcmp(verdict, "bug") || !strcmp(verdict, "xfail") ? "title" : "reason",
					       json_object_new_string(title));
		json_object_array_add(a, t);
	}
	json_object_object_add(o, "tests", a);
	return o;
}

static void changes(void **state)
{
	static const char *const last[] = {
		"same-pass:pass", "same-bug:bug:kernel BUG in action_result", "regressed:pass",
		"fixed:bug:BUG: unable to handle page fault in action_result", "retitled:bug:kernel BUG in foo",
		"known-now:bug:kernel BUG in action_result", "fail-to-bug:fail:got 1", "gone:pass",
		"skip-to-timeout:skip", "xpass-now:xfail:kernel BUG in x", NULL,
	};
	static const char *const tonight[] = {
		"same-pass:pass", "same-bug:bug:kernel BUG in action_result", "regressed:fail:got 2",
		"fixed:pass", "retitled:bug:KASAN: use-after-free in foo",
		"known-now:xfail:kernel BUG in action_result", "fail-to-bug:bug:kernel BUG in bar",
		"skip-to-timeout:timeout:no end", "xpass-now:xpass", "brand-new:error:never started", NULL,
	};
	static const struct {
		enum change_kind kind;
		const char *name, *a, *b;
	} want[] = {
		{ CH_NEW_FAILURE, "regressed", "pass", "fail" },
		{ CH_FIXED, "fixed", "bug", "pass" },
		{ CH_TITLE, "retitled", "bug", "bug" },
		{ CH_VERDICT, "fail-to-bug", "fail", "bug" },
		{ CH_NEW_FAILURE, "skip-to-timeout", "skip", "timeout" },
		{ CH_FIXED, "xpass-now", "xfail", "xpass" },
		{ CH_NEW_FAILURE, "brand-new", NULL, "error" },
		{ CH_GONE, "gone", "pass", NULL },
	};
	struct json_object *a = run(last), *b = run(tonight);
	struct change *c;
	int n = compare_runs(a, b, &c);

	(void)state;
	assert_int_equal(n, sizeof(want) / sizeof(want[0]));
	for (int i = 0; i < n; i++) {
		assert_int_equal(c[i].kind, want[i].kind);
		assert_string_equal(c[i].name, want[i].name);
		if (want[i].a)
			assert_string_equal(c[i].verdict_a, want[i].a);
		else
			assert_null(c[i].verdict_a);
		if (want[i].b)
			assert_string_equal(c[i].verdict_b, want[i].b);
		else
			assert_null(c[i].verdict_b);
	}
	assert_string_equal(c[2].what_a, "kernel BUG in foo");
	assert_string_equal(c[2].what_b, "KASAN: use-after-free in foo");
	free(c);
	/* A run against itself: nothing. */
	assert_int_equal(compare_runs(b, b, &c), 0);
	free(c);
	json_object_put(a);
	json_object_put(b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(changes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
