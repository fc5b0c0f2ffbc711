// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi-runner - the guest side of a pmemfi VM: fetch the plan from the
 * host over the control port, run its steps in order, and stream each
 * step's output back. Kernel-log markers around every step let the host
 * attribute console reports to the step that was running.
 *
 *   pmemfi-runner                 talk to the host (virtio port CTL_PORT_NAME)
 *   pmemfi-runner --plan FILE     run "run ..." lines from FILE, output to stdout
 *   pmemfi-runner --plan FILE --kmsg
 *                                 the same, every message to the kernel log as
 *                                 a CTL_CONSOLE_PREFIX line: no host to talk to
 *                                 (a LAVA job), the console carries it all
 *   pmemfi-runner --fd N          talk to the host on descriptor N (tests)
 *
 * Steps are programs from /usr/lib/pmemfi (or absolute paths). The host
 * owns every timeout: a step that hangs is the host's to kill, with the VM.
 * A step that needs the host (a machine check injected by QEMU) writes
 * "mce <token> <addr> <kind>" to the socket named by $PMEMFI_CTL_FD; the
 * runner relays it and relays the host's "ack <token> ..." back.
 */
#include <poll.h>
#include <sys/socket.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>

#include "../common/ctl.h"
#include "../common/linebuf.h"

#define TEST_DIR "/usr/lib/pmemfi"
#define MAX_STEPS CTL_MAX_STEPS

struct step {
	char *name;
	char *argv[CTL_MAX_ARGS + 1];
};

struct runner {
	int in, out;		/* control port (or plan file and stdout) */
	int host;		/* 1 when in/out is the host's port */
	int kmsg;
	int to_kmsg;		/* messages go to the kernel log (--kmsg) */
	int step_timeout;	/* --kmsg: seconds a step may take (0: forever) */
	struct step *steps;
	int nr;
	int go;			/* the batch ended with "go" (1) or "hold" (2) */
	const char *current;	/* step whose output is being forwarded */
	int child_ctl;		/* the running step's request socket, or -1 */
};

static void __attribute__((format(printf, 1, 2), noreturn)) die(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "pmemfi-runner: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(1);
}

/*
 * One protocol message: to the host (or stdout), or with --kmsg to the
 * kernel log, where it keeps its place among the kernel's own lines.
 */
static void __attribute__((format(printf, 2, 3))) emit(struct runner *r, const char *fmt, ...)
{
	char buf[CTL_LINE_MAX + 1];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (!r->to_kmsg)
		ctl_send(r->out, "%s", buf);
	else if (r->kmsg >= 0)
		/* <5> = KERN_NOTICE; a kernel log record holds CTL_KMSG_MAX bytes. */
		ctl_send(r->kmsg, "<5>" CTL_CONSOLE_PREFIX "%.*s", CTL_KMSG_MAX - 20, buf);
}

/* Find /dev/vportNpM whose sysfs name is CTL_PORT_NAME. */
static int open_port(void)
{
	DIR *d = opendir("/sys/class/virtio-ports");
	struct dirent *e;
	char path[300], name[64];
	int fd = -1;

	if (!d)
		return -1;
	while (fd < 0 && (e = readdir(d))) {
		FILE *f;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/class/virtio-ports/%s/name", e->d_name);
		f = fopen(path, "r");
		if (!f)
			continue;
		if (fgets(name, sizeof(name), f) && !strncmp(name, CTL_PORT_NAME, strlen(CTL_PORT_NAME))) {
			snprintf(path, sizeof(path), "/dev/%s", e->d_name);
			fd = open(path, O_RDWR | O_CLOEXEC);
		}
		fclose(f);
	}
	closedir(d);
	return fd;
}

static void kmsg_marker(struct runner *r, const char *what, const char *step, const char *extra)
{
	char buf[512];
	int n;

	if (r->kmsg < 0)
		return;
	/* <5> = KERN_NOTICE: shown on the console at the default loglevel. */
	n = snprintf(buf, sizeof(buf), "<5>pmemfi: %s %s%s%s\n", what, step,
		     extra ? " " : "", extra ? extra : "");
	if (write(r->kmsg, buf, n) < 0)
		perror("pmemfi-runner: /dev/kmsg");
}

static void add_step(struct runner *r, struct ctl_msg *m)
{
	struct step *s;

	if (r->nr == MAX_STEPS)
		die("plan has more than %d steps", MAX_STEPS);
	if (!r->steps)
		r->steps = calloc(MAX_STEPS, sizeof(*r->steps));
	if (!r->steps)
		die("out of memory");
	s = &r->steps[r->nr++];
	/* The slot may hold a step of an earlier batch. */
	free(s->name);
	for (char **a = s->argv; *a; a++)
		free(*a);
	memset(s, 0, sizeof(*s));
	s->name = strdup(m->argv[0]);
	for (int i = 1; i < m->argc; i++)
		s->argv[i - 1] = strdup(m->argv[i]);
}

