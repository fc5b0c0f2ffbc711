// SPDX-License-Identifier: GPL-2.0
/* The one-screen summary: trouble grouped by verdict and title or reason. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "results/summary.h"

static void headlines(void **state)
{
	char *h;

	(void)state;
	h = summary_headline("selftests/memory_failure.c:164: nothing was poisoned but HardwareCorrupted grew by 4 kB; "
			     "selftests/memory_failure.c:165: the node total grew by 1");
	assert_string_equal(h, "nothing was poisoned but HardwareCorrupted grew by 4 kB");
	free(h);
	h = summary_headline("corrupt-pfn at B-mid (pfn 0x1002ff): got EBUSY, expected ENXIO");
	assert_string_equal(h, "corrupt-pfn at B-mid (pfn 0x…): got EBUSY, expected ENXIO");
	free(h);
	/* Not a source prefix: a colon inside the text stays. */
	h = summary_headline("round 0: namespace0.4: no pfn device");
	assert_string_equal(h, "round 0: namespace0.4: no pfn device");
	free(h);
	h = summary_headline("");
	assert_string_equal(h, "");
	free(h);
}

static void groups(void **state)
{
	const char *text =
		"[{\"name\":\"a\",\"verdict\":\"pass\"},"
		" {\"name\":\"b\",\"verdict\":\"bug\",\"title\":\"kernel BUG in action_result\"},"
		" {\"name\":\"c\",\"verdict\":\"fail\",\"reason\":\"x.c:1: grew by 4 kB\"},"
		" {\"name\":\"d\",\"verdict\":\"bug\",\"title\":\"kernel BUG in action_result\"},"
		" {\"name\":\"e\",\"verdict\":\"fail\",\"reason\":\"x.c:2: grew by 4 kB\"},"
		" {\"name\":\"f\",\"verdict\":\"bug\",\"title\":\"BUG: kernel NULL pointer dereference in shake_folio\"},"
		" {\"name\":\"g\",\"verdict\":\"bug\",\"title\":\"kernel BUG in action_result\"},"
		" {\"name\":\"h\",\"verdict\":\"bug\",\"title\":\"kernel BUG in action_result\"},"
		" {\"name\":\"i\",\"verdict\":\"timeout\",\"reason\":\"no end within the test timeout\"}]";
	struct json_object *tests = json_tokener_parse(text);
	struct summary_group *g;
	int n;

	(void)state;
	assert_non_null(tests);
	n = summary_groups(tests, &g);
	assert_int_equal(n, 4);
	assert_string_equal(g[0].verdict, "bug");
	assert_string_equal(g[0].headline, "kernel BUG in action_result");
	assert_int_equal(g[0].count, 4);
	assert_string_equal(g[0].examples[0], "b");
	assert_string_equal(g[0].examples[2], "g");
	assert_string_equal(g[1].headline, "grew by 4 kB");
	assert_int_equal(g[1].count, 2);
	assert_string_equal(g[2].headline, "BUG: kernel NULL pointer dereference in shake_folio");
	assert_string_equal(g[3].verdict, "timeout");
	summary_free(g, n);
	json_object_put(tests);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(headlines),
		cmocka_unit_test(groups),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
