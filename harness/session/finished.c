// SPDX-License-Identifier: GPL-2.0
/*
 * finished.c - a VM after it ended: the kernel reports in its console,
 * attributed to the steps they came in, the setup failures the cells
 * needed, and each cell's verdict, recorded (vm_state.h).
 */
#include "session/vm_state.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "console/console.h"
#include "verdict/known.h"
#include "session/progress.h"
#include "console/report.h"
#include "guest/steps.h"
#include "lib/util.h"
#include "verdict/verdict.h"

/*
 * @r's stack decoded to file:line into @dec (console/symbolize.h), with the
 * modules this VM loaded, and the report file's "stack:" line saying how,
 * or why not.
 */
static void decode_stack(struct session *ss, const struct report *r, struct strvec *dec, char *note, int len)
{
	const struct kernel *k = ss->ctx->kernel;
	char why[256];
	int n;

	if (!ss->ctx->symbols) {
		snprintf(note, len, "not decoded: %s", k->symbols_why ? k->symbols_why : "no decoder");
		return;
	}
	n = symbolize_report(ss->ctx->symbols, ss->nfit ? k->nfit_debug_modules : k->debug_modules,
			     ss->console.lines, r->start_line - 1, r->end_line - 1, dec, why, sizeof(why));
	if (n > 0)
		snprintf(note, len, "%d frame%s decoded to file:line by the kernel's scripts/decode_stacktrace.sh",
			 n, n == 1 ? "" : "s");
	else if (n == 0)
		snprintf(note, len, "not decoded: decode_stacktrace.sh found no line numbers for its frames in %s",
			 k->vmlinux);
	else
		snprintf(note, len, "not decoded: %s", why);
	if (n <= 0)
		strvec_clear(dec);
}

/* Attribute every report to the step whose markers surround it. */
static void attribute(struct session *ss, struct report_set *reports)
{
	struct console_span *spans;
	int nr = console_spans(&ss->console, &spans);

	for (int i = 0; i < reports->nr; i++) {
		const struct report *r = &reports->v[i];
		int at = console_span_at(spans, nr, r->start_line);
		struct step *s = at >= 0 ? steps_find(&ss->steps, spans[at].step) : NULL;

		if (s)
			step_result_add_report(res_of(ss, s), r);
	}
	/* The memory-failure lines between each step's markers. */
	for (int k = 0; k < nr; k++) {
		struct step *s = steps_find(&ss->steps, spans[k].step);
		int end = spans[k].end_line ? spans[k].end_line : ss->console.nr;

		for (int l = spans[k].begin_line; s && l <= end && l <= ss->console.nr; l++) {
			const char *mf = verdict_mf_text(ss->console.lines[l - 1]);

			if (mf)
				step_result_add_mf(res_of(ss, s), mf);
		}
	}
	for (int i = 0; i < reports->nr; i++) {
		const struct report *r = &reports->v[i];
		int at = console_span_at(spans, nr, r->start_line);
		struct step *s = at >= 0 ? steps_find(&ss->steps, spans[at].step) : NULL;
		char *where;

		const struct known_issue *k = NULL;

		if (s && s->kind == STEP_CELL)
			where = xstrdup(s->name);
		else if (s)
			where = xasprintf("%s-vm%02d", s->name, ss->vm_no);
		else
			where = xasprintf("%s-vm%02d", at == -1 ? "boot" : "teardown", ss->vm_no);
		struct strvec dec = STRVEC_INIT;
		char stack[512];

		if (!s && at == -1)
			k = known_match_boot(ss->ctx->known, ss->ctx->kernel->release, r);
		decode_stack(ss, r, &dec, stack, sizeof(stack));
		results_add_report(ss->ctx->res, where, ss->vm_no, r, ss->console.lines, dec.nr ? &dec : NULL,
				   stack, s && s->kind == STEP_CELL, k ? k->id : NULL);
		strvec_clear(&dec);
		free(where);
	}
	console_spans_free(spans, nr);
}

static const char *outcome_of(const struct step_result *r)
{
	for (int i = 0; i < r->nr_output; i++) {
		const char *p = strstr(r->output[i], "# outcome ");

		if (p)
			return p + 10;
	}
	return NULL;
}

/* Did setup step @s end as a clean skip (the kernel lacks what it sets up)? */
static int setup_skipped(const struct session *ss, const struct step *s)
{
	const struct step_result *r = res_of(ss, s);

	return r->ended && !r->nr_reports && !r->term_signal && r->exit_code == 4;
}

/*
 * Record the verdict of @c, run as step @s with result @r (both NULL: it
 * never started; @s NULL: the harness did not run it, @r says why). @setup
 * is the failed setup step @c needed, or NULL; @setup_why says how it
 * failed.
 */
