/* SPDX-License-Identifier: GPL-2.0 */
/*
 * canary.h - the canary kernels (configs/canaries) and how a run's
 * results are reduced to the outcome a canary row expects.
 */
#ifndef PMEMFI_CANARY_H
#define PMEMFI_CANARY_H

struct json_object;

#define CANARY_MAX 16
#define CANARY_MAX_PATCHES 8

struct canary {
	char *name;
	char *patches[CANARY_MAX_PATCHES];
	int nr_patches;
	char *fragments[CANARY_MAX_PATCHES];	/* "@NAME" items: configs/kernel/NAME.config */
	int nr_fragments;
	char *expected;		/* "clean" or "bug:FUNC[|xfail:FUNC...][+VERDICT:CLASS...]" */
};

struct canary_set {
	struct canary v[CANARY_MAX];
	int nr;
};

/* Parse configs/canaries. Returns 0, or -1 with a one-line reason. */
int canary_load(struct canary_set *set, const char *path, char *err, int errlen);
void canary_free(struct canary_set *set);

/*
 * The outcome of a run: "clean"; "bug:FUNC" when every class A cell is a
 * bug in FUNC ("xfail:FUNC", "xpass:A"; the distinct outcomes of the class
 * A cells sorted and joined by '|' when they differ, e.g.
 * "bug:hwpoison_inject|xpass:A"), plus "+VERDICT:CLASS" for each other
 * class whose cells all have that verdict; or "other: ..." describing what
 * broke the pattern.
 * @tests is summary.json's "tests" array. Caller frees.
 */
char *canary_outcome(struct json_object *tests, int run_reports);

/* The distinct bug titles of a run, "; "-separated, or "-". Caller frees. */
char *canary_titles(struct json_object *tests);

#endif
