/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ktap.h - kselftest for pmemfi's guest tests: KTAP v1 output, the
 * kselftest exit codes (0 pass, 1 fail, 4 skip), typed checks that print
 * both values, and fixtures whose teardown runs however the test ends.
 *
 * A pmemfi test program runs one test case per invocation (the harness
 * expands the matrix and passes the cell on the command line), so the
 * output is always exactly what harness/verdict/verdict.c reads:
 *
 *   KTAP version 1
 *   1..1
 *   # any diagnostic line
 *   # FAIL: file.c:123: what failed          one per failed check
 *   ok 1 NAME | not ok 1 NAME | ok 1 NAME # SKIP why [(needs WHAT)]
 *
 * The checks are kselftest_harness.h's: EXPECT_* records a failure and
 * goes on, ASSERT_* ends the test. The typed ones say what was measured,
 * then both values:
 *
 *   EXPECT_EQ(seen, n, "injection status records")
 *     # FAIL: nfit_errors.c:210: injection status records: got 2, expected 1
 *   ASSERT_STREQ(out.text, expect, "%s at %s", injector, point)
 *     # FAIL: memory_failure.c:300: corrupt-pfn at A-first: got ok, expected ENXIO
 *   EXPECT_GE(n, 1)
 *     # FAIL: stress.c:90: n: got 0, expected >= 1
 *
 * The context (a printf format) is optional; without one the first
 * expression is named. Signed values print in decimal, unsigned ones in
 * decimal and, from 0x10000 on, hex too. The text after "file:line: " of
 * a failure is what configs/known-issues matches ("failure" lines): a
 * check named there keeps its words.
 *
 * The kernel's kselftest_harness.h itself does not fit: it prints "TAP
 * version 13" and a plan of every test, names results fixture.variant.test,
 * takes its own -t/-v/-f options and forks a child per test.
 */
#ifndef PMEMFI_KTAP_H
#define PMEMFI_KTAP_H

#include <stdarg.h>
#include <stdint.h>
#include <string.h>

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

