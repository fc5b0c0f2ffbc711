// SPDX-License-Identifier: GPL-2.0
/* What the result writers share: typed summary.json lookups, UTF-8, report files. */
#include <json-c/json.h>
#include <string.h>

#include "outputs.h"
#include "util.h"

struct json_object *out_get(struct json_object *o, const char *key)
{
	struct json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

const char *out_str(struct json_object *o, const char *key)
{
	struct json_object *v = out_get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

int out_int(struct json_object *o, const char *key, int dflt)
{
	struct json_object *v = out_get(o, key);

	return v && json_object_is_type(v, json_type_int) ? json_object_get_int(v) : dflt;
}

struct json_object *out_array(struct json_object *o, const char *key)
{
	struct json_object *v = out_get(o, key);

	return v && json_object_is_type(v, json_type_array) ? v : NULL;
}

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
