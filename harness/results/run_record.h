/* SPDX-License-Identifier: GPL-2.0 */
/*
 * run_record.h - a run directory's record: its summary.json (and
 * manifest.json) read back, each test's verdict as an enum verdict, and
 * summary.json written. Every reader of a run (compare, history, merge,
 * shard durations, nightly, release, bisect, canary, mail, repro, the
 * output writers) and every writer of summary.json (results.c, merge.c)
 * goes through here: the member names of a test and the way a verdict is
 * spelled on disk are written once, in run_record.c.
 *
 * The record keeps the JSON objects as read: a writer that copies a
 * member it does not know keeps it, and summary.json written again from a
 * record is byte for byte the file it was read from (test_run_record).
 */
#ifndef PMEMFI_RUN_RECORD_H
#define PMEMFI_RUN_RECORD_H

#include "verdict/verdict.h"

struct json_object;

/*
 * The word for a verdict in every file pmemfi writes: a test's member in
 * summary.json, KCIDB's misc, the release's JSON, compare's change kind,
 * the page's column. Readers ask run_test_verdict() instead.
 */
#define RUN_VERDICT "verdict"

/* One test of summary.json's "tests", typed. */
struct run_test {
	struct json_object *json;	/* the test's object: the members not typed here */
	const char *name;
	enum verdict v;
	const char *title;		/* its headline report's title, or NULL */
	const char *reason;		/* why the verdict, or NULL */
};

struct run_record {
	char *dir;			/* the run directory */
	struct json_object *summary;	/* summary.json */
	struct json_object *manifest;	/* manifest.json, or NULL */
	struct run_test *tests;		/* summary.json's tests, in its order */
	int nr_tests;
};

/*
 * Load run directory @dir (or the directory of a path ending in
 * "/summary.json"). Returns 0, or -1 with @err naming the path and the
 * cause ("DIR: not a run directory (no summary.json)", "PATH: not a
 * pmemfi summary.json: tests[2] (NAME): no verdict").
 */
int run_record_load(const char *dir, struct run_record *r, char *err, int errlen);

/*
 * The run's JSON file @name under @dir (summary.json, manifest.json; @name
 * NULL: @dir is the file) as an object, or NULL when it is missing, not
 * JSON or not an object: for the readers that say their own error and
 * check what they need themselves (merge, mail, repro).
 */
struct json_object *run_record_json(const char *dir, const char *name);

/*
 * A record of @summary (a summary.json object the caller read or built;
 * the record takes a reference) with no directory or manifest. Returns 0,
 * or -1 with @err as run_record_check() says.
 */
int run_record_of(struct json_object *summary, struct run_record *r, char *err, int errlen);

/*
 * Is @summary a summary.json as a run writes it: "tests" an array of
 * objects, each with a name and a verdict verdict.h knows? 0, or -1 with
 * a one-line @err ("tests[2] (NAME): no verdict"): a test that cannot be
 * read is not a test to skip, and a comparison that skipped it would be
 * no comparison.
 */
int run_record_check(struct json_object *summary, char *err, int errlen);

/* The test called @name, or NULL. */
const struct run_test *run_record_find(const struct run_record *r, const char *name);

/* Free what run_record_load() or run_record_of() filled in. */
void run_record_free(struct run_record *r);

/* summary.json's text for @summary, as it is written (caller frees). */
char *run_record_text(struct json_object *summary);

/* @summary as @path's summary.json. 0, or a negative errno. */
int run_record_write(const char *path, struct json_object *summary);

/*
 * One test object's verdict, for a writer handed summary.json's objects:
 * V_NR when it has none, or one verdict.h does not know.
 */
enum verdict run_test_verdict(struct json_object *t);

/* Its name as summary.json spells it, or NULL (or @dflt) when it has none. */
const char *run_test_verdict_name(struct json_object *t);
const char *run_test_verdict_or(struct json_object *t, const char *dflt);

/* Give test object @t the verdict @v (results.c, merge.c). */
void run_test_set_verdict(struct json_object *t, enum verdict v);

/*
 * The member a report or a KCIDB test's misc copies a verdict-like word
 * under ("bug", "not-run"): the same name as a test's verdict.
 */
void run_misc_set_verdict(struct json_object *misc, const char *word);

#endif
