// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi bisect --kernel-tree DIR --good REV --bad REV [--signature TEXT]
 *               [--repeat N] [--tests PAT] [run options...]
 *
 * A whole bisection (modes/bisect_run.h says how each commit is judged).
 * Every option it does not know goes to each "pmemfi run" (--tests,
 * --profile, --seed, --fragment, --known-issues, timeouts, ...).
 * Exit: 0 one culprit, confirmed; 1 a culprit or candidates, a check
 * failed; 2 bad usage or input; 3 infrastructure (an end gives no kernel,
 * git failed); 4 the ends do not bracket the target; 130 interrupted.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "cli/options.h"
#include "lib/util.h"
#include "lib/stop.h"
#include "modes/bisect_run.h"

int cmd_bisect(int argc, char **argv)
{
	struct bisect_req req = { .repeat = 3, .results = "results" };
	char **rest = xcalloc(argc + 1, sizeof(char *));
	const char *v, *repeat = NULL;
	int n = 0, rc;

	for (int i = 1; i < argc; i++) {
		if (opt_is_help(argv[i])) {
			free(rest);
			return opt_help("bisect");
		}
		if ((v = options_value("bisect", argc, argv, &i, "--kernel-tree")))
			req.tree = v;
		else if ((v = options_value("bisect", argc, argv, &i, "--good")))
			req.good = v;
		else if ((v = options_value("bisect", argc, argv, &i, "--bad")))
			req.bad = v;
		else if ((v = options_value("bisect", argc, argv, &i, "--signature")))
			req.signature = v;
		else if ((v = options_value("bisect", argc, argv, &i, "--repeat")))
			repeat = v;
		else if ((v = options_value("bisect", argc, argv, &i, "--results")))
			req.results = v;
		else if (!strcmp(argv[i], "--kernel") || !strncmp(argv[i], "--kernel=", 9) ||
			 !strcmp(argv[i], "--canaries"))
			die(EXIT_USAGE, "bisect: %s: the kernel is each commit of --kernel-tree", argv[i]);
		else
			rest[n++] = argv[i];
	}
	if (!req.tree || !req.good || !req.bad)
		die(EXIT_USAGE, "bisect: --kernel-tree, --good and --bad are needed (see pmemfi bisect --help)");
	if (repeat && (atoi(repeat) < 1 || atoi(repeat) > 100 || strspn(repeat, "0123456789") != strlen(repeat)))
		die(EXIT_USAGE, "bisect: --repeat %s: not a number of runs (1-100)", repeat);
	if (repeat)
		req.repeat = atoi(repeat);
	if (req.signature && !*req.signature)
		die(EXIT_USAGE, "bisect: --signature needs a text (part of a report title or failure reason)");
	if (!dir_exists(req.tree))
		die(EXIT_USAGE, "bisect: --kernel-tree %s: no such directory", req.tree);
	req.run_args = rest;
	stop_catch();
	rc = bisect_run(&req);
	free(rest);
	return rc;
}
