// SPDX-License-Identifier: GPL-2.0
/* The run's exit status from its counts: what makes a run green. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "results/results.h"
#include "lib/util.h"

static void exit_status(void **state)
{
	struct results r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.counts[V_PASS] = 30;
	r.counts[V_XFAIL] = 4;
	r.counts[V_XPASS] = 2;
	r.done = 36;
	assert_int_equal(results_exit_code(&r), EXIT_OK);
	/* A known boot report or a boot flake is listed, not a failure. */
	r.nr_known_run_reports = 1;
	r.nr_boot_flakes = 1;
	assert_int_equal(results_exit_code(&r), EXIT_OK);
	/* A report outside every test that nothing explains fails the run. */
	r.nr_run_reports = 1;
	assert_int_equal(results_exit_code(&r), EXIT_FAILED);
	r.nr_run_reports = 0;
	/* So does a planned test with no verdict: what did not run did not pass. */
	r.total = 37;
	assert_int_equal(results_exit_code(&r), EXIT_FAILED);
	r.total = 36;
	assert_int_equal(results_exit_code(&r), EXIT_OK);
	for (int v = 0; v < V_NR; v++) {
		r.counts[v]++;
		r.done++;
		/* A skip fails too here: the default share of skips allowed is 0%. */
		assert_int_equal(results_exit_code(&r),
				 verdict_info(v)->trouble || v == V_SKIP ? EXIT_FAILED : EXIT_OK);
		r.counts[v]--;
		r.done--;
	}
}

/* Skips: none allowed by default, a share when the profile says so. */
static void skip_share(void **state)
{
	struct results r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.counts[V_PASS] = 99;
	r.counts[V_SKIP] = 1;
	r.done = 100;
	assert_int_equal(results_skipped_over(&r), 1);
	assert_int_equal(results_exit_code(&r), EXIT_FAILED);
	r.max_skipped = 1;
	assert_int_equal(results_skipped_over(&r), -1);
	assert_int_equal(results_exit_code(&r), EXIT_OK);
	r.counts[V_SKIP] = 2;
	r.counts[V_PASS] = 98;
	assert_int_equal(results_skipped_over(&r), 2);
	assert_int_equal(results_exit_code(&r), EXIT_FAILED);
	/* Every test skipped is never a green run below 100%. */
	r.counts[V_PASS] = 0;
	r.counts[V_SKIP] = 100;
	r.max_skipped = 99;
	assert_int_equal(results_exit_code(&r), EXIT_FAILED);
	/*
	 * Tests the kernel cannot have (not applicable) skip, and count
	 * neither way: 26 of 382 would be 6.8% against the nightly's 1%.
	 */
	memset(&r, 0, sizeof(r));
	r.counts[V_PASS] = 356;
	r.counts[V_SKIP] = 26;
	r.done = 382;
	r.max_skipped = 1;
	assert_int_equal(results_exit_code(&r), EXIT_FAILED);
	r.not_applicable = 26;
	assert_int_equal(results_skipped_over(&r), -1);
	assert_int_equal(results_exit_code(&r), EXIT_OK);
	/* ...but one applicable skip more is still held to the share: 1 of 356 is under 1%, 4 are not. */
	r.counts[V_SKIP] += 4;
	r.counts[V_PASS] -= 4;
	assert_int_equal(results_skipped_over(&r), 1);
	assert_int_equal(results_exit_code(&r), EXIT_FAILED);
	/* Every test not applicable: the run tested nothing, so it is over whatever the share. */
	assert_int_equal(results_skip_share_over(26, 26, 26, 0), 100);
	assert_int_equal(results_skip_share_over(26, 26, 26, 100), 100);
	r.counts[V_PASS] = 0;
	r.counts[V_SKIP] = r.not_applicable = r.done = 26;
	assert_int_equal(results_exit_code(&r), EXIT_FAILED);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(exit_status),
		cmocka_unit_test(skip_share),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
