// SPDX-License-Identifier: GPL-2.0
#include "results/merge.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/shard.h"
#include "lib/json.h"
#include "lib/util.h"
#include "results/compare.h"
#include "results/results.h"
#include "verdict/verdict.h"
#include "results/run_record.h"

char *merge_renumber(const char *s, int offset)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; s[i]; i++) {
		size_t j = i + 2;
		char *end;
		long vm;

		if (s[i] != 'v' || s[i + 1] != 'm' || (i && isalnum((unsigned char)s[i - 1]))) {
			strbuf_add(&sb, &s[i], 1);
			continue;
		}
		j += s[j] == '-';
		if (!isdigit((unsigned char)s[j])) {
			strbuf_add(&sb, &s[i], 1);
			continue;
		}
		vm = strtol(&s[j], &end, 10);
		strbuf_addf(&sb, "vm%s%02ld", s[i + 2] == '-' ? "-" : "", vm + offset);
		i = end - s - 1;
	}
	return strbuf_detach(&sb);
}

/* The member @b of member @a of @o (@b NULL: @a itself) as JSON text, "null" when absent. */
static const char *ident(struct json_object *o, const char *a, const char *b)
{
	struct json_object *v = json_get(o, a);

	if (b)
		v = json_get(v, b);
	return v ? json_object_to_json_string(v) : "null";
}

/* Does @s belong to the plan of @first? What makes a shard foreign, the likeliest cause first. */
static int check_same_plan(const struct merge_shard *first, const struct merge_shard *s,
			   char *err, int errlen)
{
	static const char *const keys[][2] = {
		{ "profile", "name" }, { "profile", "tests" }, { "seeds", NULL },
		{ "kernel", "id" }, { "kernel", "config_hash" }, { "kernel", "hash" },
		{ "known_issues", "hash" }, { "profile", "configs_hash" },
		{ "shard", "n" }, { "shard", "plan_cells" }, { "shard", "plan_hash" },
	};

	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *a = ident(first->manifest, keys[i][0], keys[i][1]);
		const char *b = ident(s->manifest, keys[i][0], keys[i][1]);

		if (strcmp(a, b))
			return error_set(err, errlen, "merge: %s: foreign shard: its %s%s%s is %s, %s's is %s",
					 s->dir, keys[i][0], keys[i][1] ? "." : "", keys[i][1] ? keys[i][1] : "",
					 b, first->dir, a);
	}
	return 0;
}

/* Read one shard's manifest and summary; a finished run with a "shard" object. */
static int load_shard(struct merge_shard *s, const char *dir, char *err, int errlen)
{
	struct json_object *shard;
	char *why;

	s->dir = xstrdup(dir);
	s->manifest = run_record_json(dir, "manifest.json");
	s->summary = run_record_json(dir, "summary.json");
	if (!s->manifest || !s->summary || !json_array(s->summary, "tests"))
		return error_set(err, errlen, "merge: %s: not a run directory (no readable manifest.json "
				 "and summary.json)", dir);
	why = compare_incomplete(s->summary);
	if (why) {
		error_set(err, errlen, "merge: %s: unfinished shard (%s)", dir, why);
		free(why);
		return -1;
	}
	shard = json_get(s->manifest, "shard");
	s->k = json_int(shard, "k", 0);
	if (!shard || s->k < 1 || s->k > json_int(shard, "n", 0) || json_int(shard, "plan_cells", -1) < 0)
		return error_set(err, errlen, "merge: %s: not a shard (its manifest.json has no valid "
				 "shard object: run it with --shard K/N)", dir);
	return 0;
}

static int by_k(const void *a, const void *b)
{
	return ((const struct merge_shard *)a)->k - ((const struct merge_shard *)b)->k;
}

/* Every K of 1..N once: no duplicate, none missing. */
static int check_complete_set(struct merge *m, char *err, int errlen)
{
	int n = json_int(json_get(m->v[0].manifest, "shard"), "n", 0);

	qsort(m->v, m->nr, sizeof(*m->v), by_k);
	for (int i = 1; i < m->nr; i++)
		if (m->v[i].k == m->v[i - 1].k)
			return error_set(err, errlen, "merge: %s: duplicate shard %d/%d (so is %s)",
					 m->v[i].dir, m->v[i].k, n, m->v[i - 1].dir);
	for (int k = 1, i = 0; k <= n; k++, i++)
		if (i >= m->nr || m->v[i].k != k)
			return error_set(err, errlen, "merge: shard %d/%d missing (of the plan of %s): "
					 "%d of %d shards given", k, n, m->v[0].dir, m->nr, n);
	return 0;
}

