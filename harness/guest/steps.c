// SPDX-License-Identifier: GPL-2.0
#include "guest/steps.h"

#include <stdlib.h>
#include <string.h>

#include "common/names.h"
#include "common/step_argv.h"
#include "lib/util.h"

/*
 * Hand @v to @s as its argv, checked against the contract the guest parses
 * it with (common/step_argv.h): a misfit is the harness's bug, caught here
 * rather than as a usage error in the guest.
 */
static void set_argv(struct step *s, struct step_argv *v)
{
	if (step_argv_check(v))
		die(EXIT_INFRA, "step %s: %s", s->name, v->err);
	for (int i = 0; i < v->argc; i++)
		s->argv[i] = xstrdup(v->argv[i]);
}

static struct step *new_step(struct step_list *sl, const char *name, enum step_kind kind,
			     const struct ns_def *ns, int cell)
{
	struct step *s;

	GROW(sl->v, sl->nr, sl->alloc);
	s = &sl->v[sl->nr++];
	memset(s, 0, sizeof(*s));
	s->name = xstrdup(name);
	s->kind = kind;
	s->ns = ns;
	s->cell = cell;
	return s;
}

/*
 * Where @ns is: legacy pmem, test_hmm's memory, the NVMe CMB, or the Nth
 * device of its kind and that kind's bus provider (an NVDIMM's needs none).
 */
static void region_args(struct step_argv *v, const struct topology *topo, const struct ns_def *ns)
{
	const char *provider = plan_ns_provider(topo, ns);

	if (ns->legacy || ns->hmm || ns->nvme)
		step_argv_add(v, STEP_OPT_REGION, "%s", ns->legacy ? "legacy" : ns->hmm ? "hmm" : "nvme");
	else if (ns->region >= 0)
		step_argv_add(v, STEP_OPT_REGION, "%d", plan_ns_region_rank(topo, ns));
	if (provider)
		step_argv_add(v, STEP_OPT_PROVIDER, "%s", provider);
}

static void ns_setup_args(struct step *s, const struct topology *topo, const struct ns_def *ns, int verify,
			  const char *seed)
{
	char align[16], size[16];
	struct step_argv v;

	plan_size_name(ns->align, align, sizeof(align));
	plan_size_name(ns->size, size, sizeof(size));
	step_argv_init(&v, STEP_NS_SETUP);
	step_argv_add(&v, STEP_OPT_NAME, "%s", ns->name);
	step_argv_add(&v, STEP_OPT_MODE, "%s", ns->mode);
	step_argv_add(&v, STEP_OPT_MAP, "%s", ns->map);
	step_argv_add(&v, STEP_OPT_ALIGN, "%s", align);
	step_argv_add(&v, STEP_OPT_SIZE, "%s", size);
	region_args(&v, topo, ns);
	if (!verify)
		step_argv_flag(&v, STEP_OPT_NO_INFO_BLOCK);
	/* The media are zero; the guest seeds the class A struct pages. */
	if (seed && strstr(seed, "@A"))
		step_argv_add(&v, STEP_OPT_SEED_A, "%s", seed);
	set_argv(s, &v);
}

static void placeholder_step(struct step_list *sl, const struct topology *topo, const struct ns_def *ns)
{
	char *name = xasprintf("setup.gap-%s", ns->name), size[16];
	struct step *s = new_step(sl, name, STEP_SETUP, NULL, -1);
	struct step_argv v;

	plan_size_name(ns->size, size, sizeof(size));
	step_argv_init(&v, STEP_NS_SETUP);
	step_argv_flag(&v, STEP_OPT_PLACEHOLDER);
	step_argv_add(&v, STEP_OPT_NAME, "gap-%s", ns->name);
	step_argv_add(&v, STEP_OPT_SIZE, "%s", size);
	region_args(&v, topo, ns);
	set_argv(s, &v);
	free(name);
}

/* The namespaces: placeholders, layout cells and setup steps in profile order. */
static void namespace_steps(struct step_list *sl, const struct plan *p, const int *pending, int nr_pending,
			    const char *seed)
{
	const struct profile *pr = &p->profile;
	enum plan_ns_use use[PLAN_MAX_NAMESPACES];
	struct step *s;

	plan_namespace_uses(p, pending, nr_pending, use);
	for (int i = 0; i < pr->nr_ns; i++) {
		const struct ns_def *ns = &pr->ns[i];
		int layout = -1;

		if (use[i] == PLAN_NS_PLACEHOLDER)
			placeholder_step(sl, &p->topo, ns);
		if (use[i] != PLAN_NS_CREATE)
			continue;
		for (int j = 0; j < nr_pending; j++) {
			const struct cell *c = &p->cells[pending[j]];

			if (c->kind == CELL_LAYOUT && c->ns == ns)
				layout = pending[j];
		}
		if (layout >= 0) {
			s = new_step(sl, p->cells[layout].name, STEP_CELL, ns, layout);
			ns_setup_args(s, &p->topo, ns, 1, seed);
		} else {
			char *name = xasprintf("setup.%s", ns->name);

			s = new_step(sl, name, STEP_SETUP, ns, -1);
			free(name);
			ns_setup_args(s, &p->topo, ns, 0, seed);
		}
	}
}

