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

#include "modes/bisect.h"
#include "modes/canary.h"
#include "modes/parallel.h"
#include "results/history.h"
#include "cli/cmds.h"
#include "guest/image.h"
#include "kernel/kconfig.h"
#include "kernel/kernel.h"
#include "guest/media.h"
#include "cli/options.h"
#include "cli/opt_table.h"
#include "config/plan.h"
#include "config/shard.h"
#include "results/durations.h"
#include "results/summary.h"
#include "results/results.h"
#include "session/session.h"
#include "lib/json.h"
#include "lib/stop.h"
#include "lib/util.h"
#include "vm/vm.h"

/*
 * What every pmemfi guest boots with (docs/kernels-choosing.md).
 * acpi=noirq: the ACPI interpreter evaluating PCI interrupt links takes
 * 8 s of a KASAN kernel's boot under TCG; the PIRQ table does the same job.
 */
#define KERNEL_APPEND \
	"console=ttyS0,115200 loglevel=7 printk.time=1 printk.devkmsg=on " \
	"panic=-1 oops=panic acpi=noirq"

/* The cells with their expectations; @na_nfit: why the nfit_test ones will skip, or NULL. */
static void list_cells(const struct plan *p, const char *na_nfit)
{
	for (int i = 0; i < p->nr_cells; i++) {
		const struct cell *c = &p->cells[i];

		if (na_nfit && plan_cell_is_nfit(c))
			printf("%-60s not applicable to this kernel: %s (will skip)\n", c->name, na_nfit);
		else if (c->kind == CELL_LAYOUT)
			printf("%s\n", c->name);
		else if (c->kind == CELL_STRESS)
			printf("%-60s up to %ld rounds or %d s, %d threads\n", c->name,
			       c->stress->iterations, c->stress->seconds, c->stress->threads);
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

static char *git_commit(const char *repo)
{
	char *argv[] = { "git", "-C", (char *)repo, "rev-parse", "HEAD", NULL };

	return first_line_of(argv);
}

static void add(struct json_object *o, const char *k, const char *v)
{
	json_object_object_add(o, k, v ? json_object_new_string(v) : NULL);
}

/*
 * A shard's place in the whole plan, for pmemfi merge to check that shards
 * belong together (merge.h); its profile, seeds and kernel are beside it.
 */
static void add_shard(struct json_object *m, const struct plan *p, const char *durations)
{
	struct json_object *o;

	if (!p->shard.n)
		return;
	o = json_object_new_object();
	json_object_object_add(o, "k", json_object_new_int(p->shard.k));
	json_object_object_add(o, "n", json_object_new_int(p->shard.n));
	json_object_object_add(o, "plan_cells", json_object_new_int(p->shard.total));
	add(o, "plan_hash", p->shard.hash);
	if (durations)
		add(o, "durations", durations);
	json_object_object_add(m, "shard", o);
}

static void push_opt(struct json_object *a, const char *name, const char *value)
{
	json_object_array_add(a, json_object_new_string(name));
	if (value)
		json_object_array_add(a, json_object_new_string(value));
}

/*
 * The kernel's fragments as --fragment options: those the profile does not
 * add itself, or, when the kernel left out some of the profile's
 * (--fragment none), "none" and every one it has. A prebuilt kernel
 * takes none from the profile anyway.
 */
static void rerun_fragments(struct json_object *a, const struct plan *p, const struct kernel_spec *ks)
{
	int dropped = 0;

	for (int j = 0; j < p->profile.nr_fragments && kernel_built_here(ks->kernel, ks->tree); j++) {
		int kept = 0;

		for (int i = 0; i < ks->nr_fragments; i++)
			kept |= !strcmp(p->profile.fragments[j], ks->fragments[i]);
		dropped |= !kept;
	}
	if (dropped)
		push_opt(a, "--fragment", "none");
	for (int i = 0; i < ks->nr_fragments; i++) {
		int profile = 0;

		for (int j = 0; j < p->profile.nr_fragments && !dropped; j++)
			profile |= !strcmp(p->profile.fragments[j], ks->fragments[i]);
		if (!profile)
			push_opt(a, "--fragment", ks->fragments[i]);
	}
}

/*
 * The options that make a cell of this run what it was, for rerunning one
 * (results/rerun.h): the profile, the kernel @ks as resolved (a canary's
 * patches included), and every option given that changes what a cell
 * does or how it is judged. Not -j, --shard, --results, --workdir, -v:
 * they change where and how fast, not what.
 */
static struct json_object *rerun_base(const struct run_options *o, const struct plan *p,
				      const struct kernel_spec *ks)
{
	struct json_object *a = json_object_new_array();
	char num[16];

	json_object_array_add(a, json_object_new_string("./run.sh"));
	push_opt(a, "--profile", o->profile);
	if (ks->tree)
		push_opt(a, "--kernel-tree", ks->tree);
	else
		push_opt(a, "--kernel", ks->kernel);
	if (ks->modules)
		push_opt(a, "--modules", ks->modules);
	rerun_fragments(a, p, ks);
	for (int i = 0; i < ks->nr_patches; i++)
		push_opt(a, "--patch", ks->patches[i]);
	if (o->configs)
		push_opt(a, "--configs", o->configs);
	if (o->known)
		push_opt(a, "--known-issues", o->known);
	if (strcmp(o->accel, "auto"))
		push_opt(a, "--accel", o->accel);
	if (o->paging)
		push_opt(a, "--paging", o->paging == 5 ? "5" : "4");
	if (o->kaslr >= 0)
		push_opt(a, "--kaslr", o->kaslr ? "on" : "off");
	const struct { const char *name; int v; } timeouts[] = {
		{ "--timeout-boot", o->timeout_boot }, { "--timeout-test", o->timeout_test },
		{ "--timeout-silence", o->timeout_silence },
	};
	for (size_t i = 0; i < sizeof(timeouts) / sizeof(timeouts[0]); i++) {
		snprintf(num, sizeof(num), "%d", timeouts[i].v);
		if (timeouts[i].v)
			push_opt(a, timeouts[i].name, num);
	}
	if (o->no_restore)
		push_opt(a, "--no-restore", NULL);
	return a;
}

static struct json_object *manifest(const struct run_ctx *ctx, const struct run_options *opt,
				    const char *repo, const char *qemu_ver, const char *status,
				    struct json_object *rerun)
{
	struct json_object *m = json_object_new_object(), *k = json_object_new_object();
	struct json_object *q = json_object_new_object(), *p = json_object_new_object();
	struct json_object *h = json_object_new_object(), *seeds = json_object_new_array();
	const struct kernel *kn = ctx->kernel;
	struct utsname u;
	char stamp[32], *rev = git_describe(repo), *commit = git_commit(repo), cwd[4096];

	utc_stamp(stamp, sizeof(stamp), 0);
	add(m, "status", status);
	add(m, "written", stamp);
	add(m, "pmemfi", rev);
	add(m, "pmemfi_commit", commit);
	json_object_object_add(m, "argv", json_process_argv());
	add(m, "cwd", getcwd(cwd, sizeof(cwd)) ? cwd : NULL);
	json_object_object_add(m, "rerun", json_object_get(rerun));
	add(k, "spec", kn->spec);
	add(k, "id", kn->id);
	add(k, "release", kn->release);
	add(k, "version", ctx->kernel_version);
	add(k, "source", kn->source);
	add(k, "tree", kn->tree);
	add(k, "image", kn->image);
	add(k, "modules", kn->modroot);
	add(k, "nfit_modules", kn->nfit_modules);
	add(k, "config", kn->config);
	add(k, "config_hash", kn->config_hash);
	/* The run directory's copy (results_keep_inputs()). */
	add(k, "config_file", kn->config ? RESULTS_KERNEL_CONFIG : NULL);
	add(k, "vmlinux", kn->vmlinux);
	add(k, "symbols", kn->vmlinux ? "decoded to file:line with the kernel's scripts/decode_stacktrace.sh"
				       : kn->symbols_why);
	add(k, "sanitizers", kn->sanitizers);
	add(k, "dropped_config", kn->dropped_config);
	json_object_object_add(k, "build_seconds", json_object_new_double(kn->build_seconds));
	add(k, "cmdline", ctx->append);
	json_object_object_add(m, "kernel", k);
	add(q, "version", qemu_ver);
	add(q, "accel", ctx->accel);
	add(q, "cmdline", ctx->qemu_cmdline);
	json_object_object_add(m, "qemu", q);
	add(p, "name", ctx->plan->profile.name);
	add(p, "path", ctx->plan->profile.path);
	add(p, "topology", ctx->plan->topo.name);
	json_object_object_add(p, "paging", json_object_new_int(ctx->plan->topo.paging));
	json_object_object_add(p, "kaslr", json_object_new_boolean(ctx->plan->topo.kaslr));
	add(p, "tests", opt->tests);
	json_object_object_add(p, "cells", json_object_new_int(ctx->plan->nr_cells));
	json_object_object_add(m, "profile", p);
	for (int i = 0; i < ctx->plan->profile.nr_seeds; i++)
		json_object_array_add(seeds, json_object_new_string(ctx->plan->profile.seeds[i]));
	json_object_object_add(m, "seeds", seeds);
	add_shard(m, ctx->plan, opt->durations);
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
	free(commit);
	return m;
}

static void print_summary(const struct run_ctx *ctx, const struct results *r, double elapsed)
{
	printf("\n== pmemfi: %s, kernel %s (sanitizers: %s), accel %s\n", ctx->plan->profile.name,
	       ctx->kernel->id, ctx->kernel->sanitizers, ctx->accel);
	printf("   %d tests:", r->done);
	summary_print_counts(stdout, r->counts, r->vms);
	if (r->not_applicable)
		printf("   %d not applicable to this kernel (%s): not counted as skips\n", r->not_applicable,
		       ctx->kernel->nfit_why ? ctx->kernel->nfit_why : "?");
	if (results_skipped_over(r) >= 0)
		printf("   skipped %d of %d %stests (%d%%): more than the %d%% the profile allows (max-skipped,"
		       " --max-skipped): a skip is not a pass\n", r->counts[V_SKIP] - r->not_applicable,
		       r->done - r->not_applicable, r->not_applicable ? "applicable " : "", results_skipped_over(r),
		       r->max_skipped);
	fflush(stdout);
	summary_print(stdout, r->tests, r->manifest, r->dir);
	for (size_t i = 0; i < json_object_array_length(r->run_reports); i++) {
		struct json_object *o = json_object_array_get_idx(r->run_reports, i), *w, *t, *k, *f;

		json_object_object_get_ex(o, "where", &w);
		json_object_object_get_ex(o, "title", &t);
		if (json_object_object_get_ex(o, "known", &k))
			printf("   known   %s: %s (known issue %s)\n", json_object_get_string(w),
			       json_object_get_string(t), json_object_get_string(k));
		else if (json_object_object_get_ex(o, "flake", &f))
			printf("   flaky   %s: %s (%s)\n", json_object_get_string(w), json_object_get_string(t),
			       json_object_get_string(f));
		else
			printf("   report  %s: %s\n", json_object_get_string(w), json_object_get_string(t));
	}
	for (size_t i = 0; i < json_object_array_length(r->notes); i++)
		printf("   note    %s\n", json_object_get_string(json_object_array_get_idx(r->notes, i)));
	for (int i = 0; i < ctx->known->nr; i++) {
		const struct known_issue *k = &ctx->known->v[i];

		char *scope;

		if (!k->xfails && !k->xpasses)
			continue;
		scope = known_scope(k);
		printf("   known   %s: %d xfail, %d xpass%s\n             scope: %s\n", k->id, k->xfails,
		       k->xpasses, k->xpasses && !k->xfails ? " (fixed? update configs/known-issues)" : "", scope);
		free(scope);
	}
	if (r->nr_boots) {
		double min = r->boots[0], max = r->boots[0];

		for (int i = 1; i < r->nr_boots; i++) {
			min = r->boots[i] < min ? r->boots[i] : min;
			max = r->boots[i] > max ? r->boots[i] : max;
		}
		printf("   time: %.1f s in all; boot to first test %.1f s (first VM), %.1f-%.1f s over %d boots\n",
		       elapsed, r->boots[0], min, max, r->nr_boots);
		if (r->nr_restores)
			printf("         %d VMs restored instead of booted, %.2f s each to their first test (%.1f s in all)\n",
			       r->nr_restores, util_sum(r->restores, r->nr_restores) / r->nr_restores,
			       util_sum(r->restores, r->nr_restores));
	} else {
		printf("   time: %.1f s in all; no VM reached the test runner\n", elapsed);
	}
	printf("   results: %s\n", r->dir);
}

static void setup_signals(void)
{
	stop_catch();
	signal(SIGPIPE, SIG_IGN);
}

/* What every kernel of one invocation shares. */
struct env {
	struct run_options opt;
	struct plan plan;
	struct known_set known;
	char *known_path;	/* the known-issues file loaded, or NULL */
	char *repo, *configs, *qemu, *cache, *workdir, *qver;
	char **argv;		/* the run's own, for -j's children */
	int argc;
	int jobs;		/* VMs at once (-j, bounded by memory) */
	char kernel_hash[17];	/* of the kernel being run: image_kernel_hash() */
};

/* Canary mode wants the outcome of each kernel's run; bisect-step its answer. */
struct kernel_run {
	char *outcome;		/* canary_outcome() of the run */
	char *titles;
	char *dir;
	const char *bad;	/* bisect-step: what makes a commit bad, or NULL */
	enum bisect_answer answer;
	struct strbuf why;	/* bisect_judge()'s line */
};

/* -j: the run's options without -j and --results, as NULL-terminated args. */
static char **child_args(const struct env *env, const char *durations)
{
	struct strvec v = STRVEC_INIT;

	if (durations) {
		strvec_push(&v, "--durations");
		strvec_push(&v, durations);
	}
	for (int i = 1; i < env->argc; i++) {
		const char *a = env->argv[i];

		if (!strcmp(a, "-j") || !strcmp(a, "--jobs") || !strcmp(a, "--results"))
			i++;
		else if (strncmp(a, "-j", 2) && strncmp(a, "--jobs=", 7) && strncmp(a, "--results=", 10))
			strvec_push(&v, a);
	}
	return v.v ? v.v : xcalloc(1, sizeof(char *));
}

static int run_parallel(struct env *env)
{
	char *durations = NULL, **args;
	int rc;

	/* Balance by the last finished run of this profile, when there is one. */
	if (!env->opt.durations) {
		struct run_record *past;

		if (history_list(env->opt.results, env->plan.profile.name, NULL, 1, &past) == 1)
			durations = xasprintf("%s/summary.json", past[0].dir);
		history_free(past, durations ? 1 : 0);
	}
	args = child_args(env, durations);
	if (durations)
		info("-j: shards balanced by the durations of %s", durations);
	info("-j %d: the plan runs as %d shards at once", env->jobs, env->jobs);
	rc = parallel_run(args, env->jobs, env->plan.nr_cells, env->opt.results);
	free(durations);
	for (char **a = args; *a; a++)
		free(*a);
	free(args);
	return rc;
}

/*
 * Kernel command line for @k and @p: KASAN kernels report every bad
 * access; legacy pmem is carved from RAM; page_owner records only when
 * asked, and only a walker of it needs it.
 */
static char *kernel_append(const struct kernel *k, const struct plan *p, const char *extra)
{
	char *s = xasprintf("%s%s%s%s%s", KERNEL_APPEND, p->topo.kaslr ? "" : " nokaslr",
			    strstr(k->sanitizers, "KASAN") ? " kasan_multi_shot" : "", extra ? " " : "",
			    extra ? extra : "");

	for (int i = 0; i < p->topo.nr_legacy; i++) {
		char *next = xasprintf("%s memmap=%lluM!%lluM", s,
				       (unsigned long long)(p->topo.legacy[i].size >> 20),
				       (unsigned long long)(p->topo.legacy[i].start >> 20));

		free(s);
		s = next;
	}
	/* The topology's devices: modules to load, reservations (docs/device-memory.md). */
	{
		char *dev = plan_kernel_args(&p->topo), *next = *dev ? xasprintf("%s %s", s, dev) : NULL;

		if (next) {
			free(s);
			s = next;
		}
		free(dev);
	}
	for (int i = 0; i < p->nr_cells; i++) {
		if (p->cells[i].action && !strcmp(p->cells[i].action, "page-owner")) {
			char *next = xasprintf("%s page_owner=on", s);

			free(s);
			s = next;
			break;
		}
	}
	return s;
}

/* The context of one kernel's run: what the sessions need. */
static void run_ctx_init(struct run_ctx *ctx, struct env *env, struct kernel *kernel, struct results *res,
			 struct kconfig *config, const char *initrd, const char *append)
{
	/* Each kernel of --canaries tallies its own xfails and xpasses. */
	known_reset(&env->known);
	/* What the kernel has, to hold the tests' skips to. */
	if (kernel->config && !kconfig_load(config, kernel->config))
		ctx->config = config;
	ctx->known = &env->known;
	res->known = &env->known;
	res->max_skipped = env->opt.max_skipped >= 0 ? env->opt.max_skipped : env->plan.profile.max_skipped;
	res->release = kernel->release;
	ctx->plan = &env->plan;
	ctx->kernel = kernel;
	ctx->initrd = initrd;
	ctx->qemu = env->qemu;
	ctx->append = append;
	ctx->workdir = env->workdir;
	ctx->res = res;
	ctx->timeout_boot = env->opt.timeout_boot ? env->opt.timeout_boot : env->plan.profile.timeout_boot;
	ctx->timeout_test = env->opt.timeout_test ? env->opt.timeout_test : env->plan.profile.timeout_test;
	ctx->timeout_silence = env->opt.timeout_silence ? env->opt.timeout_silence
							: env->plan.profile.timeout_silence;
	ctx->progress_tty = isatty(STDOUT_FILENO);
	ctx->restore = !env->opt.no_restore;
	/* A saved VM state covers NVDIMMs and legacy pmem only (docs/device-memory.md). */
	if (ctx->restore && plan_topology_has_devmem(&env->plan.topo)) {
		ctx->restore = 0;
		results_note(res, "topology %s: every VM boots (no restores: its device memory beyond NVDIMMs is not in a saved state)",
			     env->plan.topo.name);
	}
}

/*
 * The fragments of the kernel: for one built here (kasan, --kernel-tree)
 * the profile's "fragment" lines, then --fragment, each once; a prebuilt
 * kernel runs as it is, so it takes none from the profile (said once).
 */
static const char **kernel_fragments(const struct env *env, int *n)
{
	const struct profile *pr = &env->plan.profile;
	int built = kernel_built_here(env->opt.kernel, env->opt.tree), none = 0;
	const char **v = xcalloc(pr->nr_fragments + env->opt.nr_fragments + 1, sizeof(char *));

	/* --fragment none: not even the profile's */
	for (int i = 0; i < env->opt.nr_fragments; i++)
		none |= !strcmp(env->opt.fragments[i], "none");
	*n = 0;
	for (int i = 0; i < pr->nr_fragments && built && !none; i++)
		v[(*n)++] = pr->fragments[i];
	if (pr->nr_fragments && !built)
		info("profile %s: its fragment %s%s applies to a kernel built here; %s runs as it is",
		     pr->name, pr->fragments[0], pr->nr_fragments > 1 ? " (and more)" : "", env->opt.kernel);
	for (int i = 0; i < env->opt.nr_fragments; i++) {
		int dup = !strcmp(env->opt.fragments[i], "none");

		for (int j = 0; j < *n; j++)
			dup |= !strcmp(v[j], env->opt.fragments[i]);
		if (!dup)
			v[(*n)++] = env->opt.fragments[i];
	}
	return v;
}

/* FNV-1a 64 of the files @paths (NULL-terminated) as hex, or NULL when one cannot be read. */
static struct json_object *files_hash(const char *const *paths)
{
	uint64_t h = FNV1A64_INIT;
	char hex[17];

	for (; *paths; paths++)
		if (fnv1a64_file(*paths, &h))
			return NULL;
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)h);
	return json_object_new_string(hex);
}

