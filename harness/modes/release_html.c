// SPDX-License-Identifier: GPL-2.0
/*
 * release.html: the release's verdict for a person to look at, one page
 * that fetches nothing (inline style, no script), like a run's index.html.
 * Titles and reasons are kernel and guest output: every string is escaped
 * and reduced to printable UTF-8. Links go only to the runs' own pages,
 * inside the release directory.
 */
#include "modes/release_page.h"

#include <string.h>

#include "results/outputs.h"

static const char style[] =
	"body{font:14px/1.4 sans-serif;margin:1.5em;color:#222}"
	"h1{font-size:1.6em;padding:.4em .6em;border-radius:4px;color:#fff}"
	"h1.ok{background:#2e7d32}h1.no{background:#c62828}h1.inc{background:#757575}"
	"table{border-collapse:collapse;margin:.5em 0 1.2em}"
	"td,th{border:1px solid #ccc;padding:2px 8px;text-align:left;vertical-align:top}"
	"th{background:#f0f0f0}td.n{text-align:right}td.runs{white-space:nowrap}code{font-size:13px}"
	".stable-pass{background:#c8e6c9}.stable-known{background:#fff3c4}"
	".stable-fail{background:#ffcdd2}.stable-skip{background:#e0e0e0}"
	".flaky{background:#ffab91}.flaky-known{background:#ffe0b2}"
	".new-failure,.new-flake,.lost,.gone{background:#ffcdd2}.fixed{background:#c8e6c9}";

