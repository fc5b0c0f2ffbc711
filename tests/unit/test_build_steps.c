// SPDX-License-Identifier: GPL-2.0
/* How many steps a kernel build from scratch takes: the shipped table, this machine's counts. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "kernel/build_steps.h"
#include "lib/util.h"

static const char *const plain[] = { "base", "kasan", "debug-vm" };
static const char *const detector[] = { "base", "kasan", "debug-vm", "memmap-kasan" };

static const char table[] =
	"# VERSION FRAGMENTS STEPS\n"
	"6.12.118   base kasan debug-vm               2074   # measured\n"
	"6.12.118\tbase kasan debug-vm memmap-kasan   2075\n"
	"7.3.4      base kasan debug-vm memmap-kasan  2225\n"
	"not a line\n";

static void from_the_table(void **state)
{
	char path[] = "/tmp/pmemfi-test-steps.XXXXXX";
	int fd = mkstemp(path);

	(void)state;
	close(fd);
	write_file(path, table, strlen(table));
	/* Exact keys, whatever blanks the file has. */
	assert_int_equal(build_steps_expect(path, NULL, "6.12.118", plain, 3), 2074);
	assert_int_equal(build_steps_expect(path, NULL, "6.12.118", detector, 4), 2075);
	/* Another 6.12 release with those fragments: its major.minor's. */
	assert_int_equal(build_steps_expect(path, NULL, "6.12.117", detector, 4), 2075);
	/* 7.3.4 without the detector: the same version with other fragments. */
	assert_int_equal(build_steps_expect(path, NULL, "7.3.4", plain, 3), 2225);
	/* Nothing near: unknown. */
	assert_int_equal(build_steps_expect(path, NULL, "6.1.192", plain, 3), 0);
	assert_int_equal(build_steps_expect("/nonexistent", NULL, "6.12.118", plain, 3), 0);
	unlink(path);
}

static void remembered(void **state)
{
	char tpath[] = "/tmp/pmemfi-test-steps.XXXXXX", mine[] = "/tmp/pmemfi-test-mine.XXXXXX";
	int fd = mkstemp(tpath), fd2 = mkstemp(mine);
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	close(fd);
	close(fd2);
	write_file(tpath, table, strlen(table));
	/* A file of one bare number (before keys): the last resort only. */
	write_file(mine, "3050\n", 5);
	assert_int_equal(build_steps_expect(tpath, mine, "6.12.118", plain, 3), 2074);
	assert_int_equal(build_steps_expect(tpath, mine, "6.1.192", plain, 3), 3050);
	/* This machine's exact count beats the table's; other keys are kept, the bare number goes. */
	build_steps_remember(mine, "6.12.118", plain, 3, 2080);
	build_steps_remember(mine, "6.1.192", plain, 3, 1500);
	build_steps_remember(mine, "6.12.118", plain, 3, 2081);
	assert_int_equal(build_steps_expect(tpath, mine, "6.12.118", plain, 3), 2081);
	assert_int_equal(build_steps_expect(tpath, mine, "6.1.192", plain, 3), 1500);
	/* A near count of this machine's loses to the table's exact one. */
	assert_int_equal(build_steps_expect(tpath, mine, "6.12.118", detector, 4), 2075);
	assert_int_equal(read_file(mine, &sb), 0);
	assert_string_equal(sb.buf, "6.1.192 base kasan debug-vm 1500\n6.12.118 base kasan debug-vm 2081\n");
	strbuf_release(&sb);
	unlink(tpath);
	unlink(mine);
}

/* The shipped table parses, knows the default kernel's build, and has a time profile. */
static void shipped(void **state)
{
	double steps[16], time[16];

	(void)state;
	assert_true(build_steps_expect("configs/kernel/build-steps", NULL, "6.12.118", plain, 3) > 1000);
	assert_true(build_steps_profile("configs/kernel/build-steps", steps, time, 16) >= 3);
}

/* The profile line: fractions, each past the one before; anything else means none. */
static void profile(void **state)
{
	char path[] = "/tmp/pmemfi-test-profile.XXXXXX";
	int fd = mkstemp(path);
	double steps[4], time[4];
	static const char *const bad[] = {
		"profile 0.2:0.1 0.1:0.3\n", "profile 0.2:0.1 0.3:0.1\n", "profile 0.2\n", "profile 1.5:0.5\n",
		"profile 0.1:0.1 0.2:0.2 0.3:0.3 0.4:0.4 0.5:0.5\n",
	};

	(void)state;
	close(fd);
	write_file(path, table, strlen(table));
	assert_int_equal(build_steps_profile(path, steps, time, 4), 0);
	{
		static const char text[] = "6.12.118 base 2074\nprofile\t0.1:0.05 0.5:0.45   # comment\n";

		write_file(path, text, strlen(text));
		assert_int_equal(build_steps_profile(path, steps, time, 4), 2);
		assert_true(steps[0] == 0.1 && time[0] == 0.05 && steps[1] == 0.5 && time[1] == 0.45);
		/* The profile line is no count. */
		assert_int_equal(build_steps_expect(path, NULL, "6.12.118", plain, 3), 2074);
	}
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		write_file(path, bad[i], strlen(bad[i]));
		assert_int_equal(build_steps_profile(path, steps, time, 4), 0);
	}
	unlink(path);
}

static void tree_version(void **state)
{
	char dir[] = "/tmp/pmemfi-test-tree.XXXXXX", buf[32];
	char *mk;

	(void)state;
	assert_non_null(mkdtemp(dir));
	mk = xasprintf("%s/Makefile", dir);
	write_file(mk, "# x\nVERSION = 7\nPATCHLEVEL = 3\nSUBLEVEL = 4\nEXTRAVERSION =\n", 55);
	assert_int_equal(build_steps_tree_version(dir, buf, sizeof(buf)), 0);
	assert_string_equal(buf, "7.3.4");
	unlink(mk);
	assert_int_equal(build_steps_tree_version(dir, buf, sizeof(buf)), -1);
	free(mk);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(from_the_table),
		cmocka_unit_test(remembered),
		cmocka_unit_test(shipped),
		cmocka_unit_test(profile),
		cmocka_unit_test(tree_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
