/* SPDX-License-Identifier: GPL-2.0 */
/*
 * outputs.h - the result files derived from summary.json's object: written
 * by results.c after every VM (so an interrupted run keeps them) and read
 * by nothing else. Each writer gets the run's summary object (counts,
 * timing, tests[], run_reports[], known_issues[]; see results.c) and its
 * manifest object, and writes one format to @f. They return 0, or -1 with
 * errno set when writing failed.
 *
 *   ktap_write   results.ktap  KTAP v1, one subtest per namespace, the
 *                              guest's own KTAP nested inside each test
 *   junit_write  junit.xml     one testcase per test (Jenkins/GitLab schema)
 *   kcidb_write  kcidb.json    KernelCI KCIDB v4 shaped checkouts/builds/tests
 *   html_write   index.html    self-contained page: verdict matrix, reports by
 *                              title, excerpts (out_html.h has its parts)
 *
 * @dir is the run directory, for writers that read console/ or tests/.
 */
#ifndef PMEMFI_OUTPUTS_H
#define PMEMFI_OUTPUTS_H

#include <stdio.h>

#include "lib/json.h"

struct json_object;

int ktap_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest);
int junit_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest);
int kcidb_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest);
int html_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest);

/* Shared by the writers (out_common.c); they read summary.json with json.h's lookups. */
struct strbuf;

/*
 * The length of the well-formed UTF-8 sequence at @s (at most @n bytes),
 * with its code point in *@cp (when not NULL); 0 for bytes that are not
 * UTF-8 (overlong forms, surrogates, past U+10FFFF, cut short). Console
 * text is whatever the kernel printed; every format wants valid text.
 */
int out_utf8(const unsigned char *s, size_t n, unsigned int *cp);

/*
 * One report of a reports/NAME.txt file that holds several (results.c
 * appends each as a "title:" header, a "console: ... lines S-E" line and
 * the lines): the one whose console line is @console; the whole file when
 * it is not found.
 */
void out_report_block(const struct strbuf *f, const char *console, size_t *off, size_t *len);

/*
 * Within that block (@off, @len): the text of its "stack:" line (how its
 * stack was decoded to file:line, or why not) and its decoded lines, each
 * an offset and length into @f->buf; length 0 when the block has none (a
 * run from before stacks were decoded).
 */
struct out_stack {
	size_t note, note_len;
	size_t decoded, decoded_len;
};
void out_report_stack(const struct strbuf *f, size_t off, size_t len, struct out_stack *st);

#endif
