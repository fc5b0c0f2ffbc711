// SPDX-License-Identifier: GPL-2.0
#include "modes/repro.h"

#include <errno.h>
#include <fnmatch.h>
#include <json-c/json.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/names.h"
#include "config/plan.h"
#include "lib/json.h"
#include "lib/util.h"
#include "modes/repro_parts.h"
#include "results/rerun.h"
#include "results/results.h"
#include "results/run_record.h"

/*
 * Why cell @c has no standalone reproducer yet, or NULL. Each is a part
 * repro.c does not have: what pmemfi's guest programs do with libndctl
 * and the host's QMP, rebuilt one cell kind at a time.
 */
static const char *unsupported(const struct plan *p, const struct cell *c)
{
	const struct injector_info *i = c->action ? names_injector(c->action) : NULL;

	if (plan_topology_has_devmem(&p->topo))
		return "repro.sh emulates NVDIMMs and legacy pmem only, not this topology's other device memory "
		       "(docs/device-memory.md): rerun the cell (./run.sh --tests) instead";
	if (c->kind == CELL_LAYOUT)
		return "a layout cell checks pmemfi's own computed layout: rerun it (./run.sh --tests) instead";
	if (c->kind == CELL_STRESS && strcmp(c->stress->kind, "reconfigure") &&
	    strcmp(c->stress->kind, "disable-race"))
		return "repro.c has only the reconfigure and disable-race stress loops";
	if (c->kind == CELL_NFIT && (strcmp(c->action, "nfit-load") || strcmp(c->ns->mode, "devdax")))
		return "repro.c has only the devdax nfit-load test of the nfit_test group (no ARS injection)";
	if (i && (i->flags & INJ_HOST))
		return "its machine check is injected by the host through QEMU's monitor, which repro.sh does not drive";
	if (i && (i->flags & INJ_WALK))
		return "repro.c has no pfn walkers";
	return NULL;
}

/* The run's plan, narrowed to the cell @name of seed @seed: its index, or -1 with @err. */
static int cell_plan(const char *run, struct json_object *manifest, const char *name, const char *seed,
		     struct plan *p, char *err, int errlen)
{
	struct json_object *prof = json_get(manifest, "profile");
	char *configs = xasprintf("%s/%s", run, RESULTS_CONFIGS);
	int rc = -1;

	memset(p, 0, sizeof(*p));
	if (!dir_exists(configs)) {
		error_set(err, errlen, "%s: no configs/ (a run from before pmemfi kept its plan): rerun it", run);
	} else if (plan_load(p, configs, json_str_or(prof, "name", "?"), seed, err, errlen) == 0) {
		if (json_int(prof, "paging", 0))
			p->topo.paging = json_int(prof, "paging", 4);
		if (json_get(prof, "kaslr"))
			p->topo.kaslr = json_object_get_boolean(json_get(prof, "kaslr"));
		for (int i = 0; i < p->nr_cells && rc < 0; i++)
			if (!strcmp(p->cells[i].name, name))
				rc = i;
		if (rc < 0)
			error_set(err, errlen, "%s: cell %s is not in the run's plan (%s)", run, name, configs);
	}
	free(configs);
	return rc;
}

int repro_cell_open(struct repro_cell *rc, const char *run, struct json_object *manifest, struct json_object *t,
		    char *err, int errlen)
{
	int idx;

	char real[4096];

	memset(rc, 0, sizeof(*rc));
	rc->run = run;
	/* What names the run in the files: its directory's name, not the path it was given by. */
	snprintf(rc->run_name, sizeof(rc->run_name), "%s",
		 realpath(run, real) && strrchr(real, '/') ? strrchr(real, '/') + 1 : run);
	rc->manifest = manifest;
	rc->t = t;
	idx = cell_plan(run, manifest, json_str_or(t, "name", "?"), json_str(t, "seed"), &rc->plan, err, errlen);
	if (idx < 0) {
		plan_free(&rc->plan);
		return -1;
	}
	rc->c = &rc->plan.cells[idx];
	return 0;
}

