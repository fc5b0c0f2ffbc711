// SPDX-License-Identifier: GPL-2.0
#include "layout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN_UP(x, a)		((((x) + (a) - 1) / (a)) * (a))
#define ALIGN_DOWN(x, a)	(((x) / (a)) * (a))

uint64_t layout_kmem_memmap_pages(uint64_t block_size)
{
	return block_size / LAYOUT_PAGE_SIZE * LAYOUT_STRUCT_PAGE / LAYOUT_PAGE_SIZE;
}

static const char *const kind_names[] = { "pfn", "kmem", "raw" };

const char *layout_kind_name(enum layout_kind kind)
{
	return kind <= LAYOUT_RAW ? kind_names[kind] : "?";
}

int layout_kind_parse(const char *name)
{
	for (int k = LAYOUT_PFN; k <= LAYOUT_RAW; k++)
		if (!strcmp(name, kind_names[k]))
			return k;
	return -1;
}

/* kmem: whole memory blocks; with map=dev each begins with its own memmap. */
static int compute_kmem(struct layout *l, char *err, int errlen)
{
	uint64_t k = l->block_size;

	if (!k || (k & (k - 1)) || k < LAYOUT_SECTION_SIZE) {
		snprintf(err, errlen, "memory block size %#llx is not a power of two of at least 128M",
			 (unsigned long long)k);
		return -1;
	}
	if (!l->size || l->start % k || l->size % k) {
		snprintf(err, errlen, "%#llx+%#llx is not whole memory blocks of %#llx",
			 (unsigned long long)l->start, (unsigned long long)l->size, (unsigned long long)k);
		return -1;
	}
	l->dataoff = l->map == LAYOUT_MAP_DEV ? layout_kmem_memmap_pages(k) * LAYOUT_PAGE_SIZE : 0;
	l->end_trunc = 0;
	return 0;
}

/* raw: device memory without metadata, every page data. */
static int compute_raw(struct layout *l, char *err, int errlen)
{
	if (!l->size || l->start % LAYOUT_PAGE_SIZE || l->size % LAYOUT_PAGE_SIZE) {
		snprintf(err, errlen, "%#llx+%#llx is not whole pages", (unsigned long long)l->start,
			 (unsigned long long)l->size);
		return -1;
	}
	l->dataoff = l->end_trunc = 0;
	return 0;
}

int layout_compute(struct layout *l, char *err, int errlen)
{
	uint64_t a = l->align > LAYOUT_COMPAT_ALIGN ? l->align : LAYOUT_COMPAT_ALIGN;
	uint64_t end, meta;

	if (l->kind == LAYOUT_KMEM)
		return compute_kmem(l, err, errlen);
	if (l->kind == LAYOUT_RAW)
		return compute_raw(l, err, errlen);
	if (!l->align || (l->align & (l->align - 1))) {
		snprintf(err, errlen, "align %#llx is not a power of two",
			 (unsigned long long)l->align);
		return -1;
	}
	if (l->start % LAYOUT_COMPAT_ALIGN) {
		snprintf(err, errlen, "start %#llx is not 2M-aligned",
			 (unsigned long long)l->start);
		return -1;
	}
	if (l->size <= LAYOUT_INFO_SIZE) {
		snprintf(err, errlen, "size %#llx leaves no room past the info block",
			 (unsigned long long)l->size);
		return -1;
	}
	end = l->start + l->size;
	l->end_trunc = end - ALIGN_DOWN(end, a);
	meta = LAYOUT_INFO_SIZE;
	if (l->map == LAYOUT_MAP_DEV)
		meta += LAYOUT_STRUCT_PAGE * ((l->size - LAYOUT_INFO_SIZE) / LAYOUT_PAGE_SIZE);
	l->dataoff = ALIGN_UP(l->start + meta, a) - l->start;
	if (l->dataoff >= l->size - l->end_trunc) {
		snprintf(err, errlen, "no data left: dataoff %#llx, usable size %#llx",
			 (unsigned long long)l->dataoff,
			 (unsigned long long)(l->size - l->end_trunc));
		return -1;
	}
	return 0;
}

/* A kmem layout: pages per block, memmap pages per block, blocks. */
static void kmem_shape(const struct layout *l, uint64_t *bp, uint64_t *mm, uint64_t *nb)
{
	*bp = l->block_size / LAYOUT_PAGE_SIZE;
	*mm = l->dataoff / LAYOUT_PAGE_SIZE;
	*nb = l->size / l->block_size;
}

