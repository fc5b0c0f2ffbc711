// SPDX-License-Identifier: GPL-2.0
#include "cli/opt_table.h"

#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "lib/util.h"

/* The groups: options several commands share, each under its one name. */

static const struct opt kernel_opts[] = {
	{ "--kernel", "K", "kasan (built from Debian's linux-source-6.12 with\n"
	  "configs/kernel/{base,kasan,debug-vm}.config; the default),\n"
	  "kasan:SERIES or kasan:VERSION (the same from Debian's\n"
	  "linux-source-SERIES: kasan:7.3, kasan:7.2.12, kasan:6.1;\n"
	  "newer suites per configs/debian-suites),\n"
	  "debian (Debian's prebuilt 6.12 image), debian:VERSION\n"
	  "(6.12.117, 6.1.0-47, 6.12.117-cloud, 6.1.0-47-rt, 7.3),\n"
	  "or a bzImage path used as is" },
	{ "--modules", "DIR", "with --kernel PATH: directory holding lib/modules/<release>" },
	{ "--kernel-tree", "DIR", "build this kernel source tree with the same fragments" },
	{ "--fragment", "NAME", "add configs/kernel/NAME.config (ubsan, kfence, lockdep, ...);\n"
	  "none: not even the profile's fragment lines" },
	{ "--patch", "NAME", "apply configs/patches/NAME.patch to the kernel built here\n"
	  "(fix-stats, seed-bug, ...: a canary kernel by hand)" },
	{ NULL, NULL, NULL },
};

static const struct opt canaries_opt[] = {
	{ "--canaries", NULL, "build and run the canary kernels of configs/canaries and\n"
	  "print expected against observed outcomes" },
	{ NULL, NULL, NULL },
};

static const struct opt plan_opts[] = {
	{ "--profile", "P", "a name under configs/profiles, or a path (default: quick)" },
	{ "--seed", "S[,S...]", "NVDIMM media seeds: zero, ff or random:N (default: the profile's)" },
	{ "--tests", "PAT[,PAT]", "run only the cells whose name matches (globs or substrings)" },
	{ "--known-issues", "F", "known kernel issues: a matching bug is xfail, a fixed one\n"
	  "xpass (default: configs/known-issues; none: no file)" },
	{ NULL, NULL, NULL },
};

static const struct opt list_opt[] = {
	{ "--list", NULL, "print the cells of the plan and exit" },
	{ NULL, NULL, NULL },
};

static const struct opt shard_opts[] = {
	{ "--shard", "K/N", "run part K of N of the selected cells (1 <= K <= N <= 64):\n"
	  "whole blocks of one seed and namespace, cut into N runs of\n"
	  "about equal expected time in plan order; pmemfi merge joins them" },
	{ "--durations", "F", "with --shard: balance by the cells' seconds in F, an earlier\n"
	  "run's summary.json (default: by cell kind)" },
	{ NULL, NULL, NULL },
};

static const struct opt results_opt[] = {
	{ "--results", "DIR", "where run directories go (default: results)" },
	{ NULL, NULL, NULL },
};

static const struct opt where_opts[] = {
	{ "--workdir", "DIR", "NVDIMM backing files and sockets (default: $TMPDIR or /tmp)" },
	{ "--configs", "DIR", "configuration directory (default: the checkout's configs/)" },
	{ NULL, NULL, NULL },
};

static const struct opt vm_opts[] = {
	{ "--accel", "A", "auto, tcg or kvm (default: auto = kvm when /dev/kvm works)" },
	{ "--timeout-boot", "S", "watchdogs in seconds (default: the profile's); also\n"
	  "--timeout-test S and --timeout-silence S" },
	{ "--timeout-test", "S", NULL },
	{ "--timeout-silence", "S", NULL },
	{ "--paging", "4|5", "page-table levels the guest CPU offers (default: the\n"
	  "topology's paging line, else 4)" },
	{ "--kaslr", "on|off", "boot the guest with KASLR (default: the topology's\n"
	  "kaslr line, else off: nokaslr)" },
	{ "--append", "ARGS", "add ARGS to the guest kernel's command line\n"
	  "(initcall_debug, ...; recorded in the manifest)" },
	{ "--max-skipped", "P%", "the share of tests that may skip before the run fails\n"
	  "(default: the profile's max-skipped, else 0%)" },
	{ "--no-restore", NULL, "boot every VM; by default a group's later VMs (after a\n"
	  "crash) are restored from a template saved once its\n"
	  "namespaces were set up" },
	{ NULL, NULL, NULL },
};

