/* SPDX-License-Identifier: GPL-2.0 */
/*
 * media.h - the files behind the emulated NVDIMMs, and their seeding.
 *
 * Every VM starts from freshly seeded media (common/seed.h): struct pages
 * the kernel never initializes then hold a chosen value, so a read of one
 * is reproducible.
 */
#ifndef PMEMFI_MEDIA_H
#define PMEMFI_MEDIA_H

#include <stddef.h>

#include "config/plan.h"

/*
 * Check that @dir has room for the topology's NVDIMMs. Returns 0, or -1
 * with a one-line reason (the caller exits 2 before any VM starts).
 */
int media_check_space(const char *dir, const struct topology *t, char *err, int errlen);

/*
 * (Re)create and seed one backing file per pmem device (NVDIMM,
 * virtio-pmem, CXL) in @dir, named nvdimm<N>.img, followed by
 * plan_ram_files() RAM files ram<N>.img (zero, with the seed over the
 * legacy pmem ranges), then the zeroed files no seed touches: a label
 * storage area per CXL device (cxl-label<K>.img) and the NVMe drive
 * (nvme.img); @paths receives their paths, NULL-terminated (caller frees
 * each and the array). Returns 0, or -1 with a reason.
 */
int media_prepare(const char *dir, const struct topology *t, const char *seed,
		  char ***paths, char *err, int errlen);

/* Where in media_prepare()'s list the label file of the @k-th CXL device is, and the NVMe drive. */
int media_cxl_label_index(const struct topology *t, int k);
int media_nvme_index(const struct topology *t);

#endif
