// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi - fault-injection stress tests for the kernel's persistent-memory
 * code. This is the host harness; see README.md.
 */
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "lib/util.h"

#ifndef PMEMFI_VERSION
#define PMEMFI_VERSION "unknown"	/* the Makefile gives the git revision */
#endif

static const struct {
	const char *name;
	int (*fn)(int, char **);
	const char *help;
} cmds[] = {
	{ "run", cmd_run, "boot kernels, inject, write results/ (the default)" },
	{ "report", cmd_report, "list the kernel reports in a console log" },
	{ "bisect-step", cmd_bisect_step, "one git-bisect-run step: 0 good, 1 bad, 125 skip" },
	{ "bisect", cmd_bisect, "a whole bisection of a kernel git tree, confirmed (exit 0 found)" },
	{ "merge", cmd_merge, "join the run directories of --shard K/N runs into one run" },
	{ "compare", cmd_compare, "new failures, fixes and changed titles between two runs" },
	{ "nightly", cmd_nightly, "the nightly profile against the last night, new failures rerun" },
	{ "release", cmd_release, "qualify kernels: the profile N times each, one verdict page" },
	{ "lava", cmd_lava, "a run whose VMs are jobs of a LAVA lab (submit, jobs, import)" },
	{ "source", cmd_source, "the source tree of a kernel built here (fetched when needed)" },
	{ "repro", cmd_repro, "a standalone reproducer (QEMU, a C compiler, busybox) of each failed cell" },
	{ "completion", cmd_completion, "a bash completion script: pmemfi completion bash" },
};

static void usage(FILE *f)
{
	fprintf(f, "usage: pmemfi [run] [options]   (pmemfi run --help for options)\n"
		   "       pmemfi <command> [args]   (pmemfi <command> --help for its options)\n"
		   "       pmemfi --version\n\ncommands:\n");
	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		fprintf(f, "  %-12s %s\n", cmds[i].name, cmds[i].help);
}

int main(int argc, char **argv)
{
	if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
			 !strcmp(argv[1], "help"))) {
		usage(stdout);
		return EXIT_OK;
	}
	if (argc > 1 && !strcmp(argv[1], "--version")) {
		printf("pmemfi %s\n", PMEMFI_VERSION);
		return EXIT_OK;
	}
	for (size_t i = 0; argc > 1 && i < sizeof(cmds) / sizeof(cmds[0]); i++) {
		if (strcmp(argv[1], cmds[i].name))
			continue;
		opt_canon(cmds[i].name, argc - 1, argv + 1);
		return cmds[i].fn(argc - 1, argv + 1);
	}
	if (argc > 1 && argv[1][0] != '-') {
		msg("unknown command '%s' (see pmemfi --help)", argv[1]);
		return EXIT_USAGE;
	}
	/* No command: options belong to "run". */
	argv[0] = "run";
	opt_canon("run", argc, argv);
	return cmd_run(argc, argv);
}
