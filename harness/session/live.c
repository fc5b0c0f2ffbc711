// SPDX-License-Identifier: GPL-2.0
/*
 * live.c - a VM while it runs: its media, QEMU or a clone of the group's
 * template, the guest's steps, the console and the control port under
 * the watchdogs, until it ends; finished.c then judges it (vm_state.h).
 */
#include "session/vm_state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <json-c/json.h>

#include "common/ctl.h"
#include "common/linebuf.h"
#include "console/console.h"
#include "verdict/known.h"
#include "vm/mce.h"
#include "guest/media.h"
#include "session/progress.h"
#include "console/report.h"
#include "guest/steps.h"
#include "lib/util.h"
#include "lib/stop.h"
#include "verdict/verdict.h"
#include "vm/qmp.h"
#include "vm/snapshot.h"
#include "vm/vm.h"
#include "lib/json.h"

/* Seconds a guest gets to power off once its runner said "done". */
#define POWEROFF_GRACE 30.0
/* Seconds QEMU may take to load a template's state. */
#define RESTORE_LOAD_TIMEOUT 30.0
/* Seconds a restored guest gets to begin its first step: it is waiting for it. */
#define RESTORE_ANSWER 20.0
/* Seconds saving a template may take (a few hundred KiB). */
#define SAVE_TIMEOUT 30.0

/* Steps @from to @to of the plan, then @verb ("go" or "hold"), to @fd. */
static void send_steps(struct session *ss, int fd, int from, int to, const char *verb)
{
	for (int i = from; i < to; i++) {
		char *line = step_run_line(&ss->steps.v[i]);
		size_t len = strlen(line);

		/* Names are bounded at plan time (PLAN_MAX_NAME): this cannot be cut. */
		if (len > CTL_LINE_MAX)
			die(EXIT_INFRA, "step %s: its run line has %zu bytes, over the control protocol's %d",
			    ss->steps.v[i].name, len, CTL_LINE_MAX);
		ctl_send(fd, "%s", line);
		free(line);
	}
	ctl_send(fd, "%s", verb);
}

/* The plan; a template VM gets its setup steps first, and the rest at "ready". */
static void send_plan(struct session *ss)
{
	if (ss->role == VM_TEMPLATE)
		send_steps(ss, ss->vm.ctl_fd, 0, ss->nr_setup, "hold");
	else
		send_steps(ss, ss->vm.ctl_fd, 0, ss->steps.nr, "go");
}

/*
 * A cold VM's whole plan in a file of the work directory, for
 * vm_config.plan. Its path (caller frees), or NULL with a reason.
 */
static char *write_plan(struct session *ss, char *err, int errlen)
{
	char *path = xasprintf("%s/vm-%02d.plan", ss->ctx->workdir, ss->vm_no);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		free(path);
		return NULL;
	}
	send_steps(ss, fd, 0, ss->steps.nr, "go");
	close(fd);
	return path;
}


/* The name of the step running, for the injection record. */
static const char *current_name(const struct session *ss)
{
	return ss->current >= 0 ? ss->steps.v[ss->current].name : "-";
}

/* A guest test asks for a machine check: inject it, answer, record it. */
static void on_mce(struct session *ss, const struct ctl_msg *m)
{
	const char *token = m->argv[0];
	char cmd[160], why[256], who[16];
	enum mce_result rc;

	snprintf(who, sizeof(who), "vm-%02d", ss->vm_no);
	rc = mce_inject(ss->vm.qmp, m->argv[1], m->argv[2], &stop_requested, who, cmd, sizeof(cmd), why,
			sizeof(why));
	if (rc == MCE_OK)
		ctl_send(ss->vm.ctl_fd, "ack %s ok", token);
	else
		ctl_send(ss->vm.ctl_fd, "ack %s err %s", token, why);
	if (rc != MCE_REFUSED)
		results_add_injection(ss->ctx->res, ss->vm_no, current_name(ss), cmd, rc == MCE_OK ? "ok" : why);
}

static void set_end(struct session *ss, const char *fmt, ...) ATTR_PRINTF(2, 3);
static void set_end(struct session *ss, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	if (ss->end_reason)
		return;
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	ss->end_reason = strbuf_detach(&sb);
	ss->t_doomed = now_mono();
}

