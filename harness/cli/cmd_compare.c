// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi compare RUN_A RUN_B [--json]: what changed from run A (say, last
 * night) to run B (tonight). A RUN is a run directory or its summary.json.
 * Exit 0 when B regressed in nothing (compare.h), 1 when it did or when B
 * did not finish (an interrupted run is not a clean comparison), 2 on bad
 * input, A not finished included: an unfinished run is no baseline.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "results/compare.h"
#include "results/run_record.h"
#include "lib/util.h"

static const char usage[] = "see pmemfi compare --help";

static struct json_object *load_summary(const char *run)
{
	char *path = dir_exists(run) ? xasprintf("%s/summary.json", run) : xstrdup(run), err[512];
	struct json_object *o;

	if (!file_exists(path))
		die(EXIT_USAGE, "compare: %s: no such run directory or summary.json", run);
	o = json_object_from_file(path);
	if (!o || !json_object_is_type(o, json_type_object) || !json_object_object_get_ex(o, "tests", NULL))
		die(EXIT_USAGE, "compare: %s: not a pmemfi summary.json", path);
	if (run_record_check(o, err, sizeof(err)))
		die(EXIT_USAGE, "compare: %s: %s", path, err);
	free(path);
	return o;
}

/* {"incomplete": why-or-null, "regressed": bool, "changes": [...]} */
static void print_json(const struct change *c, int n, const char *incomplete)
{
	struct json_object *o = json_object_new_object(), *arr = json_object_new_array();
	int regressed = 0;

	for (int i = 0; i < n; i++) {
		regressed |= compare_regressed(&c[i]);
		json_object_array_add(arr, compare_change_json(&c[i]));
	}
	json_object_object_add(o, "incomplete", incomplete ? json_object_new_string(incomplete) : NULL);
	json_object_object_add(o, "regressed", json_object_new_boolean(regressed || incomplete));
	json_object_object_add(o, "changes", arr);
	printf("%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

int cmd_compare(int argc, char **argv)
{
	const char *runs[2] = { NULL, NULL };
	int nr_runs = 0, json = 0, n, regressions = 0;
	struct json_object *a, *b;
	char *why_a, *why_b;
	struct change *c;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json")) {
			json = 1;
		} else if (opt_is_help(argv[i])) {
			return opt_help("compare");
		} else if (argv[i][0] == '-') {
			die(EXIT_USAGE, "compare: unknown option '%s' (%s)", argv[i], usage);
		} else if (nr_runs == 2) {
			die(EXIT_USAGE, "compare: more than two runs given (%s)", usage);
		} else {
			runs[nr_runs++] = argv[i];
		}
	}
	if (nr_runs != 2)
		die(EXIT_USAGE, "compare: two runs needed (%s)", usage);
	a = load_summary(runs[0]);
	b = load_summary(runs[1]);
	why_a = compare_incomplete(a);
	if (why_a)
		die(EXIT_USAGE, "compare: %s is not a baseline: %s", runs[0], why_a);
	why_b = compare_incomplete(b);
	n = compare_runs(a, b, &c);
	for (int i = 0; i < n; i++)
		regressions += compare_regressed(&c[i]);
	if (json)
		print_json(c, n, why_b);
	else
		compare_print(stdout, c, n, NULL, NULL);
	if (why_b)
		msg("compare: %s did not finish (%s): not a clean comparison", runs[1], why_b);
	free(why_b);
	free(c);
	json_object_put(a);
	json_object_put(b);
	return regressions || why_b ? EXIT_FAILED : EXIT_OK;
}
