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
 * common/names.c; its vma-* walkers (lib/vma_walk.h) run over that mapping
 * instead of injecting.
 *
 * The harness checks the rest of the oracle on the console: no kernel
 * report, and the expected "Memory failure: ... recovery action" line.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "../common/names.h"
#include "../common/step_argv.h"
#include "lib/devmem.h"
#include "lib/inject.h"
#include "lib/ktap.h"
#include "lib/ns.h"
#include "lib/vma_walk.h"

struct mapping {
	void *addr;
	size_t len;
	void *page;	/* the page the test poisons */
	uint64_t dev_off;	/* devdax: the page's offset in the device */
	char file[160];	/* fsdax: the file mapped */
	struct devmem_mapping dm;	/* other device memory (lib/devmem.h) */
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
	int rc, k;

	if (ns_mode_is_devmem(st->mode)) {
		char err[256];

		ASSERT_TRUE(devmem_map_page(st, &m->dm, err, sizeof(err)) == 0, "%s", err);
		m->addr = m->dm.addr;
		m->len = m->dm.len;
		m->page = m->dm.page;
		*pfn = m->dm.pfn;
		return;
	}
	k = next_mapping(st);

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
			EXPECT_EQ(seen, *pfn, "pagemap's pfn for device offset %#" PRIx64, m->dev_off);
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
	FILE *f;

	c->hwcorrupt_kb = inject_hardware_corrupted_kb();
	c->node_total = -1;
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
		EXPECT_EQ(kb, 4, "a page was poisoned: HardwareCorrupted growth in kB");
		if (before->node_total >= 0)
			EXPECT_EQ(n, 1, "a page was poisoned: node memory_failure total growth");
	} else {
		/* configs/known-issues matches these words ("failure" lines): keep them. */
		EXPECT_TRUE(kb == 0, "nothing was poisoned but HardwareCorrupted grew by %ld kB", kb);
		EXPECT_TRUE(n == 0, "nothing was poisoned but the node memory_failure total grew by %ld", n);
	}
}

/* One injection: the cell, and what the setup found for it. */
struct mf_test {
	const char *ns, *injector, *point, *expect, *poisons;
	const struct injector_info *info;
	struct ns_state st;
	struct mapping m;
	uint64_t pfn;
};

/* The namespace's state, and the pfn of the point (for C-mapped: a page mapped here). */
static void mf_setup(void *self, const void *variant)
{
	struct mf_test *t = self;
	char err[256];

	(void)variant;
	ASSERT_TRUE(ns_state_load(t->ns, &t->st, err, sizeof(err)) == 0, "%s", err);
	if (!strcmp(t->point, "C-mapped"))
		map_data_page(&t->st, &t->m, &t->pfn);
	else
		ASSERT_TRUE(layout_point(&t->st.layout, t->point, &t->pfn) == 0,
			    "%s: no pfn for point '%s'", t->st.name, t->point);
}

static void mf_teardown(void *self, const void *variant)
{
	struct mf_test *t = self;

	(void)variant;
	if (t->m.dm.addr)
		devmem_unmap_page(&t->m.dm);
	else if (t->m.addr)
		munmap(t->m.addr, t->m.len);
	if (t->m.file[0])
		release_file_pages(&t->m);
}

/* Inject at t->pfn as t->injector says; a mapping owner then pays on its next access. */
static void inject(const struct mf_test *t, struct inject_outcome *out)
{
	const char *injector = t->injector;
	char err[256];
	int rc;

	if (t->info->flags & INJ_MAPPED)
		ASSERT_TRUE(t->m.page, "%s needs a mapped point (C-mapped), not %s", injector, t->point);
	if (t->info->flags & INJ_VMA) {
		rc = vma_walk(injector, t->m.addr, t->m.len, t->m.page, out);
		if (rc == -ENOENT)
			ktap_skip_needs(t->info->needs, "%s: interface missing", injector);
		ASSERT_TRUE(rc != -EAGAIN, "%s: the page was not mapped before the walk", injector);
		ASSERT_TRUE(rc == 0, "%s: the walk failed: %s", injector, strerror(-rc));
		ktap_diag("outcome %s (the access after the walk %s)", out->text,
			  !strcmp(out->text, "kept") ? "took no fault" : "faulted");
	} else if (!strcmp(injector, "madv-hwpoison") || !strcmp(injector, "madv-soft-offline")) {
		rc = inject_madvise(injector, t->m.page, out);
		ASSERT_TRUE(rc > 0, "cannot install a SIGBUS handler: %s", strerror(-rc));
		ktap_diag("outcome %s %s", out->text, rc == 1 ? "during madvise" : "on access");
	} else if (!strcmp(injector, "hotremove")) {
		ASSERT_TRUE(!strcmp(t->st.mode, "kmem"), "hotremove needs memory onlined by kmem, not %s", t->st.mode);
		ASSERT_TRUE(devmem_kmem_hotremove(&t->st, t->pfn, out, err, sizeof(err)) == 0, "%s", err);
		ktap_diag("outcome %s", out->text);
	} else if (!strcmp(injector, "mce-ao") || !strcmp(injector, "mce-ar")) {
		rc = !strcmp(injector, "mce-ao") ? inject_mce_ao(t->pfn, out, err, sizeof(err))
						 : inject_mce_ar(t->pfn, t->m.page, out, err, sizeof(err));
		ASSERT_TRUE(rc == 0, "the host did not inject: %s", err);
		ktap_diag("outcome %s", out->text);
	} else {
		rc = inject_pfn(injector, t->pfn, out);
		if (rc == -ENOENT)
			ktap_skip_needs(t->info->needs, "%s: interface missing", injector);
		ASSERT_TRUE(rc == 0, "%s: cannot open the interface: %s", injector, strerror(-rc));
		ktap_diag("outcome %s", out->text);
	}
	if (t->m.page && !strcmp(out->text, "ok") && strncmp(injector, "madv-", 5)) {
		ASSERT_TRUE(inject_touch(t->m.page, out) == 0, "cannot install a SIGBUS handler");
		ktap_diag("outcome %s on the next access", out->text);
	}
}

