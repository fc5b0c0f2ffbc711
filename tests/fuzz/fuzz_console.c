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

#include "../../harness/console.h"
#include "../../harness/report.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define check(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "fuzz_console: invariant broken: %s (line %d)\n", #cond, __LINE__); \
		abort(); \
	} \
} while (0)

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
		check(console_span_at(spans, nspans, r->start_line) >= -2);
	}
	console_spans_free(spans, nspans);
	report_set_free(&rs);
	console_free(&log);
	return 0;
}