/*
 * The manifest with what decides the verdicts beside the kernel's name:
 * kernel.hash (its image and modules), and the profile, topology and
 * expectation files the plan came from and the known-issue file, each as
 * a hash (pmemfi merge refuses shards that differ in them).
 */
static struct json_object *run_manifest(const struct env *env, const struct run_ctx *ctx, const char *status,
					struct json_object *rerun)
{
	struct json_object *m = manifest(ctx, &env->opt, env->repo, env->qver, status, rerun);
	char *expect = xasprintf("%s/expectations", env->configs);
	const char *configs[] = { env->plan.profile.path, env->plan.topo.path, expect, NULL };
	const char *known[] = { env->known_path, NULL };
	struct json_object *k = json_object_new_object();

	add(json_get(m, "kernel"), "hash", env->kernel_hash[0] ? env->kernel_hash : NULL);
	json_object_object_add(json_get(m, "profile"), "configs_hash", files_hash(configs));
	add(k, "file", env->known_path);
	json_object_object_add(k, "hash", env->known_path ? files_hash(known) : NULL);
	json_object_object_add(m, "known_issues", k);
	free(expect);
	return m;
}

/*
 * Before the first VM: the decoder of report stacks (@symbols), the run's
 * inputs in its directory (results_keep_inputs()) and its manifest, and
 * the run's first line. Returns the rerun options (rerun_base()), for the
 * final manifest too.
 */
