// SPDX-License-Identifier: GPL-2.0
/*
 * The guest programs' argv contract (common/step_argv.h): what the harness
 * writes today parses, the builder writes what the parser reads, and
 * misuse is caught on both sides.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include "common/step_argv.h"

#define ARGC(a) ((int)(sizeof(a) / sizeof((a)[0])) - 1)

static void parses_what_the_harness_writes(void **state)
{
	char *mf[] = { "memory_failure", "--ns", "devdax", "--injector", "corrupt-pfn", "--point", "A-first",
		       "--expect", "ENXIO", "--poisons", "no", NULL };
	char *ns[] = { "ns_setup", "--name", "fs", "--mode", "fsdax", "--map", "mem", "--align", "2M",
		       "--size", "256M", "--region", "legacy", "--no-info-block", NULL };
	char *st[] = { "stress", "--ns", "devdax", "--kind", "mappers", "--iterations", "10", "--seconds", "5",
		       "--threads", "2", NULL };
	char *nf[] = { "nfit_errors", "--mode", "devdax", "--test", "nfit-meta", "--point=B-mid", "--expect", "ok", NULL };
	struct step_args a;
	char err[160];

	(void)state;
	assert_int_equal(step_parse(STEP_MEMORY_FAILURE, ARGC(mf), mf, &a, err, sizeof(err)), 0);
	assert_string_equal(a.val[STEP_OPT_INJECTOR], "corrupt-pfn");
	assert_string_equal(a.val[STEP_OPT_POISONS], "no");
	assert_int_equal(step_parse(STEP_NS_SETUP, ARGC(ns), ns, &a, err, sizeof(err)), 0);
	assert_string_equal(a.val[STEP_OPT_NO_INFO_BLOCK], "");
	assert_null(a.val[STEP_OPT_INIT_LABELS]);
	assert_string_equal(a.val[STEP_OPT_REGION], "legacy");
	assert_int_equal(step_parse(STEP_STRESS, ARGC(st), st, &a, err, sizeof(err)), 0);
	assert_string_equal(a.val[STEP_OPT_THREADS], "2");
	assert_int_equal(step_parse(STEP_NFIT_ERRORS, ARGC(nf), nf, &a, err, sizeof(err)), 0);
	assert_string_equal(a.val[STEP_OPT_POINT], "B-mid");
}

static void rejects(void **state)
{
	char *unknown[] = { "pfn_walkers", "--ns", "x", "--injector", "kpageflags", NULL };
	char *missing[] = { "pfn_walkers", "--ns", "x", "--walker", "kpageflags", "--point", "A-first", NULL };
	char *novalue[] = { "pfn_walkers", "--ns", NULL };
	char *choice[] = { "ns_setup", "--map", "disk", NULL };
	char *flagval[] = { "ns_setup", "--init-labels=1", NULL };
	char *positional[] = { "ns_setup", "--init-labels", "extra", NULL };
	char *help[] = { "stress", "--help", NULL };
	struct step_args a;
	char err[160];

	(void)state;
	assert_int_equal(step_parse(STEP_PFN_WALKERS, ARGC(unknown), unknown, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "unknown option '--injector'");
	assert_int_equal(step_parse(STEP_PFN_WALKERS, ARGC(missing), missing, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "--expect is required");
	assert_int_equal(step_parse(STEP_PFN_WALKERS, ARGC(novalue), novalue, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "--ns needs a value");
	assert_int_equal(step_parse(STEP_NS_SETUP, ARGC(choice), choice, &a, err, sizeof(err)), -1);
	assert_string_equal(err, "--map 'disk': not dev|mem");
	assert_int_equal(step_parse(STEP_NS_SETUP, ARGC(flagval), flagval, &a, err, sizeof(err)), -1);
	assert_int_equal(step_parse(STEP_NS_SETUP, ARGC(positional), positional, &a, err, sizeof(err)), -1);
	assert_int_equal(step_parse(STEP_STRESS, ARGC(help), help, &a, err, sizeof(err)), STEP_HELP);
}

static void builds_what_the_guest_reads(void **state)
{
	struct step_argv v;
	struct step_args a;
	char err[160];

	(void)state;
	step_argv_init(&v, STEP_MEMORY_FAILURE);
	step_argv_add(&v, STEP_OPT_NS, "%s", "devdax");
	step_argv_add(&v, STEP_OPT_INJECTOR, "%s", "mce-ar");
	step_argv_add(&v, STEP_OPT_POINT, "%s", "C-mapped");
	step_argv_add(&v, STEP_OPT_EXPECT, "%s", "SIGBUS:BUS_MCEERR_AR");
	assert_int_equal(step_argv_check(&v), 0);
	assert_int_equal(v.argc, 9);
	assert_string_equal(v.argv[0], "memory_failure");
	assert_string_equal(v.argv[3], "--injector");
	assert_null(v.argv[9]);
	assert_int_equal(step_parse(STEP_MEMORY_FAILURE, v.argc, v.argv, &a, err, sizeof(err)), 0);
	assert_string_equal(a.val[STEP_OPT_EXPECT], "SIGBUS:BUS_MCEERR_AR");

	step_argv_init(&v, STEP_NS_SETUP);
	step_argv_flag(&v, STEP_OPT_INIT_LABELS);
	assert_int_equal(step_argv_check(&v), 0);
	assert_string_equal(v.argv[1], "--init-labels");

	/* Misuse: an option of another program, a flag with a value, two words, a missing option. */
	step_argv_init(&v, STEP_PFN_WALKERS);
	step_argv_add(&v, STEP_OPT_INJECTOR, "%s", "corrupt-pfn");
	assert_int_equal(step_argv_check(&v), -1);
	step_argv_init(&v, STEP_NS_SETUP);
	step_argv_add(&v, STEP_OPT_INIT_LABELS, "%d", 1);
	assert_int_equal(step_argv_check(&v), -1);
	step_argv_init(&v, STEP_STRESS);
	step_argv_add(&v, STEP_OPT_NS, "%s", "two words");
	assert_int_equal(step_argv_check(&v), -1);
	step_argv_init(&v, STEP_STRESS);
	step_argv_add(&v, STEP_OPT_NS, "%s", "devdax");
	assert_int_equal(step_argv_check(&v), -1);
	assert_string_equal(v.err, "stress: --kind is required");
}

static void every_program_named(void **state)
{
	(void)state;
	for (int p = 0; p < STEP_NR_PROGS; p++)
		assert_int_equal(step_prog_find(step_prog_name(p)), p);
	assert_int_equal(step_prog_find("nope"), -1);
	for (int o = 1; o < STEP_NR_OPTS; o++)
		assert_non_null(step_opts[o].name);
	assert_true(step_prog_requires(STEP_NFIT_ERRORS, STEP_OPT_MODE));
	assert_false(step_prog_requires(STEP_NS_SETUP, STEP_OPT_MODE));
	assert_false(step_prog_takes(STEP_STRESS, STEP_OPT_POINT));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_what_the_harness_writes),
		cmocka_unit_test(rejects),
		cmocka_unit_test(builds_what_the_guest_reads),
		cmocka_unit_test(every_program_named),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
