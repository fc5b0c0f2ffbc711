// SPDX-License-Identifier: GPL-2.0
#include "canary.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

int canary_load(struct canary_set *set, const char *path, char *err, int errlen)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *next;
	int lineno = 0, rc = read_file(path, &sb);

	memset(set, 0, sizeof(*set));
	if (rc) {
		snprintf(err, errlen, "%s: %s", path, strerror(-rc));
		strbuf_release(&sb);
		return -1;
	}
	for (line = sb.buf; line && !rc; line = next) {
		char *w[4], *save = NULL, *tok;
		int n = 0;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		if (strchr(line, '#'))
			*strchr(line, '#') = '\0';
		for (tok = strtok_r(line, " \t", &save); tok && n < 4; tok = strtok_r(NULL, " \t", &save))
			w[n++] = tok;
		if (!n)
			continue;
		if (n != 3) {
			snprintf(err, errlen, "%s:%d: want 'name patches expected-outcome'", path, lineno);
			rc = -1;
		} else if (strcmp(w[2], "clean") && (strncmp(w[2], "bug:", 4) || !w[2][4])) {
			snprintf(err, errlen, "%s:%d: outcome '%s' is not clean or bug:FUNC", path, lineno, w[2]);
			rc = -1;
		} else if (set->nr == CANARY_MAX) {
			snprintf(err, errlen, "%s:%d: more than %d canaries", path, lineno, CANARY_MAX);
			rc = -1;
		} else {
			struct canary *c = &set->v[set->nr++];

			c->name = xstrdup(w[0]);
			c->expected = xstrdup(w[2]);
			if (strcmp(w[1], "-"))
				for (tok = strtok_r(w[1], ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
					if (c->nr_patches == CANARY_MAX_PATCHES || strchr(tok, '/')) {
						snprintf(err, errlen, "%s:%d: bad patch list", path, lineno);
						rc = -1;
						break;
					}
					c->patches[c->nr_patches++] = xstrdup(tok);
				}
		}
	}
	strbuf_release(&sb);
	if (!rc && !set->nr) {
		snprintf(err, errlen, "%s: no canaries", path);
		rc = -1;
	}
	if (rc)
		canary_free(set);
	return rc;
}

void canary_free(struct canary_set *set)
{
	for (int i = 0; i < set->nr; i++) {
		free(set->v[i].name);
		free(set->v[i].expected);
		for (int j = 0; j < set->v[i].nr_patches; j++)
			free(set->v[i].patches[j]);
	}
	memset(set, 0, sizeof(*set));
}

static const char *get(struct json_object *o, const char *key)
{
	struct json_object *v;

	return json_object_object_get_ex(o, key, &v) ? json_object_get_string(v) : "";
}

/* Class A cells are named ...<injector>.A-first.<seed> / A-last. */
static int is_class_a(const char *name)
{
	return strstr(name, ".A-first.") || strstr(name, ".A-last.");
}

char *canary_outcome(struct json_object *tests, int run_reports)
{
	size_t n = json_object_array_length(tests);
	char *func = NULL, *why = NULL;
	int bugs = 0;

	for (size_t i = 0; i < n && !why; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *name = get(t, "name"), *v = get(t, "verdict"), *title = get(t, "title");
		const char *in = strstr(title, " in ");

		if (!is_class_a(name)) {
			if (strcmp(v, "pass"))
				why = xasprintf("other: %s is %s", name, v);
			continue;
		}
		if (!strcmp(v, "pass"))
			continue;
		if (strcmp(v, "bug") || !in) {
			why = xasprintf("other: %s is %s", name, v);
			continue;
		}
		bugs++;
		if (!func)
			func = xstrdup(in + 4);
		else if (strcmp(func, in + 4))
			why = xasprintf("other: class A bugs in %s and %s", func, in + 4);
	}
	if (!why && run_reports)
		why = xasprintf("other: %d report%s outside the tests", run_reports, run_reports > 1 ? "s" : "");
	if (!why && bugs) {
		/* Every class A cell must be a bug, not just some. */
		int a = 0;

		for (size_t i = 0; i < n; i++)
			a += !!is_class_a(get(json_object_array_get_idx(tests, i), "name"));
		why = bugs == a ? xasprintf("bug:%s", func) : xasprintf("other: %d of %d class A cells are bugs", bugs, a);
	}
	free(func);
	return why ? why : xstrdup("clean");
}

char *canary_titles(struct json_object *tests)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = json_object_array_length(tests);

	for (size_t i = 0; i < n; i++) {
		const char *title = get(json_object_array_get_idx(tests, i), "title");

		if (*title && !strstr(sb.buf, title))
			strbuf_addf(&sb, "%s%s", sb.len ? "; " : "", title);
	}
	if (!sb.len)
		strbuf_addstr(&sb, "-");
	return strbuf_detach(&sb);
}
