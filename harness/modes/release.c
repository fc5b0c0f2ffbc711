// SPDX-License-Identifier: GPL-2.0
/* Release qualification: repeats to cells, cells to classes (release.h). */
#include "modes/release.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "results/results.h"
#include "verdict/verdict.h"
#include "results/run_record.h"

struct wilson release_wilson(int k, int n, double z)
{
	double p, z2n, denom, centre, half;

	if (n <= 0)
		return (struct wilson){ 0, 1 };
	p = (double)k / n;
	z2n = z * z / n;
	denom = 1 + z2n;
	centre = (p + z2n / 2) / denom;
	half = z / denom * sqrt(p * (1 - p) / n + z2n / (4.0 * n));
	/* Rounding must not put 0 of n above 0 or n of n below 1. */
	return (struct wilson){ k == 0 ? 0 : centre - half, k == n ? 1 : centre + half };
}

enum rel_outcome release_outcome(enum verdict v)
{
	const struct verdict_info *vi = verdict_info(v);

	if (!vi->ran)
		return RO_SKIP;
	if (vi->clean)
		return RO_CLEAN;
	return vi->trouble ? RO_TROUBLE : RO_KNOWN;
}

enum rel_class release_class(const int n[RO_NR])
{
	int runs = n[RO_CLEAN] + n[RO_KNOWN] + n[RO_TROUBLE] + n[RO_SKIP];

	if (n[RO_CLEAN] == runs)
		return RC_STABLE_PASS;
	if (n[RO_KNOWN] == runs)
		return RC_STABLE_KNOWN;
	if (n[RO_TROUBLE] == runs)
		return RC_STABLE_FAIL;
	if (n[RO_SKIP] == runs)
		return RC_STABLE_SKIP;
	return !n[RO_TROUBLE] && n[RO_KNOWN] ? RC_FLAKY_KNOWN : RC_FLAKY;
}

static const char *const class_names[RC_NR] = {
	"stable-pass", "stable-known", "stable-fail", "stable-skip", "flaky-known", "flaky",
};

const char *release_class_name(enum rel_class c)
{
	return c < RC_NR ? class_names[c] : "?";
}

enum rel_class release_class_from_name(const char *name)
{
	for (int c = 0; name && c < RC_NR; c++)
		if (!strcmp(class_names[c], name))
			return c;
	return RC_NR;
}

const char *release_outcome_name(enum rel_outcome o)
{
	static const char *const names[RO_NR] = { "clean", "known", "trouble", "skip" };

	return o < RO_NR ? names[o] : "?";
}

void release_kernel_init(struct rel_kernel *k, const char *label)
{
	memset(k, 0, sizeof(*k));
	k->label = xstrdup(label);
}

static void sigs_free(struct rel_sigs *s)
{
	for (int i = 0; i < s->nr; i++) {
		free(s->v[i].text);
		strvec_clear(&s->v[i].cells);
	}
	free(s->v);
	memset(s, 0, sizeof(*s));
}

void release_kernel_free(struct rel_kernel *k)
{
	for (int i = 0; i < k->nr_cells; i++) {
		free(k->cells[i].name);
		strvec_clear(&k->cells[i].verdicts);
		sigs_free(&k->cells[i].sigs);
	}
	free(k->cells);
	sigs_free(&k->sigs);
	for (int i = 0; i < k->nr_known; i++)
		free(k->known[i].id);
	free(k->known);
	for (int i = 0; i < k->nr_entries; i++) {
		free(k->entries[i].id);
		free(k->entries[i].fix);
	}
	free(k->entries);
	free(k->label);
	memset(k, 0, sizeof(*k));
}

char *release_signature(struct json_object *test)
{
	const char *verdict = run_test_verdict_or(test, "error");
	const char *what = json_str(test, "title");

	if (release_outcome(run_test_verdict(test)) == RO_CLEAN)
		return NULL;
	if (!what)
		what = json_str_or(test, "reason", "no reason given");
	return xasprintf("%s: %s", verdict, what);
}

static struct rel_sig *sig_get(struct rel_sigs *s, const char *text)
{
	for (int i = 0; i < s->nr; i++)
		if (!strcmp(s->v[i].text, text))
			return &s->v[i];
	GROW(s->v, s->nr, s->alloc);
	memset(&s->v[s->nr], 0, sizeof(s->v[0]));
	s->v[s->nr].text = xstrdup(text);
	return &s->v[s->nr++];
}