static struct json_object *start_results(struct env *env, const struct kernel_spec *ks, struct run_ctx *ctx,
					 struct symbolizer *symbols)
{
	struct json_object *rerun = rerun_base(&env->opt, &env->plan, ks);
	const struct kernel *k = ctx->kernel;

	symbolizer_init(symbols, k->decoder, k->vmlinux, k->symbols_why);
	ctx->symbols = symbols;
	results_keep_inputs(ctx->res, k->config, env->configs, &env->plan, env->known_path);
	results_manifest(ctx->res, run_manifest(env, ctx, "running", rerun));
	printf("pmemfi: %d tests of profile %s on %s (sanitizers: %s, %s), results in %s\n",
	       env->plan.nr_cells, env->plan.profile.name, k->id, k->sanitizers, ctx->accel, ctx->res->dir);
	if (env->plan.shard.n)
		printf("pmemfi: shard %d/%d of %d tests (pmemfi merge joins the shards)\n", env->plan.shard.k,
		       env->plan.shard.n, env->plan.shard.total);
	fflush(stdout);
	return rerun;
}

/* What canary and bisect-step want of a kernel's run, into @out. */
static void tell_kernel_run(const struct results *res, struct kernel_run *out)
{
	struct json_object *summary = results_summary(res);
	struct bisect_target target = { .text = out->bad };

	out->answer = bisect_judge(summary, &target, &out->why);
	json_object_put(summary);
	out->outcome = canary_outcome(res->tests, res->nr_run_reports);
	out->titles = canary_titles(res->tests);
	out->dir = xstrdup(res->dir);
}

