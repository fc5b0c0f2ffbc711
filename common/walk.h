/* SPDX-License-Identifier: GPL-2.0 */
/*
 * walk.h - what a pfn walker's answer means, shared by the guest's
 * pfn_walkers and the unit tests.
 *
 * /proc/kpageflags must show KPF_NOPAGE, and nothing else, for a pfn
 * whose struct page is not an online page: every ZONE_DEVICE pfn goes
 * through pfn_to_online_page(), which returns NULL for them. Any other
 * value at a class A (info block) pfn means the kernel read that
 * never-initialized struct page and took it for a page.
 */
#ifndef PMEMFI_WALK_H
#define PMEMFI_WALK_H

#include <stddef.h>
#include <stdint.h>

#define WALK_KPF_NOPAGE	20	/* include/uapi/linux/kernel-page-flags.h */

/* "nopage" or "flags:0x..." into @out; returns 1 when the flags claim a page. */
int walk_kpageflags(uint64_t flags, char *out, size_t len);

#endif
