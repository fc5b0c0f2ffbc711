/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compare.h - what changed between two runs (their summary.json objects),
 * test by test, for nightly use: new failures, fixes, changed titles.
 * "Good" is pass, xpass and skip; every other verdict is trouble (an
 * xfail too: a known bug that appeared where there was none is news).
 */
#ifndef PMEMFI_COMPARE_H
#define PMEMFI_COMPARE_H

#include <stdio.h>

struct json_object;

enum change_kind {
	CH_NEW_FAILURE,		/* good in A (or not in A), trouble in B */
	CH_FIXED,		/* trouble in A, good in B */
	CH_TITLE,		/* a kernel report in both, with another title */
	CH_VERDICT,		/* trouble in both, another verdict */
	CH_GONE,		/* in A only */
	CH_NR,
};

struct change {
	enum change_kind kind;
	const char *name;
	const char *verdict_a, *verdict_b;	/* NULL when the run lacks the test */
	const char *what_a, *what_b;		/* title, else reason, else "" */
};

/*
 * Compare @a and @b; @out gets the changes in @b's test order, then the
 * tests of @a missing from @b (strings point into @a and @b). Returns the
 * number of changes; free *@out with free().
 */
int compare_runs(struct json_object *a, struct json_object *b, struct change **out);

const char *compare_kind_name(enum change_kind k);

#endif
