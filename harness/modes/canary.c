// SPDX-License-Identifier: GPL-2.0
#include "modes/canary.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "verdict/verdict.h"
#include "results/run_record.h"

/* One alternative of a class A outcome: bug:FUNC, xfail:FUNC, xpass:A or pass:A. */
static int class_a_token_ok(const char *s, size_t len)
{
	const char *colon = memchr(s, ':', len);
	char *name;
	enum verdict e;
	const struct verdict_info *v;

	if (!colon || colon + 1 == s + len)
		return 0;
	name = xasprintf("%.*s", (int)(colon - s), s);
	e = verdict_from_name(name);
	free(name);
	v = e == V_NR ? NULL : verdict_info(e);
	if (v && v->clean)
		return s + len - colon == 2 && colon[1] == 'A';
	return v && v->report;
}

/* The class A part of an outcome: one or more tokens joined by '|', not pass:A alone. */
static int outcome_head_ok(const char *s)
{
	size_t head = strcspn(s, "+");

	if (head == 6 && !strncmp(s, "pass:A", 6))
		return 0;
	for (size_t i = 0, len; i < head; i += len + 1) {
		len = strcspn(s + i, "|+");
		if (!class_a_token_ok(s + i, len))
			return 0;
	}
	return head > 0 && s[head - 1] != '|';
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
			snprintf(err, errlen, "%s:%d: outcome '%s' is not clean, bug:FUNC, xfail:FUNC, xpass:A or several joined by |",
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
					int fragment = tok[0] == '@';

					if ((fragment ? c->nr_fragments : c->nr_patches) == CANARY_MAX_PATCHES ||
					    strchr(tok, '/') || !tok[fragment]) {
						snprintf(err, errlen, "%s:%d: bad patch list", path, lineno);
						rc = -1;
						break;
					}
					if (fragment)
						c->fragments[c->nr_fragments++] = xstrdup(tok + 1);
					else
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
		for (int j = 0; j < set->v[i].nr_fragments; j++)
			free(set->v[i].fragments[j]);
	}
	memset(set, 0, sizeof(*set));
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
static int is_bug(struct json_object *t)
{
	return verdict_info(run_test_verdict(t))->report;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The class A part of an outcome into @out: the distinct outcomes of the
 * class A cells, sorted and joined by '|': "bug:FUNC" or "xfail:FUNC" for
 * a cell whose report title ends "in FUNC", "xpass:A", and "pass:A" when
 * some but not all cells pass. Nothing when every cell passes. Returns
 * "other: ..." (caller frees) for a cell with any other verdict.
 */
static char *class_a_outcome(struct json_object *tests, struct strbuf *out)
{
	size_t n = json_object_array_length(tests);
	char **tok = xcalloc(n + 1, sizeof(*tok)), *why = NULL;
	const char *first = NULL;
	int nr = 0, same = 1, odd = 0;

	for (size_t i = 0; i < n && !why; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *name = json_str_or(t, "name", ""), *v = run_test_verdict_name(t);
		const char *in = strstr(json_str_or(t, "title", ""), " in ");
		char *one = NULL;
		int seen = 0;

		if (cell_class(name) != 'A')
			continue;
		v = v ? v : "";
		same &= !first || !strcmp(first, v);
		first = first ? first : v;
		if (is_bug(t) && !in)
			why = xasprintf("other: %s is a bug without a function in its title", name);
		else if (is_bug(t))
			one = xasprintf("%s:%s", v, in + 4);
		else if (verdict_info(run_test_verdict(t))->clean)
			one = xasprintf("%s:A", v);
		else
			odd = 1;
		for (int j = 0; one && j < nr && !seen; j++)
			seen = !strcmp(tok[j], one);
		if (one && !seen)
			tok[nr++] = one;
		else
			free(one);
	}
	if (!why && odd)
		why = same ? xasprintf("other: every class A cell is %s", first)
			   : xstrdup("other: class A cells have mixed verdicts");
	if (!why && !(nr == 1 && !strcmp(tok[0], "pass:A"))) {
		qsort(tok, nr, sizeof(*tok), cmp_str);
		for (int j = 0; j < nr; j++)
			strbuf_addf(out, "%s%s", j ? "|" : "", tok[j]);
	}
	for (int j = 0; j < nr; j++)
		free(tok[j]);
	free(tok);
	return why;
}

/*
 * "clean"; or the class A part (see class_a_outcome(): "bug:FUNC" when
 * every class A cell is a bug in FUNC, "xfail:FUNC" when a known issue
 * matched them all, "xpass:A" when every class A cell was expected to hit
 * a known issue and passed, several joined by '|' when the cells differ),
 * followed by "+VERDICT:CLASS" for another class whose cells all share one
 * non-pass verdict (e.g. "+fail:B"); or "other: ..." for anything less
 * regular.
 */
char *canary_outcome(struct json_object *tests, int run_reports)
{
	size_t n = json_object_array_length(tests);
	const char *classes = "BC";
	struct strbuf out = STRBUF_INIT;
	char *why = class_a_outcome(tests, &out);

	for (int k = 0; k < 3 && !why; k++) {
		char cls = k < 2 ? classes[k] : 0;
		const char *first = NULL;
		int cells = 0, same = 1;

		for (size_t i = 0; i < n; i++) {
			struct json_object *t = json_object_array_get_idx(tests, i);
			const char *name = json_str_or(t, "name", ""), *v = run_test_verdict_name(t);

			if (cell_class(name) != cls)
				continue;
			cells++;
			v = v ? v : "";
			if (!first)
				first = v;
			same &= !strcmp(first, v);
		}
		if (!cells || (same && verdict_from_name(first) == V_PASS))
			continue;
		if (!same)
			why = xasprintf("other: class %c cells have mixed verdicts", cls ? cls : '-');
		else if (!out.len)
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
		const char *title = json_str_or(json_object_array_get_idx(tests, i), "title", "");

		if (*title && !strstr(sb.buf, title))
			strbuf_addf(&sb, "%s%s", sb.len ? "; " : "", title);
	}
	if (!sb.len)
		strbuf_addstr(&sb, "-");
	return strbuf_detach(&sb);
}
