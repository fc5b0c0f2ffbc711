/* SPDX-License-Identifier: GPL-2.0 */
/*
 * out_html.h - the parts of index.html (html_write() in out_html.c), shared
 * by its files and by nothing else:
 *
 *   out_html_esc.c      escaping untrusted text, links into the run
 *   out_html_grid.c     the verdict matrix: a panel per seed, a row per
 *                       namespace x injector, a column per pfn point
 *   out_html_reports.c  kernel reports grouped by title, known issues hit
 *   out_html_history.c  the earlier runs of the profile, a strip per cell
 *   out_html.c          the page: head, header, details and excerpts
 *
 * Every string from a summary is kernel or guest output: it goes through
 * html_esc_str() or html_link(), nothing else writes it.
 */
#ifndef PMEMFI_OUT_HTML_H
#define PMEMFI_OUT_HTML_H

#include <stdio.h>

struct json_object;
struct run_record;

/* One planned test, run or not, with where it sits on the grid. */
struct html_cell {
	const char *name;
	const char *ns;		/* its namespace (the profile's name), or NULL */
	struct json_object *t;	/* its result, NULL if it has not run */
	int idx;		/* plan index: the anchor of its section, #tIDX */
	/*
	 * Its place, split from the name (config/plan.h): @row is the name
	 * without point and seed, @point one of html_points, @seed the name's
	 * last component (the panel). A cell without a pfn point (layout,
	 * stress-*) has @point NULL and sits in the small grid: row, seed.
	 */
	char *row, *point, *seed;
	const char *action;	/* injector or walker: @row's last component */
};

/* The earlier runs of the same profile, newest first (out_html_history.c). */
struct html_history {
	struct run_record *runs;
	int nr;
};

/* Escape @n bytes of untrusted text for text and attributes. Returns bytes written. */
size_t html_esc(FILE *f, const char *s, size_t n);
/* A summary string: NULL as empty, a long one cut. */
void html_esc_str(FILE *f, const char *s);
/* May @p be an href, or be opened under the run directory? */
int html_safe_relpath(const char *p);
/* href="PATH", percent-encoded; @p must pass html_safe_relpath(). */
void html_href(FILE *f, const char *p);
/* <a href=PATH>TEXT</a>, or TEXT alone when PATH could point outside the run. */
void html_link(FILE *f, const char *path, const char *text);
/* An http(s) URL as a link, anything else as text. */
void html_outside_link(FILE *f, const char *url);

/* The verdict class ("pass", ..., "notrun") and the short code a grid cell shows. */
const char *html_verdict_class(struct json_object *t);
const char *html_verdict_code(const char *cls);
int html_is_pass(struct json_object *t);

/* The pfn points in column order (common/layout.h), NULL-terminated. */
extern const char *const html_points[];

/* The cells of @summary in plan order; free with html_cells_free(). */
struct html_cell *html_cells_build(struct json_object *summary, int *nr);
void html_cells_free(struct html_cell *v, int n);

/* The legend, the seed panels and the small grid of the cells off it. */
void html_write_grid(FILE *f, const struct html_cell *v, int n, const struct html_history *h);

/* Reports of the tests and of the run, one row per title; the known issues that matched. */
void html_write_report_groups(FILE *f, struct json_object *summary, const struct html_cell *v,
			      int n);
void html_write_known_issues(FILE *f, struct json_object *summary, const struct html_cell *v,
			     int n);

/*
 * The finished runs of @manifest's profile in the results directory that
 * holds run @dir, before it, at most HTML_HISTORY_RUNS. Empty when there
 * are none or the profile is not known. @h borrows them: they stay loaded
 * for the next page of the same run.
 */
#define HTML_HISTORY_RUNS	10
void html_history_load(struct html_history *h, const char *dir, struct json_object *manifest);
/* Cell @name's strip: its verdict in each earlier run, oldest first; nothing without history. */
void html_history_strip(FILE *f, const struct html_history *h, const char *name);
/* What the strip says, for the tooltip of cell @name, whose result is @t. */
void html_history_title(FILE *f, const struct html_history *h, const char *name,
			struct json_object *t);
/* Did cell @name both pass and fail over the earlier runs and this one (@t)? */
int html_history_flaky(const struct html_history *h, const char *name, struct json_object *t);

#endif
