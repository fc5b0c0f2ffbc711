/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lava.h - pmemfi lava as a mode: a run whose VMs are LAVA jobs
 * (cli/cmd_lava.c says what each verb does and parses the lab options).
 */
#ifndef PMEMFI_LAVA_H
#define PMEMFI_LAVA_H

#include "lib/util.h"

struct lava_opts {
	const char *verb, *identity, *artifacts, *url, *jobs, *dtype, *compress;
	const char *server, *user, *token;
	long timeout;
	int shards;
	struct strvec run;
};

/*
 * Run "pmemfi run" as @o asks: submit and import replace this process with
 * it; jobs runs it aside and counts the job files. Returns the exit status
 * (jobs), or an infrastructure error before the run.
 */
int lava_run(struct lava_opts *o);

#endif
