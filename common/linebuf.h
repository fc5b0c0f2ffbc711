/* SPDX-License-Identifier: GPL-2.0 */
/*
 * linebuf.h - split an untrusted byte stream into bounded lines.
 *
 * Used for everything pmemfi reads from a guest: the serial console, the
 * control port, a test's output. The guest can send anything, forever.
 *
 * Invariants:
 *  - memory is fixed at init: one buffer of max + 1 bytes, never grown;
 *  - every line handed to the callback is NUL-terminated, holds no '\n',
 *    no '\r' and no NUL, and is at most max bytes long;
 *  - a line longer than max is handed over in pieces of max bytes, each
 *    piece after the first flagged LINEBUF_CONT, so nothing is dropped;
 *  - bytes are never reordered; linebuf_finish() hands over a last line
 *    that had no newline (flagged LINEBUF_PARTIAL).
 */
#ifndef PMEMFI_LINEBUF_H
#define PMEMFI_LINEBUF_H

#include <stddef.h>

#define LINEBUF_CONT	0x1	/* continues the previous, overlong line */
#define LINEBUF_PARTIAL	0x2	/* stream ended without a newline */

typedef void (*linebuf_fn)(void *arg, const char *line, size_t len, int flags);

struct linebuf {
	char *buf;
	size_t len;		/* bytes held, always <= max */
	size_t max;
	int cont;		/* the held bytes continue a cut line */
	linebuf_fn fn;
	void *arg;
};

/* Returns 0, or -1 when the buffer cannot be allocated. */
int linebuf_init(struct linebuf *lb, size_t max, linebuf_fn fn, void *arg);

/* Feed @n bytes; complete lines go to the callback in order. */
void linebuf_feed(struct linebuf *lb, const char *data, size_t n);

/* Hand over what is held (end of stream). */
void linebuf_finish(struct linebuf *lb);

/* Free the buffer; safe to call twice. */
void linebuf_free(struct linebuf *lb);

#endif
