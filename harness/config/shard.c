// SPDX-License-Identifier: GPL-2.0
#include "config/shard.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/plan.h"
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

void shard_durations_sort(struct shard_durations *d)
{
	qsort(d->v, d->nr, sizeof(*d->v), by_name);
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
