// SPDX-License-Identifier: GPL-2.0
/*
 * index.html: one self-contained page for a person looking at a run: the
 * header (kernel, profile, status, counts), known issues, reports no test
 * owns, the verdict grid (a row per test, a column per seed, planned tests
 * that have not run yet included), and per test its diagnosis and console
 * excerpt. The page is opened from CI artifact stores and mail, so it
 * fetches nothing: inline style, a few lines of inline script, links only
 * to files of the run directory and to known issues' URLs. Every string
 * from the summary and every console byte is kernel or guest output, so
 * all of it is escaped and reduced to printable UTF-8.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "results/outputs.h"
#include "lib/util.h"
#include "verdict/verdict.h"

/* Excerpt caps: a crash's oops is at its end, so the tail gets the most. */
#define EXCERPT_HEAD	50
#define EXCERPT_TAIL	150
#define LINE_MAX_BYTES	1024
/* Escaped excerpt bytes per page; the rest of the page is small. */
#define PAGE_EXCERPT_BYTES	(3u << 20)
/* Any one field of the summary (a reason, a title) shown at most this long. */
#define FIELD_MAX_BYTES	2048

/* One cell of the grid: a planned test, run or not. */
struct entry {
	const char *name;
	struct json_object *t;	/* the test's result, NULL if it has not run */
	char *seed, *row;
};

/* The console file last read, since consecutive tests share a VM's log. */
struct console_cache {
	char *path;
	struct strbuf text;
	size_t *line;		/* offset of each line in text */
	int nr_lines, alloc_lines;
	int failed;
};

struct page {
	FILE *f;
	const char *dir;
	size_t budget;		/* escaped excerpt bytes left */
	int omitted;		/* excerpts dropped for the budget */
	struct console_cache cc;
};

/*
 * Length of the printable UTF-8 sequence at @s (of @n bytes), or 0 when it
 * is malformed, overlong, a surrogate, a C1 control or a noncharacter:
 * anything a strict HTML parser would flag.
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned int cp;
	int len = out_utf8(s, n, &cp);

	if (!len || cp < 0xa0 || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return 0;
	return len;
}

/* Write @n bytes of untrusted text, escaped for text and attributes. Returns bytes written. */
static size_t esc(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		const char *e = NULL;
		size_t len;

		switch (p[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		}
		if (e) {
			fputs(e, f);
			out += strlen(e);
		} else if (p[i] == '\t' || (p[i] >= 0x20 && p[i] < 0x7f)) {
			fputc(p[i], f);
			out++;
		} else if (p[i] >= 0x80 && (len = utf8_len(p + i, n - i))) {
			fwrite(p + i, 1, len, f);
			out += len;
			i += len - 1;
		} else {
			fputc('?', f);
			out++;
		}
	}
	return out;
}

/* A summary string, NULL as empty, long ones cut. */
static void esc_str(FILE *f, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	esc(f, s ? s : "", n > FIELD_MAX_BYTES ? FIELD_MAX_BYTES : n);
	if (n > FIELD_MAX_BYTES)
		fputs("[…]", f);
}

/*
 * A path from the summary that may be an href or be opened under the run
 * directory: relative, inside it, and no scheme ("javascript:x/").
 */
static int safe_relpath(const char *p)
{
	const char *slash;

	if (!p || !*p || *p == '/' || strstr(p, ".."))
		return 0;
	slash = strchr(p, '/');
	return !memchr(p, ':', slash ? (size_t)(slash - p) : strlen(p));
}

/* href="PATH" with PATH percent-encoded; only called with safe_relpath() paths. */
static void put_href(FILE *f, const char *p)
{
	fputs("href=\"", f);
	for (const unsigned char *s = (const unsigned char *)p; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr("/._-~@+", *s))
			fputc(*s, f);
		else
			fprintf(f, "%%%02X", *s);
	}
	fputc('"', f);
}

/* <a href=PATH>TEXT</a>, or TEXT alone when PATH could point outside the run. */
static void put_link(FILE *f, const char *path, const char *text)
{
	if (!safe_relpath(path)) {
		esc_str(f, text);
		return;
	}
	fputs("<a ", f);
	put_href(f, path);
	fputc('>', f);
	esc_str(f, text);
	fputs("</a>", f);
}

