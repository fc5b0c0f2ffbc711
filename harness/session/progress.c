// SPDX-License-Identifier: GPL-2.0
#include "session/progress.h"

#include <stdio.h>

#include "lib/util.h"

void progress_test(const struct results *r, int tty, const struct cell *c, const struct verdict_out *v,
		   double duration)
{
	double elapsed = now_mono() - r->started;
	char el[32], eta[32];
	int bad = 0;

	for (int i = 0; i < V_NR; i++)
		bad += verdict_info(i)->trouble ? r->counts[i] : 0;
	if (tty)
		printf("\r\033[K");
	if (!tty || !verdict_info(v->v)->clean)
		printf("[%3d/%d] %-7s %s (%.1f s)%s%s\n", r->done, r->total, verdict_name(v->v), c->name,
		       duration, v->reason ? ": " : "", v->reason ? v->reason : "");
	if (tty) {
		util_fmt_duration(el, sizeof(el), elapsed);
		util_fmt_duration(eta, sizeof(eta), r->done ? elapsed / r->done * (r->total - r->done) : 0);
		printf("pmemfi: %d/%d tests, %d failed, %d known, %d skipped, %s elapsed, ETA %s", r->done,
		       r->total, bad, r->counts[V_XFAIL], r->counts[V_SKIP], el, r->done < r->total ? eta : "-");
	}
	fflush(stdout);
}
