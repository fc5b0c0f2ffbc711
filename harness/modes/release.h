/* SPDX-License-Identifier: GPL-2.0 */
/*
 * release.h - release qualification: the same profile run N times on each
 * kernel, turned into one verdict per cell and one for the release.
 *
 * Each repeat of a cell has one outcome, read off verdict.h's table:
 *
 *   clean    pass, xpass		(the "clean" bit)
 *   known    xfail			(a known issue decided it, not clean)
 *   trouble  fail, bug, timeout, error	(the "trouble" bit: exit 1)
 *   skip     skip			(did not "ran": no trial)
 *
 * A cell's stability class, over the repeats in which it has a verdict:
 *
 *   stable-pass   clean every time
 *   stable-known  known every time (a known issue reproducing every time)
 *   stable-fail   trouble every time
 *   stable-skip   skipped every time
 *   flaky-known   no trouble, but known in some repeats and clean or
 *                 skipped in others: a known issue that reproduces now and
 *                 then; excused like its xfails, and listed
 *   flaky         any other mix: trouble in some repeats only, or a test
 *                 that skips in some repeats and runs in others
 *
 * Its failure rate counts the repeats that ran and were not clean (trouble
 * or known: the kernel misbehaved, excused or not) over the repeats that
 * ran; the 95% Wilson score interval bounds it.
 *
 * A signature is what a repeat that was not clean said: "VERDICT: TITLE"
 * (the report title), else "VERDICT: REASON". Reports outside the tests
 * (boot, between tests) are signatures of the kernel, not of a cell:
 * "report: TITLE" when nothing explained them, "flake: TITLE" when the
 * harness found the retried boot clean, "known: TITLE" for a known issue.
 *
 * Qualified, without a baseline: no cell with trouble in any repeat, no
 * flaky cell, no unexplained report and no flake outside the tests. With
 * a baseline (a previous release's release.json): no new failure and no
 * new flake against it (release_qualify() below). Either way no repeat
 * may skip more tests than its profile allows, as no run may: a skip is
 * never a pass.
 */
#ifndef PMEMFI_RELEASE_H
#define PMEMFI_RELEASE_H

#include "lib/util.h"
#include "verdict/verdict.h"

struct json_object;

/* z for a two-sided 95% interval. */
#define RELEASE_Z95 1.959963984540054

struct wilson {
	double lo, hi;
};

/* The Wilson score interval of @k failures in @n trials at @z; [0, 1] for n = 0. */
struct wilson release_wilson(int k, int n, double z);

enum rel_outcome { RO_CLEAN, RO_KNOWN, RO_TROUBLE, RO_SKIP, RO_NR };

enum rel_class {
	RC_STABLE_PASS,
	RC_STABLE_KNOWN,
	RC_STABLE_FAIL,
	RC_STABLE_SKIP,
	RC_FLAKY_KNOWN,
	RC_FLAKY,
	RC_NR,
};

/* The outcome of verdict @name (an unknown name is trouble, as verdict.h says). */
enum rel_outcome release_outcome(enum verdict v);
/* The class of a cell whose repeats had @n[RO_*] of each outcome. */
enum rel_class release_class(const int n[RO_NR]);
const char *release_class_name(enum rel_class c);
/* The class called @name; RC_NR when there is none. */
enum rel_class release_class_from_name(const char *name);
const char *release_outcome_name(enum rel_outcome o);

/* A signature seen in @fails of the repeats (of a cell or a kernel), and where. */
struct rel_sig {
	char *text;		/* "bug: KASAN: ... in foo" */
	int fails;		/* repeats it appeared in */
	struct strvec cells;	/* cells it hit (kernel-wide tables) */
	int last;		/* the repeat it was last counted in */
};

struct rel_sigs {
	struct rel_sig *v;
	int nr, alloc;
};

struct rel_cell {
	char *name;
	int runs;		/* repeats with a verdict */
	int n[RO_NR];
	struct strvec verdicts;	/* per repeat: its verdict, "-" when not run */
	struct rel_sigs sigs;
	enum rel_class cls;
};

/* A known issue that decided tests in some repeat of a kernel. */
struct rel_known {
	char *id;
	int xfail, xpass;	/* over all repeats */
	int runs;		/* repeats it matched in */
};

/*
 * A known issue the kernel's runs held in scope (summary.json
 * "known_issues" lists every entry whose kernels line takes the kernel),
 * whether or not it decided a test: what the finding-by-kernel table is
 * made of.
 */
struct rel_entry {
	char *id;
	int finding;		/* its "finding N"; 0: none */
	char *fix;		/* its "fix" patches, space-separated, or NULL */
	int cells;		/* cells of its scope that ran, over all repeats */
	int xfail, xpass;
};

