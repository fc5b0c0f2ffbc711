/* SPDX-License-Identifier: GPL-2.0 */
/* report_json.h - a kernel report as JSON, for "pmemfi report --json" and summary.json. */
#ifndef PMEMFI_REPORT_JSON_H
#define PMEMFI_REPORT_JSON_H

struct json_object;
struct report;

/* A report as the JSON object of the report CLI contract (docs/results.md). */
struct json_object *report_to_json(const struct report *r);

#endif
