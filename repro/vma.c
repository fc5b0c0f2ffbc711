/* ---- a page-table walker over the mapping (pmemfi's selftests/lib/vma_walk.c) ---- */

/* PAGEMAP_SCAN (6.7, include/uapi/linux/fs.h), for headers that predate it. */
struct scan_region {
	uint64_t start, end, categories;
};

struct scan_arg {
	uint64_t size, flags, start, end, walk_end, vec, vec_len, max_pages;
	uint64_t category_inverted, category_mask, category_anyof_mask, return_mask;
};

#define SCAN_IOCTL _IOWR('f', 16, struct scan_arg)
#define SCAN_PAGE_IS_PRESENT (1 << 3)

/* Read @path to its end: 0 or an errno. */
static int read_all(const char *path)
{
	char buf[4096];
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return errno;
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		;
	close(fd);
	return n < 0 ? errno : 0;
}

/* The walk the cell names, over the mapping @addr/@len holding @page: 0 or an errno. */
static int walk(const char *name, char *addr, size_t len, char *page)
{
	static unsigned char vec[(1UL << 30) / 4096];

	say("walking: %s", name);
	if (!strcmp(name, "vma-pagemap"))
		return pagemap_pfn(page), 0;
	if (!strcmp(name, "vma-pagemap-scan")) {
		struct scan_region regions[8];
		struct scan_arg arg = {
			.size = sizeof(arg), .start = (uintptr_t)addr, .end = (uintptr_t)addr + len,
			.vec = (uintptr_t)regions, .vec_len = 8,
			.category_mask = SCAN_PAGE_IS_PRESENT, .return_mask = SCAN_PAGE_IS_PRESENT,
		};
		int fd = open("/proc/self/pagemap", O_RDONLY), rc;

		rc = fd < 0 || ioctl(fd, SCAN_IOCTL, &arg) < 0 ? errno : 0;
		close(fd);
		return rc;
	}
	if (!strcmp(name, "vma-smaps"))
		return read_all("/proc/self/smaps");
	if (!strcmp(name, "vma-numa-maps"))
		return read_all("/proc/self/numa_maps");
	if (!strcmp(name, "vma-clear-refs"))
		return put("/proc/self/clear_refs", "1");
	if (!strcmp(name, "vma-mincore"))
		return len / 4096 > sizeof(vec) ? E2BIG : mincore(addr, len, vec) ? errno : 0;
	if (!strcmp(name, "vma-madv-cold"))
		return madvise(addr, len, 20 /* MADV_COLD */) ? errno : 0;
	if (!strcmp(name, "vma-madv-pageout"))
		return madvise(addr, len, 21 /* MADV_PAGEOUT */) ? errno : 0;
	return EINVAL;
}

/* Page faults this process took so far. */
static long faults(void)
{
	struct rusage ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_minflt + ru.ru_majflt;
}

/* Does an access to @page fault? Nothing else runs in between. */
static int access_faults(volatile char *page)
{
	long before = faults();

	(void)page[0];
	return faults() != before;
}

int main(int argc, char **argv)
{
	struct ns nss[sizeof(want) / sizeof(want[0])], *ns;
	const char *out;
	char *page;
	uint64_t pfn = 0;
	int rc;

	if (argc > 1)
		return host(argc, argv);
	ns = set_up(&cell, want, sizeof(want) / sizeof(want[0]), nss);
	page = map_data_page(ns, &pfn);
	say("%s over %p-%p (page %p, pfn %#" PRIx64 ")", cell.action, (void *)map_addr,
	    (void *)(map_addr + map_len), (void *)page, pfn);
	/* Whatever set the page up (the pagemap lookup above) may have unmapped it: map it again. */
	access_faults(page);
	if (access_faults(page))
		die("the page was not mapped before the walk");
	rc = walk(cell.action, map_addr, map_len, page);
	if (rc == ENOTTY || rc == ENOENT || rc == EINVAL)
		die("%s: the kernel has no such interface (%s)", cell.action, strerror(rc));
	if (rc)
		die("%s: the walk failed: %s", cell.action, strerror(rc));
	out = access_faults(page) ? "lost" : "kept";
	say("outcome %s (the access after the walk %s)", out, strcmp(out, "kept") ? "faulted" : "took no fault");
	if (strcmp(out, cell.expect)) {
		fail("%s at %s (pfn %#" PRIx64 "): got %s, expected %s", cell.action, cell.point, pfn, out, cell.expect);
		say("done: a check failed");
		return 1;
	}
	say("done: every check passed; any kernel report above is the bug");
	return 0;
}
