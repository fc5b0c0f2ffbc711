// SPDX-License-Identifier: GPL-2.0
#include "linebuf.h"

#include <stdlib.h>
#include <string.h>

int linebuf_init(struct linebuf *lb, size_t max, linebuf_fn fn, void *arg)
{
	memset(lb, 0, sizeof(*lb));
	if (!max)
		return -1;
	lb->buf = malloc(max + 1);
	if (!lb->buf)
		return -1;
	lb->max = max;
	lb->fn = fn;
	lb->arg = arg;
	return 0;
}

static void emit(struct linebuf *lb, int flags)
{
	lb->buf[lb->len] = '\0';
	lb->fn(lb->arg, lb->buf, lb->len, flags | (lb->cont ? LINEBUF_CONT : 0));
	lb->len = 0;
}

void linebuf_feed(struct linebuf *lb, const char *data, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char ch = data[i];

		if (ch == '\n') {
			emit(lb, 0);
			lb->cont = 0;
			continue;
		}
		/* Serial consoles end lines with \r\n; NUL would cut C strings. */
		if (ch == '\r')
			continue;
		if (ch == '\0')
			ch = '?';
		if (lb->len == lb->max) {
			emit(lb, 0);
			lb->cont = 1;
		}
		lb->buf[lb->len++] = ch;
	}
}

void linebuf_finish(struct linebuf *lb)
{
	if (lb->len)
		emit(lb, LINEBUF_PARTIAL);
	lb->cont = 0;
}

void linebuf_free(struct linebuf *lb)
{
	free(lb->buf);
	lb->buf = NULL;
	lb->len = 0;
}
