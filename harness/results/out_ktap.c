// SPDX-License-Identifier: GPL-2.0
/*
 * results.ktap: KTAP v1 with a subtest per namespace (plan order) and the
 * guest's own KTAP output nested inside each test. A namespace's plan is
 * the number of tests planned for it, so kunit.py parse flags the tests an
 * interrupted run never reached.
 */
#include <json-c/json.h>
#include <string.h>

#include "results/outputs.h"
#include "verdict/verdict.h"
#include "lib/util.h"
#include "results/run_record.h"

/* The result line's directive for a verdict (KTAP v1: SKIP, XFAIL, TIMEOUT, ERROR). */
static void result_line(FILE *f, const char *indent, int n, struct json_object *t)
{
	const char *v = run_test_verdict_name(t), *reason = json_str(t, "reason"), *name = json_str(t, "name");
	const struct verdict_info *info = verdict_info(run_test_verdict(t));

	fprintf(f, "%s%sok %d %s", indent, info->ktap_ok ? "" : "not ", n, name);
	if (info->ktap_directive)
		fprintf(f, " # %s %s", info->ktap_directive, reason ? reason : "");
	else if (run_test_verdict(t) != V_PASS && reason)
		fprintf(f, " # %s: %s", v, reason);
	fputc('\n', f);
}

/* The guest's KTAP for one test, two levels down. */
static void test_body(FILE *f, const char *dir, struct json_object *t)
{
	const char *name = json_str(t, "name");
	char *path = xasprintf("%s/tests/%s.ktap", dir, name);
	struct strbuf sb = STRBUF_INIT;
	int header = 0, result = 0, plan;

	if (!read_file(path, &sb)) {
		/* kunit.py finds the end of a nested test by its plan, which KTAP lets a test omit. */
		plan = strstr(sb.buf, "\n1..") != NULL;
		for (char *l = sb.buf, *nl; *l; l = nl + 1) {
			nl = strchrnul(l, '\n');
			fprintf(f, "        %.*s\n", (int)(nl - l), l);
			if (!header && !strncmp(l, "KTAP version", 12) && !plan)
				fprintf(f, "        1..1\n");
			header |= !strncmp(l, "KTAP version", 12);
			result |= !strncmp(l, "ok ", 3) || !strncmp(l, "not ok ", 7);
			if (!*nl)
				break;
		}
	}
	/* A test the kernel crashed under never printed its result: give it one. */
	if (header && !result)
		result_line(f, "        ", 1, t);
	strbuf_release(&sb);
	free(path);
}

int ktap_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest)
{
	struct json_object *planned, *tests;
	const char **ns = NULL;
	int nr_ns = 0, alloc_ns = 0, *nr_planned = NULL, alloc_planned = 0, n = 0;

	(void)manifest;
	if (!json_object_object_get_ex(summary, "planned", &planned) ||
	    !json_object_object_get_ex(summary, "tests", &tests))
		return -1;
	for (size_t i = 0; i < json_object_array_length(planned); i++) {
		const char *name = json_str(json_object_array_get_idx(planned, i), "namespace");
		int k;

		for (k = 0; k < nr_ns && strcmp(ns[k], name); k++)
			;
		if (k == nr_ns) {
			GROW(ns, nr_ns, alloc_ns);
			GROW(nr_planned, nr_ns, alloc_planned);
			ns[nr_ns] = name;
			nr_planned[nr_ns++] = 0;
		}
		nr_planned[k]++;
	}
	fprintf(f, "KTAP version 1\n1..%d\n", nr_ns);
	for (int k = 0; k < nr_ns; k++) {
		int done = 0, bad = 0;

		fprintf(f, "    KTAP version 1\n    # Subtest: %s\n    1..%d\n", ns[k], nr_planned[k]);
		for (size_t i = 0; i < json_object_array_length(tests); i++) {
			struct json_object *t = json_object_array_get_idx(tests, i);
			if (strcmp(json_str(t, "namespace"), ns[k]))
				continue;
			test_body(f, dir, t);
			result_line(f, "    ", ++done, t);
			bad |= !verdict_info(run_test_verdict(t))->ktap_ok;
		}
		if (done < nr_planned[k])
			fprintf(f, "    # %d of %d tests did not run\n", nr_planned[k] - done, nr_planned[k]);
		fprintf(f, "%sok %d %s\n", bad || done < nr_planned[k] ? "not " : "", ++n, ns[k]);
	}
	free(ns);
	free(nr_planned);
	return ferror(f) ? -1 : 0;
}