/* The planned cells of every shard cover the plan once and hash to its hash. */
static int check_planned(struct merge *m, char *err, int errlen)
{
	struct json_object *shard = json_get(m->v[0].manifest, "shard");
	const char **names;
	char hash[17];

	m->total = json_int(shard, "plan_cells", 0);
	m->planned = xcalloc(m->total + 1, sizeof(*m->planned));
	m->owner = xcalloc(m->total + 1, sizeof(*m->owner));
	for (int i = 0; i < m->nr; i++) {
		struct json_object *a = json_array(m->v[i].summary, "planned");

		for (size_t j = 0; a && j < json_object_array_length(a); j++) {
			struct json_object *o = json_object_array_get_idx(a, j);
			int at = json_int(o, "plan_index", -1);

			if (at < 0 || at >= m->total || m->planned[at] || !json_str(o, "name"))
				return error_set(err, errlen, "merge: %s: planned cell %s has no plan_index "
						 "of its own in 0-%d", m->v[i].dir,
						 json_str_or(o, "name", "?"), m->total - 1);
			m->planned[at] = o;
			m->owner[at] = i;
		}
	}
	names = xcalloc(m->total + 1, sizeof(*names));
	for (int at = 0; at < m->total; at++) {
		if (!m->planned[at]) {
			free(names);
			return error_set(err, errlen, "merge: %s: cell %d of %d of the plan is in no shard",
					 m->v[0].dir, at, m->total);
		}
		names[at] = json_str(m->planned[at], "name");
	}
	shard_hash_names(names, m->total, hash);
	free(names);
	if (strcmp(hash, json_str_or(shard, "plan_hash", "")))
		return error_set(err, errlen, "merge: %s: the shards' cells hash to %s, not to the plan's %s",
				 m->v[0].dir, hash, json_str_or(shard, "plan_hash", "?"));
	return 0;
}

/* A finished shard has a test for every cell it planned: one without is no finished shard. */
static int check_tests(const struct merge *m, char *err, int errlen)
{
	for (int at = 0; at < m->total; at++) {
		const struct merge_shard *s = &m->v[m->owner[at]];
		const char *name = json_str(m->planned[at], "name");

		if (!json_find(json_array(s->summary, "tests"), "name", name))
			return error_set(err, errlen, "merge: %s: complete shard lacks planned cell %s (no "
					 "verdict in its summary.json)", s->dir, name);
	}
	return 0;
}

int merge_load(struct merge *m, char *const *dirs, int nr, char *err, int errlen)
{
	memset(m, 0, sizeof(*m));
	m->v = xcalloc(nr + 1, sizeof(*m->v));
	for (int i = 0; i < nr; i++) {
		struct merge_shard *s = &m->v[m->nr++];

		if (load_shard(s, dirs[i], err, errlen))
			return -1;
		if (i && check_same_plan(&m->v[0], s, err, errlen))
			return -1;
	}
	if (!nr)
		return error_set(err, errlen, "merge: no shard directories given");
	if (check_complete_set(m, err, errlen) || check_planned(m, err, errlen) || check_tests(m, err, errlen))
		return -1;
	for (int i = 1; i < m->nr; i++)
		m->v[i].vm_offset = m->v[i - 1].vm_offset +
				    json_int(json_get(m->v[i - 1].summary, "timing"), "vms", 0);
	return 0;
}

void merge_free(struct merge *m)
{
	for (int i = 0; i < m->nr; i++) {
		free(m->v[i].dir);
		json_object_put(m->v[i].manifest);
		json_object_put(m->v[i].summary);
	}
	free(m->v);
	free(m->planned);
	free(m->owner);
	memset(m, 0, sizeof(*m));
}

/* A copy of @o with its VMs renumbered by @offset: the "vm" number and every vm-NN in its text. */
static struct json_object *renumbered(struct json_object *o, int offset)
{
	const char *text = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN |
							  JSON_C_TO_STRING_NOSLASHESCAPE);
	char *s = merge_renumber(text, offset);
	struct json_object *c = json_tokener_parse(s);
	int vm = json_int(c, "vm", 0);

	free(s);
	if (vm)
		json_object_object_add(c, "vm", json_object_new_int(vm + offset));
	return c;
}

/* Add the known issues' tallies of @add to @sum, matched by id. */
static void add_known(struct json_object *sum, struct json_object *add)
{
	static const char *const tallies[] = { "xfail", "xpass", "matched", "cells" };

	for (size_t i = 0; add && i < json_object_array_length(add); i++) {
		struct json_object *o = json_object_array_get_idx(add, i);
		struct json_object *to = json_find(sum, "id", json_str(o, "id"));

		if (!to) {
			json_object_array_add(sum, json_object_get(o));
			continue;
		}
		for (size_t t = 0; t < sizeof(tallies) / sizeof(tallies[0]); t++)
			json_object_object_add(to, tallies[t], json_object_new_int(json_int(to, tallies[t], 0) +
										   json_int(o, tallies[t], 0)));
	}
}