/* Unexplained kernel reports in the console so far (the boot): how many. */
static int boot_reports(struct session *ss)
{
	struct report_set set = { 0 };
	int n = 0;

	report_scan(ss->console.lines, ss->console.nr, &set);
	for (int i = 0; i < set.nr; i++)
		n += !known_find_boot(ss->ctx->known, ss->ctx->kernel->release, &set.v[i]);
	report_set_free(&set);
	return n;
}

static int pump(struct session *ss, int fd, int is_console);

/* Seconds the console gets to catch up with the control port at "ready". */
#define CONSOLE_CATCH_UP 10.0

/*
 * Read the console until it shows the end marker of step @name: the
 * control port can run ahead of it, and a report printed in the step must
 * be seen before the VM is judged. 0, or -1 after CONSOLE_CATCH_UP s.
 */
static int console_catch_up(struct session *ss, const char *name)
{
	char *marker = xasprintf("pmemfi: end %s ", name);
	double until = now_mono() + CONSOLE_CATCH_UP;
	int seen = 0, from = 0;

	while (!seen && now_mono() < until) {
		struct pollfd p = { .fd = ss->vm.console_fd, .events = POLLIN };

		for (; from < ss->console.nr && !seen; from++)
			seen = strstr(ss->console.lines[from], marker) != NULL;
		if (!seen && poll(&p, 1, 100) > 0 && !pump(ss, ss->vm.console_fd, 1))
			break;
	}
	free(marker);
	return seen ? 0 : -1;
}

/* Did every setup step succeed, with no kernel report since the first began? */
static int setup_clean(struct session *ss)
{
	struct report_set set = { 0 };
	struct console_span *spans;
	int nr = console_spans(&ss->console, &spans), clean = 1;
	int first = nr ? spans[0].begin_line : ss->console.nr + 1;

	for (int i = 0; i < ss->nr_setup; i++) {
		const struct step_result *r = &ss->res[i];

		clean &= r->ended && !r->exit_code && !r->term_signal;
	}
	report_scan(ss->console.lines, ss->console.nr, &set);
	for (int i = 0; i < set.nr; i++)
		clean &= set.v[i].start_line < first;
	report_set_free(&set);
	console_spans_free(spans, nr);
	return clean;
}

/* Each NVDIMM's guest-physical base, as QEMU placed it: 0, or -1 with a reason. */
static int dimm_bases(struct session *ss, uint64_t *addr, char *err, int errlen)
{
	struct json_object *r = qmp_execute(ss->vm.qmp, "query-memory-devices", NULL, 5, err, errlen);
	int found = 0;

	if (!r)
		return -1;
	if (!json_object_is_type(r, json_type_array)) {
		json_object_put(r);
		return error_set(err, errlen, "query-memory-devices: not a list");
	}
	for (size_t i = 0; i < json_object_array_length(r); i++) {
		struct json_object *data = json_get(json_object_array_get_idx(r, i), "data");
		const char *id = json_str(data, "id");
		int n;

		if (id && sscanf(id, "nvdimm%d", &n) == 1 && n >= 0 && n < ss->tmpl->topo.nr_nvdimm) {
			addr[n] = (uint64_t)json_object_get_int64(json_get(data, "addr"));
			found++;
		}
	}
	json_object_put(r);
	if (found != ss->tmpl->topo.nr_nvdimm)
		return error_set(err, errlen, "QEMU lists %d of the %d NVDIMMs", found, ss->tmpl->topo.nr_nvdimm);
	return 0;
}

/* The metadata region (info block, memmap) of every namespace the setup steps made. */
static int template_regions(struct session *ss, char *err, int errlen)
{
	uint64_t addr[PLAN_MAX_NVDIMMS] = { 0 };

	if (dimm_bases(ss, addr, err, errlen))
		return -1;
	for (int i = 0; i < ss->nr_setup; i++)
		for (int j = 0; j < ss->res[i].nr_output; j++) {
			const char *l = strstr(ss->res[i].output[j], "pmemfi-layout:");
			const char *ns = l ? strstr(l, " ns=") : NULL, *st = l ? strstr(l, " start=") : NULL;
			const char *off = l ? strstr(l, " dataoff=") : NULL;
			char name[PLAN_MAX_NAME + 1];
			unsigned long long start, dataoff;

			if (!ns || !st || !off || sscanf(ns, " ns=%200s", name) != 1 ||
			    sscanf(st, " start=%llx", &start) != 1 || sscanf(off, " dataoff=%llx", &dataoff) != 1)
				continue;
			if (dataoff && template_add_region(ss->tmpl, name, start, dataoff, addr, err, errlen))
				return -1;
		}
	return 0;
}

