/* SPDX-License-Identifier: GPL-2.0 */
/*
 * summary_fixture.h - summary.json test objects written as strings, for
 * the unit tests of what reads summaries (compare, nightly, release).
 */
#ifndef PMEMFI_SUMMARY_FIXTURE_H
#define PMEMFI_SUMMARY_FIXTURE_H

#include <json-c/json.h>
#include <string.h>

/*
/*
 * One test from "name:verdict[:title]": the text after the verdict is the
 * report title of a bug or xfail, the reason of any other verdict.
 */
static inline struct json_object *fixture_test(const char *spec)
{
	struct json_object *t = json_object_new_object();
	char buf[256], *verdict, *title;

	strcpy(buf, spec);
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
	return t;
}

/* A summary whose tests are @tests (NULL-terminated specs); no status. */
static inline struct json_object *summary_of(const char *const *tests)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();

	for (; *tests; tests++)
		json_object_array_add(a, fixture_test(*tests));
	json_object_object_add(o, "tests", a);
	return o;
}

#endif
