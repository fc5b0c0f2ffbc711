/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktap.h - the few pieces of kselftest a pmemfi guest test needs: KTAP v1
 * output and the kselftest exit codes (0 pass, 1 fail, 4 skip).
 *
 * A pmemfi test program runs one test case per invocation (the harness
 * expands the matrix and passes the cell on the command line), so the
 * output is always a plan of 1 and one result line. Checks record a failure
 * and go on (EXPECT) or end the test (ASSERT), as in kselftest_harness.h.
 */
#ifndef PMEMFI_KTAP_H
#define PMEMFI_KTAP_H

#include <stdarg.h>

#define KSFT_PASS 0
#define KSFT_FAIL 1
#define KSFT_SKIP 4

/* Start the output of test @name: "KTAP version 1" and the plan. */
void ktap_begin(const char *name);

/* A "# ..." diagnostic line. */
void ktap_diag(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Record a failed check (the test goes on). */
void ktap_fail(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* Print the result line and exit with the kselftest code. */
void ktap_finish(void) __attribute__((noreturn));

/* Print "ok 1 name # SKIP reason" and exit 4. */
void ktap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * A skip for want of @need (a CONFIG_ symbol, or "nfit_test"): "ok 1 name
 * # SKIP reason (needs NEED)". The harness holds it to what it knows of
 * the kernel: a skip for want of something the kernel has is an error.
 */
void ktap_skip_needs(const char *need, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* Print the failure, the result line "not ok", and exit 1. */
void ktap_abort(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#define EXPECT_TRUE(cond, fmt, ...) \
	do { if (!(cond)) ktap_fail("%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__); } while (0)
#define ASSERT_TRUE(cond, fmt, ...) \
	do { if (!(cond)) ktap_abort("%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__); } while (0)

#endif
