// SPDX-License-Identifier: GPL-2.0
/*
 * stress - bounded loops that race memory failure against the life of a
 * namespace set up by ns_setup. Each kind runs until --iterations rounds
 * or --seconds have passed, whichever comes first.
 *
 *   stress --ns devdax --kind KIND [--iterations N] [--seconds S] [--threads T]
 *
 * Kinds:
 *   inject-unpoison  corrupt-pfn then unpoison-pfn on data pfns, round after
 *                    round (unpoison must refuse ZONE_DEVICE: EIO)
 *   mappers          T threads map and touch data pages while the main
 *                    thread poisons pages under them (corrupt-pfn)
 *   reconfigure      the namespace cycles raw <-> its mode <-> the other mode
 *                    (fsdax <-> devdax: memunmap_pages() and memremap_pages()
 *                    each time, a new info block) while a thread injects at
 *                    its metadata and data pfns
 *   disable-race     as reconfigure, with the injecting thread aimed at the
 *                    data pfn most likely to be in memory_failure() when the
 *                    pgmap goes away (the per-node stats are read after the
 *                    pgmap reference is dropped)
 *   hotplug          (kmem) the device's memory blocks go offline and online
 *                    one by one, then its memory is removed and added back,
 *                    round after round, while T threads poison and soft-
 *                    offline pages of the blocks' own memmap (class B) and
 *                    free memory (C) and another reads every pfn of the
 *                    device through /proc/kpageflags, kpagecount,
 *                    kpagecgroup and the page_idle bitmap: struct pages
 *                    poisoned, freed with the memmap that holds them, and
 *                    written anew under their feet
 *
 * The kernel's side of the oracle is the console (any report is a bug);
 * here every call must return one of the results a correct kernel gives.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <time.h>
#include <unistd.h>

#include <ndctl/libndctl.h>

#include "../common/names.h"
#include "../common/step_argv.h"
#include "../common/walk.h"
#include "lib/devmem.h"
#include "lib/fault.h"
#include "lib/inject.h"
#include "lib/ktap.h"
#include "lib/ns.h"

struct opts {
	const char *kind;
	long iterations;
	double seconds;
	int threads;
};

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Write @value to @path: 0 or the errno. Thread-safe. */
static int write_hex(const char *path, uint64_t value)
{
	char buf[32];
	int fd, n, rc = 0;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return errno;
	n = snprintf(buf, sizeof(buf), "%#" PRIx64 "\n", value);
	if (write(fd, buf, n) < 0)
		rc = errno;
	close(fd);
	return rc;
}

/* Write @pfn to a hwpoison debugfs file: 0 or the errno. Thread-safe. */
static int hwpoison_write(const char *file, uint64_t pfn)
{
	char path[96];

	snprintf(path, sizeof(path), HWPOISON_DEBUGFS "/%s", file);
	return write_hex(path, pfn);
}

/* Is @err one of the (0-terminated, 0 = success first) allowed results? */
static int allowed(int err, const int *ok)
{
	if (!err)
		return 1;
	for (; *ok; ok++)
		if (err == *ok)
			return 1;
	return 0;
}

/*
 * The data pfns stress may poison: from 5/8 to 7/8 of the data, clear of
 * the named points (C-first, C-huge, C-mapped a quarter in, C-mid, C-last)
 * that the single-shot cells of the same VM use.
 */
static void stress_window(const struct ns_state *st, uint64_t *first, uint64_t *count)
{
	struct layout_class c;

	ASSERT_TRUE(layout_class(&st->layout, 'C', &c) == 0 && c.count >= 64,
		    "%s: too few data pfns to stress", st->name);
	*first = c.first + c.count * 5 / 8;
	*count = c.count / 4;
}

/* corrupt-pfn on a dax page: taken, busy (no owner), already poisoned. */
static const int corrupt_data_ok[] = { EBUSY, EHWPOISON, 0 };

