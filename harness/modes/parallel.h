/* SPDX-License-Identifier: GPL-2.0 */
/*
 * parallel.h - "pmemfi run -j N": up to N VMs at once.
 *
 * The plan is cut into N shards (config/shard.h: whole blocks of one seed
 * and namespace, so a VM group is never split), each run by a child
 * "pmemfi run --shard K/N" of this same binary with its own work
 * directory, VMs, sockets and consoles, all at once; then the shards are
 * merged (results/merge.h) into one run directory under the run's
 * --results, with every output format, as if the plan had run in one
 * piece. The caller has built the kernel and image, so the children find
 * them in the cache. The children's per-test lines are shown as they come,
 * numbered for the whole run, with an ETA.
 *
 * The shards' directories are deleted once merged; when a child fails
 * (bad usage, infrastructure) or the run is interrupted they are kept and
 * named, and nothing is merged.
 */
#ifndef PMEMFI_PARALLEL_H
#define PMEMFI_PARALLEL_H

#include <signal.h>

/*
 * Run @args (the options of "pmemfi run", NULL-terminated, without -j and
 * --results) as @jobs shards at once, merged under @results; @total is the
 * plan's cell count, for the progress lines. Returns the
 * exit status the run would have: 0 or 1 from the merged verdicts, 2 or 3
 * when a child said so, 130 when interrupted (lib/stop.h).
 */
int parallel_run(char *const *args, int jobs, int total, const char *results);

/*
 * How many VMs fit at once: @want (0: one per CPU), bounded by the
 * memory available for VMs of @vm_mb MiB of RAM each (0: the VMs run
 * elsewhere, as LAVA jobs: no bound). At least 1.
 */
int parallel_jobs(int want, long long vm_mb);

#endif
