/* SPDX-License-Identifier: GPL-2.0 */
/*
 * options.h - the options of "pmemfi run" (see --help), parsed without side
 * effects so that they can be tested; checks that need the file system
 * happen later, in cmd_run.
 */
#ifndef PMEMFI_OPTIONS_H
#define PMEMFI_OPTIONS_H

#include "modes/run.h"

/* struct run_options is the run mode's (modes/run.h): this fills it. */

/*
 * Parse @argv (argv[0] is the command name). Returns 0, or -1 with a
 * one-line reason in @err (the caller exits 2).
 */
int options_parse(struct run_options *o, int argc, char **argv, char *err, int errlen);


/*
 * A value option of a mode's own argv: when @argv[*i] is @name ("--name V"
 * or "--name=V"), its value, with *@i past it; NULL when it is another
 * argument. A missing value is exit 2, "@cmd: option '@name' needs a value".
 */
const char *options_value(const char *cmd, int argc, char **argv, int *i, const char *name);

/* The --help text is opt_table.c's. */

#endif
