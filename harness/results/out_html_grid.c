// SPDX-License-Identifier: GPL-2.0
/*
 * index.html's verdict matrix. A reader looks for a pattern (every A-first
 * pfn crashes, one injector fails everywhere), so the cells are laid out
 * the way the plan builds them (config/plan.h): a panel per seed, a row per
 * namespace x injector or walker, a column per pfn point in layout order.
 * The colour says the verdict; the cell's text is a short code, the full
 * verdict and reason are its tooltip, so no label is ever cut. Cells
 * without a pfn point (layout, stress-*) get a small grid of their own:
 * a row per namespace x kind, a column per seed.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "results/out_html.h"

const char *const html_points[] = {
	"A-first", "A-last", "B-first", "B-mid", "B-last", "C-first", "C-mid", "C-last",
	"C-huge", "C-mapped", "below", "above", NULL,
};

/* The panel of the nfit_test cells: their media is kernel memory, they have no seed. */
#define NFIT_PANEL	"nfit_test"

static int point_index(const char *s, size_t n)
{
	for (int i = 0; html_points[i]; i++)
		if (strlen(html_points[i]) == n && !strncmp(html_points[i], s, n))
			return i;
	return -1;
}

/*
 * Split @c->name from the right: <row>.<point>.<seed>, or <row>.<seed>
 * off the point grid, or nfit_test's <row>.<point> (config/plan.h).
 */
static void cell_place(struct html_cell *c)
{
	const char *name = c->name, *last = strrchr(name, '.'), *prev = NULL;
	const char *act;

	for (const char *p = name; last && p < last; p++)
		if (*p == '.')
			prev = p;
	if (last && !strncmp(name, NFIT_PANEL ".", strlen(NFIT_PANEL) + 1) &&
	    point_index(last + 1, strlen(last + 1)) >= 0) {
		c->row = xasprintf("%.*s", (int)(last - name), name);
		c->point = xstrdup(last + 1);
		c->seed = xstrdup(NFIT_PANEL);
	} else if (prev && point_index(prev + 1, last - prev - 1) >= 0) {
		c->row = xasprintf("%.*s", (int)(prev - name), name);
		c->point = xasprintf("%.*s", (int)(last - prev - 1), prev + 1);
		c->seed = xstrdup(last + 1);
	} else {
		c->row = last ? xasprintf("%.*s", (int)(last - name), name) : xstrdup(name);
		c->seed = xstrdup(last ? last + 1 : "");
	}
	act = strrchr(c->row, '.');
	c->action = act ? act + 1 : c->row;
}

static void cell_init(struct html_cell *c, int idx, const char *name, const char *ns,
		      struct json_object *t)
{
	c->idx = idx;
	c->name = name;
	c->ns = ns ? ns : json_str(t, "namespace");
	c->t = t;
	cell_place(c);
}

/* Planned tests in plan order, then any test the plan does not list (an older summary). */
struct html_cell *html_cells_build(struct json_object *summary, int *nr)
{
	struct json_object *planned = json_array(summary, "planned");
	struct json_object *tests = json_array(summary, "tests");
	size_t np = planned ? json_object_array_length(planned) : 0;
	size_t nt = tests ? json_object_array_length(tests) : 0;
	struct html_cell *v = xcalloc(np + nt + 1, sizeof(*v));
	int n = 0;

	for (size_t i = 0; i < np; i++) {
		struct json_object *p = json_object_array_get_idx(planned, i);
		const char *name = json_str(p, "name");

		if (!name)
			continue;
		cell_init(&v[n], n, name, json_str(p, "namespace"), json_find(tests, "name", name));
		n++;
	}
	for (size_t i = 0; i < nt; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *name = json_str(t, "name");

		if (!name || json_find(planned, "name", name))
			continue;
		cell_init(&v[n], n, name, NULL, t);
		n++;
	}
	*nr = n;
	return v;
}

void html_cells_free(struct html_cell *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].row);
		free(v[i].point);
		free(v[i].seed);
	}
	free(v);
}

/* Does @c belong to the panel @seed, on the point grid (@grid) or off it? */
static int in_panel(const struct html_cell *c, const char *seed, int grid)
{
	return !c->point == !grid && (!seed || !strcmp(c->seed, seed));
}

