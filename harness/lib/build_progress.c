// SPDX-License-Identifier: GPL-2.0
#include "lib/build_progress.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"

/* Not on a terminal: one status line per this many seconds. */
#define BUILD_PROGRESS_PERIOD 60.0
/* A build shorter than this shows nothing. */
#define BUILD_PROGRESS_QUIET 5.0

void build_progress_start(struct build_progress *bp, const char *what, const char *log, int expect)
{
	struct stat st;

	memset(bp, 0, sizeof(*bp));
	bp->what = what;
	bp->log = log;
	bp->expect = expect;
	bp->seen = stat(log, &st) ? 0 : st.st_size;
	bp->tty = isatty(STDERR_FILENO);
	bp->t0 = bp->last_line = now_mono();
}

/*
 * kbuild's quiet lines: two spaces, a tag of capitals (CC, LD, AR, HOSTCC,
 * "CC [M]", MODPOST...), spaces, the target. Warnings and make's own
 * lines do not start so.
 */
static int is_step(const char *line, size_t len)
{
	size_t i = 2;

	if (len < 4 || line[0] != ' ' || line[1] != ' ' || !isupper((unsigned char)line[2]))
		return 0;
	while (i < len && (isupper((unsigned char)line[i]) || isdigit((unsigned char)line[i]) || line[i] == '_'))
		i++;
	return i < len && line[i] == ' ';
}

int build_progress_count(const char *text, size_t len)
{
	int n = 0;

	for (const char *p = text, *end = text + len; p < end;) {
		const char *nl = memchr(p, '\n', end - p);

		if (!nl)
			break;
		n += is_step(p, nl - p);
		p = nl + 1;
	}
	return n;
}

double build_progress_time_at(const struct build_progress *bp, double done)
{
	double s0 = 0, t0 = 0;

	for (int i = 0; i <= bp->nr_profile; i++) {
		double s1 = i < bp->nr_profile ? bp->profile_steps[i] : 1, t1 = i < bp->nr_profile ? bp->profile_time[i] : 1;

		if (done <= s1 && s1 > s0)
			return t0 + (t1 - t0) * (done - s0) / (s1 - s0);
		s0 = s1;
		t0 = t1;
	}
	return done < 1 ? done : 1;
}

void build_progress_line(const struct build_progress *bp, double now, char *buf, size_t len)
{
	double el = now - bp->t0;
	char elapsed[32], left[32];

	util_fmt_duration(elapsed, sizeof(elapsed), el);
	if (bp->expect > 0 && bp->steps > 0 && bp->steps < bp->expect) {
		double gone = build_progress_time_at(bp, (double)bp->steps / bp->expect);

		/* To the nearest second: the profile's fractions are not exact. */
		util_fmt_duration(left, sizeof(left), gone > 0 ? el / gone - el + 0.5 : 0);
		snprintf(buf, len, "%s: %d of about %d steps (%d%%), %s elapsed, about %s left", bp->what,
			 bp->steps, bp->expect, bp->steps * 100 / bp->expect, elapsed, left);
	} else if (bp->steps) {
		snprintf(buf, len, "%s: %d steps, %s elapsed%s", bp->what, bp->steps, elapsed,
			 bp->expect > 0 ? ", past the estimate" : "");
	} else {
		snprintf(buf, len, "%s: %s elapsed", bp->what, elapsed);
	}
}

static void count_new(struct build_progress *bp)
{
	int fd = open(bp->log, O_RDONLY | O_CLOEXEC);
	struct strbuf sb = STRBUF_INIT;
	char buf[65536];
	ssize_t n;

	if (fd < 0)
		return;
	if (lseek(fd, bp->seen, SEEK_SET) == bp->seen)
		while ((n = read(fd, buf, sizeof(buf))) > 0)
			strbuf_add(&sb, buf, n);
	close(fd);
	/* Only whole lines: the rest is counted at the next tick. */
	for (size_t end = sb.len; end > 0; end--) {
		if (sb.buf[end - 1] == '\n') {
			bp->steps += build_progress_count(sb.buf, end);
			bp->seen += end;
			break;
		}
	}
	strbuf_release(&sb);
}

void build_progress_tick(void *arg)
{
	struct build_progress *bp = arg;
	double now = now_mono();
	char line[256];

	count_new(bp);
	if (now - bp->t0 < BUILD_PROGRESS_QUIET || (!bp->tty && now - bp->last_line < BUILD_PROGRESS_PERIOD))
		return;
	bp->last_line = now;
	build_progress_line(bp, now, line, sizeof(line));
	if (bp->tty)
		fprintf(stderr, "\r\033[Kpmemfi: %s", line);
	else
		fprintf(stderr, "pmemfi: %s\n", line);
}

void build_progress_end(struct build_progress *bp)
{
	count_new(bp);
	if (bp->tty && now_mono() - bp->t0 >= BUILD_PROGRESS_QUIET)
		fprintf(stderr, "\r\033[K");
}

int build_progress_expect(const char *file)
{
	struct strbuf sb = STRBUF_INIT;
	int n = 0;

	if (!read_file(file, &sb))
		n = atoi(sb.buf);
	strbuf_release(&sb);
	return n > 0 ? n : 0;
}

void build_progress_remember(const char *file, int steps)
{
	char buf[32];
	int len = snprintf(buf, sizeof(buf), "%d\n", steps);

	if (steps > 0)
		write_file(file, buf, len);
}
