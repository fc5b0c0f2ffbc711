// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi merge SHARD_DIR... [--results DIR]: the run directories of the
 * shards of one plan (run --shard K/N) joined into one new run directory,
 * as the unsharded run would have written it (results/merge.h). Exit as
 * pmemfi run would for the merged verdicts (0 or 1), 2 when the shards do
 * not make one whole plan (missing, duplicate, foreign, unfinished, not a
 * run directory: nothing is written), 3 when the merged run cannot be
 * written.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "results/merge.h"
#include "results/results.h"
#include "results/summary.h"
#include "lib/util.h"

static const char usage[] = "see pmemfi merge --help";

int cmd_merge(int argc, char **argv)
{
	char **dirs = xcalloc(argc + 1, sizeof(char *)), err[1024];
	const char *base = "results";
	struct results r;
	struct merge m;
	int nr = 0, rc;

	for (int i = 1; i < argc; i++) {
		if (opt_is_help(argv[i])) {
			free(dirs);
			return opt_help("merge");
		} else if (!strcmp(argv[i], "--results") && i + 1 < argc && *argv[i + 1]) {
			base = argv[++i];
		} else if (argv[i][0] == '-') {
			die(EXIT_USAGE, "merge: unknown option or missing value '%s' (%s)", argv[i], usage);
		} else {
			dirs[nr++] = argv[i];
		}
	}
	if (!nr)
		die(EXIT_USAGE, "merge: no shard directories given (%s)", usage);
	if (merge_load(&m, dirs, nr, err, sizeof(err)))
		die(EXIT_USAGE, "%s", err);
	if (merge_write(&m, base, &r, err, sizeof(err)))
		die(EXIT_INFRA, "merge: %s", err);
	results_close(&r, "complete", NULL);
	rc = results_exit_code(&r);
	printf("pmemfi merge: %d shards, %d tests:", m.nr, r.done);
	summary_print_counts(stdout, r.counts, r.vms);
	printf("   results: %s\n", r.dir);
	if (r.write_error) {
		msg("merge: %s (the merged run is incomplete)", r.write_error);
		rc = EXIT_INFRA;
	}
	results_free(&r);
	merge_free(&m);
	free(dirs);
	return rc;
}