/*
 * "ready" from a template VM: its setup is done. Save it when the setup was
 * clean, and end it; else go on as a cold VM and retire the template.
 */
static void on_ready(struct session *ss)
{
	struct template *t = ss->tmpl;
	char err[512] = "";

	if (ss->role != VM_TEMPLATE || ss->saved)
		return;
	if (ss->nr_setup && console_catch_up(ss, ss->steps.v[ss->nr_setup - 1].name))
		snprintf(err, sizeof(err), "the console did not show the end of %s",
			 ss->steps.v[ss->nr_setup - 1].name);
	else if (!setup_clean(ss))
		snprintf(err, sizeof(err), "its setup was not clean");
	else if (!template_regions(ss, err, sizeof(err)) &&
		 !snapshot_save(ss->vm.qmp, t->state_file, SAVE_TIMEOUT, err, sizeof(err)) &&
		 !template_seal(t, err, sizeof(err))) {
		t->state = TEMPLATE_READY;
		t->vm_no = ss->vm_no;
		t->vm_fault = session_init_fault(&ss->console);
		ss->saved = 1;
		info("vm-%02d: saved as the template of its group", ss->vm_no);
		return;
	}
	t->state = TEMPLATE_UNUSABLE;
	results_note(ss->ctx->res, "vm-%02d: not saved as a template (%s): its group boots cold", ss->vm_no, err);
	/* It may be stopped by a failed save: let it run the rest as a cold VM would. */
	json_object_put(qmp_execute(ss->vm.qmp, "cont", NULL, 5, err, sizeof(err)));
	send_steps(ss, ss->vm.ctl_fd, ss->nr_setup, ss->steps.nr, "go");
}

static void on_ctl_line(void *arg, const char *line, size_t len, int flags)
{
	struct session *ss = arg;
	char copy[CTL_LINE_MAX + 1];
	struct ctl_msg m;
	struct step *s;

	(void)len;
	ss->last_activity = now_mono();
	if (flags & LINEBUF_CONT)
		return;
	snprintf(copy, sizeof(copy), "%s", line);
	if (ctl_parse(copy, &m)) {
		info("vm-%02d: ignoring control message: %.80s", ss->vm_no, line);
		return;
	}
	switch (m.verb) {
	case CTL_HELLO:
		if (!ss->hello) {
			ss->hello = 1;
			ss->t_hello = ss->t_step = now_mono();
			ss->boot_dirty = boot_reports(ss);
			/* Retried once; the retry runs the tests whatever its boot shows. */
			if (ss->boot_dirty && !ss->ctx->retrying) {
				ss->boot_abort = 1;
				set_end(ss, "a kernel report during boot");
				break;
			}
			send_plan(ss);
		}
		break;
	case CTL_BEGIN:
		s = steps_find(&ss->steps, m.argv[0]);
		if (s) {
			res_of(ss, s)->began = 1;
			res_of(ss, s)->t_begin = now_mono();
			ss->current = s - ss->steps.v;
			if (!ss->t_first_test && s->kind == STEP_CELL)
				ss->t_first_test = res_of(ss, s)->t_begin;
		}
		ss->t_step = now_mono();
		break;
	case CTL_OUT:
		s = steps_find(&ss->steps, m.argv[0]);
		if (s)
			step_result_add_output(res_of(ss, s), m.text);
		break;
	case CTL_END:
		s = steps_find(&ss->steps, m.argv[0]);
		if (s) {
			res_of(ss, s)->ended = 1;
			res_of(ss, s)->t_end = now_mono();
			if (!strncmp(m.argv[1], "exit:", 5))
				res_of(ss, s)->exit_code = atoi(m.argv[1] + 5);
			else if (!strncmp(m.argv[1], "signal:", 7))
				res_of(ss, s)->term_signal = atoi(m.argv[1] + 7);
			ss->current = -1;
		}
		ss->t_step = now_mono();
		break;
	case CTL_DONE:
		ss->done = 1;
		ss->t_done = now_mono();
		break;
	case CTL_READY:
		on_ready(ss);
		break;
	case CTL_MCE:
		on_mce(ss, &m);
		break;
	default:
		info("vm-%02d: unexpected control message: %.80s", ss->vm_no, line);
	}
}

