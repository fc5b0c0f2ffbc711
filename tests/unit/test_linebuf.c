// SPDX-License-Identifier: GPL-2.0
/* The bounded line splitter that reads untrusted guest output. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/linebuf.h"

struct got {
	char lines[64][32];
	int flags[64];
	int n;
};

static void collect(void *arg, const char *line, size_t len, int flags)
{
	struct got *g = arg;

	assert_int_equal(strlen(line), len);
	assert_true(len <= 8);
	assert_null(strchr(line, '\r'));
	if (g->n < 64) {
		strcpy(g->lines[g->n], line);
		g->flags[g->n++] = flags;
	}
}

static void splits_lines(void **state)
{
	struct linebuf lb;
	struct got g = { 0 };

	(void)state;
	assert_int_equal(linebuf_init(&lb, 8, collect, &g), 0);
	linebuf_feed(&lb, "ab\r\ncd", 6);
	assert_int_equal(g.n, 1);
	linebuf_feed(&lb, "e\n\nf", 4);
	assert_int_equal(g.n, 3);
	assert_string_equal(g.lines[0], "ab");
	assert_string_equal(g.lines[1], "cde");
	assert_string_equal(g.lines[2], "");
	linebuf_finish(&lb);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.lines[3], "f");
	assert_int_equal(g.flags[3], LINEBUF_PARTIAL);
	linebuf_free(&lb);
	linebuf_free(&lb);
}

static void cuts_overlong_lines_without_loss(void **state)
{
	struct linebuf lb;
	struct got g = { 0 };

	(void)state;
	assert_int_equal(linebuf_init(&lb, 8, collect, &g), 0);
	linebuf_feed(&lb, "0123456789abcdefXYZ\nok\n", 23);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.lines[0], "01234567");
	assert_int_equal(g.flags[0], 0);
	assert_string_equal(g.lines[1], "89abcdef");
	assert_int_equal(g.flags[1], LINEBUF_CONT);
	assert_string_equal(g.lines[2], "XYZ");
	assert_int_equal(g.flags[2], LINEBUF_CONT);
	assert_string_equal(g.lines[3], "ok");
	assert_int_equal(g.flags[3], 0);
	linebuf_free(&lb);
}

static void nul_bytes_do_not_cut_strings(void **state)
{
	struct linebuf lb;
	struct got g = { 0 };

	(void)state;
	assert_int_equal(linebuf_init(&lb, 8, collect, &g), 0);
	linebuf_feed(&lb, "a\0b\n", 4);
	assert_string_equal(g.lines[0], "a?b");
	linebuf_free(&lb);
}

static void count(void *arg, const char *line, size_t len, int flags)
{
	(void)line;
	(void)flags;
	*(size_t *)arg += len;
}

/* Endless output without a newline: memory stays at max + 1 bytes. */
static void endless_line(void **state)
{
	struct linebuf lb;
	size_t total = 0;
	char junk[4096];

	(void)state;
	memset(junk, 'x', sizeof(junk));
	assert_int_equal(linebuf_init(&lb, 100, count, &total), 0);
	for (int i = 0; i < 1000; i++)
		linebuf_feed(&lb, junk, sizeof(junk));
	linebuf_finish(&lb);
	assert_int_equal(total, 1000 * sizeof(junk));
	assert_true(lb.len <= lb.max);
	linebuf_free(&lb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(splits_lines),
		cmocka_unit_test(cuts_overlong_lines_without_loss),
		cmocka_unit_test(nul_bytes_do_not_cut_strings),
		cmocka_unit_test(endless_line),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
