/* SPDX-License-Identifier: GPL-2.0 */
/*
 * repro.h - a failed cell of a run as a reproducer that needs no pmemfi
 * (pmemfi repro RUN_DIR [--tests PAT] [--out DIR]): one directory per
 * cell, holding
 *
 *   repro.sh     boots a given bzImage under QEMU as the run booted the
 *                cell's VM (machine, memory, NVDIMMs at the same addresses,
 *                media seeded alike, the same kernel command line) with an
 *                initramfs it builds from the files beside it (busybox, the
 *                program, the kernel's modules), prints the console and
 *                exits 1 when the run's failure shows again, 0 when the
 *                program ran to its end without it, 2 when it cannot tell.
 *                "Shows again" is the report engine's rule for the title
 *                (console/report.h, report_rule()), or a failed check's
 *                words.
 *   repro.c      one static C program: the cell's steps as sysfs writes and
 *                ioctls (labels, namespaces, seeding, the pfn from the
 *                namespace's layout as the kernel reports it, the injection
 *                or stress loop); on the host it seeds the media files
 *   README       the title, the kernel, how to run it, what to expect
 *   kernel.config, console.txt (the cell's console lines in the run),
 *   report.txt (its kernel report, decoded), modules/ (modules-nfit/ for
 *   an nfit_test cell): the run kernel's, repro.sh's default
 *
 * repro.c and repro.sh are put together from the checkout's repro/ parts
 * and the cell's plan, read from the run directory's configs/ (results.h):
 * the namespaces a VM running just that cell creates, in order
 * (plan_namespace_uses()), as "./run.sh --tests CELL" would.
 */
#ifndef PMEMFI_REPRO_H
#define PMEMFI_REPRO_H

struct repro_opts {
	const char *run;	/* the run directory */
	const char *tests;	/* cells (plan_filter() patterns); NULL: every failed one */
	const char *out;	/* parent of the reproducers; NULL: RUN/repro */
	const char *repo;	/* the checkout: repro/ and vm-images/modules */
};

/*
 * Write the reproducer of each selected cell, saying where on stdout and
 * why on stderr for a cell that has none. Returns 0 when every selected
 * cell got one, 1 when some did not (a host machine check, a walker, a
 * layout cell: said), 2 when nothing could be done (not a run directory,
 * no cell selected, an unreadable plan), 3 when a file could not be
 * written; @err says why.
 */
int repro_write(const struct repro_opts *o, char *err, int errlen);

#endif
