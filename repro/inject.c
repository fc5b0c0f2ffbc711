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