static void append_seconds(double **v, int *nr, struct json_object *a)
{
	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		results_add_seconds(v, nr, json_object_get_double(json_object_array_get_idx(a, i)));
}

/* Counts of the merged run that are no verdict: summed over the shards. */
static void add_counts(struct results *r, const struct merge_shard *s)
{
	struct json_object *counts = json_get(s->summary, "counts"), *a;

	r->nr_run_reports += json_int(counts, "run_reports", 0);
	r->nr_known_run_reports += json_int(counts, "known_run_reports", 0);
	r->nr_boot_flakes += json_int(counts, "boot_flakes", 0);
	r->vms += json_int(json_get(s->summary, "timing"), "vms", 0);
	append_seconds(&r->boots, &r->nr_boots, json_array(json_get(s->summary, "timing"), "boot_seconds"));
	append_seconds(&r->restores, &r->nr_restores,
		       json_array(json_get(s->summary, "timing"), "restore_seconds"));
	append_seconds(&r->first_tests, &r->nr_first_tests,
		       json_array(json_get(s->summary, "timing"), "first_test_seconds"));
	append_seconds(&r->vm_seconds, &r->nr_vm_seconds, json_array(json_get(s->summary, "timing"), "vm_seconds"));
	/* Wall time is the shards' summed: what one machine would have taken. */
	r->started -= json_object_get_double(json_get(json_get(s->summary, "timing"), "elapsed"));
	a = json_array(s->summary, "run_reports");
	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		json_object_array_add(r->run_reports, renumbered(json_object_array_get_idx(a, i), s->vm_offset));
	a = json_array(s->summary, "notes");
	for (size_t i = 0; a && i < json_object_array_length(a); i++)
		json_object_array_add(r->notes, json_object_get(json_object_array_get_idx(a, i)));
}

/* The planned list and the tests, in plan order, each test from its shard. */
static void add_tests(struct merge *m, struct results *r)
{
	r->total = m->total;
	r->planned = json_object_new_array();
	for (int at = 0; at < m->total; at++) {
		const struct merge_shard *s = &m->v[m->owner[at]];
		struct json_object *p = json_object_new_object(), *t;
		const char *name = json_str(m->planned[at], "name");
		enum verdict v;

		json_object_object_add(p, "name", json_object_new_string(name));
		json_object_object_add(p, "namespace",
				       json_object_new_string(json_str_or(m->planned[at], "namespace", "")));
		json_object_array_add(r->planned, p);
		/* check_tests(): every planned cell has its test. */
		t = renumbered(json_find(json_array(s->summary, "tests"), "name", name), s->vm_offset);
		v = run_test_verdict(t);
		/* As verdict_info_of(): a verdict of no known name is an error. */
		r->counts[v == V_NR ? V_ERROR : v]++;
		r->not_applicable += json_get(t, "applicable") && !json_object_get_boolean(json_get(t, "applicable"));
		r->done++;
		json_object_array_add(r->tests, t);
	}
}

/* Append @data to the merged run's @name (its own file, or a shard's part of a shared one). */
static void put_file(struct results *r, const char *name, const char *data, size_t len)
{
	char *path = results_path(r, "%s", name);
	FILE *f = fopen(path, "a");
	int bad = !f;

	if (f) {
		bad = fwrite(data, 1, len, f) != len;
		bad |= fclose(f) != 0;
	}
	if (bad)
		results_write_failed(r, path, errno ? errno : EIO);
	free(path);
}

/* A report file's "console: console/vm-NN.log lines S-E" lines, renumbered; the rest as is. */
static char *renumber_console_lines(const char *text, int offset)
{
	struct strbuf sb = STRBUF_INIT;

	for (const char *l = text; *l;) {
		size_t n = strcspn(l, "\n");
		char *line = xasprintf("%.*s", (int)n, l);

		if (!strncmp(line, "console: ", 9)) {
			char *re = merge_renumber(line, offset);

			strbuf_addstr(&sb, re);
			free(re);
		} else {
			strbuf_addstr(&sb, line);
		}
		free(line);
		l += n;
		if (*l == '\n') {
			strbuf_addstr(&sb, "\n");
			l++;
		}
	}
	return strbuf_detach(&sb);
}

