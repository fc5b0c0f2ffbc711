// SPDX-License-Identifier: GPL-2.0
#include "compare.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const char *get(struct json_object *o, const char *key)
{
	struct json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : NULL;
}

static int good(const char *v)
{
	return v && (!strcmp(v, "pass") || !strcmp(v, "xpass") || !strcmp(v, "skip"));
}

static int has_report(const char *v)
{
	return !strcmp(v, "bug") || !strcmp(v, "xfail");
}

static const char *what(struct json_object *t)
{
	const char *s = get(t, "title");

	if (!s)
		s = get(t, "reason");
	return s ? s : "";
}

static struct json_object *tests_of(struct json_object *summary)
{
	struct json_object *t;

	return json_object_object_get_ex(summary, "tests", &t) &&
	       json_object_is_type(t, json_type_array) ? t : NULL;
}

static struct json_object *find(struct json_object *tests, const char *name)
{
	for (size_t i = 0; tests && i < json_object_array_length(tests); i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *n = get(t, "name");

		if (n && !strcmp(n, name))
			return t;
	}
	return NULL;
}

static void add(struct change **v, int *n, enum change_kind k, const char *name,
		struct json_object *ta, struct json_object *tb)
{
	struct change *c;

	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	c = &(*v)[(*n)++];
	c->kind = k;
	c->name = name;
	c->verdict_a = get(ta, "verdict");
	c->verdict_b = get(tb, "verdict");
	c->what_a = ta ? what(ta) : "";
	c->what_b = tb ? what(tb) : "";
}

int compare_runs(struct json_object *a, struct json_object *b, struct change **out)
{
	struct json_object *ta = tests_of(a), *tb = tests_of(b);
	int n = 0;

	*out = NULL;
	for (size_t i = 0; tb && i < json_object_array_length(tb); i++) {
		struct json_object *y = json_object_array_get_idx(tb, i);
		const char *name = get(y, "name"), *vy = get(y, "verdict"), *vx;
		struct json_object *x;

		if (!name || !vy)
			continue;
		x = find(ta, name);
		vx = get(x, "verdict");
		if (good(vy)) {
			if (vx && !good(vx))
				add(out, &n, CH_FIXED, name, x, y);
		} else if (!vx || good(vx)) {
			add(out, &n, CH_NEW_FAILURE, name, x, y);
		} else if (strcmp(vx, vy) && !(has_report(vx) && has_report(vy))) {
			add(out, &n, CH_VERDICT, name, x, y);
		} else if (has_report(vx) && has_report(vy) && strcmp(what(x), what(y))) {
			add(out, &n, CH_TITLE, name, x, y);
		}
	}
	for (size_t i = 0; ta && i < json_object_array_length(ta); i++) {
		struct json_object *x = json_object_array_get_idx(ta, i);
		const char *name = get(x, "name");

		if (name && !find(tb, name))
			add(out, &n, CH_GONE, name, x, NULL);
	}
	return n;
}

const char *compare_kind_name(enum change_kind k)
{
	static const char *const names[CH_NR] = { "new", "fixed", "title", "verdict", "gone" };

	return k < CH_NR ? names[k] : "?";
}
