/* SPDX-License-Identifier: GPL-2.0 */
/*
 * nightly.h - what a nightly run means (pmemfi nightly, modes/nightly_run.c):
 * tonight's run against a baseline, with every would-be new failure rerun
 * before it is believed.
 *
 * The baseline is the newest earlier run of the results directory that
 * finished (history.h) and is comparable: the same profile and the same
 * --tests selection, for another selection would make every test outside
 * it "no longer run". What else differs (kernel, config, seeds, pmemfi) is
 * said, not refused: that is what a nightly compares.
 *
 * A change that compare.h calls a regression because tonight's test is in
 * trouble (a new failure, a new bug title) is rerun N times alone in fresh
 * VMs. A rerun that ran the cell either passed (pass, xpass) or failed
 * (anything else: tonight's failure, another one, a known one); one that
 * did not run it, or skipped it, tells nothing:
 *
 *   new    every rerun that ran the cell failed ("2/2": fail:runs, as
 *          0-day prints them); also when no rerun could tell (--repeat 0)
 *   flaky  some rerun passed ("1/2")
 *
 * The nightly regresses (exit 1) on a `new` failure and on every other
 * regression compare.h names (lost coverage, a test no longer run, a
 * kernel report outside the tests that nothing explains and the baseline
 * did not have). Fixes and flaky cells do not fail it: they
 * are listed and counted, and compare.json keeps the counts so that later
 * nights can tell a flake rate.
 */
#ifndef PMEMFI_NIGHTLY_H
#define PMEMFI_NIGHTLY_H

#include "lib/util.h"
#include "modes/run.h"
#include "results/compare.h"
#include "results/history.h"

struct json_object;

enum nightly_class { NC_NONE, NC_NEW, NC_FLAKY };

/* One change of tonight against the baseline, and what its reruns said. */
struct nightly_cell {
	enum nightly_class cls;	/* NC_NONE: not rerun (not a failure regression) */
	int fails, runs;	/* reruns that failed (did not pass), reruns that ran it */
	struct strvec seen;	/* each rerun: "pass", "bug: TITLE", "not run" */
};

struct nightly {
	struct change *changes;		/* compare_runs(baseline, tonight) */
	int nr;
	struct nightly_cell *cells;	/* one per change */
};

/* Is @cand a baseline for a run whose manifest is @manifest (same profile and --tests)? */
int nightly_comparable(const struct run_record *cand, struct json_object *manifest);

/*
 * The baseline of run @run_dir (manifest @manifest) among the runs in
 * @results: 0 with *@out filled (run_record_free() it), -1 when there is
 * none (the first night).
 */
int nightly_baseline(const char *results, const char *run_dir, struct json_object *manifest,
		     struct run_record *out);

/* One line per manifest field that differs ("kernel id: A -> B") into @out. */
void nightly_differs(struct json_object *base, struct json_object *run, struct strvec *out);

/* Compare @base with @run (summary.json objects) into @n; free with nightly_free(). */
void nightly_compare(struct nightly *n, struct json_object *base, struct json_object *run);

/* Does change @c need reruns before it is believed? */
int nightly_needs_rerun(const struct change *c);

/*
 * The names of the tests to rerun, joined by ',' for --tests; NULL when
 * none. Caller frees.
 */
char *nightly_rerun_tests(const struct nightly *n);

/* Classify every change that needs it from @nr rerun summaries. */
void nightly_classify(struct nightly *n, struct json_object *const *reruns, int nr);

/* "new 2/2", "flaky 1/2", or NULL for a change that was not rerun. */
const char *nightly_note(const struct change *c, void *n);

/* Does tonight regress (exit 1)? */
int nightly_regressed(const struct nightly *n);

/* How many changes of class @cls. */
int nightly_count(const struct nightly *n, enum nightly_class cls);

/*
 * compare.json: {"run", "baseline", "differs", "reruns", "regressed",
 * "counts": {"new", "flaky" (after reruns), "changes": {compare's kind:
 * count}}, "changes": [{compare's fields, "class", "fails", "runs",
 * "fail_runs", "reruns_seen"}], "new_reports": the titles of compare's
 * "report" changes}. @base_dir NULL: no
 * baseline (the first night).
 */
struct json_object *nightly_to_json(const struct nightly *n, const char *run_dir, const char *base_dir,
				    const struct strvec *differs, int reruns);

void nightly_free(struct nightly *n);

/* The options of pmemfi nightly, as cli/cmd_nightly.c parses them. */
#define MAX_RERUNS 20	/* --repeat at most */

struct nightly_opts {
	const char *baseline;
	int reruns;
	struct strvec args;	/* for pmemfi run, without --results */
	struct strvec rerun_args;	/* @args without --tests, for the reruns */
	struct run_options run;
};

/*
 * Tonight's run with @o->args, then its judgement against the baseline
 * (nightly_run.c): the exit status of the night.
 */
int nightly_run(const struct nightly_opts *o);

#endif