static void inject_unpoison(const struct ns_state *st, const struct opts *o)
{
	double end = now() + o->seconds;
	uint64_t first, count;
	long i, bad = 0;
	char name[32];

	stress_window(st, &first, &count);
	for (i = 0; i < o->iterations && now() < end; i++) {
		uint64_t pfn = first + (uint64_t)(i * 7919) % count;
		int rc = hwpoison_write("corrupt-pfn", pfn);

		if (rc == ENOENT)
			ktap_skip_needs(names_injector("corrupt-pfn")->needs, "hwpoison debugfs missing");
		if (!allowed(rc, corrupt_data_ok) && bad++ < 5)
			ktap_fail("corrupt-pfn %#" PRIx64 ": %s", pfn,
				  inject_errno_name(rc, name, sizeof(name)));
		rc = hwpoison_write("unpoison-pfn", pfn);
		if (rc != EIO && bad++ < 5)
			ktap_fail("unpoison-pfn %#" PRIx64 " (ZONE_DEVICE): %s, expected EIO", pfn,
				  rc ? inject_errno_name(rc, name, sizeof(name)) : "ok");
	}
	ktap_diag("%ld rounds of corrupt-pfn + unpoison-pfn, %ld unexpected results", i, bad);
}

/* Mappers: threads touching pages that the main thread poisons. */
struct mapper {
	pthread_t thread;
	char *base;
	size_t len;
	atomic_int *stop;
	long touches, sigbus, other;
};

/*
 * Signals outside a touch are counted, not fatal (fault.h's strays): the
 * injecting thread maps the pages too, and memory_failure() signals it
 * BUS_MCEERR_AR on its way out of the write (the task that injects is
 * "current"); action-optional kills may land on any thread.
 */
static void *mapper_main(void *arg)
{
	struct mapper *m = arg;
	size_t pages = m->len / 4096;

	for (size_t i = 0; !atomic_load(m->stop); i = (i + 1) % pages) {
		siginfo_t si;

		if (!fault_read(m->base + i * 4096, &si))
			m->touches++;
		else if (si.si_signo == SIGBUS && (si.si_code == BUS_MCEERR_AR || si.si_code == BUS_MCEERR_AO))
			m->sigbus++;
		else
			m->other++;
	}
	return NULL;
}

/*
 * The mappers' shared mapping, written: of the dax device from the stress
 * window on (at @off), or of a file on the dax filesystem (@off 0).
 */
static char *map_for_mappers(const struct ns_state *st, size_t *len, uint64_t *off)
{
	uint64_t gran = st->layout.align > (2 << 20) ? st->layout.align : (2 << 20);
	uint64_t wfirst, wcount;
	char path[160], *base;
	int fd;

	*len = gran > (8 << 20) ? gran : 8 << 20;
	*off = 0;
	if (!strcmp(st->mode, "devdax")) {
		snprintf(path, sizeof(path), "/dev/%s", st->dev);
		fd = open(path, O_RDWR);
		ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
		/* From the stress window on, at the device's alignment (mmap insists). */
		stress_window(st, &wfirst, &wcount);
		*off = ((wfirst - st->data_start / 4096) * 4096 + gran - 1) / gran * gran;
		if (*off + *len > st->data_size)
			*off = (wfirst - st->data_start / 4096) * 4096 / gran * gran;
		ASSERT_TRUE(*off + *len <= st->data_size, "%s: too small for the mappers", st->name);
		base = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, *off);
	} else {
		ASSERT_TRUE(st->mount[0], "%s: no dax filesystem mounted", st->name);
		snprintf(path, sizeof(path), "%s/pmemfi-stress-mappers", st->mount);
		fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
		ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
		ASSERT_TRUE(posix_fallocate(fd, 0, *len) == 0, "fallocate %s failed", path);
		base = mmap(NULL, *len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	}
	ASSERT_TRUE(base != MAP_FAILED, "mmap %s: %s", path, strerror(errno));
	close(fd);
	return base;
}

