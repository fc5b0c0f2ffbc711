// SPDX-License-Identifier: GPL-2.0
/*
 * nothing was poisoned but HardwareCorrupted grew by 4 kB (known issue rejected-injection-counted); nothing was poisoned but the node memory_failure total grew by 1 (known issue rejected-injection-counted)
 *
 * The steps of pmemfi cell two-node.devdax.dev.2M.corrupt-pfn.C-first.ff (verdict xfail), run
 * 20261206T234051Z-kasan-6.12.118-pmemfi, kernel kasan-6.12.118-pmemfi (6.12.118-pmemfi),
 * as one program: sysfs writes and ioctls, no library. repro.sh builds it
 * static (cc -static -O2 -o repro repro.c -lpthread) and runs it in the VM;
 * on the host it seeds the media files. README says more.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/ndctl.h>
#include <pthread.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define BUS "/sys/bus/nd"

/* A namespace the run's VM created, in its order (pmemfi's setup steps). */
struct ns_want {
	const char *name;	/* the profile's name for it */
	const char *mode;	/* "devdax" or "fsdax"; NULL: a raw placeholder that only takes room */
	const char *map;	/* "dev": memmap on the device; "mem": in RAM */
	uint64_t align, size;
	int region;		/* the Nth NVDIMM region by address; -1: the first with room; -2: legacy e820 pmem */
	const char *seed_a;	/* "ff@A" or "random:N@A": seed the info block's struct pages first; NULL: no */
};

/* What the cell does after the setup. */
struct cell {
	const char *name;
	const char *bus;	/* "ACPI.NFIT": QEMU's NVDIMMs; "nfit_test.0": the kernel's test bus */
	int labels;		/* write fresh namespace labels on every region of the bus first */
	int ns;			/* the index in want[] of the namespace the cell uses */
	const char *action;	/* an injector, a stress kind or an nfit_test test */
	const char *point;	/* a pfn point (below), or NULL */
	const char *expect;	/* what a correct kernel gives, configs/expectations */
	const char *poisons;	/* "yes"/"no": check HardwareCorrupted and the node counters; NULL: no check */
	long iterations;	/* stress: at most this many rounds */
	int seconds;		/* stress: or this long */
	int threads;		/* stress: mappers */
};

/* A namespace as the kernel made it. */
struct ns {
	const struct ns_want *want;
	char region[32], dev[32];	/* region0, namespace0.0 */
	char claim[32];			/* pfn0.0 / dax0.0: the device that claims it */
	char node[32];			/* /dev/<node>: dax0.0 (devdax) or pmem0 (fsdax) */
	uint64_t start, size;		/* the namespace, bytes */
	uint64_t data, data_size;	/* its data, as the claim device says */
	char mount[64];			/* fsdax: where its filesystem is */
};

/* The namespaces the run's VM created for the cell, in its order. */
static const struct ns_want want[] = {
	/* name, mode (NULL: a raw placeholder), map, align, size, region, class A seed */
	{ "devdax", "devdax", "dev", 0x200000, 0x10000000, 0, NULL },
};

static const struct cell cell = {
	.name = "two-node.devdax.dev.2M.corrupt-pfn.C-first.ff",
	.bus = "ACPI.NFIT",
	.labels = 1,
	.ns = 0,
	.action = "corrupt-pfn",
	.point = "C-first",
	.expect = "EBUSY",
	.poisons = "no",
};

/*
 * Lines for repro.sh: "repro: FAIL: ..." is a check that failed as in the
 * run, "repro: error: ..." means the program could not get as far as the
 * cell (neither reproduced nor not), exit 2.
 */
