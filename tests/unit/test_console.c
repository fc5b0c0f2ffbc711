// SPDX-License-Identifier: GPL-2.0
/* Step markers in the console and the attribution of lines to steps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "../../harness/console.h"

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(spans),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