static void mappers(const struct ns_state *st, const struct opts *o)
{
	struct mapper *m = calloc(o->threads, sizeof(*m));
	atomic_int stop = 0;
	double end = now() + o->seconds;
	uint64_t first_pfn, off;
	long i, bad = 0, sigbus = 0, other = 0, touches = 0, poisoned = 0, async_mce, async_other;
	int devdax = !strcmp(st->mode, "devdax");
	char name[32], *base;
	size_t len;
	int rc;

	ASSERT_TRUE(m, "out of memory");
	rc = fault_install(FAULT_SEGV | FAULT_STRAY_COUNT);
	ASSERT_TRUE(rc == 0, "sigaction: %s", strerror(-rc));
	base = map_for_mappers(st, &len, &off);
	memset(base, 0x5a, len);
	for (int t = 0; t < o->threads; t++) {
		m[t] = (struct mapper){ .base = base, .len = len, .stop = &stop };
		ASSERT_TRUE(pthread_create(&m[t].thread, NULL, mapper_main, &m[t]) == 0,
			    "pthread_create failed");
	}
	/*
	 * Poison pages of the mapping through their pfns, one per round:
	 * devdax pfns follow from the device offset (pagemap shows none for a
	 * PUD mapping), fsdax ones come from pagemap.
	 */
	for (i = 0; i < o->iterations && i < (long)(len / 4096) && now() < end; i++) {
		if (devdax)
			first_pfn = (st->data_start + off) / 4096 + i;
		else if (inject_virt_to_pfn(base + i * 4096, &first_pfn))
			continue;	/* unmapped by an earlier poisoning of its huge page */
		rc = hwpoison_write("corrupt-pfn", first_pfn);
		if (rc == ENOENT)
			ktap_skip_needs(names_injector("corrupt-pfn")->needs, "hwpoison debugfs missing");
		poisoned++;
		if (!allowed(rc, corrupt_data_ok) && bad++ < 5)
			ktap_fail("corrupt-pfn %#" PRIx64 " under mappers: %s", first_pfn,
				  inject_errno_name(rc, name, sizeof(name)));
		usleep(20000);
	}
	atomic_store(&stop, 1);
	for (int t = 0; t < o->threads; t++) {
		pthread_join(m[t].thread, NULL);
		touches += m[t].touches;
		sigbus += m[t].sigbus;
		other += m[t].other;
	}
	fault_strays(&async_mce, &async_other);
	fault_restore();
	ktap_diag("%ld pages poisoned under %d mappers: %ld touches, %ld SIGBUS on a touch, %ld outside",
		  poisoned, o->threads, touches, sigbus, async_mce);
	EXPECT_GT(poisoned, 0, "pages of the mapping poisoned");
	EXPECT_EQ(other, 0, "touches that got a signal other than SIGBUS BUS_MCEERR_*");
	EXPECT_EQ(async_other, 0, "signals other than SIGBUS BUS_MCEERR_* outside a touch");
	EXPECT_GT(touches, 0, "touches by the mappers");
	munmap(base, len);
	free(m);
}

/* reconfigure / disable-race: an injecting thread against raw <-> mode cycles. */
struct injector {
	pthread_t thread;
	uint64_t pfns[4];
	int nr_pfns;
	atomic_int *stop;
	long calls, bad;
};

/*
 * While the namespace is raw or half torn down, a pfn has no pgmap or a
 * dying one: ENXIO (no page), EBUSY, EHWPOISON (poisoned in an earlier
 * round), EINVAL (pfn_valid fails while the section is removed) are all
 * what a correct kernel says.
 */
static const int racing_ok[] = { ENXIO, EBUSY, EHWPOISON, EINVAL, EIO, 0 };

static void *injector_main(void *arg)
{
	struct injector *in = arg;

	for (long i = 0; !atomic_load(in->stop); i++) {
		int rc = hwpoison_write("corrupt-pfn", in->pfns[i % in->nr_pfns]);

		in->calls++;
		if (!allowed(rc, racing_ok))
			in->bad++;
	}
	return NULL;
}

