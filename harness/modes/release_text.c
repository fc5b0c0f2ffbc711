// SPDX-License-Identifier: GPL-2.0
/* The release's verdict as text (stdout, release.txt) and as release.json. */
#include "modes/release_page.h"
#include "results/run_record.h"

#include <json-c/json.h>
#include <string.h>

/* How many cell names a signature line shows before "+N more". */
#define SIG_CELLS_SHOWN 3

const char *release_page_word(const struct release_page *p)
{
	if (strcmp(p->status, "complete"))
		return "INCOMPLETE";
	return p->v->qualified ? "QUALIFIED" : "NOT QUALIFIED";
}

static void duration(FILE *f, double s)
{
	if (s < 60)
		fprintf(f, "%.0f s", s);
	else
		fprintf(f, "%d min %02d s", (int)s / 60, (int)s % 60);
}

static void header(FILE *f, const struct release_page *p)
{
	fprintf(f, "== pmemfi release: %s", release_page_word(p));
	for (int i = 0; i < p->v->reasons.nr; i++)
		fprintf(f, "%s%s", i ? ", " : ": ", p->v->reasons.v[i]);
	fprintf(f, "\n   %s: profile %s%s%s, %d repeat%s, status %s, wall ", p->dir, p->profile,
		p->tests ? " --tests " : "", p->tests ? p->tests : "", p->repeat, p->repeat == 1 ? "" : "s",
		p->status);
	duration(f, p->wall);
	if (p->baseline)
		fprintf(f, "\n   baseline: %s (new failures and new flakes disqualify)\n", p->baseline);
	else
		fprintf(f, "\n   baseline: none (known issues excused; any other failure or flake disqualifies)\n");
}

static void kernels(FILE *f, const struct release_page *p)
{
	fprintf(f, "\nkernels\n");
	for (int i = 0; i < p->nr; i++) {
		const struct rel_kernel_info *in = &p->info[i];
		double secs = 0;

		fprintf(f, "  %-20s %s, sanitizers %s: ", p->k[i].label, in->id ? in->id : "?",
			in->sanitizers ? in->sanitizers : "?");
		if (in->error) {
			fprintf(f, "%s\n", in->error);
			continue;
		}
		for (int r = 0; r < in->nr_runs; r++)
			secs += in->runs[r].seconds;
		fprintf(f, "%d cells x %d repeats run, ", p->k[i].nr_cells, p->k[i].repeats);
		duration(f, secs);
		fprintf(f, " (exit");
		for (int r = 0; r < in->nr_runs; r++)
			fprintf(f, " %d", in->runs[r].exit);
		fprintf(f, ")\n");
		fprintf(f, "  %-20s", "");
		for (int c = 0; c < RC_NR; c++)
			fprintf(f, " %s %d", release_class_name(c), release_count(&p->k[i], c));
		fprintf(f, "\n");
	}
}

static void changes(FILE *f, const struct release_page *p)
{
	fprintf(f, "\n%s (%d)\n", p->baseline ? "changes against the baseline" : "what disqualifies",
		p->v->nr_changes);
	for (int i = 0; i < p->v->nr_changes; i++) {
		const struct rel_change *c = &p->v->changes[i];

		fprintf(f, "  %-11s %-12s %s: %s -> %s\n", release_change_name(c->kind), c->kernel,
			c->cell ? c->cell : "outside the tests", c->was ? c->was : "-", c->now ? c->now : "-");
	}
}

static void known(FILE *f, const struct release_page *p)
{
	int n = 0;

	fprintf(f, "\nknown issues hit\n");
	for (int i = 0; i < p->nr; i++) {
		for (int j = 0; j < p->k[i].nr_known; j++, n++)
			fprintf(f, "  %-20s %-28s %d xfail, %d xpass, in %d:%d repeats\n", p->k[i].label,
				p->k[i].known[j].id, p->k[i].known[j].xfail, p->k[i].known[j].xpass,
				p->k[i].known[j].runs, p->k[i].repeats);
	}
	if (!n)
		fprintf(f, "  none\n");
}

