// SPDX-License-Identifier: GPL-2.0
/*
 * The manifest of a run (manifest.json): what ran, on what, from what
 * inputs, and the options that rerun one of its cells (modes/run.h).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>
#include <unistd.h>

#include "modes/run.h"
#include "results/results.h"
#include "lib/json.h"
#include "lib/util.h"

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

char *qemu_version(const char *qemu)
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
struct json_object *rerun_base(const struct run_options *o, const struct plan *p,
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
struct json_object *run_manifest(const struct env *env, const struct run_ctx *ctx, const char *status,
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