static void reconfigure(struct ns_state *st, const struct opts *o, int race)
{
	struct ndctl_ctx *ctx;
	struct injector in = { 0 };
	struct layout_class b;
	uint64_t wfirst, wcount;
	atomic_int stop = 0;
	double end = now() + o->seconds;
	char err[256];
	int was_mounted = st->mount[0] != 0;
	long i;

	ASSERT_TRUE(ndctl_new(&ctx) == 0, "ndctl_new failed");
	stress_window(st, &wfirst, &wcount);
	if (race) {
		/* One data pfn, over and over: always mid-memory_failure(). */
		in.pfns[in.nr_pfns++] = wfirst;
	} else {
		/* Class A is left out: its injection is the known action_result crash. */
		if (layout_class(&st->layout, 'B', &b) == 0 && b.count)
			in.pfns[in.nr_pfns++] = (b.first + b.last) / 2;
		in.pfns[in.nr_pfns++] = wfirst + 1;
		in.pfns[in.nr_pfns++] = wfirst + 2;
	}
	if (was_mounted) {
		ASSERT_TRUE(umount(st->mount) == 0, "umount %s: %s", st->mount, strerror(errno));
		/* Saved now: a cell after a failed remount must not find it "mounted". */
		st->mount[0] = '\0';
		ASSERT_TRUE(ns_state_save(st, err, sizeof(err)) == 0, "%s", err);
	}
	in.stop = &stop;
	ASSERT_TRUE(pthread_create(&in.thread, NULL, injector_main, &in) == 0, "pthread_create failed");
	/*
	 * Each round: raw and back; reconfigure also goes over to the other
	 * mode and back (fsdax <-> devdax <-> raw), a new info block each way.
	 */
	for (i = 0; i < o->iterations && now() < end; i++) {
		const char *mine = !strcmp(st->mode, "fsdax") ? "fsdax" : "devdax";
		const char *other = !strcmp(mine, "fsdax") ? "devdax" : "fsdax";

		if (ns_set_raw(ctx, st, 1, err, sizeof(err)) || ns_set_raw(ctx, st, 0, err, sizeof(err)) ||
		    (!race && (ns_switch_mode(ctx, st, other, err, sizeof(err)) ||
			       ns_switch_mode(ctx, st, mine, err, sizeof(err))))) {
			ktap_fail("round %ld: %s", i, err);
			break;
		}
	}
	atomic_store(&stop, 1);
	pthread_join(in.thread, NULL);
	ktap_diag("%ld %s cycles of %s against %ld injections, %ld unexpected results",
		  i, race ? "raw <-> mode" : "raw <-> mode <-> other mode", st->mode, in.calls, in.bad);
	EXPECT_EQ(in.bad, 0, "injections that returned what a correct kernel does not");
	/* Leave the namespace as the next cells expect it, filesystem and all. */
	if (was_mounted && ns_mount_dax_fs(st, 0, err, sizeof(err)))
		ktap_fail("%s", err);
	if (ns_state_save(st, err, sizeof(err)))
		ktap_fail("%s", err);
	ndctl_unref(ctx);
}

/* hotplug: an injecting and a walking thread against kmem's hot-plug cycles. */
struct hotplug_race {
	const struct ns_state *st;
	atomic_int stop;
	long passes, reads, read_errors, first_read_errno, online_pages;	/* the walker's */
};

/* One injecting thread and what it saw; @id staggers the threads' pfns. */
struct hotplug_injector {
	pthread_t thread;
	struct hotplug_race *r;
	uint64_t id;
	long injections, bad, bad_pfn, bad_soft, bad_errno;	/* the first unexpected result */
};

/*
 * Offline and removed pfns are no page: ENXIO (pfn_valid fails once the
 * memory is removed), EIO (soft offline of a page not online), EBUSY
 * (memory_failure() refuses the memmap; a page in flight), EHWPOISON
 * (poisoned in this round), EINVAL: what a correct kernel says.
 */
static const int hotplug_ok[] = { ENXIO, EIO, EBUSY, EHWPOISON, EINVAL, 0 };

static void *hotplug_injector(void *arg)
{
	struct hotplug_injector *in = arg;
	const struct layout *l = &in->r->st->layout;
	uint64_t bp = l->block_size / 4096, mm = l->dataoff / 4096, blocks = l->size / l->block_size;

	for (uint64_t i = in->id; !atomic_load(&in->r->stop); i++) {
		uint64_t first = l->start / 4096 + i % blocks * bp;
		/* Per block, in turn: a page of its memmap, then two of its free memory. */
		uint64_t pfn = i % 3 == 0 ? first + (i * 7 % mm) : first + mm + (i * 7919) % (bp - mm);
		int soft = i % 3 == 2;
		int rc = soft ? write_hex(MEMORY_SYSFS "/soft_offline_page", pfn << 12)
			      : hwpoison_write("corrupt-pfn", pfn);

		in->injections++;
		if (!allowed(rc, hotplug_ok) && !in->bad++) {
			in->bad_pfn = (long)pfn;
			in->bad_soft = soft;
			in->bad_errno = rc;
		}
	}
	return NULL;
}