static const struct opt jobs_opt[] = {
	{ "-j, --jobs", "N", "up to N VMs at once: the plan runs as N shards in\n"
	  "parallel, merged into one run (0: one per CPU, as\n"
	  "memory allows; default 1)" },
	{ NULL, NULL, NULL },
};

static const struct opt verbose_opt[] = {
	{ "-v, --verbose", NULL, "say what is happening" },
	{ NULL, NULL, NULL },
};

static const struct opt help_opt[] = {
	{ "-h, --help", NULL, "this help" },
	{ NULL, NULL, NULL },
};

static const struct opt signature_opt[] = {
	{ "--signature", "TEXT", "what makes a commit bad: a test whose verdict, report title\n"
	  "or failure reason contains TEXT (default: any bug or failure)" },
	{ NULL, NULL, NULL },
};

static const struct opt repeat_opt[] = {
	{ "--repeat", "N", "runs of the same cells before an answer is believed" },
	{ NULL, NULL, NULL },
};

static const struct opt json_opt[] = {
	{ "--json", NULL, "the same as JSON" },
	{ NULL, NULL, NULL },
};

/* The commands' own options. */

static const struct opt bisect_opts[] = {
	{ "--kernel-tree", "DIR", "the kernel git tree to bisect (each commit is built there)" },
	{ "--good", "REV", "a commit the target does not show on" },
	{ "--bad", "REV", "a commit it shows on" },
	{ NULL, NULL, NULL },
};

static const struct opt nightly_opts[] = {
	{ "--baseline", "RUN", "compare with this run directory (default: the newest\n"
	  "earlier complete run of the same profile and --tests)" },
	{ NULL, NULL, NULL },
};

static const struct opt release_opts[] = {
	{ "--kernel", "K", "a kernel to qualify, as pmemfi run --kernel takes it, with\n"
	  "+PATCH for each --patch PATCH and @NAME for each --fragment\n"
	  "NAME a kernel built here is built with (repeatable; default:\n"
	  "debian, kasan and kasan@memmap-kasan; e.g. kasan:7.3+fix-stats)" },
	{ "--baseline", "DIR", "a previous release directory (or its release.json): qualified\n"
	  "when nothing failed or flaked that did not there" },
	{ NULL, NULL, NULL },
};

static const struct opt lava_opts[] = {
	{ "-j, --jobs", "N", "N shards at once, each its own LAVA jobs (default 1)" },
	{ "--identity", "ID", "lavacli identity of the lab (default pmemfi-local,\n"
	  "the one tools/lava-local.sh makes)" },
	{ "--server", "URL", "with --user NAME --token TOKEN: the lab by address instead,\n"
	  "saved as lavacli identity pmemfi-server (URL up to /RPC2 or without it)" },
	{ "--user", "NAME", NULL },
	{ "--token", "TOKEN", NULL },
	{ "--artifacts", "DIR", "where jobs' files are staged for the lab to fetch\n"
	  "(default: the local lab's, served at its --url)" },
	{ "--url", "URL", "where the lab fetches DIR from (default\n"
	  "http://127.0.0.1:8312, the local lab's)" },
	{ "--job-files", "DIR", "job definitions and logs (KEY.yaml, KEY.log); needed\n"
	  "for jobs and import (default for submit: a new one under $TMPDIR)" },
	{ "--device-type", "T", "LAVA device type (default qemu)" },
	{ "--job-timeout", "S", "seconds a job may take, boot and queue included\n"
	  "(default 3600)" },
	{ "--compress", "gz|none", "media as gzip (for a remote lab) or as they are\n"
	  "(default gz)" },
	{ NULL, NULL, NULL },
};

static const struct opt mail_opts[] = {
	{ "--mail", "RUN_DIR", "the failed cell --tests CELL of RUN_DIR as a bug report" },
	{ "--tests", "CELL", "with --mail: one cell's exact name" },
	{ "--bisect", "BISECT_JSON", "with --mail: the bisection that found its culprit" },
	{ "--kernel-tree", "DIR", "with --mail: the kernel tree for get_maintainer.pl" },
	{ NULL, NULL, NULL },
};

static const struct opt repro_opts[] = {
	{ "--tests", "PAT[,PAT]", "only the cells whose name matches (default: every failed one)" },
	{ "--out", "DIR", "where each cell's reproducer goes (default RUN_DIR/repro)" },
	{ NULL, NULL, NULL },
};

static const struct opt *const run_groups[] = { kernel_opts, canaries_opt, plan_opts, list_opt, shard_opts,
						results_opt, where_opts, vm_opts, jobs_opt, verbose_opt, help_opt, NULL };
