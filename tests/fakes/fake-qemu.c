// SPDX-License-Identifier: GPL-2.0
/*
 * fake-qemu - stands in for qemu-system-x86_64 in the harness tests: it
 * connects the control and QMP sockets named on its command line, speaks
 * QMP and the pmemfi control protocol, and prints a console on stdout, so
 * that watchdogs, crash recovery and attribution can be tested in seconds.
 *
 * Behaviour from $FAKE_QEMU_MODE, one or more of these joined by '+':
 *   pass           every step passes
 *   crash:SUBSTR   a step whose name contains SUBSTR oopses; the VM ends
 *   hang:SUBSTR    a step whose name contains SUBSTR never ends
 *   skip:SUBSTR    such a step skips for want of CONFIG_HWPOISON_INJECT
 *   leak:SUBSTR    such a step fails the counter check (HardwareCorrupted grew)
 *   flood:SUBSTR   such a step prints 10 MB without a newline, then its marker
 *   silent         never says hello
 *   nostart        exits at once with a QEMU-style error
 *   bootreport     a KASAN report during boot, every boot
 *   bootflake:FILE the same at the first boot only (FILE remembers it)
 *   once:FILE      crash:SUBSTR crashes only while FILE does not exist, and
 *                  creates it: a flaky cell (fails once, then passes)
 *   initerror      init says a module failed to load
 * Without $FAKE_QEMU_MODE, a line "FAKE_QEMU_MODE=..." in the -kernel file
 * says it: a fake kernel tree's commits can then differ in behaviour.
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>

#include "../../common/ctl.h"

static double t;

static void console(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void console(const char *fmt, ...)
{
	va_list ap;

	printf("[%5d.%06d] ", (int)t, (int)((t - (int)t) * 1e6));
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	putchar('\n');
	fflush(stdout);
	t += 0.001;
}

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (fd < 0 || connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		fprintf(stderr, "qemu-system-x86_64: cannot connect %s: %s\n", path, strerror(errno));
		exit(1);
	}
	return fd;
}

/* "socket,id=ctl,path=/x/ctl.sock" -> "/x/ctl.sock" when id matches. */
static const char *sock_path(int argc, char **argv, const char *id)
{
	char want[32];

	snprintf(want, sizeof(want), "socket,id=%s,path=", id);
	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], want, strlen(want)))
			return argv[i] + strlen(want);
	return NULL;
}

static int qmp_fd = -1;

/* Answer QMP: capabilities and quit; quit ends the process. */
static void serve_qmp(void)
{
	char buf[4096];
	ssize_t n = read(qmp_fd, buf, sizeof(buf) - 1);

	if (n <= 0)
		return;
	buf[n] = '\0';
	if (strstr(buf, "\"quit\"")) {
		dprintf(qmp_fd, "{\"return\": {}}\r\n");
		exit(0);
	}
	dprintf(qmp_fd, "{\"return\": {}}\r\n");
}

/* Read one line from the control socket, serving QMP meanwhile. */
static int read_line(int fd, char *line, size_t len)
{
	size_t n = 0;

	while (n < len - 1) {
		struct pollfd p[2] = { { .fd = fd, .events = POLLIN }, { .fd = qmp_fd, .events = POLLIN } };
		char c;

		if (poll(p, 2, -1) < 0)
			continue;
		if (p[1].revents)
			serve_qmp();
		if (!p[0].revents)
			continue;
		if (read(fd, &c, 1) != 1)
			return -1;
		if (c == '\n')
			break;
		line[n++] = c;
	}
	line[n] = '\0';
	return 0;
}

/* A hung guest: still answers QMP, and "sysrq w" on the control port. */
static void idle_forever(int ctl)
{
	char line[CTL_LINE_MAX + 1];

	for (;;) {
		struct pollfd p[2] = { { .fd = qmp_fd, .events = POLLIN },
				       { .fd = ctl, .events = POLLIN } };

		if (poll(p, 2, -1) <= 0)
			continue;
		if (p[0].revents)
			serve_qmp();
		if (p[1].revents) {
			if (read_line(ctl, line, sizeof(line)))
				ctl = -1;
			else if (!strcmp(line, "sysrq w"))
				console("sysrq: Show Blocked State");
		}
	}
}

/* The argument of mode word @word in $FAKE_QEMU_MODE ("" when bare), or NULL. */
static const char *mode_arg(const char *mode, const char *word)
{
	static char buf[256];
	size_t n = strlen(word);

	for (const char *p = mode; p; p = strchr(p, '+') ? strchr(p, '+') + 1 : NULL) {
		size_t len = strcspn(p, "+");

		if (!strncmp(p, word, n) && (p[n] == ':' || len == n)) {
			snprintf(buf, sizeof(buf), "%.*s", len > n ? (int)(len - n - 1) : 0, p + n + 1);
			return buf;
		}
	}
	return NULL;
}

/* Does step @s hit mode @word (SUBSTR in its name)? */
static int hits(const char *mode, const char *word, const char *s)
{
	const char *a = mode_arg(mode, word);

	return a && *a && strstr(s, a);
}

/* What an interrupt in identify_cpu() does to a 5-level KASAN kernel. */
static void kasan_boot_report(void)
{
	console("==================================================================");
	console("BUG: KASAN: wild-memory-access in do_raw_spin_lock+0x5b/0x1f0");
	console("Read of size 4 at addr ff11000003c4f0a4 by task swapper/0/0");
	console("CPU: 0 UID: 0 PID: 0 Comm: swapper/0 Not tainted 6.12.0-fake #1");
	console("Call Trace:");
	console(" <IRQ>");
	console(" dump_stack_lvl+0x4b/0x70");
	console(" kasan_report+0xb8/0xf0");
	console(" do_raw_spin_lock+0x5b/0x1f0");
	console(" handle_edge_irq+0x2c/0x4a0");
	console(" </IRQ>");
	console("==================================================================");
}

