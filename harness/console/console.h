/* SPDX-License-Identifier: GPL-2.0 */
/*
 * console.h - a VM's serial console as lines, and the step markers in it.
 *
 * The guest runner writes "pmemfi: begin <step>" and "pmemfi: end <step>
 * <status>" to /dev/kmsg around every step, so they sit in the console in
 * the same order as the kernel's own messages. A report between a step's
 * markers belongs to that step; a report after a begin with no end (the
 * kernel died) belongs to the step that was running.
 *
 * Invariants: lines hold no '\n', '\r' or NUL and are at most
 * CONSOLE_LINE_MAX bytes. A longer line keeps its first and its last
 * CONSOLE_LINE_MAX / 2 bytes around a "[... N bytes cut ...]" mark: what
 * the kernel printed after user-space output on the same line (a marker,
 * a report header) sits at its end and survives. At most CONSOLE_MAX_BYTES
 * of lines are kept, later lines are counted in dropped; at most
 * CONSOLE_MIRROR_MAX raw bytes go to the mirror, the rest are counted in
 * mirror_dropped, and a failed mirror write is kept in mirror_errno.
 */
#ifndef PMEMFI_CONSOLE_H
#define PMEMFI_CONSOLE_H

#include <stdio.h>

#include "common/linebuf.h"
#include "lib/util.h"

#define CONSOLE_LINE_MAX	4096
#define CONSOLE_MAX_BYTES	(64L << 20)
#define CONSOLE_MIRROR_MAX	(256L << 20)

struct console_log {
	char **lines;
	int nr, alloc;
	long bytes;		/* held in lines */
	long dropped;		/* lines not kept: CONSOLE_MAX_BYTES reached */
	long cut;		/* bytes cut out of overlong lines */
	long cut_now;		/* of them, from the line going on now */
	int head_kept;		/* the line going on now was kept */
	struct linebuf lb;
	struct strbuf tail;	/* the end of an overlong line, while it goes on */
	FILE *mirror;		/* raw bytes are also written here, if set */
	long mirrored, mirror_dropped;
	int mirror_errno;	/* the first failed mirror write */
};

/* Start an empty log; @mirror (may be NULL) receives the raw bytes. */
void console_init(struct console_log *log, FILE *mirror);
/* Feed raw console bytes. */
void console_feed(struct console_log *log, const char *data, size_t n);
/* End of stream: keep a last line that had no newline. */
void console_finish(struct console_log *log);
/* Load a whole log file. Returns 0, or -errno. */
int console_load(const char *path, struct console_log *log);
void console_free(struct console_log *log);

struct console_span {
	char *step;
	int begin_line;		/* 1-based line of the begin marker */
	int end_line;		/* 1-based line of the end marker, 0 if none */
	char *status;		/* "exit:0", "signal:9", or NULL */
};

/* The begin/end marker pairs in @log, in order. Caller frees with console_spans_free. */
int console_spans(const struct console_log *log, struct console_span **spans);
void console_spans_free(struct console_span *spans, int n);

/*
 * Which span a 1-based line belongs to: the index, or -1 before the first
 * begin (boot), or -2 between spans or after the last end (teardown).
 */
int console_span_at(const struct console_span *spans, int n, int line);

#endif
