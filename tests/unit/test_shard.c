// SPDX-License-Identifier: GPL-2.0
/* --shard K/N: every cell in exactly one shard, blocks whole; merge's checks of the shards. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>
#include <json-c/json.h>

#include "config/plan.h"
#include "config/shard.h"
#include "results/durations.h"
#include "lib/util.h"
#include "results/merge.h"
#include "results/results.h"

static void parse(void **state)
{
	char err[256];
	int k, n;

	(void)state;
	assert_int_equal(shard_parse("1/1", &k, &n, err, sizeof(err)), 0);
	assert_int_equal(shard_parse("3/64", &k, &n, err, sizeof(err)), 0);
	assert_int_equal(k * 100 + n, 364);
	static const char *const bad[] = { "0/2", "3/2", "1/65", "1/0", "1", "1/", "/2", "a/b", "1/2x", "" };

	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(shard_parse(bad[i], &k, &n, err, sizeof(err)), -1);
		assert_non_null(strstr(err, "--shard: '"));
		assert_null(strchr(err, '\n'));
	}
}

/*
 * Blocks of one seed and namespace go to one shard, shards in plan order
 * of blocks, balanced by weight (@d: measured, NULL: by kind).
 */
static void check_assign(const struct plan *p, int n, const struct shard_durations *d)
{
	int *owner = xcalloc(p->nr_cells, sizeof(int));
	long *weight = xcalloc(n + 1, sizeof(long)), max_block = 0, total = 0;

	shard_assign(p, n, d, owner);
	for (int i = 0; i < p->nr_cells; i++) {
		long block = 0;

		assert_in_range(owner[i], 1, n);
		assert_true(i == 0 || owner[i] >= owner[i - 1] || p->cells[i].seed != p->cells[i - 1].seed ||
			    p->cells[i].ns != p->cells[i - 1].ns);
		weight[owner[i]] += shard_weight(p, i, d);
		total += shard_weight(p, i, d);
		for (int j = 0; j < p->nr_cells; j++) {
			if (p->cells[j].seed != p->cells[i].seed || p->cells[j].ns != p->cells[i].ns)
				continue;
			assert_int_equal(owner[j], owner[i]);
			block += shard_weight(p, j, d);
		}
		max_block = block > max_block ? block : max_block;
	}
	/* Each shard holds at most its share and one block more. */
	for (int k = 1; k <= n; k++)
		assert_true(weight[k] <= (total + n - 1) / n + max_block);
	free(weight);
	free(owner);
}

/* plan_shard() over k = 1..@n: the union is the plan, each cell once, in order. */
static void check_shards(const char *profile, int n)
{
	struct plan whole, p;
	char err[256], hash[17] = "";
	int *seen;

	if (plan_load(&whole, "configs", profile, NULL, err, sizeof(err)))
		fail_msg("%s", err);
	check_assign(&whole, n, NULL);
	seen = xcalloc(whole.nr_cells, sizeof(int));
	for (int k = 1; k <= n; k++) {
		if (plan_load(&p, "configs", profile, NULL, err, sizeof(err)))
			fail_msg("%s", err);
		plan_shard(&p, k, n, NULL);
		assert_int_equal(p.shard.total, whole.nr_cells);
		if (k > 1)
			assert_string_equal(p.shard.hash, hash);
		strcpy(hash, p.shard.hash);
		for (int i = 0; i < p.nr_cells; i++) {
			int at = p.cells[i].plan_index;

			assert_in_range(at, 0, whole.nr_cells - 1);
			assert_string_equal(p.cells[i].name, whole.cells[at].name);
			assert_true(i == 0 || at > p.cells[i - 1].plan_index);
			seen[at]++;
		}
		plan_free(&p);
	}
	for (int i = 0; i < whole.nr_cells; i++)
		assert_int_equal(seen[i], 1);
	free(seen);
	plan_free(&whole);
}

static void every_cell_once(void **state)
{
	static const int ns[] = { 1, 2, 3, 5, 8, 64 };

	(void)state;
	for (size_t i = 0; i < sizeof(ns) / sizeof(ns[0]); i++) {
		check_shards("quick", ns[i]);
		check_shards("nightly", ns[i]);
	}
}