static const struct opt *const step_groups[] = { signature_opt, kernel_opts, plan_opts, results_opt, where_opts,
						 vm_opts, verbose_opt, help_opt, NULL };
static const struct opt *const bisect_groups[] = { bisect_opts, signature_opt, repeat_opt, results_opt, plan_opts,
						   where_opts, vm_opts, verbose_opt, help_opt, NULL };
static const struct opt *const nightly_groups[] = { nightly_opts, repeat_opt, kernel_opts, plan_opts, results_opt,
						    where_opts, vm_opts, jobs_opt, verbose_opt, help_opt, NULL };
static const struct opt *const release_groups[] = { release_opts, repeat_opt, kernel_opts, plan_opts,
						    results_opt, where_opts, vm_opts, verbose_opt, help_opt, NULL };
static const struct opt *const lava_groups[] = { lava_opts, kernel_opts, plan_opts, results_opt, where_opts,
						 vm_opts, help_opt, NULL };
static const struct opt *const report_groups[] = { json_opt, mail_opts, help_opt, NULL };
static const struct opt *const merge_groups[] = { results_opt, help_opt, NULL };
static const struct opt *const compare_groups[] = { json_opt, help_opt, NULL };
static const struct opt *const repro_groups[] = { repro_opts, help_opt, NULL };
static const struct opt *const help_groups[] = { help_opt, NULL };

#define RUN_EXITS "0 all tests met their expectations, 1 a test failed or a kernel\n" \
	"bug was found, 2 bad usage or input (nothing run), 3 infrastructure error,\n" \
	"130 interrupted (results so far are kept)"

static const struct opt_cmd cmd_table[] = {
	{ "run", "pmemfi run [options]", "boot kernels, inject, write results/ (the default command)",
	  run_groups, RUN_EXITS },
	{ "bisect-step", "pmemfi bisect-step [--signature TEXT] [run options]",
	  "one step of \"git bisect run\": test the kernel of the tree's checked-out commit",
	  step_groups,
	  "0 good, 1 bad, 125 skip (the kernel does not build, cannot be configured\n"
	  "as asked, does not boot, or the tests could not tell), 128 bad usage (stops\n"
	  "the bisection), 129 the host failed (QEMU, the image, results, the cache:\n"
	  "stops it), 130 interrupted (stops it)" },
	{ "bisect", "pmemfi bisect --kernel-tree DIR --good REV --bad REV [--signature TEXT]\n"
	  "                     [--repeat N] [--results DIR] [run options: --tests PAT, ...]",
	  "a whole bisection of a kernel git tree, confirmed", bisect_groups,
	  "0 culprit confirmed, 1 unsure, 2 bad usage, 3 infrastructure,\n"
	  "4 the ends do not bracket the target, 130 interrupted" },
	{ "nightly", "pmemfi nightly [--baseline RUN] [--repeat N] [run options]",
	  "the nightly profile (default --profile nightly) against the last night;\n"
	  "each would-be new failure is rerun --repeat N times (default 2, at most 20;\n"
	  "0: believe the first run) before it is called new", nightly_groups,
	  "0 no regression (flaky cells and fixes are listed), 1 a new\n"
	  "failure every rerun confirmed, lost coverage or a test no longer run (the\n"
	  "first night: the run's own status), 2 bad usage, 3 infrastructure error,\n"
	  "130 interrupted" },
	{ "release", "pmemfi release [--kernel K]... [--repeat N] [--baseline DIR] [run options]",
	  "qualify kernels: the profile (default: release) --repeat N times each\n"
	  "(default 3), one verdict page; other options go to every run", release_groups,
	  "0 qualified, 1 not qualified, 2 bad usage (nothing run),\n"
	  "3 infrastructure error (a kernel could not be built or fetched, a run broke),\n"
	  "130 interrupted (the runs so far and the page are kept)" },
	{ "merge", "pmemfi merge SHARD_DIR... [--results DIR]",
	  "join the run directories of --shard K/N runs into one run", merge_groups,
	  "0 the merged run met its expectations, 1 it did not, 2 bad usage or a\n"
	  "shard that does not fit (unfinished, foreign, missing or doubled cells),\n"
	  "3 the merged run could not be written" },
	{ "compare", "pmemfi compare RUN_A RUN_B [--json]",
	  "what changed from run A (say, last night) to run B (tonight); a RUN is a run\n"
	  "directory or its summary.json", compare_groups,
	  "0 B regressed in nothing, 1 it did or B did not finish, 2 bad usage or\n"
	  "input (A not finished included: an unfinished run is no baseline)" },
	{ "report", "pmemfi report FILE [--json]\n"
	  "       pmemfi report --mail RUN_DIR --tests CELL [--bisect BISECT_JSON] [--kernel-tree DIR]",
	  "the kernel reports in a console log, one \"TYPE: TITLE\" line each (--json: an\n"
	  "array); with --mail, a failed cell as a bug report", report_groups,
	  "0 done (reports or none), 2 bad usage, no such file, or (--mail) no such\n"
	  "run or cell, or a cell that did not fail" },
	{ "lava", "pmemfi lava submit|jobs|import [lab options] [run options]",
	  "a run whose VMs are jobs of a LAVA lab; restores are off (a job boots)", lava_groups,
	  "0 all tests met their expectations (jobs: the job definitions were\n"
	  "written), 1 a test failed or a kernel bug was found, 2 bad usage or input,\n"
	  "3 infrastructure error (the lab, lavacli), 130 interrupted: as pmemfi run" },
	{ "source", "pmemfi source [KERNEL]",
	  "print the source tree of KERNEL (default kasan), a kernel built here from\n"
	  "Debian's sources: kasan (linux-source-6.12), kasan:SERIES or kasan:VERSION\n"
	  "(kasan:7.3, kasan:7.2.12); it is downloaded and unpacked into the cache first\n"
	  "when it is not there; its identity goes to stderr", help_groups,
	  "0 printed, 2 bad usage or no such kernel source, 3 the\n"
	  "source could not be fetched or unpacked" },
	{ "repro", "pmemfi repro RUN_DIR [--tests PAT[,PAT]] [--out DIR]",
	  "a reproducer for each failed cell of the run: DIR/CELL/ with repro.sh,\n"
	  "repro.c, README, kernel.config, the console excerpt and the kernel's modules;\n"
	  "repro.sh needs QEMU, a C compiler, busybox-static and cpio, not pmemfi", repro_groups,
	  "0 every cell got one, 1 some did not (each said), 2 bad usage or\n"
	  "no cell to reproduce, 3 a file could not be written" },
	{ "completion", "pmemfi completion bash", "a bash completion script for pmemfi, from this table",
	  help_groups, "0 printed, 2 bad usage" },
};

