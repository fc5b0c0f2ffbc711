/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shard.h - --shard K/N: a deterministic part of a plan, and the identity
 * of the whole plan that "pmemfi merge" checks shards against.
 *
 * The unit is a block: the cells of one seed and one namespace, in plan
 * order. A VM runs one seed's cells and creates only the namespaces they
 * use, so a whole block costs one setup of its namespace, where splitting
 * it would cost one in each shard. Blocks are taken in order of their
 * first cell and cut into N contiguous runs by weight: block b goes to
 * shard floor((2 * start_b + size_b) * N / (2 * total)) + 1, its midpoint's
 * share of the plan's weight. A cell's weight is its expected seconds
 * (shard_weight()): measured in an earlier run when one is given
 * (--durations), else by its kind. The rule depends only on the plan's
 * cell list and that table, so it is the same on every machine and in
 * every run given the same table; shards are balanced to within one
 * block, and a plan of fewer blocks than N leaves some shards empty.
 */
#ifndef PMEMFI_SHARD_H
#define PMEMFI_SHARD_H

struct plan;

#define SHARD_MAX	64

/* "K/N" with 1 <= K <= N <= SHARD_MAX. Returns 0, or -1 with a one-line @err. */
int shard_parse(const char *s, int *k, int *n, char *err, int errlen);

/* Measured seconds per cell name: an earlier run's, for the weights. */
struct shard_duration {
	char *name;
	long tenths;		/* tenths of a second the cell cost, its VM's restart included */
};

struct shard_durations {
	struct shard_duration *v;	/* sorted by name */
	int nr;
};

/* Sort @d->v by name, for shard_weight()'s lookup (results/durations.h fills it). */
void shard_durations_sort(struct shard_durations *d);
void shard_durations_free(struct shard_durations *d);

/* Cell @i's weight in tenths of a second: from @d (may be NULL) or by its kind. */
long shard_weight(const struct plan *p, int i, const struct shard_durations *d);

/* The shard (1..@n) each cell of @p belongs to, in @out[nr_cells]; @d may be NULL. */
void shard_assign(const struct plan *p, int n, const struct shard_durations *d, int *out);

/*
 * The identity of a cell list: FNV-1a 64 over the names, each ended by a
 * newline, as 16 hex digits in @hash[17].
 */
void shard_hash_names(const char *const *names, int nr, char hash[17]);

/*
 * Keep shard @k of @n of @p, recording in p->shard the whole plan's cell
 * count and hash and in each kept cell its plan_index. Returns the number
 * of cells kept (0 is a valid, empty shard).
 */
int plan_shard(struct plan *p, int k, int n, const struct shard_durations *d);

#endif