static void say(const char *fmt, ...)
{
	va_list ap;

	printf("repro: ");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

#define fail(...) say("FAIL: " __VA_ARGS__)
#define die(...) do { say("error: " __VA_ARGS__); exit(2); } while (0)

/* Write @val to a sysfs/debugfs file: 0 or the errno. */
static int put(const char *path, const char *val)
{
	int fd = open(path, O_WRONLY), rc = 0;

	if (fd < 0)
		return errno;
	if (write(fd, val, strlen(val)) < 0)
		rc = errno;
	close(fd);
	return rc;
}

static void must_put(const char *path, const char *val)
{
	int rc = put(path, val);

	if (rc)
		die("echo %s > %s: %s", val, path, strerror(rc));
}

/* The first line of a sysfs file, or "" (and errno) when it cannot be read. */
static const char *get(const char *path)
{
	static char buf[256];
	FILE *f = fopen(path, "r");

	buf[0] = '\0';
	if (f) {
		if (fgets(buf, sizeof(buf), f))
			buf[strcspn(buf, "\n")] = '\0';
		fclose(f);
	}
	return buf;
}

static uint64_t get_num(const char *path)
{
	return strtoull(get(path), NULL, 0);
}

/* "/sys/bus/nd/devices/<dev>/<attr>" */
static const char *attr(const char *dev, const char *name)
{
	static char path[2][512];
	static int i;

	i ^= 1;
	snprintf(path[i], sizeof(path[i]), BUS "/devices/%.64s/%.64s", dev, name);
	return path[i];
}

/*
 * Wait for the buses' asynchronous probes to end (reading ndbusN/wait_probe
 * flushes them, as libndctl does): a region's namespaces and a namespace's
 * new claim device come up after the bind that caused them returned.
 */
static void settle(void)
{
	DIR *d = opendir(BUS "/devices");
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, "ndbus", 5))
			get(attr(e->d_name, "wait_probe"));
	if (d)
		closedir(d);
}

static void bind(const char *driver, const char *dev)
{
	char path[512];

	snprintf(path, sizeof(path), BUS "/drivers/%.64s/bind", driver);
	must_put(path, dev);
	settle();
}

static void unbind(const char *dev)
{
	char path[512];

	snprintf(path, sizeof(path), BUS "/devices/%.64s/driver/unbind", dev);
	if (access(path, F_OK) == 0)
		must_put(path, dev);
	settle();
}

static const char *new_uuid(void)
{
	return get("/proc/sys/kernel/random/uuid");
}

/* The provider of the bus a region or DIMM sits on: "ACPI.NFIT", "e820", "nfit_test.0". */
static const char *provider(const char *dev)
{
	char path[PATH_MAX], *slash;

	if (!realpath(attr(dev, "."), path) || !(slash = strrchr(path, '/')))
		return "";
	strcpy(slash, "/provider");
	return get(path);
}

/* The pmem regions of @bus, by address (the run's "region=N" counts so). */
static int regions(const char *bus, char names[][32], int max)
{
	DIR *d = opendir(BUS "/devices");
	struct dirent *e;
	int n = 0;

	while (d && (e = readdir(d)) && n < max)
		if (!strncmp(e->d_name, "region", 6) && access(attr(e->d_name, "pfn_seed"), F_OK) == 0 &&
		    !strcmp(provider(e->d_name), bus))
			snprintf(names[n++], 32, "%.31s", e->d_name);
	if (d)
		closedir(d);
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && get_num(attr(names[j], "resource")) < get_num(attr(names[j - 1], "resource")); j--) {
			char t[32];

			memcpy(t, names[j], 32);
			memcpy(names[j], names[j - 1], 32);
			memcpy(names[j - 1], t, 32);
		}
	return n;
}

/* fletcher64 over 32-bit words, as the kernel checks a label index block. */
static uint64_t fletcher64(const void *buf, size_t len)
{
	const uint32_t *w = buf;
	uint32_t lo = 0;
	uint64_t hi = 0;

	for (size_t i = 0; i < len / 4; i++) {
		lo += w[i];
		hi += lo;
	}
	return hi << 32 | lo;
}

/*
 * Fresh labels on DIMM @nmem, as "ndctl init-labels" writes them (label
 * format v1.1, 128-byte slots): two index blocks, every slot free. The
 * kernel's drivers/nvdimm/label.c says what it accepts.
 */
