// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi source [KERNEL]: the unpacked source tree of a kernel built here
 * (kasan, kasan:7.3, ...), fetched into the cache first when needed: for
 * get_maintainer.pl, decode_stacktrace.sh or checking that a patch applies.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "kernel/kernel.h"
#include "lib/util.h"

int cmd_source(int argc, char **argv)
{
	char err[1024], *tree = NULL, *id = NULL, *repo, *configs, *cache;
	struct kernel_spec spec = { .kernel = "kasan" };
	int rc;

	if (argc > 1 && opt_is_help(argv[1]))
		return opt_help("source");
	if (argc > 2 || (argc == 2 && argv[1][0] == '-')) {
		msg("source: %s (see pmemfi source --help)", argc > 2 ? "one KERNEL at most" : "no options but --help");
		return EXIT_USAGE;
	}
	if (argc == 2)
		spec.kernel = argv[1];
	repo = util_repo_root();
	configs = xasprintf("%s/configs", repo);
	cache = cache_dir();
	spec.configs = configs;
	spec.cache = cache;
	rc = kernel_source(&spec, &tree, &id, err, sizeof(err));
	if (rc) {
		msg("source: %s", err);
	} else {
		fprintf(stderr, "%s\n", id);
		printf("%s\n", tree);
	}
	free(tree);
	free(id);
	free(repo);
	free(configs);
	free(cache);
	return rc;
}
