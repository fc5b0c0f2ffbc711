/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vma_walk.h - page-table walkers over the test's own mapping (the vma-*
 * names of common/names.c): each reads or ages the mapping as a user might,
 * then the page is accessed once and the outcome says what the walk left:
 *
 *   "kept"   the access took no page fault: the page stayed mapped
 *   "lost"   it faulted: the walk unmapped the page (splitting a DAX PUD
 *            does, walk_pud_range() -> split_huge_pud())
 */
#ifndef PMEMFI_VMA_WALK_H
#define PMEMFI_VMA_WALK_H

#include <stddef.h>

#include "inject.h"

/*
 * Run walker @name over the mapping [@addr, @addr + @len) holding @page,
 * which must be mapped and touched. Returns 0 with the outcome set,
 * -ENOENT when the kernel lacks the interface, -EAGAIN when @page was not
 * mapped to begin with, or another -errno when the walk itself failed.
 */
int vma_walk(const char *name, void *addr, size_t len, void *page, struct inject_outcome *out);

#endif
