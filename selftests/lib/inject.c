// SPDX-License-Identifier: GPL-2.0
#include "inject.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "../../common/names.h"
#include "fault.h"

#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif
#ifndef MADV_SOFT_OFFLINE
#define MADV_SOFT_OFFLINE 101
#endif

int inject_known(const char *name)
{
	const struct injector_info *i = names_injector(name);

	return i && !(i->flags & INJ_WALK);
}

const char *inject_errno_name(int err, char *buf, size_t len)
{
	const char *name = strerrorname_np(err);

	if (name)
		snprintf(buf, len, "%s", name);
	else
		snprintf(buf, len, "E%d", err);
	return buf;
}

static void set_errno_outcome(struct inject_outcome *out, int err)
{
	inject_errno_name(err, out->text, sizeof(out->text));
}

/* Write "0x<value>" to @path; 0 (outcome set) or -errno when it cannot be opened. */
static int write_value(const char *path, uint64_t value, struct inject_outcome *out)
{
	char buf[32];
	int fd, len;
	ssize_t n;

	fd = open(path, O_WRONLY);
	if (fd < 0)
		return -errno;
	len = snprintf(buf, sizeof(buf), "%#" PRIx64 "\n", value);
	n = write(fd, buf, len);
	if (n < 0)
		set_errno_outcome(out, errno);
	else
		snprintf(out->text, sizeof(out->text), "ok");
	close(fd);
	return 0;
}

static int inject_pfn_uncaught(const char *injector, uint64_t pfn, struct inject_outcome *out)
{
	struct inject_outcome ignored;
	int rc;

	if (!strcmp(injector, "corrupt-pfn"))
		return write_value(HWPOISON_DEBUGFS "/corrupt-pfn", pfn, out);
	if (!strcmp(injector, "corrupt-pfn-filter")) {
		/* The filter makes hwpoison_inject() shake_folio() the page first. */
		rc = write_value(HWPOISON_DEBUGFS "/corrupt-filter-enable", 1, &ignored);
		if (rc)
			return rc;
		rc = write_value(HWPOISON_DEBUGFS "/corrupt-pfn", pfn, out);
		write_value(HWPOISON_DEBUGFS "/corrupt-filter-enable", 0, &ignored);
		return rc;
	}
	if (!strcmp(injector, "unpoison"))
		return write_value(HWPOISON_DEBUGFS "/unpoison-pfn", pfn, out);
	/* Unpoison what this very cell poisoned, whatever came before it. */
	if (!strcmp(injector, "corrupt-unpoison")) {
		rc = write_value(HWPOISON_DEBUGFS "/corrupt-pfn", pfn, &ignored);
		return rc ? rc : write_value(HWPOISON_DEBUGFS "/unpoison-pfn", pfn, out);
	}
	/* The memory sysfs files take a physical address, not a pfn. */
	if (!strcmp(injector, "hard-offline"))
		return write_value(MEMORY_SYSFS "/hard_offline_page", pfn << 12, out);
	if (!strcmp(injector, "soft-offline"))
		return write_value(MEMORY_SYSFS "/soft_offline_page", pfn << 12, out);
	return -EINVAL;
}

static void set_signal_outcome(struct inject_outcome *out, const struct fault_guard *g)
{
	fault_outcome(&g->info, out->text, sizeof(out->text));
	out->addr = g->info.si_addr;
	out->addr_lsb = g->info.si_addr_lsb;
}

/*
 * A test that maps the page it injects into is itself a process the kernel
 * signals: with MF_ACTION_REQUIRED (mf_generic_kill_procs() adds it for dax)
 * the injecting task gets BUS_MCEERR_AR on its way out of the write, and a
 * machine check handled by a worker sends BUS_MCEERR_AO. Either is the
 * outcome.
 */
int inject_pfn(const char *injector, uint64_t pfn, struct inject_outcome *out)
{
	struct fault_guard g;
	volatile int rc = fault_install(0);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	fault_arm(&g);
	if (!sigsetjmp(g.env, 1))
		rc = inject_pfn_uncaught(injector, pfn, out);
	fault_disarm();
	fault_restore();
	if (g.hit)
		set_signal_outcome(out, &g);
	return rc;
}

int inject_madvise(const char *injector, void *addr, struct inject_outcome *out)
{
	int advice = strcmp(injector, "madv-soft-offline") ? MADV_HWPOISON : MADV_SOFT_OFFLINE;
	struct fault_guard g;
	volatile int step = 0;
	int rc = fault_install(0);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	fault_arm(&g);
	if (!sigsetjmp(g.env, 1)) {
		step = 1;
		if (madvise(addr, 4096, advice)) {
			set_errno_outcome(out, errno);
		} else {
			step = 2;
			*(volatile char *)addr;
			snprintf(out->text, sizeof(out->text), "ok");
		}
	}
	fault_disarm();
	fault_restore();
	if (g.hit)
		set_signal_outcome(out, &g);
	return step;
}