const struct opt_cmd *const opt_cmds[] = {
	&cmd_table[0], &cmd_table[1], &cmd_table[2], &cmd_table[3], &cmd_table[4], &cmd_table[5],
	&cmd_table[6], &cmd_table[7], &cmd_table[8], &cmd_table[9], &cmd_table[10], &cmd_table[11],
	NULL,
};

/* The old spellings, kept one release: @cmd NULL for every command. */
static const struct {
	const char *cmd, *old, *now;
} aliases[] = {
	{ "bisect", "--tree", "--kernel-tree" },
	{ "report", "--tree", "--kernel-tree" },
	{ "bisect-step", "--bad", "--signature" },
	{ "nightly", "--rerun", "--repeat" },
	{ "lava", "--shards", "--jobs" },
	{ "lava", "--jobs-dir", "--job-files" },
};

const struct opt_cmd *opt_cmd(const char *name)
{
	for (int i = 0; opt_cmds[i]; i++)
		if (!strcmp(opt_cmds[i]->name, name))
			return opt_cmds[i];
	return NULL;
}

int opt_is_help(const char *arg)
{
	return !strcmp(arg, "-h") || !strcmp(arg, "--help");
}

/* Print @text's lines, each after @indent (the first after @first). */
static void lines(FILE *f, const char *first, const char *indent, const char *text)
{
	const char *p = text, *nl;

	for (int n = 0; *p; n++, p = nl + !!*nl) {
		nl = strchrnul(p, '\n');
		fprintf(f, "%s%.*s\n", n ? indent : first, (int)(nl - p), p);
	}
}

static void usage_opt(FILE *f, const struct opt *o)
{
	char head[64];

	if (!o->help)
		return;		/* said with the option before it */
	snprintf(head, sizeof(head), "  %s%s%s", o->name, o->arg ? " " : "", o->arg ? o->arg : "");
	if (strlen(head) < 20) {
		char first[64];

		snprintf(first, sizeof(first), "%-20s", head);
		lines(f, first, "                    ", o->help);
	} else {
		fprintf(f, "%s\n", head);
		lines(f, "                    ", "                    ", o->help);
	}
}

