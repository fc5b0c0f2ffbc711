// SPDX-License-Identifier: GPL-2.0
#include "results/compare.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "results/run_record.h"
#include "verdict/verdict.h"

const char *compare_what(struct json_object *t)
{
	const char *s = json_str(t, "title");

	if (!s)
		s = json_str(t, "reason");
	return s ? s : "";
}

static struct json_object *tests_of(struct json_object *summary)
{
	return json_array(summary, "tests");
}

static void add(struct change **v, int *n, int *alloc, enum change_kind k, const char *name,
		struct json_object *ta, struct json_object *tb)
{
	struct change *c;

	GROW(*v, *n, *alloc);
	c = &(*v)[(*n)++];
	c->kind = k;
	c->name = name;
	c->verdict_a = run_test_verdict(ta);
	c->verdict_b = run_test_verdict(tb);
	c->what_a = ta ? compare_what(ta) : "";
	c->what_b = tb ? compare_what(tb) : "";
}

/* The kind of change from test @x (NULL: not in A) to @y, or -1 for none. */
static int classify(struct json_object *x, struct json_object *y)
{
	enum verdict vx = run_test_verdict(x), vy = run_test_verdict(y);
	const struct verdict_info *a = x ? verdict_info(vx) : NULL, *b = verdict_info(vy);
	int bad_a = a && (a->trouble || a->report), bad_b = b->trouble || b->report;

	if (b->trouble && !(a && a->trouble))
		return CH_NEW_FAILURE;
	if (!x)
		return CH_VERDICT;	/* a new test that is not trouble */
	/* A test the kernel cannot have (not applicable) is no coverage lost. */
	if (!b->ran && a->ran)
		return json_get(y, "applicable") && !json_object_get_boolean(json_get(y, "applicable")) ? CH_VERDICT
												   : CH_LOST;
	if (b->clean && bad_a)
		return CH_FIXED;
	if (bad_a && bad_b && (vx != vy || strcmp(compare_what(x), compare_what(y))))
		return CH_TITLE;
	if (vx != vy)
		return CH_VERDICT;
	return -1;
}

/* An unexplained report outside the tests of @summary titled @title (any such when NULL), or NULL. */
static struct json_object *unexplained_report(struct json_object *summary, const char *title)
{
	struct json_object *a = json_array(summary, "run_reports");

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *r = json_object_array_get_idx(a, i);
		const char *t = json_str(r, "title");

		if (t && !json_get(r, "known") && !json_get(r, "flake") && (!title || !strcmp(t, title)))
			return r;
	}
	return NULL;
}

/* @b's unexplained reports outside the tests whose title @a had no such report of, once each. */
static void new_reports(struct json_object *a, struct json_object *b, struct change **v, int *n, int *alloc)
{
	struct json_object *rb = json_array(b, "run_reports");

	for (size_t i = 0; rb && i < json_object_array_length(rb); i++) {
		struct json_object *r = json_object_array_get_idx(rb, i);
		const char *title = json_str(r, "title");
		struct change *c;

		if (unexplained_report(b, title) != r || unexplained_report(a, title))
			continue;	/* explained, a title already listed, or last night's too */
		GROW(*v, *n, *alloc);
		c = &(*v)[(*n)++];
		memset(c, 0, sizeof(*c));
		c->kind = CH_REPORT;
		c->verdict_a = c->verdict_b = V_NR;
		c->name = json_str_or(r, "where", "outside the tests");
		c->what_a = "";
		c->what_b = title;
	}
}

int compare_runs(struct json_object *a, struct json_object *b, struct change **out)
{
	struct json_object *ta = tests_of(a), *tb = tests_of(b);
	int n = 0, alloc = 0;

	*out = NULL;
	for (size_t i = 0; tb && i < json_object_array_length(tb); i++) {
		struct json_object *y = json_object_array_get_idx(tb, i), *x;
		const char *name = json_str(y, "name");
		int k;

		if (!name || !run_test_verdict_name(y))
			continue;
		x = json_find(ta, "name", name);
		k = classify(x, y);
		if (k >= 0)
			add(out, &n, &alloc, k, name, x, y);
	}
	for (size_t i = 0; ta && i < json_object_array_length(ta); i++) {
		struct json_object *x = json_object_array_get_idx(ta, i);
		const char *name = json_str(x, "name");

		if (name && !json_find(tb, "name", name))
			add(out, &n, &alloc, CH_GONE, name, x, NULL);
	}
	new_reports(a, b, out, &n, &alloc);
	return n;
}