/* Read what is there on @fd into the console or the control parser. */
static int pump(struct session *ss, int fd, int is_console)
{
	char buf[8192];
	ssize_t n = read(fd, buf, sizeof(buf));

	if (n < 0)
		return errno == EINTR || errno == EAGAIN ? 1 : 0;
	if (n == 0)
		return 0;
	ss->last_activity = now_mono();
	if (is_console)
		console_feed(&ss->console, buf, n);
	else
		linebuf_feed(&ss->ctl_lb, buf, n);
	return 1;
}

/* Seconds the console gets to print the blocked tasks before the VM is stopped. */
#define SYSRQ_GRACE	((double)CTL_SYSRQ_GRACE)

/*
 * A hung test: have the guest's runner write 'w' to /proc/sysrq-trigger so
 * the console shows where tasks are blocked (kernels with MAGIC_SYSRQ).
 * Returns when to give up waiting for it, or 0 when the guest cannot be
 * asked.
 */
static double ask_for_stacks(struct session *ss, int ctl_open)
{
	if (!ctl_open || ctl_send(ss->vm.ctl_fd, "sysrq w"))
		return 0;
	info("vm-%02d: %s; asking the guest for blocked tasks (sysrq w)", ss->vm_no, ss->end_reason);
	return now_mono() + SYSRQ_GRACE;
}

/* A restored guest is waiting for its plan: it answers at once, or not at all. */
static double restore_answer(const struct run_ctx *ctx)
{
	return ctx->timeout_boot < RESTORE_ANSWER ? ctx->timeout_boot : RESTORE_ANSWER;
}

/*
 * The watchdogs, at time @t: 1 when the VM is to be stopped now. A hung
 * step first gets SYSRQ_GRACE seconds to print its blocked tasks
 * (*@dump_until).
 */
static int watchdog(struct session *ss, double t, double *dump_until, int ctl_open)
{
	struct run_ctx *ctx = ss->ctx;
	struct step *cur = ss->current >= 0 ? &ss->steps.v[ss->current] : NULL;
	/* The longest a VM can need: its boot, then every step at its timeout. */
	double vm_limit = ctx->timeout_boot + (double)(ss->steps.nr + 1) * ctx->timeout_test + POWEROFF_GRACE;

	if (ss->saved)
		return 1;
	if (ss->role == VM_CLONE && !ss->t_first_test && t - ss->t_hello > restore_answer(ctx)) {
		ss->restore_failed = 1;
		set_end(ss, "the restored guest did not begin its first step within %.0f s", restore_answer(ctx));
		return 1;
	}

	if (!ss->hello && t - ss->vm.started > ctx->timeout_boot) {
		set_end(ss, "no hello from the guest within %d s of boot", ctx->timeout_boot);
		return 1;
	}
	/* Bounds that hold however much the guest prints. */
	if (ss->console.dropped) {
		set_end(ss, "the console flooded: more than %ld MiB", CONSOLE_MAX_BYTES >> 20);
		return 1;
	}
	if (ss->done && t - ss->t_done > POWEROFF_GRACE) {
		set_end(ss, "the guest did not power off within %.0f s of finishing", POWEROFF_GRACE);
		return 1;
	}
	if (!*dump_until && ss->hello && !ss->done && !cur && t - ss->t_step > ctx->timeout_test) {
		set_end(ss, "no step began within %d s of the last one", ctx->timeout_test);
		return 1;
	}
	if (t - ss->vm.started > vm_limit) {
		set_end(ss, "the VM ran for more than %.0f s (the boot and test timeouts of its %d steps)",
			vm_limit, ss->steps.nr);
		if (cur)
			res_of(ss, cur)->timed_out = 1;
		return 1;
	}
	if ((*dump_until && t > *dump_until) || ss->boot_abort)
		return 1;
	if (!*dump_until && cur && t - res_of(ss, cur)->t_begin > ctx->timeout_test) {
		res_of(ss, cur)->timed_out = 1;
		set_end(ss, "%s did not finish within %d s", cur->name, ctx->timeout_test);
		*dump_until = ask_for_stacks(ss, ctl_open);
		return !*dump_until;
	}
	if (!*dump_until && t - ss->last_activity > ctx->timeout_silence) {
		if (cur)
			res_of(ss, cur)->timed_out = 1;
		set_end(ss, "no console or control output for %d s", ctx->timeout_silence);
		*dump_until = cur ? ask_for_stacks(ss, ctl_open) : 0;
		return !*dump_until;
	}
	return 0;
}