static int write_labels(const char *nmem)
{
	struct nd_cmd_get_config_size cs = { 0 };
	uint32_t nslot, isize;
	uint8_t *area;
	char path[64];
	int fd;

	snprintf(path, sizeof(path), "/dev/%s", nmem);
	fd = open(path, O_RDWR);
	if (fd < 0 || ioctl(fd, ND_IOCTL_GET_CONFIG_SIZE, &cs) || cs.status || !cs.config_size) {
		say("%s: no label area (%s)", path, strerror(errno));
		if (fd >= 0)
			close(fd);
		return -1;
	}
	/* Slots of 128 bytes after two index blocks of 256 (the kernel's sizeof_namespace_index()). */
	isize = (72 + (cs.config_size / 128 + 7) / 8 + 255) / 256 * 256;
	nslot = (cs.config_size - 2 * isize) / 128;
	isize = (72 + (nslot + 7) / 8 + 255) / 256 * 256;
	area = calloc(1, 2 * isize);
	for (int i = 0; i < 2; i++) {
		uint8_t *ix = area + i * isize;
		uint64_t v;

		memcpy(ix, "NAMESPACE_INDEX\0", 16);
		*(uint32_t *)(ix + 20) = 3 - i;		/* seq: index 0 is the newer */
		v = i * isize;
		memcpy(ix + 24, &v, 8);			/* myoff */
		v = isize;
		memcpy(ix + 32, &v, 8);			/* mysize */
		v = (1 - i) * isize;
		memcpy(ix + 40, &v, 8);			/* otheroff */
		v = 2 * isize;
		memcpy(ix + 48, &v, 8);			/* labeloff */
		*(uint32_t *)(ix + 56) = nslot;
		*(uint16_t *)(ix + 60) = 1;		/* major */
		*(uint16_t *)(ix + 62) = 1;		/* minor: v1.1 */
		for (uint32_t s = 0; s < nslot; s++)	/* free[]: every slot free */
			ix[72 + s / 8] |= 1 << (s % 8);
		v = fletcher64(ix, isize);
		memcpy(ix + 64, &v, 8);
	}
	for (uint32_t off = 0; off < 2 * isize; off += cs.max_xfer) {
		uint32_t n = 2 * isize - off < cs.max_xfer ? 2 * isize - off : cs.max_xfer;
		struct nd_cmd_set_config_hdr *cmd = calloc(1, sizeof(*cmd) + n + 4);

		cmd->in_offset = off;
		cmd->in_length = n;
		memcpy(cmd->in_buf, area + off, n);
		if (ioctl(fd, ND_IOCTL_SET_CONFIG_DATA, cmd) || *(uint32_t *)(cmd->in_buf + n)) {
			say("%s: writing the labels at %u: %s", path, off, strerror(errno));
			free(cmd);
			free(area);
			close(fd);
			return -1;
		}
		free(cmd);
	}
	free(area);
	close(fd);
	return 0;
}

/*
 * Every region of @bus disabled ("ndctl disable-region all": a DIMM in an
 * active region refuses label writes, and nfit_test's DIMMs are shared by
 * several regions), fresh labels on the DIMMs of its pmem regions, each
 * DIMM re-read, the regions enabled. A DIMM that refuses labels (some
 * nfit_test ones do on purpose) leaves its region label-less, as in the run.
 */
static void init_labels(const char *bus)
{
	char names[16][32], done[64][32];
	int n = regions(bus, names, 16), ok = 0, nr_done = 0;

	for (int r = 0; r < n; r++)
		unbind(names[r]);
	for (int r = 0; r < n; r++) {
		int maps = (int)get_num(attr(names[r], "mappings")), bad = 0;

		for (int m = 0; m < maps; m++) {
			char map[24], nmem[32];
			int seen = 0;

			snprintf(map, sizeof(map), "mapping%d", m);
			snprintf(nmem, sizeof(nmem), "%.*s", (int)strcspn(get(attr(names[r], map)), ","),
				 get(attr(names[r], map)));
			for (int d = 0; d < nr_done; d++)
				seen |= !strcmp(done[d], nmem);
			if (seen || nr_done == 64)
				continue;
			snprintf(done[nr_done++], 32, "%s", nmem);
			bad |= write_labels(nmem);
			/* The kernel reads a DIMM's labels when its driver binds. */
			unbind(nmem);
			bind("nvdimm", nmem);
		}
		ok += !bad;
	}
	for (int r = 0; r < n; r++)
		bind("nd_region", names[r]);
	if (!ok)
		die("no %s region took labels", bus);
	say("fresh labels on %d of %d %s region%s", ok, n, bus, n == 1 ? "" : "s");
}

