/* SPDX-License-Identifier: GPL-2.0 */
/*
 * repro_parts.h - the files of one cell's reproducer (repro.h), for
 * repro.c: repro_parts.c writes repro.c, README and the copies;
 * repro_sh.c writes repro.sh.
 */
#ifndef PMEMFI_REPRO_PARTS_H
#define PMEMFI_REPRO_PARTS_H

#include "config/plan.h"

struct json_object;
struct strbuf;

struct repro_cell {
	const char *run, *repo, *dir;	/* the run directory, the checkout, where the files go */
	char run_name[128];		/* the run directory's own name (20261206T231013Z-kasan-...) */
	struct json_object *manifest;	/* the run's */
	struct json_object *t;		/* the cell's summary.json test */
	struct plan plan;		/* the run's plan for the cell's seed */
	const struct cell *c;		/* the cell in it */
};

/*
 * @rc for test @t (summary.json's) of run @run: the run's plan for its seed
 * and the cell in it (repo and dir left NULL). 0, or -1 with @err.
 */
int repro_cell_open(struct repro_cell *rc, const char *run, struct json_object *manifest, struct json_object *t,
		    char *err, int errlen);
void repro_cell_close(struct repro_cell *rc);

/*
 * The cell's steps as commands a maintainer would type (ndctl, echo into
 * debugfs), for a bug report (modes/mail.h): @pfn is the pfn the run
 * injected at (its test's "pmemfi-inject:" line), or NULL.
 */
void repro_steps_text(const struct repro_cell *rc, const char *pfn, struct strbuf *sb);

/* Every file of the reproducer; 0, or -1 with @err. */
int repro_parts_write(const struct repro_cell *rc, char *err, int errlen);

/* repro.sh (repro_sh.c) and README (repro_readme.c); 0, or -1 with @err. */
int repro_sh_write(const struct repro_cell *rc, char *err, int errlen);
int repro_readme_write(const struct repro_cell *rc, char *err, int errlen);

/*
 * What repro.sh matches: the run's kernel report of the cell (its kind and
 * header line, from the cell's console lines) when its verdict came from
 * one, else the failed check's words. 0, or -1 with @err when neither.
 */
struct repro_target {
	char title[256];	/* the report's title, or "" */
	char kind[48];		/* its kind (report_kind_name()) */
	char header[512];	/* its opening line, and the line that gave its text (a joined kind) */
	char text_line[512];
	int seen;		/* header and text_line are the run's (else only the title is known) */
	char failure[512];	/* a failed check's words, without "file.c:N: " */
};
int repro_target(const struct repro_cell *rc, struct repro_target *tg, char *err, int errlen);

/*
 * The other faces of the run's failure: when a known issue excused the
 * cell's report in the run, its other titles (the run's configs/known-issues),
 * each with every kind that can carry it (report_title_kinds()): a race
 * (finding 6) or another kernel build (KASAN, DEBUG_VM or neither) shows
 * the same bug under another title. At most @max into @alt; returns how many.
 */
int repro_alternates(const struct repro_cell *rc, const struct repro_target *tg, struct repro_target *alt, int max);

struct report;

/* @tg for report @rep found in @lines (its start_line and end_line index @lines, 1-based). */
void repro_target_of(const struct report *rep, char *const *lines, struct repro_target *tg);

/*
 * The matcher repro.sh runs over the console (awk): @tg's title and its
 * kind's rule (the frame @frame, as the run titled it), or its failed
 * check, then the checkout's repro/match.awk. 0, or -1 with @err.
 */
int repro_matcher(const char *repo, const struct repro_target *tg, const char *frame, struct strbuf *sb,
		  char *err, int errlen);

/* The checkout's repro/@name appended to @sb; 0, or -1 with @err. */
int repro_part(const struct repro_cell *rc, const char *name, struct strbuf *sb, char *err, int errlen);

/* Is @rc's cell one of the nfit_test group (its own VM, its own modules)? */
int repro_is_nfit(const struct repro_cell *rc);

/* Is it a page-table walker cell (vma-*: it maps a page, walks, and looks whether it is still mapped)? */
int repro_is_walk(const struct repro_cell *rc);

#endif
