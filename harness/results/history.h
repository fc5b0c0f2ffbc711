/* SPDX-License-Identifier: GPL-2.0 */
/*
 * history.h - the earlier runs in a results directory, for the modes that
 * compare a run with the ones before it (nightly's baseline, the page's
 * history strip).
 *
 * A run directory's name starts with its UTC start time (results_open()),
 * so name order is time order. A past run counts only when it finished:
 * its summary.json says "complete" (compare_incomplete() is NULL). An
 * interrupted or crashed run is never anyone's baseline.
 */
#ifndef PMEMFI_HISTORY_H
#define PMEMFI_HISTORY_H

#include "results/run_record.h"

struct json_object;
struct strvec;

/*
 * The finished runs under @results whose profile is @profile (NULL: any),
 * newest first, leaving out @self (a run directory, or NULL) and every run
 * that started after it. At most @max of them (0: all). Returns how many
 * (*@out gets them; free with history_free()).
 */
int history_list(const char *results, const char *profile, const char *self, int max,
		 struct run_record **out);

/*
 * The names in @results that can be run directories (not dot files, not
 * the "latest" link), appended to @names in directory order.
 */
void history_names(const char *results, struct strvec *names);

/* The profile name a run's manifest records, or NULL. */
const char *history_profile(const struct run_record *r);

/* Free a history_list() array. */
void history_free(struct run_record *v, int n);

#endif
