// SPDX-License-Identifier: GPL-2.0
#include "modes/bisect.h"

#include <json-c/json.h>
#include <stdio.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "verdict/verdict.h"
#include "results/run_record.h"

static int has(const char *s, const char *needle)
{
	return s && strstr(s, needle);
}

/* Does any title of @list (objects with "title", or plain strings) contain @bad? */
static int list_has(struct json_object *list, const char *bad)
{
	for (size_t i = 0; list && i < json_object_array_length(list); i++) {
		struct json_object *e = json_object_array_get_idx(list, i);

		if (has(json_object_is_type(e, json_type_string) ? json_object_get_string(e) : json_str(e, "title"), bad))
			return 1;
	}
	return 0;
}

/*
 * The action and pfn point of a cell name
 * (<topology>.<mode>.<map>.<align>.<action>.<point>.<seed>), written into
 * @action and @point; both empty for a cell of another shape.
 */
static void cell_action_point(const char *name, char *action, int alen, char *point, int plen)
{
	const char *dot[3] = { NULL, NULL, NULL };	/* the last three dots, last first */

	action[0] = point[0] = '\0';
	for (const char *c = name; c && *c; c++) {
		if (*c == '.') {
			dot[2] = dot[1];
			dot[1] = dot[0];
			dot[0] = c;
		}
	}
	if (!dot[2])
		return;
	snprintf(point, plen, "%.*s", (int)(dot[0] - dot[1] - 1), dot[1] + 1);
	if (!(point[0] && strchr("ABC", point[0]) && point[1] == '-') && strcmp(point, "below") && strcmp(point, "above")) {
		point[0] = '\0';
		return;
	}
	snprintf(action, alen, "%.*s", (int)(dot[1] - dot[2] - 1), dot[2] + 1);
}

/* Is the cell of test @t one that @target counts? */
static int target_cell(struct json_object *t, const struct bisect_target *target)
{
	char action[64], point[32];

	if (!target->action && !target->point_class)
		return 1;
	cell_action_point(json_str(t, "name"), action, sizeof(action), point, sizeof(point));
	if (target->action && strcmp(action, target->action))
		return 0;
	return !target->point_class || point[0] == target->point_class;
}

int bisect_test_bad(struct json_object *t, const struct bisect_target *target)
{
	const struct verdict_info *v = verdict_info(run_test_verdict(t));
	struct json_object *setup = json_array(t, "setup_reports");
	int setup_crashed = setup && json_object_array_length(setup);
	const char *bad = target->text;

	if (v->bisect == VB_GOOD || !v->ran || !target_cell(t, target))
		return 0;
	if (bad)
		return has(v->name, bad) || has(json_str(t, "reason"), bad) || has(json_str(t, "title"), bad) ||
		       list_has(json_array(t, "reports"), bad) || list_has(setup, bad);
	return v->bisect == VB_BAD || (v == verdict_info(V_ERROR) && setup_crashed);
}

int bisect_learn(struct json_object *summary, struct bisect_target *target, char *action, int alen)
{
	struct json_object *tests = json_array(summary, "tests");
	const struct bisect_target any = { 0 };

	for (size_t i = 0; tests && i < json_object_array_length(tests); i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *title = json_str(t, "title");
		char point[32];

		if (!bisect_test_bad(t, &any))
			continue;
		memset(target, 0, sizeof(*target));
		target->text = title && *title ? title : json_str(t, "reason");
		cell_action_point(json_str(t, "name"), action, alen, point, sizeof(point));
		target->action = *action ? action : NULL;
		target->point_class = point[0] && strchr("ABC", point[0]) ? point[0] : 0;
		return target->text ? 0 : -1;
	}
	return -1;
}

enum bisect_answer bisect_judge(struct json_object *summary, const struct bisect_target *target, struct strbuf *why)
{
	const char *bad = target->text;

	struct json_object *tests = json_array(summary, "tests"), *runrep = json_array(summary, "run_reports");
	struct json_object *planned = json_array(summary, "planned");
	int nr_bad = 0, unclean = 0, unknown_reports = 0, ran = 0;
	const char *first_bad = NULL, *first_unclean = NULL;

	for (size_t i = 0; tests && i < json_object_array_length(tests); i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const struct verdict_info *v = verdict_info(run_test_verdict(t));

		ran++;
		if (bisect_test_bad(t, target)) {
			first_bad = first_bad ? first_bad : json_str(t, "name");
			nr_bad++;
		} else if (v->bisect != VB_GOOD) {
			first_unclean = first_unclean ? first_unclean : json_str(t, "name");
			unclean++;
		}
	}
	/* Reports outside the tests: a boot crash may be what --signature names. */
	for (size_t i = 0; runrep && i < json_object_array_length(runrep); i++) {
		struct json_object *r = json_object_array_get_idx(runrep, i);

		if (bad && has(json_str(r, "title"), bad)) {
			first_bad = first_bad ? first_bad : json_str(r, "where");
			nr_bad++;
		} else if (!json_str(r, "known") && !json_str(r, "flake")) {
			unknown_reports++;
		}
	}
	if (nr_bad) {
		strbuf_addf(why, "bad: %d test%s or report%s%s%s (first: %s)", nr_bad, nr_bad > 1 ? "s" : "",
			    nr_bad > 1 ? "s" : "", bad ? " matching " : " with a kernel report or failure",
			    bad ? bad : "", first_bad ? first_bad : "?");
		return BISECT_BAD;
	}
	if (!ran || unclean || unknown_reports || (planned && (int)json_object_array_length(planned) > ran)) {
		strbuf_addf(why, "skip: %d of %d tests ran, %d did not pass%s%s%s, %d unexplained report%s outside the tests",
			    ran, planned ? (int)json_object_array_length(planned) : ran, unclean,
			    first_unclean ? " (first: " : "", first_unclean ? first_unclean : "",
			    first_unclean ? ")" : "", unknown_reports, unknown_reports == 1 ? "" : "s");
		return BISECT_SKIP;
	}
	strbuf_addf(why, "good: %d test%s passed", ran, ran > 1 ? "s" : "");
	return BISECT_GOOD;
}