static void on_plan_line(void *arg, const char *line, size_t len, int flags)
{
	struct runner *r = arg;
	struct ctl_msg m;
	char copy[CTL_LINE_MAX + 1];

	(void)len;
	if (flags || r->go)
		return;
	snprintf(copy, sizeof(copy), "%s", line);
	if (!*copy || copy[0] == '#')
		return;
	if (ctl_parse(copy, &m)) {
		fprintf(stderr, "pmemfi-runner: ignoring bad plan line: %s\n", line);
		return;
	}
	if (m.verb == CTL_RUN)
		add_step(r, &m);
	else if (m.verb == CTL_GO)
		r->go = 1;
	else if (m.verb == CTL_HOLD)
		r->go = 2;
}

static void read_plan(struct runner *r)
{
	struct linebuf lb;
	char buf[4096];
	ssize_t n;

	if (linebuf_init(&lb, CTL_LINE_MAX, on_plan_line, r))
		die("out of memory");
	/* One byte at a time would be slow; the host sends nothing after "go" or "hold". */
	while (!r->go && (n = read(r->in, buf, sizeof(buf))) > 0)
		linebuf_feed(&lb, buf, n);
	linebuf_finish(&lb);
	linebuf_free(&lb);
}

static void on_output_line(void *arg, const char *line, size_t len, int flags)
{
	struct runner *r = arg;

	(void)len;
	(void)flags;
	emit(r, "out %s %s", r->current, line);
}

/* A request from the running step: relay it to the host. */
static void on_request(void *arg, const char *line, size_t len, int flags)
{
	struct runner *r = arg;
	char copy[CTL_LINE_MAX + 1];
	struct ctl_msg m;

	(void)len;
	snprintf(copy, sizeof(copy), "%s", line);
	if (flags || ctl_parse(copy, &m) || m.verb != CTL_MCE) {
		fprintf(stderr, "pmemfi-runner: ignoring request from %s: %.80s\n", r->current, line);
		return;
	}
	if (!r->host) {
		dprintf(r->child_ctl, "ack %s err no host to inject (plan-file mode)\n", m.argv[0]);
		return;
	}
	ctl_send(r->out, "%s", line);
}

/* A line from the host during a step: acks go to the step, sysrq to the kernel. */
static void on_host_line(void *arg, const char *line, size_t len, int flags)
{
	struct runner *r = arg;

	(void)len;
	if (flags)
		return;
	if (!strncmp(line, "sysrq ", 6) && strlen(line) == 7) {
		int fd = open("/proc/sysrq-trigger", O_WRONLY | O_CLOEXEC);

		if (fd < 0 || write(fd, line + 6, 1) != 1)
			fprintf(stderr, "pmemfi-runner: sysrq %c: %s\n", line[6], strerror(errno));
		if (fd >= 0)
			close(fd);
		return;
	}
	if (strncmp(line, "ack ", 4) || r->child_ctl < 0)
		return;
	dprintf(r->child_ctl, "%s\n", line);
}

static int pump(int fd, struct linebuf *lb)
{
	char buf[4096];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0 && errno == EINTR)
		return 1;
	if (n <= 0)
		return 0;
	linebuf_feed(lb, buf, n);
	return 1;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

/*
 * A step ran past pmemfi.step_timeout with no host to stop it: what the
 * host would do (common/ctl.h), then power off, ending the job.
 */
static void __attribute__((noreturn)) stall(struct runner *r, struct step *s, int out_fd,
					     struct linebuf *out)
{
	int fd = open("/proc/sysrq-trigger", O_WRONLY | O_CLOEXEC);
	double until = now() + CTL_SYSRQ_GRACE;

	if (fd >= 0) {
		if (write(fd, "w", 1) != 1)
			perror("pmemfi-runner: sysrq w");
		close(fd);
	}
	while (now() < until) {
		struct pollfd p = { .fd = out_fd, .events = POLLIN };

		if (poll(&p, 1, (int)((until - now()) * 1000) + 1) > 0 && !pump(out_fd, out))
			usleep(100000);
	}
	emit(r, "stall %s", s->name);
	sync();
	reboot(RB_POWER_OFF);
	die("%s ran past %d s; power-off failed: %s", s->name, r->step_timeout, strerror(errno));
}

/* pmemfi.step_timeout=S from the kernel command line, or 0. */
static int cmdline_step_timeout(void)
{
	char buf[4096], *p;
	FILE *f = fopen("/proc/cmdline", "r");
	int t = 0;

	if (f && fgets(buf, sizeof(buf), f) && (p = strstr(buf, "pmemfi.step_timeout=")))
		t = atoi(p + strlen("pmemfi.step_timeout="));
	if (f)
		fclose(f);
	return t;
}

