// SPDX-License-Identifier: GPL-2.0
#include "fault.h"

#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static __thread struct fault_guard *armed;
static atomic_long strays_mce, strays_other;
static unsigned int fault_flags;
static int installed;
static struct sigaction old_bus, old_segv;

static void on_fault(int sig, siginfo_t *si, void *uc)
{
	struct fault_guard *g = armed;

	(void)uc;
	if (!g) {
		if (!(fault_flags & FAULT_STRAY_COUNT))
			_exit(128 + sig);
		if (sig == SIGBUS && (si->si_code == BUS_MCEERR_AO || si->si_code == BUS_MCEERR_AR))
			atomic_fetch_add(&strays_mce, 1);
		else
			atomic_fetch_add(&strays_other, 1);
		return;
	}
	armed = NULL;
	g->info = *si;
	g->hit = 1;
	siglongjmp(g->env, 1);
}

int fault_install(unsigned int flags)
{
	struct sigaction sa = { .sa_sigaction = on_fault, .sa_flags = SA_SIGINFO };

	sigemptyset(&sa.sa_mask);
	fault_flags = flags;
	atomic_store(&strays_mce, 0);
	atomic_store(&strays_other, 0);
	if (sigaction(SIGBUS, &sa, installed ? NULL : &old_bus))
		return -errno;
	if ((flags & FAULT_SEGV) && sigaction(SIGSEGV, &sa, installed ? NULL : &old_segv)) {
		int err = errno;

		sigaction(SIGBUS, &old_bus, NULL);
		return -err;
	}
	installed = (flags & FAULT_SEGV) ? 2 : 1;
	return 0;
}

void fault_restore(void)
{
	if (!installed)
		return;
	sigaction(SIGBUS, &old_bus, NULL);
	if (installed == 2)
		sigaction(SIGSEGV, &old_segv, NULL);
	installed = 0;
}

void fault_arm(struct fault_guard *g)
{
	g->hit = 0;
	armed = g;
}

void fault_disarm(void)
{
	armed = NULL;
}

int fault_read(const void *addr, siginfo_t *si)
{
	struct fault_guard g;

	fault_arm(&g);
	if (!sigsetjmp(g.env, 1))
		(void)*(const volatile char *)addr;
	fault_disarm();
	if (!g.hit)
		return 0;
	if (si)
		*si = g.info;
	return g.info.si_signo;
}

void fault_strays(long *mce, long *other)
{
	*mce = atomic_load(&strays_mce);
	*other = atomic_load(&strays_other);
}

const char *fault_bus_code_name(int code)
{
	switch (code) {
	case BUS_ADRALN: return "BUS_ADRALN";
	case BUS_ADRERR: return "BUS_ADRERR";
	case BUS_OBJERR: return "BUS_OBJERR";
	case BUS_MCEERR_AR: return "BUS_MCEERR_AR";
	case BUS_MCEERR_AO: return "BUS_MCEERR_AO";
	default: return "unknown";
	}
}

void fault_outcome(const siginfo_t *si, char *buf, size_t len)
{
	if (si->si_signo == SIGBUS)
		snprintf(buf, len, "SIGBUS:%s", fault_bus_code_name(si->si_code));
	else
		snprintf(buf, len, "SIG%s:%d", sigabbrev_np(si->si_signo) ? sigabbrev_np(si->si_signo) : "?",
			 si->si_code);
}
