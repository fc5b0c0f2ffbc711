/* SPDX-License-Identifier: GPL-2.0 */
/* cmdline.h - what a pmemfi guest's kernel boots with. */
#ifndef PMEMFI_KERNEL_CMDLINE_H
#define PMEMFI_KERNEL_CMDLINE_H

#include "config/plan.h"
#include "kernel/kernel.h"

/*
 * Kernel command line for @k and @p: KASAN kernels report every bad
 * access; legacy pmem is carved from RAM; page_owner records only when
 * asked, and only a walker of it needs it. @extra (--append, or NULL)
 * comes after the fixed options, before memmap=. Caller frees.
 */
char *kernel_append(const struct kernel *k, const struct plan *p, const char *extra);

#endif