/* A BUS_MCEERR_* signal must name the mapping, in a granule that holds the page. */
static void check_signal_addr(const struct mapping *m, const struct inject_outcome *out)
{
	uintptr_t lo = (uintptr_t)m->addr, hi = lo + m->len;
	uintptr_t a = (uintptr_t)out->addr;
	uintptr_t gran = out->addr_lsb > 0 && out->addr_lsb < 64 ? 1UL << out->addr_lsb : 1;
	uintptr_t page = (uintptr_t)m->page;

	ktap_diag("si_addr %p si_addr_lsb %d (mapping %p-%#lx, page %p)", out->addr,
		  out->addr_lsb, m->addr, (unsigned long)hi, m->page);
	EXPECT_TRUE(a >= lo && a < hi, "si_addr %p outside the mapping", out->addr);
	EXPECT_TRUE(a <= page && page < a + gran, "poisoned page %p not in the reported granule %p + %#lx",
		    m->page, out->addr, (unsigned long)gran);
}

/*
 * A page of a kmem block's own memmap holds live struct pages whatever an
 * injection did: still VmemmapSelfHosted (kpageflags), not handed to the
 * page allocator (then its flags are gone, and it is reused).
 */
static void check_memmap_kept(const struct mf_test *t)
{
	uint64_t flags;
	int rc = devmem_kpageflags(t->pfn, &flags);

	ASSERT_TRUE(rc == 0, "/proc/kpageflags at pfn %#" PRIx64 ": %s", t->pfn, strerror(-rc));
	ktap_diag("kpageflags of memmap pfn %#" PRIx64 " after %s: %#" PRIx64, t->pfn, t->injector, flags);
	EXPECT_TRUE(flags >> DEVMEM_KPF_SELF_HOSTED & 1,
		    "%s freed memmap pfn %#" PRIx64 ": no longer VmemmapSelfHosted (kpageflags %#" PRIx64 ")",
		    t->injector, t->pfn, flags);
}

static void mf_run(void *self, const void *variant)
{
	struct mf_test *t = self;
	char cls = layout_class_of(&t->st.layout, t->pfn);
	struct counters before, after;
	struct inject_outcome out;

	(void)variant;
	if (!strcmp(t->point, "C-mapped"))
		ASSERT_TRUE(cls == 'C', "mapped page pfn %#" PRIx64 " is in class %c, not C",
			    t->pfn, cls ? cls : '-');
	ktap_diag("pmemfi-inject: ns=%s injector=%s point=%s class=%c pfn=%#" PRIx64 " phys=%#" PRIx64,
		  t->st.name, t->injector, t->point, cls ? cls : '-', t->pfn, t->pfn << 12);
	read_counters(&before);
	inject(t, &out);
	if (t->poisons) {
		read_counters(&after);
		check_counters(&before, &after, t->poisons);
	}
	EXPECT_STREQ(out.text, t->expect, "%s at %s (pfn %#" PRIx64 ")", t->injector, t->point, t->pfn);
	if (cls == 'B' && t->st.layout.kind == LAYOUT_KMEM)
		check_memmap_kept(t);
	if (!strncmp(out.text, "SIGBUS:BUS_MCEERR", 17))
		check_signal_addr(&t->m, &out);
}

int main(int argc, char **argv)
{
	static const struct ktap_fixture fixture = { mf_setup, mf_teardown };
	static const struct ktap_test test = { "memory_failure", mf_run, NULL };
	const char *name = getenv("PMEMFI_TEST");
	struct mf_test t = { 0 };
	struct step_args a;

	step_parse_or_exit(STEP_MEMORY_FAILURE, argc, argv, &a);
	t.ns = a.val[STEP_OPT_NS];
	t.injector = a.val[STEP_OPT_INJECTOR];
	t.point = a.val[STEP_OPT_POINT];
	t.expect = a.val[STEP_OPT_EXPECT];
	t.poisons = a.val[STEP_OPT_POISONS];
	if (!inject_known(t.injector))
		step_usage_error(STEP_MEMORY_FAILURE, "unknown injector '%s'", t.injector);
	t.info = names_injector(t.injector);
	ktap_begin(name ? name : test.name);
	ktap_run(&fixture, &test, &t);
}
