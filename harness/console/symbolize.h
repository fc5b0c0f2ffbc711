/* SPDX-License-Identifier: GPL-2.0 */
/*
 * symbolize.h - a kernel report's stack decoded to file:line.
 *
 * The decoding is the kernel's own: scripts/decode_stacktrace.sh of the
 * kernel's tree, run on its vmlinux and modules with DWARF line tables
 * (kbuild keeps all three with every kernel built here; kbuild.h). Only
 * the report's frame lines ("func+0x12/0x34", "RIP: 0010:func+0x..",
 * "? func+0x.. [mod]") go to it; every other line is kept as it is. A
 * prebuilt kernel has none of this here: its reports say why they are not
 * decoded, never a guessed line.
 *
 * decode_stacktrace.sh runs nm and addr2line for every new frame, about a
 * second each on a KASAN vmlinux, so each decoded frame line is kept for
 * the rest of the run: the hundred cells that hit one bug cost one
 * decoding.
 */
#ifndef PMEMFI_SYMBOLIZE_H
#define PMEMFI_SYMBOLIZE_H

#include "lib/util.h"

struct symbolizer {
	char *decoder;		/* decode_stacktrace.sh; NULL: reports are not decoded */
	char *vmlinux;
	char *why;		/* why not, when @decoder is NULL */
	char *base;		/* the source prefix of the file names (the script's "auto" base) */
	struct strvec keys, vals;	/* decoded frame lines: message -> decoded message */
	int calls;		/* runs of the decoder */
	double seconds;		/* spent in them */
};

/*
 * @decoder and @vmlinux (both NULL when there are none, and @why says why);
 * the decoder is started only when a report needs it.
 */
void symbolizer_init(struct symbolizer *s, const char *decoder, const char *vmlinux, const char *why);
void symbolizer_free(struct symbolizer *s);

/* Is @msg (a console line without its printk prefix) a frame line the decoder reads? */
int symbolize_is_frame(const char *msg);

/*
 * Decode console lines @lines[@start..@end) (0-based, inclusive), modules
 * from @modules (a directory of unstripped .ko files, NULL: none): @out
 * gets each line's message, frames with " (file:line)" (and the inlined
 * callers' file:line). Returns the number of frames decoded (0 when the
 * decoder found no line numbers), or -1 with @why when there is no
 * decoding (@out is then empty).
 */
int symbolize_report(struct symbolizer *s, const char *modules, char *const *lines, int start, int end,
		     struct strvec *out, char *why, int whylen);

#endif
