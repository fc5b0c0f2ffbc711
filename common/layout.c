// SPDX-License-Identifier: GPL-2.0
#include "layout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define ALIGN_UP(x, a)		((((x) + (a) - 1) / (a)) * (a))
#define ALIGN_DOWN(x, a)	(((x) / (a)) * (a))

int layout_compute(struct layout *l, char *err, int errlen)
{
	uint64_t a = l->align > LAYOUT_COMPAT_ALIGN ? l->align : LAYOUT_COMPAT_ALIGN;
	uint64_t end, meta;

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

int layout_class(const struct layout *l, char name, struct layout_class *c)
{
	uint64_t s = l->start / LAYOUT_PAGE_SIZE, from, to;

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
		*pfn = c.first + huge;
		return 0;
	}
	if (!strcmp(where, "first"))
		*pfn = c.first;
	else if (!strcmp(where, "mid"))
		*pfn = c.first + c.count / 2;
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
