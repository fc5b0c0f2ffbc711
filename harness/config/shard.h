/* SPDX-License-Identifier: GPL-2.0 */
/*
 * shard.h - --shard K/N: a deterministic part of a plan, and the identity
 * of the whole plan that "pmemfi merge" checks shards against.
 *
 * The unit is a block: the cells of one seed and one namespace, in plan
 * order. A VM runs one seed's cells and creates only the namespaces they
 * use, so a whole block costs one setup of its namespace, where splitting
 * it would cost one in each shard. Blocks are taken in order of their
 * first cell and cut into N contiguous runs by cell count: block b goes to
 * shard floor((2 * start_b + size_b) * N / (2 * total)) + 1, its midpoint's
 * share of the plan. The rule depends only on the plan's cell list, so it
 * is the same on every machine and in every run of that plan; shards are
 * balanced to within one block, and a plan of fewer blocks than N leaves
 * some shards empty.
 */
#ifndef PMEMFI_SHARD_H
#define PMEMFI_SHARD_H

struct plan;

#define SHARD_MAX	64

/* "K/N" with 1 <= K <= N <= SHARD_MAX. Returns 0, or -1 with a one-line @err. */
int shard_parse(const char *s, int *k, int *n, char *err, int errlen);

/* The shard (1..@n) each cell of @p belongs to, in @out[nr_cells]. */
void shard_assign(const struct plan *p, int n, int *out);

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
int plan_shard(struct plan *p, int k, int n);

#endif
