/* SPDX-License-Identifier: GPL-2.0 */
/*
 * session.h - the life of one VM: seed the media, boot, hand the guest its
 * plan, watch the console and the control port under the watchdogs, then
 * turn what was seen into verdicts.
 *
 * A VM runs the pending cells of one seed in order. When the kernel dies,
 * hangs or the VM is killed, the cells that did not start stay pending and
 * session_run_plan() starts a fresh VM for them. A VM in which no cell
 * started (the kernel did not boot, or died in setup) is reported as
 * such; the loop retries once, then ends the pending cells with "error",
 * so it always terminates. A guest that cannot start for a reason that
 * will repeat (SESSION_GUEST_BROKEN) ends the later seeds' cells too.
 *
 * A kernel report during boot that no known issue explains (checked when
 * the guest says hello, before any test) ends the VM at once with
 * SESSION_BOOT_REPORT, and the loop retries in a fresh VM (ctx->retrying
 * names the first). The retry runs the tests whatever its boot shows; if
 * its boot was clean, the first VM's reports are a flake, listed and
 * counted apart (results_boot_retried()), never silently dropped.
 *
 * With ctx->restore, a group's first VM runs its setup steps, and when
 * they are clean (no failure, no kernel report) it is saved as the
 * group's template and ended; the group's VMs from then on are restored
 * from it and run cells only. A clone that cannot be restored, or whose
 * guest does not answer, is noted and the group boots cold from then on:
 * the cells' verdicts are those a cold boot would give.
 */
#ifndef PMEMFI_SESSION_H
#define PMEMFI_SESSION_H

#include <signal.h>

#include "console/symbolize.h"
#include "kernel/kconfig.h"
#include "kernel/kernel.h"
#include "config/plan.h"
#include "verdict/known.h"
#include "results/results.h"
#include "session/template.h"
#include "lib/util.h"

struct run_ctx {
	struct plan *plan;
	const struct kernel *kernel;
	const char *initrd;
	const char *qemu;
	const char *accel;
	const char *append;		/* kernel command line */
	const char *workdir;		/* backing files and sockets */
	struct results *res;
	int timeout_boot, timeout_test, timeout_silence;
	int vm_counter;
	char *qemu_cmdline;		/* of the first VM, for the manifest */
	char *kernel_version;		/* "Linux version ..." from the first console */
	int progress_tty;		/* rewrite one status line instead of printing lines */
	struct known_set *known;	/* turns bugs into xfail, passes into xpass */
	const struct kconfig *config;	/* the kernel's .config, NULL when unknown */
	struct symbolizer *symbols;	/* decodes the reports' stacks; NULL: not at all */
	struct strvec setup_titles;	/* reports of setup steps in VMs where no test started */
	int retrying;			/* the VM being retried for its boot reports, 0 none */
	/*
	 * Restore instead of reboot: a group's first VM is saved as a
	 * template once its namespaces are set up, and its later VMs are
	 * clones of it (template.h). 0: every VM boots (--no-restore).
	 */
	int restore;
	struct template templates[2];	/* of the current seed: [0] NVDIMM cells, [1] nfit_test */
	int nr_templates;		/* made so far, for their directory names */
};

enum session_status {
	SESSION_OK,		/* at least one cell got its verdict */
	SESSION_NO_PROGRESS,	/* no cell started: @err says why */
	SESSION_INFRA,		/* QEMU could not start, media could not be seeded */
	SESSION_STOPPED,	/* SIGINT/SIGTERM */
	SESSION_BOOT_REPORT,	/* no cell started: a kernel report during boot; retry once */
	SESSION_GUEST_BROKEN,	/* no hello, and init said why (a module missing or not
				 * loading): every VM of this kernel and image would fail so */
};

/*
 * Run every seed's cells of the plan, VM after VM, as above (loop.c);
 * returns the run's status for the summary: "complete", "interrupted"
 * (^C), or "infra-error" (*@infra set, @err says why).
 */
const char *session_run_plan(struct run_ctx *ctx, char *err, int errlen, int *infra);

/*
 * Run one VM for the cells of @seed whose indexes are in @pending; remove
 * the cells it gave a verdict from @pending.
 */
enum session_status session_run(struct run_ctx *ctx, const char *seed, int *pending,
				int *nr_pending, char *err, int errlen);

/*
 * The templates of the seed just finished are of no more use: delete them.
 * Safe to call when there are none.
 */
void session_templates_free(struct run_ctx *ctx);

/* Give every pending cell the verdict "error" with @reason. */
void session_fail_pending(struct run_ctx *ctx, int *pending, int *nr_pending, const char *reason);

#endif
