// SPDX-License-Identifier: GPL-2.0
#include "ns.h"

#include "../../common/seed.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>
#include <ndctl/libndctl.h>
#include <uuid/uuid.h>

/*
 * Debian's <ndctl/ndctl.h> includes a ccan header that is not packaged;
 * this is the one value needed from it (a stable kernel ABI number).
 */
#ifndef ND_DEVICE_REGION_PMEM
#define ND_DEVICE_REGION_PMEM 2
#endif

#define fail(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

/* Legacy pmem (memmap=SIZE!START) sits on the "e820" bus: no DIMMs, no labels. */
static int region_is_legacy(struct ndctl_region *region)
{
	const char *provider = ndctl_bus_get_provider(ndctl_region_get_bus(region));

	return provider && !strcmp(provider, "e820");
}

static int region_of(struct ndctl_region *region, const char *provider)
{
	const char *p = ndctl_bus_get_provider(ndctl_region_get_bus(region));

	return p && !strcmp(p, provider);
}

/* A virtio-pmem device's region is label-less: one namespace, the whole device. */
static int region_is_labelless(struct ndctl_region *region)
{
	return region_of(region, "virtio-pmem");
}

/* Without a provider asked for, regions of NVDIMMs: not virtio-pmem's or CXL's. */
static int region_wanted(struct ndctl_region *region, const char *provider)
{
	if (provider)
		return region_of(region, provider);
	return !region_of(region, "virtio-pmem") && !region_of(region, "CXL");
}

int ns_mode_is_devmem(const char *mode)
{
	return !strcmp(mode, "kmem") || !strcmp(mode, "private") || !strcmp(mode, "coherent") ||
	       !strcmp(mode, "p2pdma");
}

/* Visit the pmem regions of one kind: @legacy 0 for NFIT, 1 for e820. */
static int pmem_regions_foreach(struct ndctl_ctx *ctx, int legacy,
				int (*fn)(struct ndctl_region *, void *), void *arg)
{
	struct ndctl_bus *bus;
	struct ndctl_region *region;
	int rc;

	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region) {
			if (ndctl_region_get_type(region) != ND_DEVICE_REGION_PMEM ||
			    region_is_legacy(region) != legacy)
				continue;
			rc = fn(region, arg);
			if (rc)
				return rc;
		}
	return 0;
}

static int provider_region(struct ndctl_region *region, void *arg)
{
	return region_of(region, arg);
}

int ns_provider_present(struct ndctl_ctx *ctx, const char *provider)
{
	return pmem_regions_foreach(ctx, 0, provider_region, (void *)provider);
}

struct label_ctx {
	char *err;
	int errlen;
};

static int init_region_labels(struct ndctl_region *region, void *arg)
{
	struct label_ctx *lc = arg;
	char *err = lc->err;
	int errlen = lc->errlen;
	struct ndctl_dimm *dimm;
	int rc;

	rc = ndctl_region_disable_invalidate(region);
	if (rc)
		fail("%s: disable failed: %s", ndctl_region_get_devname(region), strerror(-rc));
	ndctl_dimm_foreach_in_region(region, dimm) {
		struct ndctl_cmd *cmd = ndctl_dimm_read_label_index(dimm);

		if (!cmd)
			fail("%s: cannot read the label index", ndctl_dimm_get_devname(dimm));
		rc = ndctl_dimm_init_labels(dimm, NDCTL_NS_VERSION_1_1);
		ndctl_cmd_unref(cmd);
		if (rc < 0)
			fail("%s: init labels failed: %s", ndctl_dimm_get_devname(dimm), strerror(-rc));
		/* The kernel caches the label area of an enabled DIMM. */
		if (ndctl_dimm_is_enabled(dimm) &&
		    (ndctl_dimm_disable(dimm) || ndctl_dimm_enable(dimm)))
			fail("%s: cannot re-enable after init-labels", ndctl_dimm_get_devname(dimm));
	}
	rc = ndctl_region_enable(region);
	if (rc)
		fail("%s: enable failed: %s", ndctl_region_get_devname(region), strerror(-rc));
	return 0;
}