/*
 * Resolve, build and run one kernel. Returns the exit code of that run; on
 * EXIT_USAGE/EXIT_INFRA before anything ran, @err says why and nothing was
 * written.
 */
static int run_kernel(struct env *env, const struct kernel_spec *ks, struct kernel_run *out,
		      char *err, int errlen)
{
	struct run_ctx ctx = { 0 };
	struct kconfig config = { 0 };
	struct kernel kernel;
	struct results res;
	struct json_object *rerun;
	struct symbolizer symbols;
	char *initrd = NULL, *append;
	const char *status;
	int rc, infra = 0;
	double t0 = now_mono();

	rc = kernel_resolve(ks, &kernel, err, errlen);
	if (rc) {
		kernel_free(&kernel);
		/* A ^C during a build fails the build: say what happened. */
		return stop_requested ? EXIT_INTERRUPTED : rc;
	}
	info("kernel %s: %s (release %s, sanitizers: %s)", kernel.id, kernel.image,
	     kernel.release ? kernel.release : "?", kernel.sanitizers);
	ctx.accel = env->opt.accel;
	if (!strcmp(env->opt.accel, "auto")) {
		ctx.accel = vm_kvm_boots(env->qemu, kernel.image, 20) ? "kvm" : "tcg";
		info("accelerator: %s", ctx.accel);
	}
	rc = image_build(&kernel, env->repo, env->cache, &initrd, err, errlen);
	if (!rc)
		rc = image_kernel_hash(&kernel, env->repo, env->kernel_hash, err, errlen);
	/* The kernel and image are cached now: -j's children find them there. */
	if (!rc && !out && env->jobs > 1) {
		free(initrd);
		kernel_free(&kernel);
		return run_parallel(env);
	}
	if (!rc && results_open(&res, env->opt.results, kernel.id, &env->plan, err, errlen))
		rc = EXIT_USAGE;
	if (rc) {
		free(initrd);
		kernel_free(&kernel);
		return stop_requested ? EXIT_INTERRUPTED : rc;
	}
	append = kernel_append(&kernel, &env->plan, env->opt.append);
	run_ctx_init(&ctx, env, &kernel, &res, &config, initrd, append);
	rerun = start_results(env, ks, &ctx, &symbols);

	status = session_run_plan(&ctx, err, errlen, &infra);
	if (ctx.progress_tty)
		printf("\n");
	results_manifest(&res, run_manifest(env, &ctx, status, rerun));
	json_object_put(rerun);
	print_summary(&ctx, &res, now_mono() - t0);
	rc = results_exit_code(&res);
	if (out)
		tell_kernel_run(&res, out);
	results_close(&res, status, infra ? err : NULL);
	if (stop_requested) {
		rc = EXIT_INTERRUPTED;
	} else if (infra || res.write_error) {
		rc = EXIT_INFRA;
		if (res.write_error)
			snprintf(err, errlen, "%s (the run's results are incomplete)", res.write_error);
	}
	if (symbols.calls)
		info("decode_stacktrace.sh: %d runs, %.1f s", symbols.calls, symbols.seconds);
	symbolizer_free(&symbols);
	results_free(&res);
	strvec_clear(&ctx.setup_titles);
	free(append);
	free(ctx.qemu_cmdline);
	free(ctx.kernel_version);
	free(initrd);
	kconfig_free(&config);
	kernel_free(&kernel);
	return rc;
}

