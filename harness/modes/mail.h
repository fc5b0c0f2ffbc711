/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mail.h - a failed cell as a bug report in the shape of an LKML mail
 * (pmemfi report --mail RUN_DIR --tests CELL [--bisect BISECT_JSON]
 * [--kernel-tree DIR]), plain text on stdout:
 *
 *   To:/Cc:   scripts/get_maintainer.pl of the kernel tree (--kernel-tree, else the
 *             bisection's, else the one the kernel was built from, when it is
 *             still there) on the culprit's files, else on the files of
 *             the decoded stack; without a tree, a line says how to get them
 *   Subject:  the report's title (or the failed check's words)
 *   body      kernel (version, source and git commit when it is a git tree,
 *             config), machine, how pmemfi found it, the known issue's
 *             analysis when one excused it, the report with its stack decoded
 *             (console/symbolize.h), the reproducer's steps as commands
 *             (modes/repro_parts.h) and the commands that write the standalone
 *             reproducer and rerun the cell, and the bisection's culprit
 *             when a bisect.json whose target is this title is given
 */
#ifndef PMEMFI_MAIL_H
#define PMEMFI_MAIL_H

#include <stdio.h>

struct mail_opts {
	const char *run;	/* the run directory */
	const char *test;	/* the cell (its exact name) */
	const char *bisect;	/* a bisect.json, or NULL */
	const char *tree;	/* a kernel source tree for get_maintainer.pl, or NULL */
};

/*
 * Write the mail to @f. Returns 0, or 2 with @err: not a run directory, no
 * such cell, a cell that did not fail, a bisect.json of another title.
 */
int mail_write(FILE *f, const struct mail_opts *o, char *err, int errlen);

#endif
