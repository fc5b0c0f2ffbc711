/* SPDX-License-Identifier: GPL-2.0 */
/*
 * job.h - one VM of the harness as one LAVA job: its artifacts (kernel,
 * the initramfs with the VM's plan appended as a second cpio archive, the
 * media, gzip-compressed) in a directory that the lab fetches over HTTP,
 * and the job definition for LAVA's qemu device type.
 *
 * A job is named by its key: a hash of what decides its outcome (the
 * plan, the kernel and initramfs, the machine), so that a job's log can be
 * matched to the VM that asks for it, here or in a later import.
 */
#ifndef PMEMFI_LAVA_JOB_H
#define PMEMFI_LAVA_JOB_H

#include "vm_args.h"

struct lava_conf {
	const char *dir;	/* job definitions and logs: KEY.yaml, KEY.log */
	const char *artifacts;	/* served at @url */
	const char *url;
	const char *identity;	/* lavacli identity; NULL: write jobs only */
	const char *device_type;
	int gzip;		/* media gzip-compressed (a remote lab), else linked as they are */
	long timeout;		/* seconds a job may take, boot included */
	int step_timeout;	/* the harness's, for the guest to apply (common/ctl.h) */
};

struct lava_job {
	char key[17];
	char *plan;		/* the VM's "run" lines */
	char *yaml;		/* path of the job definition */
	char *log;		/* where its log is (or is to be put) */
	int nr_steps;
};

/* Read the plan at @plan_path and name the job. 0, or -1 with a reason. */
int lava_job_init(struct lava_job *j, const struct lava_conf *c, const struct vm_args *a,
		  const char *plan_path, char *err, int errlen);

/* Stage the artifacts and write the definition. 0, or -1 with a reason. */
int lava_job_write(const struct lava_job *j, const struct lava_conf *c, const struct vm_args *a,
		   char *err, int errlen);

/* Delete the staged artifacts of a job that has run. */
void lava_job_unstage(const struct lava_job *j, const struct lava_conf *c);

#endif
