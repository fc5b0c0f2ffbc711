/*
 * ---- nfit-load on the nfit_test bus (pmemfi's selftests/nfit_errors.c) ----
 *
 * The namespace is the test bus's (its media is vmalloc()ed kernel
 * memory); after a scrub that clears what the bus seeded, one byte of the
 * point's data page is loaded through a DAX mapping, unpoisoned: the load
 * before the injection, which must work. The run's test goes on to inject
 * an error there (the ARS inject DSM) and load it again; repro.c stops
 * after the first load, the step the run's failure is about.
 */

/* The bus's scrub (ARS): started, and waited for as libndctl does ("N+" while it runs). */
static void scrub(const struct ns *ns)
{
	char path[PATH_MAX], *slash;
	int rc = EBUSY;

	if (!realpath(attr(ns->region, "."), path) || !(slash = strrchr(path, '/')))
		die("%s: no bus", ns->region);
	strcpy(slash, "/nfit/scrub");
	for (int i = 0; i < 150 && strchr(get(path), '+'); i++)
		usleep(100000);
	for (int i = 0; i < 50 && (rc = put(path, "1")) == EBUSY; i++)
		usleep(200000);
	if (rc)
		die("echo 1 > %s: %s", path, strerror(rc));
	for (int i = 0; i < 150 && strchr(get(path), '+'); i++)
		usleep(100000);
	if (strchr(get(path), '+'))
		die("%s: still scrubbing after 15 s", path);
	say("scrubbed (%s: %s)", path, get(path));
}

static sigjmp_buf on_fault;
static volatile int fault_code;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	fault_code = si->si_code;
	siglongjmp(on_fault, 1);
}

int main(int argc, char **argv)
{
	struct sigaction sa = { .sa_sigaction = on_signal, .sa_flags = SA_SIGINFO };
	struct ns nss[sizeof(want) / sizeof(want[0])], *ns;
	uint64_t pages, block, byte;
	volatile char *map;
	char path[160];
	int fd;

	(void)point_pfn;	/* the points here are blocks of the data (nfit_errors.c's) */
	if (argc > 1)
		return host(argc, argv);
	if (strcmp(cell.action, "nfit-load") || strcmp(want[cell.ns].mode, "devdax"))
		die("repro.c does only nfit-load on devdax");
	ns = set_up(&cell, want, sizeof(want) / sizeof(want[0]), nss);
	scrub(ns);
	/* The block of the point: the first sector of the first, middle or last data page. */
	pages = ns->data_size / 4096;
	block = !strcmp(cell.point, "C-first") ? 0 : !strcmp(cell.point, "C-mid") ? pages / 2 * 8 : (pages - 1) * 8;
	byte = block * 512;
	snprintf(path, sizeof(path), "/dev/%s", ns->node);
	fd = open(path, O_RDWR);
	map = fd < 0 ? MAP_FAILED : mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd, byte / 4096 * 4096);
	if (map == MAP_FAILED)
		die("mmap %s at %#" PRIx64 ": %s", path, byte / 4096 * 4096, strerror(errno));
	say("a load through a DAX mapping of %s at %#" PRIx64 " (block %" PRIu64 ", not poisoned)", path, byte, block);
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
	if (!sigsetjmp(on_fault, 1)) {
		(void)map[byte % 4096];
		say("load: ok");
	} else {
		fail("load before the injection: got a signal (si_code %d), expected ok", fault_code);
		return 1;
	}
	say("done: every check passed (repro.c stops before the run's injection); any kernel report above is the bug");
	return 0;
}
