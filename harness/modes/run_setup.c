// SPDX-License-Identifier: GPL-2.0
/*
 * Before a run's first kernel: its configs (the plan, the known issues),
 * the host it runs on, and the fragments of the kernel it asks for
 * (modes/run.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "modes/run.h"
#include "guest/media.h"
#include "config/shard.h"
#include "results/durations.h"
#include "lib/util.h"
#include "vm/vm.h"

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

/*
 * The fragments of the kernel: for one built here (kasan, --kernel-tree)
 * the profile's "fragment" lines, then --fragment, each once; a prebuilt
 * kernel runs as it is, so it takes none from the profile (said once).
 */
const char **kernel_fragments(const struct env *env, int *n)
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

/* The configs: the plan and the known issues. Returns 1 when --list printed the cells. */
int load_configs(struct env *env, int usage)
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
void check_host(struct env *env, int usage)
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
