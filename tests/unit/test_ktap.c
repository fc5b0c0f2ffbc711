// SPDX-License-Identifier: GPL-2.0
/* results.ktap: nesting per namespace, directives, crashed tests. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "results/outputs.h"
#include "lib/util.h"

static void add_test(struct json_object *planned, struct json_object *tests, const char *name,
		     const char *ns, const char *verdict, const char *reason)
{
	struct json_object *p = json_object_new_object(), *t;

	json_object_object_add(p, "name", json_object_new_string(name));
	json_object_object_add(p, "namespace", json_object_new_string(ns));
	json_object_array_add(planned, p);
	if (!verdict)
		return;
	t = json_object_get(p);
	json_object_object_add(t, "verdict", json_object_new_string(verdict));
	if (reason)
		json_object_object_add(t, "reason", json_object_new_string(reason));
	json_object_array_add(tests, t);
}

static void guest_output(const char *dir, const char *name, const char *text)
{
	char *path = xasprintf("%s/tests/%s.ktap", dir, name);

	assert_int_equal(write_file(path, text, strlen(text)), 0);
	free(path);
}

static void nested(void **state)
{
	char dir[] = "/tmp/pmemfi-test-ktap.XXXXXX", *out = NULL, *tests_dir;
	struct json_object *s = json_object_new_object(), *planned = json_object_new_array();
	struct json_object *tests = json_object_new_array();
	size_t len;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	tests_dir = xasprintf("%s/tests", dir);
	mkdir_p(tests_dir);
	add_test(planned, tests, "t.dax.pass", "dax", "pass", NULL);
	add_test(planned, tests, "t.dax.crash", "dax", "xfail", "kernel BUG in action_result (known issue ar)");
	add_test(planned, tests, "t.dax.skip", "dax", "skip", "no page_idle");
	add_test(planned, tests, "t.fs.hang", "fs", "timeout", "no end within the test timeout");
	add_test(planned, tests, "t.fs.later", "fs", NULL, NULL);
	/* No plan: one is added, as kunit.py needs it. */
	guest_output(dir, "t.dax.pass", "KTAP version 1\n# outcome ENXIO\nok 1 t.dax.pass\n");
	guest_output(dir, "t.dax.crash", "KTAP version 1\n1..1\n# pmemfi-inject: pfn=0x100000\n");
	json_object_object_add(s, "planned", planned);
	json_object_object_add(s, "tests", tests);

	f = open_memstream(&out, &len);
	assert_int_equal(ktap_write(f, dir, s, NULL), 0);
	fclose(f);
	/* Two namespaces; "dax" complete and fine, "fs" short of one test and timed out. */
	assert_non_null(strstr(out, "KTAP version 1\n1..2\n    KTAP version 1\n    # Subtest: dax\n    1..3\n"));
	assert_non_null(strstr(out, "        KTAP version 1\n        1..1\n        # outcome ENXIO\n"
				    "        ok 1 t.dax.pass\n    ok 1 t.dax.pass\n"));
	/* A guest plan is not doubled. */
	assert_null(strstr(out, "1..1\n        1..1"));
	/* The crashed test's own KTAP gets the result line it never printed. */
	assert_non_null(strstr(out, "        # pmemfi-inject: pfn=0x100000\n"
				    "        ok 1 t.dax.crash # XFAIL kernel BUG in action_result (known issue ar)\n"
				    "    ok 2 t.dax.crash # XFAIL kernel BUG in action_result (known issue ar)\n"));
	assert_non_null(strstr(out, "    ok 3 t.dax.skip # SKIP no page_idle\nok 1 dax\n"));
	assert_non_null(strstr(out, "    # Subtest: fs\n    1..2\n    not ok 1 t.fs.hang # TIMEOUT no end"));
	assert_non_null(strstr(out, "    # 1 of 2 tests did not run\nnot ok 2 fs\n"));
	free(out);
	json_object_put(s);
	rm_rf(dir);
	free(tests_dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nested),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
