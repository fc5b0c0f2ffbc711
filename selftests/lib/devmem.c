// SPDX-License-Identifier: GPL-2.0
#include "devmem.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <glob.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/klog.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <daxctl/libdaxctl.h>
#include <ndctl/libndctl.h>

#include "ktap.h"

#define fail(...) do { snprintf(err, errlen, __VA_ARGS__); return -1; } while (0)

#define PAGE		4096ULL
/* test_hmm's DEVMEM_CHUNK_SIZE: each device starts with one chunk. */
#define HMM_CHUNK	(256ULL << 20)
#define ALIGN_UP(x, a)	(((x) + (a) - 1) / (a) * (a))
#define ALIGN_DOWN(x, a) ((x) / (a) * (a))

/* Seconds the asynchronous probes (cxl_pci, nvme) get to show their devices. */
#define PROBE_WAIT	60

/* lib/test_hmm_uapi.h (6.12 and 7.3 agree on these). */
struct hmm_dmirror_cmd {
	uint64_t addr, ptr, npages, cpages, faults;
};
#define HMM_DMIRROR_MIGRATE_TO_DEV	_IOWR('H', 0x02, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_SNAPSHOT		_IOWR('H', 0x04, struct hmm_dmirror_cmd)
#define HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL	0x20
#define HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL	0x40

/* /proc/self/pagemap: present, swapped (a device-private entry), the frame. */
#define PM_PRESENT	(1ULL << 63)
#define PM_SWAP		(1ULL << 62)
#define PM_FRAME	((1ULL << 55) - 1)
#define MAX_SWAPFILES_SHIFT 5

#ifndef MPOL_BIND
#define MPOL_BIND 2
#endif

static int read_str(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
	return 0;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY), rc = 0;

	if (fd < 0)
		return -errno;
	if (write(fd, s, strlen(s)) < 0)
		rc = -errno;
	close(fd);
	return rc;
}

static int read_u64(const char *path, uint64_t *v)
{
	char buf[64];
	int rc = read_str(path, buf, sizeof(buf));

	if (!rc)
		*v = strtoull(buf, NULL, 0);
	return rc;
}

static void sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, ms % 1000 * 1000000 };

	nanosleep(&ts, NULL);
}

/* The first path matching @pattern, polled for up to @seconds: 0, or -1. */
static int wait_glob(const char *pattern, int seconds, char *out, size_t len)
{
	for (int i = 0; i <= seconds * 10; i++) {
		glob_t g;

		if (!glob(pattern, 0, NULL, &g) && g.gl_pathc) {
			snprintf(out, len, "%s", g.gl_pathv[0]);
			globfree(&g);
			return 0;
		}
		globfree(&g);
		if (i < seconds * 10)
			sleep_ms(100);
	}
	return -1;
}

