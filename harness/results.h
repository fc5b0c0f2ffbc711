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
 *     injections.txt     what the host injected (machine checks through QMP)
 *   results/latest -> the newest run directory
 */
#ifndef PMEMFI_RESULTS_H
#define PMEMFI_RESULTS_H

#include <stdio.h>

#include "verdict.h"

struct json_object;
struct report;

struct test_record {
	const struct cell *cell;
	enum verdict v;
	char *reason;
	const struct report *report;	/* copied into the record's JSON when set */
	int vm;
	double duration;
	int console_begin, console_end;	/* lines in console/vm-NN.log, 0 if none */
	char *outcome;			/* the guest's "# outcome ..." diagnostic */
};

struct results {
	char *dir;
	int done;			/* tests recorded so far */
	int total;
	struct json_object *planned;	/* array of {name, namespace}, plan order */
	struct json_object *manifest;
	struct json_object *tests;	/* array of test objects */
	struct json_object *run_reports;/* reports not attributed to a test */
	int nr_run_reports;
	int counts[V_NR];
	int vms;
	double started;
	double *boots;			/* seconds from QEMU start to the guest's hello */
	int nr_boots;
	const struct known_set *known;	/* its entries and tallies go into summary.json */
	const char *release;		/* the kernel release they are matched against */
	char *status;			/* running, complete, interrupted, infra-error */
	char *status_reason;
};

struct plan;

/* Create the run directory under @base and the "latest" link. */
int results_open(struct results *r, const char *base, const char *kernel_id,
		 const struct plan *plan, char *err, int errlen);

/* Write manifest.json (takes ownership of @manifest; the newest is kept). */
void results_manifest(struct results *r, struct json_object *manifest);

/* Record one test's verdict, with the guest's output lines. */
void results_add_test(struct results *r, const struct test_record *t,
		      char *const *output, int nr_output);

/*
 * Save a kernel report: its console lines go to reports/<name>.txt, and a
 * report not attributed to a test (@name "boot-vmNN", "setup-...") is also
 * listed in summary.json.
 */
void results_add_report(struct results *r, const char *name, int vm, const struct report *rep,
			char *const *lines, int attributed);

/* Record a host-side injection in injections.txt (when, VM, test, what, result). */
void results_add_injection(struct results *r, int vm, const char *test, const char *what,
			   const char *result);

/* Append a pfn-class line to layout.txt. */
void results_add_layout(struct results *r, const char *line);

/* Rewrite summary.json and the files derived from it (after every VM, and at the end). */
void results_write_summary(struct results *r);

/* Final summary, close files. */
void results_close(struct results *r, const char *status, const char *reason);

/* The run's exit code from the counts (0: all met expectations, 1 otherwise). */
int results_exit_code(const struct results *r);

/* Path of a file in the run directory (caller frees). */
char *results_path(const struct results *r, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
