/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm_state.h - one VM's session, shared by the two halves of its life:
 * live.c runs it (media, QEMU or a clone of the group's template, the
 * guest's steps, the console and the control port under the watchdogs)
 * and finished.c judges it once it has ended (the reports in its console
 * attributed to steps, then each cell's verdict, recorded). Private to
 * session/.
 */
#ifndef PMEMFI_VM_STATE_H
#define PMEMFI_VM_STATE_H

#include "common/linebuf.h"
#include "console/console.h"
#include "console/report.h"
#include "guest/steps.h"
#include "session/session.h"
#include "verdict/step_result.h"
#include "vm/vm.h"

/* How a VM starts: booted to run everything, booted to save a template, or a clone. */
enum vm_role { VM_COLD, VM_TEMPLATE, VM_CLONE };

struct session {
	struct run_ctx *ctx;
	struct step_list steps;
	struct step_result *res;	/* what each step did, in the order of @steps */
	int current;			/* step running, -1 none */
	struct vm vm;
	struct console_log console;
	struct linebuf ctl_lb;
	int hello, done;
	double t_hello, last_activity;
	double t_step;			/* the last begin or end of a step (or the hello) */
	double t_done;			/* when the runner said "done" */
	char *end_reason;		/* why the VM ended, if not by a clean power-off */
	int vm_no;
	const char *seed;		/* the media seed of this VM */
	int nfit;			/* a VM of the nfit_test group */
	char *vm_fault;			/* init could not make the VM fit to test: why */
	int boot_dirty;			/* unexplained kernel reports before the hello */
	int boot_abort;			/* ...and this VM ends for them, to be retried */
	struct report_set reports;	/* in the console, once the VM has ended */
	enum vm_role role;
	struct template *tmpl;		/* VM_TEMPLATE: the one to save; VM_CLONE: its origin */
	int nr_setup;			/* VM_TEMPLATE: the first steps, sent before "hold" */
	int saved;			/* VM_TEMPLATE: saved at "ready", and ended */
	int restore_failed;		/* VM_CLONE: the restored guest did not answer */
	/* When the first test (a cell's step) began, 0 before; a clone's steps are all tests. */
	double t_first_test;
	/* When the harness decided to end the VM (set_end()), 0 before. */
	double t_doomed;
};

/* What step @s of the VM's plan did. */
static inline struct step_result *res_of(const struct session *ss, const struct step *s)
{
	return &ss->res[s - ss->steps.v];
}

/*
 * After the VM: what its console says, then the verdicts (@st: how the
 * watch ended). Returns the session's status.
 */
enum session_status session_conclude(struct session *ss, enum session_status st, int *pending,
				     int *nr_pending, char *err, int errlen);

/* The nfit_test cells of @pending get their skip without a VM: the kernel has no nfit_test. */
void session_skip_nfit(struct run_ctx *ctx, int *pending, int *nr_pending);

/* Why init could not make the VM fit to test ("pmemfi-init: error: ..."), or NULL (caller frees). */
char *session_init_fault(const struct console_log *log);

/* Free what a session holds (not its VM: vm_stop() ends that). */
void session_free(struct session *ss);

#endif