/* Text for element content and attribute values: entities, printable UTF-8, '?' for the rest. */
static void h(FILE *f, const char *s)
{
	static const char *const ent[128] = {
		['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
	};
	const unsigned char *p = (const unsigned char *)(s ? s : "");
	size_t left = strlen((const char *)p);

	while (left) {
		int len = *p < 0x80 ? 1 : out_utf8(p, left, NULL);

		if (*p < 0x80 && ent[*p])
			fputs(ent[*p], f);
		else if ((*p >= 0x20 && *p < 0x7f) || len > 1)
			fwrite(p, 1, len, f);
		else
			fputc('?', f);
		len = len ? len : 1;
		p += len;
		left -= len;
	}
}

static void td(FILE *f, const char *cls, const char *s)
{
	fprintf(f, "<td%s%s%s>", cls ? " class=\"" : "", cls ? cls : "", cls ? "\"" : "");
	h(f, s);
	fputs("</td>", f);
}

static void kernels(FILE *f, const struct release_page *p)
{
	fputs("<h2>Kernels</h2><table><tr><th>kernel</th><th>id</th><th>sanitizers</th><th>cells</th>"
	      "<th>repeats</th><th>runs</th>", f);
	for (int c = 0; c < RC_NR; c++)
		fprintf(f, "<th class=\"%s\">%s</th>", release_class_name(c), release_class_name(c));
	fputs("</tr>\n", f);
	for (int i = 0; i < p->nr; i++) {
		const struct rel_kernel_info *in = &p->info[i];

		fputs("<tr>", f);
		td(f, NULL, p->k[i].label);
		td(f, NULL, in->id ? in->id : "?");
		td(f, NULL, in->sanitizers ? in->sanitizers : "?");
		fprintf(f, "<td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"runs\">", p->k[i].nr_cells,
			p->k[i].repeats);
		if (in->error)
			h(f, in->error);
		for (int r = 0; r < in->nr_runs; r++) {
			if (in->runs[r].dir) {
				fputs("<a href=\"", f);
				h(f, in->runs[r].dir);
				fprintf(f, "/index.html\">r%d</a> ", r + 1);
			}
			fprintf(f, "exit %d, %.0f s<br>", in->runs[r].exit, in->runs[r].seconds);
		}
		fputs("</td>", f);
		for (int c = 0; c < RC_NR; c++)
			fprintf(f, "<td class=\"n\">%d</td>", release_count(&p->k[i], c));
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

static void changes(FILE *f, const struct release_page *p)
{
	fprintf(f, "<h2>%s (%d)</h2>\n", p->baseline ? "Changes against the baseline" : "What disqualifies",
		p->v->nr_changes);
	if (!p->v->nr_changes) {
		fputs("<p>none</p>\n", f);
		return;
	}
	fputs("<table><tr><th>change</th><th>kernel</th><th>cell</th><th>was</th><th>now</th></tr>\n", f);
	for (int i = 0; i < p->v->nr_changes; i++) {
		const struct rel_change *c = &p->v->changes[i];

		fputs("<tr>", f);
		td(f, release_change_name(c->kind), release_change_name(c->kind));
		td(f, NULL, c->kernel);
		td(f, NULL, c->cell ? c->cell : "outside the tests");
		td(f, NULL, c->was ? c->was : "-");
		td(f, NULL, c->now ? c->now : "-");
		fputs("</tr>\n", f);
	}
	fputs("</table>\n", f);
}

/* The finding-by-kernel table: a row per finding, a column per kernel. */
static const char *const finding_class[RF_NR] = {
	[RF_REPRODUCES] = "stable-fail", [RF_FIXED] = "fixed", [RF_CLEAN] = "stable-pass",
	[RF_NOT_RUN] = "stable-skip", [RF_NA] = "stable-skip",
};

static void findings(FILE *f, const struct release_page *p)
{
	struct rel_finding *v;
	int n = release_findings(p->k, p->nr, &v);

	if (!n)
		return;
	fputs("<h2>Findings by kernel</h2><table><tr><th>finding</th><th>known issues</th>", f);
	for (int i = 0; i < p->nr; i++) {
		fputs("<th>", f);
		h(f, p->k[i].label);
		fputs("</th>", f);
	}
	fputs("</tr>\n", f);
	for (int r = 0; r < n; r++) {
		struct strbuf ids = STRBUF_INIT;

		for (int j = 0; j < v[r].ids.nr; j++)
			strbuf_addf(&ids, "%s%s", j ? " " : "", v[r].ids.v[j]);
		fprintf(f, "<tr><td class=\"n\">%d</td>", v[r].finding);
		td(f, NULL, ids.buf);
		for (int i = 0; i < p->nr; i++)
			td(f, finding_class[v[r].state[i]], release_finding_state_name(v[r].state[i]));
		fputs("</tr>\n", f);
		strbuf_release(&ids);
	}
	fputs("</table>\n", f);
	release_findings_free(v, n);
}

static void known(FILE *f, const struct release_page *p)
{
	int n = 0;

	for (int i = 0; i < p->nr; i++)
		n += p->k[i].nr_known;
	if (!n) {
		fputs("<h2>Known issues hit</h2><p>none</p>\n", f);
		return;
	}
	fputs("<h2>Known issues hit</h2><table><tr><th>kernel</th><th>known issue</th><th>xfail</th>"
	      "<th>xpass</th><th>repeats</th></tr>\n", f);
	for (int i = 0; i < p->nr; i++) {
		for (int j = 0; j < p->k[i].nr_known; j++) {
			const struct rel_known *k = &p->k[i].known[j];

			fputs("<tr>", f);
			td(f, NULL, p->k[i].label);
			td(f, NULL, k->id);
			fprintf(f, "<td class=\"n\">%d</td><td class=\"n\">%d</td><td class=\"n\">%d:%d</td></tr>\n",
				k->xfail, k->xpass, k->runs, p->k[i].repeats);
		}
	}
	fputs("</table>\n", f);
}

static void signatures(FILE *f, const struct release_page *p)
{
	fputs("<h2>Signatures</h2><p>fail:runs = the repeats it appeared in : the kernel's repeats.</p>"
	      "<table><tr><th>kernel</th><th>signature</th><th>fail:runs</th><th>cells it hit</th></tr>\n", f);
	for (int i = 0; i < p->nr; i++) {
		for (int j = 0; j < p->k[i].sigs.nr; j++) {
			const struct rel_sig *s = &p->k[i].sigs.v[j];

			fputs("<tr>", f);
			td(f, NULL, p->k[i].label);
			fputs("<td><code>", f);
			h(f, s->text);
			fprintf(f, "</code></td><td class=\"n\">%d:%d</td><td>%d cell%s:", s->fails, p->k[i].repeats,
				s->cells.nr, s->cells.nr == 1 ? "" : "s");
			for (int c = 0; c < s->cells.nr; c++) {
				fputs(c ? ", " : " ", f);
				h(f, s->cells.v[c]);
			}
			fputs("</td></tr>\n", f);
		}
	}
	fputs("</table>\n", f);
}

static const char cell_head[] = "<table><tr><th>kernel</th><th>cell</th><th>class</th>"
	"<th>verdict per repeat</th><th>failure rate, 95%</th><th>signatures (fail:runs)</th></tr>\n";

static void cell_row(FILE *f, const char *label, const struct rel_cell *c)
{
	struct wilson w = release_cell_rate(c);

	fputs("<tr>", f);
	td(f, NULL, label);
	td(f, NULL, c->name);
	td(f, release_class_name(c->cls), release_class_name(c->cls));
	fputs("<td>", f);
	for (int r = 0; r < c->verdicts.nr; r++) {
		h(f, c->verdicts.v[r]);
		fputc(' ', f);
	}
	fprintf(f, "</td><td>[%.3f, %.3f]</td><td>", w.lo, w.hi);
	for (int s = 0; s < c->sigs.nr; s++) {
		h(f, c->sigs.v[s].text);
		fprintf(f, " (%d:%d)<br>", c->sigs.v[s].fails, c->runs);
	}
	fputs("</td></tr>\n", f);
}

static void flaky(FILE *f, const struct release_page *p)
{
	int n = 0;

	for (int i = 0; i < p->nr; i++)
		n += release_count(&p->k[i], RC_FLAKY) + release_count(&p->k[i], RC_FLAKY_KNOWN);
	fprintf(f, "<h2>Flaky cells (%d)</h2>\n", n);
	if (!n) {
		fputs("<p>none</p>\n", f);
		return;
	}
	fputs(cell_head, f);
	for (int i = 0; i < p->nr; i++)
		for (int j = 0; j < p->k[i].nr_cells; j++)
			if (p->k[i].cells[j].cls == RC_FLAKY || p->k[i].cells[j].cls == RC_FLAKY_KNOWN)
				cell_row(f, p->k[i].label, &p->k[i].cells[j]);
	fputs("</table>\n", f);
}

/* Every cell of every kernel, a table each. */
static void cells(FILE *f, const struct release_page *p)
{
	fputs("<h2>Cells</h2>\n", f);
	for (int i = 0; i < p->nr; i++) {
		fputs("<details open><summary>", f);
		h(f, p->k[i].label);
		fprintf(f, ": %d cells, %d stable-pass</summary>%s", p->k[i].nr_cells,
			release_count(&p->k[i], RC_STABLE_PASS), cell_head);
		for (int j = 0; j < p->k[i].nr_cells; j++)
			cell_row(f, p->k[i].label, &p->k[i].cells[j]);
		fputs("</table></details>\n", f);
	}
}

static void heading(FILE *f, const struct release_page *p)
{
	const char *word = release_page_word(p);

	fputs("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>pmemfi release: ", f);
	h(f, word);
	fprintf(f, "</title><style>%s</style></head><body>\n", style);
	fprintf(f, "<h1 class=\"%s\">pmemfi release: ", !strcmp(word, "QUALIFIED") ? "ok" :
		!strcmp(word, "INCOMPLETE") ? "inc" : "no");
	h(f, word);
	for (int i = 0; i < p->v->reasons.nr; i++) {
		fputs(i ? ", " : ": ", f);
		h(f, p->v->reasons.v[i]);
	}
	fputs("</h1>\n<p>Profile <b>", f);
	h(f, p->profile);
	fputs("</b>", f);
	if (p->tests) {
		fputs(" (--tests <code>", f);
		h(f, p->tests);
		fputs("</code>)", f);
	}
	fprintf(f, ", %d repeats asked, status %s, wall time %.0f s. Baseline: ", p->repeat, p->status, p->wall);
	h(f, p->baseline ? p->baseline : "none (known issues excused; any other failure or flake disqualifies)");
	fputs(".</p>\n", f);
}

void release_page_html(FILE *f, const struct release_page *p)
{
	const struct release_verdict *v = p->v;

	heading(f, p);
	if (v->clean_cells)
		fprintf(f, "<p><b>Confidence:</b> %d cells were clean in all of their (at least %d) repeats: "
			"each one's failure rate is below %.1f%% at 95%% (Wilson upper bound of 0 of %d); pooled "
			"over their %d clean runs, the mean failure rate is below %.1f%%.</p>\n", v->clean_cells,
			v->min_clean_runs, 100 * v->cell_upper, v->min_clean_runs, v->clean_runs,
			100 * v->pooled_upper);
	kernels(f, p);
	changes(f, p);
	findings(f, p);
	known(f, p);
	flaky(f, p);
	signatures(f, p);
	cells(f, p);
	fputs("</body></html>\n", f);
}
