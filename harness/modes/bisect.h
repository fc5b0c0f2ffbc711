/* SPDX-License-Identifier: GPL-2.0 */
/*
 * bisect.h - what one run says about a commit, for "git bisect run":
 *
 *   bad   a selected test (or the setup it needed) shows what --bad names:
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

/* Judge the run @summary (a summary.json object); @why gets one line. */
enum bisect_answer bisect_judge(struct json_object *summary, const char *bad, struct strbuf *why);

#endif