static void quick_halves(void **state)
{
	struct plan p;
	char err[256];

	(void)state;
	if (plan_load(&p, "configs", "quick", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	/* One seed, two namespaces of 18 cells: one namespace each. */
	assert_int_equal(plan_shard(&p, 2, 2, NULL), 18);
	assert_string_equal(p.cells[0].name, "one-nvdimm.fsdax.dev.2M.layout.ff");
	assert_int_equal(p.cells[0].plan_index, 18);
	plan_free(&p);
}

/*
 * Measured durations move the cut: with the ff devdax block made slow in
 * an earlier run, 2 shards put it alone in shard 1 and the other three
 * blocks in shard 2, where cell counts would cut after the second block.
 */
static void durations_move_the_cut(void **state)
{
	char path[] = "/tmp/pmemfi-test-durations.XXXXXX", err[256];
	struct shard_durations d;
	struct plan p;
	FILE *f;
	int fd = mkstemp(path), *owner;

	(void)state;
	assert_true(fd >= 0);
	if (plan_load(&p, "configs", "quick", "ff,zero", err, sizeof(err)))
		fail_msg("%s", err);
	f = fdopen(fd, "w");
	/* Every ff devdax cell took 30 s; the rest are unmeasured (by kind: 0.5 s). */
	fprintf(f, "{\"tests\": [");
	for (int i = 0, first = 1; i < p.nr_cells; i++)
		if (!strcmp(p.cells[i].seed, "ff") && strstr(p.cells[i].name, ".devdax.")) {
			fprintf(f, "%s{\"name\": \"%s\", \"duration\": 30}", first ? "" : ", ", p.cells[i].name);
			first = 0;
		}
	fprintf(f, "], \"timing\": {}}\n");
	fclose(f);
	assert_int_equal(shard_durations_load(&d, path, err, sizeof(err)), 0);
	owner = xcalloc(p.nr_cells, sizeof(int));
	check_assign(&p, 2, &d);
	shard_assign(&p, 2, &d, owner);
	/* By count the ff blocks would be shard 1 and the zero blocks shard 2. */
	for (int i = 0; i < p.nr_cells; i++)
		assert_int_equal(owner[i], !strcmp(p.cells[i].seed, "ff") && strstr(p.cells[i].name, ".devdax.") ? 1 : 2);
	assert_int_equal(shard_durations_load(&d, "/nonexistent/summary.json", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "--durations /nonexistent/summary.json: "));
	shard_durations_free(&d);
	/* A negative duration, or one that is no number: refused, never a cell in no shard. */
	{
		static const char *const bad[] = {
			"{\"tests\": [{\"name\": \"a\", \"duration\": -3}]}",
			"{\"tests\": [{\"name\": \"a\", \"duration\": \"3\"}]}",
			"{\"tests\": [{\"name\": \"a\", \"duration\": 3}], \"timing\": {\"restore_seconds\": [-1]}}",
		};

		for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
			write_file(path, bad[i], strlen(bad[i]));
			assert_int_equal(shard_durations_load(&d, path, err, sizeof(err)), -1);
			assert_non_null(strstr(err, "is not a number of seconds"));
		}
	}
	free(owner);
	plan_free(&p);
	unlink(path);
}

static void renumber(void **state)
{
	static const char *const cases[][2] = {
		{ "console/vm-01.log", "console/vm-04.log" },
		{ "boot-vm02", "boot-vm05" },
		{ "clean on retry in vm-09, vm-10", "clean on retry in vm-12, vm-13" },
		{ "kvm-01 vmx vm- vm", "kvm-01 vmx vm- vm" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = merge_renumber(cases[i][0], 3);

		assert_string_equal(s, cases[i][1]);
		free(s);
	}
}

static char dir[] = "/tmp/pmemfi-test-shard.XXXXXX";
#define TOTAL 6

/* A finished (or @status) shard run directory @name holding plan cells @from..@to-1. */
static char *make_shard(const char *name, int k, int n, const char *profile, const char *status,
			int from, int to)
{
	struct json_object *m = json_object_new_object(), *s = json_object_new_object(), *o;
	struct json_object *planned = json_object_new_array(), *tests = json_object_new_array();
	const char *names[TOTAL];
	char buf[TOTAL][8], hash[17], *path = xasprintf("%s/%s", dir, name), *file;

	for (int i = 0; i < TOTAL; i++) {
		snprintf(buf[i], sizeof(buf[i]), "c%d", i);
		names[i] = buf[i];
	}
	shard_hash_names(names, TOTAL, hash);
	o = json_object_new_object();
	json_object_object_add(o, "k", json_object_new_int(k));
	json_object_object_add(o, "n", json_object_new_int(n));
	json_object_object_add(o, "plan_cells", json_object_new_int(TOTAL));
	json_object_object_add(o, "plan_hash", json_object_new_string(hash));
	json_object_object_add(m, "shard", o);
	o = json_object_new_object();
	json_object_object_add(o, "name", json_object_new_string(profile));
	json_object_object_add(m, "profile", o);
	o = json_object_new_object();
	json_object_object_add(o, "id", json_object_new_string("k1"));
	json_object_object_add(m, "kernel", o);
	for (int i = from; i < to; i++) {
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(names[i]));
		json_object_object_add(o, "namespace", json_object_new_string("ns"));
		json_object_object_add(o, "plan_index", json_object_new_int(i));
		json_object_array_add(planned, o);
		o = json_object_new_object();
		json_object_object_add(o, "name", json_object_new_string(names[i]));
		json_object_object_add(o, "verdict", json_object_new_string(i == 4 ? "bug" : "pass"));
		json_object_object_add(o, "vm", json_object_new_int(1));
		json_object_object_add(o, "namespace", json_object_new_string("ns"));
		json_object_array_add(tests, o);
	}
	json_object_object_add(s, "status", json_object_new_string(status));
	json_object_object_add(s, "planned", planned);
	json_object_object_add(s, "tests", tests);
	o = json_object_new_object();
	json_object_object_add(o, "vms", json_object_new_int(1));
	json_object_object_add(s, "timing", o);
	mkdir_p(path);
	file = xasprintf("%s/manifest.json", path);
	json_object_to_file(file, m);
	free(file);
	file = xasprintf("%s/summary.json", path);
	json_object_to_file(file, s);
	free(file);
	json_object_put(m);
	json_object_put(s);
	return path;
}

/* merge_load() of @dirs fails with one line containing @want. */
static void refused(char **dirs, int nr, const char *want)
{
	struct merge m;
	char err[1024];

	assert_int_equal(merge_load(&m, dirs, nr, err, sizeof(err)), -1);
	if (!strstr(err, want))
		fail_msg("'%s' does not say '%s'", err, want);
	assert_null(strchr(err, '\n'));
	merge_free(&m);
}

static void merge_checks(void **state)
{
	char *a = make_shard("a", 1, 2, "quick", "complete", 0, 3);
	char *b = make_shard("b", 2, 2, "quick", "complete", 3, 6);
	char *dup = make_shard("dup", 1, 2, "quick", "complete", 0, 3);
	char *foreign = make_shard("foreign", 2, 2, "nightly", "complete", 3, 6);
	char *unfinished = make_shard("unfinished", 2, 2, "quick", "interrupted", 3, 6);
	char *gap = make_shard("gap", 2, 2, "quick", "complete", 3, 5);
	char *none = xasprintf("%s/none", dir);

	(void)state;
	refused((char *[]){ a }, 1, "merge: shard 2/2 missing (of the plan of ");
	refused((char *[]){ a, dup, b }, 3, "dup: duplicate shard 1/2 (so is ");
	refused((char *[]){ a, foreign }, 2, "foreign: foreign shard: its profile.name is \"nightly\"");
	refused((char *[]){ a, unfinished }, 2, "unfinished: unfinished shard (status interrupted");
	refused((char *[]){ a, none }, 2, "none: not a run directory");
	refused((char *[]){ a, gap }, 2, "cell 5 of 6 of the plan is in no shard");
	free(a);
	free(b);
	free(dup);
	free(foreign);
	free(unfinished);
	free(gap);
	free(none);
}

/* Shards given in any order merge into plan order, the second shard's VMs after the first's. */
static void merge_writes(void **state)
{
	char *a = make_shard("a", 1, 2, "quick", "complete", 0, 3);
	char *b = make_shard("b", 2, 2, "quick", "complete", 3, 6);
	char *base = xasprintf("%s/merged", dir), *path, err[1024];
	struct json_object *s, *tests;
	struct results r;
	struct merge m;

	(void)state;
	if (merge_load(&m, (char *[]){ b, a }, 2, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(m.v[0].k * 10 + m.v[1].vm_offset, 11);
	assert_int_equal(merge_write(&m, base, &r, err, sizeof(err)), 0);
	results_close(&r, "complete", NULL);
	assert_int_equal(r.done * 10 + r.counts[V_BUG], 61);
	assert_int_equal(results_exit_code(&r), EXIT_FAILED);
	path = results_path(&r, "summary.json");
	s = json_object_from_file(path);
	tests = json_object_object_get(s, "tests");
	assert_int_equal(json_object_array_length(tests), TOTAL);
	for (int i = 0; i < TOTAL; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		char want[8];

		snprintf(want, sizeof(want), "c%d", i);
		assert_string_equal(json_object_get_string(json_object_object_get(t, "name")), want);
		assert_int_equal(json_object_get_int(json_object_object_get(t, "vm")), i < 3 ? 1 : 2);
	}
	assert_null(json_object_object_get(json_object_array_get_idx(json_object_object_get(s, "planned"), 0),
					   "plan_index"));
	json_object_put(s);
	free(path);
	results_free(&r);
	merge_free(&m);
	free(base);
	free(a);
	free(b);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse),
		cmocka_unit_test(every_cell_once),
		cmocka_unit_test(quick_halves),
		cmocka_unit_test(durations_move_the_cut),
		cmocka_unit_test(renumber),
		cmocka_unit_test(merge_checks),
		cmocka_unit_test(merge_writes),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
