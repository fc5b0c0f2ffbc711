// SPDX-License-Identifier: GPL-2.0
#include "modes/subrun.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"
#include "lib/stop.h"
#include "results/history.h"

void subrun_argv(struct strvec *argv, char *const args[], const char *parent)
{
	/*
	 * The running binary, not its file name: a rebuild during a long
	 * release replaces that file, and the name then points at nothing
	 * or at other code.
	 */
	strvec_push(argv, "/proc/self/exe");
	strvec_push(argv, "run");
	for (int i = 0; args[i]; i++)
		strvec_push(argv, args[i]);
	strvec_push(argv, "--results");
	strvec_push(argv, parent);
}

int subrun(char *const args[], const char *parent, char **run_dir)
{
	struct strvec before = STRVEC_INIT, after = STRVEC_INIT, argv = STRVEC_INIT;
	int rc;

	*run_dir = NULL;
	if (mkdir_p(parent))
		return EXIT_INFRA;
	history_names(parent, &before);
	subrun_argv(&argv, args, parent);
	fflush(stdout);
	fflush(stderr);
	/* A stop reaches the child as run_cmd() passes one on; it then writes its results. */
	rc = run_cmd(argv.v, NULL, NULL, NULL);
	if (rc < 0) {
		msg("cannot run %s: %s", argv.v[0], strerror(errno));
		rc = EXIT_INFRA;
	} else if (rc >= 128 || stop_requested) {
		rc = EXIT_INTERRUPTED;
	}
	history_names(parent, &after);
	for (int i = 0; i < after.nr && !*run_dir; i++)
		if (!strvec_has(&before, after.v[i]))
			*run_dir = xasprintf("%s/%s", parent, after.v[i]);
	strvec_clear(&before);
	strvec_clear(&after);
	strvec_clear(&argv);
	return rc;
}