/* Watch the VM until it powers off, dies, or a watchdog fires. */
static enum session_status watch(struct session *ss)
{
	int console_open = 1, ctl_open = 1;
	double dump_until = 0;

	ss->last_activity = now_mono();
	while (console_open) {
		struct pollfd p[2] = {
			{ .fd = ss->vm.console_fd, .events = POLLIN },
			{ .fd = ctl_open ? ss->vm.ctl_fd : -1, .events = POLLIN },
		};

		if (stop_requested) {
			set_end(ss, "interrupted");
			vm_terminate(&ss->vm, 1);
			return SESSION_STOPPED;
		}
		if (watchdog(ss, now_mono(), &dump_until, ctl_open))
			break;
		if (poll(p, 2, 200) < 0 && errno != EINTR)
			break;
		if (p[0].revents & (POLLIN | POLLHUP | POLLERR))
			console_open = pump(ss, ss->vm.console_fd, 1);
		if (ctl_open && (p[1].revents & (POLLIN | POLLHUP | POLLERR)))
			ctl_open = pump(ss, ss->vm.ctl_fd, 0);
	}
	vm_terminate(&ss->vm, 2);
	/* Whatever QEMU wrote before it went away. */
	while (pump(ss, ss->vm.console_fd, 1))
		;
	while (ctl_open && pump(ss, ss->vm.ctl_fd, 0))
		;
	linebuf_finish(&ss->ctl_lb);
	console_finish(&ss->console);
	if (!ss->end_reason && !ss->done && !ss->saved) {
		int st = ss->vm.exit_status;

		if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
			set_end(ss, "the guest rebooted or powered off before finishing");
		else
			set_end(ss, "QEMU ended with status %#x", st);
	}
	return SESSION_OK;
}

static enum session_status session_vm(struct run_ctx *ctx, const char *seed, int *pending,
				      int *nr_pending, int nfit, struct template *t, char *err,
				      int errlen);

/*
 * The group's VM: a clone of its template when there is one (a clone that
 * fails is noted, and the group boots cold from then on), else a boot,
 * which saves a template when restores are on and there is none yet.
 */
static enum session_status session_group(struct run_ctx *ctx, const char *seed, int *pending,
					 int *nr_pending, int nfit, char *err, int errlen)
{
	struct template *t = &ctx->templates[nfit];
	enum session_status st;

	if (!ctx->restore)
		return session_vm(ctx, seed, pending, nr_pending, nfit, NULL, err, errlen);
	if (t->state == TEMPLATE_NONE && !t->dir)
		template_init(t, ctx->workdir, ++ctx->nr_templates, seed, nfit,
			      nfit ? &plan_nfit_topology : &ctx->plan->topo);
	if (t->state != TEMPLATE_READY)
		return session_vm(ctx, seed, pending, nr_pending, nfit,
				  t->state == TEMPLATE_NONE ? t : NULL, err, errlen);
	if (template_verify(t, err, errlen)) {
		t->state = TEMPLATE_UNUSABLE;
		st = SESSION_OK;
	} else {
		st = session_vm(ctx, seed, pending, nr_pending, nfit, t, err, errlen);
	}
	if (t->state == TEMPLATE_READY)
		return st;
	/* The clone failed: the cells it had are still pending. */
	info("%s; booting instead", err);
	results_note(ctx->res, "vm-%02d's template not used (%s): its group boots cold", t->vm_no, err);
	template_free(t);
	return session_vm(ctx, seed, pending, nr_pending, nfit, NULL, err, errlen);
}

void session_templates_free(struct run_ctx *ctx)
{
	for (int i = 0; i < 2; i++) {
		template_free(&ctx->templates[i]);
		ctx->templates[i].state = TEMPLATE_NONE;
	}
}

/*
 * One VM runs one group: the QEMU-NVDIMM cells first, then the nfit_test
 * cells in a VM of their own. The group's cells are handed to the VM as
 * their own pending list; what got a verdict leaves @pending.
 */
