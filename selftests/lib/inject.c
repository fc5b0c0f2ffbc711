// SPDX-License-Identifier: GPL-2.0
#include "inject.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_HWPOISON
#define MADV_HWPOISON 100
#endif

static const char *const injectors[] = { "corrupt-pfn", "hard-offline", "madv-hwpoison", NULL };

int inject_known(const char *name)
{
	for (const char *const *p = injectors; *p; p++)
		if (!strcmp(*p, name))
			return 1;
	return 0;
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

int inject_pfn(const char *injector, uint64_t pfn, struct inject_outcome *out)
{
	memset(out, 0, sizeof(*out));
	if (!strcmp(injector, "corrupt-pfn"))
		return write_value(HWPOISON_DEBUGFS "/corrupt-pfn", pfn, out);
	/* hard_offline_page takes a physical address, not a pfn. */
	if (!strcmp(injector, "hard-offline"))
		return write_value(HARD_OFFLINE_PAGE, pfn << 12, out);
	return -EINVAL;
}

static sigjmp_buf sigbus_jmp;
static volatile sig_atomic_t sigbus_armed;
static siginfo_t sigbus_info;

static void on_sigbus(int sig, siginfo_t *si, void *uc)
{
	(void)sig;
	(void)uc;
	if (!sigbus_armed)
		_exit(128 + SIGBUS);
	sigbus_info = *si;
	sigbus_armed = 0;
	siglongjmp(sigbus_jmp, 1);
}

static const char *bus_code_name(int code)
{
	switch (code) {
	case BUS_ADRALN: return "BUS_ADRALN";
	case BUS_ADRERR: return "BUS_ADRERR";
	case BUS_OBJERR: return "BUS_OBJERR";
	case BUS_MCEERR_AR: return "BUS_MCEERR_AR";
	case BUS_MCEERR_AO: return "BUS_MCEERR_AO";
	default: return "unknown";
	}
}

static void set_signal_outcome(struct inject_outcome *out)
{
	snprintf(out->text, sizeof(out->text), "SIGBUS:%s", bus_code_name(sigbus_info.si_code));
	out->addr = sigbus_info.si_addr;
	out->addr_lsb = sigbus_info.si_addr_lsb;
}

int inject_madvise(void *addr, struct inject_outcome *out)
{
	struct sigaction sa = { .sa_sigaction = on_sigbus, .sa_flags = SA_SIGINFO }, old;
	volatile int step = 0;
	int rc;

	memset(out, 0, sizeof(*out));
	sigemptyset(&sa.sa_mask);
	if (sigaction(SIGBUS, &sa, &old))
		return -errno;
	if (sigsetjmp(sigbus_jmp, 1)) {
		set_signal_outcome(out);
		goto done;
	}
	sigbus_armed = 1;
	step = 1;
	rc = madvise(addr, 4096, MADV_HWPOISON);
	if (rc) {
		set_errno_outcome(out, errno);
		goto done;
	}
	step = 2;
	*(volatile char *)addr;
	snprintf(out->text, sizeof(out->text), "ok");
done:
	sigbus_armed = 0;
	sigaction(SIGBUS, &old, NULL);
	return step;
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
