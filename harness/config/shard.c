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

void shard_assign(const struct plan *p, int n, int *out)
{
	long start = 0, total = p->nr_cells;

	if (!total)
		return;

	for (int j = 0; j < p->nr_cells; j++) {
		long size = 0;
		int shard;

		if (!block_first(p, j))
			continue;
		for (int i = j; i < p->nr_cells; i++)
			size += p->cells[i].seed == p->cells[j].seed && p->cells[i].ns == p->cells[j].ns;
		shard = (2 * start + size) * n / (2 * total) + 1;
		for (int i = j; i < p->nr_cells; i++)
			if (p->cells[i].seed == p->cells[j].seed && p->cells[i].ns == p->cells[j].ns)
				out[i] = shard;
		start += size;
	}
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

int plan_shard(struct plan *p, int k, int n)
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
	shard_assign(p, n, owner);
	for (int i = 0; i < p->nr_cells; i++)
		keep[i] = owner[i] == k;
	kept = plan_keep(p, keep);
	free(keep);
	free(owner);
	free(names);
	return kept;
}
