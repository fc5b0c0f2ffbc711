// SPDX-License-Identifier: GPL-2.0
/* What the result writers share: UTF-8, report files. */
#include <string.h>

#include "results/outputs.h"
#include "lib/util.h"

int out_utf8(const unsigned char *s, size_t n, unsigned int *cp)
{
	unsigned int c;
	int len;

	if (s[0] < 0x80) {
		c = s[0];
		len = 1;
		goto out;
	}
	if (s[0] < 0xc2)
		return 0;
	len = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : s[0] < 0xf5 ? 4 : 0;
	if (!len || (size_t)len > n)
		return 0;
	c = s[0] & (0x7f >> len);
	for (int i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
out:
	if (cp)
		*cp = c;
	return len;
}

void out_report_block(const struct strbuf *f, const char *console, size_t *off, size_t *len)
{
	const char *at = console ? strstr(f->buf, console) : NULL, *start, *end;

	*off = 0;
	*len = f->len;
	if (!at)
		return;
	for (start = at; start > f->buf && strncmp(start, "title: ", 7); start--)
		;
	end = strstr(at, "\n\ntitle: ");
	*off = start - f->buf;
	*len = (end ? end + 1 : f->buf + f->len) - start;
}

void out_report_stack(const struct strbuf *f, size_t off, size_t len, struct out_stack *st)
{
	const char *b = f->buf + off, *end = b + len, *head_end, *p, *raw;

	memset(st, 0, sizeof(*st));
	head_end = memmem(b, len, "\n\n", 2);
	if (!head_end)
		return;
	for (p = b; p < head_end; p = memchr(p, '\n', head_end - p) + 1) {
		if (!strncmp(p, "stack: ", 7)) {
			st->note = p + 7 - f->buf;
			st->note_len = strcspn(p + 7, "\n");
		}
		if (!memchr(p, '\n', head_end - p))
			break;
	}
	raw = memmem(head_end + 2, end - head_end - 2, "\n\nraw:\n", 7);
	if (raw) {
		st->decoded = head_end + 2 - f->buf;
		st->decoded_len = raw + 1 - (head_end + 2);
	}
}
