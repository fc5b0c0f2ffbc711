// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi lava once its lab options are parsed (cli/cmd_lava.c): the run
 * with lava/pmemfi-lava-vm in QEMU's place (modes/lava.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <dirent.h>

#include "lib/util.h"
#include "modes/lava.h"
#include "modes/subrun.h"

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

int lava_run(struct lava_opts *o)
{
	char *vm = stand_in(), *wait = NULL, *results = NULL, *run_dir = NULL;
	int rc;
	struct strvec args = STRVEC_INIT;

	(void)run_dir;
	if (!vm) {
		fprintf(stderr, "pmemfi lava: build/lava/pmemfi-lava-vm is missing: run make\n");
		return EXIT_INFRA;
	}
	if (!o->jobs) {
		const char *tmp = getenv("TMPDIR");
		char *t = xasprintf("%s/pmemfi-lava-XXXXXX", tmp && *tmp ? tmp : "/tmp");

		o->jobs = mkdtemp(t);
		if (!o->jobs)
			die(EXIT_INFRA, "%s: %s", t, strerror(errno));
	}
	if (mkdir_p(o->jobs) || mkdir_p(o->artifacts)) {
		fprintf(stderr, "pmemfi lava: cannot create %s or %s: %s\n", o->jobs, o->artifacts, strerror(errno));
		return EXIT_INFRA;
	}
	if (o->server && (rc = server_identity(o)))
		return rc;
	set_env(o, vm);
	/* The guest is silent while its job waits, boots and runs elsewhere. */
	wait = xasprintf("%ld", o->timeout + 600);
	strvec_push(&args, "--no-restore");
	strvec_push(&args, "-j");
	strvec_pushf(&args, "%d", o->shards);
	strvec_push(&args, "--timeout-boot");
	strvec_push(&args, wait);
	strvec_push(&args, "--timeout-silence");
	strvec_push(&args, wait);
	for (int i = 0; i < o->run.nr; i++)
		strvec_push(&args, o->run.v[i]);
	if (strcmp(o->verb, "jobs")) {
		struct strvec run = STRVEC_INIT;

		strvec_push(&run, "pmemfi");
		strvec_push(&run, "run");
		for (int i = 0; i < args.nr; i++)
			strvec_push(&run, args.v[i]);
		execv("/proc/self/exe", run.v);
		die(EXIT_INFRA, "exec /proc/self/exe: %s", strerror(errno));
	}
	/* Only the job definitions are wanted: the run that wrote them goes aside. */
	results = xasprintf("%s/run", o->jobs);
	subrun(args.v, results, &run_dir);
	rc = count_jobs(o->jobs);
	printf("pmemfi lava: %d job definitions in %s (their files in %s, served at %s)\n", rc, o->jobs,
	       o->artifacts, o->url);
	return rc ? 0 : EXIT_INFRA;
}
