// SPDX-License-Identifier: GPL-2.0
#include "console/console.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "console/report.h"
#include "lib/util.h"

/* Room kept at each end of an overlong line, around the cut mark. */
#define KEEP_HEAD	(CONSOLE_LINE_MAX / 2)
#define KEEP_TAIL	(CONSOLE_LINE_MAX / 2 - 64)

/* Keep a line; 0 when the log is full and it was dropped. */
static int store(struct console_log *log, const char *line, size_t len)
{
	if (log->bytes + (long)len > CONSOLE_MAX_BYTES) {
		log->dropped++;
		return 0;
	}
	GROW(log->lines, log->nr, log->alloc);
	log->lines[log->nr] = xmalloc(len + 1);
	memcpy(log->lines[log->nr], line, len);
	log->lines[log->nr][len] = '\0';
	log->bytes += len;
	log->nr++;
	return 1;
}

/* An overlong line ended: its head, the cut mark, its tail, as one line. */
static void end_long_line(struct console_log *log, long cut)
{
	char *head;
	struct strbuf sb = STRBUF_INIT;

	if (!log->tail.len || !log->head_kept) {
		strbuf_reset(&log->tail);
		return;
	}
	head = log->lines[log->nr - 1];
	if (strlen(head) > KEEP_HEAD) {
		cut += strlen(head) - KEEP_HEAD;
		log->cut += strlen(head) - KEEP_HEAD;
	}
	strbuf_add(&sb, head, strlen(head) < KEEP_HEAD ? strlen(head) : KEEP_HEAD);
	strbuf_addf(&sb, "[... %ld bytes cut ...]", cut);
	strbuf_add(&sb, log->tail.buf, log->tail.len);
	log->bytes += sb.len - strlen(head);
	free(head);
	log->lines[log->nr - 1] = strbuf_detach(&sb);
	strbuf_reset(&log->tail);
}

static void add_line(void *arg, const char *line, size_t len, int flags)
{
	struct console_log *log = arg;

	if (!(flags & LINEBUF_CONT)) {
		end_long_line(log, log->cut_now);
		log->cut_now = 0;
		log->head_kept = store(log, line, len);
		return;
	}
	/* A piece of an overlong line: keep only its last KEEP_TAIL bytes. */
	strbuf_add(&log->tail, line, len);
	if (log->tail.len > KEEP_TAIL) {
		size_t drop = log->tail.len - KEEP_TAIL;

		memmove(log->tail.buf, log->tail.buf + drop, KEEP_TAIL + 1);
		log->tail.len = KEEP_TAIL;
		log->cut += drop;
		log->cut_now += drop;
	}
}

void console_init(struct console_log *log, FILE *mirror)
{
	memset(log, 0, sizeof(*log));
	log->tail = (struct strbuf)STRBUF_INIT;
	if (linebuf_init(&log->lb, CONSOLE_LINE_MAX, add_line, log))
		die(EXIT_INFRA, "out of memory");
	log->mirror = mirror;
}

void console_feed(struct console_log *log, const char *data, size_t n)
{
	if (log->mirror && !log->mirror_errno) {
		size_t room = log->mirrored < CONSOLE_MIRROR_MAX ? CONSOLE_MIRROR_MAX - log->mirrored : 0;
		size_t w = n < room ? n : room;

		if (w && (fwrite(data, 1, w, log->mirror) != w || fflush(log->mirror)))
			log->mirror_errno = errno ? errno : EIO;
		log->mirrored += w;
		log->mirror_dropped += n - w;
	}
	linebuf_feed(&log->lb, data, n);
}

void console_finish(struct console_log *log)
{
	linebuf_finish(&log->lb);
	end_long_line(log, log->cut_now);
	log->cut_now = 0;
}

int console_load(const char *path, struct console_log *log)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = read_file(path, &sb);

	console_init(log, NULL);
	if (!rc) {
		console_feed(log, sb.buf, sb.len);
		console_finish(log);
	}
	strbuf_release(&sb);
	return rc;
}

void console_free(struct console_log *log)
{
	for (int i = 0; i < log->nr; i++)
		free(log->lines[i]);
	free(log->lines);
	linebuf_free(&log->lb);
	strbuf_release(&log->tail);
	memset(log, 0, sizeof(*log));
}

/* "pmemfi: begin <step>" or "pmemfi: end <step> <status>" */
static int parse_marker(const char *line, int *begin, char *step, int steplen,
			char *status, int statuslen)
{
	const char *s = report_strip_prefix(line), *p;
	int n;

	if (strncmp(s, "pmemfi: ", 8))
		return 0;
	s += 8;
	if (!strncmp(s, "begin ", 6)) {
		*begin = 1;
		s += 6;
	} else if (!strncmp(s, "end ", 4)) {
		*begin = 0;
		s += 4;
	} else {
		return 0;
	}
	n = strcspn(s, " ");
	if (!n || n >= steplen)
		return 0;
	memcpy(step, s, n);
	step[n] = '\0';
	status[0] = '\0';
	p = s + n;
	if (*p == ' ')
		snprintf(status, statuslen, "%s", p + 1);
	return 1;
}

int console_spans(const struct console_log *log, struct console_span **spans)
{
	struct console_span *v = NULL;
	int nr = 0, alloc = 0;

	for (int i = 0; i < log->nr; i++) {
		char step[256], status[64];
		int begin;

		if (!parse_marker(log->lines[i], &begin, step, sizeof(step), status, sizeof(status)))
			continue;
		if (begin) {
			GROW(v, nr, alloc);
			v[nr].step = xstrdup(step);
			v[nr].begin_line = i + 1;
			v[nr].end_line = 0;
			v[nr].status = NULL;
			nr++;
		} else if (nr && !v[nr - 1].end_line && !strcmp(v[nr - 1].step, step)) {
			v[nr - 1].end_line = i + 1;
			v[nr - 1].status = xstrdup(status);
		}
	}
	*spans = v;
	return nr;
}

void console_spans_free(struct console_span *spans, int n)
{
	for (int i = 0; i < n; i++) {
		free(spans[i].step);
		free(spans[i].status);
	}
	free(spans);
}

int console_span_at(const struct console_span *spans, int n, int line)
{
	if (!n || line < spans[0].begin_line)
		return -1;
	for (int i = n - 1; i >= 0; i--) {
		if (line < spans[i].begin_line)
			continue;
		if (!spans[i].end_line || line <= spans[i].end_line)
			return i;
		return -2;
	}
	return -1;
}