/* Print "ok 1 name # SKIP reason" and exit 4 (after the teardown, in a fixture). */
void ktap_skip(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

/*
 * A skip for want of @need (a CONFIG_ symbol, or "nfit_test"): "ok 1 name
 * # SKIP reason (needs NEED)". The harness holds it to what it knows of
 * the kernel: a skip for want of something the kernel has is an error.
 */
void ktap_skip_needs(const char *need, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* Print the failure, the result line "not ok", and exit 1 (after the teardown). */
void ktap_abort(const char *fmt, ...) __attribute__((format(printf, 1, 2), noreturn));

#define EXPECT_TRUE(cond, fmt, ...) \
	do { if (!(cond)) ktap_fail("%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__); } while (0)
#define ASSERT_TRUE(cond, fmt, ...) \
	do { if (!(cond)) ktap_abort("%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__); } while (0)

/* Where a failed typed check stands, and what it measured. */
struct ktap_check {
	const char *file;
	int line;
	int fatal;		/* ASSERT: end the test */
	const char *op;		/* "", "!= ", "< ", ...: printed before the expected value */
	const char *what;	/* the measured expression, when no context is given */
};

void ktap_check_num(const struct ktap_check *c, int sgot, uintmax_t got, int swant, uintmax_t want,
		    const char *fmt, ...) __attribute__((format(printf, 6, 7)));
void ktap_check_str(const struct ktap_check *c, const char *got, const char *want,
		    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

#define KTAP_SIGNED(v) (((__typeof__(v))-1) < (__typeof__(v))1)

/*
 * KTAP_CTX __VA_ARGS__: the context must start with a string literal and
 * may be left out; the marker keeps the format non-empty either way.
 */
#define KTAP_CTX "\x01"
#define KTAP_CMP(got, op, want, opname, fatal, ...) do {					\
	__typeof__(got) _kg = (got);								\
	__typeof__(want) _kw = (want);								\
	if (!(_kg op _kw)) {									\
		static const struct ktap_check _kc = { __FILE__, __LINE__, fatal, opname, #got };	\
		ktap_check_num(&_kc, KTAP_SIGNED(_kg), (uintmax_t)_kg, KTAP_SIGNED(_kw),	\
			       (uintmax_t)_kw, KTAP_CTX __VA_ARGS__);					\
	}											\
} while (0)

#define KTAP_STR(got, eq, want, fatal, ...) do {						\
	const char *_kg = (got), *_kw = (want);							\
	if (!_kg || !_kw || (strcmp(_kg, _kw) == 0) != (eq)) {					\
		static const struct ktap_check _kc = { __FILE__, __LINE__, fatal,		\
						       (eq) ? "" : "not ", #got };		\
		ktap_check_str(&_kc, _kg, _kw, KTAP_CTX __VA_ARGS__);					\
	}											\
} while (0)

#define EXPECT_EQ(got, want, ...) KTAP_CMP(got, ==, want, "", 0, __VA_ARGS__)
#define EXPECT_NE(got, want, ...) KTAP_CMP(got, !=, want, "!= ", 0, __VA_ARGS__)
#define EXPECT_LT(got, want, ...) KTAP_CMP(got, <, want, "< ", 0, __VA_ARGS__)
#define EXPECT_LE(got, want, ...) KTAP_CMP(got, <=, want, "<= ", 0, __VA_ARGS__)
#define EXPECT_GT(got, want, ...) KTAP_CMP(got, >, want, "> ", 0, __VA_ARGS__)
#define EXPECT_GE(got, want, ...) KTAP_CMP(got, >=, want, ">= ", 0, __VA_ARGS__)
#define ASSERT_EQ(got, want, ...) KTAP_CMP(got, ==, want, "", 1, __VA_ARGS__)
#define ASSERT_NE(got, want, ...) KTAP_CMP(got, !=, want, "!= ", 1, __VA_ARGS__)
#define ASSERT_LT(got, want, ...) KTAP_CMP(got, <, want, "< ", 1, __VA_ARGS__)
#define ASSERT_LE(got, want, ...) KTAP_CMP(got, <=, want, "<= ", 1, __VA_ARGS__)
#define ASSERT_GT(got, want, ...) KTAP_CMP(got, >, want, "> ", 1, __VA_ARGS__)
#define ASSERT_GE(got, want, ...) KTAP_CMP(got, >=, want, ">= ", 1, __VA_ARGS__)
#define EXPECT_STREQ(got, want, ...) KTAP_STR(got, 1, want, 0, __VA_ARGS__)
#define EXPECT_STRNE(got, want, ...) KTAP_STR(got, 0, want, 0, __VA_ARGS__)
#define ASSERT_STREQ(got, want, ...) KTAP_STR(got, 1, want, 1, __VA_ARGS__)
#define ASSERT_STRNE(got, want, ...) KTAP_STR(got, 0, want, 1, __VA_ARGS__)

/*
 * A fixture, as kselftest_harness.h's FIXTURE / FIXTURE_VARIANT / TEST_F,
 * for a program that runs one of its tests per invocation: @setup, then
 * the test, then @teardown, which runs however the test ended (returned,
 * failed an ASSERT, skipped), provided @setup returned. An ASSERT or skip
 * in @setup ends the test without a teardown; one in @teardown ends it at
 * once. @self is the program's fixture struct; a test's @variant is its
 * own constant data (the flags that tell variants of one test apart).
 */
struct ktap_fixture {
	void (*setup)(void *self, const void *variant);
	void (*teardown)(void *self, const void *variant);
};

struct ktap_test {
	const char *name;
	void (*run)(void *self, const void *variant);
	const void *variant;
};

/* Run @test in @fixture, print the result, exit. ktap_begin() comes first. */
void ktap_run(const struct ktap_fixture *fixture, const struct ktap_test *test, void *self)
	__attribute__((noreturn));

/* The test called @name in @tests (ended by a NULL name), or NULL. */
const struct ktap_test *ktap_find(const struct ktap_test *tests, const char *name);

#endif
