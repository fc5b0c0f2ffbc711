// SPDX-License-Identifier: GPL-2.0
#include "steps.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "../common/names.h"
#include "util.h"

static void add_arg(struct step *s, int *n, const char *fmt, ...) ATTR_PRINTF(3, 4);
static void add_arg(struct step *s, int *n, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	/* One word of a "run" line is the step's name; argv keeps a NULL. */
	if (*n >= CTL_MAX_ARGS - 1)
		die(EXIT_INFRA, "step %s: more than %d guest arguments, the control protocol's limit",
		    s->name, CTL_MAX_ARGS - 1);
	s->argv[(*n)++] = strbuf_detach(&sb);
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

static void ns_setup_args(struct step *s, const struct ns_def *ns, int verify, const char *seed)
{
	char align[16], size[16];
	int n = 0;

	plan_size_name(ns->align, align, sizeof(align));
	plan_size_name(ns->size, size, sizeof(size));
	add_arg(s, &n, "ns_setup");
	add_arg(s, &n, "--name");
	add_arg(s, &n, "%s", ns->name);
	add_arg(s, &n, "--mode");
	add_arg(s, &n, "%s", ns->mode);
	add_arg(s, &n, "--map");
	add_arg(s, &n, "%s", ns->map);
	add_arg(s, &n, "--align");
	add_arg(s, &n, "%s", align);
	add_arg(s, &n, "--size");
	add_arg(s, &n, "%s", size);
	if (ns->legacy) {
		add_arg(s, &n, "--region");
		add_arg(s, &n, "legacy");
	} else if (ns->region >= 0) {
		add_arg(s, &n, "--region");
		add_arg(s, &n, "%d", ns->region);
	}
	if (!verify)
		add_arg(s, &n, "--no-info-block");
	/* The media are zero; the guest seeds the class A struct pages. */
	if (seed && strstr(seed, "@A")) {
		add_arg(s, &n, "--seed-a");
		add_arg(s, &n, "%s", seed);
	}
}

static void placeholder_step(struct step_list *sl, const struct ns_def *ns)
{
	char *name = xasprintf("setup.gap-%s", ns->name), size[16];
	struct step *s = new_step(sl, name, STEP_SETUP, NULL, -1);
	int n = 0;

	plan_size_name(ns->size, size, sizeof(size));
	add_arg(s, &n, "ns_setup");
	add_arg(s, &n, "--placeholder");
	add_arg(s, &n, "--name");
	add_arg(s, &n, "gap-%s", ns->name);
	add_arg(s, &n, "--size");
	add_arg(s, &n, "%s", size);
	if (ns->region >= 0) {
		add_arg(s, &n, "--region");
		add_arg(s, &n, "%d", ns->region);
	}
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
			placeholder_step(sl, ns);
		if (use[i] != PLAN_NS_CREATE)
			continue;
		for (int j = 0; j < nr_pending; j++) {
			const struct cell *c = &p->cells[pending[j]];

			if (c->kind == CELL_LAYOUT && c->ns == ns)
				layout = pending[j];
		}
		if (layout >= 0) {
			s = new_step(sl, p->cells[layout].name, STEP_CELL, ns, layout);
			ns_setup_args(s, ns, 1, seed);
		} else {
			char *name = xasprintf("setup.%s", ns->name);

			s = new_step(sl, name, STEP_SETUP, ns, -1);
			free(name);
			ns_setup_args(s, ns, 0, seed);
		}
	}
}

static void stress_args(struct step *s, const struct cell *c)
{
	int n = 0;

	add_arg(s, &n, "stress");
	add_arg(s, &n, "--ns");
	add_arg(s, &n, "%s", c->ns->name);
	add_arg(s, &n, "--kind");
	add_arg(s, &n, "%s", c->stress->kind);
	add_arg(s, &n, "--iterations");
	add_arg(s, &n, "%ld", c->stress->iterations);
	add_arg(s, &n, "--seconds");
	add_arg(s, &n, "%d", c->stress->seconds);
	add_arg(s, &n, "--threads");
	add_arg(s, &n, "%d", c->stress->threads);
}

static void nfit_args(struct step *s, const struct cell *c)
{
	int n = 0;

	add_arg(s, &n, "nfit_errors");
	add_arg(s, &n, "--mode");
	add_arg(s, &n, "%s", c->ns->mode);
	add_arg(s, &n, "--test");
	add_arg(s, &n, "%s", c->injector);
	add_arg(s, &n, "--point");
	add_arg(s, &n, "%s", c->point);
	add_arg(s, &n, "--expect");
	add_arg(s, &n, "%s", c->expect_result);
}

static void inject_args(struct step *s, const struct cell *c, int check_counters)
{
	int walk = names_injector(c->injector)->flags & INJ_WALK, n = 0;

	add_arg(s, &n, walk ? "pfn_walkers" : "memory_failure");
	add_arg(s, &n, "--ns");
	add_arg(s, &n, "%s", c->ns->name);
	add_arg(s, &n, walk ? "--walker" : "--injector");
	add_arg(s, &n, "%s", c->injector);
	add_arg(s, &n, "--point");
	add_arg(s, &n, "%s", c->point);
	add_arg(s, &n, "--expect");
	add_arg(s, &n, "%s", c->expect_result);
	if (check_counters && !walk && strcmp(c->expect_poisons, "*")) {
		add_arg(s, &n, "--poisons");
		add_arg(s, &n, "%s", c->expect_poisons);
	}
}

void steps_build(struct step_list *sl, const struct plan *p, const int *pending, int nr_pending,
		 int nfit, const char *seed)
{
	/* nfit_test cells set up their own namespaces on the nfit_test bus. */
	if (!nfit) {
		struct step *s = new_step(sl, "setup.labels", STEP_LABELS, NULL, -1);
		int n = 0;

		add_arg(s, &n, "ns_setup");
		add_arg(s, &n, "--init-labels");
	}
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

void step_add_output(struct step *s, const char *line)
{
	if (s->r.nr_output >= STEP_MAX_OUTPUT) {
		s->out_dropped++;
		return;
	}
	s->r.output = xrealloc(s->r.output, (s->r.nr_output + 1) * sizeof(*s->r.output));
	s->r.output[s->r.nr_output++] = xstrdup(line);
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
		for (int j = 0; j < s->r.nr_output; j++)
			free(s->r.output[j]);
		free(s->r.output);
		for (int j = 0; j < s->r.nr_mf; j++)
			free(s->r.mf[j]);
		free(s->r.mf);
		free(s->r.reports);
	}
	free(sl->v);
	sl->v = NULL;
	sl->nr = sl->alloc = 0;
}
