/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bisect.h - what one run says about a commit, for "git bisect run":
 *
 *   bad   a selected test (or the setup it needed) shows what --signature (bisect-step) names:
 *         a substring of a report title, a failure reason, or the verdict
 *         name ("timeout"); without --bad, any kernel report or failed
 *         check (bug, xfail, fail, or an error whose setup crashed)
 *   good  every selected test ran and met its expectation (pass, xpass),
 *         and no report outside the tests went unexplained
 *   skip  anything else: skips, errors, timeouts, other bugs than --bad,
 *         tests that never ran, unexplained reports outside the tests
 *
 * A known bug (xfail) is still the bug a bisection may be after.
 */
#ifndef PMEMFI_BISECT_H
#define PMEMFI_BISECT_H

struct json_object;
struct strbuf;

enum bisect_answer { BISECT_GOOD, BISECT_BAD, BISECT_SKIP };

/*
 * bisect-step's exit codes beyond good (0) and bad (1), git's convention:
 * 125 skips the commit, 128 and up stop the bisection.
 */
enum {
	BISECT_STEP_SKIP = 125,		/* this commit cannot be tested, or could not tell */
	BISECT_STEP_USAGE = 128,	/* bad usage, wherever it is found */
	BISECT_STEP_HOST = 129,		/* the host failed: QEMU, the image, results, the cache */
};

/*
 * What makes a run bad: @text as --signature above, counted only in cells of
 * @action (an injector or walker) whose pfn point is of @point_class
 * ('A', 'B', 'C'), each when set. A report or failure elsewhere makes
 * the run skip, never bad.
 */
struct bisect_target {
	const char *text;
	const char *action;
	char point_class;
};

/* Does test @t (an object of summary.json's tests) show @target? */
int bisect_test_bad(struct json_object *t, const struct bisect_target *target);

/* Judge the run @summary (a summary.json object); @why gets one line. */
enum bisect_answer bisect_judge(struct json_object *summary, const struct bisect_target *target,
				struct strbuf *why);

/*
 * The target a bad run shows: the title (else the failure reason) of its
 * first bad test, and that cell's action (into @action, the caller's
 * buffer, which target->action then points to) and pfn class. Returns 0,
 * or -1 when the run shows nothing bad. target->text points into @summary.
 */
int bisect_learn(struct json_object *summary, struct bisect_target *target, char *action, int alen);

#endif