static void record(struct session *ss, const struct cell *c, const struct step *s, const struct step_result *r,
		   const struct step *setup, const char *setup_why, int *pending, int *nr_pending)
{
	struct step_result sr = r ? *r : (struct step_result){ 0 };
	struct test_record t = { 0 };
	struct verdict_out v;
	int k;

	sr.vm_died = ss->end_reason;
	if (setup && setup_skipped(ss, setup))
		sr.setup_skipped = setup_why;
	else
		sr.setup_failed = setup_why;
	sr.vm_fault = ss->vm_fault;
	sr.config = ss->ctx->config;
	sr.have_nfit = ss->nfit && ss->ctx->kernel->nfit_modules;
	verdict_decide(c, &sr, &v);
	t.known = xcalloc(sr.nr_reports + 1, sizeof(*t.known));
	known_apply(ss->ctx->known, ss->ctx->kernel->release, c, sr.reports, sr.nr_reports, t.known, &v);
	t.cell = c;
	t.v = v.v;
	t.not_applicable = sr.not_applicable;
	t.reason = v.reason;
	t.report = v.report;
	t.reports = sr.reports;
	t.nr_reports = sr.nr_reports;
	if (setup) {
		t.setup_step = setup->name;
		t.setup_reports = res_of(ss, setup)->reports;
		t.nr_setup_reports = res_of(ss, setup)->nr_reports;
	} else if (!s && ss->ctx->setup_titles.nr) {
		/* Cells given up on after VMs whose setup crashed: what crashed it. */
		t.setup_titles = &ss->ctx->setup_titles;
	}
	t.vm = ss->vm_no;
	t.duration = sr.began ? (sr.ended ? sr.t_end : now_mono()) - sr.t_begin : 0;
	t.outcome = (char *)outcome_of(&sr);
	if (s && sr.began) {
		struct console_span *spans;
		int nr = console_spans(&ss->console, &spans);

		for (int i = 0; i < nr; i++)
			if (!strcmp(spans[i].step, s->name)) {
				t.console_begin = spans[i].begin_line;
				t.console_end = spans[i].end_line ? spans[i].end_line : ss->console.nr;
			}
		console_spans_free(spans, nr);
	}
	results_add_test(ss->ctx->res, &t, sr.output, sr.nr_output);
	progress_test(ss->ctx->res, ss->ctx->progress_tty, c, &v, t.duration);
	verdict_out_free(&v);
	free(t.known);
	for (k = 0; k < *nr_pending && pending[k] != c - ss->ctx->plan->cells; k++)
		;
	if (k < *nr_pending) {
		memmove(pending + k, pending + k + 1, (*nr_pending - k - 1) * sizeof(*pending));
		(*nr_pending)--;
	}
}

/* The setup step (or layout cell) for @ns (NULL: the labels) that failed in this VM, or NULL. */
static const struct step *setup_failure(struct session *ss, const struct ns_def *ns)
{
	for (int i = 0; i < ss->steps.nr; i++) {
		struct step *s = &ss->steps.v[i];

		if (s->kind == STEP_CELL && (!ns || s->ns != ns || ss->ctx->plan->cells[s->cell].kind != CELL_LAYOUT))
			continue;
		if (s->kind == STEP_SETUP && s->ns != ns)
			continue;
		if (s->kind == STEP_LABELS && ns)
			continue;
		const struct step_result *r = res_of(ss, s);

		if (r->began && (r->nr_reports || !r->ended || r->exit_code || r->term_signal))
			return s;
	}
	return NULL;
}

/* How @s failed, in a line, or why it skipped (caller frees). */
static char *setup_why(const struct session *ss, const struct step *s)
{
	const struct step_result *r = res_of(ss, s);
	const char *why = "";

	for (int j = 0; setup_skipped(ss, s) && j < r->nr_output; j++)
		if (strstr(r->output[j], "# SKIP "))
			return xasprintf("%s: %s", s->name, strstr(r->output[j], "# SKIP ") + 7);
	if (r->nr_reports)
		return xasprintf("%s: %s", s->name, r->reports[0]->title);
	if (!r->ended)
		return xasprintf("%s did not finish: %s", s->name, ss->end_reason ? ss->end_reason : "?");
	for (int j = 0; j < r->nr_output; j++)
		if (strstr(r->output[j], "# FAIL: "))
			why = strstr(r->output[j], "# FAIL: ") + 8;
	return xasprintf("%s failed%s%s", s->name, *why ? ": " : "", why);
}