int ns_init_region_labels(struct ndctl_region *region, char *err, int errlen)
{
	struct label_ctx lc = { err, errlen };

	return init_region_labels(region, &lc) ? -1 : 0;
}

int ns_init_labels(struct ndctl_ctx *ctx, char *err, int errlen)
{
	struct label_ctx lc = { err, errlen };

	return pmem_regions_foreach(ctx, 0, init_region_labels, &lc) ? -1 : 0;
}

struct pick {
	const struct ns_spec *spec;
	struct ndctl_ctx *ctx;
	struct ndctl_region *found;
};

struct rank {
	unsigned long long start;
	const char *provider;
	int below;
};

static int count_below(struct ndctl_region *region, void *arg)
{
	struct rank *r = arg;

	r->below += region_wanted(region, r->provider) && ndctl_region_get_resource(region) < r->start;
	return 0;
}

/*
 * Region N is the Nth region of its kind by address: QEMU maps NVDIMMs in
 * the order of their -device options, so it is the topology's Nth nvdimm
 * line (the kernel's regionN numbering follows probe order instead); the
 * harness counts virtio-pmem and CXL devices apart (--provider).
 */
static int region_rank(struct ndctl_ctx *ctx, struct ndctl_region *region, const char *provider)
{
	struct rank r = { .start = ndctl_region_get_resource(region), .provider = provider };

	pmem_regions_foreach(ctx, 0, count_below, &r);
	return r.below;
}

static int pick_region(struct ndctl_region *region, void *arg)
{
	struct pick *p = arg;

	if (p->spec->legacy) {
		struct ndctl_namespace *ndns = ndctl_namespace_get_first(region);

		/* Claimed already (an earlier legacy namespace), or another size. */
		if (!ndns || ndctl_namespace_get_pfn(ndns) || ndctl_namespace_get_dax(ndns) ||
		    ndctl_namespace_get_size(ndns) != p->spec->size)
			return 0;
		p->found = region;
		return 1;
	}
	if (!region_wanted(region, p->spec->bus))
		return 0;
	if (p->spec->region >= 0 && region_rank(p->ctx, region, p->spec->bus) != p->spec->region)
		return 0;
	/* Label-less: its one namespace is all there is; ns_create() checks the size. */
	if (region_is_labelless(region)) {
		p->found = region;
		return 1;
	}
	if (ndctl_region_get_max_available_extent(region) < p->spec->size)
		return p->spec->region >= 0 ? 1 : 0;
	p->found = region;
	return 1;
}

static enum ndctl_pfn_loc pfn_loc(enum layout_map map)
{
	return map == LAYOUT_MAP_DEV ? NDCTL_PFN_LOC_PMEM : NDCTL_PFN_LOC_RAM;
}

/* Fill the parts of @st that depend on which pfn/dax device claims @ndns. */
static int fill_claim(struct ndctl_namespace *ndns, struct ns_state *st,
		      char *err, int errlen)
{
	struct ndctl_pfn *pfn = ndctl_namespace_get_pfn(ndns);
	struct ndctl_dax *dax = ndctl_namespace_get_dax(ndns);

	if (!strcmp(st->mode, "devdax")) {
		struct daxctl_region *dregion;
		struct daxctl_dev *ddev;

		if (!dax)
			fail("%s: no dax device claims the namespace", st->ns_dev);
		st->data_start = ndctl_dax_get_resource(dax);
		st->data_size = ndctl_dax_get_size(dax);
		dregion = ndctl_dax_get_daxctl_region(dax);
		ddev = dregion ? daxctl_dev_get_first(dregion) : NULL;
		if (!ddev)
			fail("%s: devdax namespace has no dax device", st->ns_dev);
		snprintf(st->dev, sizeof(st->dev), "%s", daxctl_dev_get_devname(ddev));
	} else {
		const char *bdev;

		if (!pfn)
			fail("%s: no pfn device claims the namespace", st->ns_dev);
		st->data_start = ndctl_pfn_get_resource(pfn);
		st->data_size = ndctl_pfn_get_size(pfn);
		bdev = ndctl_pfn_get_block_device(pfn);
		if (!bdev || !*bdev)
			fail("%s: fsdax namespace has no block device", st->ns_dev);
		snprintf(st->dev, sizeof(st->dev), "%s", bdev);
	}
	return 0;
}

