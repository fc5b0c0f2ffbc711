/* SPDX-License-Identifier: GPL-2.0 */
/*
 * step_argv.h - the argv contract between the harness and the guest programs:
 * which options each program takes, spelled once, for both sides.
 *
 * A step of a plan ("run <step> <argv0> [args...]", ctl.h) runs one guest
 * program once, for one test case. Its arguments are long options only:
 * "--name value" (or "--name=value") for an option with an argument,
 * "--name" for a flag; no positional arguments, no abbreviations. Every
 * program also takes --help. An option's value is one word of a control
 * message (ctl_word_ok()).
 *
 *   program         options (* required)
 *   ns_setup        --init-labels | --placeholder, --name --mode --map
 *                   --align --size --region --provider --no-info-block --seed-a
 *                   (which are required depends on the form: ns_setup.c)
 *   memory_failure  --ns* --injector* --point* --expect* --poisons
 *   pfn_walkers     --ns* --walker* --point* --expect*
 *   stress          --ns* --kind* --iterations --seconds --threads
 *   nfit_errors     --mode* --test* --point* --expect*
 *
 * The host builds an argv with step_argv_*(), which checks it against the
 * same table the guest parses it with (step_parse()): what one side
 * writes, the other reads. Values are checked here only where the table
 * lists the choices; names of injectors, points and the like are checked
 * against common/names.h by the program.
 */
#ifndef PMEMFI_STEP_ARGV_H
#define PMEMFI_STEP_ARGV_H

#include <stddef.h>
#include <stdio.h>

#include "ctl.h"

enum step_prog {
	STEP_NS_SETUP, STEP_MEMORY_FAILURE, STEP_PFN_WALKERS, STEP_STRESS, STEP_NFIT_ERRORS,
	STEP_NR_PROGS,
};

/* Every option of every program; one spelling each (step_opts[]). */
enum step_opt {
	STEP_OPT_NONE,
	STEP_OPT_INIT_LABELS, STEP_OPT_PLACEHOLDER, STEP_OPT_NAME, STEP_OPT_MODE, STEP_OPT_MAP,
	STEP_OPT_ALIGN, STEP_OPT_SIZE, STEP_OPT_REGION, STEP_OPT_PROVIDER, STEP_OPT_NO_INFO_BLOCK,
	STEP_OPT_SEED_A,
	STEP_OPT_NS, STEP_OPT_INJECTOR, STEP_OPT_WALKER, STEP_OPT_TEST, STEP_OPT_KIND,
	STEP_OPT_POINT, STEP_OPT_EXPECT, STEP_OPT_POISONS,
	STEP_OPT_ITERATIONS, STEP_OPT_SECONDS, STEP_OPT_THREADS,
	STEP_NR_OPTS,
};

struct step_opt_info {
	const char *name;	/* without the "--" */
	const char *arg;	/* what the value is, for usage ("NAME"), or NULL: a flag */
	const char *choices;	/* "yes|no": the only values allowed, or NULL */
	const char *what;	/* one line for the usage text */
};

extern const struct step_opt_info step_opts[STEP_NR_OPTS];

/* The program run for @prog ("memory_failure"), and back (-1 if none). */
const char *step_prog_name(enum step_prog prog);
int step_prog_find(const char *name);

/* Does @prog take @opt? Is it required? */
int step_prog_takes(enum step_prog prog, enum step_opt opt);
int step_prog_requires(enum step_prog prog, enum step_opt opt);

/* Parsed arguments: the value of each option given, "" for a flag, or NULL. */
struct step_args {
	enum step_prog prog;
	const char *val[STEP_NR_OPTS];
};

#define STEP_HELP 1

/*
 * Parse @argv (argv[0] is the program, not looked at) for @prog. Returns
 * 0, STEP_HELP when --help was given, or -1 with @err set: an option
 * @prog does not take, a missing value or required option, a value not
 * among the choices, a positional argument. A repeated option: last wins.
 */
int step_parse(enum step_prog prog, int argc, char *const argv[], struct step_args *a,
	       char *err, size_t errlen);

/* The usage text of @prog, generated from the table, to @f. */
void step_usage(enum step_prog prog, FILE *f);

/*
 * For guest programs: step_parse(), and on --help the usage to stdout and
 * exit 0, on an error the error and the usage to stderr and exit 2.
 */
void step_parse_or_exit(enum step_prog prog, int argc, char *const argv[], struct step_args *a)
	__attribute__((nonnull));

/* For guest programs: "PROG: <why>" and the usage to stderr, exit 2 (bad usage). */
void step_usage_error(enum step_prog prog, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));

/* An argv being built by the host: argv[0] is the program, NULL-terminated. */
#define STEP_ARGV_MAX	(CTL_MAX_ARGS - 1)	/* a "run" line also holds the step name */

struct step_argv {
	enum step_prog prog;
	int argc;
	char *argv[STEP_ARGV_MAX + 1];
	char buf[CTL_LINE_MAX];
	size_t used;
	char err[160];		/* the first misuse, or "" */
};

void step_argv_init(struct step_argv *v, enum step_prog prog);

/* Append "--name" (a flag), or "--name value" (value from @fmt). */
void step_argv_flag(struct step_argv *v, enum step_opt opt);
void step_argv_add(struct step_argv *v, enum step_opt opt, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/*
 * Check the whole argv as the guest will parse it (step_parse()) after the
 * appends. Returns 0, or -1 with the first problem in v->err: an option
 * the program does not take, a value that is not one word or not among
 * the choices, a required option missing, too many words.
 */
int step_argv_check(struct step_argv *v);

#endif
