/* SPDX-License-Identifier: GPL-2.0 */
/*
 * steps.h - the guest's plan for one VM: the steps it runs, each a guest
 * program and its arguments. What the console and the control port said
 * of each is a verdict/step_result.h, the session's to fill in.
 *
 * A VM's steps, in order: the labels (not in an nfit_test VM), then each
 * namespace it needs in profile order (a placeholder for one before them
 * it does not need, so region offsets stay those of the profile), created
 * by its layout cell when that is pending, else by a setup step; then the
 * pending cells. Step names are unique within a VM: cell names, or
 * "setup.*" for what no cell owns.
 */
#ifndef PMEMFI_STEPS_H
#define PMEMFI_STEPS_H

#include "common/ctl.h"
#include "config/plan.h"

enum step_kind { STEP_LABELS, STEP_SETUP, STEP_CELL };

struct step {
	char *name;
	enum step_kind kind;
	int cell;			/* index into plan->cells, STEP_CELL only */
	const struct ns_def *ns;	/* namespace this step creates or uses */
	char *argv[CTL_MAX_ARGS];	/* guest program and arguments, NULL-terminated */
};

struct step_list {
	struct step *v;
	int nr, alloc;
};

/*
 * The steps of a VM for the cells in @pending (@nfit: an nfit_test VM),
 * media @seed; without @setup, the cells only (a VM restored from a
 * template that has the labels and namespaces already).
 */
void steps_build(struct step_list *sl, const struct plan *p, const int *pending, int nr_pending,
		 int nfit, const char *seed, int setup);

/* How many steps from the first set the VM up (labels and namespaces). */
int steps_setup_count(const struct step_list *sl, const struct plan *p);

/* The step called @name, or NULL. */
struct step *steps_find(struct step_list *sl, const char *name);

/* The control protocol's "run NAME ARGV..." line for @s (caller frees). */
char *step_run_line(const struct step *s);

void steps_free(struct step_list *sl);

#endif