static int configure_claim(struct ndctl_region *region, struct ndctl_namespace *ndns,
			   const struct ns_spec *spec, char *err, int errlen)
{
	uuid_t uuid;
	int rc;

	uuid_generate(uuid);
	if (!strcmp(spec->mode, "devdax")) {
		struct ndctl_dax *dax = ndctl_region_get_dax_seed(region);

		if (!dax)
			fail("%s: no dax seed", ndctl_region_get_devname(region));
		if (ndctl_dax_set_uuid(dax, uuid) || ndctl_dax_set_location(dax, pfn_loc(spec->map)) ||
		    ndctl_dax_set_align(dax, spec->align) || ndctl_dax_set_namespace(dax, ndns))
			fail("%s: cannot configure the dax seed (align %#" PRIx64 ")",
			     ndctl_namespace_get_devname(ndns), spec->align);
		rc = ndctl_dax_enable(dax);
	} else {
		struct ndctl_pfn *pfn = ndctl_region_get_pfn_seed(region);

		if (!pfn)
			fail("%s: no pfn seed", ndctl_region_get_devname(region));
		if (ndctl_pfn_set_uuid(pfn, uuid) || ndctl_pfn_set_location(pfn, pfn_loc(spec->map)) ||
		    (ndctl_pfn_has_align(pfn) && ndctl_pfn_set_align(pfn, spec->align)) ||
		    ndctl_pfn_set_namespace(pfn, ndns))
			fail("%s: cannot configure the pfn seed (align %#" PRIx64 ")",
			     ndctl_namespace_get_devname(ndns), spec->align);
		rc = ndctl_pfn_enable(pfn);
	}
	if (rc)
		fail("%s: enabling %s failed: %s", ndctl_namespace_get_devname(ndns),
		     spec->mode, strerror(-rc));
	return 0;
}

/*
 * Seed the medium under the struct pages of the class A pfns, before the
 * namespace is claimed (nothing initializes them: they keep what the
 * medium holds). With map=dev and a section-aligned start, vmemmap comes
 * from the altmap in 2M blocks, the first at the first 2M boundary after
 * the info block, and its first struct pages are those of the section's
 * (the namespace's) first pfns. Otherwise they are in RAM and @note says so.
 */
static int seed_class_a(struct ndctl_namespace *ndns, const struct ns_spec *spec,
			char *note, size_t notelen, char *err, int errlen)
{
	uint64_t start = ndctl_namespace_get_resource(ndns), off, value;
	unsigned char buf[2 * LAYOUT_STRUCT_PAGE];
	const char *bdev;
	char path[64];
	int kind, class_a, fd, rc;
	ssize_t n;

	if (seed_parse(spec->seed_a, &kind, &value, &class_a) || !class_a)
		fail("bad class A seed '%s'", spec->seed_a);
	if (spec->map != LAYOUT_MAP_DEV) {
		snprintf(note, notelen, "none (map=mem: the memmap is in RAM)");
		return 0;
	}
	if (start % LAYOUT_SECTION_SIZE) {
		snprintf(note, notelen, "none (start off a section: base pages from RAM)");
		return 0;
	}
	off = (start + LAYOUT_INFO_SIZE + LAYOUT_COMPAT_ALIGN - 1) / LAYOUT_COMPAT_ALIGN *
	      LAYOUT_COMPAT_ALIGN - start;
	seed_pattern(kind, value, 0, buf, sizeof(buf));
	if (ndctl_namespace_set_raw_mode(ndns, 1) < 0 || ndctl_namespace_enable(ndns) < 0)
		fail("%s: cannot enable raw to seed class A", ndctl_namespace_get_devname(ndns));
	bdev = ndctl_namespace_get_block_device(ndns);
	snprintf(path, sizeof(path), "/dev/%s", bdev ? bdev : "?");
	fd = open(path, O_RDWR | O_SYNC);
	n = fd < 0 ? -1 : pwrite(fd, buf, sizeof(buf), off);
	rc = n == (ssize_t)sizeof(buf) && fsync(fd) == 0 ? 0 : -errno;
	if (fd >= 0)
		close(fd);
	if (ndctl_namespace_disable_invalidate(ndns) || ndctl_namespace_set_raw_mode(ndns, 0) < 0)
		fail("%s: cannot leave raw mode after seeding", ndctl_namespace_get_devname(ndns));
	if (rc)
		fail("%s: writing the class A seed at %#" PRIx64 ": %s", path, off, strerror(-rc));
	snprintf(note, notelen, "%s at +%#" PRIx64, spec->seed_a, off);
	return 0;
}