static const char *verdict_class(const struct entry *e)
{
	const char *v = e->t ? json_str(e->t, "verdict") : NULL;

	if (!e->t)
		return "notrun";
	return verdict_name(verdict_from_name(v));
}

static int is_pass(const struct entry *e)
{
	return e->t && verdict_from_name(json_str(e->t, "verdict")) == V_PASS;
}

/* The seed (the test's own, else the name's last component) and the row key before it. */
static void entry_init(struct entry *e, const char *name, struct json_object *t)
{
	const char *seed = json_str(t, "seed"), *dot = strrchr(name, '.');
	size_t n = strlen(name), sn;

	e->name = name;
	e->t = t;
	if (!seed)
		seed = dot ? dot + 1 : "";
	sn = strlen(seed);
	e->seed = xstrdup(seed);
	if (sn < n && name[n - sn - 1] == '.' && !strcmp(name + n - sn, seed))
		e->row = xasprintf("%.*s", (int)(n - sn - 1), name);
	else
		e->row = xstrdup(name);
}

static int in_planned(struct json_object *planned, const char *name)
{
	for (size_t i = 0; planned && i < json_object_array_length(planned); i++) {
		const char *n = json_str(json_object_array_get_idx(planned, i), "name");

		if (n && !strcmp(n, name))
			return 1;
	}
	return 0;
}

/* Planned tests in plan order, then any test the plan does not list (an older summary). */
static struct entry *entries_build(struct json_object *summary, int *nr)
{
	struct json_object *planned = json_array(summary, "planned"), *tests = json_array(summary, "tests");
	size_t np = planned ? json_object_array_length(planned) : 0;
	size_t nt = tests ? json_object_array_length(tests) : 0;
	struct entry *v = xcalloc(np + nt + 1, sizeof(*v));
	int n = 0;

	for (size_t i = 0; i < np; i++) {
		const char *name = json_str(json_object_array_get_idx(planned, i), "name");

		if (name)
			entry_init(&v[n++], name, json_find(tests, "name", name));
	}
	for (size_t i = 0; i < nt; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *name = json_str(t, "name");

		if (name && !in_planned(planned, name))
			entry_init(&v[n++], name, t);
	}
	*nr = n;
	return v;
}

static void entries_free(struct entry *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].seed);
		free(v[i].row);
	}
	free(v);
}

static const char style[] =
	"body{font:14px/1.4 sans-serif;margin:1em 2em;color:#222}\n"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}\n"
	"table{border-collapse:collapse}td,th{padding:2px 6px;text-align:left;vertical-align:top}\n"
	".info th{font-weight:normal;color:#666;white-space:nowrap}\n"
	".list td,.list th{border-bottom:1px solid #ddd}\n"
	".grid td.cell{border:1px solid #fff;min-width:4.5em;text-align:center;font-size:12px}\n"
	".grid th.row{font-weight:normal;font-family:monospace;font-size:12px}\n"
	".grid a,.badge{color:inherit;text-decoration:none}\n"
	".grid a.rep{margin-left:.3em;font-size:10px;text-decoration:underline}\n"
	".badge{display:inline-block;padding:1px 6px;margin:1px;border-radius:3px}\n"
	".v-pass{background:#b7e1b0}.v-fail{background:#f28b82;color:#000}\n"
	".v-bug{background:#a50e0e;color:#fff}.v-xfail{background:#d7ccc8}\n"
	".v-xpass{background:#ffb74d}.v-skip{background:#e0e0e0;color:#555}\n"
	".v-timeout{background:#ce93d8}.v-error{background:#ff7043;color:#000}\n"
	".v-unknown{background:#fff59d}.v-notrun{background:#fafafa;color:#999;border:1px dashed #bbb!important}\n"
	"section.test{border-left:4px solid #ccc;padding:0 1em;margin:1em 0}\n"
	"section.test:target{border-color:#1a73e8;background:#f1f6fe}\n"
	"section.test h3{font:bold 13px monospace;margin:.5em 0}\n"
	"pre{background:#f6f6f6;padding:.5em;overflow-x:auto;font-size:12px;white-space:pre}\n"
	".note{color:#a15c00}\n";

