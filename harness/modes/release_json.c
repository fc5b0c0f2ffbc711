// SPDX-License-Identifier: GPL-2.0
/*
 * release.json's kernels, written after every repeat and read back as the
 * next release's baseline: what a cell was is its class and signatures.
 */
#include "modes/release.h"

#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"

static struct json_object *sigs_to_json(const struct rel_sigs *s, int runs, int with_cells)
{
	struct json_object *arr = json_object_new_array();

	for (int i = 0; i < s->nr; i++) {
		struct json_object *o = json_object_new_object(), *cells = json_object_new_array();

		json_object_object_add(o, "signature", json_object_new_string(s->v[i].text));
		json_object_object_add(o, "fail", json_object_new_int(s->v[i].fails));
		json_object_object_add(o, "runs", json_object_new_int(runs));
		for (int j = 0; with_cells && j < s->v[i].cells.nr; j++)
			json_object_array_add(cells, json_object_new_string(s->v[i].cells.v[j]));
		if (with_cells)
			json_object_object_add(o, "cells", cells);
		else
			json_object_put(cells);
		json_object_array_add(arr, o);
	}
	return arr;
}

static struct json_object *cell_to_json(const struct rel_cell *c)
{
	struct json_object *o = json_object_new_object(), *v = json_object_new_array();
	struct json_object *rate = json_object_new_array();
	struct wilson w = release_cell_rate(c);

	json_object_object_add(o, "name", json_object_new_string(c->name));
	json_object_object_add(o, "class", json_object_new_string(release_class_name(c->cls)));
	json_object_object_add(o, "runs", json_object_new_int(c->runs));
	for (int i = 0; i < RO_NR; i++)
		json_object_object_add(o, release_outcome_name(i), json_object_new_int(c->n[i]));
	json_object_array_add(rate, json_object_new_double(w.lo));
	json_object_array_add(rate, json_object_new_double(w.hi));
	json_object_object_add(o, "failure_rate_95", rate);
	for (int i = 0; i < c->verdicts.nr; i++)
		json_object_array_add(v, json_object_new_string(c->verdicts.v[i]));
	json_object_object_add(o, "verdicts", v);
	json_object_object_add(o, "signatures", sigs_to_json(&c->sigs, c->runs, 0));
	return o;
}

struct json_object *release_kernel_to_json(const struct rel_kernel *k)
{
	struct json_object *o = json_object_new_object(), *cells = json_object_new_array();
	struct json_object *known = json_object_new_array(), *classes = json_object_new_object();

	json_object_object_add(o, "label", json_object_new_string(k->label));
	json_object_object_add(o, "repeats", json_object_new_int(k->repeats));
	for (int c = 0; c < RC_NR; c++)
		json_object_object_add(classes, release_class_name(c), json_object_new_int(release_count(k, c)));
	json_object_object_add(o, "classes", classes);
	json_object_object_add(o, "run_reports", json_object_new_int(k->run_reports));
	json_object_object_add(o, "flakes", json_object_new_int(k->flakes));
	json_object_object_add(o, "over_skipped", json_object_new_int(k->over_skipped));
	json_object_object_add(o, "max_skipped_percent", json_object_new_int(k->max_skipped));
	for (int i = 0; i < k->nr_known; i++) {
		struct json_object *e = json_object_new_object();

		json_object_object_add(e, "id", json_object_new_string(k->known[i].id));
		json_object_object_add(e, "xfail", json_object_new_int(k->known[i].xfail));
		json_object_object_add(e, "xpass", json_object_new_int(k->known[i].xpass));
		json_object_object_add(e, "runs", json_object_new_int(k->known[i].runs));
		json_object_array_add(known, e);
	}
	json_object_object_add(o, "known_issues", known);
	json_object_object_add(o, "signatures", sigs_to_json(&k->sigs, k->repeats, 1));
	for (int i = 0; i < k->nr_cells; i++)
		json_object_array_add(cells, cell_to_json(&k->cells[i]));
	json_object_object_add(o, "cells", cells);
	return o;
}

static void sigs_from_json(struct rel_sigs *s, struct json_object *arr)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i), *cells = json_array(o, "cells");
		struct rel_sig *g;

		if (!json_str(o, "signature"))
			continue;
		GROW(s->v, s->nr, s->alloc);
		g = &s->v[s->nr++];
		memset(g, 0, sizeof(*g));
		g->text = xstrdup(json_str(o, "signature"));
		g->fails = json_int(o, "fail", 0);
		for (size_t j = 0; cells && j < json_object_array_length(cells); j++)
			strvec_push(&g->cells, json_object_get_string(json_object_array_get_idx(cells, j)));
	}
}

static void cell_from_json(struct rel_cell *c, struct json_object *o)
{
	struct json_object *v = json_array(o, "verdicts");

	memset(c, 0, sizeof(*c));
	c->name = xstrdup(json_str(o, "name"));
	c->runs = json_int(o, "runs", 0);
	for (int i = 0; i < RO_NR; i++)
		c->n[i] = json_int(o, release_outcome_name(i), 0);
	/* The class as written: the baseline's judgement, whatever its rule was. */
	c->cls = release_class_from_name(json_str(o, "class"));
	if (c->cls == RC_NR)
		c->cls = release_class(c->n);
	for (size_t i = 0; v && i < json_object_array_length(v); i++)
		strvec_push(&c->verdicts, json_object_get_string(json_object_array_get_idx(v, i)));
	sigs_from_json(&c->sigs, json_array(o, "signatures"));
}

static void kernel_from_json(struct rel_kernel *k, struct json_object *o)
{
	struct json_object *cells = json_array(o, "cells"), *known = json_array(o, "known_issues");

	release_kernel_init(k, json_str(o, "label"));
	k->repeats = json_int(o, "repeats", 0);
	k->run_reports = json_int(o, "run_reports", 0);
	k->flakes = json_int(o, "flakes", 0);
	k->over_skipped = json_int(o, "over_skipped", 0);
	k->max_skipped = json_int(o, "max_skipped_percent", 0);
	sigs_from_json(&k->sigs, json_array(o, "signatures"));
	for (size_t i = 0; cells && i < json_object_array_length(cells); i++) {
		struct json_object *c = json_object_array_get_idx(cells, i);

		if (!json_str(c, "name"))
			continue;
		GROW(k->cells, k->nr_cells, k->alloc_cells);
		cell_from_json(&k->cells[k->nr_cells++], c);
	}
	for (size_t i = 0; known && i < json_object_array_length(known); i++) {
		struct json_object *e = json_object_array_get_idx(known, i);

		if (!json_str(e, "id"))
			continue;
		GROW(k->known, k->nr_known, k->alloc_known);
		k->known[k->nr_known] = (struct rel_known){ xstrdup(json_str(e, "id")), json_int(e, "xfail", 0),
							    json_int(e, "xpass", 0), json_int(e, "runs", 0) };
		k->nr_known++;
	}
}

int release_kernels_from_json(struct json_object *release, struct rel_kernel **out)
{
	struct json_object *arr = json_array(release, "kernels");
	int n = 0;

	*out = NULL;
	if (!arr)
		return -1;
	*out = xcalloc(json_object_array_length(arr) + 1, sizeof(**out));
	for (size_t i = 0; i < json_object_array_length(arr); i++)
		if (json_str(json_object_array_get_idx(arr, i), "label"))
			kernel_from_json(&(*out)[n++], json_object_array_get_idx(arr, i));
	return n;
}
