/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ns.h - pmem namespaces for the guest tests, through libndctl/libdaxctl.
 *
 * A setup step creates a namespace and saves what the tests need to know
 * about it (its layout and device names) in /run/pmemfi/ns/<name>; the
 * injection tests load that state instead of rediscovering the namespace.
 */
#ifndef PMEMFI_NS_H
#define PMEMFI_NS_H

#include <stdint.h>

#include "../../common/layout.h"

#define NS_STATE_DIR "/run/pmemfi/ns"

struct ndctl_ctx;

/* What the profile asks for. */
struct ns_spec {
	const char *name;	/* short name used by tests: "devdax" */
	const char *mode;	/* "devdax" or "fsdax" */
	enum layout_map map;
	uint64_t align;
	uint64_t size;
	int region;		/* Nth NFIT region by address (Nth nvdimm), or -1: first that fits */
	int legacy;		/* the first unclaimed e820 region of this size */
	const char *seed_a;	/* "ff@A", "random:N@A": seed the class A struct pages */
	/*
	 * Only regions of this bus provider ("nfit_test.0", "virtio-pmem",
	 * "CXL"), or NULL: NVDIMMs (not virtio-pmem or CXL regions).
	 */
	const char *bus;
	const char *where;	/* --region hmm or nvme: test_hmm's memory, the NVMe CMB */
};

/* What the kernel built, as saved for the tests. */
struct ns_state {
	char name[64];
	char mode[16];
	struct layout layout;	/* as computed from the kernel's S and N */
	char region[32];	/* region0 */
	int node;		/* the region's NUMA node */
	char ns_dev[32];	/* namespace0.0 */
	char dev[32];		/* dax0.0 (devdax) or pmem0 (fsdax) */
	uint64_t data_start;	/* pfn/dax resource, from sysfs */
	uint64_t data_size;
	char mount[96];		/* fsdax: where the dax filesystem is mounted */
	char seed_a[96];	/* where the class A struct pages were seeded, or why not */
};

/* Does @mode name device memory of lib/devmem.h (kmem, private, coherent, p2pdma)? */
int ns_mode_is_devmem(const char *mode);

/*
 * Write fresh namespace labels to every DIMM of every pmem region (regions
 * are disabled around it). QEMU NVDIMMs start label-less, and a label-less
 * region cannot hold more than one namespace.
 */
int ns_init_labels(struct ndctl_ctx *ctx, char *err, int errlen);

struct ndctl_region;

/* ns_init_labels() for one region. */
int ns_init_region_labels(struct ndctl_region *region, char *err, int errlen);

/* Is there a pmem region whose bus has provider @provider ("virtio-pmem", "CXL")? */
int ns_provider_present(struct ndctl_ctx *ctx, const char *provider);

/* Create the namespace of @spec and fill @st. */
int ns_create(struct ndctl_ctx *ctx, const struct ns_spec *spec,
	      struct ns_state *st, char *err, int errlen);

/*
 * Take @spec->size bytes of a region (@spec->region, or the first with
 * room) with a raw namespace named @spec->name: it stands in for the
 * namespaces a VM does not need, so the ones it creates next land where
 * they land in every VM.
 */
int ns_reserve(struct ndctl_ctx *ctx, const struct ns_spec *spec, char *err, int errlen);

/*
 * Read the pfn info block of a created namespace through its raw block
 * device (force_raw, the way ndctl's pfn-meta-errors test does), then put
 * the namespace back into its mode. Fills @sig (16 bytes + NUL) and
 * @dataoff.
 */
int ns_read_info_block(struct ndctl_ctx *ctx, struct ns_state *st,
		       char sig[17], uint64_t *dataoff, char *err, int errlen);

/*
 * Disable the namespace and enable it again, in raw mode (force_raw: the
 * info block is ignored) or, @raw 0, in the mode its info block describes
 * (then @st's claim fields are refreshed). An fsdax filesystem must be
 * unmounted first.
 */
int ns_set_raw(struct ndctl_ctx *ctx, struct ns_state *st, int raw, char *err, int errlen);

/*
 * Claim the namespace as @mode ("devdax" or "fsdax") with its map and
 * align: the old claim device is deleted and a new info block written.
 */
int ns_switch_mode(struct ndctl_ctx *ctx, struct ns_state *st, const char *mode,
		   char *err, int errlen);

/*
 * mount -o dax the fsdax block device at st->mount, after mkfs.ext4 when
 * @mkfs (a remount keeps the filesystem: mkfs fails on poisoned blocks).
 */
int ns_mount_dax_fs(struct ns_state *st, int mkfs, char *err, int errlen);

struct daxctl_dev;

/* The dax device of @st's devdax namespace (kmem's too), or NULL. */
struct daxctl_dev *ns_daxctl_dev(struct ndctl_ctx *ctx, const struct ns_state *st);

int ns_state_save(const struct ns_state *st, char *err, int errlen);
int ns_state_load(const char *name, struct ns_state *st, char *err, int errlen);

#endif
