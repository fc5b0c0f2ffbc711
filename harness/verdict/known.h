/* SPDX-License-Identifier: GPL-2.0 */
/*
 * known.h - known kernel issues (configs/known-issues): a kernel report or
 * a failed check that matches an entry turns a test's "bug" or "fail" into
 * "xfail"; a test where an entry's bug should reproduce but did not
 * becomes "xpass", so a fix is noticed. A report before the first test
 * (boot) that matches a "stage boot" entry is listed as known and does
 * not make the run fail.
 *
 * The file is a list of stanzas:
 *
 *   [id]
 *   title    GLOB       a report title (fnmatch); repeatable
 *   sig      16 hex     a report signature; repeatable
 *   failure  GLOB       a failed check's message, without its "file.c:N: "
 *                       prefix; repeatable (one of title, sig, failure needed)
 *   stage    boot|test  where the report is seen (default test: in a cell)
 *   actions  WORD...    the injectors, walkers, nfit tests, stress-KIND or
 *                       layout the mechanism needs (required for stage test)
 *   points   WORD...    pfn classes (A B C) or points (C-mapped ...)
 *   map      dev|mem    mode  fsdax|devdax
 *   tests    GLOB...    cell names, to narrow further
 *   repro    GLOB...    cells of the scope where it always reproduces: a
 *                       pass there is an xpass
 *   kernels  WORD...    kernel releases it applies to (default: every one):
 *                       globs (6.12*) or version ranges FROM..TO, TO
 *                       excluded, either end open (6.3..: from 6.3, no
 *                       fix known; 6.3..7.4: fixed in 7.4), compared by
 *                       the release's leading MAJOR.MINOR[.PATCH]
 *   seen     RELEASE... the releases runs showed it on (evidence for the
 *                       kernels line, which must contain each of them)
 *   finding  N          the finding it belongs to (docs/findings/) (release's
 *                       finding-by-kernel table groups entries by it)
 *   fix      NAME...    the patches of configs/patches that fix it
 *   paging   4|5...     the guest's page-table levels it needs (default: any)
 *   kaslr    on|off     whether the guest booted with KASLR (default: any)
 *                       (the boot's scopes: the only ones a stage boot entry
 *                       has besides kernels; a test entry may have them too)
 *   intermittent        (no value) a known flake: it reproduces only some
 *                       of the time, so its failures are xfail and its
 *                       passes plain passes, never xpass (no repro line)
 *   link     URL        where it is discussed (optional)
 *   reason   TEXT       one line: what the bug is (required)
 *
 * Titles and failures start with literal text (no leading wildcard): an
 * entry names the report type and function it was seen with, so that
 * another bug in the same function is not excused.
 */
#ifndef PMEMFI_KNOWN_H
#define PMEMFI_KNOWN_H

#include "lib/util.h"
#include "verdict/verdict.h"

struct json_object;
struct report;

enum known_stage { KNOWN_TEST, KNOWN_BOOT };

struct known_issue {
	char *id;
	struct strvec titles, sigs, failures, actions, points, maps, modes, tests, repro, kernels, seen, fixes;
	int finding;		/* 0: none given */
	struct strvec paging, kaslr;	/* the boot it needs: "4" "5", "on" "off" */
	enum known_stage stage;
	int intermittent;
	char *link;
	char *reason;
	int line;		/* of the [id] header */
	/* Tallied by known_apply() and known_match_boot(). */
	int xfails, xpasses;	/* tests */
	int matched;		/* reports and failures matched */
	int cells;		/* cells in its scope that ran (did not skip) */
};

struct known_set {
	struct known_issue *v;
	int nr, alloc;
	char *path;
	/* How the guests boot, for the entries' paging and kaslr: known_boot(). */
	char paging[2], kaslr[4];
};

/* Load @path; -1 with a one-line @err ("FILE:LINE: why") on any bad entry. */
int known_load(struct known_set *set, const char *path, char *err, int errlen);

void known_free(struct known_set *set);

/*
 * The guests boot with @paging (4, 5) levels and KASLR @kaslr: entries
 * scoped to another boot do not apply. Until it is said, every boot is.
 */
void known_boot(struct known_set *set, int paging, int kaslr);

/* Zero every entry's tallies (one kernel's run starts). */
void known_reset(struct known_set *set);

/*
 * Adjust the verdict of cell @c for kernel @release. A bug whose every
 * report (@reports, as attributed to the test) matches an applicable entry
 * becomes xfail when the test came to nothing worse apart from them
 * (out->rest: a pass or skip, or failed checks that entries name too);
 * else it is what the test came to (a fail, timeout or error), the
 * reports excused in its reason. A fail whose every failed check matches
 * becomes xfail. A corrupted report never matches: its title may be
 * wrong. A pass in an applicable entry's repro list becomes xpass. The
 * reason names the entry of each report or check (freed with free()).
 * @matched, when not NULL, receives for each report the entry it
 * matched, or NULL.
 */
void known_apply(struct known_set *set, const char *release, const struct cell *c,
		 const struct report *const *reports, int nr_reports,
		 const struct known_issue **matched, struct verdict_out *out);

/* The stage-boot entry that explains @r on @release, or NULL; _match_ tallies it. */
const struct known_issue *known_find_boot(struct known_set *set, const char *release,
					  const struct report *r);
const struct known_issue *known_match_boot(struct known_set *set, const char *release,
					   const struct report *r);

/*
 * Where @k applies, in one line for a reader ("kernels 6.[3-9]*; actions
 * corrupt-pfn; points A; map dev; intermittent"): what a triager checks
 * before trusting an xfail on another kernel or cell. Caller frees.
 */
char *known_scope(const struct known_issue *k);

/* The entries that apply to @release, with their tallies and scope, for summary.json. */
struct json_object *known_to_json(const struct known_set *set, const char *release);

#endif
