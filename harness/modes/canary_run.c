// SPDX-License-Identifier: GPL-2.0
/* pmemfi run --canaries: every canary kernel built and run, then the table (modes/run.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes/canary.h"
#include "modes/run.h"
#include "lib/stop.h"
#include "lib/util.h"

/* Build and run every canary kernel; 0 when each shows its expected outcome. */
int run_canaries(struct env *env, char *err, int errlen)
{
	char *path = xasprintf("%s/canaries", env->configs);
	struct kernel_run runs[CANARY_MAX] = { 0 };
	struct canary_set set;
	int rc = 0, mismatches = 0;

	if (canary_load(&set, path, err, errlen)) {
		free(path);
		return EXIT_USAGE;
	}
	free(path);
	for (int i = 0; i < set.nr && !stop_requested; i++) {
		/* --fragment for every canary, then the row's own "@NAME" fragments */
		const char **frags = xcalloc(env->opt.nr_fragments + set.v[i].nr_fragments + 1, sizeof(char *));
		struct kernel_spec ks = {
			.kernel = env->opt.kernel, .tree = env->opt.tree, .configs = env->configs,
			.fragments = frags, .nr_fragments = 0,
			.patches = (const char *const *)set.v[i].patches, .nr_patches = set.v[i].nr_patches,
			.cache = env->cache, .nfit = plan_has_nfit(&env->plan),
		};

		for (int j = 0; j < env->opt.nr_fragments; j++)
			frags[ks.nr_fragments++] = env->opt.fragments[j];
		for (int j = 0; j < set.v[i].nr_fragments; j++)
			frags[ks.nr_fragments++] = set.v[i].fragments[j];
		printf("\n== canary %s (%d patch%s, %d fragment%s)\n", set.v[i].name, set.v[i].nr_patches,
		       set.v[i].nr_patches == 1 ? "" : "es", set.v[i].nr_fragments,
		       set.v[i].nr_fragments == 1 ? "" : "s");
		fflush(stdout);
		rc = run_kernel(env, &ks, &runs[i], err, errlen);
		free(frags);
		if (rc >= EXIT_USAGE)
			break;
		rc = 0;
	}
	if (!rc && !stop_requested) {
		printf("\n%-22s %-28s %-28s %s\n", "kernel", "expected", "observed", "titles");
		for (int i = 0; i < set.nr; i++) {
			int ok = !strcmp(set.v[i].expected, runs[i].outcome);

			mismatches += !ok;
			printf("%-22s %-28s %-28s %s%s\n", set.v[i].name, set.v[i].expected, runs[i].outcome,
			       runs[i].titles, ok ? "" : "   <-- MISMATCH");
		}
		rc = mismatches ? EXIT_FAILED : EXIT_OK;
	}
	for (int i = 0; i < set.nr; i++) {
		free(runs[i].outcome);
		free(runs[i].titles);
		free(runs[i].dir);
	}
	canary_free(&set);
	return stop_requested ? EXIT_INTERRUPTED : rc;
}
