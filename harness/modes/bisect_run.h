/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bisect_run.h - a whole bisection of a kernel git tree ("pmemfi bisect").
 *
 * Every test of a commit is N ordinary runs (subrun.h) of its kernel,
 * each judged by bisect_judge() against one target. The rule for a
 * commit, and why:
 *
 *   bad   the target reproduced in at least one of the N runs. A target
 *         is a title in the cells of one injector and pfn class; another
 *         bug cannot produce it, so one reproduction is proof, while a
 *         bug that reproduces in a fraction of runs would need more
 *         misses than a bisection can afford to call bad by majority.
 *   good  N runs, each clean of the target and of anything unexplained.
 *         A miss is what flaky reproduction costs, so good is the verdict
 *         that needs the repeats.
 *   skip  anything else: no kernel (the tree does not build or cannot be
 *         configured), no boot, or only other signatures (listed, never
 *         blamed).
 *
 * A commit whose kernel (its bzImage and the modules its VMs load: the
 * manifest's kernel.hash) is byte-identical to one already tested (builds
 * are reproducible, kbuild.h) takes that one's answer after one run; the
 * code under test (libnvdimm, nd_pmem, dax) is modules.
 *
 * Before bisecting: the bad end must reproduce (it names the target when
 * none was given) and the good end must be good. After: the culprit
 * again N times, its parent N times, the culprit reverted on top of the
 * bad end N times, and whether the culprit's kernel equals its parent's
 * (a no-op commit cannot be the cause). The tree is left as it was found,
 * also when interrupted.
 *
 * Confidence: each good answer after n clean runs is wrong with
 * probability (1 - p)^n, p the reproduction rate at the bad end and the
 * culprit; the bisection's confidence is the product of (1 - that) over
 * its good answers (syzkaller's pkg/bisect keeps the same running
 * product). p is not the rate seen but the lower bound of its 95% Wilson
 * interval: 2 of 2 runs do not show a bug that always reproduces (it may
 * reproduce one time in three), so a result that rests on few runs stays
 * below BISECT_MIN_CONFIDENCE and is UNSURE.
 */
#ifndef PMEMFI_BISECT_RUN_H
#define PMEMFI_BISECT_RUN_H

#include <signal.h>

#include "modes/bisect.h"

struct bisect_req {
	const char *tree;		/* the git tree (clean, not bisecting) */
	const char *good, *bad;		/* revisions */
	const char *signature;		/* target text, or NULL: learn it from the bad end */
	int repeat;			/* N */
	const char *results;		/* results parent: a bisect directory goes there */
	char **run_args;		/* options for every "pmemfi run", NULL-terminated */
};

/* Exit status of "pmemfi bisect" beyond the common ones (util.h). */
enum {
	BISECT_FOUND = 0,	/* one culprit, every check passed */
	BISECT_UNSURE = 1,	/* a culprit or candidates, but a check failed */
	BISECT_ENDS = 4,	/* the ends do not bracket the target */
};

/* Below this confidence a single culprit is UNSURE (syzkaller's pkg/bisect drops results under it). */
#define BISECT_MIN_CONFIDENCE 0.66

/* Run the bisection of @req; returns its exit status. */
int bisect_run(const struct bisect_req *req);

#endif