static void flaky(FILE *f, const struct release_page *p)
{
	int n = 0;

	fprintf(f, "\nflaky cells (verdict per repeat, failure rate at 95%%)\n");
	for (int i = 0; i < p->nr; i++) {
		for (int j = 0; j < p->k[i].nr_cells; j++) {
			const struct rel_cell *c = &p->k[i].cells[j];
			struct wilson w = release_cell_rate(c);

			if (c->cls != RC_FLAKY && c->cls != RC_FLAKY_KNOWN)
				continue;
			fprintf(f, "  %-20s %s %s:", p->k[i].label, release_class_name(c->cls), c->name);
			for (int r = 0; r < c->verdicts.nr; r++)
				fprintf(f, " %s", c->verdicts.v[r]);
			fprintf(f, "  [%.3f, %.3f]\n", w.lo, w.hi);
			n++;
		}
	}
	if (!n)
		fprintf(f, "  none\n");
}

static void signatures(FILE *f, const struct release_page *p)
{
	int n = 0;

	fprintf(f, "\nsignatures (fail:runs = repeats it appeared in : repeats)\n");
	for (int i = 0; i < p->nr; i++) {
		for (int j = 0; j < p->k[i].sigs.nr; j++, n++) {
			const struct rel_sig *s = &p->k[i].sigs.v[j];

			fprintf(f, "  %d:%d  %-20s %s\n        %d cell%s:", s->fails, p->k[i].repeats, p->k[i].label,
				s->text, s->cells.nr, s->cells.nr == 1 ? "" : "s");
			for (int c = 0; c < s->cells.nr && c < SIG_CELLS_SHOWN; c++)
				fprintf(f, " %s", s->cells.v[c]);
			if (s->cells.nr > SIG_CELLS_SHOWN)
				fprintf(f, " (+%d more)", s->cells.nr - SIG_CELLS_SHOWN);
			fprintf(f, "\n");
		}
	}
	if (!n)
		fprintf(f, "  none: every cell was clean every time\n");
}

/* The finding-by-kernel table: a row per finding, a column per kernel. */
static void findings(FILE *f, const struct release_page *p)
{
	struct rel_finding *v;
	int n = release_findings(p->k, p->nr, &v);

	if (!n)
		return;
	fprintf(f, "\nfindings by kernel (configs/known-issues \"finding\" lines)\n  %-8s", "finding");
	for (int i = 0; i < p->nr; i++)
		fprintf(f, " %-20s", p->k[i].label);
	fputc('\n', f);
	for (int r = 0; r < n; r++) {
		fprintf(f, "  %-8d", v[r].finding);
		for (int i = 0; i < p->nr; i++)
			fprintf(f, " %-20s", release_finding_state_name(v[r].state[i]));
		fputc('\n', f);
	}
	release_findings_free(v, n);
}

void release_page_text(FILE *f, const struct release_page *p)
{
	const struct release_verdict *v = p->v;

	header(f, p);
	kernels(f, p);
	findings(f, p);
	changes(f, p);
	known(f, p);
	flaky(f, p);
	signatures(f, p);
	fprintf(f, "\nconfidence: ");
	if (v->clean_cells)
		fprintf(f, "%d cells were clean in all of their (at least %d) repeats: each one's failure rate is\n"
			"   below %.1f%% at 95%% (Wilson upper bound of 0 of %d); pooled over their %d clean\n"
			"   runs, the mean failure rate is below %.1f%%\n", v->clean_cells, v->min_clean_runs,
			100 * v->cell_upper, v->min_clean_runs, v->clean_runs, 100 * v->pooled_upper);
	else
		fprintf(f, "no cell was clean in every repeat\n");
}

/* release_kernel_to_json() and what the command knows of the kernel's runs. */
static struct json_object *release_kernel_json(const struct rel_kernel *k, const struct rel_kernel_info *in)
{
	struct json_object *o = release_kernel_to_json(k), *runs = json_object_new_array();
	struct json_object *frags = json_object_new_array();

