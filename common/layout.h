/* SPDX-License-Identifier: GPL-2.0 */
/*
 * layout.h - where the metadata of a pmem namespace with a pfn info block
 * lives, and which pfns a test names when it says "A-first" or "C-mid".
 *
 * Shared by the guest tests (which compute and inject) and the host
 * harness (which expands profiles and checks what the guest reported).
 *
 * An fsdax/devdax namespace [S, S+N) created by the kernel's nd_pfn_init():
 *
 *   class A  [S, S+8K)         info block pfns; struct pages never initialized
 *   class B  [S+8K, S+D)       memmap space (map=dev) or padding (map=mem)
 *   class C  [S+D, S+N-E)      data pfns
 *
 *   D = ALIGN(S + 8K + 64 * ((N - 8K) / 4K), A) - S   (map=dev)
 *   D = ALIGN(S + 8K, A) - S                           (map=mem)
 *   E = S + N - ALIGN_DOWN(S + N, A)
 *   A = max(align, 2M)  (memremap_compat_align() is 2M on x86-64)
 *
 * Other device memory (docs/device-memory.md) has a layout of its own kind:
 *
 *   kmem     memory blocks a devdax range was hot-added as (System RAM):
 *            [S, S+N) is whole blocks of size K. With map=dev
 *            (memmap_on_memory) every block starts with the pages holding
 *            its own struct pages, K / 4K * 64 bytes: class B is those of
 *            every block, class C the rest; with map=mem all is class C.
 *   raw      device memory with no metadata inside it (a test_hmm chunk,
 *            a P2PDMA BAR): all class C.
 *
 * Class A is empty for both.
 */
#ifndef PMEMFI_LAYOUT_H
#define PMEMFI_LAYOUT_H

#include <stdbool.h>
#include <stdint.h>

#define LAYOUT_PAGE_SIZE	4096ULL
#define LAYOUT_INFO_SIZE	8192ULL		/* SZ_8K reserved at S */
#define LAYOUT_INFO_OFFSET	4096ULL		/* pfn superblock at S+4K */
#define LAYOUT_DATAOFF_OFFSET	0x38ULL		/* nd_pfn_sb.dataoff */
#define LAYOUT_STRUCT_PAGE	64ULL		/* MAX_STRUCT_PAGE_SIZE */
#define LAYOUT_COMPAT_ALIGN	(2ULL << 20)
#define LAYOUT_SECTION_SIZE	(128ULL << 20)	/* x86-64 SECTION_SIZE_BITS 27 */

enum layout_map { LAYOUT_MAP_DEV, LAYOUT_MAP_MEM };

/* What made the memory: a pfn/dax claim of a pmem namespace, kmem, or nothing. */
enum layout_kind { LAYOUT_PFN, LAYOUT_KMEM, LAYOUT_RAW };

struct layout {
	uint64_t start;		/* S, bytes */
	uint64_t size;		/* N, bytes */
	uint64_t align;		/* requested namespace alignment, bytes */
	enum layout_map map;
	enum layout_kind kind;	/* LAYOUT_PFN unless set */
	uint64_t block_size;	/* LAYOUT_KMEM: K, the memory block size, bytes */
	uint64_t dataoff;	/* D, bytes from S */
	uint64_t end_trunc;	/* E, bytes cut from the end */
};

/*
 * One pfn class: its lowest and highest pfn and how many there are (a kmem
 * class B is a run at the start of every block: not every pfn between
 * first and last is in it). Empty when count == 0.
 */
struct layout_class {
	char name;		/* 'A', 'B' or 'C' */
	uint64_t first;
	uint64_t last;
	uint64_t count;
};

/*
 * Fill @l->dataoff and @l->end_trunc from start, size, align and map, the
 * way nd_pfn_init() does. Returns 0, or -1 with a reason in @err when the
 * kernel would refuse the namespace (misaligned start, no room for data).
 */
int layout_compute(struct layout *l, char *err, int errlen);

/* Class 'A', 'B' or 'C' of a computed layout. Returns 0 or -1 (bad name). */
int layout_class(const struct layout *l, char name, struct layout_class *c);

/* Pages of a kmem block of @block_size bytes that hold its own memmap. */
uint64_t layout_kmem_memmap_pages(uint64_t block_size);

/* "pfn", "kmem" or "raw", and back (-1 for an unknown name). */
const char *layout_kind_name(enum layout_kind kind);
int layout_kind_parse(const char *name);

/*
 * Resolve a point name to a pfn: "<class>-<where>" with class A, B or C and
 * where first, mid (the middle one of the class's pfns) or last; "C-huge" (the first pfn of the second huge
 * page of data); or "below" / "above" (the pfns just outside the
 * namespace). Returns 0, or -1 when the name is unknown or the class empty.
 */
int layout_point(const struct layout *l, const char *point, uint64_t *pfn);

/* Which class a pfn of the namespace falls in: 'A', 'B', 'C', or 0. */
char layout_class_of(const struct layout *l, uint64_t pfn);

/* Parse "4K", "2M", "1G", "512M", "0x1000" or a plain byte count. */
int layout_parse_size(const char *s, uint64_t *out);

#endif
