/* SPDX-License-Identifier: GPL-2.0 */
/*
 * step_result.h - what one guest step did, as the console and the control
 * port said, plus what the session knows of its VM: all a verdict is
 * decided from (verdict.h). The verdict stage owns it; the session fills
 * it in, one per step of its VM's plan (guest/steps.h), and hands it to
 * verdict_decide().
 */
#ifndef PMEMFI_STEP_RESULT_H
#define PMEMFI_STEP_RESULT_H

struct kconfig;
struct report;

/* Output lines kept per step; more are counted and said. */
#define STEP_MAX_OUTPUT 10000

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
	/*
	 * The setup step (layout cell) this test needed skipped: its reason,
	 * "(needs WHAT)" and all; the test is a skip too (device memory the
	 * kernel lacks), held to the kernel's config like its own skips.
	 */
	const char *setup_skipped;
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
	/* The session's bookkeeping of the above. */
	int out_alloc, mf_alloc, reports_alloc;	/* of output, mf, reports */
	double t_begin, t_end;
	long out_dropped;		/* output lines past STEP_MAX_OUTPUT */
};

/* Keep one output line (the first STEP_MAX_OUTPUT; the rest are counted). */
void step_result_add_output(struct step_result *r, const char *line);
/* A memory-failure line's text between the step's markers. */
void step_result_add_mf(struct step_result *r, const char *text);
/* A report attributed to the step. */
void step_result_add_report(struct step_result *r, const struct report *rep);
/* Free what the above keep (the reports are the session's). */
void step_result_free(struct step_result *r);

#endif
