// SPDX-License-Identifier: GPL-2.0
/*
 * nfit_errors - the ndctl error APIs on the kernel's nfit_test bus: inject
 * an error into one block of a namespace, see it in the injection status
 * and the badblocks, scrub, read and load it, and clear it.
 *
 *   nfit_errors --mode fsdax --test inject --point C-mid --expect SIGBUS:BUS_ADRERR
 *
 * Tests (common/names.c):
 *   nfit-inject         ndctl_namespace_inject_error2() without notification:
 *                       the status shows the block, badblocks do not until
 *                       an ARS scrub; a read through the block device (fsdax)
 *                       gives EIO; a write (fsdax) or uninject plus the bus's
 *                       clear-error command (devdax) empties the badblocks
 *   nfit-inject-notify  the same with NDCTL_NS_INJECT_NOTIFY: the bus scrubs
 *                       by itself and the region badblocks show the block
 *   nfit-load           nfit-inject plus a load through a DAX mapping of the
 *                       poisoned block (after the same load of it unpoisoned)
 *   nfit-mmap           fsdax only: nfit-inject plus a load through a mapping
 *                       of a file on the filesystem mounted without DAX (the
 *                       page cache reads the block), again after the clear
 *   nfit-meta           in raw mode, into the info block (A) or the memmap
 *                       space (B); then the namespace is enabled in its mode
 *   nfit-meta-offset    nfit-meta on a namespace that starts halfway into its
 *                       region (region and namespace sectors differ)
 *   nfit-reconfigure    an error found by a scrub and left there; the
 *                       namespace reclaimed in the other mode: the badblock
 *                       follows, and clears
 * Points: C-first, C-mid, C-last (data blocks); A-first, B-mid (metadata).
 *
 * --expect is the table's result: for nfit-load and nfit-mmap what the load of the
 * poisoned block gives (ok or SIGNAL:code), for nfit-meta what enabling
 * the namespace in its mode gives (ok or ENAME), ok for the others. The
 * harness checks the console: any kernel report is a bug.
 *
 * Each test is a variant of one fixture: setup creates the namespace on
 * nfit_test.0, teardown gives the region back clean however the test
 * ended. Options: common/step_argv.h. Exit codes (kselftest): 0 pass, 1
 * fail, 4 skip; 2 bad usage.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fiemap.h>
#include <linux/fs.h>
#include <linux/ndctl.h>
#include <ndctl/libndctl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <unistd.h>

#include "../common/names.h"
#include "../common/step_argv.h"
#include "lib/fault.h"
#include "lib/ktap.h"
#include "lib/ns.h"

#define NFIT_BUS	"nfit_test.0"
#define NS_SIZE		(32ULL << 20)
#define BLOCK		512ULL
#define SCRUB_WAIT_S	15
/*
 * Pages, not huge pages: nfit_test's media is vmalloc()ed, and its
 * dax_pgoff_to_phys() refuses any devdax alignment above PAGE_SIZE, so a
 * 2M devdax namespace gives SIGBUS on every fault whatever the badblocks
 * say. ndctl's own nfit_test tests use 4K alignment too.
 */
#define NFIT_ALIGN	4096ULL

struct nfit_test_ctx {
	struct ndctl_ctx *ctx;
	struct ndctl_bus *bus;
	struct ndctl_namespace *ndns;
	struct ns_state st;
	const char *mode, *test, *point, *expect;
	uint64_t block;		/* injected block, in ndctl's numbering */
	uint64_t region_sector;	/* the same byte as a region badblocks sector */
	char file[160];		/* fsdax: the data file */
};

/* What tells the variants of a test apart (the fixture's FIXTURE_VARIANT). */
struct nfit_variant {
	int meta;		/* points A-first, B-mid (else C-first, C-mid, C-last) */
	int offset;		/* nfit-meta-offset: the namespace starts halfway into its region */
	int notify;		/* nfit-inject-notify: NDCTL_NS_INJECT_NOTIFY */
	int load;		/* nfit-load: a load through a DAX mapping */
	int pagecache;		/* nfit-mmap: a load through the page cache (fsdax without DAX) */
};

static struct ndctl_namespace *find_ns(struct nfit_test_ctx *t)
{
	struct ndctl_region *region;
	struct ndctl_namespace *ndns;

	ndctl_region_foreach(t->bus, region)
		ndctl_namespace_foreach(region, ndns)
			if (!strcmp(ndctl_namespace_get_devname(ndns), t->st.ns_dev))
				return ndns;
	return NULL;
}

