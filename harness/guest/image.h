/* SPDX-License-Identifier: GPL-2.0 */
/*
 * image.h - the guest initramfs for a kernel, built by
 * vm-images/build-initramfs.sh and cached by the hash of everything that
 * goes into it (the script, init, the module list, the guest programs, the
 * kernel's release and modules.dep, the contents of the modules it
 * carries, the nfit_test modules).
 */
#ifndef PMEMFI_IMAGE_H
#define PMEMFI_IMAGE_H

#include "kernel/kernel.h"

/*
 * Build or reuse the initramfs for @k; @repo is the pmemfi checkout whose
 * build/guest holds the guest programs. Sets *@path (caller frees).
 * Returns 0, or EXIT_INFRA with a one-line reason naming the build log.
 */
int image_build(const struct kernel *k, const char *repo, const char *cache,
		char **path, char *err, int errlen);

/*
 * The kernel as its VMs run it, as 16 hex digits in @hash[17]: FNV-1a 64
 * over the image, the modules the guest image carries (those
 * vm-images/modules names and what modules.dep says they need) and the
 * nfit_test modules. Two kernels with one hash run the same code, however
 * they were named or built. Returns 0, or EXIT_INFRA with @err.
 */
int image_kernel_hash(const struct kernel *k, const char *repo, char hash[17], char *err, int errlen);

#endif