void opt_usage(FILE *f, const struct opt_cmd *cmd)
{
	const struct opt *seen[64];
	int nr = 0;

	fprintf(f, "usage: %s\n", cmd->synopsis);
	if (cmd->about) {
		fputc('\n', f);
		lines(f, "", "", cmd->about);
	}
	fputc('\n', f);
	for (int g = 0; cmd->groups[g]; g++) {
		for (const struct opt *o = cmd->groups[g]; o->name; o++) {
			int dup = 0;

			/* A name a group of the command's own already gave. */
			for (int i = 0; i < nr; i++)
				dup |= !strcmp(seen[i]->name, o->name);
			if (dup)
				continue;
			if (nr < 64)
				seen[nr++] = o;
			usage_opt(f, o);
		}
	}
	fputc('\n', f);
	lines(f, "exit status: ", "", cmd->exits);
}

int opt_help(const char *name)
{
	opt_usage(stdout, opt_cmd(name));
	return EXIT_OK;
}

/* Does @cmd's table give option @name (as typed: "--jobs", "-j") a value? -1: no such option. */
static int takes_value(const struct opt_cmd *cmd, const char *name)
{
	for (int g = 0; cmd && cmd->groups[g]; g++) {
		for (const struct opt *o = cmd->groups[g]; o->name; o++) {
			const char *p = strstr(o->name, name);
			size_t n = strlen(name);

			if (p && (p == o->name || p[-1] == ' ') && (!p[n] || p[n] == ','))
				return o->arg != NULL;
		}
	}
	return -1;
}

void opt_canon(const char *cmd, int argc, char **argv)
{
	const struct opt_cmd *c = opt_cmd(cmd);

	for (int i = 1; i < argc; i++) {
		char *a = argv[i];
		size_t n = strcspn(a, "=");

		if (!strcmp(a, "--"))
			break;
		for (size_t k = 0; k < sizeof(aliases) / sizeof(aliases[0]); k++) {
			if ((aliases[k].cmd && strcmp(aliases[k].cmd, cmd)) || strlen(aliases[k].old) != n ||
			    strncmp(a, aliases[k].old, n))
				continue;
			msg("%s: %s is deprecated: it is %s now", cmd, aliases[k].old, aliases[k].now);
			argv[i] = a[n] ? xasprintf("%s%s", aliases[k].now, a + n) : (char *)aliases[k].now;
			a = argv[i];
			n = strcspn(a, "=");
			break;
		}
		if (a[0] == '-' && !a[n] && takes_value(c, a) == 1)
			i++;
	}
}

void opt_complete_bash(FILE *f)
{
	fputs("# bash completion for pmemfi, generated by \"pmemfi completion bash\"\n"
	      "_pmemfi() {\n"
	      "\tlocal cur=${COMP_WORDS[COMP_CWORD]} cmd=${COMP_WORDS[1]} words\n"
	      "\tif [ \"$COMP_CWORD\" = 1 ]; then\n\t\twords=\"", f);
	for (int i = 0; opt_cmds[i]; i++)
		fprintf(f, "%s%s", i ? " " : "", opt_cmds[i]->name);
	fputs(" --help --version\"\n\telse\n\t\tcase $cmd in\n", f);
	for (int i = 0; opt_cmds[i]; i++) {
		fprintf(f, "\t\t%s) words=\"", opt_cmds[i]->name);
		for (int g = 0, sp = 0; opt_cmds[i]->groups[g]; g++) {
			for (const struct opt *o = opt_cmds[i]->groups[g]; o->name; o++) {
				const char *name = strrchr(o->name, ' ') ? strrchr(o->name, ' ') + 1 : o->name;

				fprintf(f, "%s%s", sp++ ? " " : "", name);
			}
		}
		fputs("\" ;;\n", f);
	}
	fputs("\t\t*) words=\"\" ;;\n\t\tesac\n\tfi\n"
	      "\tCOMPREPLY=($(compgen -W \"$words\" -- \"$cur\"))\n"
	      "\t[ ${#COMPREPLY[@]} = 0 ] && COMPREPLY=($(compgen -f -- \"$cur\"))\n"
	      "}\ncomplete -F _pmemfi pmemfi\n", f);
}

int cmd_completion(int argc, char **argv)
{
	if (argc == 2 && opt_is_help(argv[1]))
		return opt_help("completion");
	if (argc != 2 || strcmp(argv[1], "bash")) {
		msg("completion: %s (usage: pmemfi completion bash)", argc < 2 ? "which shell?" : "bash is the one shell");
		return EXIT_USAGE;
	}
	opt_complete_bash(stdout);
	return EXIT_OK;
}
