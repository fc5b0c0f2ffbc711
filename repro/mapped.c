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
