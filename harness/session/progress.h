/* SPDX-License-Identifier: GPL-2.0 */
/*
 * progress.h - what a run shows while it runs: a line per test, or on a
 * terminal a line per test that did not pass under one status line
 * rewritten in place (tests done, failed, known, skipped, elapsed, ETA).
 */
#ifndef PMEMFI_PROGRESS_H
#define PMEMFI_PROGRESS_H

#include "config/plan.h"
#include "results/results.h"
#include "verdict/verdict.h"

/* The progress after @c got verdict @v in @duration seconds (@r counts it already). */
void progress_test(const struct results *r, int tty, const struct cell *c, const struct verdict_out *v,
		   double duration);

#endif
