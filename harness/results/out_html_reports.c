// SPDX-License-Identifier: GPL-2.0
/*
 * index.html's kernel reports, one row per title: a crash that hits forty
 * cells, or a boot burst of the same few warnings in every VM, is one
 * finding with a count, not forty rows. Reports the tests own and reports
 * of the run (boot, between tests) are grouped apart, since only the
 * first decide verdicts. Then the known issues, only those that matched:
 * a list of every entry that did not apply hides the one that did.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "results/out_html.h"
#include "verdict/verdict.h"
#include "results/run_record.h"

/* The cells hit listed under a title at most; the count says the rest. */
#define GROUP_LIST_MAX	24

/* One title, and where it was seen: indices of cells, or of run_reports[]. */
struct group {
	struct json_object *rep;	/* its first report: type, signature, known */
	const char *title;
	int *at;
	int nr, alloc;
};

struct groups {
	struct group *v;
	int nr, alloc;
};

/* Count @at under @title (@rep's own when NULL), once per cell or run report. */
static void group_add(struct groups *gs, struct json_object *rep, const char *title, int at)
{
	struct group *g = NULL;

	if (!title)
		title = json_str_or(rep, "title", "(untitled report)");
	for (int i = 0; i < gs->nr && !g; i++)
		if (!strcmp(gs->v[i].title, title))
			g = &gs->v[i];
	if (!g) {
		GROW(gs->v, gs->nr + 1, gs->alloc);
		g = &gs->v[gs->nr++];
		memset(g, 0, sizeof(*g));
		g->rep = rep;
		g->title = title;
	}
	if (g->nr && g->at[g->nr - 1] == at)
		return;
	GROW(g->at, g->nr + 1, g->alloc);
	g->at[g->nr++] = at;
}

/*
 * Does the group need someone: a report no known issue explains (and, for
 * a run report, not a boot flake), or tests whose verdict is trouble?
 */
static int group_trouble(const struct group *g)
{
	if (run_test_verdict_name(g->rep))
		return verdict_info(run_test_verdict(g->rep))->trouble;
	return !json_str(g->rep, "known") && !json_str(g->rep, "flake");
}

/* Trouble first, then the most frequent; plan order among equals. */
static int group_cmp(const void *a, const void *b)
{
	const struct group *x = a, *y = b;
	int tx = group_trouble(x), ty = group_trouble(y);

	if (tx != ty)
		return ty - tx;
	if (x->nr != y->nr)
		return y->nr - x->nr;
	return x->at[0] - y->at[0];
}

static void groups_free(struct groups *gs)
{
	for (int i = 0; i < gs->nr; i++)
		free(gs->v[i].at);
	free(gs->v);
}

/* Title, type (a test's verdict), signature, known issue: the columns every group has. */
static void group_head(FILE *f, const struct group *g)
{
	const char *known = json_str(g->rep, "known");

	fprintf(f, "<tr class=\"%s\"><td class=\"n\">%d</td><td>", group_trouble(g) ? "trouble" : "ok",
		g->nr);
	html_esc_str(f, g->title);
	fputs("</td><td>", f);
	html_esc_str(f, json_str_or(g->rep, "type", run_test_verdict_name(g->rep)));
	fputs("</td><td class=\"sig\">", f);
	html_esc_str(f, json_str(g->rep, "signature"));
	fputs("</td><td>", f);
	html_esc_str(f, known);
	fputs("</td><td class=\"hits\">", f);
}

/*
 * A test's reports (an older summary has only the one that decided the
 * verdict), or with @reasons the tests that did not pass for another
 * reason, by reason: a counter check that fails everywhere is one row too.
 */
