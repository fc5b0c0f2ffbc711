// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi run: resolve the kernel, build the guest image, then run the
 * profile's cells in as many VMs as it takes, writing results/ as it goes.
 */
#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "cmds.h"
#include "image.h"
#include "kernel.h"
#include "media.h"
#include "options.h"
#include "plan.h"
#include "results.h"
#include "session.h"
#include "util.h"
#include "vm.h"

/* What every pmemfi guest boots with; see README "Kernel command line". */
#define KERNEL_APPEND \
	"console=ttyS0,115200 loglevel=7 printk.time=1 printk.devkmsg=on " \
	"panic=-1 oops=panic nokaslr"

static volatile sig_atomic_t stop_requested;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

/* The checkout holding this binary (harness/pmemfi -> ..). */
static char *repo_root(void)
{
	char buf[4096];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	char *slash;

	if (n <= 0)
		return xstrdup(".");
	buf[n] = '\0';
	for (int i = 0; i < 2 && (slash = strrchr(buf, '/')); i++)
		*slash = '\0';
	return xstrdup(buf[0] ? buf : "/");
}

static void list_cells(const struct plan *p)
{
	for (int i = 0; i < p->nr_cells; i++) {
		const struct cell *c = &p->cells[i];

		if (c->kind == CELL_LAYOUT)
			printf("%s\n", c->name);
		else
			printf("%-60s expect %s, memory-failure %s (expectations:%d)\n", c->name,
			       c->expect_result, c->expect_mf ? c->expect_mf : "-", c->expect_line);
	}
}

/* The first line a command prints, or "unknown". */
static char *first_line_of(char *const argv[])
{
	struct strbuf out = STRBUF_INIT;

	if (run_cmd(argv, NULL, "-", &out) == 0 && out.len) {
		out.buf[strcspn(out.buf, "\n")] = '\0';
		return strbuf_detach(&out);
	}
	strbuf_release(&out);
	return xstrdup("unknown");
}

static char *qemu_version(const char *qemu)
{
	char *argv[] = { (char *)qemu, "--version", NULL };

	return first_line_of(argv);
}

static char *git_describe(const char *repo)
{
	char *argv[] = { "git", "-C", (char *)repo, "describe", "--always", "--dirty", NULL };

	return first_line_of(argv);
}

static void add(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v ? json_object_new_string(v) : NULL);
}

static struct json_object *manifest(const struct run_ctx *ctx, const struct run_options *opt,
				    const char *repo, const char *qemu_ver, const char *status)
{
	struct json_object *m = json_object_new_object(), *k = json_object_new_object();
	struct json_object *q = json_object_new_object(), *p = json_object_new_object();
	struct json_object *h = json_object_new_object(), *seeds = json_object_new_array();
	const struct kernel *kn = ctx->kernel;
	struct utsname u;
	char stamp[32], *rev = git_describe(repo);

	utc_stamp(stamp, sizeof(stamp), 0);
	add(m, "status", status);
	add(m, "written", stamp);
	add(m, "pmemfi", rev);
	add(k, "spec", kn->spec);
	add(k, "id", kn->id);
	add(k, "release", kn->release);
	add(k, "version", ctx->kernel_version);
	add(k, "source", kn->source);
	add(k, "image", kn->image);
	add(k, "modules", kn->modroot);
	add(k, "config", kn->config);
	add(k, "config_hash", kn->config_hash);
	add(k, "sanitizers", kn->sanitizers);
	add(k, "cmdline", ctx->append);
	json_object_object_add(m, "kernel", k);
	add(q, "version", qemu_ver);
	add(q, "accel", ctx->accel);
	add(q, "cmdline", ctx->qemu_cmdline);
	json_object_object_add(m, "qemu", q);
	add(p, "name", ctx->plan->profile.name);
	add(p, "path", ctx->plan->profile.path);
	add(p, "topology", ctx->plan->topo.name);
	add(p, "tests", opt->tests);
	json_object_object_add(p, "cells", json_object_new_int(ctx->plan->nr_cells));
	json_object_object_add(m, "profile", p);
	for (int i = 0; i < ctx->plan->profile.nr_seeds; i++)
		json_object_array_add(seeds, json_object_new_string(ctx->plan->profile.seeds[i]));
	json_object_object_add(m, "seeds", seeds);
	if (!uname(&u)) {
		char *s = xasprintf("%s %s %s", u.sysname, u.release, u.machine);

		add(h, "uname", s);
		add(h, "hostname", u.nodename);
		free(s);
	}
	json_object_object_add(h, "cpus", json_object_new_int(sysconf(_SC_NPROCESSORS_ONLN)));
	json_object_object_add(h, "memory_mb", json_object_new_int64(
		(long long)sysconf(_SC_PHYS_PAGES) * sysconf(_SC_PAGESIZE) >> 20));
	json_object_object_add(m, "host", h);
	free(rev);
	return m;
}

