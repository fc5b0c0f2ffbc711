// SPDX-License-Identifier: GPL-2.0
/* nightly: baseline choice, rerun classification (new, flaky) and the exit decision. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "summary_fixture.h"

#include "lib/json.h"
#include "modes/nightly.h"


static const struct change *find(const struct nightly *n, const char *name)
{
	for (int i = 0; i < n->nr; i++)
		if (!strcmp(n->changes[i].name, name))
			return &n->changes[i];
	fail_msg("no change for %s", name);
	return NULL;
}

static const char *note(const struct nightly *n, const char *name)
{
	return nightly_note(find(n, name), (void *)n);
}

static const char *const last[] = {
	"steady:pass", "crash:pass", "flake:pass", "other:pass", "fixed:bug:kernel BUG in x",
	"skipped:pass", "old:bug:kernel BUG in y", NULL,
};
static const char *const tonight[] = {
	"steady:pass", "crash:bug:BUG: unable to handle page fault in action_result",
	"flake:bug:KASAN: use-after-free in dax_alive", "other:fail:got EIO", "fixed:pass",
	"skipped:skip:needs X", "old:bug:kernel BUG in y", NULL,
};

static void classify(void **state)
{
	static const char *const rerun1[] = {
		"crash:bug:BUG: unable to handle page fault in action_result", "flake:pass",
		"other:fail:got ENXIO", NULL,
	};
	static const char *const rerun2[] = {
		"crash:bug:BUG: unable to handle page fault in action_result",
		"flake:bug:KASAN: use-after-free in dax_alive", NULL,
	};
	struct json_object *a = summary_of(last), *b = summary_of(tonight);
	struct json_object *r[2] = { summary_of(rerun1), summary_of(rerun2) };
	struct nightly n;
	char *names;

	(void)state;
	nightly_compare(&n, a, b);
	/* Only tonight's troubles that compare calls regressions are rerun. */
	names = nightly_rerun_tests(&n);
	assert_string_equal(names, "crash,flake,other");
	free(names);
	/* Before reruns every new failure stands: a lone run is believed. */
	assert_true(nightly_regressed(&n));
	nightly_classify(&n, r, 2);
	assert_string_equal(note(&n, "crash"), "[new 2/2]");
	/* Passed once: flaky, whatever the other rerun said. */
	assert_string_equal(note(&n, "flake"), "[flaky 1/2]");
	/*
	 * Failed otherwise (another reason), then not run at all (that rerun
	 * tells nothing): it never passed, so it is new, not flaky.
	 */
	assert_string_equal(note(&n, "other"), "[new 1/1]");
	assert_string_equal(n.cells[find(&n, "other") - n.changes].seen.v[1], "not run");
	assert_null(note(&n, "fixed"));
	assert_null(note(&n, "skipped"));
	assert_int_equal(nightly_count(&n, NC_NEW), 2);
	assert_int_equal(nightly_count(&n, NC_FLAKY), 1);
	assert_true(nightly_regressed(&n));
	nightly_free(&n);
	for (int i = 0; i < 2; i++)
		json_object_put(r[i]);
	json_object_put(a);
	json_object_put(b);
}

/*
 * A rerun that did not pass failed, whatever it was: a known issue's
 * xfail, a timeout. Only a pass (or xpass) makes the cell flaky; a skip
 * tells nothing.
 */
static void reruns_that_did_not_pass(void **state)
{
	static const char *const a_t[] = { "k:pass", "t:pass", "s:pass", "x:pass", NULL };
	static const char *const b_t[] = { "k:bug:KASAN: x in y", "t:bug:KASAN: x in y", "s:bug:KASAN: x in y",
					   "x:bug:KASAN: x in y", NULL };
	static const char *const r1[] = { "k:xfail:KASAN: x in y", "t:timeout:no end", "s:skip:needs X",
					  "x:xpass:known issue z did not reproduce", NULL };
	struct json_object *a = summary_of(a_t), *b = summary_of(b_t), *r = summary_of(r1);
	struct nightly n;

	(void)state;
	nightly_compare(&n, a, b);
	nightly_classify(&n, &r, 1);
	assert_string_equal(note(&n, "k"), "[new 1/1]");
	assert_string_equal(note(&n, "t"), "[new 1/1]");
	assert_string_equal(note(&n, "s"), "[new 0/0]");
	assert_string_equal(note(&n, "x"), "[flaky 0/1]");
	nightly_free(&n);
	json_object_put(a);
	json_object_put(b);
	json_object_put(r);
}

