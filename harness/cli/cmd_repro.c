// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi repro RUN_DIR [--tests PAT] [--out DIR]: a standalone reproducer
 * of each failed cell of a run (modes/repro.h).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/options.h"
#include "lib/util.h"
#include "modes/repro.h"

static const char usage[] =
	"usage: pmemfi repro RUN_DIR [--tests PAT[,PAT]] [--out DIR]\n"
	"  a reproducer for each failed cell of the run (or each cell --tests names):\n"
	"  DIR/CELL/ (default RUN_DIR/repro/CELL/) with repro.sh, repro.c, README,\n"
	"  kernel.config, the console excerpt and the kernel's modules; repro.sh needs\n"
	"  QEMU, a C compiler, busybox-static and cpio, not pmemfi\n"
	"exit status: 0 every cell got one, 1 some did not (each said), 2 bad usage or\n"
	"no cell to reproduce, 3 a file could not be written\n";

int cmd_repro(int argc, char **argv)
{
	struct repro_opts o = { 0 };
	char err[1024], *repo;
	const char *v;
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			fputs(usage, stdout);
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