static void run_step(struct runner *r, struct step *s)
{
	struct linebuf out, req, host;
	char path[256], status[32];
	int pipefd[2], sv[2], st, out_open = 1, req_open = 1;
	double deadline;
	pid_t pid;

	emit(r, "begin %s", s->name);
	kmsg_marker(r, "begin", s->name, NULL);
	if (s->argv[0][0] == '/')
		snprintf(path, sizeof(path), "%s", s->argv[0]);
	else
		snprintf(path, sizeof(path), TEST_DIR "/%s", s->argv[0]);
	if (pipe2(pipefd, O_CLOEXEC) || socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv))
		die("pipe: %s", strerror(errno));
	pid = fork();
	if (pid < 0)
		die("fork: %s", strerror(errno));
	if (pid == 0) {
		dup2(pipefd[1], STDOUT_FILENO);
		dup2(pipefd[1], STDERR_FILENO);
		dup2(sv[1], 3);
		setenv("PMEMFI_CTL_FD", "3", 1);
		setenv("PMEMFI_TEST", s->name, 1);
		execv(path, s->argv);
		fprintf(stderr, "pmemfi-runner: exec %s: %s\n", path, strerror(errno));
		_exit(127);
	}
	close(pipefd[1]);
	close(sv[1]);
	r->current = s->name;
	r->child_ctl = sv[0];
	/* Longer output lines go as several "out" messages. */
	if (linebuf_init(&out, r->to_kmsg ? CTL_KMSG_MAX / 2 : CTL_LINE_MAX - 256, on_output_line, r) ||
	    linebuf_init(&req, CTL_LINE_MAX, on_request, r) ||
	    linebuf_init(&host, CTL_LINE_MAX, on_host_line, r))
		die("out of memory");
	deadline = r->step_timeout ? now() + r->step_timeout : 0;
	while (out_open) {
		struct pollfd p[3] = {
			{ .fd = pipefd[0], .events = POLLIN },
			{ .fd = req_open ? sv[0] : -1, .events = POLLIN },
			{ .fd = r->host ? r->in : -1, .events = POLLIN },
		};

		int n = poll(p, 3, deadline ? (int)((deadline - now()) * 1000) + 1 : -1);

		if (n < 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (deadline && now() >= deadline)
			stall(r, s, pipefd[0], &out);
		if (p[0].revents)
			out_open = pump(pipefd[0], &out);
		if (p[1].revents)
			req_open = pump(sv[0], &req);
		if (p[2].revents && !pump(r->in, &host))
			die("the host closed the control port");
	}
	linebuf_finish(&out);
	linebuf_free(&out);
	linebuf_free(&req);
	linebuf_free(&host);
	close(pipefd[0]);
	close(sv[0]);
	r->child_ctl = -1;
	while (waitpid(pid, &st, 0) < 0 && errno == EINTR)
		;
	if (WIFSIGNALED(st))
		snprintf(status, sizeof(status), "signal:%d", WTERMSIG(st));
	else
		snprintf(status, sizeof(status), "exit:%d", WEXITSTATUS(st));
	kmsg_marker(r, "end", s->name, status);
	emit(r, "end %s %s", s->name, status);
}

int main(int argc, char **argv)
{
	struct runner r = { .in = -1, .out = -1, .child_ctl = -1 };
	struct utsname u;

	r.kmsg = open("/dev/kmsg", O_WRONLY | O_CLOEXEC);
	if ((argc == 3 || (argc == 4 && !strcmp(argv[3], "--kmsg"))) && !strcmp(argv[1], "--plan")) {
		r.in = open(argv[2], O_RDONLY | O_CLOEXEC);
		if (r.in < 0)
			die("cannot open the plan: %s", strerror(errno));
		r.out = STDOUT_FILENO;
		r.to_kmsg = argc == 4;
		r.step_timeout = r.to_kmsg ? cmdline_step_timeout() : 0;
		if (r.to_kmsg && r.kmsg < 0)
			die("--kmsg: cannot open /dev/kmsg: %s", strerror(errno));
	} else if (argc == 3 && !strcmp(argv[1], "--fd")) {
		r.in = r.out = atoi(argv[2]);
	} else if (argc == 1) {
		/* The port appears once the host has acknowledged it: wait a while. */
		for (int i = 0; i < 300 && (r.in = open_port()) < 0; i++)
			usleep(100000);
		r.out = r.in;
		if (r.in < 0)
			die("no virtio port named %s after 30 s (is virtio_console there?)", CTL_PORT_NAME);
	} else {
		die("usage: pmemfi-runner [--plan FILE [--kmsg] | --fd N]");
	}
	r.host = r.in == r.out;
	if (r.host || r.to_kmsg) {
		uname(&u);
		emit(&r, "hello %d %s", CTL_VERSION, u.release);
	}
	/* Batch by batch: after "hold", say "ready" and block for the next one. */
	for (;;) {
		r.go = 0;
		r.nr = 0;
		read_plan(&r);
		if (!r.go && r.in != r.out)
			r.go = 1;	/* a plan file may simply end */
		if (!r.go)
			die("the host closed the port before sending the plan");
		for (int i = 0; i < r.nr; i++)
			run_step(&r, &r.steps[i]);
		if (r.go == 1)
			break;
		emit(&r, "ready");
	}
	emit(&r, "done");
	return 0;
}