/* The region namespace @w goes to: as the run's ns_setup picked it. */
static void pick_region(const struct cell *c, const struct ns_want *w, char *out)
{
	char names[16][32];
	int n;

	if (w->region == -2) {
		/* Legacy pmem: the first e820 region of this size not claimed yet. */
		n = regions("e820", names, 16);
		for (int r = 0; r < n; r++) {
			char dev[32];

			snprintf(dev, sizeof(dev), "namespace%s.0", names[r] + 6);
			if (!*get(attr(dev, "holder")) && get_num(attr(dev, "size")) == w->size) {
				snprintf(out, 32, "%.31s", names[r]);
				return;
			}
		}
		die("no unclaimed legacy (e820) region of %#" PRIx64 " bytes (memmap= missing?)", w->size);
	}
	n = regions(c->bus, names, 16);
	for (int r = 0; r < n; r++) {
		if (w->region >= 0 && r != w->region)
			continue;
		if (get_num(attr(names[r], "max_available_extent")) >= w->size) {
			snprintf(out, 32, "%.31s", names[r]);
			return;
		}
		if (w->region >= 0)
			break;
	}
	die("no %s region has %#" PRIx64 " bytes for %s", c->bus, w->size, w->name);
}

/* The first entry of directory @dir named @prefix... but not @not ("": none). */
static const char *entry_of(const char *dir, const char *prefix, const char *not)
{
	static char name[32];
	DIR *d = opendir(dir);
	struct dirent *e;

	name[0] = '\0';
	while (d && !name[0] && (e = readdir(d)))
		if (e->d_name[0] != '.' && !strncmp(e->d_name, prefix, strlen(prefix)) && strcmp(e->d_name, not))
			snprintf(name, sizeof(name), "%.31s", e->d_name);
	if (d)
		closedir(d);
	return name;
}

/* The block device of a namespace or pfn device ("pmem0"), or "". */
static const char *block_of(const char *dev)
{
	return entry_of(attr(dev, "block"), "", "");
}

/* The dax device (/dev/daxR.N) a devdax claim made: its child daxR.N, or "". */
static const char *dax_of(const char *claim)
{
	return entry_of(attr(claim, "."), "dax", "dax_region");
}

/*
 * Seed the struct pages of the info block's pfns (seed "ff@A"): with
 * map=dev and a section-aligned start the altmap hands out vmemmap from
 * the first 2M boundary after the info block, and its first struct pages
 * are the namespace's first pfns'. Written raw, before the claim.
 */
static void seed_class_a(struct ns *ns)
{
	uint64_t off = ((ns->start + 8192 + (2 << 20) - 1) & ~((2ULL << 20) - 1)) - ns->start;
	unsigned char buf[128];
	char path[64];
	int fd;

	if (strcmp(ns->want->map, "dev") || ns->start % (128ULL << 20)) {
		say("%s: no class A seed: its info block's struct pages are in RAM", ns->want->name);
		return;
	}
	if (strncmp(ns->want->seed_a, "ff@", 3))
		die("seed %s: only ff@A here", ns->want->seed_a);
	memset(buf, 0xff, sizeof(buf));
	must_put(attr(ns->dev, "force_raw"), "1");
	bind("nd_pmem", ns->dev);
	snprintf(path, sizeof(path), "/dev/%s", block_of(ns->dev));
	fd = open(path, O_RDWR | O_SYNC);
	if (fd < 0 || pwrite(fd, buf, sizeof(buf), off) != sizeof(buf) || fsync(fd))
		die("%s: seeding class A at +%#" PRIx64 ": %s", path, off, strerror(errno));
	close(fd);
	unbind(ns->dev);
	must_put(attr(ns->dev, "force_raw"), "0");
	say("%s: class A struct pages seeded (%s) at +%#" PRIx64, ns->want->name, ns->want->seed_a, off);
}