	json_object_object_add(o, "spec", json_object_new_string(in->spec));
	for (int i = 0; i < in->fragments.nr; i++)
		json_object_array_add(frags, json_object_new_string(in->fragments.v[i]));
	json_object_object_add(o, "fragments", frags);
	json_object_object_add(o, "id", in->id ? json_object_new_string(in->id) : NULL);
	json_object_object_add(o, "sanitizers", in->sanitizers ? json_object_new_string(in->sanitizers) : NULL);
	json_object_object_add(o, "error", in->error ? json_object_new_string(in->error) : NULL);
	for (int i = 0; i < in->nr_runs; i++) {
		struct json_object *r = json_object_new_object();

		json_object_object_add(r, "dir", in->runs[i].dir ? json_object_new_string(in->runs[i].dir) : NULL);
		json_object_object_add(r, "exit", json_object_new_int(in->runs[i].exit));
		json_object_object_add(r, "seconds", json_object_new_double(in->runs[i].seconds));
		json_object_array_add(runs, r);
	}
	json_object_object_add(o, "runs", runs);
	return o;
}

static struct json_object *findings_json(const struct release_page *p)
{
	struct json_object *a = json_object_new_array();
	struct rel_finding *v;
	int n = release_findings(p->k, p->nr, &v);

	for (int r = 0; r < n; r++) {
		struct json_object *o = json_object_new_object(), *ids = json_object_new_array();
		struct json_object *ks = json_object_new_object();

		json_object_object_add(o, "finding", json_object_new_int(v[r].finding));
		for (int j = 0; j < v[r].ids.nr; j++)
			json_object_array_add(ids, json_object_new_string(v[r].ids.v[j]));
		json_object_object_add(o, "known_issues", ids);
		for (int i = 0; i < p->nr; i++)
			json_object_object_add(ks, p->k[i].label,
					       json_object_new_string(release_finding_state_name(v[r].state[i])));
		json_object_object_add(o, "kernels", ks);
		json_object_array_add(a, o);
	}
	release_findings_free(v, n);
	return a;
}

struct json_object *release_page_json(const struct release_page *p)
{
	struct json_object *o = json_object_new_object(), *arr = json_object_new_array();
	struct json_object *reasons = json_object_new_array(), *ch = json_object_new_array();
	struct json_object *conf = json_object_new_object();

	json_object_object_add(o, "status", json_object_new_string(p->status));
	json_object_object_add(o, RUN_VERDICT, json_object_new_string(release_page_word(p)));
	json_object_object_add(o, "qualified", json_object_new_boolean(p->v->qualified));
	json_object_object_add(o, "profile", json_object_new_string(p->profile));
	json_object_object_add(o, "tests", p->tests ? json_object_new_string(p->tests) : NULL);
	json_object_object_add(o, "repeat", json_object_new_int(p->repeat));
	json_object_object_add(o, "baseline", p->baseline ? json_object_new_string(p->baseline) : NULL);
	json_object_object_add(o, "wall_seconds", json_object_new_double(p->wall));
	for (int i = 0; i < p->v->reasons.nr; i++)
		json_object_array_add(reasons, json_object_new_string(p->v->reasons.v[i]));
	json_object_object_add(o, "reasons", reasons);
	for (int i = 0; i < p->v->nr_changes; i++) {
		const struct rel_change *c = &p->v->changes[i];
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "change", json_object_new_string(release_change_name(c->kind)));
		json_object_object_add(e, "regression", json_object_new_boolean(release_regression(c->kind)));
		json_object_object_add(e, "kernel", json_object_new_string(c->kernel));
		json_object_object_add(e, "cell", c->cell ? json_object_new_string(c->cell) : NULL);
		json_object_object_add(e, "was", c->was ? json_object_new_string(c->was) : NULL);
		json_object_object_add(e, "now", c->now ? json_object_new_string(c->now) : NULL);
		json_object_array_add(ch, e);
	}
	json_object_object_add(o, "changes", ch);
	json_object_object_add(conf, "clean_cells", json_object_new_int(p->v->clean_cells));
	json_object_object_add(conf, "min_clean_runs", json_object_new_int(p->v->min_clean_runs));
	json_object_object_add(conf, "cell_upper_95", json_object_new_double(p->v->cell_upper));
	json_object_object_add(conf, "pooled_upper_95", json_object_new_double(p->v->pooled_upper));
	json_object_object_add(o, "confidence", conf);
	for (int i = 0; i < p->nr; i++)
		json_object_array_add(arr, release_kernel_json(&p->k[i], &p->info[i]));
	json_object_object_add(o, "kernels", arr);
	json_object_object_add(o, "findings", findings_json(p));
	return o;
}
