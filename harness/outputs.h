/* SPDX-License-Identifier: GPL-2.0 */
/*
 * outputs.h - the result files derived from summary.json's object: written
 * by results.c after every VM (so an interrupted run keeps them) and read
 * by nothing else. Each writer gets the run's summary object (counts,
 * timing, tests[], run_reports[], known_issues[]; see results.c) and its
 * manifest object, and writes one format to @f. They return 0, or -1 with
 * errno set when writing failed.
 *
 *   ktap_write   results.ktap  KTAP v1, one subtest per namespace, the
 *                              guest's own KTAP nested inside each test
 *   junit_write  junit.xml     one testcase per test (Jenkins/GitLab schema)
 *   kcidb_write  kcidb.json    KernelCI KCIDB v4 shaped checkouts/builds/tests
 *   html_write   index.html    self-contained page: verdict grid, excerpts
 *
 * @dir is the run directory, for writers that read console/ or tests/.
 */
#ifndef PMEMFI_OUTPUTS_H
#define PMEMFI_OUTPUTS_H

#include <stdio.h>

struct json_object;

int ktap_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest);
int junit_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest);
int kcidb_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest);
int html_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest);

#endif