/* Count @text once per repeat (repeats are numbered from 1), and the cell it hit. */
static void sig_hit(struct rel_sigs *s, const char *text, int repeat, const char *cell)
{
	struct rel_sig *g = sig_get(s, text);

	if (g->last != repeat) {
		g->last = repeat;
		g->fails++;
	}
	if (cell)
		strvec_push_unique(&g->cells, cell);
}

static struct rel_cell *cell_get(struct rel_kernel *k, const char *name, int hint)
{
	struct rel_cell *c;

	/* Repeats run the same plan in the same order: try the same index first. */
	if (hint < k->nr_cells && !strcmp(k->cells[hint].name, name))
		return &k->cells[hint];
	for (int i = 0; i < k->nr_cells; i++)
		if (!strcmp(k->cells[i].name, name))
			return &k->cells[i];
	GROW(k->cells, k->nr_cells, k->alloc_cells);
	c = &k->cells[k->nr_cells++];
	memset(c, 0, sizeof(*c));
	c->name = xstrdup(name);
	return c;
}

struct wilson release_cell_rate(const struct rel_cell *c)
{
	return release_wilson(c->n[RO_KNOWN] + c->n[RO_TROUBLE], c->runs - c->n[RO_SKIP], RELEASE_Z95);
}

const struct rel_cell *release_cell(const struct rel_kernel *k, const char *name)
{
	for (int i = 0; i < k->nr_cells; i++)
		if (!strcmp(k->cells[i].name, name))
			return &k->cells[i];
	return NULL;
}

int release_count(const struct rel_kernel *k, enum rel_class c)
{
	int n = 0;

	for (int i = 0; i < k->nr_cells; i++)
		n += k->cells[i].cls == c;
	return n;
}

/* Pad every cell's verdict list to this repeat: "-" for not run. */
static void pad_verdicts(struct rel_kernel *k)
{
	for (int i = 0; i < k->nr_cells; i++)
		while (k->cells[i].verdicts.nr < k->repeats)
			strvec_push(&k->cells[i].verdicts, "-");
}

static void add_test(struct rel_kernel *k, struct json_object *t, int hint)
{
	const char *name = json_str(t, "name"), *verdict = run_test_verdict_name(t);
	struct rel_cell *c;
	char *sig;

	if (!name || !verdict)
		return;
	c = cell_get(k, name, hint);
	while (c->verdicts.nr < k->repeats - 1)
		strvec_push(&c->verdicts, "-");
	if (c->verdicts.nr == k->repeats)
		return;		/* the same name twice in one summary */
	strvec_push(&c->verdicts, verdict);
	c->runs++;
	c->n[release_outcome(run_test_verdict(t))]++;
	c->cls = release_class(c->n);
	sig = release_signature(t);
	if (sig) {
		sig_hit(&c->sigs, sig, c->runs, NULL);
		sig_hit(&k->sigs, sig, k->repeats, name);
	}
	free(sig);
}

/* Reports outside the tests: the kernel's signatures, and whether one is trouble or a flake. */
static void add_run_reports(struct rel_kernel *k, struct json_object *summary)
{
	struct json_object *reports = json_array(summary, "run_reports");
	int unexplained = 0, flakes = 0;

	for (size_t i = 0; reports && i < json_object_array_length(reports); i++) {
		struct json_object *o = json_object_array_get_idx(reports, i);
		const char *kind = json_str(o, "known") ? "known" : json_str(o, "flake") ? "flake" : "report";
		char *sig = xasprintf("%s: %s", kind, json_str_or(o, "title", "?"));

		/* Held while the harness retried it; the retry settled it as flake or report. */
		sig_hit(&k->sigs, sig, k->repeats, json_str_or(o, "where", "outside the tests"));
		unexplained |= !strcmp(kind, "report");
		flakes |= !strcmp(kind, "flake");
		free(sig);
	}
	k->run_reports += unexplained;
	k->flakes += flakes;
}

/* Every entry @summary's run held in scope, for the finding-by-kernel table. */
static void add_entries(struct rel_kernel *k, struct json_object *known)
{
	for (size_t i = 0; known && i < json_object_array_length(known); i++) {
		struct json_object *o = json_object_array_get_idx(known, i), *fix = json_array(o, "fix");
		const char *id = json_str(o, "id");
		struct rel_entry *e;
		int j;

		for (j = 0; id && j < k->nr_entries && strcmp(k->entries[j].id, id); j++)
			;
		if (!id)
			continue;
		if (j == k->nr_entries) {
			struct strbuf sb = STRBUF_INIT;

			GROW(k->entries, k->nr_entries, k->alloc_entries);
			e = &k->entries[k->nr_entries++];
			memset(e, 0, sizeof(*e));
			e->id = xstrdup(id);
			e->finding = json_int(o, "finding", 0);
			for (size_t f = 0; fix && f < json_object_array_length(fix); f++)
				strbuf_addf(&sb, "%s%s", f ? " " : "",
					    json_object_get_string(json_object_array_get_idx(fix, f)));
			e->fix = sb.len ? strbuf_detach(&sb) : NULL;
			strbuf_release(&sb);
		}
		e = &k->entries[j];
		e->cells += json_int(o, "cells", 0);
		e->xfail += json_int(o, "xfail", 0);
		e->xpass += json_int(o, "xpass", 0);
	}
}

