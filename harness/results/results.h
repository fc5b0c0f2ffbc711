/* SPDX-License-Identifier: GPL-2.0 */
/*
 * results.h - the run directory, written as results are produced so that
 * an interrupted or crashed run keeps everything gathered so far:
 *
 *   results/<UTC stamp>-<kernel id>/
 *     manifest.json      what ran: kernel, QEMU, profile, seeds, host
 *     summary.json       every test's verdict so far; rewritten after each VM
 *     results.ktap       KTAP v1: a subtest per namespace, the guest's own KTAP inside
 *     junit.xml          one testcase per test
 *     kcidb.json         KernelCI KCIDB shaped
 *     index.html         self-contained page: the verdict grid and console excerpts
 *                        (these four are derived from summary.json: outputs.h)
 *     console/vm-NN.log  raw serial console of each VM (+ .qemu.log: QEMU's stderr)
 *     reports/<test>.txt the kernel reports attributed to a test (or boot-*)
 *     tests/<test>.ktap  the guest's output for one test
 *     layout.txt         the pfn classes of every namespace, as the guest computed them
 *     kernel.config      the kernel's .config
 *     configs/           the profile, topology and expectations the run used
 *     injections.txt     what the host injected (machine checks through QMP)
 *   results/latest -> the newest run directory
 */
#ifndef PMEMFI_RESULTS_H
#define PMEMFI_RESULTS_H

#include <stdio.h>

#include "verdict/verdict.h"

struct json_object;
struct known_issue;
struct report;
struct strvec;

struct test_record {
	const struct cell *cell;
	enum verdict v;
	char *reason;
	const struct report *report;	/* the headline report, NULL if none */
	const struct report *const *reports;	/* every report attributed to the test */
	int nr_reports;
	const struct known_issue **known;	/* the entry each report matched, or NULL */
	const char *setup_step;			/* the failed setup step the test needed */
	const struct report *const *setup_reports;	/* reports attributed to it */
	int nr_setup_reports;
	const struct strvec *setup_titles;	/* or just their titles (no VM ran the test) */
	int vm;
	double duration;
	int console_begin, console_end;	/* lines in console/vm-NN.log, 0 if none */
	char *outcome;			/* the guest's "# outcome ..." diagnostic */
	int not_applicable;		/* a skip: the kernel cannot have what the test needs */
};

struct results {
	char *dir;
	int done;			/* tests recorded so far */
	int total;
	struct json_object *planned;	/* array of {name, namespace}, plan order */
	struct json_object *manifest;
	struct json_object *tests;	/* array of test objects */
	struct json_object *run_reports;/* reports not attributed to a test */
	int nr_run_reports;		/* of them, those no known issue explains */
	int nr_known_run_reports;	/* and those a stage boot entry does */
	int nr_held;			/* boot reports of a VM being retried: not counted yet */
	int nr_boot_flakes;		/* boot reports a clean retry showed to be flakes */
	int counts[V_NR];
	int not_applicable;		/* of the skips, those of tests that cannot apply to the kernel */
	int vms;
	double started;
	double *boots;			/* seconds from QEMU start to the guest's hello */
	int nr_boots;
	double *restores;		/* seconds from QEMU start to a restored guest's first step */
	int nr_restores;
	double *first_tests;		/* each VM's seconds from QEMU start to its first test */
	int nr_first_tests;
	double *vm_seconds;		/* each VM's, from QEMU start until it was gone */
	int nr_vm_seconds;
	const struct known_set *known;	/* its entries and tallies go into summary.json */
	const char *release;		/* the kernel release they are matched against */
	char *status;			/* running, complete, interrupted, infra-error */
	char *status_reason;
	char *write_error;		/* the first file that could not be written, and why */
	struct json_object *notes;	/* results_note() lines */
	int max_skipped;		/* percent of the tests that may skip */
	struct json_object *known_json;	/* without @known: summary.json's known_issues as is (merge.h) */
};

struct plan;

/*
 * Create the run directory under @base and the "latest" link, with no
 * tests planned yet (pmemfi merge fills in planned and total itself).
 */
int results_create(struct results *r, const char *base, const char *kernel_id, char *err, int errlen);

/* results_create(), planning the cells of @plan. */
int results_open(struct results *r, const char *base, const char *kernel_id,
		 const struct plan *plan, char *err, int errlen);