/* Build and run every canary kernel; 0 when each shows its expected outcome. */
static int run_canaries(struct env *env, char *err, int errlen)
{
	char *path = xasprintf("%s/canaries", env->configs);
	struct kernel_run runs[CANARY_MAX] = { 0 };
	struct canary_set set;
	int rc = 0, mismatches = 0;

	if (canary_load(&set, path, err, errlen)) {
		free(path);
		return EXIT_USAGE;
	}
	free(path);
	for (int i = 0; i < set.nr && !stop_requested; i++) {
		/* --fragment for every canary, then the row's own "@NAME" fragments */
		const char **frags = xcalloc(env->opt.nr_fragments + set.v[i].nr_fragments + 1, sizeof(char *));
		struct kernel_spec ks = {
			.kernel = env->opt.kernel, .tree = env->opt.tree, .configs = env->configs,
			.fragments = frags, .nr_fragments = 0,
			.patches = (const char *const *)set.v[i].patches, .nr_patches = set.v[i].nr_patches,
			.cache = env->cache, .nfit = plan_has_nfit(&env->plan),
		};

		for (int j = 0; j < env->opt.nr_fragments; j++)
			frags[ks.nr_fragments++] = env->opt.fragments[j];
		for (int j = 0; j < set.v[i].nr_fragments; j++)
			frags[ks.nr_fragments++] = set.v[i].fragments[j];
		printf("\n== canary %s (%d patch%s, %d fragment%s)\n", set.v[i].name, set.v[i].nr_patches,
		       set.v[i].nr_patches == 1 ? "" : "es", set.v[i].nr_fragments,
		       set.v[i].nr_fragments == 1 ? "" : "s");
		fflush(stdout);
		rc = run_kernel(env, &ks, &runs[i], err, errlen);
		free(frags);
		if (rc >= EXIT_USAGE)
			break;
		rc = 0;
	}
	if (!rc && !stop_requested) {
		printf("\n%-22s %-28s %-28s %s\n", "kernel", "expected", "observed", "titles");
		for (int i = 0; i < set.nr; i++) {
			int ok = !strcmp(set.v[i].expected, runs[i].outcome);

			mismatches += !ok;
			printf("%-22s %-28s %-28s %s%s\n", set.v[i].name, set.v[i].expected, runs[i].outcome,
			       runs[i].titles, ok ? "" : "   <-- MISMATCH");
		}
		rc = mismatches ? EXIT_FAILED : EXIT_OK;
	}
	for (int i = 0; i < set.nr; i++) {
		free(runs[i].outcome);
		free(runs[i].titles);
		free(runs[i].dir);
	}
	canary_free(&set);
	return stop_requested ? EXIT_INTERRUPTED : rc;
}

