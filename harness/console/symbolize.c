// SPDX-License-Identifier: GPL-2.0
#include "console/symbolize.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console/report.h"

void symbolizer_init(struct symbolizer *s, const char *decoder, const char *vmlinux, const char *why)
{
	memset(s, 0, sizeof(*s));
	if (decoder && vmlinux) {
		s->decoder = xstrdup(decoder);
		s->vmlinux = xstrdup(vmlinux);
	} else {
		s->why = xstrdup(why ? why : "no vmlinux with debug info");
	}
}

void symbolizer_free(struct symbolizer *s)
{
	free(s->decoder);
	free(s->vmlinux);
	free(s->why);
	free(s->base);
	strvec_clear(&s->keys);
	strvec_clear(&s->vals);
	memset(s, 0, sizeof(*s));
}

/* "+0x1f/0x2a" at @p: the decoder's pattern for a symbol and offset. */
static int offset_size(const char *p)
{
	int n = 0;

	if (strncmp(p, "+0x", 3))
		return 0;
	for (p += 3; isxdigit((unsigned char)*p); p++)
		n++;
	if (!n || strncmp(p, "/0x", 3))
		return 0;
	return isxdigit((unsigned char)p[3]);
}

int symbolize_is_frame(const char *msg)
{
	for (const char *p = strchr(msg, '+'); p; p = strchr(p + 1, '+'))
		if (p > msg && p[-1] != ' ' && offset_size(p))
			return 1;
	return 0;
}

/* Has the decoder put a "(file:line)" on @line? */
static int has_line_number(const char *line)
{
	for (const char *p = strchr(line, '('); p; p = strchr(p + 1, '(')) {
		const char *colon = strchr(p, ':'), *close = strchr(p, ')');

		if (colon && close && colon < close && isdigit((unsigned char)colon[1]))
			return 1;
	}
	return 0;
}

/*
 * Run the decoder on @in (one frame line each) with source prefix @base:
 * @out gets one line per input line. 0, or -1 with @why.
 */
static int run_decoder(struct symbolizer *s, const char *modules, const struct strvec *in, const char *base,
		       struct strbuf *out, char *why, int whylen)
{
	char path[] = "/tmp/pmemfi-decode.XXXXXX";
	/* Its warnings (a module without a .ko, say) go nowhere: a frame it cannot read stays as it was. */
	char *argv[] = { "sh", "-c", "exec bash \"$0\" \"$1\" \"$2\" \"$3\" < \"$4\" 2>/dev/null",
			 s->decoder, s->vmlinux, (char *)base, (char *)(modules ? modules : ""), path, NULL };
	struct strbuf text = STRBUF_INIT;
	double t0 = now_mono();
	int fd = mkstemp(path), rc;

	if (fd < 0)
		return error_set(why, whylen, "%s: %s", path, strerror(errno));
	for (int i = 0; i < in->nr; i++)
		strbuf_addf(&text, "%s\n", in->v[i]);
	rc = write(fd, text.buf, text.len) == (ssize_t)text.len ? 0 : -1;
	close(fd);
	if (!rc)
		rc = run_cmd(argv, NULL, "-", out);
	unlink(path);
	strbuf_release(&text);
	s->calls++;
	s->seconds += now_mono() - t0;
	if (rc)
		return error_set(why, whylen, "%s failed (status %d)", s->decoder, rc);
	return 0;
}

/* The decoder's source prefix, found as the script's "auto" finds it: where kernel_init is. */
static void find_base(struct symbolizer *s)
{
	struct strvec in = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;
	char why[256], *open, *at;

	s->base = xstrdup("");
	strvec_push(&in, "kernel_init+0x0/0x0");
	/* A base of "/" strips nothing ("//" starts no path): the file name comes whole. */
	if (!run_decoder(s, NULL, &in, "/", &out, why, sizeof(why)) && (open = strchr(out.buf, '(')) &&
	    (at = strstr(open, "/init/main.c:"))) {
		free(s->base);
		s->base = xasprintf("%.*s", (int)(at - open - 1), open + 1);
	}
	strvec_clear(&in);
	strbuf_release(&out);
}

