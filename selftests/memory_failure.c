// SPDX-License-Identifier: GPL-2.0
/*
 * memory_failure - inject one memory failure at one pfn of a namespace set
 * up by ns_setup, and check the outcome against the expectation the
 * harness took from configs/expectations.
 *
 *   memory_failure --ns devdax --injector corrupt-pfn --point A-first --expect ENXIO
 *
 * Points: A-first A-last B-first B-mid B-last C-first C-mid C-last C-huge
 * below above (common/layout.h), and C-mapped: a data page this process
 * has mapped and touched (a page of the dax device, or of a file on the
 * fsdax filesystem), which is what madvise and mce-ar need. Injectors:
 * common/names.c.
 *
 * The harness checks the rest of the oracle on the console: no kernel
 * report, and the expected "Memory failure: ... recovery action" line.
 */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../common/names.h"
#include "lib/inject.h"
#include "lib/ktap.h"
#include "lib/ns.h"

struct mapping {
	void *addr;
	size_t len;
	void *page;	/* the page the test poisons */
};

/* Map the dax device at a 2M-aligned offset a quarter in: not a named point. */
static void map_devdax(const struct ns_state *st, struct mapping *m)
{
	uint64_t gran = st->layout.align > 4096 ? st->layout.align : 4096;
	uint64_t off = st->data_size / 4 / gran * gran;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", st->dev);
	fd = open(path, O_RDWR);
	ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
	m->len = gran;
	m->addr = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	ASSERT_TRUE(m->addr != MAP_FAILED, "mmap %s at %#" PRIx64 ": %s", path, off, strerror(errno));
	close(fd);
	m->page = m->addr;
}

/* A 2M file on the dax filesystem, mapped and written; poison its middle page. */
static void map_fsdax(const struct ns_state *st, struct mapping *m)
{
	char path[160];
	int fd;

	ASSERT_TRUE(st->mount[0], "%s: no dax filesystem mounted", st->name);
	snprintf(path, sizeof(path), "%s/pmemfi-mapped.%d", st->mount, getpid());
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
	m->len = 2 << 20;
	ASSERT_TRUE(posix_fallocate(fd, 0, m->len) == 0, "fallocate %s failed", path);
	m->addr = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_TRUE(m->addr != MAP_FAILED, "mmap %s: %s", path, strerror(errno));
	close(fd);
	unlink(path);
	m->page = (char *)m->addr + m->len / 2;
}

static void map_data_page(const struct ns_state *st, struct mapping *m, uint64_t *pfn)
{
	int rc;

	if (!strcmp(st->mode, "devdax"))
		map_devdax(st, m);
	else
		map_fsdax(st, m);
	memset(m->page, 0x5a, 4096);
	rc = inject_virt_to_pfn(m->page, pfn);
	ASSERT_TRUE(rc == 0, "pagemap lookup of %p failed: %s", m->page, strerror(-rc));
}

static void usage(void)
{
	fprintf(stderr, "usage: memory_failure --ns NAME --injector INJ --point POINT --expect RESULT\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ns", required_argument, NULL, 'n' },
		{ "injector", required_argument, NULL, 'i' },
		{ "point", required_argument, NULL, 'p' },
		{ "expect", required_argument, NULL, 'e' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ns = NULL, *injector = NULL, *point = NULL, *expect = NULL;
	const char *test = getenv("PMEMFI_TEST");
	const struct injector_info *info;
	struct mapping m = { 0 };
	struct inject_outcome out;
	struct ns_state st;
	uint64_t pfn;
	char err[256], cls;
	int c, rc;

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'n': ns = optarg; break;
		case 'i': injector = optarg; break;
		case 'p': point = optarg; break;
		case 'e': expect = optarg; break;
		default: usage();
		}
	}
	if (!ns || !injector || !point || !expect || !inject_known(injector))
		usage();

	ktap_begin(test ? test : "memory_failure");
	ASSERT_TRUE(ns_state_load(ns, &st, err, sizeof(err)) == 0, "%s", err);

	if (!strcmp(point, "C-mapped"))
		map_data_page(&st, &m, &pfn);
	else
		ASSERT_TRUE(layout_point(&st.layout, point, &pfn) == 0,
			    "%s: no pfn for point '%s'", st.name, point);
	cls = layout_class_of(&st.layout, pfn);
	if (!strcmp(point, "C-mapped"))
		ASSERT_TRUE(cls == 'C', "mapped page pfn %#" PRIx64 " is in class %c, not C",
			    pfn, cls ? cls : '-');
	ktap_diag("pmemfi-inject: ns=%s injector=%s point=%s class=%c pfn=%#" PRIx64 " phys=%#" PRIx64,
		  st.name, injector, point, cls ? cls : '-', pfn, pfn << 12);

	info = names_injector(injector);
	if (info->flags & INJ_MAPPED)
		ASSERT_TRUE(m.page, "%s needs a mapped point (C-mapped), not %s", injector, point);
	if (!strcmp(injector, "madv-hwpoison") || !strcmp(injector, "madv-soft-offline")) {
		rc = inject_madvise(injector, m.page, &out);
		ASSERT_TRUE(rc > 0, "cannot install a SIGBUS handler: %s", strerror(-rc));
		ktap_diag("outcome %s %s", out.text, rc == 1 ? "during madvise" : "on access");
	} else if (!strcmp(injector, "mce-ao")) {
		rc = inject_mce_ao(pfn, &out, err, sizeof(err));
		ASSERT_TRUE(rc == 0, "the host did not inject: %s", err);
		ktap_diag("outcome %s", out.text);
	} else if (!strcmp(injector, "mce-ar")) {
		rc = inject_mce_ar(pfn, m.page, &out, err, sizeof(err));
		ASSERT_TRUE(rc == 0, "the host did not inject: %s", err);
		ktap_diag("outcome %s", out.text);
	} else {
		rc = inject_pfn(injector, pfn, &out);
		if (rc == -ENOENT)
			ktap_skip("%s: interface missing (kernel without it?)", injector);
		ASSERT_TRUE(rc == 0, "%s: cannot open the interface: %s", injector, strerror(-rc));
		ktap_diag("outcome %s", out.text);
	}

	EXPECT_TRUE(!strcmp(out.text, expect), "%s at %s (pfn %#" PRIx64 "): got %s, expected %s",
		    injector, point, pfn, out.text, expect);
	if (!strncmp(out.text, "SIGBUS:BUS_MCEERR", 17)) {
		uintptr_t lo = (uintptr_t)m.addr, hi = lo + m.len;
		uintptr_t a = (uintptr_t)out.addr;
		uintptr_t gran = out.addr_lsb > 0 && out.addr_lsb < 64 ? 1UL << out.addr_lsb : 1;
		uintptr_t page = (uintptr_t)m.page;

		ktap_diag("si_addr %p si_addr_lsb %d (mapping %p-%#lx, page %p)", out.addr,
			  out.addr_lsb, m.addr, (unsigned long)hi, m.page);
		EXPECT_TRUE(a >= lo && a < hi, "si_addr %p outside the mapping", out.addr);
		EXPECT_TRUE(a <= page && page < a + gran,
			    "poisoned page %p not in the reported granule %p + %#lx",
			    m.page, out.addr, (unsigned long)gran);
	}
	if (m.addr)
		munmap(m.addr, m.len);
	ktap_finish();
}