int ns_create(struct ndctl_ctx *ctx, const struct ns_spec *spec,
	      struct ns_state *st, char *err, int errlen)
{
	char note[96] = "none";
	struct pick p = { .spec = spec, .ctx = ctx };
	struct ndctl_namespace *ndns;
	struct ndctl_region *region;
	uuid_t uuid;
	char why[160];

	if (strcmp(spec->mode, "devdax") && strcmp(spec->mode, "fsdax"))
		fail("unknown mode '%s'", spec->mode);
	pmem_regions_foreach(ctx, spec->legacy, pick_region, &p);
	region = p.found;
	if (!region && spec->legacy)
		fail("no unclaimed legacy (e820) pmem region of %" PRIu64 " bytes for %s (memmap= missing?)",
		     spec->size, spec->name);
	if (!region)
		fail("no pmem region has %" PRIu64 " bytes available for %s", spec->size, spec->name);
	if (spec->legacy || region_is_labelless(region)) {
		/* An IO namespace: fixed size, no uuid; claim it as it is. */
		ndns = ndctl_namespace_get_first(region);
		if (!ndns || ndctl_namespace_get_size(ndns) != spec->size)
			fail("%s: its one namespace is not of %" PRIu64 " bytes for %s",
			     ndctl_region_get_devname(region), spec->size, spec->name);
		if (ndctl_namespace_disable_invalidate(ndns) < 0)
			fail("%s: cannot disable the raw namespace", ndctl_namespace_get_devname(ndns));
		if (spec->seed_a && seed_class_a(ndns, spec, note, sizeof(note), err, errlen))
			return -1;
		if (configure_claim(region, ndns, spec, err, errlen))
			return -1;
		goto created;
	}
	ndns = ndctl_region_get_namespace_seed(region);
	if (!ndns || !ndctl_namespace_is_configuration_idle(ndns))
		fail("%s: no idle namespace seed (labels not initialized?)",
		     ndctl_region_get_devname(region));
	uuid_generate(uuid);
	if (ndctl_namespace_set_uuid(ndns, uuid) ||
	    ndctl_namespace_set_alt_name(ndns, spec->name) ||
	    ndctl_namespace_set_size(ndns, spec->size))
		fail("%s: cannot set uuid, name or size %" PRIu64 " (available %llu)",
		     ndctl_namespace_get_devname(ndns), spec->size,
		     ndctl_region_get_max_available_extent(region));
	if (spec->seed_a && seed_class_a(ndns, spec, note, sizeof(note), err, errlen))
		return -1;
	if (configure_claim(region, ndns, spec, err, errlen))
		return -1;
created:
	memset(st, 0, sizeof(*st));
	snprintf(st->seed_a, sizeof(st->seed_a), "%s", note);
	snprintf(st->name, sizeof(st->name), "%s", spec->name);
	snprintf(st->mode, sizeof(st->mode), "%s", spec->mode);
	snprintf(st->region, sizeof(st->region), "%s", ndctl_region_get_devname(region));
	st->node = ndctl_region_get_numa_node(region);
	snprintf(st->ns_dev, sizeof(st->ns_dev), "%s", ndctl_namespace_get_devname(ndns));
	st->layout.start = ndctl_namespace_get_resource(ndns);
	st->layout.size = ndctl_namespace_get_size(ndns);
	st->layout.align = spec->align;
	st->layout.map = spec->map;
	if (layout_compute(&st->layout, why, sizeof(why)))
		fail("%s: %s", st->ns_dev, why);
	return fill_claim(ndns, st, err, errlen);
}

