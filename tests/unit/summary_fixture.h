/* SPDX-License-Identifier: GPL-2.0 */
/*
 * summary_fixture.h - a summary.json object for the unit tests that compare
 * runs (test_compare.c, test_nightly.c): one "name:verdict[:title]" string
 * a test, the title of a bug or xfail, else the reason. No status: a test
 * adds one when it matters.
 */
#ifndef PMEMFI_SUMMARY_FIXTURE_H
#define PMEMFI_SUMMARY_FIXTURE_H

#include <json-c/json.h>
#include <string.h>

static inline struct json_object *summary_of(const char *const *tests)
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

#endif