/* What is left when the new failures were flakes: coverage lost still regresses, a fix never does. */
static void regressed(void **state)
{
	static const char *const flaky_only[] = { "crash:pass", "flake:pass", "other:pass", NULL };
	static const char *const fix_only[] = { "steady:pass", "fixed:pass", NULL };
	static const char *const fix_before[] = { "steady:pass", "fixed:bug:kernel BUG in x", NULL };
	static const char *const lost_b[] = { "steady:skip:needs X", NULL };
	static const char *const lost_a[] = { "steady:pass", NULL };
	struct json_object *a = summary_of(last), *b = summary_of(tonight), *r = summary_of(flaky_only);
	struct nightly n;

	(void)state;
	nightly_compare(&n, a, b);
	nightly_classify(&n, &r, 1);
	assert_int_equal(nightly_count(&n, NC_FLAKY), 3);
	assert_true(nightly_regressed(&n));	/* "skipped" lost its coverage */
	nightly_free(&n);
	json_object_put(a);
	json_object_put(b);
	json_object_put(r);

	a = summary_of(fix_before);
	b = summary_of(fix_only);
	nightly_compare(&n, a, b);
	assert_null(nightly_rerun_tests(&n));
	nightly_classify(&n, NULL, 0);
	assert_int_equal(n.nr, 1);
	assert_false(nightly_regressed(&n));
	nightly_free(&n);
	json_object_put(a);
	json_object_put(b);

	a = summary_of(lost_a);
	b = summary_of(lost_b);
	nightly_compare(&n, a, b);
	assert_true(nightly_regressed(&n));
	nightly_free(&n);
	json_object_put(a);
	json_object_put(b);
}

/* --rerun 0: nothing could tell, so every new failure is new, "0/0". */
static void no_reruns(void **state)
{
	struct json_object *a = summary_of(last), *b = summary_of(tonight), *j;
	struct nightly n;
	struct strvec differs = STRVEC_INIT;

	(void)state;
	nightly_compare(&n, a, b);
	nightly_classify(&n, NULL, 0);
	assert_string_equal(note(&n, "crash"), "[new 0/0]");
	assert_int_equal(nightly_count(&n, NC_NEW), 3);
	j = nightly_to_json(&n, "results/b", "results/a", &differs, 0);
	assert_int_equal(json_int(json_get(j, "counts"), "new", -1), 3);
	assert_int_equal(json_int(json_get(json_get(j, "counts"), "changes"), "fixed", -1), 1);
	assert_true(json_object_get_boolean(json_get(j, "regressed")));
	{
		struct json_object *c = json_find(json_array(j, "changes"), "name", "crash");

		assert_string_equal(json_str(c, "class"), "new");
		assert_string_equal(json_str(c, "fail_runs"), "0/0");
	}
	json_object_put(j);
	nightly_free(&n);
	json_object_put(a);
	json_object_put(b);
}

static void flaky_json(void **state)
{
	static const char *const rerun[] = { "crash:pass", "flake:pass", "other:pass", NULL };
	static const char *const a_tests[] = { "steady:pass", "crash:pass", NULL };
	static const char *const b_tests[] = { "steady:pass", "crash:bug:kernel BUG in z", NULL };
	struct json_object *a = summary_of(a_tests), *b = summary_of(b_tests), *r = summary_of(rerun), *j, *c;
	struct nightly n;
	struct strvec differs = STRVEC_INIT;

	(void)state;
	strvec_push(&differs, "kernel id: kasan-1 -> kasan-2");
	nightly_compare(&n, a, b);
	nightly_classify(&n, &r, 1);
	assert_false(nightly_regressed(&n));
	j = nightly_to_json(&n, "results/b", "results/a", &differs, 1);
	c = json_find(json_array(j, "changes"), "name", "crash");
	assert_string_equal(json_str(c, "class"), "flaky");
	assert_string_equal(json_str(c, "fail_runs"), "0/1");
	assert_false(json_object_get_boolean(json_get(c, "regression")));
	assert_string_equal(json_object_get_string(json_object_array_get_idx(json_get(c, "reruns_seen"), 0)), "pass");
	assert_false(json_object_get_boolean(json_get(j, "regressed")));
	assert_int_equal(json_int(json_get(j, "counts"), "flaky", -1), 1);
	assert_string_equal(json_object_get_string(json_object_array_get_idx(json_get(j, "differs"), 0)),
			    "kernel id: kasan-1 -> kasan-2");
	json_object_put(j);
	strvec_clear(&differs);
	nightly_free(&n);
	json_object_put(a);
	json_object_put(b);
	json_object_put(r);
}