void repro_cell_close(struct repro_cell *rc)
{
	plan_free(&rc->plan);
}

/* Write one cell's reproducer into @dir. 0, or -1 with @err (nothing half-written is kept). */
static int write_cell(const struct repro_opts *o, struct json_object *manifest, struct json_object *t,
		      const char *dir, char *err, int errlen)
{
	struct repro_cell rc;
	const char *why;
	int rcode = -1;

	if (repro_cell_open(&rc, o->run, manifest, t, err, errlen))
		return -1;
	rc.repo = o->repo;
	rc.dir = dir;
	why = unsupported(&rc.plan, rc.c);
	if (why) {
		error_set(err, errlen, "%s: no reproducer: %s", rc.c->name, why);
		goto out;
	}
	rm_rf(dir);
	if (mkdir_p(dir)) {
		error_set(err, errlen, "%s: cannot create: %s", dir, strerror(errno));
		goto out;
	}
	rcode = repro_parts_write(&rc, err, errlen);
	if (rcode)
		rm_rf(dir);
out:
	repro_cell_close(&rc);
	return rcode;
}

/* The tests of @summary selected by @pattern (plan_filter's rules), or every failed one. */
static int selected(struct json_object *t, const char *pattern)
{
	const char *name = json_str(t, "name");
	char *copy, *save = NULL;
	int hit = 0;

	if (!name)
		return 0;
	if (!pattern)
		return rerun_failed(t);
	copy = xstrdup(pattern);
	for (char *p = strtok_r(copy, ",", &save); p && !hit; p = strtok_r(NULL, ",", &save))
		hit = fnmatch(p, name, 0) == 0 || strstr(name, p) != NULL;
	free(copy);
	return hit;
}

int repro_write(const struct repro_opts *o, char *err, int errlen)
{
	struct json_object *manifest = run_record_json(o->run, "manifest.json");
	struct json_object *summary = run_record_json(o->run, "summary.json");
	struct json_object *tests = json_array(summary, "tests");
	char *out = o->out ? xstrdup(o->out) : xasprintf("%s/repro", o->run);
	int written = 0, refused = 0, rc = 0;
	char first[1024] = "";

	if (!manifest || !tests) {
		rc = error_code(2, err, errlen, "%s: not a pmemfi run directory (no readable manifest.json and summary.json)",
				o->run);
		goto out;
	}
	for (size_t i = 0; i < json_object_array_length(tests) && rc != 3; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		char *dir, why[1024];

		if (!selected(t, o->tests))
			continue;
		dir = xasprintf("%s/%s", out, json_str(t, "name"));
		if (write_cell(o, manifest, t, dir, why, sizeof(why))) {
			/* Each refusal is said; a lone one is the command's error line itself. */
			if (refused == 1)
				msg("repro: %s", first);
			if (refused)
				msg("repro: %s", why);
			else
				snprintf(first, sizeof(first), "%s", why);
			refused++;
			if (strstr(why, "cannot create") || strstr(why, "cannot write"))
				rc = error_code(3, err, errlen, "%s", why);
		} else {
			printf("%s: %s\n", json_str(t, "name"), dir);
			written++;
		}
		free(dir);
	}
	if (!rc && !written && !refused)
		rc = error_code(2, err, errlen, "%s: %s", o->run,
				o->tests ? "no cell matches --tests" : "no failed cell: nothing to reproduce");
	else if (!rc && !written && refused == 1)
		rc = error_code(2, err, errlen, "%s", first);
	else if (!rc && !written)
		rc = error_code(2, err, errlen, "no reproducer written (the reasons are above)");
	else if (!rc && refused == 1)
		rc = error_code(1, err, errlen, "%s (the other %d cells have theirs)", first, written);
	else if (!rc && refused)
		rc = error_code(1, err, errlen, "%d of %d cells have no reproducer (the reasons are above)", refused,
				written + refused);
out:
	json_object_put(manifest);
	json_object_put(summary);
	free(out);
	return rc;
}