/* The configs: the plan and the known issues. Returns 1 when --list printed the cells. */
static int load_configs(struct env *env, int usage)
{
	char err[1024];

	env->repo = util_repo_root();
	env->configs = env->opt.configs ? xstrdup(env->opt.configs) : xasprintf("%s/configs", env->repo);
	if (!dir_exists(env->configs))
		die(usage, "configs directory %s not found", env->configs);
	if (plan_load(&env->plan, env->configs, env->opt.profile, env->opt.seed, err, sizeof(err)))
		die(usage, "%s", err);
	if (env->opt.paging)
		env->plan.topo.paging = env->opt.paging;
	if (env->opt.kaslr >= 0)
		env->plan.topo.kaslr = env->opt.kaslr;
	if (env->opt.tests && !plan_filter(&env->plan, env->opt.tests))
		die(usage, "--tests '%s' matches no cell of profile %s (see --list)", env->opt.tests,
		    env->plan.profile.name);
	/* After --tests: a shard is part of what was selected. */
	if (env->opt.shard_n) {
		struct shard_durations d = { 0 };

		if (env->opt.durations && shard_durations_load(&d, env->opt.durations, err, sizeof(err)))
			die(usage, "%s", err);
		plan_shard(&env->plan, env->opt.shard_k, env->opt.shard_n, &d);
		shard_durations_free(&d);
	}
	if (env->opt.list) {
		list_cells(&env->plan, kernel_nfit_not_applicable(env->opt.kernel, env->opt.tree));
		return 1;
	}
	if (!env->opt.known || strcmp(env->opt.known, "none")) {
		char *path = env->opt.known ? xstrdup(env->opt.known) : xasprintf("%s/known-issues", env->configs);

		/* A --configs directory without the file simply knows no issues. */
		if ((env->opt.known || file_exists(path)) && known_load(&env->known, path, err, sizeof(err)))
			die(usage, "%s", err);
		if (env->opt.known || file_exists(path))
			env->known_path = path;
		else
			free(path);
	}
	known_boot(&env->known, env->plan.topo.paging, env->plan.topo.kaslr);
	return 0;
}