int compare_regressed(const struct change *c)
{
	switch (c->kind) {
	case CH_NEW_FAILURE:
	case CH_LOST:
	case CH_GONE:
	case CH_REPORT:
		return 1;
	case CH_TITLE:
		/* A kernel report that was not there: a new bug where one was failing. */
		return verdict_info(c->verdict_b)->trouble && verdict_info(c->verdict_b)->report &&
		       strcmp(c->what_a, c->what_b);
	default:
		return 0;
	}
}

const char *compare_kind_name(enum change_kind k)
{
	static const char *const names[CH_NR] = { "new", "fixed", "lost", "title", RUN_VERDICT, "gone", "report" };

	return k < CH_NR ? names[k] : "?";
}

/* A change's verdict as printed: NULL for a run that lacks the test. */
static const char *name_of(enum verdict v)
{
	return v < V_NR ? verdict_name(v) : NULL;
}

static const char *shown(enum verdict v)
{
	return v < V_NR ? verdict_name(v) : "(not run)";
}

char *compare_incomplete(struct json_object *summary)
{
	const char *status = json_str(summary, "status");
	struct json_object *counts = NULL, *done = NULL, *total = NULL;

	if (status && !strcmp(status, "complete"))
		return NULL;
	json_object_object_get_ex(summary, "counts", &counts);
	if (counts && json_object_object_get_ex(counts, "done", &done) &&
	    json_object_object_get_ex(counts, "total", &total))
		return xasprintf("status %s: %d of %d tests ran", status ? status : "unknown",
				 json_object_get_int(done), json_object_get_int(total));
	return xasprintf("status %s", status ? status : "unknown");
}

void compare_print(FILE *f, const struct change *c, int n,
		   const char *(*note)(const struct change *c, void *arg), void *arg)
{
	static const char *const headings[CH_NR] = {
		"new failures", "fixed", "coverage lost (now skipped)", "changed failures",
		"changed verdicts", "no longer run", "new reports outside the tests",
	};
	int counts[CH_NR] = { 0 };

	for (int i = 0; i < n; i++)
		counts[c[i].kind]++;
	for (int k = 0; k < CH_NR; k++) {
		if (!counts[k])
			continue;
		fprintf(f, "%s (%d):\n", headings[k], counts[k]);
		for (int i = 0; i < n; i++) {
			const char *word = note ? note(&c[i], arg) : NULL;

			if (c[i].kind != k)
				continue;
			if (k == CH_REPORT) {
				fprintf(f, "  %s: %s\n", c[i].name, c[i].what_b);
				continue;
			}
			fprintf(f, "  %s: %s -> %s%s%s\n", c[i].name, shown(c[i].verdict_a), shown(c[i].verdict_b),
				word ? " " : "", word ? word : "");
			if (k == CH_TITLE || k == CH_VERDICT || k == CH_LOST)
				fprintf(f, "      was: %s\n      now: %s\n", c[i].what_a, c[i].what_b);
			else if (k == CH_NEW_FAILURE && *c[i].what_b)
				fprintf(f, "      %s\n", c[i].what_b);
		}
	}
	if (!n)
		fprintf(f, "no changes\n");
}

struct json_object *compare_change_json(const struct change *c)
{
	struct json_object *e = json_object_new_object();

	json_object_object_add(e, "change", json_object_new_string(compare_kind_name(c->kind)));
	json_object_object_add(e, "regression", json_object_new_boolean(compare_regressed(c)));
	json_object_object_add(e, "name", json_object_new_string(c->name));
	json_object_object_add(e, "a", name_of(c->verdict_a) ? json_object_new_string(name_of(c->verdict_a)) : NULL);
	json_object_object_add(e, "b", name_of(c->verdict_b) ? json_object_new_string(name_of(c->verdict_b)) : NULL);
	json_object_object_add(e, "was", json_object_new_string(c->what_a));
	json_object_object_add(e, "now", json_object_new_string(c->what_b));
	return e;
}
