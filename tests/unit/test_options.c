// SPDX-License-Identifier: GPL-2.0
/* "pmemfi run" option parsing: defaults, values, and one-line errors. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli/options.h"

#define ARGV(...) ((char *[]){ "run", __VA_ARGS__, NULL })
#define ARGC(...) ((int)(sizeof((char *[]){ "run", __VA_ARGS__ }) / sizeof(char *)))

static int parse(struct run_options *o, int argc, char **argv, char *err)
{
	return options_parse(o, argc, argv, err, 256);
}

static void defaults(void **state)
{
	struct run_options o;
	char err[256];
	char *argv[] = { "run", NULL };

	(void)state;
	assert_int_equal(parse(&o, 1, argv, err), 0);
	assert_string_equal(o.kernel, "kasan");
	assert_int_equal(o.nr_fragments, 0);
	assert_false(o.canaries);
	assert_string_equal(o.profile, "quick");
	assert_string_equal(o.results, "results");
	assert_string_equal(o.accel, "auto");
	assert_null(o.seed);
	assert_null(o.tests);
	assert_int_equal(o.timeout_test, 0);
	assert_int_equal(o.shard_n, 0);
	assert_int_equal(o.kaslr, -1);
}

static void shard(void **state)
{
	struct run_options o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, ARGC("--shard", "2/4"), ARGV("--shard", "2/4"), err), 0);
	assert_int_equal(o.shard_k * 10 + o.shard_n, 24);
	assert_int_equal(parse(&o, ARGC("--shard", "5/4"), ARGV("--shard", "5/4"), err), -1);
	assert_string_equal(err, "--shard: '5/4' is not K/N with 1 <= K <= N <= 64");
}

static void append(void **state)
{
	struct run_options o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, ARGC("--append", "initcall_debug foo=1"), ARGV("--append", "initcall_debug foo=1"),
			       err), 0);
	assert_string_equal(o.append, "initcall_debug foo=1");
	assert_int_equal(parse(&o, ARGC("--append", "a'b"), ARGV("--append", "a'b"), err), -1);
	assert_string_equal(err, "--append: 'a'b' is not kernel command line words");
	assert_int_equal(parse(&o, ARGC("--kernel", "kasan"), ARGV("--kernel", "kasan"), err), 0);
	assert_null(o.append);
}

static void values(void **state)
{
	struct run_options o;
	char err[256];

	(void)state;
	assert_int_equal(parse(&o, ARGC("--kernel", "/k/bzImage", "--modules", "/k/mods", "--seed",
					"random:7", "--profile", "quick", "--tests", "*A-first*", "--accel",
					"tcg", "--timeout-test", "30", "--results", "/tmp/r", "-v", "--list"),
			       ARGV("--kernel", "/k/bzImage", "--modules", "/k/mods", "--seed",
				    "random:7", "--profile", "quick", "--tests", "*A-first*", "--accel",
				    "tcg", "--timeout-test", "30", "--results", "/tmp/r", "-v", "--list"), err), 0);
	assert_string_equal(o.kernel, "/k/bzImage");
	assert_string_equal(o.modules, "/k/mods");
	assert_string_equal(o.seed, "random:7");
	assert_string_equal(o.tests, "*A-first*");
	assert_string_equal(o.accel, "tcg");
	assert_int_equal(o.timeout_test, 30);
	assert_string_equal(o.results, "/tmp/r");
	assert_true(o.verbose);
	assert_true(o.list);
	assert_int_equal(parse(&o, ARGC("--kernel-tree", "/src/linux", "--fragment", "ubsan", "--fragment",
					"lockdep", "--canaries"),
			       ARGV("--kernel-tree", "/src/linux", "--fragment", "ubsan", "--fragment",
				    "lockdep", "--canaries"), err), 0);
	assert_string_equal(o.tree, "/src/linux");
	assert_int_equal(o.nr_fragments, 2);
	assert_string_equal(o.fragments[1], "lockdep");
	assert_true(o.canaries);
	/* --opt=value works too. */
	assert_int_equal(parse(&o, ARGC("--kernel=debian:6.12.107"), ARGV("--kernel=debian:6.12.107"), err), 0);
	assert_string_equal(o.kernel, "debian:6.12.107");
	assert_int_equal(parse(&o, ARGC("--kaslr", "on"), ARGV("--kaslr", "on"), err), 0);
	assert_int_equal(o.kaslr, 1);
	assert_int_equal(parse(&o, ARGC("--kaslr", "off"), ARGV("--kaslr", "off"), err), 0);
	assert_int_equal(o.kaslr, 0);
}

static void error(int argc, char **argv, const char *needle)
{
	struct run_options o;
	char err[256] = "";

	assert_int_equal(parse(&o, argc, argv, err), -1);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not mention '%s'", err, needle);
	assert_null(strchr(err, '\n'));
}

static void errors(void **state)
{
	(void)state;
	error(ARGC("--bogus"), ARGV("--bogus"), "unknown option '--bogus'");
	error(ARGC("--kernel"), ARGV("--kernel"), "needs a value");
	error(ARGC("--accel", "xen"), ARGV("--accel", "xen"), "not auto, tcg or kvm");
	error(ARGC("--timeout-test", "0"), ARGV("--timeout-test", "0"), "--timeout-test");
	error(ARGC("--timeout-boot", "ten"), ARGV("--timeout-boot", "ten"), "not a number");
	error(ARGC("stray"), ARGV("stray"), "unexpected argument 'stray'");
	error(ARGC("--kernel", ""), ARGV("--kernel", ""), "non-empty");
	error(ARGC("--kaslr", "yes"), ARGV("--kaslr", "yes"), "--kaslr: 'yes' is not on or off");
	error(ARGC("--fragment", "../etc/passwd"), ARGV("--fragment", "../etc/passwd"), "not a fragment name");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(defaults),
		cmocka_unit_test(values),
		cmocka_unit_test(shard),
		cmocka_unit_test(append),
		cmocka_unit_test(errors),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
