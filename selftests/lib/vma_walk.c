// SPDX-License-Identifier: GPL-2.0
#include "vma_walk.h"

#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <unistd.h>

#ifndef MADV_COLD
#define MADV_COLD 20
#endif
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif

/* PAGEMAP_SCAN (6.7, include/uapi/linux/fs.h): Debian 12's headers predate it. */
struct pmemfi_page_region {
	uint64_t start, end, categories;
};

struct pmemfi_pm_scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};

#define PMEMFI_PAGEMAP_SCAN _IOWR('f', 16, struct pmemfi_pm_scan_arg)
#define PMEMFI_PAGE_IS_PRESENT (1 << 3)

/* Read @path to its end; 0 or -errno. */
static int read_all(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	return n < 0 ? -errno : 0;
}

static int write_str(const char *path, const char *s)
{
	int fd = open(path, O_WRONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n == (ssize_t)strlen(s) ? 0 : -errno;
}

static int walk_pagemap(void *page)
{
	uint64_t entry;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, &entry, sizeof(entry), (uintptr_t)page / 4096 * sizeof(entry));
	close(fd);
	return n == sizeof(entry) ? 0 : -EIO;
}

static int walk_pagemap_scan(void *addr, size_t len)
{
	struct pmemfi_page_region regions[8];
	struct pmemfi_pm_scan_arg arg = {
		.size = sizeof(arg), .start = (uintptr_t)addr, .end = (uintptr_t)addr + len,
		.vec = (uintptr_t)regions, .vec_len = 8,
		.category_mask = PMEMFI_PAGE_IS_PRESENT, .return_mask = PMEMFI_PAGE_IS_PRESENT,
	};
	int fd = open("/proc/self/pagemap", O_RDONLY), rc;

	if (fd < 0)
		return -errno;
	rc = ioctl(fd, PMEMFI_PAGEMAP_SCAN, &arg) < 0 ? -errno : 0;
	close(fd);
	/* No PAGEMAP_SCAN before 6.7: the ioctl is unknown. */
	return rc == -ENOTTY ? -ENOENT : rc;
}

static int walk_mincore(void *addr, size_t len)
{
	static unsigned char vec[(1UL << 30) / 4096];

	if (len / 4096 > sizeof(vec))
		return -E2BIG;
	return mincore(addr, len, vec) ? -errno : 0;
}

static int walk_madvise(void *addr, size_t len, int advice)
{
	if (!madvise(addr, len, advice))
		return 0;
	return errno == EINVAL || errno == ENOSYS ? -ENOENT : -errno;
}

static int walk(const char *name, void *addr, size_t len, void *page)
{
	if (!strcmp(name, "vma-pagemap"))
		return walk_pagemap(page);
	if (!strcmp(name, "vma-pagemap-scan"))
		return walk_pagemap_scan(addr, len);
	if (!strcmp(name, "vma-smaps"))
		return read_all("/proc/self/smaps");
	if (!strcmp(name, "vma-numa-maps"))
		return read_all("/proc/self/numa_maps");
	if (!strcmp(name, "vma-clear-refs"))
		return write_str("/proc/self/clear_refs", "1");
	if (!strcmp(name, "vma-mincore"))
		return walk_mincore(addr, len);
	if (!strcmp(name, "vma-madv-cold"))
		return walk_madvise(addr, len, MADV_COLD);
	if (!strcmp(name, "vma-madv-pageout"))
		return walk_madvise(addr, len, MADV_PAGEOUT);
	return -EINVAL;
}

/* Page faults this process took so far (minor and major). */
static long faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt + ru.ru_majflt;
}

/* Does an access to @page fault? Nothing else runs in between. */
static int access_faults(void *page)
{
	long before = faults();

	*(volatile char *)page;
	return faults() != before;
}

int vma_walk(const char *name, void *addr, size_t len, void *page, struct inject_outcome *out)
{
	int rc;

	/* Whatever set the page up (a pagemap lookup, say) may have unmapped it. */
	access_faults(page);
	if (access_faults(page))
		return -EAGAIN;
	rc = walk(name, addr, len, page);
	if (rc)
		return rc;
	snprintf(out->text, sizeof(out->text), "%s", access_faults(page) ? "lost" : "kept");
	return 0;
}