static void stress_args(struct step *s, const struct cell *c)
{
	struct step_argv v;

	step_argv_init(&v, STEP_STRESS);
	step_argv_add(&v, STEP_OPT_NS, "%s", c->ns->name);
	step_argv_add(&v, STEP_OPT_KIND, "%s", c->stress->kind);
	step_argv_add(&v, STEP_OPT_ITERATIONS, "%ld", c->stress->iterations);
	step_argv_add(&v, STEP_OPT_SECONDS, "%d", c->stress->seconds);
	step_argv_add(&v, STEP_OPT_THREADS, "%d", c->stress->threads);
	set_argv(s, &v);
}

static void nfit_args(struct step *s, const struct cell *c)
{
	struct step_argv v;

	step_argv_init(&v, STEP_NFIT_ERRORS);
	step_argv_add(&v, STEP_OPT_MODE, "%s", c->ns->mode);
	step_argv_add(&v, STEP_OPT_TEST, "%s", c->action);
	step_argv_add(&v, STEP_OPT_POINT, "%s", c->point);
	step_argv_add(&v, STEP_OPT_EXPECT, "%s", c->expect_result);
	set_argv(s, &v);
}

static void inject_args(struct step *s, const struct cell *c, int check_counters)
{
	int walk = names_injector(c->action)->flags & INJ_WALK;
	struct step_argv v;

	step_argv_init(&v, walk ? STEP_PFN_WALKERS : STEP_MEMORY_FAILURE);
	step_argv_add(&v, STEP_OPT_NS, "%s", c->ns->name);
	step_argv_add(&v, walk ? STEP_OPT_WALKER : STEP_OPT_INJECTOR, "%s", c->action);
	step_argv_add(&v, STEP_OPT_POINT, "%s", c->point);
	step_argv_add(&v, STEP_OPT_EXPECT, "%s", c->expect_result);
	if (check_counters && !walk && strcmp(c->expect_poisons, "*"))
		step_argv_add(&v, STEP_OPT_POISONS, "%s", c->expect_poisons);
	set_argv(s, &v);
}

void steps_build(struct step_list *sl, const struct plan *p, const int *pending, int nr_pending,
		 int nfit, const char *seed, int setup)
{
	/* nfit_test cells set up their own namespaces on the nfit_test bus. */
	if (!nfit && setup) {
		struct step *s = new_step(sl, "setup.labels", STEP_LABELS, NULL, -1);
		struct step_argv v;

		step_argv_init(&v, STEP_NS_SETUP);
		step_argv_flag(&v, STEP_OPT_INIT_LABELS);
		set_argv(s, &v);
	}
	if (setup)
		namespace_steps(sl, p, pending, nr_pending, seed);
	for (int j = 0; j < nr_pending; j++) {
		const struct cell *c = &p->cells[pending[j]];

		if (c->kind == CELL_LAYOUT)
			continue;
		if (c->kind == CELL_STRESS)
			stress_args(new_step(sl, c->name, STEP_CELL, c->ns, pending[j]), c);
		else if (c->kind == CELL_NFIT)
			nfit_args(new_step(sl, c->name, STEP_CELL, c->ns, pending[j]), c);
		else if (c->kind == CELL_INJECT)
			inject_args(new_step(sl, c->name, STEP_CELL, c->ns, pending[j]), c,
				    p->profile.check_counters);
	}
}

struct step *steps_find(struct step_list *sl, const char *name)
{
	for (int i = 0; i < sl->nr; i++)
		if (!strcmp(sl->v[i].name, name))
			return &sl->v[i];
	return NULL;
}

char *step_run_line(const struct step *s)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addf(&sb, "run %s", s->name);
	for (int a = 0; s->argv[a]; a++)
		strbuf_addf(&sb, " %s", s->argv[a]);
	return strbuf_detach(&sb);
}

void steps_free(struct step_list *sl)
{
	for (int i = 0; i < sl->nr; i++) {
		struct step *s = &sl->v[i];

		free(s->name);
		for (int a = 0; s->argv[a]; a++)
			free(s->argv[a]);
	}
	free(sl->v);
	sl->v = NULL;
	sl->nr = sl->alloc = 0;
}

int steps_setup_count(const struct step_list *sl, const struct plan *p)
{
	int n = 0;

	while (n < sl->nr && (sl->v[n].kind != STEP_CELL || p->cells[sl->v[n].cell].kind == CELL_LAYOUT))
		n++;
	return n;
}
