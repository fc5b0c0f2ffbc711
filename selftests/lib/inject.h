/* SPDX-License-Identifier: GPL-2.0 */
/*
 * inject.h - the guest's memory-failure injectors (common/names.c lists
 * them), each reduced to one outcome string the expectation table names:
 *
 *   "ok"                    the kernel accepted the injection
 *   "ENXIO"                 the write/madvise failed with that errno
 *   "SIGBUS:BUS_MCEERR_AR"  the process got that signal and si_code
 *   "ENOMSG"                a machine check left no "Memory failure" line
 */
#ifndef PMEMFI_INJECT_H
#define PMEMFI_INJECT_H

#include <stddef.h>
#include <stdint.h>

#define HWPOISON_DEBUGFS	"/sys/kernel/debug/hwpoison"
#define MEMORY_SYSFS		"/sys/devices/system/memory"

struct inject_outcome {
	char text[48];		/* as above */
	void *addr;		/* for signals: si_addr, where the kernel said it hit */
	int addr_lsb;		/* for BUS_MCEERR_*: si_addr_lsb, the granule (log2) */
};

/* Is @name an injector this program knows? */
int inject_known(const char *name);

/*
 * Inject at @pfn through hwpoison debugfs (corrupt-pfn, corrupt-pfn-filter,
 * unpoison, corrupt-unpoison) or memory sysfs (hard-offline, soft-offline). Returns 0 with
 * the outcome set, or -errno when the interface cannot be opened.
 */
int inject_pfn(const char *injector, uint64_t pfn, struct inject_outcome *out);

/*
 * madvise(MADV_HWPOISON or MADV_SOFT_OFFLINE, per @injector) on the page
 * at @addr of a live mapping, then touch it; the outcome is the first of:
 * a signal during madvise, madvise's errno, a signal on the touch, or "ok".
 * Returns 1 when the outcome came from the madvise call, 2 when from the
 * touch, or -errno when the SIGBUS handler could not be installed.
 */
int inject_madvise(const char *injector, void *addr, struct inject_outcome *out);

/*
 * Ask the host for an action-optional machine check at @pfn and wait for
 * the kernel's "Memory failure" line ("ok", else "ENOMSG"). Returns 0, or
 * -errno with @why when the host did not inject.
 */
int inject_mce_ao(uint64_t pfn, struct inject_outcome *out, char *why, size_t len);

/*
 * Ask the host for an action-required machine check at @pfn while reading
 * the page at @addr on CPU 0 in user mode; the outcome is the signal, or
 * "ok" when none came. Returns 0, or -errno with @why.
 */
int inject_mce_ar(uint64_t pfn, void *addr, struct inject_outcome *out, char *why, size_t len);

/*
 * Read the page at @addr; a SIGBUS there replaces @out's outcome (the late
 * kill of a process that maps a page poisoned behind its back).
 */
int inject_touch(void *addr, struct inject_outcome *out);

/* Physical frame of the page mapped at @addr, from /proc/self/pagemap. */
int inject_virt_to_pfn(const void *addr, uint64_t *pfn);

/* /proc/meminfo's HardwareCorrupted (the pages the kernel counts as poisoned) in kB, or -1. */
long inject_hardware_corrupted_kb(void);

/* Name of an errno value ("ENXIO"), or "E<number>". */
const char *inject_errno_name(int err, char *buf, size_t len);

#endif