/* Distinct rows (@row) or seeds of the cells in_panel(@seed, @grid), in plan order. */
static int distinct(const struct html_cell *v, int n, const char *seed, int grid, int row,
		    const char ***out)
{
	const char **u = xcalloc(n + 1, sizeof(*u));
	int nu = 0;

	for (int i = 0; i < n; i++) {
		const char *s = row ? v[i].row : v[i].seed;
		int k;

		if (!in_panel(&v[i], seed, grid))
			continue;
		for (k = 0; k < nu && strcmp(u[k], s); k++)
			;
		if (k == nu)
			u[nu++] = s;
	}
	*out = u;
	return nu;
}

static const struct html_cell *find(const struct html_cell *v, int n, const char *seed,
				    const char *row, const char *point)
{
	for (int i = 0; i < n; i++)
		if (!strcmp(v[i].seed, seed) && !strcmp(v[i].row, row) &&
		    (point ? v[i].point && !strcmp(v[i].point, point) : !v[i].point))
			return &v[i];
	return NULL;
}

/* The first cell of @row in the panel: it names the row's namespace and action. */
static const struct html_cell *row_cell(const struct html_cell *v, int n, const char *seed,
					int grid, const char *row)
{
	for (int i = 0; i < n; i++)
		if (in_panel(&v[i], seed, grid) && !strcmp(v[i].row, row))
			return &v[i];
	return NULL;
}

static void write_cell(FILE *f, const struct html_cell *c, const struct html_history *h)
{
	const char *cls = html_verdict_class(c->t), *report = json_str(c->t, "report");
	int flaky = html_history_flaky(h, c->name, c->t);

	fprintf(f, "<td class=\"cell v-%s%s\" title=\"", cls, flaky ? " flaky" : "");
	html_esc_str(f, c->name);
	fprintf(f, ": %s", c->t ? cls : "not run");
	if (c->t && !html_is_pass(c->t) && json_str(c->t, "reason")) {
		fputs(": ", f);
		html_esc_str(f, json_str(c->t, "reason"));
	}
	html_history_title(f, h, c->name, c->t);
	fputs("\">", f);
	if (c->t)
		fprintf(f, "<a href=\"#t%d\">%s</a>", c->idx, html_verdict_code(cls));
	else
		fputs(html_verdict_code(cls), f);
	if (html_safe_relpath(report)) {
		fputs("<a class=\"rep\" title=\"kernel report\" ", f);
		html_href(f, report);
		fputs(">r</a>", f);
	}
	html_history_strip(f, h, c->name);
	fputs("</td>", f);
}

/* Which of html_points the panel's cells use, in column order. */
static int panel_columns(const struct html_cell *v, int n, const char *seed, const char **cols)
{
	int nc = 0;

	for (int p = 0; html_points[p]; p++)
		for (int i = 0; i < n; i++)
			if (in_panel(&v[i], seed, 1) && !strcmp(v[i].point, html_points[p])) {
				cols[nc++] = html_points[p];
				break;
			}
	return nc;
}

/* A namespace's heading row: its name from the profile and its part of the cell names. */
static void write_ns_row(FILE *f, const struct html_cell *c, int span)
{
	fprintf(f, "<tr class=\"ns\"><th colspan=\"%d\">", span);
	html_esc_str(f, c->ns ? c->ns : c->row);
	fputs(" <span class=\"pre\">", f);
	html_esc(f, c->row, c->action - c->row - (c->action > c->row));
	fputs("</span></th></tr>\n", f);
}

static void write_row(FILE *f, const struct html_cell *v, int n, const char *seed, const char *row,
		      const char **cols, int nc, const struct html_history *h)
{
	const struct html_cell *first = row_cell(v, n, seed, 1, row);

	fputs("<tr><th class=\"act\" title=\"", f);
	html_esc_str(f, row);
	fputs("\">", f);
	html_esc_str(f, first->action);
	fputs("</th>", f);
	for (int k = 0; k < nc; k++) {
		const struct html_cell *c = find(v, n, seed, row, cols[k]);

		if (c)
			write_cell(f, c, h);
		else
			fputs("<td class=\"none\"></td>", f);
	}
	fputs("</tr>\n", f);
}

/* Do rows @a and @b share their namespace (the part of the name before the action)? */
static int same_ns(const char *a, const char *b)
{
	const char *da = strrchr(a, '.'), *db = strrchr(b, '.');

	return da && db && da - a == db - b && !strncmp(a, b, da - a);
}

