// SPDX-License-Identifier: GPL-2.0
#include "modes/nightly.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "results/run_record.h"
#include "verdict/verdict.h"

static int same_str(const char *a, const char *b)
{
	return (!a && !b) || (a && b && !strcmp(a, b));
}

int nightly_comparable(const struct run_record *cand, struct json_object *manifest)
{
	struct json_object *p = json_get(manifest, "profile"), *q = json_get(cand->manifest, "profile");

	return json_str(p, "name") && same_str(json_str(p, "name"), json_str(q, "name")) &&
	       same_str(json_str(p, "tests"), json_str(q, "tests"));
}

int nightly_baseline(const char *results, const char *run_dir, struct json_object *manifest,
		     struct run_record *out)
{
	const char *profile = json_str(json_get(manifest, "profile"), "name");
	struct run_record *v;
	int nr, found = -1;

	memset(out, 0, sizeof(*out));
	if (!profile)
		return -1;
	nr = history_list(results, profile, run_dir, 0, &v);
	for (int i = 0; i < nr && found < 0; i++)
		if (nightly_comparable(&v[i], manifest))
			found = i;
	if (found >= 0) {
		*out = v[found];
		memset(&v[found], 0, sizeof(v[found]));
	}
	history_free(v, nr);
	return found >= 0 ? 0 : -1;
}

/* The seeds of a manifest, "ff,zero", or NULL. Caller frees. */
static char *seeds(struct json_object *m)
{
	struct json_object *a = json_array(m, "seeds");
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		strbuf_addf(&sb, "%s%s", i ? "," : "", json_object_get_string(json_object_array_get_idx(a, i)));
	return a ? strbuf_detach(&sb) : NULL;
}

void nightly_differs(struct json_object *base, struct json_object *run, struct strvec *out)
{
	static const struct {
		const char *label, *object, *key;
	} fields[] = {
		{ "kernel id", "kernel", "id" },
		{ "kernel release", "kernel", "release" },
		{ "kernel source", "kernel", "source" },
		{ "config hash", "kernel", "config_hash" },
		{ "profile", "profile", "name" },
		{ "tests", "profile", "tests" },
		{ "pmemfi revision", NULL, "pmemfi" },
		{ "QEMU", "qemu", "version" },
	};
	char *sa = seeds(base), *sb = seeds(run);

	for (size_t i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		struct json_object *a = fields[i].object ? json_get(base, fields[i].object) : base;
		struct json_object *b = fields[i].object ? json_get(run, fields[i].object) : run;
		const char *va = json_str(a, fields[i].key), *vb = json_str(b, fields[i].key);

		if (!same_str(va, vb))
			strvec_pushf(out, "%s: %s -> %s", fields[i].label, va ? va : "(none)", vb ? vb : "(none)");
	}
	if (!same_str(sa, sb))
		strvec_pushf(out, "seeds: %s -> %s", sa ? sa : "(none)", sb ? sb : "(none)");
	free(sa);
	free(sb);
}

void nightly_compare(struct nightly *n, struct json_object *base, struct json_object *run)
{
	memset(n, 0, sizeof(*n));
	n->nr = compare_runs(base, run, &n->changes);
	n->cells = xcalloc(n->nr + 1, sizeof(*n->cells));
}

int nightly_needs_rerun(const struct change *c)
{
	return c->verdict_b < V_NR && compare_regressed(c) && verdict_info(c->verdict_b)->trouble;
}

char *nightly_rerun_tests(const struct nightly *n)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < n->nr; i++)
		if (nightly_needs_rerun(&n->changes[i]))
			strbuf_addf(&sb, "%s%s", sb.len ? "," : "", n->changes[i].name);
	if (!sb.len) {
		strbuf_release(&sb);
		return NULL;
	}
	return strbuf_detach(&sb);
}

/*
 * What one rerun said of change @c's test: a rerun that did not run it
 * (or skipped it) tells nothing; one that did not pass, whatever its
 * verdict and title, failed: a cell that never passed is new, however it
 * failed.
 */
static void tally(struct nightly_cell *nc, const struct change *c, struct json_object *rerun)
{
	struct json_object *t = json_find(json_array(rerun, "tests"), "name", c->name);
	enum verdict ev = run_test_verdict(t);
	const char *v = ev < V_NR ? verdict_name(ev) : NULL, *what;
	const struct verdict_info *vi;

	if (!v) {
		strvec_push(&nc->seen, "not run");
		return;
	}
	what = compare_what(t);
	if (*what)
		strvec_pushf(&nc->seen, "%s: %s", v, what);
	else
		strvec_push(&nc->seen, v);
	vi = verdict_info(ev);
	if (!vi->ran)
		return;
	nc->runs++;
	if (!vi->clean)
		nc->fails++;
}