static struct ndctl_region *ns_region(struct nfit_test_ctx *t)
{
	return ndctl_namespace_get_region(t->ndns);
}

/* Does a badblocks record of the region cover @sector? */
static int region_has(struct nfit_test_ctx *t, uint64_t sector)
{
	struct badblock *bb;

	ndctl_region_badblock_foreach(ns_region(t), bb)
		if (sector >= bb->offset && sector < bb->offset + bb->len)
			return 1;
	return 0;
}

static int region_count(struct nfit_test_ctx *t)
{
	struct badblock *bb;
	int n = 0;

	ndctl_region_badblock_foreach(ns_region(t), bb)
		n++;
	return n;
}

/* fsdax: the pmem block device's badblocks, in sectors from the data start. */
static int ns_has(struct nfit_test_ctx *t, uint64_t sector)
{
	struct badblock *bb;

	ndctl_namespace_badblock_foreach(t->ndns, bb)
		if (sector >= bb->offset && sector < bb->offset + bb->len)
			return 1;
	return 0;
}

static int ns_count(struct nfit_test_ctx *t)
{
	struct badblock *bb;
	int n = 0;

	ndctl_namespace_badblock_foreach(t->ndns, bb)
		n++;
	return n;
}

static void scrub(struct nfit_test_ctx *t)
{
	int rc, tries = 0;

	/* The bus scrubs on its own at probe and after a notification: let that end. */
	do {
		rc = ndctl_bus_wait_for_scrub_completion(t->bus);
		ASSERT_TRUE(rc == 0, "ndctl_bus_wait_for_scrub_completion(%s): %s", NFIT_BUS, strerror(-rc));
		rc = ndctl_bus_start_scrub(t->bus);
		if (rc == -EBUSY)
			usleep(200000);
	} while (rc == -EBUSY && ++tries < 50);
	ASSERT_TRUE(rc == 0, "ndctl_bus_start_scrub(%s): %s", NFIT_BUS, strerror(-rc));
	rc = ndctl_bus_wait_for_scrub_completion(t->bus);
	ASSERT_TRUE(rc == 0, "ndctl_bus_wait_for_scrub_completion(%s): %s", NFIT_BUS, strerror(-rc));
}

/*
 * The injection status must hold exactly @n records, the first at
 * t->block. Asked through a fresh library context: libndctl adds each
 * status to the namespace's list and never drops what was cleared.
 */
static void check_status(struct nfit_test_ctx *t, int n)
{
	struct ndctl_namespace *ndns = NULL, *ns;
	struct ndctl_region *region;
	struct ndctl_ctx *ctx;
	struct ndctl_bus *bus;
	struct ndctl_bb *bb;
	int rc, seen = 0;

	rc = ndctl_new(&ctx);
	ASSERT_TRUE(rc == 0, "ndctl_new: %s", strerror(-rc));
	ndctl_bus_foreach(ctx, bus)
		if (!strcmp(ndctl_bus_get_provider(bus), NFIT_BUS))
			ndctl_region_foreach(bus, region)
				ndctl_namespace_foreach(region, ns)
					if (!strcmp(ndctl_namespace_get_devname(ns), t->st.ns_dev))
						ndns = ns;
	ASSERT_TRUE(ndns, "%s: not found on %s", t->st.ns_dev, NFIT_BUS);
	rc = ndctl_namespace_injection_status(ndns);
	ASSERT_TRUE(rc == 0, "ndctl_namespace_injection_status(%s): %s", t->st.ns_dev, strerror(-rc));
	ndctl_namespace_bb_foreach(ndns, bb) {
		unsigned long long blk = ndctl_bb_get_block(bb), cnt = ndctl_bb_get_count(bb);

		ktap_diag("injection status: block %llu count %llu", blk, cnt);
		EXPECT_EQ(blk, t->block, "injection status: block");
		EXPECT_EQ(cnt, 1ULL, "injection status: count");
		seen++;
	}
	ndctl_unref(ctx);
	EXPECT_EQ(seen, n, "injection status: records");
}

