/* SPDX-License-Identifier: GPL-2.0 */
/*
 * report.h - find kernel reports in a console log and name them.
 *
 * A report is one oops, KASAN/KFENCE/UBSAN report, BUG, WARNING, lockdep
 * splat, hang or panic. Each gets a stable title (no addresses, offsets,
 * pids, CPU numbers or timestamps), a type, the guilty frame, and a
 * signature (a hash of type and title) for deduplication and bisection.
 *
 * The input is untrusted guest output: the scanner holds the lines it is
 * given and nothing more, caps every report at REPORT_MAX_LINES, and
 * accepts any bytes.
 */
#ifndef PMEMFI_REPORT_H
#define PMEMFI_REPORT_H

#define REPORT_MAX_LINES 400

struct report {
	char *type;		/* kasan kfence ubsan bug warning lockdep hang bad-page panic */
	char *title;
	char *frame;		/* guilty frame, "" when none was found */
	char signature[17];	/* 16 hex digits */
	int corrupted;
	char *corrupted_reason;	/* NULL unless corrupted */
	int start_line;		/* 1-based, inclusive */
	int end_line;
};

struct report_set {
	struct report *v;
	int nr, alloc;
};

/* Scan @n console lines (line i is line i+1 of the log). */
void report_scan(char *const *lines, int n, struct report_set *out);

void report_set_free(struct report_set *set);

/*
 * The message part of a console line: without the printk timestamp, the
 * PRINTK_CALLER field and a syslog "<N>" prefix. When user-space text and
 * a kernel line share a console line, the kernel part is returned.
 */
const char *report_strip_prefix(const char *line);

/* Canonical function name: no +off/size, module, .isra/.constprop/.part/.cold. */
void report_clean_func(const char *in, char *out, int len);

/*
 * The kinds of report.c's table, for tests: how many there are, the
 * stable name of each (NULL out of range), and the kind whose header
 * console line @line is (-1: none).
 */
int report_kind_count(void);
const char *report_kind_name(int kind);
int report_kind_of(const char *line);

#endif