static void test_groups(struct groups *gs, const struct html_cell *v, int n, int reasons)
{
	for (int i = 0; i < n; i++) {
		struct json_object *reps = json_array(v[i].t, "reports");
		size_t nr = reps ? json_object_array_length(reps) : 0;
		int has = nr || json_str(v[i].t, "title");

		if (reasons && v[i].t && !has && !html_is_pass(v[i].t))
			group_add(gs, v[i].t, json_str_or(v[i].t, "reason", "(no reason given)"), i);
		if (reasons)
			continue;
		for (size_t r = 0; r < nr; r++)
			group_add(gs, json_object_array_get_idx(reps, r), NULL, i);
		if (!nr && has)
			group_add(gs, v[i].t, NULL, i);
	}
	if (gs->nr)
		qsort(gs->v, gs->nr, sizeof(*gs->v), group_cmp);
}

static const char table_head[] =
	"<table class=\"list groups\">\n<tr><th>n</th><th>title</th><th>%s</th><th>signature</th>"
	"<th>known issue</th><th>%s</th></tr>\n";

/* The cells each title hit, linked to their sections, the first to its report. */
static void write_test_groups(FILE *f, const struct html_cell *v, int n, int reasons)
{
	struct groups gs = { 0 };

	test_groups(&gs, v, n, reasons);
	if (gs.nr) {
		fputs(reasons ? "<h2 id=\"problems\">Not a plain pass, and no kernel report</h2>\n" :
		      "<h2 id=\"reports\">Kernel reports in tests</h2>\n", f);
		fprintf(f, table_head, reasons ? RUN_VERDICT : "type", "cells hit");
	}
	for (int i = 0; i < gs.nr; i++) {
		const struct group *g = &gs.v[i];

		group_head(f, g);
		if (!reasons) {
			html_link(f, json_str(v[g->at[0]].t, "report"), "report");
			fputs(":", f);
		}
		for (int k = 0; k < g->nr && k < GROUP_LIST_MAX; k++) {
			const struct html_cell *c = &v[g->at[k]];

			fprintf(f, " <a class=\"v-%s\" href=\"#t%d\">", html_verdict_class(c->t), c->idx);
			html_esc_str(f, c->name);
			fputs("</a>", f);
		}
		if (g->nr > GROUP_LIST_MAX)
			fprintf(f, " and %d more", g->nr - GROUP_LIST_MAX);
		fputs("</td></tr>\n", f);
	}
	if (gs.nr)
		fputs("</table>\n", f);
	groups_free(&gs);
}

/* Where a run report was: its report file, its console lines, and what became of it. */
static void run_report_hit(FILE *f, struct json_object *r)
{
	const char *where = json_str(r, "where");
	char *report = where ? xasprintf("reports/%s.txt", where) : NULL;
	char *console = xasprintf("console/vm-%02d.log", json_int(r, "vm", 0));
	char *lines = xasprintf("lines %d-%d", json_int(r, "start_line", 0), json_int(r, "end_line", 0));

	fputs("<span class=\"hit\">", f);
	html_link(f, report, where ? where : "?");
	fputs(" (", f);
	html_link(f, console, lines);
	if (json_str(r, "flake")) {
		fputs("; flake: ", f);
		html_esc_str(f, json_str(r, "flake"));
	}
	fputs(")</span> ", f);
	free(report);
	free(console);
	free(lines);
}