/* Everything about this machine that can be checked before a VM starts. */
static void check_host(struct env *env, int usage)
{
	char err[1024];
	const char *tmp;

	/* PMEMFI_QEMU: another QEMU binary (or the tests' fake one). */
	tmp = getenv("PMEMFI_QEMU");
	env->qemu = which(tmp && *tmp ? tmp : "qemu-system-x86_64");
	if (!env->qemu)
		die(usage, "qemu-system-x86_64 not found on PATH (apt-get install qemu-system-x86, or run ./run.sh)");
	if (!strcmp(env->opt.accel, "kvm") && !vm_kvm_usable())
		die(usage, "--accel kvm: /dev/kvm is missing or not usable here");
	tmp = env->opt.workdir ? env->opt.workdir : getenv("TMPDIR");
	if (!tmp || !*tmp)
		tmp = "/tmp";
	if (!dir_exists(tmp))
		die(usage, "--workdir %s: no such directory", tmp);
	env->workdir = xasprintf("%s/pmemfi.XXXXXX", tmp);
	if (!mkdtemp(env->workdir))
		die(usage, "%s: cannot create a work directory: %s", tmp, strerror(errno));
	/* A template keeps its RAM in a file too. */
	struct topology need = env->plan.topo;

	need.ram_file = !env->opt.no_restore;
	if (media_check_space(env->workdir, &need, err, sizeof(err))) {
		rm_rf(env->workdir);
		die(usage, "%s", err);
	}
	env->cache = cache_dir();
	if (mkdir_p(env->cache)) {
		rm_rf(env->workdir);
		die(usage, "cache directory %s: cannot create", env->cache);
	}
	env->qver = qemu_version(env->qemu);
}

/*
 * "run" and "bisect-step" share everything but the end: @bisect is NULL for
 * run, and receives the tally of the single kernel's run for bisect-step.
 */
