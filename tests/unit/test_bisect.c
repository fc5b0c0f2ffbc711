// SPDX-License-Identifier: GPL-2.0
/* What one run says about a commit, for a bisection with a target signature. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "modes/bisect.h"
#include "lib/util.h"

static void add_test(struct json_object *tests, const char *name, const char *verdict, const char *title)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "name", json_object_new_string(name));
	json_object_object_add(o, "verdict", json_object_new_string(verdict));
	if (title)
		json_object_object_add(o, "title", json_object_new_string(title));
	json_object_array_add(tests, o);
}

/* A run of three cells; @a and @c are the verdicts of the A-first and C-mid cells. */
static struct json_object *run(const char *a, const char *a_title, const char *c, const char *c_title)
{
	struct json_object *s = json_object_new_object(), *tests = json_object_new_array();

	add_test(tests, "one.devdax.dev.2M.layout.ff", "pass", NULL);
	add_test(tests, "one.devdax.dev.2M.hard-offline.A-first.ff", a, a_title);
	add_test(tests, "one.devdax.dev.2M.corrupt-pfn.C-mid.ff", c, c_title);
	json_object_object_add(s, "tests", tests);
	return s;
}

static enum bisect_answer judge(struct json_object *s, const struct bisect_target *t)
{
	struct strbuf why = STRBUF_INIT;
	enum bisect_answer a = bisect_judge(s, t, &why);

	strbuf_release(&why);
	json_object_put(s);
	return a;
}

static const char dax[] = "KASAN: null-ptr-deref in dax_lock_folio";

static void learns_title_action_and_class(void **state)
{
	struct json_object *s = run("pass", NULL, "bug", dax);
	struct bisect_target t;
	char action[64];

	(void)state;
	assert_int_equal(bisect_learn(s, &t, action, sizeof(action)), 0);
	assert_string_equal(t.text, dax);
	assert_string_equal(t.action, "corrupt-pfn");
	assert_int_equal(t.point_class, 'C');
	json_object_put(s);
	s = run("pass", NULL, "pass", NULL);
	assert_int_equal(bisect_learn(s, &t, action, sizeof(action)), -1);
	json_object_put(s);
}

static void target_counts_only_its_cells(void **state)
{
	const struct bisect_target a_hard = { dax, "hard-offline", 'A' };
	const struct bisect_target c_hard = { dax, "hard-offline", 'C' };
	const struct bisect_target a_corrupt = { dax, "corrupt-pfn", 'A' };
	const struct bisect_target title_only = { dax, NULL, 0 };

	(void)state;
	assert_int_equal(judge(run("bug", dax, "pass", NULL), &a_hard), BISECT_BAD);
	/* The same title in another injector's cell: not the target, and not clean either. */
	assert_int_equal(judge(run("pass", NULL, "bug", dax), &a_hard), BISECT_SKIP);
	assert_int_equal(judge(run("bug", dax, "pass", NULL), &c_hard), BISECT_SKIP);
	assert_int_equal(judge(run("bug", dax, "pass", NULL), &a_corrupt), BISECT_SKIP);
	assert_int_equal(judge(run("pass", NULL, "bug", dax), &title_only), BISECT_BAD);
	/* Another signature in the target's cell: skip, never blamed. */
	assert_int_equal(judge(run("bug", "BUG: unable to handle page fault in action_result", "pass", NULL),
			       &a_hard), BISECT_SKIP);
	assert_int_equal(judge(run("pass", NULL, "pass", NULL), &a_hard), BISECT_GOOD);
}

/* What a step lists as "also seen" is what bisect_test_bad() does not count. */
static void same_title_elsewhere_is_not_the_target(void **state)
{
	const struct bisect_target a_hard = { dax, "hard-offline", 'A' };
	struct json_object *s = run("bug", dax, "bug", dax), *tests = json_object_object_get(s, "tests");

	(void)state;
	assert_true(bisect_test_bad(json_object_array_get_idx(tests, 1), &a_hard));
	assert_false(bisect_test_bad(json_object_array_get_idx(tests, 2), &a_hard));
	assert_false(bisect_test_bad(json_object_array_get_idx(tests, 0), &a_hard));
	json_object_put(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(learns_title_action_and_class),
		cmocka_unit_test(target_counts_only_its_cells),
		cmocka_unit_test(same_title_elsewhere_is_not_the_target),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
