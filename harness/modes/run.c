// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi run: resolve the kernel, build the guest image, then run the
 * profile's cells in as many VMs as it takes, writing results/ as it goes
 * (modes/run.h; cli/cmd_run.c parses the options).
 */
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "modes/bisect.h"
#include "modes/canary.h"
#include "modes/parallel.h"
#include "modes/run.h"
#include "results/history.h"
#include "guest/image.h"
#include "kernel/kconfig.h"
#include "kernel/cmdline.h"
#include "kernel/kernel.h"
#include "config/plan.h"
#include "results/summary.h"
#include "results/results.h"
#include "session/session.h"
#include "lib/json.h"
#include "lib/stop.h"
#include "lib/util.h"
#include "vm/vm.h"

static void print_summary(const struct run_ctx *ctx, const struct results *r, double elapsed)
{
	printf("\n== pmemfi: %s, kernel %s (sanitizers: %s), accel %s\n", ctx->plan->profile.name,
	       ctx->kernel->id, ctx->kernel->sanitizers, ctx->accel);
	printf("   %d tests:", r->done);
	summary_print_counts(stdout, r->counts, r->vms);
	if (r->not_applicable)
		printf("   %d not applicable to this kernel (%s): not counted as skips\n", r->not_applicable,
		       ctx->kernel->nfit_why ? ctx->kernel->nfit_why : "?");
	if (r->not_applicable && r->not_applicable >= r->done)
		printf("   no test applies to this kernel: a run that tested nothing is not a pass\n");
	else if (results_skipped_over(r) >= 0)
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
int run_kernel(struct env *env, const struct kernel_spec *ks, struct kernel_run *out,
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


int run_mode(const struct run_options *opt, int argc, char **argv, struct kernel_run *bisect)
{
	struct env env = { .opt = *opt };
	char err[1024];
	/* git bisect run stops on 128 and up; 2 would mean "bad". */
	int usage = bisect ? BISECT_STEP_USAGE : EXIT_USAGE;
	int rc;

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
