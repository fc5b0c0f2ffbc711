// SPDX-License-Identifier: GPL-2.0
#include "canary.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static int outcome_head_ok(const char *s)
{
	const char *colon = strchr(s, ':');

	if (!strncmp(s, "xpass:A", 7))
		return !s[7] || s[7] == '+';
	return colon && colon[1] && colon[1] != '+' &&
	       (!strncmp(s, "bug:", 4) || !strncmp(s, "xfail:", 6));
}

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
		} else if (strcmp(w[2], "clean") && !outcome_head_ok(w[2])) {
			snprintf(err, errlen, "%s:%d: outcome '%s' is not clean, bug:FUNC, xfail:FUNC or xpass:A",
				 path, lineno, w[2]);
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

/* The class of a cell from its point: 'A', 'B', 'C', or 0 (layout, below, above). */
static char cell_class(const char *name)
{
	static const char *const points[] = { ".A-", ".B-", ".C-" };

	for (int i = 0; i < 3; i++)
		if (strstr(name, points[i]))
			return "ABC"[i];
	return 0;
}

/* A kernel report in a class A cell, known or not. */
static int is_bug(const char *v)
{
	return !strcmp(v, "bug") || !strcmp(v, "xfail");
}

/*
 * "clean"; or "bug:FUNC" when every class A cell is a bug in FUNC
 * ("xfail:FUNC" when a known issue matched them all, "xpass:A" when every
 * class A cell was expected to hit a known issue and passed), followed
 * by "+VERDICT:CLASS" for another class whose cells all share one non-pass
 * verdict (e.g. "+fail:B"); or "other: ..." for anything less regular.
 */
char *canary_outcome(struct json_object *tests, int run_reports)
{
	size_t n = json_object_array_length(tests);
	const char *classes = "ABC";
	struct strbuf out = STRBUF_INIT;
	char *why = NULL;

	for (int k = 0; k < 4 && !why; k++) {
		char cls = k < 3 ? classes[k] : 0;
		const char *first = NULL, *func = NULL;
		int cells = 0, same = 1;

		for (size_t i = 0; i < n; i++) {
			struct json_object *t = json_object_array_get_idx(tests, i);
			const char *name = get(t, "name"), *v = get(t, "verdict"), *in = strstr(get(t, "title"), " in ");

			if (cell_class(name) != cls)
				continue;
			cells++;
			if (!first)
				first = v;
			same &= !strcmp(first, v);
			if (cls == 'A' && is_bug(v)) {
				if (!in)
					why = xasprintf("other: %s is a bug without a function in its title", name);
				else if (func && strcmp(func, in + 4))
					why = xasprintf("other: class A bugs in %s and %s", func, in + 4);
				func = in ? in + 4 : func;
			}
		}
		if (why || !cells || (same && !strcmp(first, "pass")))
			continue;
		if (!same)
			why = xasprintf("other: class %c cells have mixed verdicts", cls ? cls : '-');
		else if (cls == 'A' && is_bug(first))
			strbuf_addf(&out, "%s:%s", first, func);
		else if (cls == 'A' && !strcmp(first, "xpass"))
			strbuf_addstr(&out, "xpass:A");
		else if (cls == 'A' || !out.len)
			why = xasprintf("other: every class %c cell is %s", cls ? cls : '-', first);
		else
			strbuf_addf(&out, "+%s:%c", first, cls ? cls : '-');
	}
	if (!why && run_reports)
		why = xasprintf("other: %d report%s outside the tests", run_reports, run_reports > 1 ? "s" : "");
	if (why) {
		strbuf_release(&out);
		return why;
	}
	return out.len ? strbuf_detach(&out) : (strbuf_release(&out), xstrdup("clean"));
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
