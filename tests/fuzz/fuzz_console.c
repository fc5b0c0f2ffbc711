// SPDX-License-Identifier: GPL-2.0
/*
 * fuzz_console - libFuzzer target for the path untrusted guest output
 * takes through the harness: raw console bytes -> lines -> step markers ->
 * kernel reports. Any input must leave the invariants of console.h and
 * report.h true; a crash, a leak or a broken invariant is a finding.
 *
 *   make fuzz && build/fuzz/fuzz_console -max_total_time=600 tests/fuzz/corpus tests/golden
 *
 * tests/fuzz/replay.c runs the same function over the saved corpus in
 * "make unit", without clang.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/console.h"
#include "console/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz_console: invariant broken: %s (line %d)\n", #cond, __LINE__); \
		abort(); \
	} \
} while (0)

/*
 * What console_span_at() promises for @line: the span that holds it, -1
 * before the first begin, -2 between spans or after the last end.
 */
static void check_span_at(const struct console_span *s, int n, int line)
{
	int at = console_span_at(s, n, line);

	if (at >= 0) {
		check(at < n && s[at].begin_line <= line && (!s[at].end_line || line <= s[at].end_line));
		check(at == n - 1 || line < s[at + 1].begin_line);
	} else if (at == -1) {
		check(!n || line < s[0].begin_line);
	} else {
		int i = n - 1;

		check(at == -2);
		while (i >= 0 && s[i].begin_line > line)
			i--;
		check(i >= 0 && s[i].end_line && s[i].end_line < line);
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct report_set rs = { 0 };
	struct console_span *spans = NULL;
	struct console_log log;
	int nspans;

	console_init(&log, NULL);
	/* In two pieces, as a pipe may deliver them. */
	console_feed(&log, (const char *)data, size / 2);
	console_feed(&log, (const char *)data + size / 2, size - size / 2);
	console_finish(&log);
	for (int i = 0; i < log.nr; i++) {
		size_t len = strlen(log.lines[i]);

		check(len <= CONSOLE_LINE_MAX);
		check(!memchr(log.lines[i], '\n', len) && !memchr(log.lines[i], '\r', len));
	}
	report_scan(log.lines, log.nr, &rs);
	nspans = console_spans(&log, &spans);
	for (int i = 0; i < rs.nr; i++) {
		const struct report *r = &rs.v[i];

		check(r->type && *r->type && r->title && *r->title && r->frame);
		check(strlen(r->signature) == 16 && strspn(r->signature, "0123456789abcdef") == 16);
		check(r->start_line >= 1 && r->start_line <= r->end_line && r->end_line <= log.nr);
		check(r->end_line - r->start_line < REPORT_MAX_LINES);
		check(!r->corrupted || r->corrupted_reason);
		check_span_at(spans, nspans, r->start_line);
	}
	for (int line = 1; line <= log.nr && line <= 4096; line++)
		check_span_at(spans, nspans, line);
	check(log.bytes <= CONSOLE_MAX_BYTES);
	console_spans_free(spans, nspans);
	report_set_free(&rs);
	console_free(&log);
	return 0;
}