/* One pass of @path over @nr 8-byte entries from @first (kpage* files), in chunks. */
static void hotplug_read_file(struct hotplug_race *r, const char *path, uint64_t first, uint64_t nr, int kpf)
{
	static __thread uint64_t buf[4096];
	int fd = open(path, O_RDONLY);

	if (fd < 0)
		return;		/* not in this kernel (kpagecgroup without memcg) */
	for (uint64_t at = first; at < first + nr && !atomic_load(&r->stop); at += 4096) {
		size_t want = (first + nr - at < 4096 ? first + nr - at : 4096) * 8;
		ssize_t n = pread(fd, buf, want, at * 8);

		r->reads++;
		if (n < 0 && !r->read_errors++)
			r->first_read_errno = errno;
		for (ssize_t k = 0; kpf && k < n / 8; k++)
			r->online_pages += !(buf[k] >> WALK_KPF_NOPAGE & 1);
	}
	close(fd);
}

static void *hotplug_walker(void *arg)
{
	struct hotplug_race *r = arg;
	const struct layout *l = &r->st->layout;
	uint64_t first = l->start / 4096, nr = l->size / 4096;

	while (!atomic_load(&r->stop)) {
		hotplug_read_file(r, "/proc/kpageflags", first, nr, 1);
		hotplug_read_file(r, "/proc/kpagecount", first, nr, 0);
		hotplug_read_file(r, "/proc/kpagecgroup", first, nr, 0);
		/* page_idle: one bit per pfn, 64 to an entry (the range is block-aligned). */
		hotplug_read_file(r, "/sys/kernel/mm/page_idle/bitmap", first / 64, nr / 64, 0);
		r->passes++;
	}
	return NULL;
}

/* One round: every block offline and online again, then the memory removed and added back. */
static int hotplug_round(const struct ns_state *st, long *refused, char *err, int errlen)
{
	const struct layout *l = &st->layout;
	uint64_t b0 = l->start / l->block_size, blocks = l->size / l->block_size;
	char name[32];

	for (uint64_t b = b0; b < b0 + blocks; b++) {
		int rc = devmem_kmem_block_state(b, "offline");

		if (rc) {
			snprintf(err, errlen, "offlining memory%" PRIu64 ": %s", b,
				 inject_errno_name(-rc, name, sizeof(name)));
			return -1;
		}
		/* A block with a poisoned page stays offline (EHWPOISON) until it is removed. */
		rc = devmem_kmem_block_state(b, "online_movable");
		if (rc == -EHWPOISON) {
			(*refused)++;
		} else if (rc) {
			snprintf(err, errlen, "onlining memory%" PRIu64 " again: %s", b,
				 inject_errno_name(-rc, name, sizeof(name)));
			return -1;
		}
	}
	return devmem_kmem_remove(st, err, errlen) || devmem_kmem_readd(st, err, errlen) ? -1 : 0;
}

