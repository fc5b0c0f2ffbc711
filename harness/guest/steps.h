/* SPDX-License-Identifier: GPL-2.0 */
/*
 * steps.h - the guest's plan for one VM: the steps it runs, each a guest
 * program and its arguments, and what the console and control port said
 * about each.
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

struct kconfig;
struct report;

/*
 * What one step did, as the console and the control port said, plus what
 * the session knows of its VM: all a verdict is decided from
 * (verdict_decide()).
 */
struct step_result {
	int began, ended;
	int exit_code;			/* from "end <step> exit:N" */
	int term_signal;		/* from "end <step> signal:N" */
	char **output;			/* the guest's output lines */
	int nr_output;
	int timed_out;
	const struct report **reports;	/* attributed to this step */
	int nr_reports;
	char **mf;			/* texts after "recovery action for " */
	int nr_mf;
	const char *vm_died;		/* why the VM ended during the step, or NULL */
	const char *setup_failed;	/* a setup step this test needed failed: why */
	const char *vm_fault;		/* the VM was unfit before any test (init failed): why */
	/*
	 * What the harness knows the kernel has, to hold a skip's
	 * "(needs WHAT)" to: a skip for want of something the kernel has
	 * is an error, not a skip (selftests/lib/ktap.h).
	 */
	const struct kconfig *config;	/* the kernel's .config; NULL: unknown */
	int have_nfit;			/* the nfit_test modules were loaded */
	const char *not_run;		/* the harness skipped the test without running it: why */
	int not_applicable;		/* ... because the kernel cannot have what it needs */
};

/* Output lines kept per step; more are counted and said. */
#define STEP_MAX_OUTPUT 10000

enum step_kind { STEP_LABELS, STEP_SETUP, STEP_CELL };

struct step {
	char *name;
	enum step_kind kind;
	int cell;			/* index into plan->cells, STEP_CELL only */
	const struct ns_def *ns;	/* namespace this step creates or uses */
	char *argv[CTL_MAX_ARGS];	/* guest program and arguments, NULL-terminated */
	/*
	 * What happened: began, ended, exit, output, reports and
	 * memory-failure lines; the VM-wide fields are the session's.
	 */
	struct step_result r;
	int out_alloc, mf_alloc, reports_alloc;	/* of r.output, r.mf, r.reports */
	double t_begin, t_end;
	long out_dropped;		/* output lines past STEP_MAX_OUTPUT */
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

/* Keep one output line of @s (the first STEP_MAX_OUTPUT; the rest are counted). */
void step_add_output(struct step *s, const char *line);
/* A memory-failure line's text between @s's markers, and a report attributed to @s. */
void step_add_mf(struct step *s, const char *text);
void step_add_report(struct step *s, const struct report *r);

/* The control protocol's "run NAME ARGV..." line for @s (caller frees). */
char *step_run_line(const struct step *s);

void steps_free(struct step_list *sl);

#endif