static void add_known(struct rel_kernel *k, struct json_object *summary)
{
	struct json_object *known = json_array(summary, "known_issues");

	add_entries(k, known);
	for (size_t i = 0; known && i < json_object_array_length(known); i++) {
		struct json_object *o = json_object_array_get_idx(known, i);
		const char *id = json_str(o, "id");
		int xfail = json_int(o, "xfail", 0), xpass = json_int(o, "xpass", 0);
		int matched = json_int(o, "matched", 0), j;

		if (!id || (!xfail && !xpass && !matched))
			continue;
		for (j = 0; j < k->nr_known && strcmp(k->known[j].id, id); j++)
			;
		if (j == k->nr_known) {
			GROW(k->known, k->nr_known, k->alloc_known);
			memset(&k->known[j], 0, sizeof(k->known[j]));
			k->known[j].id = xstrdup(id);
			k->nr_known++;
		}
		k->known[j].xfail += xfail;
		k->known[j].xpass += xpass;
		k->known[j].runs++;
	}
}

/* A repeat that skipped more than its profile allows failed, as its run did. */
static void add_skips(struct rel_kernel *k, struct json_object *summary)
{
	struct json_object *counts = json_get(summary, "counts");

	k->max_skipped = json_int(counts, "max_skipped_percent", 0);
	k->over_skipped += results_skip_share_over(json_int(counts, "skip", 0), json_int(counts, "not_applicable", 0),
						   json_int(counts, "done", 0), k->max_skipped) >= 0;
}

void release_add_run(struct rel_kernel *k, struct json_object *summary)
{
	struct json_object *tests = json_array(summary, "tests");

	add_skips(k, summary);
	k->repeats++;
	for (size_t i = 0; tests && i < json_object_array_length(tests); i++)
		add_test(k, json_object_array_get_idx(tests, i), i);
	pad_verdicts(k);
	add_run_reports(k, summary);
	add_known(k, summary);
}

/* Is @sig ("VERDICT: ...") a trouble verdict's? */
static int sig_trouble(const char *sig)
{
	char verdict[16];
	size_t n = strcspn(sig, ":");

	if (n >= sizeof(verdict))
		return 0;
	memcpy(verdict, sig, n);
	verdict[n] = '\0';
	return verdict_from_name(verdict) != V_NR && verdict_info_of(verdict)->trouble;
}

static int has_sig(const struct rel_sigs *s, const char *text)
{
	for (int i = 0; s && i < s->nr; i++)
		if (!strcmp(s->v[i].text, text))
			return 1;
	return 0;
}

/* A trouble signature of @c that @was (NULL: none) did not have. */
static int new_trouble(const struct rel_cell *c, const struct rel_cell *was)
{
	for (int i = 0; i < c->sigs.nr; i++)
		if (sig_trouble(c->sigs.v[i].text) && !(was && has_sig(&was->sigs, c->sigs.v[i].text)))
			return 1;
	return 0;
}

static void change(struct release_verdict *v, enum rel_change_kind kind, const char *kernel,
		   const char *cell, const char *was, const char *now)
{
	struct rel_change *c;

	GROW(v->changes, v->nr_changes, v->alloc_changes);
	c = &v->changes[v->nr_changes++];
	c->kind = kind;
	c->kernel = kernel;
	c->cell = cell;
	c->was = was;
	c->now = now;
}

/* The change of cell @c from @b (NULL: not in the baseline, or none), or -1. */
static int cell_change(const struct rel_cell *c, const struct rel_cell *b)
{
	enum rel_class was = b ? b->cls : RC_NR;
	int troubled = b && b->n[RO_TROUBLE];

	switch (c->cls) {
	case RC_STABLE_FAIL:
		return new_trouble(c, b) ? RCH_NEW_FAILURE : -1;
	case RC_FLAKY:
		if (was != RC_FLAKY && !troubled)
			return RCH_NEW_FLAKE;
		return c->n[RO_TROUBLE] && new_trouble(c, b) ? RCH_NEW_FAILURE : -1;
	case RC_STABLE_SKIP:
		return b && was != RC_STABLE_SKIP ? RCH_LOST : -1;
	case RC_STABLE_PASS:
		return b && was != RC_STABLE_PASS && was != RC_STABLE_SKIP ? RCH_FIXED : -1;
	default:
		return -1;
	}
}

