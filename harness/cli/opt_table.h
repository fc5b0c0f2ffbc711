/* SPDX-License-Identifier: GPL-2.0 */
/*
 * opt_table.h - every command's options, in one table with shared groups
 * (the shape of common/step_argv.c and ndctl's parse-options): each
 * command's --help, the deprecated spellings of renamed options and the
 * bash completion are generated from it, so one concept has one name
 * across commands (docs/options.md lists them).
 *
 * A command still parses its argv itself (run with getopt_long in
 * options.c, the modes with options_value()); opt_canon() runs first and
 * turns an old spelling into the one name, saying so on stderr.
 */
#ifndef PMEMFI_OPT_TABLE_H
#define PMEMFI_OPT_TABLE_H

#include <stdio.h>

struct opt {
	const char *name;	/* "--kernel-tree"; "-j, --jobs" for one with a short form */
	const char *arg;	/* "DIR", or NULL for a flag */
	const char *help;	/* lines; each "\n" starts a continuation line */
};

struct opt_cmd {
	const char *name;		/* "bisect-step" */
	const char *synopsis;		/* the usage line(s) after "usage: " */
	const char *about;		/* what it does, or NULL */
	const struct opt *const *groups;	/* NULL-terminated; each group ends with a NULL name */
	const char *exits;		/* its exit codes, "0 ..., 1 ..." */
};

/* The command called @name, or NULL. */
const struct opt_cmd *opt_cmd(const char *name);

/* Every command, NULL-terminated (completion, the test of the names). */
extern const struct opt_cmd *const opt_cmds[];

/* @cmd's --help: usage, its options by group, its exit codes. */
void opt_usage(FILE *f, const struct opt_cmd *cmd);
/* opt_usage() of the command called @name on stdout; returns EXIT_OK. */
int opt_help(const char *name);

/* Is @arg "-h" or "--help"? */
int opt_is_help(const char *arg);

/*
 * Rewrite the old spellings of renamed options in @argv (argv[0] is the
 * command) to their one name, in place ("--old V" and "--old=V"), each
 * with a one-line deprecation on stderr. An option's value is not looked
 * at: "--tests --tree" keeps its value.
 */
void opt_canon(const char *cmd, int argc, char **argv);

/* A bash completion script for every command, from the table. */
void opt_complete_bash(FILE *f);

#endif