void nightly_classify(struct nightly *n, struct json_object *const *reruns, int nr)
{
	for (int i = 0; i < n->nr; i++) {
		struct nightly_cell *nc = &n->cells[i];

		if (!nightly_needs_rerun(&n->changes[i]))
			continue;
		for (int r = 0; r < nr; r++)
			tally(nc, &n->changes[i], reruns[r]);
		/* No rerun could tell: tonight's failure stands. */
		nc->cls = nc->fails == nc->runs ? NC_NEW : NC_FLAKY;
	}
}

const char *nightly_note(const struct change *c, void *arg)
{
	const struct nightly *n = arg;
	static char buf[64];
	int i = c - n->changes;

	if (i < 0 || i >= n->nr || n->cells[i].cls == NC_NONE)
		return NULL;
	snprintf(buf, sizeof(buf), "[%s %d/%d]", n->cells[i].cls == NC_NEW ? "new" : "flaky",
		 n->cells[i].fails, n->cells[i].runs);
	return buf;
}

int nightly_regressed(const struct nightly *n)
{
	for (int i = 0; i < n->nr; i++)
		if (compare_regressed(&n->changes[i]) && n->cells[i].cls != NC_FLAKY)
			return 1;
	return 0;
}

int nightly_count(const struct nightly *n, enum nightly_class cls)
{
	int k = 0;

	for (int i = 0; i < n->nr; i++)
		k += n->cells[i].cls == cls;
	return k;
}

static struct json_object *strvec_json(const struct strvec *v)
{
	struct json_object *a = json_object_new_array();

	for (int i = 0; i < v->nr; i++)
		json_object_array_add(a, json_object_new_string(v->v[i]));
	return a;
}

static struct json_object *change_json(const struct nightly *n, int i)
{
	const struct nightly_cell *nc = &n->cells[i];
	struct json_object *e = compare_change_json(&n->changes[i]);
	char *fr;

	if (nc->cls == NC_NONE)
		return e;
	fr = xasprintf("%d/%d", nc->fails, nc->runs);
	json_object_object_add(e, "class", json_object_new_string(nc->cls == NC_NEW ? "new" : "flaky"));
	json_object_object_add(e, "fails", json_object_new_int(nc->fails));
	json_object_object_add(e, "runs", json_object_new_int(nc->runs));
	json_object_object_add(e, "fail_runs", json_object_new_string(fr));
	json_object_object_add(e, "reruns_seen", strvec_json(&nc->seen));
	/* A flaky cell does not fail the night: say so where a gate reads "regression". */
	if (nc->cls == NC_FLAKY)
		json_object_object_add(e, "regression", json_object_new_boolean(0));
	free(fr);
	return e;
}

struct json_object *nightly_to_json(const struct nightly *n, const char *run_dir, const char *base_dir,
				    const struct strvec *differs, int reruns)
{
	struct json_object *o = json_object_new_object(), *arr = json_object_new_array();
	struct json_object *counts = json_object_new_object(), *by_kind = json_object_new_object();
	struct strvec titles = STRVEC_INIT;
	int kinds[CH_NR] = { 0 };

	for (int i = 0; i < n->nr; i++) {
		kinds[n->changes[i].kind]++;
		json_object_array_add(arr, change_json(n, i));
	}
	json_object_object_add(o, "run", json_object_new_string(run_dir));
	json_object_object_add(o, "baseline", base_dir ? json_object_new_string(base_dir) : NULL);
	json_object_object_add(o, "differs", strvec_json(differs));
	json_object_object_add(o, "reruns", json_object_new_int(reruns));
	json_object_object_add(o, "regressed", json_object_new_boolean(base_dir && nightly_regressed(n)));
	json_object_object_add(counts, "new", json_object_new_int(nightly_count(n, NC_NEW)));
	json_object_object_add(counts, "flaky", json_object_new_int(nightly_count(n, NC_FLAKY)));
	for (int k = 0; k < CH_NR; k++)
		json_object_object_add(by_kind, compare_kind_name(k), json_object_new_int(kinds[k]));
	json_object_object_add(counts, "changes", by_kind);
	json_object_object_add(o, "counts", counts);
	json_object_object_add(o, "changes", arr);
	/* compare's "report" changes, by title, as earlier nights' compare.json had them. */
	for (int i = 0; i < n->nr; i++)
		if (n->changes[i].kind == CH_REPORT)
			strvec_push(&titles, n->changes[i].what_b);
	json_object_object_add(o, "new_reports", strvec_json(&titles));
	strvec_clear(&titles);
	return o;
}

void nightly_free(struct nightly *n)
{
	for (int i = 0; n->cells && i < n->nr; i++)
		strvec_clear(&n->cells[i].seen);
	free(n->cells);
	free(n->changes);
	memset(n, 0, sizeof(*n));
}