/* The last "FAKE_QEMU_MODE=" line of the -kernel file, or NULL. */
static const char *kernel_mode(int argc, char **argv)
{
	static char buf[65536], mode[256];
	size_t n = 0;
	FILE *f = NULL;
	char *p;

	for (int i = 1; i + 1 < argc && !f; i++)
		if (!strcmp(argv[i], "-kernel"))
			f = fopen(argv[i + 1], "rb");
	if (!f)
		return NULL;
	n = fread(buf, 1, sizeof(buf) - 1, f);
	fclose(f);
	buf[n] = '\0';
	/* The last one: a commit says it by appending a line. */
	p = NULL;
	for (char *q = buf; (q = memmem(q, n - (q - buf), "FAKE_QEMU_MODE=", 15)); q++)
		p = q;
	if (!p)
		return NULL;
	snprintf(mode, sizeof(mode), "%.*s", (int)strcspn(p + 15, "\n"), p + 15);
	return mode;
}

int main(int argc, char **argv)
{
	const char *mode = getenv("FAKE_QEMU_MODE"), *ctl_path, *qmp_path, *flake, *once;
	char steps[256][128], line[CTL_LINE_MAX + 1];
	int nsteps = 0, ctl;

	if (!mode)
		mode = kernel_mode(argc, argv);
	if (!mode)
		mode = "pass";
	if (mode_arg(mode, "nostart")) {
		fprintf(stderr, "qemu-system-x86_64: -object memory-backend-file: fake failure to start\n");
		return 1;
	}
	ctl_path = sock_path(argc, argv, "ctl");
	qmp_path = sock_path(argc, argv, "qmp");
	if (!ctl_path || !qmp_path) {
		/* The harness's KVM probe: no sockets; say nothing useful. */
		return 1;
	}
	ctl = connect_unix(ctl_path);
	qmp_fd = connect_unix(qmp_path);
	dprintf(qmp_fd, "{\"QMP\": {\"version\": {}, \"capabilities\": []}}\r\n");
	console("Linux version 6.12.0-fake (fake@qemu) #1 SMP");
	flake = mode_arg(mode, "bootflake");
	if (mode_arg(mode, "bootreport") || (flake && access(flake, F_OK))) {
		if (flake)
			fclose(fopen(flake, "w"));
		kasan_boot_report();
	}
	if (mode_arg(mode, "initerror"))
		printf("pmemfi-init: error: modprobe nd_pmem failed\n");
	if (mode_arg(mode, "silent"))
		idle_forever(-1);
	ctl_send(ctl, "hello %d 6.12.0-fake", CTL_VERSION);
	while (read_line(ctl, line, sizeof(line)) == 0 && strcmp(line, "go"))
		if (!strncmp(line, "run ", 4) && nsteps < 256)
			sscanf(line + 4, "%127s", steps[nsteps++]);
	for (int i = 0; i < nsteps; i++) {
		const char *s = steps[i];

		if (hits(mode, "flood", s)) {
			static char junk[1 << 16];

			memset(junk, 'x', sizeof(junk));
			for (int k = 0; k < 160; k++)
				fwrite(junk, 1, sizeof(junk), stdout);
		}
		console("pmemfi: begin %s", s);
		ctl_send(ctl, "begin %s", s);
		if (hits(mode, "hang", s))
			idle_forever(ctl);
		/* mode_arg()'s buffer is static: keep the path before hits() reuses it. */
		once = mode_arg(mode, "once") ? strdup(mode_arg(mode, "once")) : NULL;
		if (hits(mode, "crash", s) && (!once || access(once, F_OK))) {
			if (once)
				fclose(fopen(once, "w"));
			console("BUG: unable to handle page fault for address: 000000000002a958");
			console("Oops: Oops: 0000 [#1] PREEMPT SMP PTI");
			console("RIP: 0010:fake_crash+0x1/0x2");
			console("Call Trace:");
			console(" memory_failure+0x33a/0xd80");
			console("---[ end trace 0000000000000000 ]---");
			console("Kernel panic - not syncing: Fatal exception");
			return 0;
		}
		ctl_send(ctl, "out %s KTAP version 1", s);
		if (hits(mode, "skip", s)) {
			ctl_send(ctl, "out %s ok 1 %s # SKIP corrupt-pfn: interface missing (needs CONFIG_HWPOISON_INJECT)",
				 s, s);
			console("pmemfi: end %s exit:4", s);
			ctl_send(ctl, "end %s exit:4", s);
			continue;
		}
		ctl_send(ctl, "out %s # outcome %s", s, strstr(s, "madv") ? "SIGBUS:BUS_MCEERR_AR" : "ok");
		if (hits(mode, "leak", s)) {
			ctl_send(ctl, "out %s # FAIL: memory_failure.c:183: nothing was poisoned but HardwareCorrupted grew by 4 kB",
				 s);
			ctl_send(ctl, "out %s not ok 1 %s", s, s);
			console("pmemfi: end %s exit:1", s);
			ctl_send(ctl, "end %s exit:1", s);
			continue;
		}
		ctl_send(ctl, "out %s ok 1 %s", s, s);
		console("Memory failure: 0x100a00: recovery action for dax page: %s", "Failed");
		console("pmemfi: end %s exit:0", s);
		ctl_send(ctl, "end %s exit:0", s);
	}
	ctl_send(ctl, "done");
	console("reboot: Power down");
	return 0;
}
