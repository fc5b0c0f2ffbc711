// SPDX-License-Identifier: GPL-2.0
/*
 * The control protocol: message parsing, and the real guest runner driven
 * by a fake host over a socketpair (hello -> plan -> begin/out/end -> done).
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/ctl.h"
#include "common/linebuf.h"

static void parses(void **state)
{
	struct ctl_msg m;
	char l1[] = "hello 1 6.12.0", l2[] = "out step.a # some text  with  spaces";
	char l3[] = "run step.a memory_failure --ns devdax", l4[] = "ack 7 err no such address";
	char l5[] = "out step.b", l6[] = "end s exit:0";

	(void)state;
	assert_int_equal(ctl_parse(l1, &m), 0);
	assert_int_equal(m.verb, CTL_HELLO);
	assert_string_equal(m.argv[1], "6.12.0");
	assert_int_equal(ctl_parse(l2, &m), 0);
	assert_int_equal(m.verb, CTL_OUT);
	assert_string_equal(m.argv[0], "step.a");
	assert_string_equal(m.text, "# some text  with  spaces");
	assert_int_equal(ctl_parse(l3, &m), 0);
	assert_int_equal(m.verb, CTL_RUN);
	assert_int_equal(m.argc, 4);
	assert_string_equal(m.argv[3], "devdax");
	assert_int_equal(ctl_parse(l4, &m), 0);
	assert_int_equal(m.verb, CTL_ACK);
	assert_string_equal(m.argv[0], "7");
	assert_string_equal(m.text, "err no such address");
	assert_int_equal(ctl_parse(l5, &m), 0);
	assert_string_equal(m.text, "");
	assert_int_equal(ctl_parse(l6, &m), 0);
	assert_string_equal(m.argv[1], "exit:0");
}

static void rejects(void **state)
{
	const char *bad[] = {
		"", "nonsense", "hello 1", "hello 1 2 3", "begin", "end step", "go now",
		"run onlyname", "done extra", "run a  b", "ack 1", "mce 1 2",
	};
	struct ctl_msg m;

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		char line[64];

		snprintf(line, sizeof(line), "%s", bad[i]);
		if (!ctl_parse(line, &m))
			fail_msg("'%s' parsed", bad[i]);
	}
	assert_true(ctl_word_ok("a.b-c"));
	assert_false(ctl_word_ok(""));
	assert_false(ctl_word_ok("a b"));
	assert_false(ctl_word_ok("a\tb"));
}

static void send_is_one_line(void **state)
{
	int sv[2];
	char buf[64] = "";

	(void)state;
	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	assert_int_equal(ctl_send(sv[0], "out x %s", "two\nlines"), 0);
	assert_int_equal(read(sv[1], buf, sizeof(buf) - 1), 16);
	assert_string_equal(buf, "out x two lines\n");
	close(sv[0]);
	close(sv[1]);
}

struct transcript {
	char lines[32][256];
	int n;
};

static void record(void *arg, const char *line, size_t len, int flags)
{
	struct transcript *t = arg;

	(void)len;
	(void)flags;
	if (t->n < 32)
		snprintf(t->lines[t->n++], 256, "%s", line);
}

/*
 * Start the real guest runner on one end of a socketpair; returns its pid
 * and the host's end in @host. @quiet sends the runner's stderr away.
 */
static pid_t start_runner(int *host, int quiet)
{
	char fd[16];
	int sv[2];
	pid_t pid;

	assert_int_equal(socketpair(AF_UNIX, SOCK_STREAM, 0, sv), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		if (quiet)
			dup2(open("/dev/null", O_WRONLY), 2);
		close(sv[0]);
		snprintf(fd, sizeof(fd), "%d", sv[1]);
		execl("build/guest/pmemfi-runner", "pmemfi-runner", "--fd", fd, (char *)NULL);
		_exit(127);
	}
	close(sv[1]);
	*host = sv[0];
	return pid;
}

/*
 * Feed what the runner writes to @lb until *@count reaches @want lines, or
 * (@want < 0) until the runner closes its end.
 */
static void pump(int fd, struct linebuf *lb, const int *count, int want)
{
	char buf[4096];
	ssize_t n;

	while ((want < 0 || *count < want) && (n = read(fd, buf, sizeof(buf))) > 0)
		linebuf_feed(lb, buf, n);
	if (want < 0)
		linebuf_finish(lb);
}