/* Load one byte at @off of @fd through a shared mapping: "ok" or "SIGBUS:CODE". */
static void dax_load(int fd, uint64_t off, uint64_t granule, char *out, size_t len)
{
	uint64_t base = off / granule * granule;
	siginfo_t si;
	void *map;
	int rc;

	map = mmap(NULL, granule, PROT_READ, MAP_SHARED, fd, base);
	ASSERT_TRUE(map != MAP_FAILED, "mmap %" PRIu64 " bytes at %#" PRIx64 ": %s", granule, base,
		    strerror(errno));
	rc = fault_install(0);
	ASSERT_TRUE(rc == 0, "sigaction: %s", strerror(-rc));
	rc = fault_read((char *)map + (off - base), &si);
	fault_restore();
	munmap(map, granule);
	if (rc)
		fault_outcome(&si, out, len);
	else
		snprintf(out, len, "ok");
}

/* fsdax: a written file over the free space; returns its offset of fs byte @byte, or -1. */
static int64_t file_offset_of(struct nfit_test_ctx *t, uint64_t byte)
{
	union {
		struct fiemap fm;
		char buf[sizeof(struct fiemap) + 64 * sizeof(struct fiemap_extent)];
	} u = { 0 };
	int fd = open(t->file, O_RDONLY);

	ASSERT_TRUE(fd >= 0, "%s: %s", t->file, strerror(errno));
	u.fm.fm_length = ~0ULL;
	u.fm.fm_flags = FIEMAP_FLAG_SYNC;
	u.fm.fm_extent_count = 64;
	ASSERT_TRUE(ioctl(fd, FS_IOC_FIEMAP, &u.fm) == 0, "FIEMAP %s: %s", t->file, strerror(errno));
	close(fd);
	for (unsigned i = 0; i < u.fm.fm_mapped_extents; i++) {
		struct fiemap_extent *e = &u.fm.fm_extents[i];

		if (byte >= e->fe_physical && byte < e->fe_physical + e->fe_length)
			return e->fe_logical + (byte - e->fe_physical);
	}
	return -1;
}

static void make_file(struct nfit_test_ctx *t)
{
	static char buf[1 << 20];
	uint64_t want = t->st.data_size * 3 / 4;
	int fd;

	snprintf(t->file, sizeof(t->file), "%s/data", t->st.mount);
	fd = open(t->file, O_CREAT | O_WRONLY | O_TRUNC, 0644);
	ASSERT_TRUE(fd >= 0, "%s: %s", t->file, strerror(errno));
	memset(buf, 0x5a, sizeof(buf));
	/* Written, not fallocated: a DAX fault on an unwritten extent maps zeroes. */
	for (uint64_t done = 0; done < want; done += sizeof(buf))
		if (write(fd, buf, sizeof(buf)) != (ssize_t)sizeof(buf))
			break;
	ASSERT_TRUE(fsync(fd) == 0, "fsync %s: %s", t->file, strerror(errno));
	close(fd);
}

/* The block of @point: the first sector of the first, middle or last data page. */
static uint64_t data_block(struct nfit_test_ctx *t, const char *point)
{
	uint64_t pages = t->st.data_size / 4096;

	if (!strcmp(point, "C-first"))
		return 0;
	if (!strcmp(point, "C-mid"))
		return pages / 2 * 8;
	return (pages - 1) * 8;
}

