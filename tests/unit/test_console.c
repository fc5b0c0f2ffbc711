// SPDX-License-Identifier: GPL-2.0
/* Step markers in the console and the attribution of lines to steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "console/console.h"

static const char log_text[] =
	"[    0.0] Linux version 6.12\n"				/* 1: boot */
	"[    3.1] pmemfi: begin setup.labels\n"			/* 2 */
	"[    3.2] pmemfi: end setup.labels exit:0\n"			/* 3 */
	"[    3.3] random message\n"					/* 4: between */
	"[    3.4] pmemfi: begin t.A-first\n"				/* 5 */
	"[    3.5] BUG: unable to handle page fault\n"			/* 6 */
	"user junk[    3.6] pmemfi: end t.A-first exit:1\n"		/* 7 */
	"[    3.7] pmemfi: begin t.A-last\n"				/* 8 */
	"[    3.8] Kernel panic - not syncing: Fatal exception\n";	/* 9: never ended */

static void spans(void **state)
{
	struct console_log log;
	struct console_span *s;
	int n;

	(void)state;
	console_init(&log, NULL);
	console_feed(&log, log_text, strlen(log_text));
	console_finish(&log);
	assert_int_equal(log.nr, 9);
	n = console_spans(&log, &s);
	assert_int_equal(n, 3);
	assert_string_equal(s[0].step, "setup.labels");
	assert_string_equal(s[0].status, "exit:0");
	assert_int_equal(s[1].begin_line, 5);
	assert_int_equal(s[1].end_line, 7);
	assert_string_equal(s[1].status, "exit:1");
	assert_int_equal(s[2].end_line, 0);
	assert_int_equal(console_span_at(s, n, 1), -1);
	assert_int_equal(console_span_at(s, n, 2), 0);
	assert_int_equal(console_span_at(s, n, 4), -2);
	assert_int_equal(console_span_at(s, n, 6), 1);
	assert_int_equal(console_span_at(s, n, 9), 2);
	console_spans_free(s, n);
	console_free(&log);
}

/*
 * A 10 MB line of user-space output with the kernel's marker at its end,
 * fed in chunks that cut the marker at every offset around a
 * CONSOLE_LINE_MAX boundary: the marker always survives, the line stays
 * bounded, and what was cut is counted.
 */
static void overlong_line_keeps_its_end(void **state)
{
	static const char marker[] = "[    4.0] pmemfi: begin t.C-mid\n";
	size_t junk = 10u << 20;
	char *buf = malloc(junk + sizeof(marker));

	(void)state;
	memset(buf, 'x', junk);
	memcpy(buf + junk, marker, sizeof(marker));
	for (size_t shift = 0; shift < 40; shift += 7) {
		/* The marker starts @shift bytes before a piece boundary. */
		size_t len = junk - shift + sizeof(marker) - 1;
		const char *data = buf + shift;
		struct console_log log;
		struct console_span *s;
		int n;

		console_init(&log, NULL);
		console_feed(&log, "[    3.9] before\n", 17);
		for (size_t off = 0; off < len; off += 65536)
			console_feed(&log, data + off, len - off < 65536 ? len - off : 65536);
		console_feed(&log, "[    4.1] after\n", 16);
		console_finish(&log);
		assert_int_equal(log.nr, 3);
		assert_true(strlen(log.lines[1]) <= CONSOLE_LINE_MAX);
		assert_non_null(strstr(log.lines[1], "bytes cut ...]"));
		n = console_spans(&log, &s);
		assert_int_equal(n, 1);
		assert_string_equal(s[0].step, "t.C-mid");
		assert_int_equal(s[0].begin_line, 2);
		assert_true(log.cut > (long)junk - 2 * CONSOLE_LINE_MAX);
		assert_int_equal(strlen(log.lines[1]) - strlen("[... bytes cut ...]") -
				 snprintf(NULL, 0, "%ld", log.cut) + log.cut, len);
		console_spans_free(s, n);
		console_free(&log);
	}
	free(buf);
}

/* A flood stops at CONSOLE_MAX_BYTES: later lines are counted, not kept. */
static void flood_is_bounded(void **state)
{
	struct console_log log;
	char line[1001];
	long fed = 0;

	(void)state;
	memset(line, 'y', 1000);
	line[1000] = '\n';
	console_init(&log, NULL);
	while (fed < CONSOLE_MAX_BYTES + (4L << 20)) {
		console_feed(&log, line, sizeof(line));
		fed += sizeof(line);
	}
	console_finish(&log);
	assert_true(log.bytes <= CONSOLE_MAX_BYTES);
	assert_true(log.dropped > 4000);
	assert_int_equal(log.nr + log.dropped, fed / (long)sizeof(line));
	console_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spans),
		cmocka_unit_test(overlong_line_keeps_its_end),
		cmocka_unit_test(flood_is_bounded),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