struct rel_kernel {
	char *label;		/* as given: "kasan", "kasan:7.3+fix-stats@memmap-kasan" */
	int repeats;		/* runs added */
	struct rel_cell *cells;
	int nr_cells, alloc_cells;
	struct rel_sigs sigs;	/* every signature: cells' and outside the tests' */
	struct rel_known *known;
	int nr_known, alloc_known;
	/* Outside the tests: repeats with an unexplained report, with a boot flake. */
	int run_reports, flakes;
	struct rel_entry *entries;
	int nr_entries, alloc_entries;
	/* Repeats that skipped more tests than their profile allows (max-skipped), and that share. */
	int over_skipped, max_skipped;
};

void release_kernel_init(struct rel_kernel *k, const char *label);
void release_kernel_free(struct rel_kernel *k);

/*
 * Add one repeat: @summary is its summary.json object. Cells that repeat
 * has not run (an interrupted run) keep "-" for it. Re-classifies.
 */
void release_add_run(struct rel_kernel *k, struct json_object *summary);

/* The signature of one test of a summary, or NULL when it was clean. Caller frees. */
char *release_signature(struct json_object *test);

/* The cell called @name of @k, or NULL. */
const struct rel_cell *release_cell(const struct rel_kernel *k, const char *name);
/* The 95% interval of @c's failure rate: not clean, of the repeats that ran. */
struct wilson release_cell_rate(const struct rel_cell *c);
/* Cells of @k in class @c. */
int release_count(const struct rel_kernel *k, enum rel_class c);

/* What a cell's or a kernel's change against the baseline is. */
enum rel_change_kind {
	RCH_NEW_FAILURE,	/* trouble now, not in the baseline, or a new trouble signature */
	RCH_NEW_FLAKE,		/* flaky now, stable-pass/known/skip in the baseline */
	RCH_LOST,		/* stable-skip now, ran in the baseline */
	RCH_GONE,		/* in the baseline only */
	RCH_FIXED,		/* stable-pass now, not clean in the baseline */
	RCH_NR,
};

struct rel_change {
	enum rel_change_kind kind;
	const char *kernel, *cell;	/* cell: NULL for a report outside the tests */
	const char *was, *now;		/* classes, or the signature outside the tests */
};

struct release_verdict {
	int qualified;
	struct strvec reasons;		/* why not, one line each */
	struct rel_change *changes;
	int nr_changes, alloc_changes;
	/* The confidence a clean cell gives: the least runs of a stable-pass cell. */
	int clean_cells, clean_runs, min_clean_runs;
	double cell_upper;		/* Wilson upper bound of 0 of min_clean_runs */
	double pooled_upper;		/* ... of 0 of clean_runs */
};

/*
 * Judge @nr kernels against a baseline of @nr_base kernels (@base NULL:
 * none); kernels are matched by label, cells by name.
 */
void release_qualify(const struct rel_kernel *k, int nr, const struct rel_kernel *base, int nr_base,
		     struct release_verdict *out);
void release_verdict_free(struct release_verdict *v);
int release_regression(enum rel_change_kind k);
const char *release_change_name(enum rel_change_kind k);

/*
 * The finding-by-kernel table (release_findings.c): one row per finding
 * that some known issue names, one state per kernel, from the entries of
 * that finding the kernel's runs held in scope:
 *
 *   reproduces     an entry excused a failure (xfail) in some repeat
 *   fixed          none did, and the kernel was built with every patch of
 *                  an entry's fix line ("+PATCH" in the kernel's label)
 *   clean          none did: their cells ran and the finding did not show
 *   not run        an entry applied, but none of its cells ran
 *   n/a            the kernel is outside every entry's kernels line
 */
enum rel_finding_state { RF_NA, RF_NOT_RUN, RF_CLEAN, RF_FIXED, RF_REPRODUCES, RF_NR };

struct rel_finding {
	int finding;
	struct strvec ids;		/* its known issues */
	enum rel_finding_state *state;	/* one per kernel */
};

/* The rows for kernels @k[0..@nr), by finding number. Returns how many; free with release_findings_free(). */
int release_findings(const struct rel_kernel *k, int nr, struct rel_finding **out);
void release_findings_free(struct rel_finding *f, int n);
/* "reproduces", "fixed by our patch", "not reproducible", "not run", "n/a". */
const char *release_finding_state_name(enum rel_finding_state s);
/* The patches of a kernel label's "+PATCH" parts, for a kernel built here. */
void release_label_patches(const char *label, struct strvec *out);

/* release.json: the kernels (release_json.c). */
struct json_object *release_kernel_to_json(const struct rel_kernel *k);
/* Read back the kernels of a release.json object. Returns how many; -1 when it is not one. */
int release_kernels_from_json(struct json_object *release, struct rel_kernel **out);

#endif
