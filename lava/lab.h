/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lab.h - a LAVA lab as lavacli sees it: submit a job, wait for it while
 * the harness is answered, fetch its raw log. lavacli is the client the
 * labs themselves document; its identity (URL, user, token) is the user's
 * (tools/lava-local.sh makes one for the local lab).
 */
#ifndef PMEMFI_LAVA_LAB_H
#define PMEMFI_LAVA_LAB_H

#include "job.h"
#include "replay.h"

/* Run @argv, its stdout into @out (NULL: inherited). 0 when it exits 0. */
int lava_run(char *const argv[], const char *out);

/*
 * Submit @j, wait for it to finish (answering @p meanwhile), and fetch its
 * log to j->log. Returns 0 with the job's health ("Complete", "Incomplete",
 * "Canceled") in @health, or -1 with a reason.
 */
int lava_run_job(const struct lava_conf *c, const struct lava_job *j, struct peer *p,
		 char *health, int hlen, char *err, int errlen);

#endif
