// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi repro RUN_DIR [--tests PAT] [--out DIR]: a standalone reproducer
 * of each failed cell of a run (modes/repro.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "cli/options.h"
#include "lib/util.h"
#include "modes/repro.h"

int cmd_repro(int argc, char **argv)
{
	struct repro_opts o = { 0 };
	char err[1024], *repo;
	const char *v;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (opt_is_help(argv[i])) {
			opt_help("repro");
			return EXIT_OK;
		} else if ((v = options_value("repro", argc, argv, &i, "--tests"))) {
			o.tests = v;
		} else if ((v = options_value("repro", argc, argv, &i, "--out"))) {
			o.out = v;
		} else if (argv[i][0] == '-') {
			die(EXIT_USAGE, "repro: unknown option '%s' (see pmemfi repro --help)", argv[i]);
		} else if (o.run) {
			die(EXIT_USAGE, "repro: more than one RUN_DIR given ('%s' and '%s')", o.run, argv[i]);
		} else {
			o.run = argv[i];
		}
	}
	if (!o.run)
		die(EXIT_USAGE, "repro: no RUN_DIR given (see pmemfi repro --help)");
	if (!dir_exists(o.run))
		die(EXIT_USAGE, "repro: %s: no such run directory", o.run);
	repo = util_repo_root();
	o.repo = repo;
	rc = repro_write(&o, err, sizeof(err));
	if (rc)
		msg("repro: %s", err);
	free(repo);
	return rc;
}