/* Claim @ns as its want says: a pfn device (fsdax) or a dax device (devdax). */
static void claim(struct ns *ns, const char *mode)
{
	int devdax = !strcmp(mode, "devdax");
	char num[32];

	snprintf(ns->claim, sizeof(ns->claim), "%s", get(attr(ns->region, devdax ? "dax_seed" : "pfn_seed")));
	snprintf(num, sizeof(num), "%" PRIu64, ns->want->align);
	must_put(attr(ns->claim, "uuid"), new_uuid());
	must_put(attr(ns->claim, "mode"), strcmp(ns->want->map, "dev") ? "ram" : "pmem");
	must_put(attr(ns->claim, "align"), num);
	must_put(attr(ns->claim, "namespace"), ns->dev);
	bind(devdax ? "dax_pmem" : "nd_pmem", ns->claim);
	ns->data = get_num(attr(ns->claim, "resource"));
	ns->data_size = get_num(attr(ns->claim, "size"));
	snprintf(ns->node, sizeof(ns->node), "%s", devdax ? dax_of(ns->claim) : block_of(ns->claim));
	if (!ns->node[0])
		die("%s: %s claimed it, but no device node came", ns->dev, ns->claim);
}

/* Make the namespace of @w in its region, as the run's ns_setup did. */
static void create(const struct cell *c, const struct ns_want *w, struct ns *ns)
{
	char size[32];

	memset(ns, 0, sizeof(*ns));
	ns->want = w;
	pick_region(c, w, ns->region);
	if (w->region == -2) {
		/* An e820 namespace: its whole range, no labels, no uuid. */
		snprintf(ns->dev, sizeof(ns->dev), "namespace%s.0", ns->region + 6);
		unbind(ns->dev);
	} else {
		snprintf(ns->dev, sizeof(ns->dev), "%s", get(attr(ns->region, "namespace_seed")));
		snprintf(size, sizeof(size), "%" PRIu64, w->size);
		must_put(attr(ns->dev, "uuid"), new_uuid());
		must_put(attr(ns->dev, "alt_name"), w->name);
		must_put(attr(ns->dev, "size"), size);
	}
	ns->start = get_num(attr(ns->dev, "resource"));
	ns->size = get_num(attr(ns->dev, "size"));
	if (!w->mode) {
		/* A placeholder: raw, enabled, so the next namespace comes after it. */
		bind("nd_pmem", ns->dev);
		say("%s: %s raw at %#" PRIx64 "+%#" PRIx64 " (takes the room of a namespace the cell does not use)",
		    w->name, ns->dev, ns->start, ns->size);
		return;
	}
	if (w->seed_a)
		seed_class_a(ns);
	claim(ns, w->mode);
	say("%s: %s %s map=%s align=%#" PRIx64 " on %s: namespace %#" PRIx64 "+%#" PRIx64
	    ", data %#" PRIx64 "+%#" PRIx64 " (/dev/%s)", w->name, ns->dev, w->mode, w->map, w->align,
	    ns->region, ns->start, ns->size, ns->data, ns->data_size, ns->node);
}

/*
 * The pfn of a point (pmemfi's common/layout.h), from the namespace as
 * the kernel laid it out: A the info block [start, start+8K), B the
 * memmap space up to the data, C the data, as the claim device says
 * (unused by a walker cell, which only maps a page).
 */
static __attribute__((unused)) uint64_t point_pfn(const struct ns *ns, const char *point)
{
	uint64_t s = ns->start / 4096, d = ns->data / 4096, e = (ns->data + ns->data_size) / 4096;
	uint64_t huge = (ns->want->align > (2 << 20) ? ns->want->align : 2 << 20) / 4096;

	if (!strcmp(point, "A-first"))
		return s;
	if (!strcmp(point, "A-last"))
		return s + 1;
	if (!strcmp(point, "B-first"))
		return s + 2;
	if (!strcmp(point, "B-mid"))
		return s + 2 + (d - s - 2) / 2;
	if (!strcmp(point, "B-last"))
		return d - 1;
	if (!strcmp(point, "C-first"))
		return d;
	if (!strcmp(point, "C-mid"))
		return d + (e - d) / 2;
	if (!strcmp(point, "C-last"))
		return e - 1;
	if (!strcmp(point, "C-huge"))
		return d + huge;
	if (!strcmp(point, "below"))
		return s - 1;
	if (!strcmp(point, "above"))
		return (ns->start + ns->size) / 4096;
	die("unknown point %s", point);
}

