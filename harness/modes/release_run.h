/* SPDX-License-Identifier: GPL-2.0 */
/*
 * release_run.h - pmemfi release as a mode: the kernels and their run
 * options (cli/cmd_release.c fills them from argv), then every repeat of
 * every kernel run and judged (release_run.c; modes/release.h says how).
 */
#ifndef PMEMFI_RELEASE_RUN_H
#define PMEMFI_RELEASE_RUN_H

#include "lib/util.h"
#include "modes/release_page.h"

#define MAX_KERNELS 16	/* --kernel at most */

struct release_args {
	const char *kernels[MAX_KERNELS];
	int nr_kernels, repeat;
	const char *baseline, *results, *profile, *tests;
	struct strvec pass;	/* options for every run */
};

/* Everything one release holds. */
struct release {
	struct release_args a;
	struct strvec args[MAX_KERNELS];	/* each kernel's run options */
	struct rel_kernel k[MAX_KERNELS];
	struct rel_kernel_info info[MAX_KERNELS];
	struct rel_kernel *base;
	int nr_base;
	struct release_page page;
	struct release_verdict v;
	double t0;
};

/*
 * After the options: load the baseline, create the release directory and
 * set up its page; exit 2 when either cannot be had.
 */
void release_open(struct release *R);

/* Run every repeat of every kernel, write the pages: the release's exit status. */
int release_run(struct release *R);

#endif