static int run_main(int argc, char **argv, struct kernel_run *bisect)
{
	struct env env = { 0 };
	char err[1024];
	/* git bisect run stops on 128 and up; 2 would mean "bad". */
	int usage = bisect ? BISECT_STEP_USAGE : EXIT_USAGE;
	int rc;

	if (options_parse(&env.opt, argc, argv, err, sizeof(err)))
		die(usage, "%s", err);
	if (env.opt.help)
		return opt_help(bisect ? "bisect-step" : "run");
	util_verbose = env.opt.verbose;
	if (load_configs(&env, usage))
		return EXIT_OK;
	if (env.opt.jobs != 1 && env.opt.shard_n)
		die(usage, "-j with --shard: a shard runs serially (run the shards themselves at once)");
	if (env.opt.durations && !env.opt.shard_n && env.opt.jobs == 1)
		die(usage, "--durations %s: it balances shards; give --shard K/N or -j N", env.opt.durations);
	env.argv = argv;
	env.argc = argc;
	env.jobs = env.opt.jobs == 1 || bisect || env.opt.canaries ? 1
		   : parallel_jobs(env.opt.jobs, getenv("PMEMFI_LAVA_DIR") ? 0	/* VMs are LAVA jobs */
						     : (long long)(env.plan.topo.memory >> 20));
	check_host(&env, usage);
	setup_signals();

	err[0] = '\0';
	if (env.opt.canaries && bisect)
		die(usage, "bisect-step runs one kernel, not --canaries");
	if (env.opt.canaries && env.opt.nr_patches)
		die(usage, "--patch with --canaries: each canary's patches are in configs/canaries");
	if (env.opt.canaries && !kernel_built_here(env.opt.kernel, env.opt.tree))
		die(usage, "--canaries with --kernel %s: canaries are kernels built here (kasan, kasan:SERIES, "
		    "--kernel-tree)", env.opt.kernel);
	if (env.opt.canaries) {
		rc = run_canaries(&env, err, sizeof(err));
	} else {
		int nr_frags;
		const char **frags = kernel_fragments(&env, &nr_frags);
		struct kernel_spec ks = {
			.kernel = env.opt.kernel, .modules = env.opt.modules, .tree = env.opt.tree,
			.configs = env.configs, .fragments = frags,
			.nr_fragments = nr_frags, .cache = env.cache,
			.patches = env.opt.patches, .nr_patches = env.opt.nr_patches,
			.nfit = plan_has_nfit(&env.plan),
		};

		rc = run_kernel(&env, &ks, bisect, err, sizeof(err));
		free(frags);
	}
	if (stop_requested)
		rc = EXIT_INTERRUPTED;
	if ((rc == EXIT_USAGE || rc == EXIT_INFRA || rc == KERNEL_UNSUITABLE || rc == KERNEL_UNBUILDABLE) && err[0])
		msg("%s", err);
	else if (rc == EXIT_INTERRUPTED)
		msg("interrupted%s%s", err[0] ? ": " : "", err);
	/* bisect-step tells "this tree cannot give that kernel" from bad usage and the host failing. */
	if (rc == KERNEL_UNSUITABLE && !bisect)
		rc = EXIT_USAGE;
	if (rc == KERNEL_UNBUILDABLE && !bisect)
		rc = EXIT_INFRA;
	rm_rf(env.workdir);
	free(env.workdir);
	free(env.qver);
	free(env.cache);
	free(env.qemu);
	free(env.configs);
	free(env.known_path);
	free(env.repo);
	plan_free(&env.plan);
	known_free(&env.known);
	return rc;
}

int cmd_run(int argc, char **argv)
{
	return run_main(argc, argv, NULL);
}

/*
 * pmemfi bisect-step [--signature TEXT] [run options]: one step of "git bisect
 * run" (bisect.h says what makes a commit good, bad or neither):
 *   0    good
 *   1    bad
 *   125  skip: the kernel does not build, cannot be configured as asked
 *        in this tree, does not boot, or the tests could not tell
 *   128  bad usage, wherever it is found (stops the bisection)
 *   129  the host failed: QEMU did not start, the guest image could not
 *        be built, a result or the cache could not be written (stops it:
 *        no commit is to blame, and every later step would fail so)
 *   130  interrupted, at any stage (stops it too)
 */
int cmd_bisect_step(int argc, char **argv)
{
	struct kernel_run out = { .why = STRBUF_INIT };
	char **rest = xcalloc(argc + 1, sizeof(char *));
	int n = 0, rc;

	for (int i = 0; i < argc; i++) {
		if (opt_is_help(argv[i])) {
			free(rest);
			return opt_help("bisect-step");
		}
		if (!strcmp(argv[i], "--signature") && i + 1 < argc) {
			out.bad = argv[++i];
			continue;
		}
		if (!strncmp(argv[i], "--signature=", 12)) {
			out.bad = argv[i] + 12;
			continue;
		}
		if (!strcmp(argv[i], "--signature"))
			die(BISECT_STEP_USAGE, "bisect-step: --signature needs a text (part of a title or failure reason)");
		rest[n++] = argv[i];
	}
	if (out.bad && !*out.bad)
		die(BISECT_STEP_USAGE, "bisect-step: --signature needs a text (part of a title or failure reason)");
	rc = run_main(n, rest, &out);
	free(rest);
	free(out.outcome);
	free(out.titles);
	free(out.dir);
	switch (rc) {
	case EXIT_INTERRUPTED:
		rc = EXIT_INTERRUPTED;
		break;
	case EXIT_USAGE:
		rc = BISECT_STEP_USAGE;
		break;
	case KERNEL_UNSUITABLE:
	case KERNEL_UNBUILDABLE:
		msg("bisect-step: skip: this commit's kernel could not be built or configured as asked");
		rc = BISECT_STEP_SKIP;
		break;
	case EXIT_INFRA:
		msg("bisect-step: the host failed (above), not the commit: stopping the bisection (exit %d)",
		    BISECT_STEP_HOST);
		rc = BISECT_STEP_HOST;
		break;
	default:
		msg("bisect-step: %s", out.why.buf);
		rc = out.answer == BISECT_GOOD ? 0 : out.answer == BISECT_BAD ? 1 : BISECT_STEP_SKIP;
	}
	strbuf_release(&out.why);
	return rc;
}