static void nfit_setup(void *self, const void *variant)
{
	const struct nfit_variant *v = variant;
	struct nfit_test_ctx *t = self;
	struct ns_spec spec = { .name = "nfit", .mode = t->mode, .map = LAYOUT_MAP_DEV,
				.align = NFIT_ALIGN, .size = NS_SIZE, .region = 0, .bus = NFIT_BUS };
	char err[256];
	int rc;

	rc = ndctl_new(&t->ctx);
	ASSERT_TRUE(rc == 0, "ndctl_new: %s", strerror(-rc));
	ndctl_bus_foreach(t->ctx, t->bus)
		if (!strcmp(ndctl_bus_get_provider(t->bus), NFIT_BUS))
			break;
	if (!t->bus)
		ktap_skip_needs(names_injector("nfit-inject")->needs, "no %s bus (the nfit_test modules are not loaded)", NFIT_BUS);
	if (!ndctl_bus_has_error_injection(t->bus))
		ktap_skip_needs(names_injector("nfit-inject")->needs, "%s has no error injection (ARS inject DSMs)", NFIT_BUS);
	/*
	 * Fresh labels: namespaces of earlier tests go, the regions are whole
	 * again. Some nfit_test DIMMs refuse label writes on purpose; their
	 * regions stay label-less (no room for a namespace) and are not picked.
	 */
	{
		struct ndctl_region *region;
		int ready = 0;

		ndctl_region_foreach(t->bus, region) {
			if (ndctl_region_get_type(region) != ND_DEVICE_REGION_PMEM)
				continue;
			if (ns_init_region_labels(region, err, sizeof(err)))
				ktap_diag("%s: %s", ndctl_region_get_devname(region), err);
			else
				ready++;
		}
		ASSERT_TRUE(ready, "no pmem region of %s took labels", NFIT_BUS);
	}
	/*
	 * nfit-meta-offset: the namespace starts halfway into its region,
	 * behind a raw placeholder, so namespace and region sector numbers
	 * differ (nd_pfn_clear_memmap_errors() must translate between them).
	 */
	if (v->offset) {
		struct ns_spec gap = spec;

		gap.name = "nfit-gap";
		gap.size = spec.size = NS_SIZE / 2;
		ASSERT_TRUE(ns_reserve(t->ctx, &gap, err, sizeof(err)) == 0, "%s", err);
	}
	ASSERT_TRUE(ns_create(t->ctx, &spec, &t->st, err, sizeof(err)) == 0, "%s", err);
	t->ndns = find_ns(t);
	ASSERT_TRUE(t->ndns, "%s: not found after creating it", t->st.ns_dev);
	ktap_diag("%s %s on %s: data %#" PRIx64 "+%#" PRIx64, t->st.ns_dev, t->mode, t->st.region,
		  t->st.data_start, t->st.data_size);
	/* Errors left from the bus's own seeding or an earlier test. */
	scrub(t);
}

/*
 * Clear the media error at @spa the way ndctl clear-errors does for a
 * device without a block device (devdax): the bus's clear-error command,
 * after which the kernel drops the range from its badblocks.
 */
static void clear_error(struct nfit_test_ctx *t, uint64_t spa, uint64_t len)
{
	struct ndctl_cmd *cap = ndctl_bus_cmd_new_ars_cap(t->bus, spa, len), *clr = NULL;
	int rc = cap ? ndctl_cmd_submit(cap) : -ENOMEM;

	EXPECT_TRUE(rc >= 0, "ars_cap at %#" PRIx64 ": %s", spa, strerror(-rc));
	if (rc >= 0)
		clr = ndctl_bus_cmd_new_clear_error(spa, len, cap);
	EXPECT_TRUE(clr, "ndctl_bus_cmd_new_clear_error(%#" PRIx64 ", %" PRIu64 "): no command", spa, len);
	if (!clr) {
		ndctl_cmd_unref(cap);
		return;
	}
	rc = ndctl_cmd_submit(clr);
	EXPECT_TRUE(rc >= 0, "clear error at %#" PRIx64 ": %s", spa, strerror(-rc));
	EXPECT_EQ(ndctl_cmd_clear_error_get_cleared(clr), len, "clear error at %#" PRIx64 ": bytes cleared", spa);
	ndctl_cmd_unref(clr);
	ndctl_cmd_unref(cap);
}

/*
 * Load the byte at @byte of the medium through a mapping: of the file
 * block there (fsdax) or of the dax device. "ok", "SIGBUS:CODE", or ""
 * when no file block is there.
 */
static void load_at(struct nfit_test_ctx *t, uint64_t byte, char *got, size_t len)
{
	char path[64];
	int fd;

	got[0] = '\0';
	if (!strcmp(t->mode, "fsdax")) {
		int64_t off = file_offset_of(t, byte);

		if (off < 0)
			return;
		fd = open(t->file, O_RDONLY);
		ASSERT_TRUE(fd >= 0, "%s: %s", t->file, strerror(errno));
		dax_load(fd, off, 4096, got, len);
	} else {
		snprintf(path, sizeof(path), "/dev/%s", t->st.dev);
		fd = open(path, O_RDWR);
		ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
		dax_load(fd, byte, NFIT_ALIGN, got, len);
	}
	close(fd);
}

static void drop_caches(void)
{
	int fd = open("/proc/sys/vm/drop_caches", O_WRONLY);

	ASSERT_TRUE(fd >= 0 && write(fd, "1", 1) == 1, "/proc/sys/vm/drop_caches: %s", strerror(errno));
	close(fd);
}

