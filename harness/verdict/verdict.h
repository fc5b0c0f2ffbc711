/* SPDX-License-Identifier: GPL-2.0 */
/*
 * verdict.h - one test's verdict from everything observed about it: the
 * guest's exit status and KTAP output, the kernel reports attributed to it,
 * the "Memory failure" lines between its markers, and how its VM ended.
 *
 *   pass     the test passed and the console agrees with the expectation
 *   fail     a test assertion failed, or the console disagrees
 *   bug      a kernel report is attributed to the test
 *   xfail    a bug matching a known issue (configs/known-issues)
 *   xpass    a pass where a known issue should have reproduced: fixed?
 *   skip     the kernel lacks what the test needs (reason recorded)
 *   timeout  the test did not finish in time
 *   error    the harness or the setup could not run the test
 */
#ifndef PMEMFI_VERDICT_H
#define PMEMFI_VERDICT_H

#include "config/plan.h"
#include "verdict/step_result.h"

struct kconfig;
struct report;

enum verdict { V_PASS, V_FAIL, V_BUG, V_XFAIL, V_XPASS, V_SKIP, V_TIMEOUT, V_ERROR, V_NR };

/* What one test's verdict says to `git bisect` on its own (bisect.c). */
enum verdict_bisect {
	VB_GOOD,	/* the test ran clean */
	VB_BAD,		/* it saw the kernel misbehave */
	VB_SKIP,	/* it cannot tell: did not run, or ran into the harness */
};

/* How JUnit (Jenkins) shows a verdict: it has no xfail, xpass or timeout. */
enum verdict_junit {
	VJ_PASSED,	/* a plain <testcase> */
	VJ_SKIPPED,	/* <skipped>: keeps a known issue off the failure count */
	VJ_FAILURE,	/* <failure> */
	VJ_ERROR,	/* <error> */
};

/*
 * What a verdict means to every consumer, in one place: the writers, the
 * exit status, compare, canary and bisect-step ask this table and nothing
 * else.
 *
 *   clean    the test ran and met its expectation (pass, xpass)
 *   trouble  the run exits 1 for it (fail, bug, timeout, error)
 *   report   a kernel report made it (bug, xfail)
 *   known    a known issue decided it (xfail, xpass)
 *   ran      the test ran: everything but skip, which compare reports as
 *            lost coverage
 *   ktap_ok  "ok" in KTAP (not trouble); directive: SKIP, XFAIL, ...
 *   kcidb    the KCIDB test status; waived: a status nobody should be
 *            alerted by (KCIDB v4.3), for a known bug
 *   bisect   what it says to a bisection step; an error whose setup
 *            crashed the kernel is bad all the same (bisect.c)
 */
struct verdict_info {
	const char *name;
	unsigned clean:1, trouble:1, report:1, known:1, ran:1, ktap_ok:1, kcidb_waived:1;
	const char *ktap_directive;	/* NULL: none */
	const char *kcidb;		/* KCIDB test status */
	enum verdict_junit junit;
	enum verdict_bisect bisect;
};

/* The row of @v (an out-of-range @v gets the "error" row). */
const struct verdict_info *verdict_info(enum verdict v);

/* The verdict called @name; V_NR when there is none (a foreign summary). */
enum verdict verdict_from_name(const char *name);
/* verdict_info(verdict_from_name(@name)): an unknown name is an error. */
const struct verdict_info *verdict_info_of(const char *name);

struct verdict_out {
	enum verdict v;
	char *reason;			/* one line, caller frees */
	const struct report *report;	/* the report that made it a bug, or NULL */
	/*
	 * A bug's verdict without its reports: what the test itself came to
	 * (pass when the report ended the VM in the middle of it), so that
	 * known_apply() can excuse the reports and still see a failed check,
	 * a timeout or an error. Only for V_BUG; rest_reason: caller frees.
	 */
	enum verdict rest;
	char *rest_reason;
};

void verdict_decide(const struct cell *c, const struct step_result *r, struct verdict_out *out);

/* Free what verdict_decide() and known_apply() leave in @out. */
void verdict_out_free(struct verdict_out *out);

const char *verdict_name(enum verdict v);

/* "dax page: Failed" from a "Memory failure: 0x..: recovery action for dax page: Failed" line. */
const char *verdict_mf_text(const char *line);

#endif