/*
 * What a rerun or a reproducer needs of the run's inputs, kept in the run
 * directory: the kernel's .config (@config, when known) as kernel.config,
 * and the profile, its topology, the expectation table and the known
 * issues (@known, when one was loaded) under configs/ (as a --configs
 * directory: pmemfi repro reads the plan from there, not from a checkout
 * that may have changed since; pmemfi report --mail a known issue's reason).
 */
#define RESULTS_KERNEL_CONFIG "kernel.config"
#define RESULTS_CONFIGS "configs"
struct plan;
void results_keep_inputs(struct results *r, const char *config, const char *configs, const struct plan *plan,
			 const char *known);

/* Copy the file @from to @rel in the run directory; a failure is noted (results_write_failed()). */
void results_keep_file(struct results *r, const char *from, const char *rel);

/* Write manifest.json (takes ownership of @manifest; the newest is kept). */
void results_manifest(struct results *r, struct json_object *manifest);

/* Record one test's verdict, with the guest's output lines. */
void results_add_test(struct results *r, const struct test_record *t,
		      char *const *output, int nr_output);

/*
 * Save a kernel report: its console lines go to reports/<name>.txt (after
 * @decoded, the report with its stack decoded to file:line, when there is
 * one, and a "stack:" line @stack saying how it was decoded or why not:
 * console/symbolize.h), and a
 * report not attributed to a test (@name "boot-vmNN", "setup-...") is also
 * listed in summary.json, with the known issue (@known, a stage boot
 * entry's id, or NULL) that explains it: only unexplained ones fail the run.
 */
void results_add_report(struct results *r, const char *name, int vm, const struct report *rep,
			char *const *lines, const struct strvec *decoded, const char *stack,
			int attributed, const char *known);

/*
 * A VM showed unexplained reports during boot and is retried in a fresh
 * one: hold its boot reports (not counted against the run) until
 * results_boot_retried() says how the retry @retry_vm booted. A clean
 * retry makes them flakes (listed, counted apart, not a failure); a
 * dirty one counts them. Both consoles stay in console/.
 */
void results_boot_retry(struct results *r, int vm);
void results_boot_retried(struct results *r, int vm, int retry_vm, int clean);

/* Record a host-side injection in injections.txt (when, VM, test, what, result). */
void results_add_injection(struct results *r, int vm, const char *test, const char *what,
			   const char *result);

/* Append a pfn-class line to layout.txt. */
void results_add_layout(struct results *r, const char *line);

/* What summary.json holds now (caller puts). */
struct json_object *results_summary(const struct results *r);

/* A line for summary.json's "notes": what a VM's output did not fit, and such. */
void results_note(struct results *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Rewrite summary.json and the files derived from it (after every VM, and at the end). */
void results_write_summary(struct results *r);

/* Final summary, close files. */
void results_close(struct results *r, const char *status, const char *reason);

/*
 * A file of the run could not be written (@errnum): the first one is kept
 * in write_error and said on stderr. The caller ends the run as an
 * infrastructure error (exit 3): a result that is not on disk is lost.
 */
void results_write_failed(struct results *r, const char *path, int errnum);

/* Free what results_close() keeps (the directory name, the write error). */
void results_free(struct results *r);

/*
 * More tests skipped than max_skipped allows: how many percent, else -1.
 * A skip is no pass: a run that skipped what it was meant to test fails.
 * The share is of the tests that apply to the kernel: one the kernel
 * cannot have (nfit_test on a kernel not built here) is not applicable,
 * skips, and counts neither way; a run in which no test applies tested
 * nothing and is over (100).
 */
int results_skipped_over(const struct results *r);

/*
 * The same rule for @skipped of @done tests, @na of each not applicable,
 * against @max_percent (a summary's counts).
 */
int results_skip_share_over(int skipped, int na, int done, int max_percent);

/*
 * The run's exit code: 0 when every planned test has a verdict and met its
 * expectation, nothing outside the tests went unexplained and no more
 * than max_skipped percent skipped; 1 otherwise.
 */
int results_exit_code(const struct results *r);

/* Path of a file in the run directory (caller frees). */
char *results_path(const struct results *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* Append @seconds to a timing array of @r (boots, restores, ...). */
void results_add_seconds(double **v, int *nr, double seconds);

#endif