static void print_summary(const struct run_ctx *ctx, const struct results *r, double elapsed)
{
	size_t n = json_object_array_length(r->tests);

	printf("\n== pmemfi: %s, kernel %s (sanitizers: %s), accel %s\n", ctx->plan->profile.name,
	       ctx->kernel->id, ctx->kernel->sanitizers, ctx->accel);
	printf("   %d tests:", r->ktap_n);
	for (int v = 0; v < V_NR; v++)
		if (r->counts[v])
			printf(" %d %s", r->counts[v], verdict_name(v));
	printf(" (%d VMs)\n", r->vms);
	for (size_t i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(r->tests, i), *v, *name, *why;

		json_object_object_get_ex(t, "verdict", &v);
		json_object_object_get_ex(t, "name", &name);
		if (!strcmp(json_object_get_string(v), "pass"))
			continue;
		why = NULL;
		json_object_object_get_ex(t, "reason", &why);
		printf("   %-7s %s%s%s\n", json_object_get_string(v), json_object_get_string(name),
		       why ? "\n           " : "", why ? json_object_get_string(why) : "");
	}
	for (size_t i = 0; i < json_object_array_length(r->run_reports); i++) {
		struct json_object *o = json_object_array_get_idx(r->run_reports, i), *w, *t;

		json_object_object_get_ex(o, "where", &w);
		json_object_object_get_ex(o, "title", &t);
		printf("   report  %s: %s\n", json_object_get_string(w), json_object_get_string(t));
	}
	if (r->nr_boots) {
		double min = r->boots[0], max = r->boots[0];

		for (int i = 1; i < r->nr_boots; i++) {
			min = r->boots[i] < min ? r->boots[i] : min;
			max = r->boots[i] > max ? r->boots[i] : max;
		}
		printf("   time: %.1f s in all; boot to first test %.1f s (first VM), %.1f-%.1f s over %d boots\n",
		       elapsed, r->boots[0], min, max, r->nr_boots);
	} else {
		printf("   time: %.1f s in all; no VM reached the test runner\n", elapsed);
	}
	printf("   results: %s\n", r->dir);
}

static void setup_signals(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
}

/* Run every seed group; returns the run status for the summary. */
static const char *run_groups(struct run_ctx *ctx, char *err, int errlen, int *infra)
{
	struct plan *p = ctx->plan;
	int *pending = xcalloc(p->nr_cells, sizeof(int));

	for (int s = 0; s < p->profile.nr_seeds; s++) {
		const char *seed = p->profile.seeds[s];
		int nr = 0;

		for (int i = 0; i < p->nr_cells; i++)
			if (p->cells[i].seed == seed)
				pending[nr++] = i;
		int stuck = 0;

		while (nr) {
			enum session_status st = session_run(ctx, seed, pending, &nr, err, errlen);

			/* One retry: a boot can fail for reasons outside the kernel. */
			if (st == SESSION_NO_PROGRESS && ++stuck < 2) {
				msg("vm-%02d: %s; retrying once", ctx->vm_counter, err);
				continue;
			}
			if (st == SESSION_NO_PROGRESS) {
				msg("vm-%02d: %s; giving up on %d tests", ctx->vm_counter, err, nr);
				session_fail_pending(ctx, pending, &nr, err);
				continue;
			}
			stuck = 0;
			if (st == SESSION_STOPPED) {
				free(pending);
				return "interrupted";
			}
			if (st == SESSION_INFRA) {
				*infra = 1;
				free(pending);
				return "infra-error";
			}
		}
	}
	free(pending);
	return "complete";
}

