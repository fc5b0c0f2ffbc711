// SPDX-License-Identifier: GPL-2.0
/*
 * index.html: one self-contained page for a person looking at a run: the
 * header (kernel, profile, status, counts), the verdict matrix
 * (out_html_grid.c), kernel reports grouped by title and the known issues
 * that matched (out_html_reports.c), and per test its diagnosis and
 * console excerpt, which the matrix's cells link to. The page is opened
 * from CI artifact stores and mail, so it fetches nothing: inline style,
 * a few lines of inline script (the page works without it), links only
 * to files of the run directory and to known issues' URLs. Every string
 * from the summary and every console byte is kernel or guest output, so
 * all of it goes through out_html_esc.c.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "results/out_html.h"
#include "results/outputs.h"
#include "results/rerun.h"
#include "verdict/verdict.h"

/* Excerpt caps: a crash's oops is at its end, so the tail gets the most. */
#define EXCERPT_HEAD	50
#define EXCERPT_TAIL	150
#define LINE_MAX_BYTES	1024
/* Escaped excerpt bytes per page; the rest of the page is small. */
#define PAGE_EXCERPT_BYTES	(3u << 20)
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
	struct json_object *manifest;
	size_t budget;		/* escaped excerpt bytes left */
	int omitted;		/* excerpts dropped for the budget */
	struct console_cache cc;
};

/* Colours are the verdicts': the grid, the legend, badges and hit lists share them. */
static const char style[] =
	"body{font:14px/1.4 sans-serif;margin:1em 2em;color:#222}\n"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.5em}h3{font-size:1em;margin:.8em 0 .3em}\n"
	"table{border-collapse:collapse}td,th{padding:2px 6px;text-align:left;vertical-align:top}\n"
	".info th{font-weight:normal;color:#666;white-space:nowrap}\n"
	".list td,.list th{border-bottom:1px solid #ddd}\n"
	".badge{display:inline-block;padding:1px 6px;margin:1px;border-radius:3px;min-width:1.6em;text-align:center}\n"
	".legend{font-size:12px;color:#444}.zero{opacity:.4}\n"
	"section.panel{display:inline-block;vertical-align:top;margin:0 2em 1em 0}\n"
	".matrix{border-collapse:separate;border-spacing:2px}\n"
	".matrix th.pt{font:11px monospace;text-align:center;color:#444;padding:0 2px;white-space:nowrap}\n"
	".matrix tr.ns th{font-size:13px;padding:.6em 2px 1px;border-bottom:1px solid #ccc}\n"
	".matrix .pre{font:11px monospace;color:#888}\n"
	".matrix th.act,.matrix th.row{font:12px monospace;text-align:right;padding:0 .5em 0 1em;white-space:nowrap}\n"
	".matrix td{padding:0}\n"
	"td.cell{min-width:3.4em;text-align:center;font-size:11px;border-radius:2px;padding:1px 2px}\n"
	"td.cell a{color:inherit;text-decoration:none}\n"
	"td.cell a.rep{margin-left:.3em;font-size:9px;text-decoration:underline}\n"
	"td.flaky{outline:2px dotted #6a1b9a;outline-offset:-2px}\n"
	/* On a white bar: a past pass under a pass cell must still show. */
	".hist{display:flex;gap:1px;height:4px;margin:2px -1px 0;padding:1px;background:#fff}"
	".hist i{flex:1;min-width:2px}\n"
	".hist i.v-none{background:#eee}\n"
	".hits a{display:inline-block;font:11px monospace;padding:0 3px;margin:1px;border-radius:2px;"
	"color:#000;text-decoration:none}.hits a.v-bug{color:#fff}\n"
	".groups td.n{text-align:right;font-weight:bold}.groups tr.trouble td.n{color:#a50e0e}\n"
	".sig{font:11px monospace;color:#666}.hit{white-space:nowrap;font-size:12px}\n"
	".tag{background:#fff3cd;padding:0 4px;border-radius:3px;font-size:11px}\n"
	".v-pass{background:#b7e1b0}.v-fail{background:#f28b82;color:#000}\n"
	".v-bug{background:#a50e0e;color:#fff}.v-xfail{background:#d7ccc8}\n"
	".v-xpass{background:#ffb74d}.v-skip{background:#e0e0e0;color:#555}\n"
	".v-timeout{background:#ce93d8}.v-error{background:#ff7043;color:#000}\n"
	".v-unknown{background:#fff59d}.v-notrun{background:#fafafa;color:#999;box-shadow:inset 0 0 0 1px #bbb}\n"
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
	html_esc_str(f, json_str(kernel, "id"));
	fputs(" ", f);
	html_esc_str(f, json_str(profile, "name"));
	fprintf(f, "</title>\n<style>\n%s</style>\n</head>\n<body>\n", style);
}