/* Run @argv with its stdout and stderr in @out; the exit status, or -1. */
static int run_capture(char *const argv[], char *out, size_t len)
{
	int pipefd[2], status;
	size_t used = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(pipefd))
		return -1;
	pid = fork();
	if (pid < 0)
		return -1;
	if (!pid) {
		dup2(pipefd[1], 1);
		dup2(pipefd[1], 2);
		close(pipefd[0]);
		execvp(argv[0], argv);
		fprintf(stderr, "%s: %s\n", argv[0], strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	while ((n = read(pipefd[0], out + used, len - 1 - used)) > 0)
		used += n;
	out[used] = '\0';
	close(pipefd[0]);
	if (waitpid(pid, &status, 0) < 0)
		return -1;
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

int devmem_kpageflags(uint64_t pfn, uint64_t *flags)
{
	int fd = open("/proc/kpageflags", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, flags, sizeof(*flags), pfn * sizeof(*flags));
	close(fd);
	return n == sizeof(*flags) ? 0 : n < 0 ? -errno : -ENODATA;
}

/* The raw /proc/self/pagemap entry of @addr. */
static int pagemap_entry(const void *addr, uint64_t *entry)
{
	int fd = open("/proc/self/pagemap", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, entry, sizeof(*entry), (uintptr_t)addr / PAGE * sizeof(*entry));
	close(fd);
	return n == sizeof(*entry) ? 0 : -EIO;
}

/* ---- CXL: the region a namespace on CXL memory needs ---- */

/* Is there a PCI device of class CXL memory (0x050210)? */
static int cxl_device_present(void)
{
	glob_t g;
	int found = 0;

	if (glob("/sys/bus/pci/devices/*/class", 0, NULL, &g))
		return 0;
	for (size_t i = 0; i < g.gl_pathc && !found; i++) {
		char class[32];

		found = !read_str(g.gl_pathv[i], class, sizeof(class)) && !strcmp(class, "0x050210");
	}
	globfree(&g);
	return found;
}

/* An nvdimm region on the CXL bus: what a committed pmem region becomes. */
static int cxl_nd_region(void)
{
	glob_t g;
	int found = 0;

	if (glob("/sys/bus/nd/devices/region*", 0, NULL, &g))
		return 0;
	for (size_t i = 0; i < g.gl_pathc && !found; i++) {
		char real[PATH_MAX], *bus, provider[32], path[PATH_MAX + 32];

		if (!realpath(g.gl_pathv[i], real) || !(bus = strstr(real, "/ndbus")))
			continue;
		bus[strcspn(bus + 1, "/") + 1] = '\0';
		snprintf(path, sizeof(path), "%s/provider", real);
		found = !read_str(path, provider, sizeof(provider)) && !strcmp(provider, "CXL");
	}
	globfree(&g);
	return found;
}

int devmem_cxl_regions(char *err, int errlen)
{
	char mem[PATH_MAX], out[4096];
	char *argv[] = { "cxl", "create-region", "-m", "-d", "decoder0.0", "-t", "pmem", "-w", "1", NULL, NULL };

	/*
	 * No device, or a kernel without the CXL drivers: no region, and the
	 * setups of namespaces on CXL memory skip, held to the kernel's config.
	 */
	if (!cxl_device_present() || access("/sys/bus/pci/drivers/cxl_pci", F_OK))
		return 0;
	/* cxl_pci probes asynchronously; the memdev's endpoint port comes after. */
	if (wait_glob("/sys/bus/cxl/devices/mem*/driver", PROBE_WAIT, mem, sizeof(mem)))
		fail("a CXL memory device is there, but no cxl memdev probed within %d s (cxl_pci: see the console)",
		     PROBE_WAIT);
	if (cxl_nd_region())
		return 1;
	*strrchr(mem, '/') = '\0';
	argv[9] = strrchr(mem, '/') + 1;
	/* It exits 0 when it created nothing: its words are the result. */
	if (run_capture(argv, out, sizeof(out)) || !strstr(out, "created 1 region"))
		fail("cxl create-region -m -d decoder0.0 -t pmem -w 1 %s: %.300s", argv[9], out);
	for (int i = 0; i < PROBE_WAIT * 10 && !cxl_nd_region(); i++)
		sleep_ms(100);
	if (!cxl_nd_region())
		fail("the CXL region was committed, but no nvdimm region of the CXL bus appeared within %d s",
		     PROBE_WAIT);
	ktap_diag("cxl create-region: %.*s", (int)strcspn(out, "\n"), out);
	return 1;
}

/* ---- kmem: a devdax namespace onlined as System RAM ---- */

static char *dax_attr(const struct daxctl_dev *dev, const char *attr)
{
	static char path[160];

	snprintf(path, sizeof(path), "/sys/bus/dax/devices/%s/%s",
		 daxctl_dev_get_devname((struct daxctl_dev *)dev), attr);
	return path;
}

/*
 * Hand the dax device to kmem and online its blocks movable; with
 * @self_hosted, each block's memmap inside the block (memmap_on_memory,
 * set while device_dax still has it: kmem refuses a change).
 */
static int kmem_online(struct daxctl_dev *dev, int self_hosted, const char **needs, char *err, int errlen)
{
	struct daxctl_memory *mem;
	int rc = write_str(dax_attr(dev, "memmap_on_memory"), self_hosted ? "1" : "0");

	if (rc == -ENOENT)
		*needs = "memmap_on_memory (6.8)";
	if (rc)
		fail("%s = %d: %s (booted with memory_hotplug.memmap_on_memory=1?)",
		     dax_attr(dev, "memmap_on_memory"), self_hosted, strerror(-rc));
	rc = daxctl_dev_disable(dev);
	if (rc < 0)
		fail("%s: cannot unbind device_dax: %s", daxctl_dev_get_devname(dev), strerror(-rc));
	rc = daxctl_dev_enable_ram(dev);
	if (rc < 0) {
		*needs = "CONFIG_DEV_DAX_KMEM";
		fail("%s: kmem did not take it: %s", daxctl_dev_get_devname(dev), strerror(-rc));
	}
	mem = daxctl_dev_get_memory(dev);
	rc = mem ? daxctl_memory_online(mem) : -ENODEV;
	if (rc < 0)
		fail("%s: onlining its memory blocks: %s", daxctl_dev_get_devname(dev), strerror(-rc));
	return 0;
}

/* The blocks kmem added: whole blocks inside the dax range (dax_kmem_range()). */
static int kmem_layout(struct daxctl_dev *dev, enum layout_map map, struct ns_state *st, char *err, int errlen)
{
	struct daxctl_memory *mem = daxctl_dev_get_memory(dev);
	uint64_t bs = mem ? daxctl_memory_get_block_size(mem) : 0, from, to;
	char why[160];

	if (!bs)
		fail("%s: no memory block size", daxctl_dev_get_devname(dev));
	st->data_start = daxctl_dev_get_resource(dev);
	st->data_size = daxctl_dev_get_size(dev);
	from = ALIGN_UP(st->data_start, bs);
	to = ALIGN_DOWN(st->data_start + st->data_size, bs);
	if (to <= from)
		fail("%s: %#" PRIx64 "+%#" PRIx64 " holds no whole memory block of %#" PRIx64,
		     daxctl_dev_get_devname(dev), st->data_start, st->data_size, bs);
	st->layout = (struct layout){ .start = from, .size = to - from, .align = st->layout.align, .map = map,
				      .kind = LAYOUT_KMEM, .block_size = bs };
	st->node = daxctl_dev_get_target_node(dev);
	snprintf(st->mode, sizeof(st->mode), "kmem");
	if (layout_compute(&st->layout, why, sizeof(why)))
		fail("%s: %s", st->dev, why);
	return 0;
}

static int kmem_create(struct ndctl_ctx *ctx, const struct ns_spec *spec, struct ns_state *st,
		       const char **needs, char *err, int errlen)
{
	struct ns_spec dax = *spec;
	struct daxctl_dev *dev;

	/* The namespace's own memmap would go unused: kmem takes over from device_dax. */
	dax.mode = "devdax";
	dax.map = LAYOUT_MAP_MEM;
	if (ns_create(ctx, &dax, st, err, errlen))
		return -1;
	dev = ns_daxctl_dev(ctx, st);
	if (!dev)
		fail("%s: no dax device to online", st->ns_dev);
	if (kmem_online(dev, spec->map == LAYOUT_MAP_DEV, needs, err, errlen))
		return -1;
	return kmem_layout(dev, spec->map, st, err, errlen);
}

/* /proc/iomem's "System RAM (kmem)" inside [@from, @to): how many bytes, and the lowest address. */
static uint64_t iomem_bytes(const char *name, uint64_t from, uint64_t to, uint64_t *lowest)
{
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	uint64_t total = 0;

	*lowest = ~0ULL;
	while (f && fgets(line, sizeof(line), f)) {
		unsigned long long s, e;
		char *p = line + strspn(line, " ");

		if (sscanf(p, "%llx-%llx :", &s, &e) != 2 || !strstr(p, name) || s < from || e >= to)
			continue;
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(strstr(p, ": ") + 2, name))
			continue;
		total += e - s + 1;
		if (s < *lowest)
			*lowest = s;
	}
	if (f)
		fclose(f);
	return total;
}

/* Every block online on the expected node, its memmap where the layout says. */
static void kmem_check_blocks(const struct ns_state *st)
{
	const struct layout *l = &st->layout;
	uint64_t bp = l->block_size / PAGE, mm = l->dataoff / PAGE, s = l->start / PAGE;
	static uint64_t flags[1 << 16];

	for (uint64_t b = 0; b < l->size / l->block_size; b++) {
		uint64_t n = s / bp + b, marked = 0, misplaced = 0;
		char path[128], state[32];
		int fd;

		snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%" PRIu64 "/state", n);
		ASSERT_TRUE(read_str(path, state, sizeof(state)) == 0, "%s: %s", path, strerror(errno));
		EXPECT_STREQ(state, "online", "memory block %" PRIu64 " (%s)", n, path);
		snprintf(path, sizeof(path), "/sys/devices/system/memory/memory%" PRIu64 "/node%d", n, st->node);
		EXPECT_TRUE(access(path, F_OK) == 0, "memory block %" PRIu64 " is not on node %d", n, st->node);
		fd = open("/proc/kpageflags", O_RDONLY);
		ASSERT_TRUE(fd >= 0 && bp <= sizeof(flags) / 8 &&
			    pread(fd, flags, bp * 8, (s + b * bp) * 8) == (ssize_t)(bp * 8),
			    "/proc/kpageflags: cannot read block %" PRIu64, n);
		close(fd);
		for (uint64_t i = 0; i < bp; i++) {
			int self = flags[i] >> DEVMEM_KPF_SELF_HOSTED & 1;

			marked += self;
			misplaced += self != (i < mm);
		}
		EXPECT_EQ(marked, mm, "block %" PRIu64 ": pages marked VmemmapSelfHosted (kpageflags bit %d)", n,
			  DEVMEM_KPF_SELF_HOSTED);
		EXPECT_EQ(misplaced, 0, "block %" PRIu64 ": pages whose VmemmapSelfHosted mark is off the first %" PRIu64,
			  n, mm);
	}
}

static void kmem_check_layout(const struct ns_state *st)
{
	const struct layout *l = &st->layout;
	uint64_t lowest, bytes = iomem_bytes("System RAM (kmem)", l->start, l->start + l->size, &lowest);
	char path[160], val[16];

	EXPECT_EQ(bytes, l->size, "/proc/iomem: System RAM (kmem) bytes in %#" PRIx64 "+%#" PRIx64, l->start, l->size);
	EXPECT_EQ(lowest, l->start, "/proc/iomem: the lowest System RAM (kmem) address");
	snprintf(path, sizeof(path), "/sys/bus/dax/devices/%s/memmap_on_memory", st->dev);
	ASSERT_TRUE(read_str(path, val, sizeof(val)) == 0, "%s: %s", path, strerror(errno));
	EXPECT_EQ(atoi(val), l->map == LAYOUT_MAP_DEV, "%s", path);
	kmem_check_blocks(st);
}

/* Add @st's memory back through its dax device and online it as it was (the same blocks). */
int devmem_kmem_readd(const struct ns_state *st, char *err, int errlen)
{
	struct ndctl_ctx *ctx;
	struct daxctl_dev *dev;
	struct ns_state now = *st;
	const char *needs = NULL;
	int rc = -1;

	if (ndctl_new(&ctx))
		fail("ndctl_new failed");
	dev = ns_daxctl_dev(ctx, st);
	if (!dev)
		snprintf(err, errlen, "%s: no dax device", st->ns_dev);
	else if (!kmem_online(dev, st->layout.map == LAYOUT_MAP_DEV, &needs, err, errlen) &&
		 !kmem_layout(dev, st->layout.map, &now, err, errlen)) {
		if (now.layout.start != st->layout.start || now.layout.size != st->layout.size)
			snprintf(err, errlen, "%s: added back at %#" PRIx64 "+%#" PRIx64 ", not %#" PRIx64 "+%#" PRIx64,
				 st->dev, now.layout.start, now.layout.size, st->layout.start, st->layout.size);
		else
			rc = 0;
	}
	ndctl_unref(ctx);
	return rc;
}

int devmem_kmem_remove(const struct ns_state *st, char *err, int errlen)
{
	struct ndctl_ctx *ctx;
	struct daxctl_dev *dev;
	int rc;

	if (ndctl_new(&ctx))
		fail("ndctl_new failed");
	dev = ns_daxctl_dev(ctx, st);
	/* kmem cannot remove online blocks: it would keep them "until the next reboot". */
	rc = dev && daxctl_dev_get_memory(dev) ? daxctl_memory_offline(daxctl_dev_get_memory(dev)) : -ENODEV;
	if (rc >= 0)
		rc = daxctl_dev_disable(dev);
	ndctl_unref(ctx);
	if (rc < 0)
		fail("%s: removing its memory: %s", st->dev, strerror(-rc));
	return 0;
}

int devmem_kmem_block_state(uint64_t block, const char *state)
{
	char path[128];

	snprintf(path, sizeof(path), MEMORY_SYSFS "/memory%" PRIu64 "/state", block);
	return write_str(path, state);
}

int devmem_kmem_hotremove(const struct ns_state *st, uint64_t pfn, struct inject_outcome *out,
			  char *err, int errlen)
{
	uint64_t block = pfn * PAGE / st->layout.block_size;
	long before = inject_hardware_corrupted_kb();
	char val[32];
	int rc;

	snprintf(val, sizeof(val), "%#" PRIx64, pfn);
	rc = write_str(HWPOISON_DEBUGFS "/corrupt-pfn", val);
	ktap_diag("corrupt-pfn %s: %s", val, rc ? strerror(-rc) : "ok");
	rc = devmem_kmem_block_state(block, "offline");
	if (rc)
		fail("offlining memory%" PRIu64 " with a poisoned page: %s", block, strerror(-rc));
	rc = devmem_kmem_block_state(block, "online_movable");
	if (rc)
		inject_errno_name(-rc, out->text, sizeof(out->text));
	else
		snprintf(out->text, sizeof(out->text), "ok");
	ktap_diag("online_movable memory%" PRIu64 " again: %s", block, out->text);
	if (devmem_kmem_remove(st, err, errlen))
		return -1;
	/* Removal takes the poisoned pages of the removed blocks off the count (this one's too). */
	EXPECT_LE(inject_hardware_corrupted_kb(), before,
		  "HardwareCorrupted (kB) once the blocks with the poisoned page are removed");
	return devmem_kmem_readd(st, err, errlen);
}

/* ---- test_hmm: device-private and device-coherent chunks ---- */

static int hmm_device(const char *mode)
{
	return !strcmp(mode, "coherent") ? 2 : 0;
}

/* The @nth highest top-level hmm_dmirror range of /proc/iomem (device-private chunks). */
static int iomem_nth_highest(const char *name, int nth, uint64_t *start, uint64_t *size)
{
	uint64_t starts[16], ends[16];
	FILE *f = fopen("/proc/iomem", "r");
	char line[256];
	int n = 0;

	while (f && fgets(line, sizeof(line), f) && n < 16) {
		unsigned long long s, e;

		line[strcspn(line, "\n")] = '\0';
		if (line[0] != ' ' && sscanf(line, "%llx-%llx :", &s, &e) == 2 && strstr(line, ": ") &&
		    !strcmp(strstr(line, ": ") + 2, name)) {
			starts[n] = s;
			ends[n++] = e;
		}
	}
	if (f)
		fclose(f);
	for (int i = 0; i < n; i++) {
		int higher = 0;

		for (int j = 0; j < n; j++)
			higher += starts[j] > starts[i];
		if (higher == nth) {
			*start = starts[i];
			*size = ends[i] - starts[i] + 1;
			return 0;
		}
	}
	return -1;
}

/*
 * Fill @st for device memory with nothing of its own inside (class C only,
 * its memmap in RAM): a test_hmm chunk or the NVMe CMB, named @dev, of
 * @region (hmm, nvme). 0, or -1 with @err.
 */
static int raw_state(const struct ns_spec *spec, struct ns_state *st, const char *region, const char *dev,
		     uint64_t start, uint64_t size, char *err, int errlen)
{
	char why[160];

	memset(st, 0, sizeof(*st));
	snprintf(st->name, sizeof(st->name), "%s", spec->name);
	snprintf(st->mode, sizeof(st->mode), "%s", spec->mode);
	snprintf(st->region, sizeof(st->region), "%s", region);
	snprintf(st->ns_dev, sizeof(st->ns_dev), "%s", dev);
	snprintf(st->dev, sizeof(st->dev), "%s", dev);
	snprintf(st->seed_a, sizeof(st->seed_a), "none (no metadata)");
	st->node = -1;
	st->data_start = start;
	st->data_size = size;
	st->layout = (struct layout){ .start = start, .size = size, .align = PAGE, .map = LAYOUT_MAP_MEM,
				      .kind = LAYOUT_RAW };
	if (layout_compute(&st->layout, why, sizeof(why)))
		fail("%s: %s", dev, why);
	return 0;
}

static int hmm_create(const struct ns_spec *spec, struct ns_state *st, const char **needs, char *err, int errlen)
{
	int dev = hmm_device(spec->mode);
	uint64_t start = 0, size = HMM_CHUNK;
	char path[64];

	snprintf(path, sizeof(path), "/dev/hmm_dmirror%d", dev);
	if (access(path, F_OK)) {
		*needs = "CONFIG_TEST_HMM";
		fail("%s missing (test_hmm not loaded%s)", path,
		     dev ? ", or without spm_addr_dev0 and spm_addr_dev1" : "");
	}
	/*
	 * test_hmm gives its first coherent device (minor 2) spm_addr_dev1
	 * and the second spm_addr_dev0 ("(MINOR(...) - 2) ? dev0 : dev1").
	 */
	if (dev) {
		ASSERT_TRUE(read_u64("/sys/module/test_hmm/parameters/spm_addr_dev1", &start) == 0,
			    "test_hmm's spm_addr_dev1: %s", strerror(errno));
	} else if (iomem_nth_highest("hmm_dmirror", 0, &start, &size)) {
		fail("/proc/iomem has no hmm_dmirror range for %s", path);
	}
	return raw_state(spec, st, "hmm", path + strlen("/dev/"), start, size, err, errlen);
}

/*
 * test_hmm logs each chunk it adds, in the order of its devices (one chunk
 * each at load): "added new 256 MB chunk ... PFNs [0x.. 0x..)".
 */
static int hmm_logged_chunk(int dev, uint64_t *first, uint64_t *end)
{
	int len = klogctl(10 /* SYSLOG_ACTION_SIZE_BUFFER */, NULL, 0), n = 0, rc = -1;
	char *buf = len > 0 ? malloc(len + 1) : NULL, *p;

	if (!buf)
		return -1;
	len = klogctl(3 /* SYSLOG_ACTION_READ_ALL */, buf, len);
	buf[len > 0 ? len : 0] = '\0';
	for (p = buf; (p = strstr(p, "added new 256 MB chunk")); p++) {
		const char *pfns = strstr(p, "PFNs [");

		if (pfns && n++ == dev && sscanf(pfns, "PFNs [%" SCNx64 " %" SCNx64 ")", first, end) == 2) {
			rc = 0;
			break;
		}
	}
	free(buf);
	return rc;
}

static void hmm_check_layout(const struct ns_state *st)
{
	struct layout_class c;
	struct devmem_mapping m;
	uint64_t first, end;
	char err[256];

	layout_class(&st->layout, 'C', &c);
	if (hmm_logged_chunk(hmm_device(st->mode), &first, &end)) {
		ktap_diag("test_hmm's chunk line for device %d is no longer in the kernel log", hmm_device(st->mode));
	} else {
		EXPECT_EQ(first, c.first, "test_hmm's logged first pfn of %s", st->dev);
		EXPECT_EQ(end, c.last + 1, "test_hmm's logged end pfn of %s", st->dev);
	}
	ASSERT_TRUE(devmem_map_page(st, &m, err, sizeof(err)) == 0, "%s", err);
	ktap_diag("a page migrated to %s is at pfn %#" PRIx64, st->dev, m.pfn);
	EXPECT_TRUE(m.pfn >= c.first && m.pfn <= c.last, "the migrated page's pfn %#" PRIx64 " is outside %s's chunk",
		    m.pfn, st->dev);
	devmem_unmap_page(&m);
}

/* ---- P2PDMA: the NVMe controller's memory buffer ---- */

/* The PCI device offering p2pmem, its BAR of @size: 0, or -1. */
static int p2p_bar(const char *pci, uint64_t size, uint64_t *start)
{
	char path[128], line[160];
	FILE *f;
	int rc = -1;

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/resource", pci);
	f = fopen(path, "r");
	for (int bar = 0; f && bar < 6 && fgets(line, sizeof(line), f); bar++) {
		unsigned long long s, e;

		if (sscanf(line, "%llx %llx", &s, &e) == 2 && s && e - s + 1 == size) {
			*start = s;
			rc = 0;
			break;
		}
	}
	if (f)
		fclose(f);
	return rc;
}

static int p2p_create(const struct ns_spec *spec, struct ns_state *st, const char **needs, char *err, int errlen)
{
	char path[PATH_MAX], *pci;
	uint64_t size, start;

	if (access("/sys/bus/pci/drivers/nvme", F_OK)) {
		*needs = "CONFIG_BLK_DEV_NVME";
		fail("no nvme driver");
	}
	/* The CMB is published from the controller's asynchronous reset work. */
	if (wait_glob("/sys/bus/pci/devices/*/p2pmem/size", PROBE_WAIT / 4, path, sizeof(path))) {
		*needs = "CONFIG_PCI_P2PDMA";
		fail("no PCI device offers p2pmem (nvme: \"failed to register the CMB\"?)");
	}
	ASSERT_TRUE(read_u64(path, &size) == 0, "%s: %s", path, strerror(errno));
	*strstr(path, "/p2pmem/size") = '\0';
	pci = strrchr(path, '/') + 1;
	if (p2p_bar(pci, size, &start))
		fail("%s: no BAR of its p2pmem's %" PRIu64 " bytes", pci, size);
	return raw_state(spec, st, "nvme", pci, start, size, err, errlen);
}

static void p2p_check_layout(const struct ns_state *st)
{
	uint64_t lowest, available, published;
	struct devmem_mapping m;
	struct layout_class c;
	char path[160], err[256];

	layout_class(&st->layout, 'C', &c);
	EXPECT_EQ(iomem_bytes(st->dev, st->layout.start, st->layout.start + st->layout.size, &lowest),
		  st->layout.size, "/proc/iomem: %s's BAR", st->dev);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem/published", st->dev);
	ASSERT_TRUE(read_u64(path, &published) == 0, "%s: %s", path, strerror(errno));
	EXPECT_EQ(published, 1, "%s", path);
	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem/available", st->dev);
	ASSERT_TRUE(read_u64(path, &available) == 0, "%s: %s", path, strerror(errno));
	EXPECT_EQ(available, st->layout.size, "%s before any allocation", path);
	ASSERT_TRUE(devmem_map_page(st, &m, err, sizeof(err)) == 0, "%s", err);
	ktap_diag("a page of p2pmem/allocate is at pfn %#" PRIx64, m.pfn);
	EXPECT_TRUE(m.pfn >= c.first && m.pfn <= c.last, "the allocated page's pfn %#" PRIx64 " is outside the CMB",
		    m.pfn);
	devmem_unmap_page(&m);
}

/* ---- every kind ---- */

int devmem_create(struct ndctl_ctx *ctx, const struct ns_spec *spec, struct ns_state *st,
		  const char **needs, char *err, int errlen)
{
	*needs = NULL;
	if (!strcmp(spec->mode, "kmem"))
		return kmem_create(ctx, spec, st, needs, err, errlen);
	if (!strcmp(spec->mode, "private") || !strcmp(spec->mode, "coherent"))
		return hmm_create(spec, st, needs, err, errlen);
	if (!strcmp(spec->mode, "p2pdma"))
		return p2p_create(spec, st, needs, err, errlen);
	fail("no device memory of mode '%s'", spec->mode);
}

void devmem_check_layout(const struct ns_state *st)
{
	if (!strcmp(st->mode, "kmem"))
		kmem_check_layout(st);
	else if (!strcmp(st->mode, "p2pdma"))
		p2p_check_layout(st);
	else
		hmm_check_layout(st);
}

/* kmem: an anonymous page bound to the node the blocks were onlined on. */
static int map_kmem(const struct ns_state *st, struct devmem_mapping *m, char *err, int errlen)
{
	unsigned long mask[4] = { 0 };

	if (st->node < 0 || st->node >= 256)
		fail("%s: no node to bind to", st->name);
	mask[st->node / 64] = 1UL << (st->node % 64);
	if (syscall(SYS_mbind, m->addr, m->len, MPOL_BIND, mask, 256, 0))
		fail("mbind to node %d: %s", st->node, strerror(errno));
	return 0;
}

/* test_hmm: migrate the anonymous page to the device (it stays mapped by a device entry). */
static int map_hmm(const struct ns_state *st, struct devmem_mapping *m, char *err, int errlen)
{
	static char mirror[PAGE];
	struct hmm_dmirror_cmd cmd = { .addr = (uintptr_t)m->addr, .ptr = (uintptr_t)mirror, .npages = 1 };
	unsigned char prot = 0;
	char path[64];

	snprintf(path, sizeof(path), "/dev/%s", st->dev);
	m->fd = open(path, O_RDWR);
	if (m->fd < 0)
		fail("%s: %s", path, strerror(errno));
	if (ioctl(m->fd, HMM_DMIRROR_MIGRATE_TO_DEV, &cmd) || cmd.cpages != 1)
		fail("%s: HMM_DMIRROR_MIGRATE_TO_DEV moved %llu of 1 page: %s", path,
		     (unsigned long long)cmd.cpages, strerror(errno));
	cmd = (struct hmm_dmirror_cmd){ .addr = (uintptr_t)m->addr, .ptr = (uintptr_t)&prot, .npages = 1 };
	if (ioctl(m->fd, HMM_DMIRROR_SNAPSHOT, &cmd))
		fail("%s: HMM_DMIRROR_SNAPSHOT: %s", path, strerror(errno));
	/* The snapshot's high nibble says where the page is, the low one its access. */
	if ((prot & 0xf0) != (hmm_device(st->mode) ? HMM_DMIRROR_PROT_DEV_COHERENT_LOCAL
						   : HMM_DMIRROR_PROT_DEV_PRIVATE_LOCAL))
		fail("%s: the page is not on the device after the migration (snapshot %#x)", path, prot);
	return 0;
}

/* p2pdma: a page of the controller's memory, as p2pmem/allocate maps it. */
static int map_p2p(const struct ns_state *st, struct devmem_mapping *m, char *err, int errlen)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/bus/pci/devices/%s/p2pmem/allocate", st->dev);
	m->fd = open(path, O_RDWR);
	if (m->fd < 0)
		fail("%s: %s", path, strerror(errno));
	m->addr = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_SHARED, m->fd, 0);
	if (m->addr == MAP_FAILED) {
		m->addr = NULL;
		fail("mmap %s: %s", path, strerror(errno));
	}
	m->page = m->addr;
	memset(m->page, 0x5a, PAGE);
	return 0;
}

