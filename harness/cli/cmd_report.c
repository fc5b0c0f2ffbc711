// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi report FILE [--json]: the kernel reports in a console log, one
 * "TYPE: TITLE" line each, or a JSON array (docs/results.md).
 * pmemfi report --mail RUN_DIR --tests CELL [--bisect BISECT_JSON]
 * [--kernel-tree DIR]: a failed cell as a bug report (modes/mail.h).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "console/console.h"
#include "console/report.h"
#include "console/report_json.h"
#include "cli/options.h"
#include "modes/mail.h"
#include "lib/util.h"

/* report --mail: the bug report of one failed cell, on stdout. */
static int mail(int argc, char **argv)
{
	struct mail_opts o = { 0 };
	char err[1024];
	const char *v;
	int rc;

	for (int i = 1; i < argc; i++) {
		if ((v = options_value("report", argc, argv, &i, "--mail")))
			o.run = v;
		else if ((v = options_value("report", argc, argv, &i, "--tests")))
			o.test = v;
		else if ((v = options_value("report", argc, argv, &i, "--bisect")))
			o.bisect = v;
		else if ((v = options_value("report", argc, argv, &i, "--kernel-tree")))
			o.tree = v;
		else
			die(EXIT_USAGE, "report --mail: unexpected argument '%s' (%s)", argv[i], "see pmemfi report --help");
	}
	if (!o.test)
		die(EXIT_USAGE, "report --mail: --tests CELL is needed (one cell's exact name)");
	if (!dir_exists(o.run))
		die(EXIT_USAGE, "report --mail: %s: no such run directory", o.run);
	if (o.bisect && !file_exists(o.bisect))
		die(EXIT_USAGE, "report --mail: --bisect %s: no such file", o.bisect);
	if (o.tree && !dir_exists(o.tree))
		die(EXIT_USAGE, "report --mail: --kernel-tree %s: no such directory", o.tree);
	rc = mail_write(stdout, &o, err, sizeof(err));
	if (rc)
		msg("report --mail: %s", err);
	return rc;
}

int cmd_report(int argc, char **argv)
{
	const char *file = NULL;
	struct console_log log;
	struct report_set set;
	int json = 0, rc;

	for (int i = 1; i < argc; i++)
		if (!strncmp(argv[i], "--mail", 6))
			return mail(argc, argv);
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = 1;
		else if (opt_is_help(argv[i]))
			return opt_help("report"); else if (argv[i][0] == '-' && argv[i][1])
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
