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
 *   slow:SUBSTR    such a step ends after 3 s (past a 1 s test timeout,
 *                  within the sysrq grace: the next step begins then),
 *                  and each step after it takes 10 s
 *   skip:SUBSTR    such a step skips for want of CONFIG_HWPOISON_INJECT
 *   leak:SUBSTR    such a step fails the counter check (HardwareCorrupted grew)
 *   report:SUBSTR  such a step prints a KASAN report and goes on (KASAN
 *                  does not panic): a report with whatever the step does
 *   flood:SUBSTR   such a step prints 10 MB without a newline, then its marker
 *   silent         never says hello
 *   nostart        exits at once with a QEMU-style error
 *   bootreport     a KASAN report during boot, every boot
 *   bootflake:FILE the same at the first boot only (FILE remembers it)
 *   once:FILE      crash:SUBSTR crashes only while FILE does not exist, and
 *                  creates it: a flaky cell (fails once, then passes)
 *   initerror      init says a module failed to load
 *   noload         a restored VM (-incoming) fails to load its state
 *   mute           a restored VM never answers its plan
 *   scribble       a restored VM writes into its first media file, as a
 *                  clone must never do (the next clone's check finds it)
 *
 * Restores: QMP "migrate" writes a small state file through the exec: URI;
 * with -incoming the fake skips the boot and, once "migrate-incoming" has
 * read that file back, takes its plan as a guest blocked after "ready".
 * Without $FAKE_QEMU_MODE, a line "FAKE_QEMU_MODE=..." in the -kernel file
 * says it, and one in the -initrd file (a module the image carries) adds to
 * it: a fake kernel tree's commits can then differ in behaviour, in the
 * image or in a module only.
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
static int nr_nvdimm;		/* -device nvdimm,... arguments */
static int incoming;		/* -incoming defer: a VM to restore */
static int loaded;		/* its state was loaded */
static const char *fake_mode;	/* $FAKE_QEMU_MODE */

#define FAKE_STATE "pmemfi fake-qemu state\n"

/* The "uri" of a QMP command, past "exec:", or NULL. */
static char *exec_cmd(const char *buf)
{
	static char cmd[1024];
	const char *p = strstr(buf, "\"exec:");
	size_t n = 0;

	if (!p)
		return NULL;
	for (p += 6; *p && *p != '"' && n < sizeof(cmd) - 1; p++) {
		if (*p == '\\' && p[1])
			p++;	/* json-c writes '/' as "\/" */
		cmd[n++] = *p;
	}
	cmd[n] = '\0';
	return cmd;
}

static void qmp_migrate(const char *buf)
{
	const char *cmd = exec_cmd(buf);
	FILE *f = cmd ? popen(cmd, "w") : NULL;

	if (f) {
		fputs(FAKE_STATE, f);
		pclose(f);
	}
	dprintf(qmp_fd, "{\"return\": {}}\r\n");
}

static void qmp_migrate_incoming(const char *buf)
{
	const char *cmd = exec_cmd(buf);
	char got[64] = "";
	FILE *f = cmd ? popen(cmd, "r") : NULL;

	if (f) {
		if (!fgets(got, sizeof(got), f))
			got[0] = '\0';
		pclose(f);
	}
	if (strcmp(got, FAKE_STATE) || strstr(fake_mode, "noload")) {
		fprintf(stderr, "qemu-system-x86_64: load of migration failed: Invalid argument\n");
		exit(1);
	}
	loaded = 1;
	dprintf(qmp_fd, "{\"return\": {}}\r\n");
}

static void qmp_memory_devices(void)
{
	dprintf(qmp_fd, "{\"return\": [");
	for (int i = 0; i < nr_nvdimm; i++)
		dprintf(qmp_fd, "%s{\"type\": \"nvdimm\", \"data\": {\"id\": \"nvdimm%d\", \"addr\": %llu}}",
			i ? ", " : "", i, (unsigned long long)(4ULL + i) << 30);
	dprintf(qmp_fd, "]}\r\n");
}

/* Answer one QMP command; quit ends the process. */
static void qmp_command(const char *buf)
{
	if (strstr(buf, "\"quit\"")) {
		dprintf(qmp_fd, "{\"return\": {}}\r\n");
		exit(0);
	}
	if (strstr(buf, "\"migrate\""))
		qmp_migrate(buf);
	else if (strstr(buf, "\"migrate-incoming\""))
		qmp_migrate_incoming(buf);
	else if (strstr(buf, "\"query-migrate\""))
		dprintf(qmp_fd, "{\"return\": {\"status\": \"completed\"}}\r\n");
	else if (strstr(buf, "\"query-status\""))
		dprintf(qmp_fd, "{\"return\": {\"status\": \"%s\"}}\r\n", incoming && !loaded ? "inmigrate" : "paused");
	else if (strstr(buf, "\"query-memory-devices\""))
		qmp_memory_devices();
	else
		dprintf(qmp_fd, "{\"return\": {}}\r\n");
}

/* Answer the complete commands (one per line, as the harness sends them) read so far. */
static void serve_qmp(void)
{
	static char buf[8192];
	static size_t len;
	ssize_t n = read(qmp_fd, buf + len, sizeof(buf) - 1 - len);
	char *nl;

	if (n <= 0)
		return;
	len += n;
	buf[len] = '\0';
	while ((nl = strchr(buf, '\n'))) {
		*nl = '\0';
		if (strchr(buf, '{'))
			qmp_command(buf);
		len -= nl + 1 - buf;
		memmove(buf, nl + 1, len + 1);
	}
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

/* A KASAN report in a test's task: the kernel goes on (no panic_on_warn). */
static void kasan_test_report(void)
{
	console("==================================================================");
	console("BUG: KASAN: slab-use-after-free in fake_reader+0x12/0x40");
	console("Read of size 8 at addr ffff888004a1c010 by task memory_failure/101");
	console("CPU: 0 UID: 0 PID: 101 Comm: memory_failure Not tainted 6.12.0-fake #1");
	console("Call Trace:");
	console(" <TASK>");
	console(" dump_stack_lvl+0x4b/0x70");
	console(" kasan_report+0xb8/0xf0");
	console(" fake_reader+0x12/0x40");
	console(" memory_failure+0x33a/0xd80");
	console(" </TASK>");
	console("==================================================================");
}

/* The last "FAKE_QEMU_MODE=" line of the file after @opt ("-kernel", "-initrd"), or NULL. */
static char *file_mode(int argc, char **argv, const char *opt)
{
	char *buf = NULL, *p = NULL, *mode = NULL;
	size_t n = 0, alloc = 0, got;
	FILE *f = NULL;

	for (int i = 1; i + 1 < argc && !f; i++)
		if (!strcmp(argv[i], opt))
			f = fopen(argv[i + 1], "rb");
	if (!f)
		return NULL;
	do {
		if (n + 65536 + 1 > alloc)
			buf = realloc(buf, alloc = 2 * alloc + 65536 + 1);
		got = fread(buf + n, 1, 65536, f);
		n += got;
	} while (got && buf);
	fclose(f);
	if (!buf)
		return NULL;
	buf[n] = '\0';
	/* The last one: a commit says it by appending a line. */
	for (char *q = buf; (q = memmem(q, n - (q - buf), "FAKE_QEMU_MODE=", 15)); q++)
		p = q;
	if (p)
		mode = strndup(p + 15, strcspn(p + 15, "\n"));
	free(buf);
	return mode;
}

/* The mode a fake kernel says: its image's, then its modules' (in the initramfs), joined by '+'. */
static const char *kernel_mode(int argc, char **argv)
{
	static char mode[512];
	char *k = file_mode(argc, argv, "-kernel"), *m = file_mode(argc, argv, "-initrd");

	if (!k && !m)
		return NULL;
	snprintf(mode, sizeof(mode), "%s%s%s", k ? k : "", k && m ? "+" : "", m ? m : "");
	free(k);
	free(m);
	return mode;
}

/* mem-path= of the first memory backend on the command line, or NULL. */
static const char *first_media(int argc, char **argv)
{
	for (int i = 1; i < argc; i++) {
		const char *p = strstr(argv[i], "mem-path=");

		if (p && strstr(argv[i], "id=mem0,")) {
			static char path[512];

			snprintf(path, sizeof(path), "%.*s", (int)strcspn(p + 9, ","), p + 9);
			return path;
		}
	}
	return NULL;
}

/* What a restored VM must never do: write the template's media. */
static void scribble(int argc, char **argv)
{
	const char *path = first_media(argc, argv);
	FILE *f = path ? fopen(path, "r+") : NULL;

	if (f) {
		fseek(f, 0x1000, SEEK_SET);
		fputs("scribbled by a clone", f);
		fclose(f);
	}
}

/* Boot: the banner, the boot-time reports of the fake_mode, and the hello. */
static void boot(int ctl)
{
	const char *flake = mode_arg(fake_mode, "bootflake");

	console("Linux version 6.12.0-fake (fake@qemu) #1 SMP");
	if (mode_arg(fake_mode, "bootreport") || (flake && access(flake, F_OK))) {
		if (flake)
			fclose(fopen(flake, "w"));
		kasan_boot_report();
	}
	if (mode_arg(fake_mode, "initerror"))
		printf("pmemfi-init: error: modprobe nd_pmem failed\n");
	if (mode_arg(fake_mode, "silent"))
		idle_forever(-1);
	ctl_send(ctl, "hello %d 6.12.0-fake", CTL_VERSION);
}

/* Run step @s as the fake_mode says; returns 0 when the VM ends with it. */
static int run_step(int ctl, const char *s)
{
	const char *once;

	if (hits(fake_mode, "flood", s)) {
		static char junk[1 << 16];

		memset(junk, 'x', sizeof(junk));
		for (int k = 0; k < 160; k++)
			fwrite(junk, 1, sizeof(junk), stdout);
	}
	console("pmemfi: begin %s", s);
	ctl_send(ctl, "begin %s", s);
	if (hits(fake_mode, "report", s))
		kasan_test_report();
	if (hits(fake_mode, "hang", s))
		idle_forever(ctl);
	static int after_slow;

	if (after_slow)
		sleep(10);
	if (hits(fake_mode, "slow", s)) {
		sleep(3);
		after_slow = 1;
	}
	/* mode_arg()'s buffer is static: keep the path before hits() reuses it. */
	once = mode_arg(fake_mode, "once") ? strdup(mode_arg(fake_mode, "once")) : NULL;
	if (hits(fake_mode, "crash", s) && (!once || access(once, F_OK))) {
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
	/* A namespace step says where its metadata is, as ns_setup does. */
	if (!strncmp(s, "setup.", 6) && strcmp(s, "setup.labels") && nr_nvdimm)
		ctl_send(ctl, "out %s # pmemfi-layout: ns=%s start=0x100000000 size=0x10000000 dataoff=0x200000",
			 s, s + 6);
	if (hits(fake_mode, "skip", s)) {
		ctl_send(ctl, "out %s ok 1 %s # SKIP corrupt-pfn: interface missing (needs CONFIG_HWPOISON_INJECT)",
			 s, s);
		console("pmemfi: end %s exit:4", s);
		ctl_send(ctl, "end %s exit:4", s);
		return 1;
	}
	ctl_send(ctl, "out %s # outcome %s", s, strstr(s, "madv") ? "SIGBUS:BUS_MCEERR_AR" : "ok");
	if (hits(fake_mode, "leak", s)) {
		ctl_send(ctl, "out %s # FAIL: memory_failure.c:183: nothing was poisoned but HardwareCorrupted grew by 4 kB",
			 s);
		ctl_send(ctl, "out %s not ok 1 %s", s, s);
		console("pmemfi: end %s exit:1", s);
		ctl_send(ctl, "end %s exit:1", s);
		return 1;
	}
	ctl_send(ctl, "out %s ok 1 %s", s, s);
	console("Memory failure: 0x100a00: recovery action for dax page: %s", "Failed");
	console("pmemfi: end %s exit:0", s);
	ctl_send(ctl, "end %s exit:0", s);
	return 1;
}

int main(int argc, char **argv)
{
	const char *ctl_path, *qmp_path;
	static char steps[256][128];
	char line[CTL_LINE_MAX + 1];
	int ctl;

	fake_mode = getenv("FAKE_QEMU_MODE");
	/* Empty as unset: the kernel says. */
	if (!fake_mode || !*fake_mode)
		fake_mode = kernel_mode(argc, argv);
	if (!fake_mode)
		fake_mode = "pass";
	if (mode_arg(fake_mode, "nostart")) {
		fprintf(stderr, "qemu-system-x86_64: -object memory-backend-file: fake failure to start\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		nr_nvdimm += !strncmp(argv[i], "nvdimm,", 7);
		incoming |= !strcmp(argv[i], "-incoming");
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
	if (!incoming)
		boot(ctl);
	while (incoming && !loaded)
		serve_qmp();
	if (incoming && mode_arg(fake_mode, "scribble"))
		scribble(argc, argv);
	if (incoming && mode_arg(fake_mode, "mute"))
		idle_forever(-1);
	/* Batch by batch, as the runner: "hold" ends one with "ready". */
	for (;;) {
		int nsteps = 0, hold = 0;

		while (read_line(ctl, line, sizeof(line)) == 0 && !(hold = !strcmp(line, "hold")) &&
		       strcmp(line, "go"))
			if (!strncmp(line, "run ", 4) && nsteps < 256)
				sscanf(line + 4, "%127s", steps[nsteps++]);
		for (int i = 0; i < nsteps; i++)
			if (!run_step(ctl, steps[i]))
				return 0;
		if (!hold)
			break;
		ctl_send(ctl, "ready");
	}
	ctl_send(ctl, "done");
	console("reboot: Power down");
	return 0;
}