static void write_run_groups(FILE *f, struct json_object *summary)
{
	struct json_object *rr = json_array(summary, "run_reports");
	size_t nr = rr ? json_object_array_length(rr) : 0;
	struct groups gs = { 0 };

	for (size_t i = 0; i < nr; i++)
		group_add(&gs, json_object_array_get_idx(rr, i), NULL, i);
	if (!gs.nr)
		return;
	qsort(gs.v, gs.nr, sizeof(*gs.v), group_cmp);
	fputs("<h2 id=\"run-reports\">Kernel reports no test owns</h2>\n", f);
	fprintf(f, table_head, "type", "where");
	for (int i = 0; i < gs.nr; i++) {
		group_head(f, &gs.v[i]);
		for (int k = 0; k < gs.v[i].nr && k < GROUP_LIST_MAX; k++)
			run_report_hit(f, json_object_array_get_idx(rr, gs.v[i].at[k]));
		if (gs.v[i].nr > GROUP_LIST_MAX)
			fprintf(f, " and %d more", gs.v[i].nr - GROUP_LIST_MAX);
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
	groups_free(&gs);
}

void html_write_report_groups(FILE *f, struct json_object *summary, const struct html_cell *v,
			      int n)
{
	write_test_groups(f, v, n, 0);
	write_run_groups(f, summary);
	write_test_groups(f, v, n, 1);
}

/*
 * Did known issue @id decide @t: one of its reports carries @id, or its
 * reason says so (an excused failed check has no report to carry it, an
 * xpass only its reason), in known.c's words.
 */
static int decided_by(struct json_object *t, const char *id)
{
	struct json_object *reps = json_array(t, "reports");
	const char *reason = json_str_or(t, "reason", "");
	char *excused = xasprintf("(known issue %s)", id);
	char *xpass = xasprintf("known issue %s did not reproduce", id);
	int yes = strstr(reason, excused) || !strncmp(reason, xpass, strlen(xpass));

	for (size_t i = 0; !yes && reps && i < json_object_array_length(reps); i++) {
		const char *k = json_str(json_object_array_get_idx(reps, i), "known");

		yes = k && !strcmp(k, id);
	}
	free(excused);
	free(xpass);
	return yes;
}

/* The tallies of known issue @k, then the cells it decided, each linked. */
static void known_cells(FILE *f, struct json_object *k, const struct html_cell *v, int n)
{
	const char *id = json_str_or(k, "id", "");
	int nr = 0, shown = 0;

	fprintf(f, "<td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d</td>",
		json_int(k, "matched", 0), json_int(k, "xfail", 0), json_int(k, "xpass", 0));
	fputs("<td class=\"hits\">", f);
	for (int i = 0; i < n; i++) {
		if (!v[i].t || !decided_by(v[i].t, id) || nr++ >= GROUP_LIST_MAX)
			continue;
		fprintf(f, "<a class=\"v-%s\" href=\"#t%d\">", html_verdict_class(v[i].t), v[i].idx);
		html_esc_str(f, v[i].name);
		fputs("</a> ", f);
		shown++;
	}
	if (nr > shown)
		fprintf(f, "and %d more", nr - shown);
	fputs("</td>", f);
}

/* An entry that matched nothing and expected nothing here says nothing about this run. */
static int known_applied(struct json_object *k)
{
	return json_int(k, "matched", 0) > 0 || json_int(k, "xfail", 0) > 0 || json_int(k, "xpass", 0) > 0;
}

void html_write_known_issues(FILE *f, struct json_object *summary, const struct html_cell *v,
			     int n)
{
	struct json_object *known = json_array(summary, "known_issues");
	int any = 0;

	for (size_t i = 0; known && i < json_object_array_length(known); i++) {
		struct json_object *k = json_object_array_get_idx(known, i);
		struct json_object *flag = json_get(k, "intermittent");

		if (!known_applied(k))
			continue;
		if (!any++)
			fputs("<h2 id=\"known\">Known issues that matched</h2>\n<table class=\"list\">\n"
			      "<tr><th>id</th><th>reason</th><th>reports</th><th>xfail</th>"
			      "<th>xpass</th><th>cells</th><th>link</th></tr>\n", f);
		fputs("<tr><td>", f);
		html_esc_str(f, json_str(k, "id"));
		if (flag && json_object_get_boolean(flag))
			fputs(" <span class=\"tag\">intermittent</span>", f);
		/* Where the entry applies: what a reader checks before trusting the excuse. */
		if (json_str(k, "scope")) {
			fputs("<div class=\"sig\">", f);
			html_esc_str(f, json_str(k, "scope"));
			fputs("</div>", f);
		}
		fputs("</td><td>", f);
		html_esc_str(f, json_str(k, "reason"));
		fputs("</td>", f);
		known_cells(f, k, v, n);
		fputs("<td>", f);
		html_outside_link(f, json_str(k, "link"));
		fputs("</td></tr>\n", f);
	}
	if (any)
		fputs("</table>\n", f);
}
