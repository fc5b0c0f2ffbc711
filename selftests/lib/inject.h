/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inject.h - the guest's memory-failure injectors, each reduced to one
 * outcome string that the expectation table can name:
 *
 *   "ok"                    the kernel accepted the injection
 *   "ENXIO"                 the write/madvise failed with that errno
 *   "SIGBUS:BUS_MCEERR_AR"  the process got that signal and si_code
 */
#ifndef PMEMFI_INJECT_H
#define PMEMFI_INJECT_H

#include <stddef.h>
#include <stdint.h>

#define HWPOISON_DEBUGFS	"/sys/kernel/debug/hwpoison"
#define HARD_OFFLINE_PAGE	"/sys/devices/system/memory/hard_offline_page"

struct inject_outcome {
	char text[48];		/* as above */
	void *addr;		/* for signals: si_addr, where the kernel said it hit */
	int addr_lsb;		/* for BUS_MCEERR_*: si_addr_lsb, the granule (log2) */
};

/* Is @name an injector this program knows? */
int inject_known(const char *name);

/* Inject at @pfn through hwpoison debugfs (corrupt-pfn) or sysfs (hard-offline). */
int inject_pfn(const char *injector, uint64_t pfn, struct inject_outcome *out);

/*
 * madvise(MADV_HWPOISON) on the page at @addr of a live mapping, then touch
 * it; the outcome is the first of: a signal during madvise, madvise's
 * errno, a signal on the touch, or "ok". Returns 1 when the outcome came
 * from the madvise call, 2 when from the touch, or -errno when the SIGBUS
 * handler could not be installed.
 */
int inject_madvise(void *addr, struct inject_outcome *out);

/* Physical frame of the page mapped at @addr, from /proc/self/pagemap. */
int inject_virt_to_pfn(const void *addr, uint64_t *pfn);

/* Name of an errno value ("ENXIO"), or "E<number>". */
const char *inject_errno_name(int err, char *buf, size_t len);

#endif
