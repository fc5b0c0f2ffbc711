/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run.h - the run mode: what "pmemfi run" and "pmemfi bisect-step" do
 * once their options are parsed (cli/cmd_run.c, cli/options.c): load the
 * plan and the known issues, check the host, then resolve, build and run
 * each kernel (one, or every canary's), writing its run directory and
 * manifest.
 */
#ifndef PMEMFI_RUN_H
#define PMEMFI_RUN_H

#include "config/plan.h"
#include "kernel/kernel.h"
#include "modes/bisect.h"
#include "session/session.h"
#include "verdict/known.h"
#include "lib/util.h"

struct json_object;

/* The options of "pmemfi run" (see --help), as cli/options.c parses them. */
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

/* What every kernel of one invocation shares. */
struct env {
	struct run_options opt;
	struct plan plan;
	struct known_set known;
	char *known_path;	/* the known-issues file loaded, or NULL */
	char *repo, *configs, *qemu, *cache, *workdir, *qver;
	char **argv;		/* the run's own, for -j's children */
	int argc;
	int jobs;		/* VMs at once (-j, bounded by memory) */
	char kernel_hash[17];	/* of the kernel being run: image_kernel_hash() */
};

/* Canary mode wants the outcome of each kernel's run; bisect-step its answer. */
struct kernel_run {
	char *outcome;		/* canary_outcome() of the run */
	char *titles;
	char *dir;
	const char *bad;	/* bisect-step: what makes a commit bad, or NULL */
	enum bisect_answer answer;
	struct strbuf why;	/* bisect_judge()'s line */
};


/*
 * "run" and "bisect-step" share everything but the end: @bisect is NULL for
 * run, and receives the tally of the single kernel's run for bisect-step.
 * @argc/@argv are the run's own, for -j's children. Returns the exit code.
 */
int run_mode(const struct run_options *opt, int argc, char **argv, struct kernel_run *bisect);

/*
 * Resolve, build and run one kernel. Returns the exit code of that run; on
 * EXIT_USAGE/EXIT_INFRA before anything ran, @err says why and nothing was
 * written (run.c).
 */
int run_kernel(struct env *env, const struct kernel_spec *ks, struct kernel_run *out, char *err, int errlen);

/* Build and run every canary kernel; 0 when each shows its expected outcome (canary_run.c). */
int run_canaries(struct env *env, char *err, int errlen);

/* The configs: the plan and the known issues. Returns 1 when --list printed the cells (run_setup.c). */
int load_configs(struct env *env, int usage);

/* Everything about this machine that can be checked before a VM starts (run_setup.c). */
void check_host(struct env *env, int usage);

/* The fragments of the kernel asked for, *@n of them; free the array (run_setup.c). */
const char **kernel_fragments(const struct env *env, int *n);

/* The first line of "@qemu --version", or "unknown", for the manifest (run_manifest.c). */
char *qemu_version(const char *qemu);

/* The options that rerun a cell of this run as it was (run_manifest.c). */
struct json_object *rerun_base(const struct run_options *o, const struct plan *p, const struct kernel_spec *ks);

/* The run's manifest, its status @status (run_manifest.c). */
struct json_object *run_manifest(const struct env *env, const struct run_ctx *ctx, const char *status,
				 struct json_object *rerun);

#endif
