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
	uint64_t dev_off;	/* devdax: the page's offset in the device */
	char file[160];	/* fsdax: the file mapped */
};

/*
 * The k-th mapped page of this namespace in this VM. Every C-mapped test
 * gets a page no earlier test has poisoned: a poisoned dax page stays
 * poisoned (unpoison refuses ZONE_DEVICE) and devdax would map it again.
 */
static int next_mapping(const struct ns_state *st)
{
	char path[160];
	int k = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s.mapped", NS_STATE_DIR, st->name);
	f = fopen(path, "r");
	if (f) {
		if (fscanf(f, "%d", &k) != 1)
			k = 0;
		fclose(f);
	}
	f = fopen(path, "w");
	if (f) {
		fprintf(f, "%d\n", k + 1);
		fclose(f);
	}
	return k;
}

/*
 * Map one granule of the dax device, from a quarter in (not a named
 * point): the k-th granule while there are plenty (2M), else the k-th 2M
 * page inside the one granule there (1G).
 */
static void map_devdax(const struct ns_state *st, struct mapping *m, int k)
{
	uint64_t gran = st->layout.align > 4096 ? st->layout.align : 4096;
	uint64_t want = st->data_size / 4 + (uint64_t)k * (2 << 20);
	uint64_t off = st->data_size / 4 / gran * gran + (gran <= (2 << 20) ? k * gran : 0);
	uint64_t in = gran <= (2 << 20) ? 0 : want - off;
	char path[64];
	int fd;

	ASSERT_TRUE(off + gran <= st->data_size && in < gran, "%s: no room for mapped page %d",
		    st->name, k);
	snprintf(path, sizeof(path), "/dev/%s", st->dev);
	fd = open(path, O_RDWR);
	ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
	m->len = gran;
	m->addr = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
	ASSERT_TRUE(m->addr != MAP_FAILED, "mmap %s at %#" PRIx64 ": %s", path, off, strerror(errno));
	close(fd);
	m->page = (char *)m->addr + in;
	m->dev_off = off + in;
}

/*
 * A 2M file on the dax filesystem, mapped and written; poison its middle
 * page. Files are kept so that ext4 cannot hand a poisoned block to the
 * next test.
 */
static void map_fsdax(const struct ns_state *st, struct mapping *m, int k)
{
	char path[160];
	int fd;

	ASSERT_TRUE(st->mount[0], "%s: no dax filesystem mounted", st->name);
	snprintf(path, sizeof(path), "%s/pmemfi-mapped.%d", st->mount, k);
	snprintf(m->file, sizeof(m->file), "%s", path);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
	m->len = 2 << 20;
	ASSERT_TRUE(posix_fallocate(fd, 0, m->len) == 0, "fallocate %s failed", path);
	m->addr = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ASSERT_TRUE(m->addr != MAP_FAILED, "mmap %s: %s", path, strerror(errno));
	close(fd);
	m->page = (char *)m->addr + m->len / 2;
}

/*
 * After the test: the file keeps the block of the page the test poisoned
 * (a poisoned dax page stays poisoned; the filesystem must not hand it
 * out again), and gives back the rest. That also ends the association of
 * its pages with the file: a 2M fault associated all 512 with its
 * mapping, and a later test at a named point inside that extent (C-last
 * was seen) would find a mapped page where the table says unmapped.
 * Writeback and eviction do not end it (the entries stay dirty, the inode
 * cache keeps the inode); a hole punched in the file does.
 */
static void release_file_pages(const struct mapping *m)
{
	off_t off = (char *)m->page - (char *)m->addr, len = m->len;
	int fd = open(m->file, O_RDWR);
	int mode = FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE;

	ASSERT_TRUE(fd >= 0, "%s: %s", m->file, strerror(errno));
	ASSERT_TRUE(fallocate(fd, mode, 0, off) == 0 && fallocate(fd, mode, off + 4096, len - off - 4096) == 0,
		    "%s: punching out all but the poisoned page: %s", m->file, strerror(errno));
	close(fd);
}