/* Copy one shard file @sub/@name into @r, renamed and rewritten for the VM offset. */
static void copy_file(struct results *r, const struct merge_shard *s, const char *sub, const char *name)
{
	char *from = xasprintf("%s/%s%s%s", s->dir, sub, *sub ? "/" : "", name);
	/* tests/ and layout.txt have no VM in them; console/ has its kernel's text. */
	int rename = !strcmp(sub, "console") || !strcmp(sub, "reports");
	char *to_name = rename ? merge_renumber(name, s->vm_offset) : xstrdup(name);
	char *to = xasprintf("%s%s%s", sub, *sub ? "/" : "", to_name);
	struct strbuf in = STRBUF_INIT;
	char *text = NULL;

	int rc = read_file(from, &in);

	if (rc && !r->write_error) {
		/* A file of the run that cannot be copied is as lost as one not written. */
		r->write_error = xasprintf("cannot read %s: %s", from, strerror(-rc));
		msg("%s", r->write_error);
	} else if (!rc) {
		if (!strcmp(sub, "reports"))
			text = renumber_console_lines(in.buf ? in.buf : "", s->vm_offset);
		else if (!strcmp(name, "injections.txt"))
			text = merge_renumber(in.buf ? in.buf : "", s->vm_offset);
		if (text)
			put_file(r, to, text, strlen(text));
		else
			put_file(r, to, in.buf, in.len);
	}
	free(text);
	strbuf_release(&in);
	free(to);
	free(to_name);
	free(from);
}

/* Every file of the shard's console/, reports/ and tests/, and its layout and injections. */
static void copy_files(struct results *r, const struct merge_shard *s)
{
	static const char *const subs[] = { "console", "reports", "tests" };
	static const char *const top[] = { "layout.txt", "injections.txt" };

	for (size_t i = 0; i < sizeof(subs) / sizeof(subs[0]); i++) {
		char *path = xasprintf("%s/%s", s->dir, subs[i]);
		DIR *d = opendir(path);
		struct dirent *e;

		while (d && (e = readdir(d)))
			if (e->d_name[0] != '.')
				copy_file(r, s, subs[i], e->d_name);
		if (d)
			closedir(d);
		free(path);
	}
	for (size_t i = 0; i < sizeof(top) / sizeof(top[0]); i++) {
		char *path = xasprintf("%s/%s", s->dir, top[i]);

		if (file_exists(path))
			copy_file(r, s, "", top[i]);
		free(path);
	}
}

/* The run's inputs (results_keep_inputs()), the same in every shard: the first one's. */
static void copy_inputs(struct results *r, const struct merge_shard *s)
{
	static const char *const files[] = { RESULTS_KERNEL_CONFIG, RESULTS_CONFIGS "/expectations",
					     RESULTS_CONFIGS "/known-issues" };
	static const char *const dirs[] = { RESULTS_CONFIGS "/profiles", RESULTS_CONFIGS "/topologies" };

	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		char *from = xasprintf("%s/%s", s->dir, files[i]);

		if (file_exists(from))
			results_keep_file(r, from, files[i]);
		free(from);
	}
	for (size_t i = 0; i < sizeof(dirs) / sizeof(dirs[0]); i++) {
		char *path = xasprintf("%s/%s", s->dir, dirs[i]);
		DIR *d = opendir(path);
		struct dirent *e;

		while (d && (e = readdir(d))) {
			char *from = xasprintf("%s/%s", path, e->d_name), *rel = xasprintf("%s/%s", dirs[i], e->d_name);

			if (e->d_name[0] != '.')
				results_keep_file(r, from, rel);
			free(from);
			free(rel);
		}
		if (d)
			closedir(d);
		free(path);
	}
}

/* The first shard's manifest, as the whole plan's: no shard, the shards it came from. */
static struct json_object *merged_manifest(const struct merge *m)
{
	struct json_object *o = NULL, *from = json_object_new_array();

	json_object_deep_copy(m->v[0].manifest, &o, NULL);
	json_object_object_del(o, "shard");
	for (int i = 0; i < m->nr; i++)
		json_object_array_add(from, json_object_new_string(m->v[i].dir));
	json_object_object_add(o, "merged_from", from);
	json_object_object_add(o, "status", json_object_new_string("complete"));
	if (json_get(o, "profile"))
		json_object_object_add(json_get(o, "profile"), "cells", json_object_new_int(m->total));
	return o;
}

int merge_write(struct merge *m, const char *base, struct results *r, char *err, int errlen)
{
	const char *kernel_id = json_str_or(json_get(m->v[0].manifest, "kernel"), "id", "unknown");

	if (results_create(r, base, kernel_id, err, errlen))
		return -1;
	r->max_skipped = json_int(json_get(m->v[0].summary, "counts"), "max_skipped_percent", 0);
	r->known_json = json_object_new_array();
	add_tests(m, r);
	for (int i = 0; i < m->nr; i++) {
		add_counts(r, &m->v[i]);
		add_known(r->known_json, json_array(m->v[i].summary, "known_issues"));
		copy_files(r, &m->v[i]);
	}
	copy_inputs(r, &m->v[0]);
	results_manifest(r, merged_manifest(m));
	return 0;
}
