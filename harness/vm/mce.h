/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mce.h - a machine check injected into the guest from the host, over
 * QEMU's HMP "mce" command, at a guest test's request (common/ctl.h "mce").
 *
 *   ao  action optional: SRAO, memory scrub error (0xc0), MCG_STATUS RIPV|MCIP
 *   ar  action required: SRAR, data load error (0x134) with the AR bit,
 *       RIPV|EIPV|MCIP, delivered with CPU 0 caught in user mode
 *
 * Bounded: the VM is held stopped for seconds at most, so the session's
 * watchdogs are held off no longer.
 */
#ifndef PMEMFI_MCE_H
#define PMEMFI_MCE_H

#include <signal.h>
#include <stddef.h>

struct qmp;

enum mce_result {
	MCE_REFUSED,	/* a bad request: nothing was sent to QEMU */
	MCE_FAILED,	/* QEMU refused or complained */
	MCE_OK,
};

/*
 * Inject a @kind ("ao", "ar") machine check at guest physical @addr.
 * @cmd gets the HMP command sent (empty when refused) for the results,
 * @why the reason when not MCE_OK. @stop ends the wait for user mode;
 * @who names the VM in messages.
 */
enum mce_result mce_inject(struct qmp *qmp, const char *addr, const char *kind,
			   volatile sig_atomic_t *stop, const char *who,
			   char *cmd, size_t cmdlen, char *why, size_t whylen);

#endif