/* nfit-mmap: the same filesystem again, without DAX (reads go through the page cache). */
static void remount_nodax(struct nfit_test_ctx *t)
{
	char dev[64];

	snprintf(dev, sizeof(dev), "/dev/%s", t->st.dev);
	ASSERT_TRUE(umount(t->st.mount) == 0, "umount %s: %s", t->st.mount, strerror(errno));
	ASSERT_TRUE(mount(dev, t->st.mount, "ext4", 0, "dax=never") == 0,
		    "mount %s on %s -o dax=never: %s", dev, t->st.mount, strerror(errno));
}

/*
 * nfit-load, nfit-mmap: a load before the injection, the mapping itself
 * must work. nfit-mmap loads the next page, keeping the poisoned one out
 * of the page cache.
 */
static void load_before(struct nfit_test_ctx *t, const struct nfit_variant *v, uint64_t byte)
{
	char got[64];

	if (!strcmp(t->mode, "fsdax") && file_offset_of(t, byte) < 0)
		ktap_skip("no file block at sector %" PRIu64 " of %s", t->block, t->st.dev);
	if (v->pagecache)
		load_at(t, file_offset_of(t, byte + 4096) >= 0 ? byte + 4096 : byte - 4096, got, sizeof(got));
	else
		load_at(t, byte, got, sizeof(got));
	ASSERT_TRUE(got[0], "no file block next to sector %" PRIu64 " of %s", t->block, t->st.dev);
	/* Readahead brought the page in with its neighbour: out with it. */
	if (v->pagecache)
		drop_caches();
	if (v->load && strcmp(got, "ok"))
		ktap_skip("a DAX load of the page unpoisoned already gives %s: the kernel does not map "
			  "nfit_test's vmalloc() memory (6.12: no PFN_DEV|PFN_MAP for vm_mixed_ok(); "
			  "7.x: fix-nfit-test-fsdax)", got);
	ASSERT_STREQ(got, "ok", "load before the injection");
}

/* Inject at t->block: in the status at once, in the badblocks after a scrub (or by itself). */
static void inject_and_scrub(struct nfit_test_ctx *t, const struct nfit_variant *v)
{
	int rc = ndctl_namespace_inject_error2(t->ndns, t->block, 1, v->notify ? 1 << NDCTL_NS_INJECT_NOTIFY : 0);

	ASSERT_TRUE(rc == 0, "ndctl_namespace_inject_error2(%s, %" PRIu64 "): %s", t->st.ns_dev,
		    t->block, strerror(-rc));
	check_status(t, 1);
	if (v->notify) {
		/* The notification makes the bus scrub on its own. */
		for (int i = 0; i < SCRUB_WAIT_S * 10 && !region_has(t, t->region_sector); i++)
			usleep(100000);
		EXPECT_TRUE(region_has(t, t->region_sector),
			    "%s: no badblock at sector %" PRIu64 " %d s after a notifying injection",
			    t->st.region, t->region_sector, SCRUB_WAIT_S);
	} else {
		EXPECT_TRUE(!region_has(t, t->region_sector),
			    "%s: badblock at sector %" PRIu64 " before any scrub", t->st.region, t->region_sector);
	}
	scrub(t);
	EXPECT_TRUE(region_has(t, t->region_sector), "%s: no badblock at sector %" PRIu64 " after a scrub",
		    t->st.region, t->region_sector);
	check_status(t, 1);
}

/* fsdax: the pmem device lists the block, and a read of it gives EIO. */
static void read_poisoned(struct nfit_test_ctx *t, const char *path)
{
	static char page[4096] __attribute__((aligned(4096)));
	ssize_t n;
	int fd;

	EXPECT_TRUE(ns_has(t, t->block), "%s: no badblock at sector %" PRIu64 " after a scrub",
		    t->st.dev, t->block);
	fd = open(path, O_RDONLY | O_DIRECT);
	ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
	n = pread(fd, page, sizeof(page), t->block * BLOCK);
	EXPECT_TRUE(n < 0 && errno == EIO, "read of poisoned sector %" PRIu64 " of %s: %zd (%s), expected EIO",
		    t->block, path, n, n < 0 ? strerror(errno) : "no error");
	close(fd);
}

