// SPDX-License-Identifier: GPL-2.0
#include "vm/mce.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm/qmp.h"
#include "lib/util.h"

/* Seconds an HMP command may take; the watchdogs wait meanwhile. */
#define HMP_TIMEOUT	2
/* Seconds spent looking for CPU 0 in user mode before an action-required check. */
#define USER_MODE_WAIT	5.0
/* Looks at CPU 0 before giving up on user mode. */
#define USER_MODE_TRIES	100

/* An HMP command whose output does not matter: 0 or -1. */
static int hmp_quiet(struct qmp *qmp, const char *cmd)
{
	char err[256], *out = NULL;

	if (qmp_hmp(qmp, cmd, &out, HMP_TIMEOUT, err, sizeof(err)))
		return -1;
	free(out);
	return 0;
}

/*
 * Stop the VM with CPU 0 in user mode, so that an action-required check
 * finds it there: TCG delivers the check wherever the CPU is, and one that
 * lands in the kernel (a timer interrupt was seen) is fatal by design.
 * Returns 0 with the VM stopped (the caller injects, then "cont"), or -1
 * (VM running) after USER_MODE_WAIT seconds or USER_MODE_TRIES looks.
 */
static int stop_in_user_mode(struct qmp *qmp, volatile sig_atomic_t *stop)
{
	char err[256], *out = NULL;
	double until = now_mono() + USER_MODE_WAIT;

	for (int i = 0; i < USER_MODE_TRIES && now_mono() < until && !*stop; i++) {
		int user;

		if (hmp_quiet(qmp, "stop") ||
		    qmp_hmp(qmp, "info registers", &out, HMP_TIMEOUT, err, sizeof(err)))
			return -1;
		user = strstr(out, "CPL=3") != NULL;
		free(out);
		if (user)
			return 0;
		if (hmp_quiet(qmp, "cont"))
			return -1;
		usleep(5000 + (i % 7) * 3000);
	}
	return -1;
}

/*
 * HMP "mce -b" (broadcast: 2 vCPUs need it) puts the error in bank 9 of
 * CPU 0; MISC 0x86: physical address mode, 64-byte granularity.
 */
enum mce_result mce_inject(struct qmp *qmp, const char *addr, const char *kind,
			   volatile sig_atomic_t *stop, const char *who,
			   char *cmd, size_t cmdlen, char *why, size_t whylen)
{
	char *out = NULL, *end;
	int stopped = 0, rc;
	unsigned long long a = strtoull(addr, &end, 0);

	*cmd = *why = '\0';
	if (*end || !a) {
		snprintf(why, whylen, "bad address %s", addr);
		return MCE_REFUSED;
	}
	if (!strcmp(kind, "ao")) {
		snprintf(cmd, cmdlen, "mce -b 0 9 0xbd000000000000c0 5 %#llx 0x86", a);
	} else if (!strcmp(kind, "ar")) {
		snprintf(cmd, cmdlen, "mce -b 0 9 0xbd80000000000134 7 %#llx 0x86", a);
		/*
		 * Right after the request CPU 0 is in the kernel: give the
		 * test time to be back in its user-mode loop over the page,
		 * then catch the CPU there.
		 */
		usleep(300000);
		stopped = stop_in_user_mode(qmp, stop) == 0;
		if (!stopped)
			info("%s: CPU 0 never seen in user mode; injecting anyway", who);
	} else {
		snprintf(why, whylen, "unknown machine-check kind %s", kind);
		return MCE_REFUSED;
	}
	rc = qmp_hmp(qmp, cmd, &out, 10, why, whylen);
	if (stopped)
		hmp_quiet(qmp, "cont");
	if (rc)
		return MCE_FAILED;
	/* HMP prints nothing on success; anything else is its complaint. */
	out[strcspn(out, "\r\n")] = '\0';
	snprintf(why, whylen, "%s", out);
	free(out);
	return *why ? MCE_FAILED : MCE_OK;
}