static void info_row(FILE *f, const char *label, const char *value)
{
	if (!value)
		return;
	fprintf(f, "<tr><th>%s</th><td>", label);
	html_esc_str(f, value);
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

		/* A zero is there to be read, not seen. */
		fprintf(f, "<span class=\"badge%s%s%s\">", known ? " v-" : "", known ? key : "",
			json_object_get_int(val) ? "" : " zero");
		html_esc_str(f, key);
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
	html_esc_str(f, json_str(kernel, "id") ? json_str(kernel, "id") : "unknown kernel");
	fputs("</h1>\n<table class=\"info\">\n", f);
	info_row(f, "status", status ? status : json_str(summary, "status"));
	info_row(f, "status reason", json_str(summary, "status_reason"));
	info_row(f, "kernel release", json_str(kernel, "release"));
	info_row(f, "kernel version", json_str(kernel, "version"));
	info_row(f, "sanitizers", json_str(kernel, "sanitizers"));
	info_row(f, "profile", json_str(profile, "name"));
	info_row(f, "QEMU", json_str(qemu, "version"));
	info_row(f, "kernel config", json_str(kernel, "config_file"));
	info_row(f, "stacks", json_str(kernel, "symbols"));
	info_row(f, "pmemfi", json_str(manifest, "pmemfi"));
	info_row(f, "written", json_str(manifest, "written"));
	fputs("</table>\n", f);
	write_counts(f, summary);
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

		w = html_esc(pg->f, s, n > LINE_MAX_BYTES ? LINE_MAX_BYTES : n);
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

	if (!html_safe_relpath(rel) || begin < 1 || end < begin)
		return;
	if (console_load(pg, rel) || begin > pg->cc.nr_lines) {
		fputs("<p class=\"note\">console excerpt unavailable: cannot read ", pg->f);
		html_esc_str(pg->f, rel);
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

/* A failed cell's rerun and repro commands (rerun.h), as info rows. */
static void write_commands(struct page *pg, struct json_object *t)
{
	char *rerun, *repro;

	if (!rerun_failed(t))
		return;
	rerun = rerun_command(pg->manifest, t);
	repro = rerun_repro_command(pg->dir, t);
	fputs("<tr><th>rerun</th><td><code>", pg->f);
	html_esc_str(pg->f, rerun ? rerun : "(the manifest has no rerun options: an older run)");
	fputs("</code></td></tr>\n<tr><th>reproducer</th><td><code>", pg->f);
	html_esc_str(pg->f, repro);
	fputs("</code></td></tr>\n", pg->f);
	free(rerun);
	free(repro);
}

/* The headline report's stack as decoded to file:line (results.h), or why it is not. */
static void write_stack(struct page *pg, struct json_object *t)
{
	const char *rel = json_str(t, "report");
	char *path;
	struct strbuf f = STRBUF_INIT;
	struct out_stack st;
	size_t off, len;

	if (!html_safe_relpath(rel))
		return;
	path = xasprintf("%s/%s", pg->dir, rel);
	if (!read_file(path, &f)) {
		out_report_block(&f, NULL, &off, &len);
		out_report_stack(&f, off, len, &st);
		if (st.decoded_len) {
			const char *l = f.buf + st.decoded, *end = l + st.decoded_len;

			fputs("<details open><summary>stack, decoded to file:line</summary>\n<pre>", pg->f);
			/* Line by line: html_esc() escapes a newline as the control character it is. */
			while (l < end) {
				const char *nl = memchr(l, '\n', end - l);
				size_t n = nl ? (size_t)(nl - l) : (size_t)(end - l), w = html_esc(pg->f, l, n) + 1;

				fputc('\n', pg->f);
				pg->budget = w < pg->budget ? pg->budget - w : 0;
				l += n + 1;
			}
			fputs("</pre></details>\n", pg->f);
		} else if (st.note_len) {
			fputs("<p class=\"note\">stack ", pg->f);
			html_esc(pg->f, f.buf + st.note, st.note_len);
			fputs("</p>\n", pg->f);
		}
	}
	strbuf_release(&f);
	free(path);
}

static void write_section(struct page *pg, const struct html_cell *c)
{
	FILE *f = pg->f;
	const char *cls = html_verdict_class(c->t), *console = json_str(c->t, "console");
	char *ktap = xasprintf("tests/%s.ktap", c->name);

	fprintf(f, "<section class=\"test\" id=\"t%d\">\n<h3><span class=\"badge v-%s\">%s</span> ",
		c->idx, cls, cls);
	html_esc_str(f, c->name);
	fputs("</h3>\n<table class=\"info\">\n", f);
	info_row(f, "reason", json_str(c->t, "reason"));
	info_row(f, "title", json_str(c->t, "title"));
	info_row(f, "type", json_str(c->t, "type"));
	info_row(f, "signature", json_str(c->t, "signature"));
	info_row(f, "outcome", json_str(c->t, "outcome"));
	fputs("<tr><th>files</th><td>", f);
	if (json_str(c->t, "report")) {
		html_link(f, json_str(c->t, "report"), "report");
		fputs(" · ", f);
	}
	if (console) {
		html_link(f, console, console);
		fputs(" · ", f);
	}
	html_link(f, ktap, "guest KTAP");
	fputs("</td></tr>\n", f);
	write_commands(pg, c->t);
	fputs("</table>\n", f);
	write_stack(pg, c->t);
	write_excerpt(pg, c->t, !html_is_pass(c->t));
	fputs("</section>\n", f);
	free(ktap);
}

/* Problems first, so a capped page still shows what went wrong. */
static void write_sections(struct page *pg, const struct html_cell *v, int n)
{
	fputs("<h2 id=\"details\">Details</h2>\n", pg->f);
	for (int pass = 0; pass < 2; pass++)
		for (int i = 0; i < n; i++)
			if (v[i].t && html_is_pass(v[i].t) == pass)
				write_section(pg, &v[i]);
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
	struct page pg = { .f = f, .dir = dir, .manifest = manifest, .budget = PAGE_EXCERPT_BYTES,
			   .cc.text = STRBUF_INIT };
	struct html_history h;
	struct html_cell *v;
	int n;

	if (!summary)
		return -1;
	v = html_cells_build(summary, &n);
	html_history_load(&h, dir, manifest);
	write_head(f, manifest);
	write_header(f, summary, manifest);
	html_write_grid(f, v, n, &h);
	html_write_report_groups(f, summary, v, n);
	html_write_known_issues(f, summary, v, n);
	write_sections(&pg, v, n);
	fprintf(f, "%s</body>\n</html>\n", script);
	console_free(&pg.cc);
	html_cells_free(v, n);
	return ferror(f) ? -1 : 0;
}