static void write_head(FILE *f, struct json_object *manifest)
{
	struct json_object *kernel = NULL, *profile = NULL;

	if (manifest) {
		json_object_object_get_ex(manifest, "kernel", &kernel);
		json_object_object_get_ex(manifest, "profile", &profile);
	}
	fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n", f);
	/* The browser enforces what this file promises: no fetch leaves the page. */
	fputs("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
	      "style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:\">\n", f);
	/* No favicon request either. */
	fputs("<link rel=\"icon\" href=\"data:,\">\n<title>pmemfi: ", f);
	esc_str(f, json_str(kernel, "id"));
	fputs(" ", f);
	esc_str(f, json_str(profile, "name"));
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

static void info_row(FILE *f, const char *label, const char *value)
{
	if (!value)
		return;
	fprintf(f, "<tr><th>%s</th><td>", label);
	esc_str(f, value);
	fputs("</td></tr>\n", f);
}

static void write_counts(FILE *f, struct json_object *summary)
{
	struct json_object *counts;

	if (!json_object_object_get_ex(summary, "counts", &counts) ||
	    !json_object_is_type(counts, json_type_object))
		return;
	fputs("<p class=\"counts\">", f);
	json_object_object_foreach(counts, key, val) {
		int known = verdict_from_name(key) != V_NR;

		fprintf(f, "<span class=\"badge%s%s\">", known ? " v-" : "", known ? key : "");
		esc_str(f, key);
		fprintf(f, " %d</span> ", json_object_get_int(val));
	}
	fputs("</p>\n", f);
}

static void write_header(FILE *f, struct json_object *summary, struct json_object *manifest)
{
	struct json_object *kernel = NULL, *profile = NULL, *qemu = NULL;
	const char *status = json_str(manifest, "status");

	if (manifest) {
		json_object_object_get_ex(manifest, "kernel", &kernel);
		json_object_object_get_ex(manifest, "profile", &profile);
		json_object_object_get_ex(manifest, "qemu", &qemu);
	}
	fputs("<h1>pmemfi: ", f);
	esc_str(f, json_str(kernel, "id") ? json_str(kernel, "id") : "unknown kernel");
	fputs("</h1>\n<table class=\"info\">\n", f);
	info_row(f, "status", status ? status : json_str(summary, "status"));
	info_row(f, "status reason", json_str(summary, "status_reason"));
	info_row(f, "kernel release", json_str(kernel, "release"));
	info_row(f, "kernel version", json_str(kernel, "version"));
	info_row(f, "sanitizers", json_str(kernel, "sanitizers"));
	info_row(f, "profile", json_str(profile, "name"));
	info_row(f, "QEMU", json_str(qemu, "version"));
	info_row(f, "pmemfi", json_str(manifest, "pmemfi"));
	info_row(f, "written", json_str(manifest, "written"));
	fputs("</table>\n", f);
	write_counts(f, summary);
}

/* Links are the one place an outside URL appears, and only as <a>, never fetched. */
static void write_known_issues(FILE *f, struct json_object *summary)
{
	struct json_object *known = json_array(summary, "known_issues");
	static const char *const tallies[] = { "matched", "xfail", "xpass" };

	if (!known || !json_object_array_length(known))
		return;
	fputs("<h2 id=\"known\">Known issues</h2>\n<table class=\"list\">\n", f);
	fputs("<tr><th>id</th><th>reason</th><th>matched</th><th>link</th></tr>\n", f);
	for (size_t i = 0; i < json_object_array_length(known); i++) {
		struct json_object *k = json_object_array_get_idx(known, i);
		const char *link = json_str(k, "link");

		fputs("<tr><td>", f);
		esc_str(f, json_str(k, "id"));
		fputs("</td><td>", f);
		esc_str(f, json_str(k, "reason"));
		fputs("</td><td>", f);
		for (size_t j = 0; j < sizeof(tallies) / sizeof(tallies[0]); j++)
			if (json_int(k, tallies[j], -1) >= 0)
				fprintf(f, "%s %d ", tallies[j], json_int(k, tallies[j], 0));
		fputs("</td><td>", f);
		if (link && (!strncmp(link, "https://", 8) || !strncmp(link, "http://", 7))) {
			fputs("<a rel=\"noreferrer\" href=\"", f);
			esc_str(f, link);
			fputs("\">", f);
			esc_str(f, link);
			fputs("</a>", f);
		} else {
			esc_str(f, link);
		}
		fputs("</td></tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void write_run_reports(FILE *f, struct json_object *summary)
{
	struct json_object *rr = json_array(summary, "run_reports");

	if (!rr || !json_object_array_length(rr))
		return;
	fputs("<h2 id=\"run-reports\">Reports no test owns</h2>\n<table class=\"list\">\n", f);
	fputs("<tr><th>title</th><th>type</th><th>where</th><th>console</th><th>signature</th></tr>\n", f);
	for (size_t i = 0; i < json_object_array_length(rr); i++) {
		struct json_object *r = json_object_array_get_idx(rr, i);
		const char *where = json_str(r, "where");
		char *report = where ? xasprintf("reports/%s.txt", where) : NULL;
		char *console = xasprintf("console/vm-%02d.log", json_int(r, "vm", 0));
		char *lines = xasprintf("vm-%02d.log lines %d-%d", json_int(r, "vm", 0),
					json_int(r, "start_line", 0), json_int(r, "end_line", 0));

		fputs("<tr><td>", f);
		put_link(f, report, json_str(r, "title"));
		fputs("</td><td>", f);
		esc_str(f, json_str(r, "type"));
		fputs("</td><td>", f);
		esc_str(f, where);
		fputs("</td><td>", f);
		put_link(f, console, lines);
		fputs("</td><td>", f);
		esc_str(f, json_str(r, "signature"));
		fputs("</td></tr>\n", f);
		free(report);
		free(console);
		free(lines);
	}
	fputs("</table>\n", f);
}

/* Distinct row keys (@row) or seeds of @v, in plan order. Returns how many. */
static int distinct(struct entry *v, int n, int row, const char ***out)
{
	const char **u = xcalloc(n + 1, sizeof(*u));
	int nu = 0;

	for (int i = 0; i < n; i++) {
		const char *s = row ? v[i].row : v[i].seed;
		int k;

		for (k = 0; k < nu && strcmp(u[k], s); k++)
			;
		if (k == nu)
			u[nu++] = s;
	}
	*out = u;
	return nu;
}

static void write_cell(FILE *f, const struct entry *e, int idx)
{
	const char *cls = verdict_class(e), *report = json_str(e->t, "report");

	fprintf(f, "<td class=\"cell v-%s\" title=\"", cls);
	esc_str(f, e->name);
	if (e->t && !is_pass(e) && json_str(e->t, "reason")) {
		fputs(": ", f);
		esc_str(f, json_str(e->t, "reason"));
	}
	fputs("\">", f);
	if (!e->t) {
		fputs("not run</td>", f);
		return;
	}
	fprintf(f, "<a href=\"#t%d\">%s</a>", idx, cls);
	if (safe_relpath(report)) {
		fputs("<a class=\"rep\" title=\"report\" ", f);
		put_href(f, report);
		fputs(">r</a>", f);
	}
	fputs("</td>", f);
}

static void write_grid(FILE *f, struct entry *v, int n)
{
	const char **rows, **seeds;
	int nr = distinct(v, n, 1, &rows), ns = distinct(v, n, 0, &seeds);

	fputs("<h2 id=\"grid\">Tests</h2>\n<table class=\"grid\">\n<tr><th>test \\ seed</th>", f);
	for (int s = 0; s < ns; s++) {
		fputs("<th>", f);
		esc_str(f, seeds[s]);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (int r = 0; r < nr; r++) {
		fputs("<tr><th class=\"row\">", f);
		esc_str(f, rows[r]);
		fputs("</th>", f);
		for (int s = 0; s < ns; s++) {
			int i;

			for (i = 0; i < n && (strcmp(v[i].row, rows[r]) || strcmp(v[i].seed, seeds[s])); i++)
				;
			if (i < n)
				write_cell(f, &v[i], i);
			else
				fputs("<td></td>", f);
		}
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
	free(rows);
	free(seeds);
}

static void write_problems(FILE *f, struct entry *v, int n)
{
	int any = 0;

	for (int i = 0; i < n; i++) {
		if (!v[i].t || is_pass(&v[i]))
			continue;
		if (!any++)
			fputs("<h2 id=\"problems\">Not passed</h2>\n<table class=\"list\">\n"
			      "<tr><th>test</th><th>verdict</th><th>reason</th><th>type</th>"
			      "<th>signature</th></tr>\n", f);
		fprintf(f, "<tr><td><a href=\"#t%d\">", i);
		esc_str(f, v[i].name);
		fprintf(f, "</a></td><td><span class=\"badge v-%s\">%s</span></td><td>",
			verdict_class(&v[i]), verdict_class(&v[i]));
		esc_str(f, json_str(v[i].t, "reason") ? json_str(v[i].t, "reason") : json_str(v[i].t, "title"));
		fputs("</td><td>", f);
		esc_str(f, json_str(v[i].t, "type"));
		fputs("</td><td>", f);
		esc_str(f, json_str(v[i].t, "signature"));
		fputs("</td></tr>\n", f);
	}
	if (any)
		fputs("</table>\n", f);
}

/* Load @rel (relative to the run) into the cache unless it is there already. */
static int console_load(struct page *pg, const char *rel)
{
	struct console_cache *cc = &pg->cc;
	char *path;

	if (cc->path && !strcmp(cc->path, rel))
		return cc->failed ? -1 : 0;
	free(cc->path);
	free(cc->line);
	strbuf_release(&cc->text);
	cc->path = xstrdup(rel);
	cc->line = NULL;
	cc->nr_lines = cc->alloc_lines = 0;
	path = xasprintf("%s/%s", pg->dir, rel);
	cc->failed = read_file(path, &cc->text) != 0;
	free(path);
	if (cc->failed)
		return -1;
	for (size_t off = 0; off < cc->text.len;) {
		const char *nl = memchr(cc->text.buf + off, '\n', cc->text.len - off);

		GROW(cc->line, cc->nr_lines, cc->alloc_lines);
		cc->line[cc->nr_lines++] = off;
		off = nl ? (size_t)(nl - cc->text.buf) + 1 : cc->text.len;
	}
	return 0;
}

static void console_free(struct console_cache *cc)
{
	free(cc->path);
	free(cc->line);
	strbuf_release(&cc->text);
}

/* Line @ln (1-based) of the cached console, without its newline or a trailing CR. */
static size_t console_line(struct console_cache *cc, int ln, const char **s)
{
	size_t end = ln < cc->nr_lines ? cc->line[ln] : cc->text.len;

	*s = cc->text.buf + cc->line[ln - 1];
	end -= cc->line[ln - 1];
	if (end && (*s)[end - 1] == '\n')
		end--;
	if (end && (*s)[end - 1] == '\r')
		end--;
	return end;
}

static void excerpt_lines(struct page *pg, int from, int to)
{
	for (int ln = from; ln <= to; ln++) {
		const char *s;
		size_t n = console_line(&pg->cc, ln, &s), w;

		w = esc(pg->f, s, n > LINE_MAX_BYTES ? LINE_MAX_BYTES : n);
		if (n > LINE_MAX_BYTES)
			w += fprintf(pg->f, "[… %zu more bytes]", n - LINE_MAX_BYTES);
		fputc('\n', pg->f);
		w++;
		pg->budget = w < pg->budget ? pg->budget - w : 0;
	}
}

/* The test's console lines, head and tail when long, within the page's budget. */
static void write_excerpt(struct page *pg, struct json_object *t, int open)
{
	const char *rel = json_str(t, "console");
	int begin = json_int(t, "console_begin", 0), end = json_int(t, "console_end", 0);

	if (!safe_relpath(rel) || begin < 1 || end < begin)
		return;
	if (console_load(pg, rel) || begin > pg->cc.nr_lines) {
		fputs("<p class=\"note\">console excerpt unavailable: cannot read ", pg->f);
		esc_str(pg->f, rel);
		fputs("</p>\n", pg->f);
		return;
	}
	if (end > pg->cc.nr_lines)
		end = pg->cc.nr_lines;
	if (!pg->budget) {
		pg->omitted++;
		fputs("<p class=\"note\">console excerpt omitted: the page's excerpt size cap is reached</p>\n",
		      pg->f);
		return;
	}
	fprintf(pg->f, "<details%s><summary>console excerpt: lines %d-%d</summary>\n<pre>",
		open ? " open" : "", begin, end);
	if (end - begin + 1 > EXCERPT_HEAD + EXCERPT_TAIL) {
		excerpt_lines(pg, begin, begin + EXCERPT_HEAD - 1);
		fprintf(pg->f, "[… %d lines omitted …]\n", end - begin + 1 - EXCERPT_HEAD - EXCERPT_TAIL);
		excerpt_lines(pg, end - EXCERPT_TAIL + 1, end);
	} else {
		excerpt_lines(pg, begin, end);
	}
	fputs("</pre></details>\n", pg->f);
}

static void detail_row(FILE *f, const char *label, const char *value)
{
	if (!value)
		return;
	fprintf(f, "<tr><th>%s</th><td>", label);
	esc_str(f, value);
	fputs("</td></tr>\n", f);
}

static void write_section(struct page *pg, const struct entry *e, int idx)
{
	FILE *f = pg->f;
	const char *cls = verdict_class(e), *console = json_str(e->t, "console");
	char *ktap = xasprintf("tests/%s.ktap", e->name);

	fprintf(f, "<section class=\"test\" id=\"t%d\">\n<h3><span class=\"badge v-%s\">%s</span> ",
		idx, cls, cls);
	esc_str(f, e->name);
	fputs("</h3>\n<table class=\"info\">\n", f);
	detail_row(f, "reason", json_str(e->t, "reason"));
	detail_row(f, "title", json_str(e->t, "title"));
	detail_row(f, "type", json_str(e->t, "type"));
	detail_row(f, "signature", json_str(e->t, "signature"));
	detail_row(f, "outcome", json_str(e->t, "outcome"));
	fputs("<tr><th>files</th><td>", f);
	if (json_str(e->t, "report")) {
		put_link(f, json_str(e->t, "report"), "report");
		fputs(" · ", f);
	}
	if (console) {
		put_link(f, console, console);
		fputs(" · ", f);
	}
	put_link(f, ktap, "guest KTAP");
	fputs("</td></tr>\n</table>\n", f);
	write_excerpt(pg, e->t, !is_pass(e));
	fputs("</section>\n", f);
	free(ktap);
}

/* Problems first, so a capped page still shows what went wrong. */
static void write_sections(struct page *pg, struct entry *v, int n)
{
	fputs("<h2 id=\"details\">Details</h2>\n", pg->f);
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++)
			if (v[i].t && is_pass(&v[i]) == pass)
				write_section(pg, &v[i], i);
	if (pg->omitted)
		fprintf(pg->f, "<p class=\"note\">%d console excerpts omitted to keep this page under "
			"%u MiB; the full logs are in console/.</p>\n", pg->omitted, PAGE_EXCERPT_BYTES >> 20);
}

/* A link to a closed excerpt opens it. */
static const char script[] =
	"<script>\n"
	"function openTarget() {\n"
	"\tvar e = location.hash && document.getElementById(location.hash.slice(1));\n"
	"\tvar d = e && e.querySelector('details');\n"
	"\tif (d)\n\t\td.open = true;\n"
	"}\n"
	"window.addEventListener('hashchange', openTarget);\n"
	"openTarget();\n"
	"</script>\n";

int html_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest)
{
	struct page pg = { .f = f, .dir = dir, .budget = PAGE_EXCERPT_BYTES, .cc.text = STRBUF_INIT };
	struct entry *v;
	int n;

	if (!summary)
		return -1;
	v = entries_build(summary, &n);
	write_head(f, manifest);
	write_header(f, summary, manifest);
	write_known_issues(f, summary);
	write_run_reports(f, summary);
	write_grid(f, v, n);
	write_problems(f, v, n);
	write_sections(&pg, v, n);
	fprintf(f, "%s</body>\n</html>\n", script);
	console_free(&pg.cc);
	entries_free(v, n);
	return ferror(f) ? -1 : 0;
}