static void run(const char *cmd)
{
	int st = system(cmd);

	if (st)
		die("%s: status %d", cmd, st);
}

/* fsdax: a filesystem on it, mounted with DAX (busybox's mke2fs: ext2, mounted by ext4). */
static void mount_dax(struct ns *ns)
{
	char cmd[128], dev[48];

	snprintf(dev, sizeof(dev), "/dev/%s", ns->node);
	snprintf(ns->mount, sizeof(ns->mount), "/mnt/%s", ns->want->name);
	snprintf(cmd, sizeof(cmd), "mke2fs -F -b 4096 %s >/dev/null", dev);
	run(cmd);
	mkdir("/mnt", 0755);
	mkdir(ns->mount, 0755);
	if (mount(dev, ns->mount, "ext4", 0, "dax=always"))
		die("mount %s on %s -o dax=always: %s", dev, ns->mount, strerror(errno));
}

/* The setup of the run's VM: labels, then every namespace in order; returns the cell's. */
static struct ns *set_up(const struct cell *c, const struct ns_want *want, int nr, struct ns *ns)
{
	if (c->labels)
		init_labels(c->bus);
	for (int i = 0; i < nr; i++) {
		create(c, &want[i], &ns[i]);
		if (want[i].mode && !strcmp(want[i].mode, "fsdax"))
			mount_dax(&ns[i]);
	}
	return &ns[c->ns];
}

/* xorshift64*, addressed by offset: pmemfi's random:N seed (its common/seed.c). */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	return x * 0x2545f4914f6cdd1dULL;
}

/*
 * On the host, for repro.sh: "repro --seed-media FILE SIZE FROM TO SEED"
 * makes FILE of SIZE bytes (zeroes: a sparse file) and writes the seed
 * (zero, ff or random:N) over [FROM, TO), as pmemfi seeded the run's media.
 */
static int host(int argc, char **argv)
{
	uint64_t size, from, to, value = 0;
	static unsigned char buf[1 << 20];
	int fd, random;

	if (argc != 7 || strcmp(argv[1], "--seed-media"))
		die("usage: repro --seed-media FILE SIZE FROM TO SEED (in the guest: no arguments)");
	size = strtoull(argv[3], NULL, 0);
	from = strtoull(argv[4], NULL, 0);
	to = strtoull(argv[5], NULL, 0);
	random = !strncmp(argv[6], "random:", 7);
	if (random)
		value = strtoull(argv[6] + 7, NULL, 0);
	fd = open(argv[2], O_RDWR | O_CREAT | (size ? O_TRUNC : 0), 0600);
	if (fd < 0 || (size && ftruncate(fd, size)))
		die("%s: %s", argv[2], strerror(errno));
	for (uint64_t off = from; strcmp(argv[6], "zero") && off < to; off += sizeof(buf)) {
		size_t n = to - off < sizeof(buf) ? to - off : sizeof(buf);

		if (!random)
			memset(buf, 0xff, n);
		for (size_t i = 0; random && i < n; i += 8) {
			uint64_t w = mix((value ^ 0x9e3779b97f4a7c15ULL) + (off - from + i) / 8 + 1);

			memcpy(buf + i, &w, n - i < 8 ? n - i : 8);
		}
		if (pwrite(fd, buf, n, off) != (ssize_t)n)
			die("%s: writing the seed at %#" PRIx64 ": %s", argv[2], off, strerror(errno));
	}
	return close(fd) ? 2 : 0;
}

/* ---- a data page this process maps (pmemfi's selftests/lib/fault.c) ---- */

/* The pfn /proc/self/pagemap gives for the page at @addr (0: none). */
static uint64_t pagemap_pfn(const void *addr)
{
	int pm = open("/proc/self/pagemap", O_RDONLY);
	uint64_t entry = 0;

	if (pm < 0 || pread(pm, &entry, 8, (uintptr_t)addr / 4096 * 8) != 8)
		die("/proc/self/pagemap: %s", strerror(errno));
	close(pm);
	return entry >> 63 ? entry & ((1ULL << 55) - 1) : 0;
}

static char *map_addr;	/* the whole mapping map_data_page() made */
static size_t map_len;

