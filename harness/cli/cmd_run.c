// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi run and pmemfi bisect-step: their options; what they do is the
 * run mode's (modes/run.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes/bisect.h"
#include "modes/run.h"
#include "kernel/kernel.h"
#include "cli/cmds.h"
#include "cli/options.h"
#include "cli/opt_table.h"
#include "lib/util.h"

/*
 * "run" and "bisect-step" share everything but the end: @bisect is NULL for
 * run, and receives the tally of the single kernel's run for bisect-step.
 */
static int run_main(int argc, char **argv, struct kernel_run *bisect)
{
	struct run_options opt = { 0 };
	char err[1024];
	/* git bisect run stops on 128 and up; 2 would mean "bad". */
	int usage = bisect ? BISECT_STEP_USAGE : EXIT_USAGE;

	if (options_parse(&opt, argc, argv, err, sizeof(err)))
		die(usage, "%s", err);
	if (opt.help)
		return opt_help(bisect ? "bisect-step" : "run");
	util_verbose = opt.verbose;
	return run_mode(&opt, argc, argv, bisect);
}

int cmd_run(int argc, char **argv)
{
	return run_main(argc, argv, NULL);
}

/*
 * pmemfi bisect-step [--signature TEXT] [run options]: one step of "git bisect
 * run" (bisect.h says what makes a commit good, bad or neither):
 *   0    good
 *   1    bad
 *   125  skip: the kernel does not build, cannot be configured as asked
 *        in this tree, does not boot, or the tests could not tell
 *   128  bad usage, wherever it is found (stops the bisection)
 *   129  the host failed: QEMU did not start, the guest image could not
 *        be built, a result or the cache could not be written (stops it:
 *        no commit is to blame, and every later step would fail so)
 *   130  interrupted, at any stage (stops it too)
 */
int cmd_bisect_step(int argc, char **argv)
{
	struct kernel_run out = { .why = STRBUF_INIT };
	char **rest = xcalloc(argc + 1, sizeof(char *));
	int n = 0, rc;

	for (int i = 0; i < argc; i++) {
		if (opt_is_help(argv[i])) {
			free(rest);
			return opt_help("bisect-step");
		}
		if (!strcmp(argv[i], "--signature") && i + 1 < argc) {
			out.bad = argv[++i];
			continue;
		}
		if (!strncmp(argv[i], "--signature=", 12)) {
			out.bad = argv[i] + 12;
			continue;
		}
		if (!strcmp(argv[i], "--signature"))
			die(BISECT_STEP_USAGE, "bisect-step: --signature needs a text (part of a title or failure reason)");
		rest[n++] = argv[i];
	}
	if (out.bad && !*out.bad)
		die(BISECT_STEP_USAGE, "bisect-step: --signature needs a text (part of a title or failure reason)");
	rc = run_main(n, rest, &out);
	free(rest);
	free(out.outcome);
	free(out.titles);
	free(out.dir);
	switch (rc) {
	case EXIT_INTERRUPTED:
		rc = EXIT_INTERRUPTED;
		break;
	case EXIT_USAGE:
		rc = BISECT_STEP_USAGE;
		break;
	case KERNEL_UNSUITABLE:
	case KERNEL_UNBUILDABLE:
		msg("bisect-step: skip: this commit's kernel could not be built or configured as asked");
		rc = BISECT_STEP_SKIP;
		break;
	case EXIT_INFRA:
		msg("bisect-step: the host failed (above), not the commit: stopping the bisection (exit %d)",
		    BISECT_STEP_HOST);
		rc = BISECT_STEP_HOST;
		break;
	default:
		msg("bisect-step: %s", out.why.buf);
		rc = out.answer == BISECT_GOOD ? 0 : out.answer == BISECT_BAD ? 1 : BISECT_STEP_SKIP;
	}
	strbuf_release(&out.why);
	return rc;
}