enum session_status session_run(struct run_ctx *ctx, const char *seed, int *pending,
				int *nr_pending, char *err, int errlen)
{
	int *sub = xcalloc(*nr_pending + 1, sizeof(int)), nr_sub = 0, nfit = 0, kept = 0;
	enum session_status st;

	for (int i = 0; i < *nr_pending; i++)
		if (!plan_cell_is_nfit(&ctx->plan->cells[pending[i]]))
			sub[nr_sub++] = pending[i];
	if (!nr_sub) {
		nfit = 1;
		if (!ctx->kernel->nfit_modules) {
			free(sub);
			session_skip_nfit(ctx, pending, nr_pending);
			return SESSION_OK;
		}
		memcpy(sub, pending, *nr_pending * sizeof(int));
		nr_sub = *nr_pending;
	}
	st = session_group(ctx, seed, sub, &nr_sub, nfit, err, errlen);
	/* Keep in @pending what is still in @sub or was not this group's. */
	for (int i = 0; i < *nr_pending; i++) {
		int still = plan_cell_is_nfit(&ctx->plan->cells[pending[i]]) != nfit;

		for (int j = 0; j < nr_sub && !still; j++)
			still = sub[j] == pending[i];
		if (still)
			pending[kept++] = pending[i];
	}
	*nr_pending = kept;
	free(sub);
	return st;
}

/* The VM's steps for the cells in @pending, each with its empty result. */
static void plan_steps(struct session *ss, const int *pending, int nr_pending)
{
	steps_build(&ss->steps, ss->ctx->plan, pending, nr_pending, ss->nfit, ss->seed, ss->role != VM_CLONE);
	ss->res = xcalloc(ss->steps.nr + 1, sizeof(*ss->res));
	ss->nr_setup = steps_setup_count(&ss->steps, ss->ctx->plan);
}

/* The media of @ss's VM: the template's for a clone, else freshly seeded. */
static int vm_media(struct session *ss, char ***media, char *err, int errlen)
{
	struct template *t = ss->tmpl;

	if (ss->role == VM_CLONE) {
		*media = t->media;
		return 0;
	}
	if (ss->role == VM_COLD)
		return media_prepare(ss->ctx->workdir, ss->nfit ? &plan_nfit_topology : &ss->ctx->plan->topo,
				     ss->seed, media, err, errlen);
	if (mkdir(t->dir, 0700) && errno != EEXIST)
		return error_set(err, errlen, "%s: %s", t->dir, strerror(errno));
	/* The template's VM runs on them: once it is saved, they are the golden media. */
	return media_prepare(t->dir, &t->topo, ss->seed, media, err, errlen);
}

/* A clone: check the template, start QEMU waiting for its state, load it, hand over the cells. */
static int start_clone(struct session *ss, const struct vm_config *cfg, char *err, int errlen)
{
	struct template *t = ss->tmpl;

	if (vm_start(cfg, &ss->vm, 30, err, errlen))
		return -1;
	if (snapshot_load(ss->vm.qmp, t->state_file, RESTORE_LOAD_TIMEOUT, err, errlen)) {
		char why[512];

		/* QEMU exits when a load fails: its last words say why. */
		if (vm_wait_exit(&ss->vm, 2) && !vm_last_words(cfg->qemu_log, why, sizeof(why)))
			snprintf(err, errlen, "vm-%02d: QEMU could not load the state: %s", ss->vm_no, why);
		return -1;
	}
	ss->hello = 1;
	ss->t_hello = ss->t_step = now_mono();
	ss->vm_fault = t->vm_fault ? xstrdup(t->vm_fault) : NULL;
	send_plan(ss);
	return 0;
}

/* The QEMU configuration of @ss's VM on @media. */
static void vm_setup(struct session *ss, struct vm_config *cfg, char **media, const char *qemu_log)
{
	struct run_ctx *ctx = ss->ctx;

	cfg->qemu = ctx->qemu;
	cfg->accel = ctx->accel;
	cfg->topo = ss->tmpl ? &ss->tmpl->topo : ss->nfit ? &plan_nfit_topology : &ctx->plan->topo;
	cfg->media = media;
	cfg->kernel = ctx->kernel->image;
	cfg->initrd = ctx->initrd;
	/* init loads the nfit_test modules instead of the nvdimm stack. */
	cfg->append = ss->nfit ? xasprintf("%s pmemfi.modules=nfit_test", ctx->append) : xstrdup(ctx->append);
	cfg->sockdir = ctx->workdir;
	cfg->qemu_log = qemu_log;
	cfg->clone = ss->role == VM_CLONE;
	cfg->step_timeout = ctx->timeout_test;
}