/* Keep the titles of what crashed @s for the cells that will never run. */
static void keep_setup_titles(struct session *ss, const struct step *s)
{
	for (int i = 0; s && i < res_of(ss, s)->nr_reports; i++)
		strvec_push_unique(&ss->ctx->setup_titles, res_of(ss, s)->reports[i]->title);
}

/*
 * "pmemfi-init: error: ..." before the first step: init could not load a
 * module the VM needs (vm-images/init). Every test of the VM is suspect.
 */
char *session_init_fault(const struct console_log *log)
{
	static const char key[] = "pmemfi-init: error: ";
	struct strbuf sb = STRBUF_INIT;
	int more = 0;

	for (int i = 0; i < log->nr; i++) {
		const char *s = report_strip_prefix(log->lines[i]);

		if (!strncmp(s, "pmemfi: begin ", 14))
			break;
		if (strncmp(s, key, sizeof(key) - 1))
			continue;
		if (sb.len)
			more++;
		else
			strbuf_addstr(&sb, s + sizeof(key) - 1);
	}
	if (more)
		strbuf_addf(&sb, " (and %d more init error%s)", more, more > 1 ? "s" : "");
	return sb.len ? strbuf_detach(&sb) : NULL;
}

/* Verdicts for the cells that ran; 0, or -1 when none started (@err: why). */
static int conclude(struct session *ss, int *pending, int *nr_pending, char *err, int errlen)
{
	struct run_ctx *ctx = ss->ctx;
	struct plan *p = ctx->plan;
	const struct step *labels = setup_failure(ss, NULL), *failed = labels;
	int started = 0;

	for (int i = 0; i < ss->steps.nr; i++) {
		struct step *s = &ss->steps.v[i];
		const struct step *setup = labels;
		char *why;

		if (s->kind != STEP_CELL || !res_of(ss, s)->began)
			continue;
		/*
		 * Begun after the VM was doomed (a step ran past its timeout and
		 * ended during the sysrq grace): its VM is stopped under it for
		 * another cell's sake. It runs again in the next VM, unless the
		 * kernel reported something meanwhile.
		 */
		started++;
		if (ss->t_doomed && res_of(ss, s)->t_begin > ss->t_doomed && !res_of(ss, s)->nr_reports)
			continue;
		for (int j = 0; j < res_of(ss, s)->nr_output; j++)
			if (strstr(res_of(ss, s)->output[j], "pmemfi-layout:"))
				results_add_layout(ctx->res, strstr(res_of(ss, s)->output[j], "pmemfi-layout:"));
		if (!setup && p->cells[s->cell].kind != CELL_LAYOUT)
			setup = setup_failure(ss, s->ns);
		why = setup ? setup_why(ss, setup) : NULL;
		record(ss, &p->cells[s->cell], s, res_of(ss, s), setup, why, pending, nr_pending);
		free(why);
	}
	if (!started) {
		char *why;

		for (int i = 0; !failed && i < ss->steps.nr; i++)
			if (ss->res[i].began)
				failed = setup_failure(ss, ss->steps.v[i].ns);
		why = failed ? setup_why(ss, failed) : NULL;
		keep_setup_titles(ss, failed);
		if (why)
			snprintf(err, errlen, "setup failed: %s", why);
		else if (!ss->hello)
			snprintf(err, errlen, "the guest did not start: %s%s%s%s",
				 ss->end_reason ? ss->end_reason : "no hello", ss->vm_fault ? " (init: " : "",
				 ss->vm_fault ? ss->vm_fault : "", ss->vm_fault ? ")" : "");
		else
			snprintf(err, errlen, "no test started: %s",
				 ss->end_reason ? ss->end_reason : "no reason known");
		free(why);
	}
	return started ? 0 : -1;
}

void session_fail_pending(struct run_ctx *ctx, int *pending, int *nr_pending, const char *reason)
{
	struct session ss = { .ctx = ctx, .current = -1, .vm_no = ctx->vm_counter };

	ss.end_reason = xstrdup(reason);
	while (*nr_pending)
		record(&ss, &ctx->plan->cells[pending[0]], NULL, NULL, NULL, NULL, pending, nr_pending);
	free(ss.end_reason);
}

void session_free(struct session *ss)
{
	for (int i = 0; ss->res && i < ss->steps.nr; i++)
		step_result_free(&ss->res[i]);
	free(ss->res);
	steps_free(&ss->steps);
	report_set_free(&ss->reports);
	free(ss->end_reason);
	free(ss->vm_fault);
	console_free(&ss->console);
	linebuf_free(&ss->ctl_lb);
}

static void note_kernel_version(struct run_ctx *ctx, const struct console_log *log)
{
	for (int i = 0; !ctx->kernel_version && i < log->nr && i < 200; i++) {
		const char *s = report_strip_prefix(log->lines[i]);

		if (!strncmp(s, "Linux version ", 14))
			ctx->kernel_version = xstrdup(s + 14);
	}
}

