/* SPDX-License-Identifier: GPL-2.0 */
/*
 * summary.h - the one-screen summary of a run: counts, then every kind of
 * trouble once. Tests that went wrong the same way (same verdict, same
 * title or reason once pfns and source lines are taken out) form one
 * group, so a nightly with a hundred cells hitting one bug prints it
 * once with a count; summary.json keeps every test.
 */
#ifndef PMEMFI_SUMMARY_H
#define PMEMFI_SUMMARY_H

#include <stdio.h>

struct json_object;

#define SUMMARY_EXAMPLES	3

struct summary_group {
	char *verdict;
	char *headline;		/* the title of a bug, or the normalized reason */
	int count;
	const char *examples[SUMMARY_EXAMPLES];	/* test names (owned by the tests array) */
};

/* "selftests/x.c:12: got 0x1f, want 0x20; ..." -> "got 0x…, want 0x…" (caller frees). */
char *summary_headline(const char *reason);

/*
 * Group the tests (summary.json's "tests" array) that did not pass, in
 * first-seen order. Returns the number of groups; free with summary_free().
 */
int summary_groups(struct json_object *tests, struct summary_group **groups);
void summary_free(struct summary_group *groups, int n);

/* " 3 pass 1 bug (2 VMs)\n": the verdicts that occur, in the verdict table's order. */
void summary_print_counts(FILE *f, const int *counts, int vms);

/*
 * Print the groups, three example names each; under each failed one the
 * command that reruns it and the one that writes its reproducer
 * (results/rerun.h), from @manifest and the run directory @dir.
 */
void summary_print(FILE *f, struct json_object *tests, struct json_object *manifest, const char *dir);

#endif