/* Where the page is: a present pte's pfn, or a device-private entry's. */
static int mapped_pfn(const struct devmem_mapping *m, uint64_t *pfn, char *err, int errlen)
{
	uint64_t e;

	if (pagemap_entry(m->page, &e))
		fail("/proc/self/pagemap: %s", strerror(errno));
	if (e & PM_PRESENT)
		*pfn = e & PM_FRAME;
	else if (e & PM_SWAP)
		*pfn = (e & PM_FRAME) >> MAX_SWAPFILES_SHIFT;
	else
		fail("pagemap shows the page neither present nor swapped (%#" PRIx64 ")", e);
	return 0;
}

int devmem_map_page(const struct ns_state *st, struct devmem_mapping *m, char *err, int errlen)
{
	int rc;

	*m = (struct devmem_mapping){ .len = PAGE, .fd = -1 };
	if (!strcmp(st->mode, "p2pdma")) {
		rc = map_p2p(st, m, err, errlen);
	} else {
		m->addr = mmap(NULL, m->len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (m->addr == MAP_FAILED) {
			m->addr = NULL;
			fail("mmap: %s", strerror(errno));
		}
		m->page = m->addr;
		rc = !strcmp(st->mode, "kmem") ? map_kmem(st, m, err, errlen) : 0;
		if (!rc)
			memset(m->page, 0x5a, PAGE);
		if (!rc && strcmp(st->mode, "kmem"))
			rc = map_hmm(st, m, err, errlen);
	}
	return rc ? rc : mapped_pfn(m, &m->pfn, err, errlen);
}

void devmem_unmap_page(struct devmem_mapping *m)
{
	if (m->addr)
		munmap(m->addr, m->len);
	if (m->fd >= 0)
		close(m->fd);
	*m = (struct devmem_mapping){ .fd = -1 };
}
