/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare.h - what changed between two runs (their summary.json objects),
 * test by test, for nightly use. Every change of verdict is a change; what
 * kind it is follows from the verdict table (verdict.h):
 *
 *   new      trouble in B (fail, bug, timeout, error), not in A or not trouble there
 *   fixed    trouble or xfail in A, clean in B (pass, xpass)
 *   lost     ran in A, skipped in B: coverage lost, whatever A said
 *   title    trouble or xfail in both, another verdict or another title or reason
 *   verdict  any other change (skip -> pass, pass -> xfail, ...)
 *   gone     in A only
 *   report   a kernel report outside the tests (boot, between tests) in
 *            B that nothing explains (no known issue, not a boot flake)
 *            and that A had no report of the same title like
 *
 * A regression (compare_regressed()) is a new failure, lost coverage, a
 * test gone, a bug with a title A did not have, or a new report outside
 * the tests: what a nightly gate must stop on.
 */
#ifndef PMEMFI_COMPARE_H
#define PMEMFI_COMPARE_H

#include <stdio.h>

#include "verdict/verdict.h"

struct json_object;

enum change_kind {
	CH_NEW_FAILURE,
	CH_FIXED,
	CH_LOST,
	CH_TITLE,
	CH_VERDICT,
	CH_GONE,
	CH_REPORT,
	CH_NR,
};

struct change {
	enum change_kind kind;
	const char *name;			/* the test; for CH_REPORT where it was ("boot-vm01") */
	enum verdict verdict_a, verdict_b;	/* V_NR when the run lacks the test (and for CH_REPORT) */
	const char *what_a, *what_b;		/* title, else reason, else "" */
};

/*
 * Compare @a and @b; @out gets the changes in @b's test order, then the
 * tests of @a missing from @b, then @b's new reports outside the tests,
 * one per title (strings point into @a and @b). Returns the number of
 * changes; free *@out with free().
 */
int compare_runs(struct json_object *a, struct json_object *b, struct change **out);

/* Does @c make B a regression against A? */
int compare_regressed(const struct change *c);

const char *compare_kind_name(enum change_kind k);

/* What a test's failure says: its title, else its reason, else "". */
const char *compare_what(struct json_object *test);

/*
 * Print @c (@n changes) grouped by kind, "no changes" when there are none.
 * @note, when not NULL, gives a word to append to a change's line (NULL:
 * none): nightly's rerun classes.
 */
void compare_print(FILE *f, const struct change *c, int n,
		   const char *(*note)(const struct change *c, void *arg), void *arg);

/* {"change", "regression", "name", "a", "b", "was", "now"} for @c. */
struct json_object *compare_change_json(const struct change *c);

/*
 * Why the run @summary is not a finished one ("status interrupted: 2 of 36
 * tests ran"), or NULL when it is complete. Caller frees.
 */
char *compare_incomplete(struct json_object *summary);

#endif