int inject_touch(void *addr, struct inject_outcome *out)
{
	struct fault_guard g;
	int rc = fault_install(0);

	if (rc)
		return rc;
	fault_arm(&g);
	if (!sigsetjmp(g.env, 1))
		*(volatile char *)addr;
	fault_disarm();
	fault_restore();
	if (g.hit)
		set_signal_outcome(out, &g);
	return 0;
}

int inject_virt_to_pfn(const void *addr, uint64_t *pfn)
{
	uint64_t entry;
	int fd = open("/proc/self/pagemap", O_RDONLY);
	off_t off = (uintptr_t)addr / 4096 * sizeof(entry);

	if (fd < 0)
		return -errno;
	if (pread(fd, &entry, sizeof(entry), off) != sizeof(entry)) {
		close(fd);
		return -EIO;
	}
	close(fd);
	if (!(entry & (1ULL << 63)))
		return -ENOENT;
	*pfn = entry & ((1ULL << 55) - 1);
	return *pfn ? 0 : -EPERM;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/* Read one "ack <token> ..." line from @fd within @timeout s (0: don't wait). */
static int read_ack(int fd, double timeout, char *line, size_t len)
{
	double deadline = now() + timeout;
	size_t n = 0;

	while (n < len - 1) {
		struct pollfd p = { .fd = fd, .events = POLLIN };
		int left = (int)((deadline - now()) * 1000);
		char c;

		if (poll(&p, 1, left > 0 ? left : 0) <= 0)
			return n ? -EAGAIN : -ETIMEDOUT;
		if (read(fd, &c, 1) != 1)
			return -EPIPE;
		if (c == '\n')
			break;
		line[n++] = c;
	}
	line[n] = '\0';
	return 0;
}

/*
 * Wait up to @timeout s for the kernel to log a memory failure at @pfn
 * (the console line "Memory failure: <pfn>: ..."). @kmsg was opened and
 * positioned at the end before the injection.
 */
static int wait_memory_failure(int kmsg, uint64_t pfn, double timeout)
{
	double deadline = now() + timeout;
	char want[48], rec[2048];

	snprintf(want, sizeof(want), "Memory failure: %#" PRIx64 ":", pfn);
	while (now() < deadline) {
		ssize_t n = read(kmsg, rec, sizeof(rec) - 1);

		if (n < 0 && errno == EAGAIN) {
			usleep(20000);
			continue;
		}
		if (n < 0 && errno == EPIPE)
			continue;	/* overwritten records: keep going */
		if (n <= 0)
			return -EIO;
		rec[n] = '\0';
		if (strstr(rec, want))
			return 0;
	}
	return -ETIMEDOUT;
}

static int host_request(const char *kind, uint64_t pfn, int *fd, char *token, size_t toklen)
{
	const char *env = getenv("PMEMFI_CTL_FD");

	if (!env)
		return -ENOTCONN;
	*fd = atoi(env);
	snprintf(token, toklen, "%d.%ld", getpid(), (long)time(NULL));
	if (dprintf(*fd, "mce %s %#" PRIx64 " %s\n", token, pfn << 12, kind) < 0)
		return -errno;
	return 0;
}

static int check_ack(const char *line, const char *token, char *why, size_t len)
{
	char want[64];

	snprintf(want, sizeof(want), "ack %s ok", token);
	if (!strcmp(line, want))
		return 0;
	snprintf(why, len, "%s", line);
	return -EREMOTEIO;
}

int inject_mce_ao(uint64_t pfn, struct inject_outcome *out, char *why, size_t len)
{
	int kmsg = open("/dev/kmsg", O_RDONLY | O_NONBLOCK), fd;
	volatile int rc = fault_install(0);
	char token[48], line[512];
	struct fault_guard g;

	memset(out, 0, sizeof(*out));
	if (kmsg >= 0)
		lseek(kmsg, 0, SEEK_END);
	/* A process mapping the page is signalled (BUS_MCEERR_AO): that is the outcome. */
	fault_arm(&g);
	if (!rc && !sigsetjmp(g.env, 1)) {
		rc = host_request("ao", pfn, &fd, token, sizeof(token));
		if (!rc)
			rc = read_ack(fd, 30, line, sizeof(line));
		if (!rc)
			rc = check_ack(line, token, why, len);
		else
			snprintf(why, len, "no answer from the host: %s", strerror(-rc));
		/* The kernel handles an action-optional error later, from a work item. */
		if (!rc)
			snprintf(out->text, sizeof(out->text), "%s",
				 kmsg >= 0 && !wait_memory_failure(kmsg, pfn, 10) ? "ok" : "ENOMSG");
	}
	fault_disarm();
	fault_restore();
	if (g.hit)
		set_signal_outcome(out, &g);
	if (kmsg >= 0)
		close(kmsg);
	return rc;
}

/*
 * Send every interrupt that can be moved to CPUs other than 0, so that an
 * action-required check aimed at CPU 0 finds it in user mode: one that
 * lands in an interrupt handler is fatal by design. Best effort.
 */
static void steer_irqs_off_cpu0(void)
{
	long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	char path[64], mask[32];
	struct dirent *d;
	DIR *dir;

	if (ncpu < 2)
		return;
	/* default_smp_affinity first, then every existing interrupt. */
	snprintf(mask, sizeof(mask), "%lx\n", ((1UL << (ncpu < 64 ? ncpu : 63)) - 1) & ~1UL);
	dir = opendir("/proc/irq");
	while (dir && (d = readdir(dir))) {
		int fd;

		if (d->d_name[0] == '.')
			continue;
		if (!strcmp(d->d_name, "default_smp_affinity"))
			snprintf(path, sizeof(path), "/proc/irq/default_smp_affinity");
		else
			snprintf(path, sizeof(path), "/proc/irq/%.20s/smp_affinity", d->d_name);
		fd = open(path, O_WRONLY);
		if (fd >= 0) {
			if (write(fd, mask, strlen(mask)) < 0) {
				/* Per-CPU and managed interrupts stay: nothing to do. */
			}
			close(fd);
		}
	}
	if (dir)
		closedir(dir);
}

/*
 * Keep reading the page at @addr until the machine check lands (or 20 s
 * pass), in stretches of about 2 s (@spin_2s reads) with no system call:
 * an action-required check that finds the CPU in the kernel (a syscall
 * entry was seen) is fatal by design, and the host injects 300 ms after
 * the request. Reads the host's ack on the way (@acked).
 */
static int spin_until_mce(volatile char *addr, long spin_2s, int fd, const char *token,
			  volatile int *acked, char *why, size_t len)
{
	double deadline = now() + 20;
	char line[512];

	while (now() < deadline) {
		for (long i = 0; i < spin_2s; i++)
			*addr;
		if (!*acked && read_ack(fd, 0, line, sizeof(line)) == 0) {
			*acked = 1;
			if (check_ack(line, token, why, len))
				return -EREMOTEIO;
			deadline = now() + 3;
		}
	}
	return 0;
}

int inject_mce_ar(uint64_t pfn, void *addr, struct inject_outcome *out, char *why, size_t len)
{
	volatile int rc = 0, acked = 0, fd = -1;
	char token[48], line[512];
	struct fault_guard g;
	cpu_set_t cpu0;
	long spin_2s;
	double t0;
	int sock;

	memset(out, 0, sizeof(*out));
	/* The host puts the error in CPU 0's bank: be on CPU 0, in user mode. */
	CPU_ZERO(&cpu0);
	CPU_SET(0, &cpu0);
	if (sched_setaffinity(0, sizeof(cpu0), &cpu0))
		return -errno;
	steer_irqs_off_cpu0();
	*(volatile char *)addr;
	/* How many reads take 2 s here (TCG speed varies from host to host). */
	t0 = now();
	for (long i = 0; i < 1000000; i++)
		*(volatile char *)addr;
	spin_2s = (long)(2e6 / ((now() - t0) > 1e-6 ? now() - t0 : 1e-6));
	rc = fault_install(0);
	if (rc)
		return rc;
	fault_arm(&g);
	if (!sigsetjmp(g.env, 1)) {
		rc = host_request("ar", pfn, &sock, token, sizeof(token));
		fd = sock;
		if (rc)
			snprintf(why, len, "cannot ask the host: %s", strerror(-rc));
		else
			rc = spin_until_mce(addr, spin_2s, fd, token, &acked, why, len);
		if (!rc)
			snprintf(out->text, sizeof(out->text), "ok");
	}
	fault_disarm();
	fault_restore();
	if (g.hit)
		set_signal_outcome(out, &g);
	/* The ack may still be on its way after the signal. */
	if (!rc && !acked && fd >= 0 && read_ack(fd, 10, line, sizeof(line)) == 0)
		rc = check_ack(line, token, why, len);
	return rc;
}

long inject_hardware_corrupted_kb(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[128];
	long kb = -1;

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "HardwareCorrupted: %ld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb;
}