int cmd_run(int argc, char **argv)
{
	struct run_options opt;
	struct run_ctx ctx = { 0 };
	struct plan plan;
	struct kernel kernel;
	struct results res;
	char err[1024], *repo, *configs, *qemu, *cache, *initrd = NULL, *workdir, *qver;
	const char *status, *tmp;
	int rc, infra = 0;
	double t0 = now_mono();

	if (options_parse(&opt, argc, argv, err, sizeof(err)))
		die(EXIT_USAGE, "%s", err);
	if (opt.help) {
		fputs(options_usage, stdout);
		return EXIT_OK;
	}
	util_verbose = opt.verbose;
	repo = repo_root();
	configs = opt.configs ? xstrdup(opt.configs) : xasprintf("%s/configs", repo);
	if (!dir_exists(configs))
		die(EXIT_USAGE, "configs directory %s not found", configs);
	if (plan_load(&plan, configs, opt.profile, opt.seed, err, sizeof(err)))
		die(EXIT_USAGE, "%s", err);
	if (opt.tests && !plan_filter(&plan, opt.tests))
		die(EXIT_USAGE, "--tests '%s' matches no cell of profile %s (see --list)", opt.tests,
		    plan.profile.name);
	if (opt.list) {
		list_cells(&plan);
		return EXIT_OK;
	}

	/* Everything that can be checked before a VM starts. */
	/* PMEMFI_QEMU: another QEMU binary (or the tests' fake one). */
	qemu = which(getenv("PMEMFI_QEMU") && *getenv("PMEMFI_QEMU") ? getenv("PMEMFI_QEMU")
								   : "qemu-system-x86_64");
	if (!qemu)
		die(EXIT_USAGE, "qemu-system-x86_64 not found on PATH (apt-get install qemu-system-x86, or run ./run.sh)");
	if (!strcmp(opt.accel, "kvm") && !vm_kvm_usable())
		die(EXIT_USAGE, "--accel kvm: /dev/kvm is missing or not usable here");
	tmp = opt.workdir ? opt.workdir : getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (!dir_exists(tmp))
		die(EXIT_USAGE, "--workdir %s: no such directory", tmp);
	workdir = xasprintf("%s/pmemfi.XXXXXX", tmp);
	if (!mkdtemp(workdir))
		die(EXIT_USAGE, "%s: cannot create a work directory: %s", tmp, strerror(errno));
	if (media_check_space(workdir, &plan.topo, err, sizeof(err))) {
		rm_rf(workdir);
		die(EXIT_USAGE, "%s", err);
	}
	cache = cache_dir();
	if (mkdir_p(cache))
		die(EXIT_USAGE, "cache directory %s: cannot create", cache);

	rc = kernel_resolve(opt.kernel, opt.modules, cache, &kernel, err, sizeof(err));
	if (rc) {
		rm_rf(workdir);
		die(rc, "%s", err);
	}
	info("kernel %s: %s (release %s, sanitizers: %s)", kernel.id, kernel.image,
	     kernel.release ? kernel.release : "?", kernel.sanitizers);
	ctx.accel = opt.accel;
	if (!strcmp(opt.accel, "auto")) {
		ctx.accel = vm_kvm_boots(qemu, kernel.image, 20) ? "kvm" : "tcg";
		info("accelerator: %s", ctx.accel);
	}
	rc = image_build(&kernel, repo, cache, &initrd, err, sizeof(err));
	if (rc) {
		rm_rf(workdir);
		die(rc, "%s", err);
	}
	if (results_open(&res, opt.results, kernel.id, plan.nr_cells, err, sizeof(err))) {
		rm_rf(workdir);
		die(EXIT_USAGE, "%s", err);
	}

	ctx.plan = &plan;
	ctx.kernel = &kernel;
	ctx.initrd = initrd;
	ctx.qemu = qemu;
	ctx.append = KERNEL_APPEND;
	ctx.workdir = workdir;
	ctx.res = &res;
	ctx.timeout_boot = opt.timeout_boot ? opt.timeout_boot : plan.profile.timeout_boot;
	ctx.timeout_test = opt.timeout_test ? opt.timeout_test : plan.profile.timeout_test;
	ctx.timeout_silence = opt.timeout_silence ? opt.timeout_silence : plan.profile.timeout_silence;
	ctx.stop = &stop_requested;
	qver = qemu_version(qemu);
	results_manifest(&res, manifest(&ctx, &opt, repo, qver, "running"));
	printf("pmemfi: %d tests of profile %s on %s (%s, %s), results in %s\n", plan.nr_cells,
	       plan.profile.name, kernel.id, kernel.sanitizers, ctx.accel, res.dir);
	fflush(stdout);

	setup_signals();
	status = run_groups(&ctx, err, sizeof(err), &infra);
	if (infra)
		msg("%s", err);
	results_manifest(&res, manifest(&ctx, &opt, repo, qver, status));
	print_summary(&ctx, &res, now_mono() - t0);
	rc = results_exit_code(&res);
	results_close(&res, status, infra ? err : NULL);
	rm_rf(workdir);
	if (stop_requested)
		rc = EXIT_INTERRUPTED;
	else if (infra)
		rc = EXIT_INFRA;
	free(qver);
	free(ctx.qemu_cmdline);
	free(ctx.kernel_version);
	free(workdir);
	free(initrd);
	free(cache);
	free(qemu);
	free(configs);
	free(repo);
	kernel_free(&kernel);
	plan_free(&plan);
	return rc;
}