int ns_reserve(struct ndctl_ctx *ctx, const struct ns_spec *spec, char *err, int errlen)
{
	struct pick p = { .spec = spec, .ctx = ctx };
	struct ndctl_namespace *ndns;
	uuid_t uuid;
	int rc;

	pmem_regions_foreach(ctx, 0, pick_region, &p);
	if (!p.found)
		fail("no pmem region has %" PRIu64 " bytes available for a placeholder", spec->size);
	ndns = ndctl_region_get_namespace_seed(p.found);
	if (!ndns || !ndctl_namespace_is_configuration_idle(ndns))
		fail("%s: no idle namespace seed (labels not initialized?)",
		     ndctl_region_get_devname(p.found));
	uuid_generate(uuid);
	if (ndctl_namespace_set_uuid(ndns, uuid) ||
	    ndctl_namespace_set_alt_name(ndns, spec->name) ||
	    ndctl_namespace_set_size(ndns, spec->size))
		fail("%s: cannot size a placeholder of %" PRIu64 " bytes",
		     ndctl_namespace_get_devname(ndns), spec->size);
	/* Enabling it (raw: fresh media has no info block) advances the seed. */
	rc = ndctl_namespace_enable(ndns);
	if (rc < 0)
		fail("%s: cannot enable the placeholder: %s", ndctl_namespace_get_devname(ndns),
		     strerror(-rc));
	return 0;
}

static struct ndctl_namespace *find_namespace(struct ndctl_ctx *ctx, const char *devname)
{
	struct ndctl_bus *bus;
	struct ndctl_region *region;
	struct ndctl_namespace *ndns;

	ndctl_bus_foreach(ctx, bus)
		ndctl_region_foreach(bus, region)
			ndctl_namespace_foreach(region, ndns)
				if (!strcmp(ndctl_namespace_get_devname(ndns), devname))
					return ndns;
	return NULL;
}

struct daxctl_dev *ns_daxctl_dev(struct ndctl_ctx *ctx, const struct ns_state *st)
{
	struct ndctl_namespace *ndns = find_namespace(ctx, st->ns_dev);
	struct ndctl_dax *dax = ndns ? ndctl_namespace_get_dax(ndns) : NULL;
	struct daxctl_region *dregion = dax ? ndctl_dax_get_daxctl_region(dax) : NULL;

	return dregion ? daxctl_dev_get_first(dregion) : NULL;
}

static int read_raw(const char *bdev, uint64_t off, void *buf, size_t len,
		    char *err, int errlen)
{
	char path[64];
	ssize_t n;
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", bdev);
	fd = open(path, O_RDONLY);
	if (fd < 0)
		fail("%s: %s", path, strerror(errno));
	n = pread(fd, buf, len, off);
	close(fd);
	if (n != (ssize_t)len)
		fail("%s: short read at %#" PRIx64 ": %s", path, off, n < 0 ? strerror(errno) : "eof");
	return 0;
}

int ns_set_raw(struct ndctl_ctx *ctx, struct ns_state *st, int raw, char *err, int errlen)
{
	struct ndctl_namespace *ndns = find_namespace(ctx, st->ns_dev);

	if (!ndns)
		fail("%s: namespace not found", st->ns_dev);
	if (ndctl_namespace_disable_invalidate(ndns))
		fail("%s: cannot disable", st->ns_dev);
	/* Both return 1 for success too: the new mode, "enabled via a claim". */
	if (ndctl_namespace_set_raw_mode(ndns, raw) < 0 || ndctl_namespace_enable(ndns) < 0)
		fail("%s: cannot enable %s", st->ns_dev, raw ? "in raw mode" : st->mode);
	if (raw)
		return 0;
	return fill_claim(ndns, st, err, errlen);
}

