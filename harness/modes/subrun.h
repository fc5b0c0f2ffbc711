/* SPDX-License-Identifier: GPL-2.0 */
/*
 * subrun.h - one "pmemfi run" as a child process, for the modes (nightly,
 * release, bisect) that are made of several runs.
 *
 * A child is this same binary, so a mode can never run other code than
 * "pmemfi run" would; its stdout and stderr are the mode's. The child
 * writes into a results parent of the mode's choosing, and the mode finds
 * the run directory there: the one that was not there before.
 */
#ifndef PMEMFI_SUBRUN_H
#define PMEMFI_SUBRUN_H

#include <signal.h>

struct strvec;

/*
 * Run "pmemfi run @args... --results @parent" (@args NULL-terminated, the
 * options of "pmemfi run"). *@run_dir gets the run directory the child
 * created, or NULL when it created none (bad usage, a kernel that did not
 * build). Returns the child's exit status; EXIT_INTERRUPTED when it died
 * of a signal or *@stop was set meanwhile; EXIT_INFRA when it could not be
 * started.
 */
int subrun(char *const args[], const char *parent, char **run_dir);

/* The child's argv: this binary's "run @args... --results @parent". */
void subrun_argv(struct strvec *argv, char *const args[], const char *parent);

#endif