/* A kernel report outside the tests: new only when nothing explains it and last night had none like it. */
static void reports_outside_tests(void **state)
{
	static const char *const t[] = { "steady:pass", NULL };
	struct json_object *a = summary_of(t), *b = summary_of(t), *ra = json_object_new_array(), *rb = json_object_new_array();
	struct json_object *o;
	struct nightly n;

	(void)state;
	o = json_object_new_object();
	json_object_object_add(o, "title", json_object_new_string("WARNING in old_boot_warn"));
	json_object_array_add(ra, o);
	json_object_object_add(a, "run_reports", ra);
	o = json_object_new_object();
	json_object_object_add(o, "title", json_object_new_string("WARNING in old_boot_warn"));
	json_object_array_add(rb, o);
	o = json_object_new_object();
	json_object_object_add(o, "title", json_object_new_string("KASAN: wild-memory-access in do_raw_spin_lock"));
	json_object_object_add(o, "known", json_object_new_string("la57-identify-cpu-window"));
	json_object_array_add(rb, o);
	o = json_object_new_object();
	json_object_object_add(o, "title", json_object_new_string("BUG: new at boot"));
	json_object_array_add(rb, o);
	json_object_object_add(b, "run_reports", rb);
	nightly_compare(&n, a, b);
	assert_int_equal(n.nr, 1);
	assert_int_equal(n.changes[0].kind, CH_REPORT);
	assert_string_equal(n.changes[0].what_b, "BUG: new at boot");
	assert_null(nightly_rerun_tests(&n));
	assert_true(nightly_regressed(&n));
	nightly_free(&n);
	json_object_put(a);
	json_object_put(b);
}

static struct json_object *manifest(const char *profile, const char *tests, const char *kernel, const char *seed)
{
	struct json_object *m = json_object_new_object(), *p = json_object_new_object();
	struct json_object *k = json_object_new_object(), *s = json_object_new_array();

	json_object_object_add(p, "name", json_object_new_string(profile));
	if (tests)
		json_object_object_add(p, "tests", json_object_new_string(tests));
	json_object_object_add(m, "profile", p);
	json_object_object_add(k, "id", json_object_new_string(kernel));
	json_object_object_add(k, "config_hash", json_object_new_string("abc"));
	json_object_object_add(m, "kernel", k);
	json_object_array_add(s, json_object_new_string(seed));
	json_object_object_add(m, "seeds", s);
	json_object_object_add(m, "pmemfi", json_object_new_string("v1"));
	return m;
}

static void comparable_and_differs(void **state)
{
	struct json_object *now = manifest("nightly", "*legacy*", "kasan-2", "ff");
	struct run_record same = { .manifest = manifest("nightly", "*legacy*", "kasan-1", "zero") };
	struct run_record other_tests = { .manifest = manifest("nightly", NULL, "kasan-2", "ff") };
	struct run_record other_profile = { .manifest = manifest("quick", "*legacy*", "kasan-2", "ff") };
	struct run_record none = { 0 };
	struct strvec d = STRVEC_INIT;

	(void)state;
	assert_true(nightly_comparable(&same, now));
	assert_false(nightly_comparable(&other_tests, now));
	assert_false(nightly_comparable(&other_profile, now));
	assert_false(nightly_comparable(&none, now));
	nightly_differs(same.manifest, now, &d);
	assert_int_equal(d.nr, 2);
	assert_string_equal(d.v[0], "kernel id: kasan-1 -> kasan-2");
	assert_string_equal(d.v[1], "seeds: zero -> ff");
	strvec_clear(&d);
	nightly_differs(now, now, &d);
	assert_int_equal(d.nr, 0);
	json_object_put(now);
	json_object_put(same.manifest);
	json_object_put(other_tests.manifest);
	json_object_put(other_profile.manifest);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(classify),
		cmocka_unit_test(reruns_that_did_not_pass),
		cmocka_unit_test(regressed),
		cmocka_unit_test(no_reruns),
		cmocka_unit_test(flaky_json),
		cmocka_unit_test(reports_outside_tests),
		cmocka_unit_test(comparable_and_differs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
