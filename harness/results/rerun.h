/* SPDX-License-Identifier: GPL-2.0 */
/*
 * rerun.h - the two commands that take a failed cell further, written
 * beside it in the text summary, index.html and junit.xml:
 *
 *   rerun   ./run.sh OPTIONS --seed SEED --tests NAME
 *           just that cell, as the run ran it: OPTIONS are the manifest's
 *           "rerun" (every option that makes the cell what it was: profile,
 *           kernel, fragments, patches, configs, known issues, paging,
 *           KASLR, timeouts, accelerator, restores)
 *   repro   ./run.sh repro RUN_DIR --tests NAME
 *           its standalone reproducer (modes/repro.h)
 *
 * A failed cell is one that ran and did not meet its expectation (fail,
 * bug, xfail, timeout, error: verdict.h's ran and not clean); an xfail is
 * a known bug, still worth a reproducer.
 */
#ifndef PMEMFI_RERUN_H
#define PMEMFI_RERUN_H

struct json_object;

/* Is summary.json test @t a failed cell? */
int rerun_failed(struct json_object *t);

/*
 * The command that reruns test @t of the run whose manifest is @manifest,
 * as one shell-quoted line; NULL when the manifest has no "rerun" (a run
 * from before it was recorded). Caller frees.
 */
char *rerun_command(struct json_object *manifest, struct json_object *t);

/* The command that writes @t's reproducer from run directory @dir. Caller frees. */
char *rerun_repro_command(const char *dir, struct json_object *t);

#endif