/* Clear: a write through the block device (fsdax), or uninject and clear-error. */
static void clear_data(struct nfit_test_ctx *t, const struct nfit_variant *v, const char *path, uint64_t byte)
{
	static char zero[4096] __attribute__((aligned(4096)));
	char got[64];
	ssize_t n;
	int fd, rc;

	if (!strcmp(t->mode, "fsdax")) {
		fd = open(path, O_WRONLY | O_DIRECT);
		ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
		n = pwrite(fd, zero, sizeof(zero), t->block * BLOCK);
		EXPECT_TRUE(n == (ssize_t)sizeof(zero), "write over the poisoned sector: %s",
			    n < 0 ? strerror(errno) : "short");
		close(fd);
		EXPECT_EQ(ns_count(t), 0, "%s: badblocks left after the write", t->st.dev);
		check_status(t, 0);
		if (v->pagecache) {
			load_at(t, byte, got, sizeof(got));
			EXPECT_STREQ(got, "ok", "load after the clearing write");
		}
		return;
	}
	/*
	 * Uninjecting takes the error off the emulated media; the kernel
	 * keeps what earlier scrubs found (ARS only adds to the bus's
	 * badrange) until a clear-error command.
	 */
	rc = ndctl_namespace_uninject_error2(t->ndns, t->block, 1, 0);
	EXPECT_TRUE(rc == 0, "ndctl_namespace_uninject_error2(%s, %" PRIu64 "): %s", t->st.ns_dev,
		    t->block, strerror(-rc));
	check_status(t, 0);
	scrub(t);
	ktap_diag("after uninject and scrub: %d region badblocks", region_count(t));
	clear_error(t, t->st.data_start + t->block * BLOCK, BLOCK);
}

/*
 * nfit-inject, nfit-inject-notify, nfit-load, nfit-mmap: inject at the
 * point's block, see it in the status and, after a scrub, in the
 * badblocks; read it (fsdax), load it (load, pagecache), clear it.
 */
static void test_data(void *self, const void *variant)
{
	const struct nfit_variant *v = variant;
	struct nfit_test_ctx *t = self;
	int fsdax = !strcmp(t->mode, "fsdax");
	uint64_t region_start = ndctl_region_get_resource(ns_region(t)), byte;
	char got[64], path[64];

	snprintf(path, sizeof(path), "/dev/%s", t->st.dev);
	if (v->pagecache && !fsdax)
		ktap_skip("devdax has no page cache: nfit-mmap is for fsdax");
	/* Only tests that map a file mount one: ext4 rewrites its superblock in block 0. */
	if (fsdax && (v->load || v->pagecache)) {
		char err[256];

		ASSERT_TRUE(ns_mount_dax_fs(&t->st, 1, err, sizeof(err)) == 0, "%s", err);
		make_file(t);
		if (v->pagecache)
			remount_nodax(t);
	}
	t->block = data_block(t, t->point);
	byte = t->block * BLOCK;
	t->region_sector = (t->st.data_start + byte - region_start) / BLOCK;
	EXPECT_EQ(region_count(t), 0, "%s: badblocks before the injection", t->st.region);
	if (v->load || v->pagecache)
		load_before(t, v, byte);
	inject_and_scrub(t, v);
	if (fsdax)
		read_poisoned(t, path);
	if (v->load || v->pagecache) {
		load_at(t, byte, got, sizeof(got));
		ktap_diag("outcome %s", got);
		EXPECT_STREQ(got, t->expect, "load of the poisoned block");
	} else {
		ktap_diag("outcome ok");
		EXPECT_STREQ("ok", t->expect, "%s: outcome", t->test);
	}
	clear_data(t, v, path, byte);
	EXPECT_EQ(region_count(t), 0, "%s: badblocks left after clearing", t->st.region);
	if (t->st.mount[0] && !umount(t->st.mount))
		t->st.mount[0] = '\0';
}

/*
 * nfit-reconfigure: with the error found by a scrub and not cleared, the
 * namespace's claim is destroyed and the namespace reclaimed in the other
 * mode: the badblock must follow (same region sector, and the new pmem
 * device's list for fsdax) and clear as usual.
 */
