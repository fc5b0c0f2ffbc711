/* SPDX-License-Identifier: GPL-2.0 */
/*
 * devmem.h - device memory that is not a pmem namespace's pfn/dax claim
 * (docs/device-memory.md): a devdax namespace onlined as System RAM by
 * kmem, test_hmm's DEVICE_PRIVATE and DEVICE_COHERENT chunks, and an NVMe
 * controller's memory buffer offered as PCI P2PDMA memory; and the CXL
 * region a namespace on CXL memory needs first.
 *
 * Each kind is set up by ns_setup like a namespace and saved the same way
 * (lib/ns.h's state, with a layout of its own kind: common/layout.h), its
 * layout read from sysfs and cross-checked against what else the kernel
 * says about it.
 */
#ifndef PMEMFI_DEVMEM_H
#define PMEMFI_DEVMEM_H

#include <stddef.h>
#include <stdint.h>

#include "inject.h"
#include "ns.h"

/*
 * /proc/kpageflags bit of PG_owner_priv_1 (KPF_OWNER_PRIVATE), which on a
 * page of a kmem block's own memmap is PG_vmemmap_self_hosted.
 */
#define DEVMEM_KPF_SELF_HOSTED	37

/*
 * Commit a CXL pmem region over every CXL memory device, once the CXL
 * drivers have probed them. Returns how many regions there are (0 with no
 * CXL device), or -1 with @err.
 */
int devmem_cxl_regions(char *err, int errlen);

/*
 * Set up the device memory @spec asks for (mode kmem, private, coherent or
 * p2pdma) and fill @st. Returns 0, or -1 with @err; with @needs set (to a
 * CONFIG_ symbol or the like) when the kernel lacks the interface: a skip.
 */
int devmem_create(struct ndctl_ctx *ctx, const struct ns_spec *spec, struct ns_state *st,
		  const char **needs, char *err, int errlen);

/*
 * Hold @st's layout to what else the kernel says: /proc/iomem, the memory
 * blocks, /proc/kpageflags, the kernel log, a page moved there (ktap
 * checks; a failure ends the test).
 */
void devmem_check_layout(const struct ns_state *st);

/* A page of the device memory mapped into this process (point C-mapped). */
struct devmem_mapping {
	void *addr;
	size_t len;
	void *page;
	uint64_t pfn;
	int fd;		/* the device that must stay open while it is mapped, or -1 */
};

/*
 * Map a page of @st's memory: for kmem an anonymous page bound to its
 * node, for test_hmm an anonymous page migrated to the device, for p2pdma
 * a page of p2pmem/allocate. 0, or -1 with @err.
 */
int devmem_map_page(const struct ns_state *st, struct devmem_mapping *m, char *err, int errlen);
void devmem_unmap_page(struct devmem_mapping *m);

/* @pfn's /proc/kpageflags entry: 0, or -errno. */
int devmem_kpageflags(uint64_t pfn, uint64_t *flags);

/*
 * The hotremove injector (kmem): poison @pfn, offline its memory block,
 * try to online it again (the outcome: refused with EHWPOISON, or "ok"),
 * then remove the whole device's memory and add it back as it was. 0 with
 * the outcome, or -1 with @err when a step that must work did not.
 */
int devmem_kmem_hotremove(const struct ns_state *st, uint64_t pfn, struct inject_outcome *out,
			  char *err, int errlen);

/*
 * kmem's memory hot-plug, step by step: offline every block of @st's
 * device still online and remove its memory (kmem lets go of the dax
 * device); add it back and online it as it was, at the same blocks. 0, or
 * -1 with @err.
 */
int devmem_kmem_remove(const struct ns_state *st, char *err, int errlen);
int devmem_kmem_readd(const struct ns_state *st, char *err, int errlen);

/* Write @state ("offline", "online_movable") to memory block @block: 0, or -errno. */
int devmem_kmem_block_state(uint64_t block, const char *state);

#endif