/*
 * C-mapped: a data page this process maps and writes, a quarter into the
 * data (devdax: the granule there, its pfn from the device offset, checked
 * against pagemap as the run's test does; fsdax: the middle of a 2M file
 * on the filesystem, its pfn from pagemap).
 */
static char *map_data_page(const struct ns *ns, uint64_t *pfn)
{
	uint64_t gran = ns->want->align > 4096 ? ns->want->align : 4096, off = ns->data_size / 4 / gran * gran, seen;
	/* In a granule over 2M (1G), the page a quarter into the data: inside it. */
	uint64_t in = gran <= (2 << 20) ? 0 : ns->data_size / 4 - off;
	char path[160];
	char *map;
	int fd;

	if (!strcmp(ns->want->mode, "devdax")) {
		snprintf(path, sizeof(path), "/dev/%s", ns->node);
		fd = open(path, O_RDWR);
		map_len = gran;
		map = fd < 0 ? MAP_FAILED : mmap(NULL, gran, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
		map_addr = map;
		if (map != MAP_FAILED)
			map += in;
		*pfn = (ns->data + off + in) / 4096;
	} else {
		snprintf(path, sizeof(path), "%s/repro-mapped", ns->mount);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		map_len = 2 << 20;
		map = fd < 0 || posix_fallocate(fd, 0, 2 << 20) ? MAP_FAILED
			: mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
		map_addr = map;
		if (map != MAP_FAILED)
			map += 1 << 20;
	}
	if (map == MAP_FAILED)
		die("mapping %s: %s", path, strerror(errno));
	close(fd);
	memset(map, 0x5a, 4096);
	seen = pagemap_pfn(map);
	if (strcmp(ns->want->mode, "devdax"))
		*pfn = seen;
	else if (seen != *pfn)
		say("pagemap says pfn %#" PRIx64 " for device pfn %#" PRIx64, seen, *pfn);
	say("mapped and wrote %s at %p: pfn %#" PRIx64, path, (void *)map, *pfn);
	return map;
}

/* ---- the injection (pmemfi's selftests/memory_failure.c, as plain calls) ---- */

static sigjmp_buf on_sigbus;
static volatile int sig_hit;
static siginfo_t sig_info;

static void sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	sig_info = *si;
	sig_hit = 1;
	siglongjmp(on_sigbus, 1);
}

/* "SIGBUS:BUS_MCEERR_AR" for the last signal caught. */
static void signal_outcome(char *out, size_t len)
{
	static const char *const codes[] = { "?", "BUS_ADRALN", "BUS_ADRERR", "BUS_OBJERR", "BUS_MCEERR_AR",
					     "BUS_MCEERR_AO" };
	int c = sig_info.si_code;

	snprintf(out, len, "SIGBUS:%s", c > 0 && c < 6 ? codes[c] : "?");
}

static void errno_outcome(int err, char *out, size_t len)
{
	snprintf(out, len, "%s", strerrorname_np(err) ? strerrorname_np(err) : "E?");
}

/* Write the pfn (or its address) where the injector takes it: "ok" or the errno's name. */
static void inject_at(const char *injector, uint64_t pfn, char *out, size_t len)
{
	char val[32];
	const char *path;
	int rc;

	if (!strcmp(injector, "hard-offline") || !strcmp(injector, "soft-offline")) {
		path = !strcmp(injector, "hard-offline") ? "/sys/devices/system/memory/hard_offline_page"
							  : "/sys/devices/system/memory/soft_offline_page";
		snprintf(val, sizeof(val), "%#" PRIx64 "\n", pfn << 12);
	} else {
		path = !strcmp(injector, "unpoison") ? "/sys/kernel/debug/hwpoison/unpoison-pfn"
						      : "/sys/kernel/debug/hwpoison/corrupt-pfn";
		snprintf(val, sizeof(val), "%#" PRIx64 "\n", pfn);
	}
	/* With the filter on, hwpoison_inject() looks at the page (shake_folio()) before it injects. */
	if (!strcmp(injector, "corrupt-pfn-filter"))
		must_put("/sys/kernel/debug/hwpoison/corrupt-filter-enable", "1");
	say("echo %#" PRIx64 " > %s", strtoull(val, NULL, 0), path);
	rc = put(path, val);
	if (rc == ENOENT)
		die("%s: missing (CONFIG_HWPOISON_INJECT, debugfs?)", path);
	if (rc)
		errno_outcome(rc, out, len);
	else
		snprintf(out, len, "ok");
	if (!strcmp(injector, "corrupt-pfn-filter"))
		put("/sys/kernel/debug/hwpoison/corrupt-filter-enable", "0");
}