static void hotplug(const struct ns_state *st, const struct opts *o)
{
	struct hotplug_race r = { .st = st };
	struct hotplug_injector *in = calloc(o->threads, sizeof(*in)), *first_bad = NULL;
	pthread_t walk;
	double end = now() + o->seconds;
	long before = inject_hardware_corrupted_kb(), refused = 0, injections = 0, bad = 0, i;
	char err[256], name[32];

	ASSERT_TRUE(in, "out of memory");
	ASSERT_TRUE(!strcmp(st->mode, "kmem"), "hotplug needs memory onlined by kmem, not %s", st->mode);
	ASSERT_TRUE(st->layout.dataoff / 4096 > 0 && st->layout.dataoff < st->layout.block_size,
		    "%s: hotplug needs each block's memmap inside it (map=dev)", st->name);
	if (access(HWPOISON_DEBUGFS "/corrupt-pfn", F_OK))
		ktap_skip_needs(names_injector("corrupt-pfn")->needs, "hwpoison debugfs missing");
	for (int t = 0; t < o->threads; t++) {
		in[t] = (struct hotplug_injector){ .r = &r, .id = (uint64_t)t * 1000003 };
		ASSERT_TRUE(pthread_create(&in[t].thread, NULL, hotplug_injector, &in[t]) == 0,
			    "pthread_create failed");
	}
	ASSERT_TRUE(pthread_create(&walk, NULL, hotplug_walker, &r) == 0, "pthread_create failed");
	for (i = 0; i < o->iterations && now() < end; i++)
		if (hotplug_round(st, &refused, err, sizeof(err))) {
			ktap_fail("round %ld: %s", i, err);
			break;
		}
	atomic_store(&r.stop, 1);
	for (int t = 0; t < o->threads; t++) {
		pthread_join(in[t].thread, NULL);
		injections += in[t].injections;
		bad += in[t].bad;
		if (in[t].bad && !first_bad)
			first_bad = &in[t];
	}
	pthread_join(walk, NULL);
	ktap_diag("%ld rounds of offline/online each block + remove/add %s, %ld blocks refused to online"
		  " (poisoned); %ld injections by %d threads, %ld unexpected; %ld walker passes, %ld reads,"
		  " %ld failed, %ld online pages seen", i, st->dev, refused, injections, o->threads, bad,
		  r.passes, r.reads, r.read_errors, r.online_pages);
	EXPECT_GT(i, 0, "hot-plug rounds completed");
	EXPECT_GT(injections, 0, "injections made");
	EXPECT_GT(r.passes, 0, "walker passes over the device's pfns");
	if (first_bad)
		ktap_fail("%ld injections returned what a correct kernel does not (first: %s at %#lx: %s)", bad,
			  first_bad->bad_soft ? "soft-offline" : "corrupt-pfn", first_bad->bad_pfn,
			  inject_errno_name((int)first_bad->bad_errno, name, sizeof(name)));
	EXPECT_EQ(r.read_errors, 0, "walker reads that failed (first: %s)",
		  inject_errno_name((int)r.first_read_errno, name, sizeof(name)));
	/* The last round's injections are in blocks online again: one more cycle, alone, gives them back. */
	if (devmem_kmem_remove(st, err, sizeof(err)) || devmem_kmem_readd(st, err, sizeof(err)))
		ktap_fail("the last remove and add, with nothing racing: %s", err);
	EXPECT_EQ(inject_hardware_corrupted_kb(), before,
		  "HardwareCorrupted (kB) once every block the stress poisoned is removed and added back");
	devmem_check_layout(st);
	free(in);
}

/* A number option: @def when not given, else all of it must parse. */
static double number(const struct step_args *a, enum step_opt opt, double def)
{
	const char *v = a->val[opt];
	char *end;
	double n;

	if (!v)
		return def;
	n = strtod(v, &end);
	if (!*v || *end)
		step_usage_error(STEP_STRESS, "--%s '%s': not a number", step_opts[opt].name, v);
	return n;
}

int main(int argc, char **argv)
{
	const char *ns, *test = getenv("PMEMFI_TEST");
	struct step_args a;
	struct ns_state st;
	struct opts o;
	char err[256];

	step_parse_or_exit(STEP_STRESS, argc, argv, &a);
	ns = a.val[STEP_OPT_NS];
	o.kind = a.val[STEP_OPT_KIND];
	o.iterations = (long)number(&a, STEP_OPT_ITERATIONS, 100);
	o.seconds = number(&a, STEP_OPT_SECONDS, 30);
	o.threads = (int)number(&a, STEP_OPT_THREADS, 2);
	if (!names_stress_known(o.kind))
		step_usage_error(STEP_STRESS, "unknown kind '%s'", o.kind);
	if (o.iterations < 1 || o.seconds <= 0 || o.threads < 1 || o.threads > 64)
		step_usage_error(STEP_STRESS, "out of range: --iterations %ld --seconds %g --threads %d",
				 o.iterations, o.seconds, o.threads);

	ktap_begin(test ? test : "stress");
	ASSERT_TRUE(ns_state_load(ns, &st, err, sizeof(err)) == 0, "%s", err);
	if (!strcmp(o.kind, "inject-unpoison"))
		inject_unpoison(&st, &o);
	else if (!strcmp(o.kind, "mappers"))
		mappers(&st, &o);
	else if (!strcmp(o.kind, "hotplug"))
		hotplug(&st, &o);
	else
		reconfigure(&st, &o, !strcmp(o.kind, "disable-race"));
	ktap_finish();
}
