/* SPDX-License-Identifier: GPL-2.0 */
/*
 * options.h - the options of "pmemfi run" (see --help), parsed without side
 * effects so that they can be tested; checks that need the file system
 * happen later, in cmd_run.
 */
#ifndef PMEMFI_OPTIONS_H
#define PMEMFI_OPTIONS_H

struct run_options {
	const char *kernel;	/* kasan | debian | debian:VERSION | PATH */
	const char *modules;	/* with --kernel PATH */
	const char *tree;	/* --kernel-tree DIR */
	const char *fragments[16];	/* --fragment NAME (repeatable) */
	int nr_fragments;
	const char *patches[16];	/* --patch NAME (repeatable): configs/patches/NAME.patch */
	int nr_patches;
	int canaries;		/* --canaries */
	const char *profile;
	const char *seed;	/* NULL: the profile's seeds */
	const char *results;	/* parent of the run directories */
	const char *workdir;	/* backing files and sockets */
	const char *configs;	/* NULL: <repo>/configs */
	const char *accel;	/* auto | tcg | kvm */
	const char *tests;	/* fnmatch pattern or substring of cell names */
	const char *known;	/* known-issues file, "none", or NULL: configs/known-issues */
	int timeout_boot, timeout_test, timeout_silence;	/* 0: the profile's */
	int max_skipped;	/* percent; -1: the profile's */
	int paging;		/* 4 or 5; 0: the topology's */
	int kaslr;		/* 1 on, 0 off; -1: the topology's */
	const char *append;	/* --append: more kernel command line, or NULL */
	int shard_k, shard_n;	/* --shard K/N; n 0: the whole plan */
	int list;
	int no_restore;		/* --no-restore: every VM boots */
	int jobs;		/* -j N: VMs at once; 0: one per CPU */
	const char *durations;	/* --durations: an earlier summary.json, for --shard */
	int verbose;
	int help;
};

/*
 * Parse @argv (argv[0] is the command name). Returns 0, or -1 with a
 * one-line reason in @err (the caller exits 2).
 */
int options_parse(struct run_options *o, int argc, char **argv, char *err, int errlen);


/*
 * A value option of a mode's own argv: when @argv[*i] is @name ("--name V"
 * or "--name=V"), its value, with *@i past it; NULL when it is another
 * argument. A missing value is exit 2, "@cmd: option '@name' needs a value".
 */
const char *options_value(const char *cmd, int argc, char **argv, int *i, const char *name);

/* The --help text is opt_table.c's. */

#endif