static const char *const role_words[] = { "starting", "booting a template", "restoring" };

/*
 * One VM for the cells in @pending: cold (@t NULL), to save @t (its state
 * TEMPLATE_NONE) or restored from @t. A clone that fails leaves @t
 * TEMPLATE_UNUSABLE and @pending as it was.
 */
static enum session_status session_vm(struct run_ctx *ctx, const char *seed, int *pending,
				      int *nr_pending, int nfit, struct template *t, char *err,
				      int errlen)
{
	struct session ss = { .ctx = ctx, .current = -1, .seed = seed, .nfit = nfit, .tmpl = t,
			      .vm = { .console_fd = -1, .ctl_fd = -1 } };
	struct vm_config cfg = { 0 };
	char **media = NULL, *log_path, *qemu_log, *plan_path = NULL;
	enum session_status st = SESSION_INFRA;
	FILE *mirror;

	ss.role = !t ? VM_COLD : t->state == TEMPLATE_READY ? VM_CLONE : VM_TEMPLATE;
	ss.vm_no = ++ctx->vm_counter;
	ctx->res->vms = ss.vm_no;
	if (vm_media(&ss, &media, err, errlen)) {
		for (int i = 0; media && media[i]; i++)
			free(media[i]);
		free(media);
		return SESSION_INFRA;
	}
	if (ss.role == VM_TEMPLATE)
		t->media = media;
	plan_steps(&ss, pending, *nr_pending);
	log_path = results_path(ctx->res, "console/vm-%02d.log", ss.vm_no);
	qemu_log = results_path(ctx->res, "console/vm-%02d.qemu.log", ss.vm_no);
	mirror = fopen(log_path, "w");
	if (!mirror)
		results_write_failed(ctx->res, log_path, errno);
	console_init(&ss.console, mirror);
	if (linebuf_init(&ss.ctl_lb, CTL_LINE_MAX, on_ctl_line, &ss))
		die(EXIT_INFRA, "out of memory");
	vm_setup(&ss, &cfg, media, qemu_log);
	if (ss.role == VM_COLD && !(cfg.plan = plan_path = write_plan(&ss, err, errlen)))
		goto out;
	info("vm-%02d: %s for %d %scells (seed %s)", ss.vm_no, role_words[ss.role], *nr_pending,
	     nfit ? "nfit_test " : "", seed);
	if (ss.role == VM_CLONE ? start_clone(&ss, &cfg, err, errlen) : vm_start(&cfg, &ss.vm, 30, err, errlen)) {
		if (ss.role == VM_CLONE)
			t->state = TEMPLATE_UNUSABLE;
		goto out;
	}
	if (!ctx->qemu_cmdline && ss.role != VM_CLONE)
		ctx->qemu_cmdline = vm_argv_string(ss.vm.argv);
	st = session_conclude(&ss, watch(&ss), pending, nr_pending, err, errlen);
	if (ss.restore_failed && !ss.t_first_test) {
		t->state = TEMPLATE_UNUSABLE;
		snprintf(err, errlen, "vm-%02d: %s", ss.vm_no, ss.end_reason);
	}
	results_write_summary(ctx->res);
	if (ss.console.mirror_errno)
		results_write_failed(ctx->res, log_path, ss.console.mirror_errno);
	/* A result that is not on disk is lost: end the run, naming the file. */
	if (ctx->res->write_error && st != SESSION_STOPPED) {
		snprintf(err, errlen, "%s", ctx->res->write_error);
		st = SESSION_INFRA;
	}
out:
	vm_stop(&ss.vm, 0);
	if (mirror)
		fclose(mirror);
	session_free(&ss);
	free((char *)cfg.append);
	/*
	 * A template's media are the golden media; a failed one's go with it.
	 * A VM that never got to its setup (no hello, or retried for a boot
	 * report) leaves the template to the VM that retries it.
	 */
	if (ss.role == VM_TEMPLATE && !ss.saved) {
		template_free(t);
		t->state = !ss.hello || ss.boot_abort ? TEMPLATE_NONE : TEMPLATE_UNUSABLE;
	}
	for (int i = 0; ss.role == VM_COLD && media[i]; i++) {
		unlink(media[i]);
		free(media[i]);
	}
	if (ss.role == VM_COLD)
		free(media);
	free(log_path);
	free(qemu_log);
	if (plan_path)
		unlink(plan_path);
	free(plan_path);
	return st;
}
