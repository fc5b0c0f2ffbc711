// SPDX-License-Identifier: GPL-2.0
/*
 * loop.c - the VM loop of a run: every seed's cells through as many VMs
 * as it takes, with the retry policy session.h describes.
 */
#include "session/session.h"

#include <stdlib.h>

#include "lib/util.h"

/* Which of a seed's cells. */
enum cells { CELLS_ALL, CELLS_NFIT, CELLS_NOT_NFIT };

/* The indexes of @seed's cells of kind @which, into @pending; returns how many. */
static int cells_of_seed(const struct plan *p, const char *seed, enum cells which, int *pending)
{
	int nr = 0;

	for (int i = 0; i < p->nr_cells; i++)
		if (p->cells[i].seed == seed &&
		    (which == CELLS_ALL || (which == CELLS_NFIT) == plan_cell_is_nfit(&p->cells[i])))
			pending[nr++] = i;
	return nr;
}

/*
 * A guest that cannot start for a reason that will repeat: which of the
 * later seeds' cells it dooms. The nfit_test VM has an image of its own
 * (its modules), every other VM the same kernel, init and modules.
 */
enum broken { BROKEN_NONE, BROKEN_NFIT, BROKEN_ALL };

struct loop {
	struct run_ctx *ctx;
	int *pending;
	enum broken broken;
	char *broken_why;
};

static enum broken broken_kind(const struct plan *p, const int *pending, int nr)
{
	for (int i = 0; i < nr; i++)
		if (!plan_cell_is_nfit(&p->cells[pending[i]]))
			return BROKEN_ALL;
	return BROKEN_NFIT;
}

/*
 * VMs for the @nr pending cells of @seed until none is left: SESSION_OK,
 * or SESSION_STOPPED or SESSION_INFRA, which end the run.
 */
static enum session_status run_seed(struct loop *l, const char *seed, int nr, char *err, int errlen)
{
	struct run_ctx *ctx = l->ctx;
	int stuck = 0;

	while (nr) {
		enum session_status st = session_run(ctx, seed, l->pending, &nr, err, errlen);

		if (st == SESSION_BOOT_REPORT) {
			msg("vm-%02d: %s; retrying once in a fresh VM", ctx->vm_counter, err);
			ctx->retrying = ctx->vm_counter;
			continue;
		}
		/* One retry: a boot can fail for reasons outside the kernel. */
		if (st == SESSION_NO_PROGRESS && ++stuck < 2) {
			msg("vm-%02d: %s; retrying once", ctx->vm_counter, err);
			continue;
		}
		if (st == SESSION_GUEST_BROKEN) {
			msg("vm-%02d: %s; every VM of this kernel and image would fail so: giving up on the run's remaining tests",
			    ctx->vm_counter, err);
			l->broken = broken_kind(ctx->plan, l->pending, nr);
			free(l->broken_why);
			l->broken_why = xstrdup(err);
			session_fail_pending(ctx, l->pending, &nr, err);
			continue;
		}
		if (st == SESSION_NO_PROGRESS) {
			msg("vm-%02d: %s; giving up on %d tests", ctx->vm_counter, err, nr);
			session_fail_pending(ctx, l->pending, &nr, err);
			continue;
		}
		stuck = 0;
		if (st == SESSION_STOPPED || st == SESSION_INFRA)
			return st;
	}
	return SESSION_OK;
}

const char *session_run_plan(struct run_ctx *ctx, char *err, int errlen, int *infra)
{
	struct plan *p = ctx->plan;
	struct loop l = { .ctx = ctx, .pending = xcalloc(p->nr_cells, sizeof(int)) };
	enum session_status st = SESSION_OK;

	for (int s = 0; s < p->profile.nr_seeds && st == SESSION_OK; s++) {
		const char *seed = p->profile.seeds[s];
		int nr;

		/* The later seeds' VMs would fail as the broken one did. */
		if (l.broken != BROKEN_NONE) {
			nr = cells_of_seed(p, seed, l.broken == BROKEN_ALL ? CELLS_ALL : CELLS_NFIT, l.pending);
			session_fail_pending(ctx, l.pending, &nr, l.broken_why);
		}
		if (l.broken == BROKEN_ALL)
			continue;
		nr = cells_of_seed(p, seed, l.broken == BROKEN_NFIT ? CELLS_NOT_NFIT : CELLS_ALL, l.pending);
		session_templates_free(ctx);
		st = run_seed(&l, seed, nr, err, errlen);
	}
	session_templates_free(ctx);
	free(l.pending);
	free(l.broken_why);
	*infra = st == SESSION_INFRA;
	return st == SESSION_STOPPED ? "interrupted" : st == SESSION_INFRA ? "infra-error" : "complete";
}