/* The @n-th pfn (from 0) of class @name of a kmem layout. */
static uint64_t kmem_nth(const struct layout *l, char name, uint64_t n)
{
	uint64_t s = l->start / LAYOUT_PAGE_SIZE, bp, mm, nb;

	kmem_shape(l, &bp, &mm, &nb);
	if (name == 'B')
		return s + n / mm * bp + n % mm;
	return s + n / (bp - mm) * bp + mm + n % (bp - mm);
}

static int kmem_class(const struct layout *l, char name, struct layout_class *c)
{
	uint64_t bp, mm, nb;

	kmem_shape(l, &bp, &mm, &nb);
	c->name = name;
	c->count = name == 'B' ? nb * mm : name == 'C' ? nb * (bp - mm) : 0;
	c->first = c->count ? kmem_nth(l, name, 0) : l->start / LAYOUT_PAGE_SIZE;
	c->last = c->count ? kmem_nth(l, name, c->count - 1) : c->first;
	return 0;
}

int layout_class(const struct layout *l, char name, struct layout_class *c)
{
	uint64_t s = l->start / LAYOUT_PAGE_SIZE, from, to;

	if (name != 'A' && name != 'B' && name != 'C')
		return -1;
	if (l->kind == LAYOUT_KMEM)
		return kmem_class(l, name, c);
	if (l->kind == LAYOUT_RAW && name != 'C') {
		*c = (struct layout_class){ .name = name, .first = s, .last = s };
		return 0;
	}
	switch (name) {
	case 'A':
		from = s;
		to = s + LAYOUT_INFO_SIZE / LAYOUT_PAGE_SIZE;
		break;
	case 'B':
		from = s + LAYOUT_INFO_SIZE / LAYOUT_PAGE_SIZE;
		to = s + l->dataoff / LAYOUT_PAGE_SIZE;
		break;
	case 'C':
		from = s + l->dataoff / LAYOUT_PAGE_SIZE;
		to = (l->start + l->size - l->end_trunc) / LAYOUT_PAGE_SIZE;
		break;
	default:
		return -1;
	}
	c->name = name;
	c->first = from;
	c->count = to > from ? to - from : 0;
	c->last = c->count ? to - 1 : from;
	return 0;
}

int layout_point(const struct layout *l, const char *point, uint64_t *pfn)
{
	struct layout_class c;
	const char *where;

	if (!strcmp(point, "below")) {
		*pfn = l->start / LAYOUT_PAGE_SIZE - 1;
		return 0;
	}
	if (!strcmp(point, "above")) {
		*pfn = (l->start + l->size) / LAYOUT_PAGE_SIZE;
		return 0;
	}
	if (strlen(point) < 3 || point[1] != '-' || layout_class(l, point[0], &c))
		return -1;
	if (!c.count)
		return -1;
	where = point + 2;
	if (!strcmp(point, "C-huge")) {
		/* The first pfn of the second huge page of data. */
		uint64_t huge = (l->align > LAYOUT_COMPAT_ALIGN ? l->align : LAYOUT_COMPAT_ALIGN) / LAYOUT_PAGE_SIZE;

		if (c.count <= huge)
			return -1;
		*pfn = l->kind == LAYOUT_KMEM ? kmem_nth(l, 'C', huge) : c.first + huge;
		return 0;
	}
	if (!strcmp(where, "first"))
		*pfn = c.first;
	else if (!strcmp(where, "mid"))
		*pfn = l->kind == LAYOUT_KMEM ? kmem_nth(l, c.name, c.count / 2) : c.first + c.count / 2;
	else if (!strcmp(where, "last"))
		*pfn = c.last;
	else
		return -1;
	return 0;
}

char layout_class_of(const struct layout *l, uint64_t pfn)
{
	static const char names[] = "ABC";
	struct layout_class c;

	if (l->kind == LAYOUT_KMEM) {
		uint64_t s = l->start / LAYOUT_PAGE_SIZE, bp, mm, nb;

		kmem_shape(l, &bp, &mm, &nb);
		if (pfn < s || pfn >= s + nb * bp)
			return 0;
		return (pfn - s) % bp < mm ? 'B' : 'C';
	}

	for (const char *n = names; *n; n++)
		if (!layout_class(l, *n, &c) && c.count && pfn >= c.first && pfn <= c.last)
			return *n;
	return 0;
}

int layout_parse_size(const char *s, uint64_t *out)
{
	unsigned long long v;
	char *end;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 0);
	if (errno || end == s)
		return -1;
	int shift = 0;

	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	case 't': case 'T': shift = 40; end++; break;
	}
	if (*end || v > (~0ULL >> shift))
		return -1;
	*out = v << shift;
	return 0;
}
