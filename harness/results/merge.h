/* SPDX-License-Identifier: GPL-2.0 */
/*
 * merge.h - pmemfi merge: the run directories of the shards of one plan
 * (run --shard K/N, config/shard.h) joined into one run directory, as the
 * unsharded run would have written it: every planned cell in plan order
 * with its shard's verdict, counts recomputed, every output format
 * written by results.c from that summary.
 *
 * The shards must be shards of one plan: each is a finished run (status
 * complete) whose manifest.json has a "shard" object, all with the same
 * n, plan cell count and plan hash, profile, --tests, seeds, kernel id,
 * config hash and hash (the image and its modules: two bzImages of one
 * release share an id), configs hash and known-issue file hash; every K
 * of 1..N once. Their planned cells (each with its
 * plan_index) must cover the plan exactly once and hash to the plan hash,
 * and each must have its test (a verdict) in its shard's summary.
 *
 * VMs are renumbered: shard K's vm-NN becomes vm-(NN + the VMs of the
 * shards before it), in the tests, the run reports, the console and
 * report file names and the report files' "console:" lines, so that every
 * path in the merged run leads to its own copy.
 */
#ifndef PMEMFI_MERGE_H
#define PMEMFI_MERGE_H

struct json_object;
struct results;

struct merge_shard {
	char *dir;
	struct json_object *manifest, *summary;
	int k, vm_offset;
};

struct merge {
	struct merge_shard *v;	/* sorted by k once merge_load() succeeded */
	int nr;
	int total;			/* cells of the whole plan */
	struct json_object **planned;	/* [total]: the planned entries by plan_index */
	int *owner;			/* [total]: the shard (index into v) of each */
};

/* Load and check the shards in @dirs. Returns 0, or -1 with a one-line @err. */
int merge_load(struct merge *m, char *const *dirs, int nr, char *err, int errlen);

/*
 * Write the merged run directory under @base into @r (results_create());
 * the caller ends it with results_close() and results_exit_code().
 * Returns 0, or -1 with @err when the directory cannot be made.
 */
int merge_write(struct merge *m, const char *base, struct results *r, char *err, int errlen);

void merge_free(struct merge *m);

/* @s with every "vmNN" or "vm-NN" that starts a word renumbered by @offset (caller frees). */
char *merge_renumber(const char *s, int offset);

#endif
