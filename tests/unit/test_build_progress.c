// SPDX-License-Identifier: GPL-2.0
/* A long make's progress, counted from its log (kbuild's quiet lines). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "lib/build_progress.h"
#include "lib/util.h"

/* Lines of a real build.log of this suite's KASAN kernel (6.12.118). */
static const char log_text[] =
	"make: Entering directory '/root/.cache/pmemfi/work/6ed7be271006b12f/src'\n"
	"  HOSTCC  scripts/basic/fixdep\n"
	"# configuration written to .config\n"
	"  CC      lib/zstd/common/debug.o\n"
	"../src/lib/zstd/common/entropy_common.c: In function 'HUF_readStats':\n"
	"../src/lib/zstd/common/entropy_common.c:257:1: warning: the frame size of 1056 bytes is larger than 1024 bytes [-Wframe-larger-than=]\n"
	"  257 | }\n"
	"      | ^\n"
	"  CC [M]  drivers/nvdimm/pmem.o\n"
	"  LD      /root/.cache/pmemfi/work/6ed7be271006b12f/build-93341de1e901bfe0/tools/objtool/objtool-in.o\n"
	"  MODPOST Module.symvers\n"
	"Value of CONFIG_TTY is redefined by fragment /work/main/configs/kernel/base.config:\n"
	"\n"
	"  AR      lib/built-in.a\n"
	"  CC      fs/ext4/bitm";	/* cut mid-line: not yet counted */

static void counts_kbuild_steps_only(void **state)
{
	(void)state;
	assert_int_equal(build_progress_count(log_text, strlen(log_text)), 6);
	assert_int_equal(build_progress_count("  CC", 4), 0);
	assert_int_equal(build_progress_count("", 0), 0);
}

static void ticks_count_what_the_log_gained(void **state)
{
	char path[] = "/tmp/pmemfi-bp-XXXXXX", line[256];
	int fd = mkstemp(path);
	struct build_progress bp;

	(void)state;
	assert_true(fd >= 0);
	/* What the log held before this make is not its progress. */
	assert_int_equal(write(fd, "  CC      old.o\n", 16), 16);
	build_progress_start(&bp, "kernel build", path, 12);
	bp.tty = 0;
	assert_int_equal(write(fd, log_text, strlen(log_text)), (ssize_t)strlen(log_text));
	build_progress_tick(&bp);
	assert_int_equal(bp.steps, 6);
	/* The cut line counts once it is whole. */
	assert_int_equal(write(fd, "ap.o\n", 5), 5);
	build_progress_end(&bp);
	assert_int_equal(bp.steps, 7);
	bp.t0 = 100;
	build_progress_line(&bp, 170, line, sizeof(line));
	assert_string_equal(line, "kernel build: 7 of about 12 steps (58%), 1m10s elapsed, about 0m50s left");
	/*
	 * With a time profile (a tenth of the time for the first fifth of the
	 * steps, half for the first 7/12): 70 s is half of 140 s.
	 */
	bp.profile_steps[0] = 0.2;
	bp.profile_time[0] = 0.1;
	bp.profile_steps[1] = 7.0 / 12;
	bp.profile_time[1] = 0.5;
	bp.nr_profile = 2;
	build_progress_line(&bp, 170, line, sizeof(line));
	assert_string_equal(line, "kernel build: 7 of about 12 steps (58%), 1m10s elapsed, about 1m10s left");
	assert_float_equal(build_progress_time_at(&bp, 0.1), 0.05, 1e-9);
	assert_float_equal(build_progress_time_at(&bp, 0.8), 0.5 + 0.5 * (0.8 - 7.0 / 12) / (1 - 7.0 / 12), 1e-9);
	assert_float_equal(build_progress_time_at(&bp, 1), 1, 1e-9);
	bp.nr_profile = 0;
	assert_float_equal(build_progress_time_at(&bp, 0.3), 0.3, 1e-9);
	bp.expect = 0;
	build_progress_line(&bp, 170, line, sizeof(line));
	assert_string_equal(line, "kernel build: 7 steps, 1m10s elapsed");
	bp.expect = 5;
	build_progress_line(&bp, 170, line, sizeof(line));
	assert_string_equal(line, "kernel build: 7 steps, 1m10s elapsed, past the estimate");
	close(fd);
	unlink(path);
}

static void remembers_the_estimate(void **state)
{
	char path[] = "/tmp/pmemfi-bp-XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	assert_int_equal(build_progress_expect(path), 0);
	build_progress_remember(path, 3050);
	assert_int_equal(build_progress_expect(path), 3050);
	unlink(path);
	assert_int_equal(build_progress_expect(path), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(counts_kbuild_steps_only),
		cmocka_unit_test(ticks_count_what_the_log_gained),
		cmocka_unit_test(remembers_the_estimate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