int ns_switch_mode(struct ndctl_ctx *ctx, struct ns_state *st, const char *mode,
		   char *err, int errlen)
{
	struct ndctl_namespace *ndns = find_namespace(ctx, st->ns_dev);
	struct ns_spec spec = { .name = st->name, .mode = mode, .map = st->layout.map,
				.align = st->layout.align };
	struct ndctl_pfn *pfn;
	struct ndctl_dax *dax;

	if (!ndns)
		fail("%s: namespace not found", st->ns_dev);
	if (ndctl_namespace_disable_invalidate(ndns))
		fail("%s: cannot disable", st->ns_dev);
	/* Release the old claim, so the other kind of device can take it. */
	pfn = ndctl_namespace_get_pfn(ndns);
	dax = ndctl_namespace_get_dax(ndns);
	if ((pfn && ndctl_pfn_delete(pfn)) || (dax && ndctl_dax_delete(dax)))
		fail("%s: cannot release its %s claim", st->ns_dev, st->mode);
	if (ndctl_namespace_set_raw_mode(ndns, 0) < 0)
		fail("%s: cannot leave raw mode", st->ns_dev);
	if (configure_claim(ndctl_namespace_get_region(ndns), ndns, &spec, err, errlen))
		return -1;
	snprintf(st->mode, sizeof(st->mode), "%s", mode);
	return fill_claim(ndns, st, err, errlen);
}

int ns_read_info_block(struct ndctl_ctx *ctx, struct ns_state *st,
		       char sig[17], uint64_t *dataoff, char *err, int errlen)
{
	unsigned char sb[LAYOUT_DATAOFF_OFFSET + 8];
	const char *bdev;
	char why[160];
	int rc, rc2;

	if (ns_set_raw(ctx, st, 1, err, errlen))
		return -1;
	bdev = ndctl_namespace_get_block_device(find_namespace(ctx, st->ns_dev));
	rc = bdev && *bdev ? read_raw(bdev, LAYOUT_INFO_OFFSET, sb, sizeof(sb), err, errlen)
			   : (snprintf(err, errlen, "%s: raw mode has no block device", st->ns_dev), -1);

	/* Back to the mode the info block describes, whatever the read did. */
	rc2 = ns_set_raw(ctx, st, 0, why, sizeof(why));
	if (rc)
		return rc;
	if (rc2)
		fail("%s", why);
	memcpy(sig, sb, 16);
	sig[16] = '\0';
	*dataoff = 0;
	for (int i = 7; i >= 0; i--)
		*dataoff = (*dataoff << 8) | sb[LAYOUT_DATAOFF_OFFSET + i];
	return 0;
}

static int run(char *const argv[], char *err, int errlen)
{
	int status;
	pid_t pid = fork();

	if (pid < 0)
		fail("fork: %s", strerror(errno));
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		if (null >= 0)
			dup2(null, STDOUT_FILENO);
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	if (waitpid(pid, &status, 0) < 0)
		fail("waitpid: %s", strerror(errno));
	if (!WIFEXITED(status) || WEXITSTATUS(status))
		fail("%s failed (status %#x)", argv[0], status);
	return 0;
}

int ns_mount_dax_fs(struct ns_state *st, int mkfs, char *err, int errlen)
{
	char dev[64];
	char *mkfs_argv[] = { "mke2fs", "-q", "-F", "-t", "ext4", "-b", "4096",
			 "-E", "lazy_itable_init=1,nodiscard", dev, NULL };

	snprintf(dev, sizeof(dev), "/dev/%s", st->dev);
	snprintf(st->mount, sizeof(st->mount), "/mnt/%s", st->name);
	if (mkfs && run(mkfs_argv, err, errlen))
		return -1;
	if (mkdir(st->mount, 0755) && errno != EEXIST)
		fail("%s: %s", st->mount, strerror(errno));
	if (mount(dev, st->mount, "ext4", 0, "dax=always"))
		fail("mount %s on %s -o dax=always: %s", dev, st->mount, strerror(errno));
	return 0;
}