/* The real runner against a fake host. */
static void runner_against_fake_host(void **state)
{
	struct transcript t = { 0 };
	struct linebuf lb;
	int sv[2], status;
	pid_t pid;

	(void)state;
	pid = start_runner(&sv[0], 0);
	assert_int_equal(linebuf_init(&lb, CTL_LINE_MAX, record, &t), 0);
	/* Wait for hello before sending the plan, as the harness does. */
	pump(sv[0], &lb, &t.n, 1);
	assert_true(!strncmp(t.lines[0], "hello 2 ", 8));
	assert_int_equal(ctl_send(sv[0], "run one /bin/echo hi"), 0);
	assert_int_equal(ctl_send(sv[0], "run two /bin/false"), 0);
	assert_int_equal(ctl_send(sv[0], "go"), 0);
	pump(sv[0], &lb, &t.n, -1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(t.n, 7);
	assert_string_equal(t.lines[1], "begin one");
	assert_string_equal(t.lines[2], "out one hi");
	assert_string_equal(t.lines[3], "end one exit:0");
	assert_string_equal(t.lines[4], "begin two");
	assert_string_equal(t.lines[5], "end two exit:1");
	assert_string_equal(t.lines[6], "done");
	linebuf_free(&lb);
	close(sv[0]);
}

/*
 * A plan in two batches, as a template VM gets it: "hold" makes the runner
 * say "ready" and wait; the second batch reuses the first's step slots,
 * and nothing of a longer argv before it may leak into it.
 */
static void runner_batches(void **state)
{
	struct transcript t = { 0 };
	struct linebuf lb;
	int host, status;
	pid_t pid;

	(void)state;
	pid = start_runner(&host, 0);
	assert_int_equal(linebuf_init(&lb, CTL_LINE_MAX, record, &t), 0);
	pump(host, &lb, &t.n, 1);
	assert_int_equal(ctl_send(host, "run setup /bin/echo a b c"), 0);
	assert_int_equal(ctl_send(host, "hold"), 0);
	pump(host, &lb, &t.n, 5);
	assert_string_equal(t.lines[2], "out setup a b c");
	assert_string_equal(t.lines[4], "ready");
	assert_int_equal(ctl_send(host, "run cell /bin/echo q"), 0);
	assert_int_equal(ctl_send(host, "go"), 0);
	pump(host, &lb, &t.n, -1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(t.n, 9);
	assert_string_equal(t.lines[5], "begin cell");
	assert_string_equal(t.lines[6], "out cell q");
	assert_string_equal(t.lines[7], "end cell exit:0");
	assert_string_equal(t.lines[8], "done");
	linebuf_free(&lb);
	close(host);
}

/* A fake host that answers machine-check requests, as the harness does. */
struct mce_host {
	struct transcript t;
	int fd;
};

static void answer_mce(void *arg, const char *line, size_t len, int flags)
{
	struct mce_host *h = arg;
	char copy[CTL_LINE_MAX + 1];
	struct ctl_msg m;

	record(&h->t, line, len, flags);
	snprintf(copy, sizeof(copy), "%s", line);
	if (!ctl_parse(copy, &m) && m.verb == CTL_MCE)
		assert_int_equal(ctl_send(h->fd, "ack %s %s", m.argv[0],
					  !strcmp(m.argv[2], "ao") ? "ok" : "err no such kind"), 0);
}

/*
 * The machine-check round trip through the real runner: a step writes
 * "mce" to $PMEMFI_CTL_FD, the runner relays it, the host acks, and the
 * runner hands the ack (and only it) back to the step.
 */
static void runner_relays_mce(void **state)
{
	char script[] = "/tmp/pmemfi-test-ctl.XXXXXX";
	static const char step[] =
		"#!/bin/sh\n"
		"echo mce t1 0x20000000 ao >&$PMEMFI_CTL_FD; read a <&$PMEMFI_CTL_FD; echo \"$a\"\n"
		"echo mce t2 0x20001000 xx >&$PMEMFI_CTL_FD; read a <&$PMEMFI_CTL_FD; echo \"$a\"\n"
		"echo not-a-request >&$PMEMFI_CTL_FD\n";
	struct mce_host h = { 0 };
	struct linebuf lb;
	int sv[2], status, sfd;
	pid_t pid;

	(void)state;
	sfd = mkstemp(script);
	assert_true(sfd >= 0);
	assert_int_equal(write(sfd, step, strlen(step)), (ssize_t)strlen(step));
	close(sfd);
	assert_int_equal(chmod(script, 0700), 0);
	pid = start_runner(&sv[0], 1);	/* it complains about not-a-request */
	h.fd = sv[0];
	assert_int_equal(linebuf_init(&lb, CTL_LINE_MAX, answer_mce, &h), 0);
	pump(sv[0], &lb, &h.t.n, 1);
	assert_int_equal(ctl_send(sv[0], "run mc %s", script), 0);
	assert_int_equal(ctl_send(sv[0], "go"), 0);
	pump(sv[0], &lb, &h.t.n, -1);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	unlink(script);
	assert_int_equal(h.t.n, 8);
	assert_string_equal(h.t.lines[1], "begin mc");
	assert_string_equal(h.t.lines[2], "mce t1 0x20000000 ao");
	assert_string_equal(h.t.lines[3], "out mc ack t1 ok");
	assert_string_equal(h.t.lines[4], "mce t2 0x20001000 xx");
	assert_string_equal(h.t.lines[5], "out mc ack t2 err no such kind");
	assert_string_equal(h.t.lines[6], "end mc exit:0");
	assert_string_equal(h.t.lines[7], "done");
	linebuf_free(&lb);
	close(sv[0]);
}

/* A host that hangs up before "go" makes the runner fail, not hang. */
static void runner_host_gone(void **state)
{
	char buf[256];
	int sv[2], status;
	pid_t pid;

	(void)state;
	pid = start_runner(&sv[0], 1);
	assert_true(read(sv[0], buf, sizeof(buf)) > 0);
	close(sv[0]);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses),
		cmocka_unit_test(rejects),
		cmocka_unit_test(send_is_one_line),
		cmocka_unit_test(runner_against_fake_host),
		cmocka_unit_test(runner_batches),
		cmocka_unit_test(runner_relays_mce),
		cmocka_unit_test(runner_host_gone),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
