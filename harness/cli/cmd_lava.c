// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi lava submit|jobs|import [lab options] [run options]: a run whose
 * VMs are LAVA jobs. It is "pmemfi run --no-restore -j N" with QEMU
 * replaced by lava/pmemfi-lava-vm, which turns each VM into a job for
 * LAVA's qemu device type and plays the job's log back; so the shards, the
 * crash recovery (a crash ends the job; the remaining cells are the next
 * job), the report engine, the verdicts and every output are the local
 * run's own.
 *
 *   submit   submit each VM's job with lavacli and wait for it
 *   jobs     only write each shard's first job (JOBS/KEY.yaml and its
 *            files) for a lab that submits with its own tools
 *   import   play back the logs put in JOBS/KEY.log; a VM without one
 *            (the rest of a shard after a crash) writes its job and fails
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "config/shard.h"
#include "lib/util.h"
#include "modes/lava.h"

static int lava_usage(const char *why)
{
	if (why) {
		fprintf(stderr, "pmemfi lava: %s (pmemfi lava --help)\n", why);
		return EXIT_USAGE;
	}
	return opt_help("lava");
}

/* The lab options; the rest go to the run. 0, or an exit status. */
static int parse(struct lava_opts *o, int argc, char **argv)
{
	char *lab = cache_dir();

	o->artifacts = xasprintf("%s/lava-local/artifacts", lab);
	free(lab);
	o->identity = "pmemfi-local";
	o->url = "http://127.0.0.1:8312";
	o->dtype = "qemu";
	o->compress = "gz";
	o->timeout = 3600;
	o->shards = 1;
	if (argc < 2 || opt_is_help(argv[1]))
		return lava_usage(argc < 2 ? "submit, jobs or import?" : NULL) ?: -1;
	o->verb = argv[1];
	if (strcmp(o->verb, "submit") && strcmp(o->verb, "jobs") && strcmp(o->verb, "import"))
		return lava_usage("the first word is submit, jobs or import");
	for (int i = 2; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		const char **str = !strcmp(a, "--identity") ? &o->identity
				 : !strcmp(a, "--artifacts") ? &o->artifacts
				 : !strcmp(a, "--url") ? &o->url
				 : !strcmp(a, "--job-files") ? &o->jobs
				 : !strcmp(a, "--device-type") ? &o->dtype
				 : !strcmp(a, "--compress") ? &o->compress
				 : !strcmp(a, "--server") ? &o->server
				 : !strcmp(a, "--user") ? &o->user
				 : !strcmp(a, "--token") ? &o->token : NULL;
		char *end;

		if (!str && strcmp(a, "--jobs") && strcmp(a, "-j") && strcmp(a, "--job-timeout")) {
			strvec_push(&o->run, a);
			continue;
		}
		if (!v)
			return lava_usage(xasprintf("%s needs a value", a));
		i++;
		if (str) {
			*str = v;
		} else if (strcmp(a, "--job-timeout")) {
			o->shards = (int)strtol(v, &end, 10);
			if (*end || o->shards < 1 || o->shards > SHARD_MAX)
				return lava_usage(xasprintf("--jobs %s: 1 to %d", v, SHARD_MAX));
		} else {
			o->timeout = strtol(v, &end, 10);
			if (*end || o->timeout < 60)
				return lava_usage(xasprintf("--job-timeout %s: at least 60 seconds", v));
		}
	}
	if (strcmp(o->compress, "gz") && strcmp(o->compress, "none"))
		return lava_usage(xasprintf("--compress %s: gz or none", o->compress));
	if (o->server && (!o->user || !o->token))
		return lava_usage("--server needs --user and --token");
	if (strcmp(o->verb, "submit") && !o->jobs)
		return lava_usage(xasprintf("%s needs --job-files", o->verb));
	return 0;
}


int cmd_lava(int argc, char **argv)
{
	struct lava_opts o = { .run = STRVEC_INIT };
	int rc = parse(&o, argc, argv);

	if (rc)
		return rc < 0 ? 0 : rc;
	return lava_run(&o);
}
