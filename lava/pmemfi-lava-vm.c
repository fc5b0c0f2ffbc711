// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi-lava-vm - runs one of the harness's VMs as a LAVA job. The
 * harness starts it in QEMU's place (PMEMFI_QEMU) with QEMU's command line;
 * it turns that and the VM's plan ($PMEMFI_VM_PLAN) into a job for LAVA's
 * qemu device type, submits it with lavacli, waits, and plays the job's
 * log back to the harness as QEMU would have shown the VM (replay.h). A
 * crash ends the job as it ends a local VM; the harness then starts the
 * next VM for the remaining cells, which is the next job.
 *
 * Settings from the environment (run.sh lava sets them):
 *   PMEMFI_LAVA_DIR        job definitions and logs (KEY.yaml, KEY.log)
 *   PMEMFI_LAVA_ARTIFACTS  where the job's files are staged, served at
 *   PMEMFI_LAVA_URL        ...this URL
 *   PMEMFI_LAVA_IDENTITY   lavacli identity; unset: write the job, play
 *                          back KEY.log when it is there (a lab that
 *                          submits with its own tools), else fail
 *   PMEMFI_LAVA_DEVICE_TYPE (qemu), PMEMFI_LAVA_TIMEOUT seconds (3600),
 *   PMEMFI_LAVA_COMPRESS   gz (default) or none
 *
 * Exit status: 0 when the log was played back, 1 otherwise (one line on
 * stderr, which the harness quotes as QEMU's last words).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "job.h"
#include "lab.h"
#include "replay.h"

static const char *env(const char *name, const char *dflt)
{
	const char *v = getenv(name);

	return v && *v ? v : dflt;
}

static int __attribute__((noreturn)) fail(const char *why)
{
	fprintf(stderr, "pmemfi-lava-vm: %s\n", why);
	exit(1);
}

static void conf_load(struct lava_conf *c)
{
	c->dir = env("PMEMFI_LAVA_DIR", NULL);
	c->artifacts = env("PMEMFI_LAVA_ARTIFACTS", NULL);
	c->url = env("PMEMFI_LAVA_URL", NULL);
	c->identity = env("PMEMFI_LAVA_IDENTITY", NULL);
	c->device_type = env("PMEMFI_LAVA_DEVICE_TYPE", "qemu");
	c->timeout = atol(env("PMEMFI_LAVA_TIMEOUT", "3600"));
	c->gzip = strcmp(env("PMEMFI_LAVA_COMPRESS", "gz"), "none");
	c->step_timeout = atoi(env("PMEMFI_VM_STEP_TIMEOUT", "0"));
	if (!c->dir || !c->artifacts || !c->url)
		fail("PMEMFI_LAVA_DIR, PMEMFI_LAVA_ARTIFACTS and PMEMFI_LAVA_URL must be set (run.sh lava)");
	if (c->timeout < 60)
		fail("PMEMFI_LAVA_TIMEOUT: at least 60 seconds");
}

int main(int argc, char **argv)
{
	struct lava_conf c;
	struct vm_args a;
	struct lava_job j;
	struct peer p;
	struct stat st;
	char err[1024], health[64] = "";
	int end;

	(void)argc;
	conf_load(&c);
	if (vm_args_parse(&a, argv + 1, err, sizeof(err)))
		fail(err);
	/* The harness waits for both sockets first, whatever comes next. */
	if (peer_open(&p, a.ctl_path, a.qmp_path, err, sizeof(err)))
		fail(err);
	if (a.incoming)
		fail("a LAVA job cannot restore a saved VM (-incoming): run with --no-restore");
	if (lava_job_init(&j, &c, &a, getenv("PMEMFI_VM_PLAN"), err, sizeof(err)))
		fail(err);
	if (!c.identity && !stat(j.log, &st)) {
		fprintf(stderr, "pmemfi-lava-vm: playing back %s\n", j.log);
	} else {
		if (lava_job_write(&j, &c, &a, err, sizeof(err)))
			fail(err);
		if (!c.identity) {
			snprintf(err, sizeof(err), "wrote %s; no log at %s to play back", j.yaml, j.log);
			fail(err);
		}
		if (lava_run_job(&c, &j, &p, health, sizeof(health), err, sizeof(err))) {
			lava_job_unstage(&j, &c);
			fail(err);
		}
		/* Its files were fetched; they hold a copy of the media. */
		lava_job_unstage(&j, &c);
	}
	end = replay_log(&p, j.log, err, sizeof(err));
	if (end < 0)
		fail(err);
	/* A hung guest keeps its VM until the harness's watchdog ends it. */
	while (end == REPLAY_HUNG && !peer_service(&p, 1000))
		;
	return 0;
}
