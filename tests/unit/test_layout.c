// SPDX-License-Identifier: GPL-2.0
/*
 * pfn-class math against layouts the kernel produced on these machines
 * (docs/architecture.md, "Facts about the tools") and nd_pfn_init()'s rules.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/layout.h"

static struct layout mk(uint64_t start, uint64_t size, uint64_t align, enum layout_map map)
{
	struct layout l = { .start = start, .size = size, .align = align, .map = map };
	char err[128];

	assert_int_equal(layout_compute(&l, err, sizeof(err)), 0);
	return l;
}

/* 512 MiB devdax at 0x100000000, -M dev -a 2M: data (dax0.0) at 0x100a00000. */
static void devdax_512m_observed(void **state)
{
	struct layout l = mk(0x100000000ULL, 512ULL << 20, 2 << 20, LAYOUT_MAP_DEV);
	struct layout_class a, b, c;

	(void)state;
	assert_int_equal(l.dataoff, 0xa00000);
	assert_int_equal(l.end_trunc, 0);
	assert_int_equal(layout_class(&l, 'A', &a), 0);
	assert_int_equal(layout_class(&l, 'B', &b), 0);
	assert_int_equal(layout_class(&l, 'C', &c), 0);
	assert_int_equal(a.first, 0x100000);
	assert_int_equal(a.last, 0x100001);
	assert_int_equal(a.count, 2);
	assert_int_equal(b.first, 0x100002);
	assert_int_equal(b.last, 0x1009ff);
	assert_int_equal(c.first, 0x100a00);
	assert_int_equal(c.last, 0x11ffff);
}

/* 256 MiB fsdax at 0x120000000: pfn0.0/resource 0x120600000. */
static void fsdax_256m_observed(void **state)
{
	struct layout l = mk(0x120000000ULL, 256ULL << 20, 2 << 20, LAYOUT_MAP_DEV);

	(void)state;
	assert_int_equal(l.dataoff, 0x600000);
}

/* Label-less 1 GiB namespace at 0x100000000: D = 0x1200000. */
static void labelless_1g_observed(void **state)
{
	struct layout l = mk(0x100000000ULL, 1ULL << 30, 2 << 20, LAYOUT_MAP_DEV);

	(void)state;
	assert_int_equal(l.dataoff, 0x1200000);
}

/* map=mem: only the 8K info block, aligned up to the alignment. */
static void map_mem(void **state)
{
	struct layout l = mk(0x100000000ULL, 512ULL << 20, 2 << 20, LAYOUT_MAP_MEM);
	struct layout l4k = mk(0x100000000ULL, 512ULL << 20, 4096, LAYOUT_MAP_MEM);

	(void)state;
	assert_int_equal(l.dataoff, 2 << 20);
	/* align is raised to memremap_compat_align() (2M) as in nd_pfn_init(). */
	assert_int_equal(l4k.dataoff, 2 << 20);
}

/* 1G alignment: data starts on a 1 GiB boundary, the tail is truncated. */
static void align_1g_truncates(void **state)
{
	struct layout l = mk(0x100000000ULL, (3ULL << 30) + (512ULL << 20), 1ULL << 30, LAYOUT_MAP_DEV);

	(void)state;
	assert_int_equal(l.dataoff, 1ULL << 30);
	assert_int_equal(l.end_trunc, 512ULL << 20);
	/* The truncated tail is no data: class C and C-last end before it. */
	{
		struct layout_class c;
		uint64_t last;

		assert_int_equal(layout_class(&l, 'C', &c), 0);
		assert_int_equal(c.last, (0x100000000ULL + (3ULL << 30)) / 4096 - 1);
		assert_int_equal(c.count, (2ULL << 30) / 4096);
		assert_int_equal(layout_point(&l, "C-last", &last), 0);
		assert_int_equal(last, c.last);
		assert_int_equal(layout_class_of(&l, c.last + 1), 0);
	}
}