static void map_data_page(const struct ns_state *st, struct mapping *m, uint64_t *pfn)
{
	int rc, k = next_mapping(st);

	if (!strcmp(st->mode, "devdax"))
		map_devdax(st, m, k);
	else
		map_fsdax(st, m, k);
	memset(m->page, 0x5a, 4096);
	/*
	 * devdax: the pfn is where the device offset lies (pagemap shows no
	 * pfn for a PUD-mapped 1G page); fsdax: ask pagemap.
	 */
	if (!strcmp(st->mode, "devdax")) {
		uint64_t seen;

		*pfn = (st->data_start + m->dev_off) / 4096;
		if (inject_virt_to_pfn(m->page, &seen) == 0)
			EXPECT_TRUE(seen == *pfn, "pagemap says pfn %#" PRIx64 " for device offset %#" PRIx64
				    ", expected %#" PRIx64, seen, m->dev_off, *pfn);
		return;
	}
	rc = inject_virt_to_pfn(m->page, pfn);
	ASSERT_TRUE(rc == 0, "pagemap lookup of %p failed: %s", m->page, strerror(-rc));
}

/*
 * What the kernel accounts as poisoned: HardwareCorrupted (kB, from
 * num_poisoned_pages) and the per-node memory_failure totals.
 */
struct counters {
	long hwcorrupt_kb;
	long node_total;
};

static void read_counters(struct counters *c)
{
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	c->hwcorrupt_kb = c->node_total = -1;
	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "HardwareCorrupted: %ld kB", &c->hwcorrupt_kb) == 1)
			break;
	if (f)
		fclose(f);
	for (int node = 0; node < 64; node++) {
		long v;

		snprintf(line, sizeof(line), "/sys/devices/system/node/node%d/memory_failure/total", node);
		f = fopen(line, "r");
		if (!f)
			continue;
		if (fscanf(f, "%ld", &v) == 1)
			c->node_total = (c->node_total < 0 ? 0 : c->node_total) + v;
		fclose(f);
	}
}

static void check_counters(const struct counters *before, const struct counters *after, const char *poisons)
{
	long kb = after->hwcorrupt_kb - before->hwcorrupt_kb, n = after->node_total - before->node_total;

	ktap_diag("pmemfi-counters: HardwareCorrupted %ld -> %ld kB, node memory_failure total %ld -> %ld",
		  before->hwcorrupt_kb, after->hwcorrupt_kb, before->node_total, after->node_total);
	ASSERT_TRUE(before->hwcorrupt_kb >= 0, "no HardwareCorrupted in /proc/meminfo (MEMORY_FAILURE off?)");
	if (!strcmp(poisons, "yes")) {
		EXPECT_TRUE(kb == 4, "a page was poisoned but HardwareCorrupted grew by %ld kB, not 4", kb);
		EXPECT_TRUE(before->node_total < 0 || n == 1,
			    "a page was poisoned but the node memory_failure total grew by %ld, not 1", n);
	} else {
		EXPECT_TRUE(kb == 0, "nothing was poisoned but HardwareCorrupted grew by %ld kB", kb);
		EXPECT_TRUE(n == 0, "nothing was poisoned but the node memory_failure total grew by %ld", n);
	}
}

static void usage(void)
{
	fprintf(stderr, "usage: memory_failure --ns NAME --injector INJ --point POINT --expect RESULT [--poisons yes|no]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "ns", required_argument, NULL, 'n' },
		{ "injector", required_argument, NULL, 'i' },
		{ "point", required_argument, NULL, 'p' },
		{ "expect", required_argument, NULL, 'e' },
		{ "poisons", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 },
	};
	const char *ns = NULL, *injector = NULL, *point = NULL, *expect = NULL, *poisons = NULL;
	struct counters before, after;
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
		case 'P':
			if (strcmp(optarg, "yes") && strcmp(optarg, "no"))
				usage();
			poisons = optarg;
			break;
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

	read_counters(&before);
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
			ktap_skip_needs(info->needs, "%s: interface missing", injector);
		ASSERT_TRUE(rc == 0, "%s: cannot open the interface: %s", injector, strerror(-rc));
		ktap_diag("outcome %s", out.text);
	}

	/* After an injection that took, the mapping owner pays on its next access. */
	if (m.page && !strcmp(out.text, "ok") && strncmp(injector, "madv-", 5)) {
		ASSERT_TRUE(inject_touch(m.page, &out) == 0, "cannot install a SIGBUS handler");
		ktap_diag("outcome %s on the next access", out.text);
	}
	if (poisons) {
		read_counters(&after);
		check_counters(&before, &after, poisons);
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
	if (m.file[0])
		release_file_pages(&m);
	ktap_finish();
}
