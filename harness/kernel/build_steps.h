/* SPDX-License-Identifier: GPL-2.0 */
/*
 * build_steps.h - how many steps (kbuild's "  CC ..." lines, as
 * lib/build_progress.h counts them) a kernel build from scratch takes,
 * known before the first build, so that the first run on a fresh machine
 * can say "N of about M steps" and an ETA:
 *
 *   configs/kernel/build-steps   shipped, measured once per source
 *                                version and fragment set
 *   <cache>/kernels/build/kernel-build-steps
 *                                what this machine's builds from scratch
 *                                counted, by the same key
 *
 * Both are lines "VERSION FRAGMENT... STEPS" (the fragments by name, in
 * the order they are applied; # comments). A key is the source's make
 * version (6.12.118) and its fragments. The count depends on nothing else
 * (patches add or drop a file or two), so it is exact for a known key;
 * for an unknown one the nearest is used: this machine's count, the
 * table's for the key, the table's for the same version with other
 * fragments, then for the same major.minor. A remembered file of one bare
 * number (written before keys) is the last resort.
 */
#ifndef PMEMFI_BUILD_STEPS_H
#define PMEMFI_BUILD_STEPS_H

/* Steps a build from scratch of @version with @frags (@n names) takes, by @table and @mine; 0 when unknown. */
int build_steps_expect(const char *table, const char *mine, const char *version, const char *const *frags, int n);

/* Remember in @mine that such a build took @steps (other keys' lines are kept). */
void build_steps_remember(const char *mine, const char *version, const char *const *frags, int n, int steps);

/*
 * The table's time profile, its line "profile STEPS:TIME..." (fractions of
 * the steps done and of the time gone, ascending): into @steps and @time,
 * at most @max points. Returns how many; 0 (none, or a line that is not
 * one) means the time spreads evenly.
 */
int build_steps_profile(const char *table, double *steps, double *time, int max);

/* "6.12.118" from the top Makefile of kernel source tree @tree, into @buf; -1 when it says none. */
int build_steps_tree_version(const char *tree, char *buf, int len);

#endif