/* What the kernel accounts as poisoned: HardwareCorrupted (kB) and the per-node totals. */
static void counters(long *kb, long *total)
{
	char line[256];
	FILE *f = fopen("/proc/meminfo", "r");

	*kb = *total = 0;
	while (f && fgets(line, sizeof(line), f))
		sscanf(line, "HardwareCorrupted: %ld kB", kb);
	if (f)
		fclose(f);
	for (int node = 0; node < 64; node++) {
		snprintf(line, sizeof(line), "/sys/devices/system/node/node%d/memory_failure/total", node);
		if (access(line, F_OK) == 0)
			*total += (long)get_num(line);
	}
}

/* The run's checks of the counters, with its words: "yes" a page became poisoned, "no" none did. */
static int check_counters(const char *poisons, long kb, long total)
{
	if (!strcmp(poisons, "yes")) {
		if (kb != 4)
			fail("a page was poisoned: HardwareCorrupted growth in kB: got %ld, expected 4", kb);
		if (total != 1)
			fail("a page was poisoned: node memory_failure total growth: got %ld, expected 1", total);
		return kb != 4 || total != 1;
	}
	if (kb)
		fail("nothing was poisoned but HardwareCorrupted grew by %ld kB", kb);
	if (total)
		fail("nothing was poisoned but the node memory_failure total grew by %ld", total);
	return kb || total;
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = sigbus, .sa_flags = SA_SIGINFO };
	struct ns nss[sizeof(want) / sizeof(want[0])], *ns;
	long kb0, total0, kb1, total1;
	volatile char *page = NULL;
	char out[48] = "";
	uint64_t pfn;
	volatile int failed = 0;

	if (argc > 1)
		return host(argc, argv);
	ns = set_up(&cell, want, sizeof(want) / sizeof(want[0]), nss);
	if (!strcmp(cell.point, "C-mapped"))
		page = map_data_page(ns, &pfn);
	else
		pfn = point_pfn(ns, cell.point);
	say("%s at %s of %s: pfn %#" PRIx64 " (phys %#" PRIx64 ")", cell.action, cell.point, ns->want->name, pfn,
	    pfn << 12);
	counters(&kb0, &total0);
	sigaction(SIGBUS, &sa, NULL);
	if (!sigsetjmp(on_sigbus, 1)) {
		if (!strncmp(cell.action, "madv-", 5)) {
			int advice = strcmp(cell.action, "madv-soft-offline") ? 100 /* MADV_HWPOISON */
									     : 101 /* MADV_SOFT_OFFLINE */;

			say("madvise(%p, 4096, %s)", (void *)page, advice == 100 ? "MADV_HWPOISON" : "MADV_SOFT_OFFLINE");
			if (madvise((void *)page, 4096, advice))
				errno_outcome(errno, out, sizeof(out));
			else
				snprintf(out, sizeof(out), "ok");
		} else {
			inject_at(cell.action, pfn, out, sizeof(out));
		}
		/* A mapped page: the next access is where its owner pays. */
		if (page && !strcmp(out, "ok"))
			(void)page[0];
	}
	if (sig_hit)
		signal_outcome(out, sizeof(out));
	counters(&kb1, &total1);
	say("outcome %s; HardwareCorrupted %ld -> %ld kB, node memory_failure total %ld -> %ld", out, kb0, kb1,
	    total0, total1);
	if (cell.poisons)
		failed |= check_counters(cell.poisons, kb1 - kb0, total1 - total0);
	if (strcmp(out, cell.expect)) {
		fail("%s at %s (pfn %#" PRIx64 "): got %s, expected %s", cell.action, cell.point, pfn, out, cell.expect);
		failed = 1;
	}
	say("done: %s", failed ? "a check failed" : "every check passed; any kernel report above is the bug");
	return failed;
}
