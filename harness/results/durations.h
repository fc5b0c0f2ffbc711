/* SPDX-License-Identifier: GPL-2.0 */
/*
 * durations.h - what each cell cost in an earlier run, for weighing shards
 * (config/shard.h, --durations).
 */
#ifndef PMEMFI_DURATIONS_H
#define PMEMFI_DURATIONS_H

#include "config/shard.h"

/*
 * Load the durations from an earlier run's summary.json @path: each test's
 * duration, plus, for a test after which its VM ended (a crash, a hang),
 * what starting the next VM cost in that run. 0, or -1 with a reason: a
 * duration or VM start time that is not a number of seconds (negative,
 * not a number) is refused, for it would leave cells in no shard.
 */
int shard_durations_load(struct shard_durations *d, const char *path, char *err, int errlen);

#endif