static void write_panel(FILE *f, const struct html_cell *v, int n, const char *seed,
			const struct html_history *h)
{
	const char *cols[sizeof(html_points) / sizeof(html_points[0])], **rows;
	int nc = panel_columns(v, n, seed, cols), nr = distinct(v, n, seed, 1, 1, &rows);
	char *done = xcalloc(nr + 1, 1);

	fputs("<section class=\"panel\">\n<h3>", f);
	if (strcmp(seed, NFIT_PANEL))
		fputs("seed ", f);
	html_esc_str(f, seed);
	fputs("</h3>\n<table class=\"matrix\">\n<tr><th></th>", f);
	for (int k = 0; k < nc; k++)
		fprintf(f, "<th class=\"pt\">%s</th>", cols[k]);
	fputs("</tr>\n", f);
	/* Rows by namespace, each namespace where its first cell is in the plan. */
	for (int r = 0; r < nr; r++) {
		if (done[r])
			continue;
		write_ns_row(f, row_cell(v, n, seed, 1, rows[r]), nc + 1);
		for (int q = r; q < nr; q++)
			if (!done[q] && same_ns(rows[r], rows[q])) {
				write_row(f, v, n, seed, rows[q], cols, nc, h);
				done[q] = 1;
			}
	}
	fputs("</table>\n</section>\n", f);
	free(done);
	free(rows);
}

/* The cells off the point grid: a row per namespace x kind, a column per seed. */
static void write_small_grid(FILE *f, const struct html_cell *v, int n,
			     const struct html_history *h)
{
	const char **rows, **seeds;
	int nr = distinct(v, n, NULL, 0, 1, &rows), ns = distinct(v, n, NULL, 0, 0, &seeds);

	if (nr) {
		fputs("<h3>Setup and stress</h3>\n<table class=\"matrix small\">\n<tr><th></th>", f);
		for (int s = 0; s < ns; s++) {
			fputs("<th class=\"pt\">", f);
			html_esc_str(f, seeds[s]);
			fputs("</th>", f);
		}
		fputs("</tr>\n", f);
	}
	for (int r = 0; r < nr; r++) {
		const struct html_cell *first = row_cell(v, n, NULL, 0, rows[r]);

		fputs("<tr><th class=\"row\" title=\"", f);
		html_esc_str(f, rows[r]);
		fputs("\">", f);
		html_esc_str(f, first->ns ? first->ns : "");
		fputs(" <span class=\"pre\">", f);
		html_esc_str(f, first->action);
		fputs("</span></th>", f);
		for (int s = 0; s < ns; s++) {
			const struct html_cell *c = find(v, n, seeds[s], rows[r], NULL);

			if (c)
				write_cell(f, c, h);
			else
				fputs("<td class=\"none\"></td>", f);
		}
		fputs("</tr>\n", f);
	}
	if (nr)
		fputs("</table>\n", f);
	free(rows);
	free(seeds);
}

static void write_legend(FILE *f, const struct html_history *h)
{
	static const char *const classes[] = {
		"pass", "xpass", "xfail", "fail", "bug", "timeout", "error", "skip", "notrun",
	};

	fputs("<p class=\"legend\">", f);
	for (size_t i = 0; i < sizeof(classes) / sizeof(classes[0]); i++)
		fprintf(f, "<span class=\"badge v-%s\">%s</span> %s ", classes[i],
			html_verdict_code(classes[i]), strcmp(classes[i], "notrun") ? classes[i] : "not run");
	fputs("· <b>r</b>: the kernel report · a cell opens its console lines below", f);
	if (h->nr)
		fprintf(f, " · the bar under a cell: its verdict in the last %d run%s of this profile, "
			"oldest left; a dotted outline: it both passed and failed", h->nr, h->nr > 1 ? "s" : "");
	fputs("</p>\n", f);
}

void html_write_grid(FILE *f, const struct html_cell *v, int n, const struct html_history *h)
{
	const char **seeds;
	int ns = distinct(v, n, NULL, 1, 0, &seeds);

	fputs("<h2 id=\"grid\">Tests</h2>\n", f);
	write_legend(f, h);
	for (int s = 0; s < ns; s++)
		write_panel(f, v, n, seeds[s], h);
	write_small_grid(f, v, n, h);
	free(seeds);
}
