// SPDX-License-Identifier: GPL-2.0
/*
 * index.html's one way out for untrusted text: escaping for text and
 * attributes, printable UTF-8 only, and links that cannot leave the run
 * directory (or, for known issues' URLs, only http(s) ones).
 */
#include <string.h>

#include "results/out_html.h"
#include "results/outputs.h"
#include "verdict/verdict.h"
#include "results/run_record.h"

/* Any one field of the summary (a reason, a title) shown at most this long. */
#define FIELD_MAX_BYTES	2048

/*
 * Length of the printable UTF-8 sequence at @s (of @n bytes), or 0 when it
 * is malformed, overlong, a surrogate, a C1 control or a noncharacter:
 * anything a strict HTML parser would flag.
 */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	unsigned int cp;
	int len = out_utf8(s, n, &cp);

	if (!len || cp < 0xa0 || (cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) == 0xfffe)
		return 0;
	return len;
}

size_t html_esc(FILE *f, const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t out = 0;

	for (size_t i = 0; i < n; i++) {
		const char *e = NULL;
		size_t len;

		switch (p[i]) {
		case '&': e = "&amp;"; break;
		case '<': e = "&lt;"; break;
		case '>': e = "&gt;"; break;
		case '"': e = "&quot;"; break;
		case '\'': e = "&#39;"; break;
		}
		if (e) {
			fputs(e, f);
			out += strlen(e);
		} else if (p[i] == '\t' || (p[i] >= 0x20 && p[i] < 0x7f)) {
			fputc(p[i], f);
			out++;
		} else if (p[i] >= 0x80 && (len = utf8_len(p + i, n - i))) {
			fwrite(p + i, 1, len, f);
			out += len;
			i += len - 1;
		} else {
			fputc('?', f);
			out++;
		}
	}
	return out;
}

void html_esc_str(FILE *f, const char *s)
{
	size_t n = s ? strlen(s) : 0;

	html_esc(f, s ? s : "", n > FIELD_MAX_BYTES ? FIELD_MAX_BYTES : n);
	if (n > FIELD_MAX_BYTES)
		fputs("[…]", f);
}

/* Relative, inside the run directory, and no scheme ("javascript:x/"). */
int html_safe_relpath(const char *p)
{
	const char *slash;

	if (!p || !*p || *p == '/' || strstr(p, ".."))
		return 0;
	slash = strchr(p, '/');
	return !memchr(p, ':', slash ? (size_t)(slash - p) : strlen(p));
}

void html_href(FILE *f, const char *p)
{
	fputs("href=\"", f);
	for (const unsigned char *s = (const unsigned char *)p; *s; s++) {
		if ((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') ||
		    strchr("/._-~@+", *s))
			fputc(*s, f);
		else
			fprintf(f, "%%%02X", *s);
	}
	fputc('"', f);
}

void html_link(FILE *f, const char *path, const char *text)
{
	if (!html_safe_relpath(path)) {
		html_esc_str(f, text);
		return;
	}
	fputs("<a ", f);
	html_href(f, path);
	fputc('>', f);
	html_esc_str(f, text);
	fputs("</a>", f);
}

/* Links are the one place an outside URL appears, and only as <a>, never fetched. */
void html_outside_link(FILE *f, const char *url)
{
	if (!url || (strncmp(url, "https://", 8) && strncmp(url, "http://", 7))) {
		html_esc_str(f, url);
		return;
	}
	fputs("<a rel=\"noreferrer\" href=\"", f);
	html_esc_str(f, url);
	fputs("\">", f);
	html_esc_str(f, url);
	fputs("</a>", f);
}

const char *html_verdict_class(struct json_object *t)
{
	if (!t)
		return "notrun";
	return verdict_name(run_test_verdict(t));
}

int html_is_pass(struct json_object *t)
{
	return t && run_test_verdict(t) == V_PASS;
}

/* What a grid cell shows: short enough that every column is as wide as "skip". */
const char *html_verdict_code(const char *cls)
{
	static const char *const codes[][2] = {
		{ "pass", "ok" }, { "fail", "FAIL" }, { "bug", "BUG" }, { "xfail", "xf" },
		{ "xpass", "XP" }, { "skip", "skip" }, { "timeout", "T/O" }, { "error", "ERR" },
		{ "notrun", "·" },
	};

	for (size_t i = 0; i < sizeof(codes) / sizeof(codes[0]); i++)
		if (!strcmp(cls, codes[i][0]))
			return codes[i][1];
	return "?";
}