static void test_reconfigure(void *self, const void *variant)
{
	struct nfit_test_ctx *t = self;
	const char *other = !strcmp(t->mode, "fsdax") ? "devdax" : "fsdax";
	uint64_t region_start = ndctl_region_get_resource(ns_region(t)), spa;
	char err[256];
	int rc;

	(void)variant;
	t->block = data_block(t, t->point);
	spa = t->st.data_start + t->block * BLOCK;
	t->region_sector = (spa - region_start) / BLOCK;
	rc = ndctl_namespace_inject_error2(t->ndns, t->block, 1, 0);
	ASSERT_TRUE(rc == 0, "ndctl_namespace_inject_error2(%s, %" PRIu64 "): %s", t->st.ns_dev,
		    t->block, strerror(-rc));
	scrub(t);
	ASSERT_TRUE(region_has(t, t->region_sector), "%s: no badblock at sector %" PRIu64 " after a scrub",
		    t->st.region, t->region_sector);
	rc = ns_switch_mode(t->ctx, &t->st, other, err, sizeof(err));
	ktap_diag("outcome %s", rc ? "EIO" : "ok");
	ASSERT_TRUE(rc == 0, "reclaiming %s as %s with a badblock: %s", t->st.ns_dev, other, err);
	EXPECT_STREQ("ok", t->expect, "%s: outcome", t->test);
	ktap_diag("%s now %s: data %#" PRIx64 "+%#" PRIx64, t->st.ns_dev, other, t->st.data_start,
		  t->st.data_size);
	EXPECT_TRUE(region_has(t, t->region_sector), "%s: the badblock at sector %" PRIu64 " is gone after reclaiming",
		    t->st.region, t->region_sector);
	if (!strcmp(other, "fsdax") && spa >= t->st.data_start)
		EXPECT_TRUE(ns_has(t, (spa - t->st.data_start) / BLOCK),
			    "%s: the new pmem device does not list the badblock at sector %" PRIu64,
			    t->st.dev, (uint64_t)((spa - t->st.data_start) / BLOCK));
	rc = ndctl_namespace_uninject_error2(t->ndns, (spa - t->st.data_start) / BLOCK, 1, 0);
	EXPECT_TRUE(rc == 0, "ndctl_namespace_uninject_error2 after reclaiming: %s", strerror(-rc));
	clear_error(t, spa, BLOCK);
	EXPECT_EQ(region_count(t), 0, "%s: badblocks left after clearing", t->st.region);
	t->block = UINT64_MAX;
}

/* Find the namespace's info block offset of dataoff, through the raw block device. */
static void test_meta(void *self, const void *variant)
{
	struct nfit_test_ctx *t = self;
	uint64_t dataoff = t->st.data_start - t->st.layout.start, meta = 8192 / BLOCK;
	char got[64], err[256];
	int rc;

	(void)variant;
	/* Raw mode: blocks count from the namespace start (ndctl's raw bounds). */
	ASSERT_TRUE(ns_set_raw(t->ctx, &t->st, 1, err, sizeof(err)) == 0, "%s", err);
	if (!strcmp(t->point, "A-first"))
		t->block = 4096 / BLOCK;	/* the pfn superblock */
	else
		t->block = meta + (dataoff / BLOCK - meta) / 2;
	t->region_sector = (t->st.layout.start + t->block * BLOCK -
			    ndctl_region_get_resource(ns_region(t))) / BLOCK;
	rc = ndctl_namespace_inject_error2(t->ndns, t->block, 1, 0);
	ASSERT_TRUE(rc == 0, "ndctl_namespace_inject_error2(%s raw, %" PRIu64 "): %s", t->st.ns_dev,
		    t->block, strerror(-rc));
	check_status(t, 1);
	scrub(t);
	EXPECT_TRUE(region_has(t, t->region_sector), "%s: no badblock at sector %" PRIu64 " after a scrub",
		    t->st.region, t->region_sector);
	/*
	 * Enabling in mode probes the info block; memmap-space errors are
	 * zeroed there. An unreadable info block: the namespace comes up
	 * without its pfn/dax device (ENXIO), or does not come up (EIO).
	 */
	rc = ns_set_raw(t->ctx, &t->st, 0, err, sizeof(err));
	if (rc)
		ktap_diag("enable as %s: %s", t->mode, err);
	snprintf(got, sizeof(got), "%s", !rc ? "ok" : strstr(err, " claims ") ? "ENXIO" : "EIO");
	ktap_diag("outcome %s", got);
	EXPECT_STREQ(got, t->expect, "enabling %s as %s", t->st.ns_dev, t->mode);
	if (!strcmp(t->point, "B-mid") && !rc)
		EXPECT_TRUE(!region_has(t, t->region_sector),
			    "%s: memmap-space badblock at sector %" PRIu64 " not cleared at probe",
			    t->st.region, t->region_sector);
}

/*
 * Give the region back whole and clean for the next test, also after a
 * failed ASSERT (the fixture's teardown): the injected error off the emulated media and out
 * of the kernel's badblocks (a bad info block would fail the next test's
 * probe), then the namespace goes. Reports, never exits.
 */
