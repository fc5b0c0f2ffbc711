// SPDX-License-Identifier: GPL-2.0
#include "config/shard.h"

#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/plan.h"
#include <json-c/json.h>

#include "lib/json.h"
#include "lib/util.h"

int shard_parse(const char *s, int *k, int *n, char *err, int errlen)
{
	char *end, *slash;
	long a, b;

	a = strtol(s, &slash, 10);
	if (slash == s || *slash != '/')
		goto bad;
	b = strtol(slash + 1, &end, 10);
	if (end == slash + 1 || *end || a < 1 || b < a || b > SHARD_MAX)
		goto bad;
	*k = a;
	*n = b;
	return 0;
bad:
	return error_set(err, errlen, "--shard: '%s' is not K/N with 1 <= K <= N <= %d", s, SHARD_MAX);
}

/* Is cell @j the first of its block (seed and namespace) in @p? */
static int block_first(const struct plan *p, int j)
{
	for (int i = 0; i < j; i++)
		if (p->cells[i].seed == p->cells[j].seed && p->cells[i].ns == p->cells[j].ns)
			return 0;
	return 1;
}

/* Tenths of a second a cell takes by kind, when nothing was measured. */
#define WEIGHT_CELL	5
#define WEIGHT_NFIT	40
#define WEIGHT_STRESS_EXTRA	10

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct shard_duration *)a)->name, ((const struct shard_duration *)b)->name);
}

long shard_weight(const struct plan *p, int i, const struct shard_durations *d)
{
	const struct cell *c = &p->cells[i];
	const struct shard_duration key = { .name = c->name };
	const struct shard_duration *hit = d && d->nr ? bsearch(&key, d->v, d->nr, sizeof(*d->v), by_name) : NULL;

	if (hit)
		return hit->tenths;
	if (c->kind == CELL_STRESS && c->stress)
		return c->stress->seconds * 10L + WEIGHT_STRESS_EXTRA;
	return c->kind == CELL_NFIT ? WEIGHT_NFIT : WEIGHT_CELL;
}

/* Does cell @i share its block (seed and namespace) with cell @j? */
static int same_block(const struct plan *p, int i, int j)
{
	return p->cells[i].seed == p->cells[j].seed && p->cells[i].ns == p->cells[j].ns;
}

void shard_assign(const struct plan *p, int n, const struct shard_durations *d, int *out)
{
	long start = 0, total = 0;

	for (int i = 0; i < p->nr_cells; i++)
		total += shard_weight(p, i, d);
	if (!total)
		return;
	for (int j = 0; j < p->nr_cells; j++) {
		long size = 0;
		int shard;

		if (!block_first(p, j))
			continue;
		for (int i = j; i < p->nr_cells; i++)
			size += same_block(p, i, j) ? shard_weight(p, i, d) : 0;
		shard = (2 * start + size) * n / (2 * total) + 1;
		for (int i = j; i < p->nr_cells; i++)
			if (same_block(p, i, j))
				out[i] = shard;
		start += size;
	}
}

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Is @v a number of seconds (finite, not negative)? Sets *@secs. */
static int seconds(struct json_object *v, double *secs)
{
	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		return 0;
	*secs = json_object_get_double(v);
	return isfinite(*secs) && *secs >= 0;
}

/* The median of @v (seconds, timing.@what), 0 when empty; -1 with @err when one is not seconds. */
static int median_of(struct json_object *v, const char *path, const char *what, double *m,
		     char *err, int errlen)
{
	size_t n = v ? json_object_array_length(v) : 0;
	double *a = xcalloc(n + 1, sizeof(*a));

	for (size_t i = 0; i < n; i++) {
		if (!seconds(json_object_array_get_idx(v, i), &a[i])) {
			free(a);
			return error_set(err, errlen, "--durations %s: timing.%s: %s is not a number of seconds",
					 path, what, json_object_to_json_string(json_object_array_get_idx(v, i)));
		}
	}
	qsort(a, n, sizeof(*a), by_value);
	*m = n ? a[n / 2] : 0;
	free(a);
	return 0;
}

/* What starting the next VM cost in that run: a restore when it had them, else a boot. */
static int restart_cost(struct json_object *root, const char *path, double *restart, char *err, int errlen)
{
	struct json_object *timing = json_get(root, "timing"), *restores = json_array(timing, "restore_seconds");

	if (restores && json_object_array_length(restores))
		return median_of(restores, path, "restore_seconds", restart, err, errlen);
	return median_of(json_array(timing, "first_test_seconds"), path, "first_test_seconds", restart, err,
			 errlen);
}

int shard_durations_load(struct shard_durations *d, const char *path, char *err, int errlen)
{
	struct json_object *root = json_object_from_file(path), *tests;
	double restart;
	size_t n;

	memset(d, 0, sizeof(*d));
	tests = root ? json_array(root, "tests") : NULL;
	if (!tests) {
		json_object_put(root);
		return error_set(err, errlen, "--durations %s: not a summary.json of a run", path);
	}
	if (restart_cost(root, path, &restart, err, errlen)) {
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(tests);
	d->v = xcalloc(n + 1, sizeof(*d->v));
	for (size_t i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i), *v;
		const char *name = json_str(t, "name");
		double secs = 0;

		if (!name)
			continue;
		/* A negative weight would leave cells in no shard at all. */
		if (json_object_object_get_ex(t, "duration", &v) && !seconds(v, &secs)) {
			error_set(err, errlen, "--durations %s: test %s: duration %s is not a number of seconds",
				  path, name, json_object_to_json_string(v));
			json_object_put(root);
			shard_durations_free(d);
			return -1;
		}
		/* A test that ended its VM: the next one starts afresh. */
		if (json_get(t, "title") || !strcmp(json_str_or(t, "verdict", ""), "timeout"))
			secs += restart;
		d->v[d->nr].name = xstrdup(name);
		d->v[d->nr++].tenths = (long)(secs * 10 + 0.5) + 1;
	}
	json_object_put(root);
	qsort(d->v, d->nr, sizeof(*d->v), by_name);
	return 0;
}

void shard_durations_free(struct shard_durations *d)
{
	for (int i = 0; i < d->nr; i++)
		free(d->v[i].name);
	free(d->v);
	memset(d, 0, sizeof(*d));
}

void shard_hash_names(const char *const *names, int nr, char hash[17])
{
	uint64_t h = FNV1A64_INIT;

	for (int i = 0; i < nr; i++) {
		h = fnv1a64(names[i], strlen(names[i]), h);
		h = fnv1a64("\n", 1, h);
	}
	snprintf(hash, 17, "%016llx", (unsigned long long)h);
}

int plan_shard(struct plan *p, int k, int n, const struct shard_durations *d)
{
	const char **names = xcalloc(p->nr_cells + 1, sizeof(char *));
	int *owner = xcalloc(p->nr_cells + 1, sizeof(int));
	char *keep = xcalloc(p->nr_cells + 1, 1);
	int kept;

	for (int i = 0; i < p->nr_cells; i++) {
		names[i] = p->cells[i].name;
		p->cells[i].plan_index = i;
	}
	shard_hash_names(names, p->nr_cells, p->shard.hash);
	p->shard.k = k;
	p->shard.n = n;
	p->shard.total = p->nr_cells;
	shard_assign(p, n, d, owner);
	for (int i = 0; i < p->nr_cells; i++)
		keep[i] = owner[i] == k;
	kept = plan_keep(p, keep);
	free(keep);
	free(owner);
	free(names);
	return kept;
}
