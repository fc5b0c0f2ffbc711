/* SPDX-License-Identifier: GPL-2.0 */
/*
 * known.h - known kernel issues (configs/known-issues): a kernel report
 * that matches an entry turns a test's "bug" into "xfail"; a test where an
 * entry's bug should reproduce but did not becomes "xpass", so a fix is
 * noticed. The file is a list of stanzas:
 *
 *   [id]
 *   title    GLOB            a report title (fnmatch); repeatable
 *   sig      16 hex digits   a report signature; repeatable (title or sig needed)
 *   tests    GLOB...         tests the entry may explain (default: every test)
 *   repro    GLOB...         tests where it reproduces: a pass there is an xpass
 *   kernels  GLOB...         kernel releases it applies to (default: every kernel)
 *   link     URL             where it is discussed (optional)
 *   reason   TEXT            one line: what the bug is (required)
 */
#ifndef PMEMFI_KNOWN_H
#define PMEMFI_KNOWN_H

#include "verdict.h"

struct json_object;
struct report;

struct known_issue {
	char *id;
	char **titles, **sigs, **tests, **repro, **kernels;
	int nr_titles, nr_sigs, nr_tests, nr_repro, nr_kernels;
	char *link;
	char *reason;
	int line;		/* of the [id] header */
	int xfails, xpasses;	/* tallied by known_apply() */
};

struct known_set {
	struct known_issue *v;
	int nr;
	char *path;
};

/* Load @path; -1 with a one-line @err ("FILE:LINE: why") on any bad entry. */
int known_load(struct known_set *set, const char *path, char *err, int errlen);

void known_free(struct known_set *set);

/*
 * Adjust one test's verdict for kernel @release: a bug whose every report
 * (@reports, as attributed to the test) matches an applicable entry
 * becomes xfail; a pass in an entry's repro scope becomes xpass. A
 * corrupted report never matches: its title may be wrong. The reason is
 * replaced (freed with free()).
 */
void known_apply(struct known_set *set, const char *release, const char *test,
		 const struct report *const *reports, int nr_reports, struct verdict_out *out);

/* The entries that apply to @release, with their tallies, for summary.json. */
struct json_object *known_to_json(const struct known_set *set, const char *release);

#endif