static void nfit_teardown(void *self, const void *variant)
{
	struct nfit_test_ctx *t = self;
	struct ndctl_pfn *pfn;
	struct ndctl_dax *dax;
	struct badblock *bb;
	uint64_t spa[16], len[16];
	int n = 0, rc;

	(void)variant;
	if (!t->ndns)
		return;
	if (t->st.mount[0])
		umount(t->st.mount);
	if (t->block != UINT64_MAX)
		ndctl_namespace_uninject_error2(t->ndns, t->block, 1, 0);
	/* Collect first: clearing changes the list being read. */
	ndctl_region_badblock_foreach(ns_region(t), bb)
		if (n < 16) {
			spa[n] = ndctl_region_get_resource(ns_region(t)) + bb->offset * BLOCK;
			len[n++] = (uint64_t)bb->len * BLOCK;
		}
	for (int i = 0; i < n; i++)
		clear_error(t, spa[i], len[i]);
	rc = ndctl_namespace_disable_invalidate(t->ndns);
	EXPECT_TRUE(rc == 0, "%s: disable: %s", t->st.ns_dev, strerror(-rc));
	pfn = ndctl_namespace_get_pfn(t->ndns);
	dax = ndctl_namespace_get_dax(t->ndns);
	if (pfn)
		ndctl_pfn_delete(pfn);
	if (dax)
		ndctl_dax_delete(dax);
	ndctl_namespace_set_raw_mode(t->ndns, 0);
	rc = ndctl_namespace_delete(t->ndns);
	EXPECT_TRUE(rc == 0, "%s: delete: %s", t->st.ns_dev, strerror(-rc));
}

static const struct ktap_test tests[] = {
	{ "nfit-inject", test_data, &(const struct nfit_variant){ 0 } },
	{ "nfit-inject-notify", test_data, &(const struct nfit_variant){ .notify = 1 } },
	{ "nfit-load", test_data, &(const struct nfit_variant){ .load = 1 } },
	{ "nfit-mmap", test_data, &(const struct nfit_variant){ .pagecache = 1 } },
	{ "nfit-reconfigure", test_reconfigure, &(const struct nfit_variant){ 0 } },
	{ "nfit-meta", test_meta, &(const struct nfit_variant){ .meta = 1 } },
	{ "nfit-meta-offset", test_meta, &(const struct nfit_variant){ .meta = 1, .offset = 1 } },
	{ NULL, NULL, NULL },
};

/* The test the arguments name: an nfit_test injector of common/names.c, at a point it takes. */
static const struct ktap_test *pick(const struct nfit_test_ctx *t)
{
	static const char *const points[2][4] = {
		{ "C-first", "C-mid", "C-last", NULL }, { "A-first", "B-mid", NULL, NULL },
	};
	const struct injector_info *inj = names_injector(t->test);
	const struct ktap_test *test = ktap_find(tests, t->test);
	const struct nfit_variant *v;

	if (!inj || !(inj->flags & INJ_NFIT) || !test) {
		char list[512];
		size_t n = 0;

		list[0] = '\0';
		for (inj = names_injectors; inj->name; inj++)
			if ((inj->flags & INJ_NFIT) && ktap_find(tests, inj->name) && n < sizeof(list))
				n += snprintf(list + n, sizeof(list) - n, "%s%s", n ? ", " : "", inj->name);
		step_usage_error(STEP_NFIT_ERRORS, "unknown test '%s' (%s)", t->test, list);
	}
	v = test->variant;
	for (const char *const *p = points[v->meta]; *p; p++)
		if (!strcmp(*p, t->point))
			return test;
	step_usage_error(STEP_NFIT_ERRORS, "point '%s' does not fit %s", t->point, t->test);
}

int main(int argc, char **argv)
{
	static const struct ktap_fixture fixture = { nfit_setup, nfit_teardown };
	struct nfit_test_ctx t = { .block = UINT64_MAX };
	const struct ktap_test *test;
	struct step_args a;
	char name[128];

	step_parse_or_exit(STEP_NFIT_ERRORS, argc, argv, &a);
	t.mode = a.val[STEP_OPT_MODE];
	t.test = a.val[STEP_OPT_TEST];
	t.point = a.val[STEP_OPT_POINT];
	t.expect = a.val[STEP_OPT_EXPECT];
	test = pick(&t);
	snprintf(name, sizeof(name), "nfit.%s.%s.%s", t.mode, t.test + 5, t.point);
	ktap_begin(name);
	ktap_run(&fixture, test, &t);
}
