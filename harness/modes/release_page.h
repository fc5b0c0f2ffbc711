/* SPDX-License-Identifier: GPL-2.0 */
/*
 * release_page.h - the one-page verdict of a release (release.h): what was
 * run and what it means, as text (stdout and release.txt), as a
 * self-contained HTML page (release.html) and as release.json, the next
 * release's baseline. Written after every repeat, so an interrupted
 * release keeps what it gathered.
 */
#ifndef PMEMFI_RELEASE_PAGE_H
#define PMEMFI_RELEASE_PAGE_H

#include <stdio.h>

#include "modes/release.h"

struct json_object;

/* One repeat of one kernel: a "pmemfi run". */
struct rel_run {
	char *dir;		/* relative to the release directory; NULL: it made none */
	int exit;		/* its exit status */
	double seconds;		/* wall time */
};

/* What the page says of a kernel besides its cells. */
struct rel_kernel_info {
	const char *spec;		/* --kernel of each run */
	struct strvec fragments;	/* --fragment of each run */
	char *id, *sanitizers;		/* from the first run's manifest.json */
	struct rel_run *runs;
	int nr_runs, alloc_runs;
	char *error;			/* why it has no results, or NULL */
};

struct release_page {
	const char *dir;		/* the release directory */
	const char *profile, *tests;	/* --tests, or NULL */
	const char *baseline;		/* release directory, or NULL */
	const char *status;		/* running, complete, interrupted, infra-error */
	int repeat;			/* repeats asked for */
	int nr;
	const struct rel_kernel *k;
	const struct rel_kernel_info *info;
	const struct release_verdict *v;
	double wall;			/* seconds so far */
};

void release_page_text(FILE *f, const struct release_page *p);
void release_page_html(FILE *f, const struct release_page *p);
struct json_object *release_page_json(const struct release_page *p);

/* The word a verdict line starts with: QUALIFIED, NOT QUALIFIED, INCOMPLETE. */
const char *release_page_word(const struct release_page *p);

#endif