static int mkdir_p(const char *path)
{
	char tmp[128];

	snprintf(tmp, sizeof(tmp), "%s", path);
	for (char *p = tmp + 1; *p; p++)
		if (*p == '/') {
			*p = '\0';
			if (mkdir(tmp, 0755) && errno != EEXIST)
				return -1;
			*p = '/';
		}
	return mkdir(tmp, 0755) && errno != EEXIST ? -1 : 0;
}

int ns_state_save(const struct ns_state *st, char *err, int errlen)
{
	char path[160];
	FILE *f;

	if (mkdir_p(NS_STATE_DIR))
		fail("%s: %s", NS_STATE_DIR, strerror(errno));
	snprintf(path, sizeof(path), "%s/%s", NS_STATE_DIR, st->name);
	f = fopen(path, "w");
	if (!f)
		fail("%s: %s", path, strerror(errno));
	fprintf(f, "name %s\nmode %s\nmap %s\nregion %s\nns_dev %s\ndev %s\n",
		st->name, st->mode, st->layout.map == LAYOUT_MAP_DEV ? "dev" : "mem",
		st->region, st->ns_dev, st->dev);
	fprintf(f, "start %#" PRIx64 "\nsize %#" PRIx64 "\nalign %#" PRIx64 "\n",
		st->layout.start, st->layout.size, st->layout.align);
	fprintf(f, "kind %s\nblock_size %#" PRIx64 "\nnode %d\n", layout_kind_name(st->layout.kind),
		st->layout.block_size, st->node);
	fprintf(f, "data_start %#" PRIx64 "\ndata_size %#" PRIx64 "\nmount %s\n",
		st->data_start, st->data_size, st->mount[0] ? st->mount : "-");
	if (fclose(f))
		fail("%s: %s", path, strerror(errno));
	return 0;
}

int ns_state_load(const char *name, struct ns_state *st, char *err, int errlen)
{
	char path[160], key[32], val[96], why[160];
	FILE *f;
	int seen = 0;

	memset(st, 0, sizeof(*st));
	snprintf(path, sizeof(path), "%s/%s", NS_STATE_DIR, name);
	f = fopen(path, "r");
	if (!f)
		fail("%s: %s (was the namespace set up?)", path, strerror(errno));
	while (fscanf(f, "%31s %95s", key, val) == 2) {
		uint64_t *num = NULL;

		seen++;
		if (!strcmp(key, "name"))
			snprintf(st->name, sizeof(st->name), "%s", val);
		else if (!strcmp(key, "mode"))
			snprintf(st->mode, sizeof(st->mode), "%s", val);
		else if (!strcmp(key, "map"))
			st->layout.map = strcmp(val, "mem") ? LAYOUT_MAP_DEV : LAYOUT_MAP_MEM;
		else if (!strcmp(key, "region"))
			snprintf(st->region, sizeof(st->region), "%s", val);
		else if (!strcmp(key, "ns_dev"))
			snprintf(st->ns_dev, sizeof(st->ns_dev), "%s", val);
		else if (!strcmp(key, "dev"))
			snprintf(st->dev, sizeof(st->dev), "%s", val);
		else if (!strcmp(key, "mount"))
			snprintf(st->mount, sizeof(st->mount), "%s", strcmp(val, "-") ? val : "");
		else if (!strcmp(key, "start"))
			num = &st->layout.start;
		else if (!strcmp(key, "size"))
			num = &st->layout.size;
		else if (!strcmp(key, "align"))
			num = &st->layout.align;
		else if (!strcmp(key, "data_start"))
			num = &st->data_start;
		else if (!strcmp(key, "data_size"))
			num = &st->data_size;
		else if (!strcmp(key, "block_size"))
			num = &st->layout.block_size;
		else if (!strcmp(key, "node"))
			st->node = atoi(val);
		else if (!strcmp(key, "kind") && layout_kind_parse(val) >= 0)
			st->layout.kind = layout_kind_parse(val);
		else
			seen--;
		if (num)
			*num = strtoull(val, NULL, 0);
	}
	fclose(f);
	if (seen != 15)
		fail("%s: incomplete state (%d of 15 keys)", path, seen);
	if (layout_compute(&st->layout, why, sizeof(why)))
		fail("%s: %s", path, why);
	return 0;
}
