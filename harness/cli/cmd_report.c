// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi report FILE [--json]: the kernel reports in a console log, one
 * "TYPE: TITLE" line each, or a JSON array (shared/DESIGN.md section 3).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "console/console.h"
#include "console/report.h"
#include "console/report_json.h"
#include "lib/util.h"

int cmd_report(int argc, char **argv)
{
	const char *file = NULL;
	struct console_log log;
	struct report_set set;
	int json = 0, rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			printf("usage: pmemfi report FILE [--json]\n");
			return EXIT_OK;
		} else if (argv[i][0] == '-' && argv[i][1])
			die(EXIT_USAGE, "report: unknown option '%s' (usage: pmemfi report FILE [--json])", argv[i]);
		else if (file)
			die(EXIT_USAGE, "report: more than one FILE given");
		else
			file = argv[i];
	}
	if (!file)
		die(EXIT_USAGE, "report: no FILE given (usage: pmemfi report FILE [--json])");
	if (dir_exists(file))
		die(EXIT_USAGE, "report: %s: is a directory", file);
	rc = console_load(strcmp(file, "-") ? file : "/dev/stdin", &log);
	if (rc)
		die(EXIT_USAGE, "report: %s: %s", file, strerror(-rc));
	report_scan(log.lines, log.nr, &set);
	if (json) {
		struct json_object *arr = json_object_new_array();

		for (int i = 0; i < set.nr; i++)
			json_object_array_add(arr, report_to_json(&set.v[i]));
		printf("%s\n", json_object_to_json_string_ext(arr, JSON_C_TO_STRING_PRETTY |
							       JSON_C_TO_STRING_NOSLASHESCAPE));
		json_object_put(arr);
	} else {
		for (int i = 0; i < set.nr; i++)
			printf("%s: %s%s\n", set.v[i].type, set.v[i].title,
			       set.v[i].corrupted ? " (corrupted)" : "");
	}
	report_set_free(&set);
	console_free(&log);
	return EXIT_OK;
}
