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
	const char *kind;	/* the row of report.c's table that titled it (report_kind_name()) */
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

/*
 * The rule that finds and titles a report of kind @kind (a name of
 * report_kind_name()), for a matcher that must work without pmemfi: a
 * reproducer's repro.sh (modes/repro.h) decides "reproduced" with it.
 *
 *   opens       the header lines that open such a report: a prefix, and up
 *               to two texts the line must contain ("" none)
 *   text        for a kind that joins an open report (KASAN's explanation
 *               of a general protection fault): the line that gives the
 *               title its text, same form; prefix NULL otherwise
 *   skip        frames that report the bug rather than cause it (prefixes):
 *               the first @nr_generic for every kind, then the kind's own
 *   head_frame_skipped  the header's own function is held to all of @skip,
 *               not only the generic ones
 *   no_rip      the RIP is where it waits, never the culprit
 *   spins       frames (and the RIP) inside <IRQ>/<NMI> sections are the detector
 *   lock_keys   lockdep: after a line holding one of these, the next
 *               ", at: f+0x1/0x2" names the guilty frame; NULL otherwise
 *
 * The guilty frame is then the header's function (its first "f+0x1/0x2"),
 * else the RIP's, else the first reliable call-trace frame, skipping
 * @skip. Returns 0, or -1 for an unknown kind.
 */
#define REPORT_RULE_MAX_OPENS	16
#define REPORT_RULE_MAX_SKIP	256
struct report_rule {
	const char *title;	/* what every such title starts with ("KASAN: "); the rest is the header's */
	const char *opens[REPORT_RULE_MAX_OPENS][3];
	int nr_opens;
	const char *text[3];
	const char *skip[REPORT_RULE_MAX_SKIP];
	int nr_skip, nr_generic;
	int head_frame_skipped, no_rip, spins;
	const char *const *lock_keys;
};
int report_rule(const char *kind, struct report_rule *rule);

/*
 * The kinds (report_kind_name()) whose reports can carry title @title (one
 * given by hand, such as a known issue's): those whose fixed title start
 * it has. At most @max into @names; returns how many.
 */
int report_title_kinds(const char *title, const char **names, int max);

#endif