static const struct rel_kernel *kernel_of(const struct rel_kernel *v, int nr, const char *label)
{
	for (int i = 0; v && i < nr; i++)
		if (!strcmp(v[i].label, label))
			return &v[i];
	return NULL;
}

/* Reports and flakes outside the tests that @b (NULL: none) did not have. */
static void outside_changes(const struct rel_kernel *k, const struct rel_kernel *b, struct release_verdict *v)
{
	for (int i = 0; i < k->sigs.nr; i++) {
		const char *s = k->sigs.v[i].text;
		int report = !strncmp(s, "report: ", 8), flake = !strncmp(s, "flake: ", 7);

		if ((report || flake) && !(b && has_sig(&b->sigs, s)))
			change(v, report ? RCH_NEW_FAILURE : RCH_NEW_FLAKE, k->label, NULL, NULL, s);
	}
}

static void kernel_changes(const struct rel_kernel *k, const struct rel_kernel *b, struct release_verdict *v)
{
	for (int i = 0; i < k->nr_cells; i++) {
		const struct rel_cell *c = &k->cells[i], *was = b ? release_cell(b, c->name) : NULL;
		int kind = cell_change(c, was);

		if (kind >= 0)
			change(v, kind, k->label, c->name, was ? release_class_name(was->cls) : NULL,
			       release_class_name(c->cls));
		if (c->cls == RC_STABLE_PASS) {
			v->clean_cells++;
			v->clean_runs += c->runs;
			if (!v->min_clean_runs || c->runs < v->min_clean_runs)
				v->min_clean_runs = c->runs;
		}
	}
	for (int i = 0; b && i < b->nr_cells; i++)
		if (!release_cell(k, b->cells[i].name))
			change(v, RCH_GONE, k->label, b->cells[i].name, release_class_name(b->cells[i].cls), NULL);
	outside_changes(k, b, v);
}

void release_qualify(const struct rel_kernel *k, int nr, const struct rel_kernel *base, int nr_base,
		     struct release_verdict *out)
{
	static const char *const what[RCH_NR][2] = {
		{ "new failure", "new failures" }, { "new flake", "new flakes" },
		{ "cell lost coverage", "cells lost coverage" },
		{ "cell or kernel no longer run", "cells or kernels no longer run" }, { "fix", "fixes" },
	};
	int counts[RCH_NR] = { 0 };

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < nr; i++)
		kernel_changes(&k[i], kernel_of(base, nr_base, k[i].label), out);
	for (int i = 0; base && i < nr_base; i++)
		if (!kernel_of(k, nr, base[i].label))
			change(out, RCH_GONE, base[i].label, NULL, "qualified in the baseline", "not run");
	for (int i = 0; i < out->nr_changes; i++)
		counts[out->changes[i].kind]++;
	for (int kind = 0; kind < RCH_NR; kind++)
		if (release_regression(kind) && counts[kind])
			strvec_pushf(&out->reasons, "%d %s", counts[kind], what[kind][counts[kind] != 1]);
	for (int i = 0; i < nr; i++)
		if (k[i].over_skipped)
			strvec_pushf(&out->reasons, "%d of %d repeats of kernel %s skipped more than the %d%% of "
				     "tests the profile allows", k[i].over_skipped, k[i].repeats, k[i].label,
				     k[i].max_skipped);
	out->qualified = !out->reasons.nr;
	out->cell_upper = release_wilson(0, out->min_clean_runs, RELEASE_Z95).hi;
	out->pooled_upper = release_wilson(0, out->clean_runs, RELEASE_Z95).hi;
}

void release_verdict_free(struct release_verdict *v)
{
	strvec_clear(&v->reasons);
	free(v->changes);
	memset(v, 0, sizeof(*v));
}

int release_regression(enum rel_change_kind k)
{
	return k != RCH_FIXED;
}

const char *release_change_name(enum rel_change_kind k)
{
	static const char *const names[RCH_NR] = { "new-failure", "new-flake", "lost", "gone", "fixed" };

	return k < RCH_NR ? names[k] : "?";
}
