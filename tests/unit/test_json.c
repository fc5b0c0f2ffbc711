// SPDX-License-Identifier: GPL-2.0
/* json.h: typed, NULL-safe lookups; missing, null and mistyped members are absent. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "lib/json.h"

static void lookups(void **state)
{
	struct json_object *o = json_tokener_parse("{\"s\": \"text\", \"e\": \"\", \"n\": 7, \"z\": null,"
						   " \"a\": [1], \"o\": {\"s\": \"inner\"}}");

	(void)state;
	assert_non_null(o);
	assert_string_equal(json_str(o, "s"), "text");
	assert_string_equal(json_str(o, "e"), "");
	assert_null(json_str(o, "n"));
	assert_null(json_str(o, "z"));
	assert_null(json_str(o, "missing"));
	assert_null(json_str(NULL, "s"));
	assert_null(json_str(json_get(o, "a"), "s"));
	assert_string_equal(json_str(json_get(o, "o"), "s"), "inner");

	assert_string_equal(json_str_or(o, "s", "-"), "text");
	assert_string_equal(json_str_or(o, "e", "-"), "");
	assert_string_equal(json_str_or(o, "n", "-"), "-");
	assert_string_equal(json_str_or(o, "z", ""), "");
	assert_null(json_str_or(NULL, "s", NULL));

	assert_int_equal(json_int(o, "n", -1), 7);
	assert_int_equal(json_int(o, "s", -1), -1);
	assert_int_equal(json_int(NULL, "n", -1), -1);
	assert_non_null(json_array(o, "a"));
	assert_null(json_array(o, "o"));
	assert_null(json_get(o, "z"));
	assert_null(json_get(NULL, "s"));
	json_object_put(o);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
