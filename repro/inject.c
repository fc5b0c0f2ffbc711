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
	char path[96];
	char *map;
	int fd;

	if (!strcmp(ns->want->mode, "devdax")) {
		snprintf(path, sizeof(path), "/dev/%s", ns->node);
		fd = open(path, O_RDWR);
		map = fd < 0 ? MAP_FAILED : mmap(NULL, gran, PROT_READ | PROT_WRITE, MAP_SHARED, fd, off);
		if (map != MAP_FAILED)
			map += in;
		*pfn = (ns->data + off + in) / 4096;
	} else {
		snprintf(path, sizeof(path), "%s/repro-mapped", ns->mount);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		map = fd < 0 || posix_fallocate(fd, 0, 2 << 20) ? MAP_FAILED
			: mmap(NULL, 2 << 20, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
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