/* What this VM's output did not fit, said in the results (never silently lost). */
static void note_losses(struct session *ss)
{
	const struct console_log *c = &ss->console;
	struct results *r = ss->ctx->res;

	if (c->dropped)
		results_note(r, "vm-%02d: console: %ld lines after the first %ld MiB not kept", ss->vm_no,
			     c->dropped, CONSOLE_MAX_BYTES >> 20);
	if (c->cut)
		results_note(r, "vm-%02d: console: %ld bytes cut from overlong lines (each keeps its start and end)",
			     ss->vm_no, c->cut);
	if (c->mirror_dropped)
		results_note(r, "vm-%02d: console/vm-%02d.log stops at %ld MiB: %ld bytes not written",
			     ss->vm_no, ss->vm_no, CONSOLE_MIRROR_MAX >> 20, c->mirror_dropped);
	for (int i = 0; i < ss->steps.nr; i++)
		if (ss->res[i].out_dropped)
			results_note(r, "vm-%02d: %s: %ld output lines after the first %d not kept", ss->vm_no,
				     ss->steps.v[i].name, ss->res[i].out_dropped, STEP_MAX_OUTPUT);
}

/* The topology of an nfit_test VM: RAM for the test buses, no NVDIMMs. */

/*
 * Without test modules the nfit_test cells cannot run: each is a skip
 * with the reason, and no VM is started.
 */
void session_skip_nfit(struct run_ctx *ctx, int *pending, int *nr_pending)
{
	struct session ss = { .ctx = ctx, .current = -1, .vm_no = 0 };

	for (int i = 0; i < *nr_pending;) {
		const struct cell *c = &ctx->plan->cells[pending[i]];
		struct step_result r = { 0 };

		if (!plan_cell_is_nfit(c)) {
			i++;
			continue;
		}
		r.not_run = ctx->kernel->nfit_why ? ctx->kernel->nfit_why : "no nfit_test modules";
		r.not_applicable = ctx->kernel->nfit_na;
		record(&ss, c, NULL, &r, NULL, NULL, pending, nr_pending);
	}
}

enum session_status session_conclude(struct session *ss, enum session_status st, int *pending,
				       int *nr_pending, char *err, int errlen)
{
	struct run_ctx *ctx = ss->ctx;
	struct report_set *reports = &ss->reports;

	struct results *res = ctx->res;

	if (ss->hello && ss->role != VM_CLONE)
		results_add_seconds(&res->boots, &res->nr_boots, ss->t_hello - ss->vm.started);
	if (ss->role == VM_CLONE && ss->t_first_test)
		results_add_seconds(&res->restores, &res->nr_restores, ss->t_first_test - ss->vm.started);
	if (ss->t_first_test)
		results_add_seconds(&res->first_tests, &res->nr_first_tests, ss->t_first_test - ss->vm.started);
	results_add_seconds(&res->vm_seconds, &res->nr_vm_seconds, now_mono() - ss->vm.started);
	note_kernel_version(ctx, &ss->console);
	report_scan(ss->console.lines, ss->console.nr, reports);
	attribute(ss, reports);
	/* A clone's console starts after init: it has its template's complaint. */
	if (ss->role != VM_CLONE)
		ss->vm_fault = session_init_fault(&ss->console);
	note_losses(ss);
	if (st == SESSION_STOPPED) {
		/* Keep what finished; the interrupted test gets no verdict. */
		for (int i = 0; i < ss->steps.nr; i++)
			if (ss->steps.v[i].kind == STEP_CELL && ss->res[i].ended)
				record(ss, &ctx->plan->cells[ss->steps.v[i].cell], &ss->steps.v[i], &ss->res[i],
				       NULL, NULL, pending, nr_pending);
	} else if (ss->boot_abort) {
		results_boot_retry(ctx->res, ss->vm_no);
		snprintf(err, errlen, "a kernel report during boot: %s", reports->nr ? reports->v[0].title : "?");
		st = SESSION_BOOT_REPORT;
	} else {
		if (ctx->retrying)
			results_boot_retried(ctx->res, ctx->retrying, ss->vm_no, ss->hello && !ss->boot_dirty);
		ctx->retrying = 0;
		/* A saved template has run its setup steps, and maybe layout cells: that is progress. */
		if (conclude(ss, pending, nr_pending, err, errlen) && !ss->saved)
			st = !ss->hello && ss->vm_fault ? SESSION_GUEST_BROKEN : SESSION_NO_PROGRESS;
	}
	return st;
}