/* A frame line, decoded with the modules of @modules (the nfit_test VM has builds of its own). */
/* @path without "." and "dir/.." components (lexically; nothing is looked up). */
static void normalize(char *path)
{
	char *out = path, *p = path;

	while (*p) {
		size_t n = strcspn(p, "/");

		if (n == 1 && p[0] == '.') {
			p += 1 + (p[1] == '/');
			continue;
		}
		if (n == 2 && p[0] == '.' && p[1] == '.' && out > path + 1) {
			/* Back over the last component written. */
			for (out -= 1; out > path && out[-1] != '/'; out--)
				;
			p += 2 + (p[2] == '/');
			continue;
		}
		memmove(out, p, n + (p[n] == '/'));
		out += n + (p[n] == '/');
		p += n + (p[n] == '/');
	}
	*out = '\0';
}

/*
 * A file name the decoder left absolute (a module built out of tree, such
 * as nfit_test's, from a copy of the sources) made relative to the
 * kernel's tree: its shortest tail that is a file there.
 */
static void relative_files(const struct symbolizer *s, char *line, size_t len)
{
	struct strbuf out = STRBUF_INIT;
	char *p = line;

	for (char *q; (q = strstr(p, " /")) || (q = strstr(p, "(/")); p = q) {
		size_t n = strcspn(q + 1, ": )");
		char *file = xasprintf("%.*s", (int)n, q + 1), *tail = NULL;

		normalize(file);
		for (char *t = file; t && !tail; t = strchr(t + 1, '/')) {
			char *try = xasprintf("%s/%s", s->base, t + 1);

			if (*s->base && file_exists(try))
				tail = t + 1;
			free(try);
		}
		strbuf_add(&out, p, q + 1 - p);
		strbuf_addstr(&out, tail ? tail : file);
		q += 1 + n;
		free(file);
	}
	strbuf_addstr(&out, p);
	snprintf(line, len, "%s", out.buf);
	strbuf_release(&out);
}

static const char *memo_get(const struct symbolizer *s, const char *modules, const char *msg)
{
	size_t n = modules ? strlen(modules) : 0;

	for (int i = 0; i < s->keys.nr; i++) {
		const char *k = s->keys.v[i];

		if (!strncmp(k, modules ? modules : "", n) && k[n] == '\t' && !strcmp(k + n + 1, msg))
			return s->vals.v[i];
	}
	return NULL;
}

/* Decode the frames of @msgs not decoded before; 0, or -1 with @why. */
static int decode_new(struct symbolizer *s, const char *modules, const struct strvec *msgs, char *why, int whylen)
{
	struct strvec in = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;
	int rc = 0, n = 0;

	for (int i = 0; i < msgs->nr; i++)
		if (symbolize_is_frame(msgs->v[i]) && !memo_get(s, modules, msgs->v[i]) &&
		    !strvec_has(&in, msgs->v[i]))
			strvec_push(&in, msgs->v[i]);
	if (!in.nr)
		return 0;
	if (!s->base)
		find_base(s);
	rc = run_decoder(s, modules, &in, s->base, &out, why, whylen);
	for (char *line = out.buf; !rc && line && *line && n < in.nr; n++) {
		char *nl = strchr(line, '\n'), *end;

		if (nl)
			*nl = '\0';
		for (end = line + strlen(line); end > line && end[-1] == ' '; end--)
			*(end - 1) = '\0';
		strvec_pushf(&s->keys, "%s\t%s", modules ? modules : "", in.v[n]);
		relative_files(s, line, strlen(line) + 1);
		strvec_push(&s->vals, line);
		line = nl ? nl + 1 : NULL;
	}
	if (!rc && n != in.nr)
		rc = error_set(why, whylen, "%s gave %d lines for %d frames", s->decoder, n, in.nr);
	strvec_clear(&in);
	strbuf_release(&out);
	return rc;
}

int symbolize_report(struct symbolizer *s, const char *modules, char *const *lines, int start, int end,
		     struct strvec *out, char *why, int whylen)
{
	struct strvec msgs = STRVEC_INIT;
	int decoded = 0;

	if (!s->decoder)
		return error_set(why, whylen, "%s", s->why);
	for (int i = start; i <= end; i++)
		strvec_push(&msgs, report_strip_prefix(lines[i]));
	if (decode_new(s, modules, &msgs, why, whylen)) {
		strvec_clear(&msgs);
		return -1;
	}
	for (int i = 0; i < msgs.nr; i++) {
		const char *msg = msgs.v[i], *dec = symbolize_is_frame(msg) ? memo_get(s, modules, msg) : NULL;
		int indent = strspn(msg, " \t");

		if (dec && has_line_number(dec)) {
			strvec_pushf(out, "%.*s%s", indent, msg, dec);
			decoded++;
		} else {
			strvec_push(out, msg);
		}
	}
	strvec_clear(&msgs);
	return decoded;
}