static void rejects(void **state)
{
	struct layout l = { .start = 0x100001000ULL, .size = 512ULL << 20, .align = 2 << 20 };
	char err[128];

	(void)state;
	assert_int_equal(layout_compute(&l, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "not 2M-aligned"));
	l.start = 0x100000000ULL;
	l.align = 3 << 20;
	assert_int_equal(layout_compute(&l, err, sizeof(err)), -1);
	l.align = 2 << 20;
	l.size = 8192;
	assert_int_equal(layout_compute(&l, err, sizeof(err)), -1);
	/* Room for the memmap but none for data. */
	l.size = 2 << 20;
	assert_int_equal(layout_compute(&l, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no data left"));
}

static void points(void **state)
{
	struct layout l = mk(0x100000000ULL, 512ULL << 20, 2 << 20, LAYOUT_MAP_DEV);
	uint64_t pfn;

	(void)state;
	assert_int_equal(layout_point(&l, "A-first", &pfn), 0);
	assert_int_equal(pfn, 0x100000);
	assert_int_equal(layout_point(&l, "A-last", &pfn), 0);
	assert_int_equal(pfn, 0x100001);
	assert_int_equal(layout_point(&l, "B-mid", &pfn), 0);
	assert_int_equal(pfn, 0x100002 + (0x9fe / 2));
	assert_int_equal(layout_point(&l, "C-last", &pfn), 0);
	assert_int_equal(pfn, 0x11ffff);
	assert_int_equal(layout_point(&l, "C-huge", &pfn), 0);
	assert_int_equal(pfn, 0x100a00 + 0x200);
	assert_int_equal(layout_point(&l, "below", &pfn), 0);
	assert_int_equal(pfn, 0xfffff);
	assert_int_equal(layout_point(&l, "above", &pfn), 0);
	assert_int_equal(pfn, 0x120000);
	assert_int_equal(layout_point(&l, "D-first", &pfn), -1);
	assert_int_equal(layout_point(&l, "A-middle", &pfn), -1);
	assert_int_equal(layout_point(&l, "A", &pfn), -1);
	assert_int_equal(layout_class_of(&l, 0x100001), 'A');
	assert_int_equal(layout_class_of(&l, 0x100002), 'B');
	assert_int_equal(layout_class_of(&l, 0x100a00), 'C');
	assert_int_equal(layout_class_of(&l, 0x120000), 0);
	assert_int_equal(layout_class_of(&l, 0xfffff), 0);
}

/*
 * kmem with memmap_on_memory as run kmem2 (issue 31's notes) saw it: a
 * devdax range onlined as 7 blocks of 128M at 0x108000000; /proc/kpageflags
 * bit 37 (VmemmapSelfHosted) on exactly the first 512 pfns of each block.
 */
static void kmem_memmap_on_memory(void **state)
{
	struct layout l = { .start = 0x108000000ULL, .size = 7ULL << 27, .align = 2 << 20,
			    .map = LAYOUT_MAP_DEV, .kind = LAYOUT_KMEM, .block_size = 128 << 20 };
	struct layout_class a, b, c;
	char err[128];
	uint64_t pfn;

	(void)state;
	assert_int_equal(layout_compute(&l, err, sizeof(err)), 0);
	assert_int_equal(layout_kmem_memmap_pages(128 << 20), 512);
	assert_int_equal(l.dataoff, 2 << 20);
	assert_int_equal(layout_class(&l, 'A', &a), 0);
	assert_int_equal(a.count, 0);
	assert_int_equal(layout_class(&l, 'B', &b), 0);
	assert_int_equal(b.count, 7 * 512);
	assert_int_equal(b.first, 0x108000);
	assert_int_equal(b.last, 0x108000 + 6 * 0x8000 + 0x1ff);
	assert_int_equal(layout_class(&l, 'C', &c), 0);
	assert_int_equal(c.count, 7 * (0x8000 - 512));
	assert_int_equal(c.first, 0x108200);
	assert_int_equal(c.last, 0x13ffff);
	/* mid is the middle one of the class, in the middle block here. */
	assert_int_equal(layout_point(&l, "B-mid", &pfn), 0);
	assert_int_equal(pfn, 0x108000 + 3 * 0x8000 + 0x100);
	assert_int_equal(layout_class_of(&l, pfn), 'B');
	assert_int_equal(layout_point(&l, "C-mid", &pfn), 0);
	assert_int_equal(layout_class_of(&l, pfn), 'C');
	assert_int_equal(layout_point(&l, "A-first", &pfn), -1);
	assert_int_equal(layout_class_of(&l, 0x1101ff), 'B');
	assert_int_equal(layout_class_of(&l, 0x110200), 'C');
	assert_int_equal(layout_class_of(&l, 0x107fff), 0);
	assert_int_equal(layout_class_of(&l, 0x140000), 0);
	assert_int_equal(layout_point(&l, "below", &pfn), 0);
	assert_int_equal(pfn, 0x107fff);
	/* Without memmap_on_memory the memmap is in RAM: no class B. */
	l.map = LAYOUT_MAP_MEM;
	assert_int_equal(layout_compute(&l, err, sizeof(err)), 0);
	assert_int_equal(layout_class(&l, 'B', &b), 0);
	assert_int_equal(b.count, 0);
	assert_int_equal(layout_point(&l, "C-first", &pfn), 0);
	assert_int_equal(pfn, 0x108000);
	/* Not whole blocks. */
	l.start += 2 << 20;
	assert_int_equal(layout_compute(&l, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "whole memory blocks"));
}

/* A 256M test_hmm chunk or a P2PDMA BAR: no metadata, all data. */
static void raw_device_memory(void **state)
{
	struct layout l = { .start = 0x3ffff0000000ULL, .size = 256ULL << 20, .align = 4096,
			    .map = LAYOUT_MAP_MEM, .kind = LAYOUT_RAW };
	struct layout_class c;
	char err[128];
	uint64_t pfn;

	(void)state;
	assert_int_equal(layout_compute(&l, err, sizeof(err)), 0);
	assert_int_equal(layout_class(&l, 'C', &c), 0);
	assert_int_equal(c.first, 0x3ffff0000ULL);
	assert_int_equal(c.count, 0x10000);
	assert_int_equal(layout_point(&l, "B-first", &pfn), -1);
	assert_int_equal(layout_point(&l, "C-last", &pfn), 0);
	assert_int_equal(pfn, 0x3ffffffffULL);
	assert_int_equal(layout_class_of(&l, 0x3ffff0000ULL), 'C');
	assert_int_equal(layout_kind_parse("raw"), LAYOUT_RAW);
	assert_string_equal(layout_kind_name(LAYOUT_KMEM), "kmem");
	assert_int_equal(layout_kind_parse("nvdimm"), -1);
	l.size = 100;
	assert_int_equal(layout_compute(&l, err, sizeof(err)), -1);
}

static void sizes(void **state)
{
	uint64_t v;

	(void)state;
	assert_int_equal(layout_parse_size("2M", &v), 0);
	assert_int_equal(v, 2 << 20);
	assert_int_equal(layout_parse_size("1G", &v), 0);
	assert_int_equal(v, 1ULL << 30);
	assert_int_equal(layout_parse_size("4k", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(layout_parse_size("0x1000", &v), 0);
	assert_int_equal(v, 4096);
	assert_int_equal(layout_parse_size("", &v), -1);
	assert_int_equal(layout_parse_size("-1M", &v), -1);
	assert_int_equal(layout_parse_size("2MB", &v), -1);
	assert_int_equal(layout_parse_size("99999999999T", &v), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(devdax_512m_observed),
		cmocka_unit_test(fsdax_256m_observed),
		cmocka_unit_test(labelless_1g_observed),
		cmocka_unit_test(map_mem),
		cmocka_unit_test(align_1g_truncates),
		cmocka_unit_test(rejects),
		cmocka_unit_test(points),
		cmocka_unit_test(kmem_memmap_on_memory),
		cmocka_unit_test(raw_device_memory),
		cmocka_unit_test(sizes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
