// SPDX-License-Identifier: GPL-2.0
#include "results/run_record.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"

const char *run_test_verdict_name(struct json_object *t)
{
	return json_str(t, RUN_VERDICT);
}

const char *run_test_verdict_or(struct json_object *t, const char *dflt)
{
	return json_str_or(t, RUN_VERDICT, dflt);
}

enum verdict run_test_verdict(struct json_object *t)
{
	const char *name = run_test_verdict_name(t);

	return name ? verdict_from_name(name) : V_NR;
}

void run_test_set_verdict(struct json_object *t, enum verdict v)
{
	json_object_object_add(t, RUN_VERDICT, json_object_new_string(verdict_name(v)));
}

void run_misc_set_verdict(struct json_object *misc, const char *word)
{
	json_object_object_add(misc, RUN_VERDICT, json_object_new_string(word));
}

int run_record_check(struct json_object *summary, char *err, int errlen)
{
	struct json_object *tests = json_get(summary, "tests");

	if (!tests || !json_object_is_type(tests, json_type_array))
		return error_set(err, errlen, "\"tests\" is not an array");
	for (size_t i = 0; i < json_object_array_length(tests); i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *name = json_str(t, "name"), *v = run_test_verdict_name(t);

		if (!name)
			return error_set(err, errlen, "tests[%zu]: no name", i);
		if (!v)
			return error_set(err, errlen, "tests[%zu] (%s): no verdict", i, name);
		if (verdict_from_name(v) == V_NR)
			return error_set(err, errlen, "tests[%zu] (%s): verdict '%s' is not a verdict", i, name, v);
	}
	return 0;
}

int run_record_of(struct json_object *summary, struct run_record *r, char *err, int errlen)
{
	struct json_object *tests;

	memset(r, 0, sizeof(*r));
	if (run_record_check(summary, err, errlen))
		return -1;
	r->summary = json_object_get(summary);
	tests = json_get(summary, "tests");
	r->nr_tests = json_object_array_length(tests);
	r->tests = xcalloc(r->nr_tests + 1, sizeof(*r->tests));
	for (int i = 0; i < r->nr_tests; i++) {
		struct run_test *t = &r->tests[i];

		t->json = json_object_array_get_idx(tests, i);
		t->name = json_str(t->json, "name");
		t->v = run_test_verdict(t->json);
		t->title = json_str(t->json, "title");
		t->reason = json_str(t->json, "reason");
	}
	return 0;
}

struct json_object *run_record_json(const char *dir, const char *name)
{
	char *path = name ? xasprintf("%s/%s", dir, name) : xstrdup(dir);
	struct json_object *o = file_exists(path) ? json_object_from_file(path) : NULL;

	free(path);
	if (o && !json_object_is_type(o, json_type_object)) {
		json_object_put(o);
		o = NULL;
	}
	return o;
}

int run_record_load(const char *dir, struct run_record *r, char *err, int errlen)
{
	size_t len = strlen(dir);
	char *base = len > 13 && !strcmp(dir + len - 13, "/summary.json") ? strndup(dir, len - 13) : xstrdup(dir);
	char *summary = xasprintf("%s/summary.json", base), *manifest = xasprintf("%s/manifest.json", base);
	struct json_object *o = NULL;
	char why[256] = "";
	int rc = 0;

	memset(r, 0, sizeof(*r));
	if (!file_exists(summary)) {
		rc = error_set(err, errlen, "%s: not a run directory (no summary.json)", base);
		goto out;
	}
	o = json_object_from_file(summary);
	if (!o || !json_get(o, "tests") || run_record_of(o, r, why, sizeof(why))) {
		rc = error_set(err, errlen, "%s: not a pmemfi summary.json%s%s", summary, why[0] ? ": " : "", why);
		goto out;
	}
	r->manifest = file_exists(manifest) ? json_object_from_file(manifest) : NULL;
	r->dir = base;
	base = NULL;
out:
	json_object_put(o);
	free(base);
	free(summary);
	free(manifest);
	return rc;
}

const struct run_test *run_record_find(const struct run_record *r, const char *name)
{
	for (int i = 0; r && name && i < r->nr_tests; i++)
		if (!strcmp(r->tests[i].name, name))
			return &r->tests[i];
	return NULL;
}

void run_record_free(struct run_record *r)
{
	free(r->dir);
	json_object_put(r->summary);
	json_object_put(r->manifest);
	free(r->tests);
	memset(r, 0, sizeof(*r));
}

char *run_record_text(struct json_object *summary)
{
	return xasprintf("%s\n", json_object_to_json_string_ext(summary, JSON_C_TO_STRING_PRETTY |
								  JSON_C_TO_STRING_NOSLASHESCAPE));
}

int run_record_write(const char *path, struct json_object *summary)
{
	char *s = run_record_text(summary);
	int rc = write_file(path, s, strlen(s));

	free(s);
	return rc;
}
