/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fault.h - catching the SIGBUS (and SIGSEGV) a test provokes: one
 * handler, one place that knows its state.
 *
 * A thread arms a guard, runs code that may fault (a load from a poisoned
 * page, an injection the kernel answers with a signal), and disarms it. A
 * signal while armed ends that code: control comes back to the guard's
 * sigsetjmp() with the siginfo saved, and the guard is disarmed.
 *
 *	struct fault_guard g;
 *
 *	fault_arm(&g);
 *	if (!sigsetjmp(g.env, 1))
 *		...code that may fault...
 *	fault_disarm();
 *	if (g.hit) ...g.info...
 *
 * Locals the guarded code changes must be volatile (setjmp rules). A
 * signal no guard expects (the thread has none armed) ends the process
 * with status 128 + signal, unless the handler was installed with
 * FAULT_STRAY_COUNT: then it is counted and ignored (a kill the kernel
 * sends to every thread that maps a poisoned page). Guards are per
 * thread; the handler is per process.
 */
#ifndef PMEMFI_FAULT_H
#define PMEMFI_FAULT_H

#include <setjmp.h>
#include <signal.h>
#include <stddef.h>

#define FAULT_SEGV		0x1	/* catch SIGSEGV too, not only SIGBUS */
#define FAULT_STRAY_COUNT	0x2	/* count unguarded signals instead of exiting */

struct fault_guard {
	sigjmp_buf env;
	siginfo_t info;
	volatile sig_atomic_t hit;
};

/* Install the handler (saving the old one) with @flags. 0 or -errno. */
int fault_install(unsigned int flags);

/* Put the old handler back. */
void fault_restore(void);

void fault_arm(struct fault_guard *g);
void fault_disarm(void);

/* Load one byte at @addr under a guard: 0, or the signal (with @si set). */
int fault_read(const void *addr, siginfo_t *si);

/* Unguarded signals since fault_install(): BUS_MCEERR_AO/AR kills, and others. */
void fault_strays(long *mce, long *other);

/* "SIGBUS:BUS_MCEERR_AR": the outcome text of a caught signal. */
void fault_outcome(const siginfo_t *si, char *buf, size_t len);

/* Name of a SIGBUS si_code ("BUS_ADRERR"), or "unknown". */
const char *fault_bus_code_name(int code);

#endif
