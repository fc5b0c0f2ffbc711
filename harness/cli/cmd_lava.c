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
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <dirent.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "config/shard.h"
#include "lib/util.h"
#include "modes/subrun.h"

struct lava_opts {
	const char *verb, *identity, *artifacts, *url, *jobs, *dtype, *compress;
	const char *server, *user, *token;
	long timeout;
	int shards;
	struct strvec run;
};

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

/* lava/pmemfi-lava-vm of this checkout: beside harness/pmemfi, under build/. */
static char *stand_in(void)
{
	char self[4096], *slash, *p;
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);

	if (n <= 0)
		return NULL;
	self[n] = 0;
	slash = strrchr(self, '/');
	*slash = 0;
	p = xasprintf("%s/../build/lava/pmemfi-lava-vm", self);
	if (access(p, X_OK)) {
		free(p);
		return NULL;
	}
	return p;
}

static int count_jobs(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)))
		n += strlen(e->d_name) > 5 && !strcmp(e->d_name + strlen(e->d_name) - 5, ".yaml");
	if (d)
		closedir(d);
	return n;
}

/* --server: a lavacli identity for it, which submit then uses. 0, or an exit status. */
static int server_identity(struct lava_opts *o)
{
	size_t n = strlen(o->server);
	char *uri = xasprintf("%s%s", o->server,
			      n >= 4 && !strcmp(o->server + n - 4, "RPC2") ? "" :
			      o->server[n - 1] == '/' ? "RPC2" : "/RPC2");
	char *argv[] = { "lavacli", "identities", "add", "--uri", uri, "--username", (char *)o->user,
			 "--token", (char *)o->token, "pmemfi-server", NULL };

	if (run_cmd(argv, NULL, NULL, NULL)) {
		fprintf(stderr, "pmemfi lava: lavacli identities add for %s failed (is lavacli installed?)\n", uri);
		return EXIT_INFRA;
	}
	free(uri);
	o->identity = "pmemfi-server";
	return 0;
}

static void set_env(const struct lava_opts *o, const char *vm)
{
	setenv("PMEMFI_QEMU", vm, 1);
	setenv("PMEMFI_LAVA_DIR", o->jobs, 1);
	setenv("PMEMFI_LAVA_ARTIFACTS", o->artifacts, 1);
	setenv("PMEMFI_LAVA_URL", o->url, 1);
	setenv("PMEMFI_LAVA_DEVICE_TYPE", o->dtype, 1);
	setenv("PMEMFI_LAVA_COMPRESS", o->compress, 1);
	setenv("PMEMFI_LAVA_TIMEOUT", xasprintf("%ld", o->timeout), 1);
	if (!strcmp(o->verb, "submit"))
		setenv("PMEMFI_LAVA_IDENTITY", o->identity, 1);
	else
		unsetenv("PMEMFI_LAVA_IDENTITY");
}

int cmd_lava(int argc, char **argv)
{
	struct lava_opts o = { .run = STRVEC_INIT };
	char *vm = stand_in(), *wait = NULL, *results = NULL, *run_dir = NULL;
	int rc = parse(&o, argc, argv);
	struct strvec args = STRVEC_INIT;

	(void)run_dir;
	if (rc)
		return rc < 0 ? 0 : rc;
	if (!vm) {
		fprintf(stderr, "pmemfi lava: build/lava/pmemfi-lava-vm is missing: run make\n");
		return EXIT_INFRA;
	}
	if (!o.jobs) {
		const char *tmp = getenv("TMPDIR");
		char *t = xasprintf("%s/pmemfi-lava-XXXXXX", tmp && *tmp ? tmp : "/tmp");

		o.jobs = mkdtemp(t);
		if (!o.jobs)
			die(EXIT_INFRA, "%s: %s", t, strerror(errno));
	}
	if (mkdir_p(o.jobs) || mkdir_p(o.artifacts)) {
		fprintf(stderr, "pmemfi lava: cannot create %s or %s: %s\n", o.jobs, o.artifacts, strerror(errno));
		return EXIT_INFRA;
	}
	if (o.server && (rc = server_identity(&o)))
		return rc;
	set_env(&o, vm);
	/* The guest is silent while its job waits, boots and runs elsewhere. */
	wait = xasprintf("%ld", o.timeout + 600);
	strvec_push(&args, "--no-restore");
	strvec_push(&args, "-j");
	strvec_pushf(&args, "%d", o.shards);
	strvec_push(&args, "--timeout-boot");
	strvec_push(&args, wait);
	strvec_push(&args, "--timeout-silence");
	strvec_push(&args, wait);
	for (int i = 0; i < o.run.nr; i++)
		strvec_push(&args, o.run.v[i]);
	if (strcmp(o.verb, "jobs")) {
		struct strvec run = STRVEC_INIT;

		strvec_push(&run, "pmemfi");
		strvec_push(&run, "run");
		for (int i = 0; i < args.nr; i++)
			strvec_push(&run, args.v[i]);
		execv("/proc/self/exe", run.v);
		die(EXIT_INFRA, "exec /proc/self/exe: %s", strerror(errno));
	}
	/* Only the job definitions are wanted: the run that wrote them goes aside. */
	results = xasprintf("%s/run", o.jobs);
	subrun(args.v, results, &run_dir);
	rc = count_jobs(o.jobs);
	printf("pmemfi lava: %d job definitions in %s (their files in %s, served at %s)\n", rc, o.jobs,
	       o.artifacts, o.url);
	return rc ? 0 : EXIT_INFRA;
}
