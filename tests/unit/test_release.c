// SPDX-License-Identifier: GPL-2.0
/* Release qualification: Wilson intervals, stability classes, the verdict. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "modes/release.h"
#include "summary_fixture.h"

/*
 * Hand-computed (p = k/n, z = 1.96): centre (p + z^2/2n) / (1 + z^2/n),
 * half-width z / (1 + z^2/n) * sqrt(p(1-p)/n + z^2/4n^2).
 */
static void wilson(void **state)
{
	static const struct {
		int k, n;
		double lo, hi;
	} want[] = {
		{ 0, 3, 0, 0.5615 }, { 3, 3, 0.4385, 1 }, { 1, 3, 0.0615, 0.7923 },
		{ 2, 3, 0.2077, 0.9385 }, { 5, 10, 0.2366, 0.7634 }, { 0, 1, 0, 0.7935 },
		{ 0, 30, 0, 0.1135 }, { 0, 0, 0, 1 },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		struct wilson w = release_wilson(want[i].k, want[i].n, RELEASE_Z95);

		assert_float_equal(w.lo, want[i].lo, 0.00005);
		assert_float_equal(w.hi, want[i].hi, 0.00005);
	}
}

static void classes(void **state)
{
	static const struct {
		int n[RO_NR];	/* clean known trouble skip */
		enum rel_class c;
	} want[] = {
		{ { 3, 0, 0, 0 }, RC_STABLE_PASS }, { { 0, 3, 0, 0 }, RC_STABLE_KNOWN },
		{ { 0, 0, 3, 0 }, RC_STABLE_FAIL }, { { 0, 0, 0, 3 }, RC_STABLE_SKIP },
		{ { 2, 1, 0, 0 }, RC_FLAKY_KNOWN }, { { 0, 2, 0, 1 }, RC_FLAKY_KNOWN },
		{ { 2, 0, 1, 0 }, RC_FLAKY }, { { 0, 2, 1, 0 }, RC_FLAKY }, { { 2, 0, 0, 1 }, RC_FLAKY },
		{ { 1, 0, 0, 0 }, RC_STABLE_PASS },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_string_equal(release_class_name(release_class(want[i].n)), release_class_name(want[i].c));
	assert_int_equal(release_outcome(V_XPASS), RO_CLEAN);
	assert_int_equal(release_outcome(V_XFAIL), RO_KNOWN);
	assert_int_equal(release_outcome(V_ERROR), RO_TROUBLE);
	assert_int_equal(release_outcome(V_SKIP), RO_SKIP);
	assert_int_equal(release_outcome(V_NR), RO_TROUBLE);	/* no verdict: an error */
	assert_int_equal(release_class_from_name("flaky-known"), RC_FLAKY_KNOWN);
	assert_int_equal(release_class_from_name("wobbly"), RC_NR);
}

/*
 * A summary from "name:verdict[:title]" strings; "!where|TITLE[|flake]" is
 * a report outside the tests (a boot flake with "flake").
 */
static struct json_object *run(const char *const *tests)
{
	struct json_object *o = json_object_new_object(), *a = json_object_new_array();
	struct json_object *rr = json_object_new_array();

	for (; *tests; tests++) {
		char buf[256], *title, *flag;
		struct json_object *t;

		if (**tests != '!') {
			json_object_array_add(a, fixture_test(*tests));
			continue;
		}
		strcpy(buf, *tests);
		title = strchr(buf, '|');
		*title++ = '\0';
		flag = strchr(title, '|');
		if (flag)
			*flag++ = '\0';
		t = json_object_new_object();
		json_object_object_add(t, "where", json_object_new_string(buf + 1));
		json_object_object_add(t, "title", json_object_new_string(title));
		if (flag)
			json_object_object_add(t, flag, json_object_new_string("clean on retry"));
		json_object_array_add(rr, t);
	}
	json_object_object_add(o, "tests", a);
	json_object_object_add(o, "run_reports", rr);
	return o;
}

/* A kernel of @n repeats, each a NULL-terminated list for run(). */
static void kernel(struct rel_kernel *k, const char *label, const char *const *const *repeats)
{
	release_kernel_init(k, label);
	for (; *repeats; repeats++) {
		struct json_object *s = run(*repeats);

		release_add_run(k, s);
		json_object_put(s);
	}
}

static const char *const r1[] = {
	"steady:pass", "known:xfail:kernel BUG in action_result", "broken:bug:KASAN: use-after-free in foo",
	"wobbly:pass", "skips:skip:needs X", "sometimes-known:pass", "cut:pass", NULL,
};
static const char *const r2[] = {
	"steady:pass", "known:xfail:kernel BUG in action_result", "broken:bug:KASAN: use-after-free in foo",
	"wobbly:fail:got 1", "skips:skip:needs X", "sometimes-known:xfail:kernel BUG in action_result",
	"cut:pass", "!boot-vm02|BUG: soft lockup in x|flake", NULL,
};
/* An interrupted third repeat: "cut" never ran. */
static const char *const r3[] = {
	"steady:pass", "known:xfail:kernel BUG in action_result", "broken:bug:KASAN: use-after-free in foo",
	"wobbly:pass", "skips:skip:needs X", "sometimes-known:pass", NULL,
};
static const char *const *const three[] = { r1, r2, r3, NULL };

static void aggregate(void **state)
{
	struct rel_kernel k;
	const struct rel_cell *c;
	static const struct {
		const char *name, *cls, *verdicts;
	} want[] = {
		{ "steady", "stable-pass", "pass pass pass" },
		{ "known", "stable-known", "xfail xfail xfail" },
		{ "broken", "stable-fail", "bug bug bug" },
		{ "wobbly", "flaky", "pass fail pass" },
		{ "skips", "stable-skip", "skip skip skip" },
		{ "sometimes-known", "flaky-known", "pass xfail pass" },
		{ "cut", "stable-pass", "pass pass -" },
	};

	(void)state;
	kernel(&k, "kasan", three);
	assert_int_equal(k.repeats, 3);
	assert_int_equal(k.nr_cells, 7);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		char buf[64] = "";

		c = release_cell(&k, want[i].name);
		assert_non_null(c);
		assert_string_equal(release_class_name(c->cls), want[i].cls);
		for (int j = 0; j < c->verdicts.nr; j++)
			snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), "%s%s", j ? " " : "", c->verdicts.v[j]);
		assert_string_equal(buf, want[i].verdicts);
	}
	c = release_cell(&k, "wobbly");
	assert_int_equal(c->sigs.nr, 1);
	assert_string_equal(c->sigs.v[0].text, "fail: got 1");
	assert_int_equal(c->sigs.v[0].fails, 1);	/* 1:3 */
	assert_int_equal(release_cell(&k, "cut")->runs, 2);
	/* Kernel-wide: the action_result xfail in 3 of 3 repeats, over two cells. */
	for (int i = 0; i < k.sigs.nr; i++) {
		if (strcmp(k.sigs.v[i].text, "xfail: kernel BUG in action_result"))
			continue;
		assert_int_equal(k.sigs.v[i].fails, 3);
		assert_int_equal(k.sigs.v[i].cells.nr, 2);
	}
	assert_int_equal(k.flakes, 1);
	assert_int_equal(k.run_reports, 0);
	assert_int_equal(release_count(&k, RC_STABLE_PASS), 2);
	release_kernel_free(&k);
}

static void alone(void **state)
{
	static const char *const clean[] = { "a:pass", "b:xfail:kernel BUG in action_result", "c:skip:needs X", NULL };
	static const char *const *const clean3[] = { clean, clean, clean, NULL };
	struct rel_kernel k, bad;
	struct release_verdict v;

	(void)state;
	kernel(&k, "debian", clean3);
	release_qualify(&k, 1, NULL, 0, &v);
	assert_true(v.qualified);
	assert_int_equal(v.nr_changes, 0);
	assert_int_equal(v.clean_cells, 1);
	assert_float_equal(v.cell_upper, 0.5615, 0.00005);
	release_verdict_free(&v);

	/* Without a baseline, a failure, a flaky cell and a boot flake each disqualify. */
	kernel(&bad, "kasan", three);
	release_qualify(&bad, 1, NULL, 0, &v);
	assert_false(v.qualified);
	assert_int_equal(v.nr_changes, 3);
	assert_string_equal(v.reasons.v[0], "1 new failure");
	assert_string_equal(v.reasons.v[1], "2 new flakes");
	/* steady (3 runs) and cut (2): the least clean runs bound every cell. */
	assert_int_equal(v.min_clean_runs, 2);
	assert_int_equal(v.clean_runs, 5);
	release_verdict_free(&v);
	release_kernel_free(&k);
	release_kernel_free(&bad);
}

/* A repeat that skipped more than its profile allows disqualifies, as its run failed. */
static void skips_over_the_share(void **state)
{
	static const char *const tests[] = { "a:skip:needs X", "b:skip:needs X", "c:pass", NULL };
	struct rel_kernel k;
	struct release_verdict v;

	(void)state;
	for (int share = 0; share <= 100; share += 100) {
		release_kernel_init(&k, "debian");
		for (int r = 0; r < 2; r++) {
			struct json_object *s = summary_of(tests), *counts = json_object_new_object();

			json_object_object_add(counts, "skip", json_object_new_int(2));
			json_object_object_add(counts, "done", json_object_new_int(3));
			json_object_object_add(counts, "max_skipped_percent", json_object_new_int(share));
			json_object_object_add(s, "counts", counts);
			release_add_run(&k, s);
			json_object_put(s);
		}
		release_qualify(&k, 1, NULL, 0, &v);
		if (share) {
			assert_true(v.qualified);
		} else {
			assert_false(v.qualified);
			assert_int_equal(k.over_skipped, 2);
			assert_string_equal(v.reasons.v[0], "2 of 2 repeats of kernel debian skipped more than the 0% "
					    "of tests the profile allows");
		}
		release_verdict_free(&v);
		release_kernel_free(&k);
	}
}

/* The kernel as the baseline saw it: through release.json, as the command reads it. */
static int round_trip(const struct rel_kernel *k, struct rel_kernel **out)
{
	struct json_object *o = json_object_new_object(), *arr = json_object_new_array();
	int n;

	json_object_array_add(arr, release_kernel_to_json(k));
	json_object_object_add(o, "kernels", arr);
	n = release_kernels_from_json(json_tokener_parse(json_object_to_json_string(o)), out);
	json_object_put(o);
	return n;
}

static void against_baseline(void **state)
{
	static const char *const now1[] = {
		"steady:bug:KASAN: slab-out-of-bounds in bar", "known:xfail:kernel BUG in action_result",
		"broken:pass", "wobbly:pass", "skips:skip:needs X", "sometimes-known:pass", "cut:pass",
		"fresh:pass", NULL,
	};
	static const char *const now2[] = {
		"steady:bug:KASAN: slab-out-of-bounds in bar", "known:xfail:kernel BUG in action_result",
		"broken:pass", "wobbly:fail:got 1", "skips:pass", "sometimes-known:pass", "cut:pass",
		"fresh:pass", "!boot-vm02|BUG: soft lockup in x|flake", NULL,
	};
	static const char *const *const now[] = { now1, now2, now1, NULL };
	struct rel_kernel k, base, *read;
	struct release_verdict v;
	static const char *const want[][3] = {
		{ "new-failure", "steady", "stable-pass" },	/* a new bug */
		{ "fixed", "broken", "stable-fail" },
		/* wobbly stays flaky with its old signature; the boot flake is the baseline's own */
		{ "new-flake", "skips", "stable-skip" },	/* now skips once */
		{ "fixed", "sometimes-known", "flaky-known" },
	};

	(void)state;
	kernel(&base, "kasan", three);
	assert_int_equal(round_trip(&base, &read), 1);
	kernel(&k, "kasan", now);
	release_qualify(&k, 1, read, 1, &v);
	assert_int_equal(v.nr_changes, 4);
	for (int i = 0; i < 4; i++) {
		assert_string_equal(release_change_name(v.changes[i].kind), want[i][0]);
		assert_string_equal(v.changes[i].cell, want[i][1]);
		assert_string_equal(v.changes[i].was, want[i][2]);
	}
	assert_false(v.qualified);
	release_verdict_free(&v);

	/* The baseline against itself, read back: nothing new, qualified. */
	release_qualify(&base, 1, read, 1, &v);
	assert_int_equal(v.nr_changes, 0);
	assert_true(v.qualified);
	release_verdict_free(&v);

	/* A kernel the baseline qualified and this release did not run. */
	release_kernel_free(&k);
	release_kernel_init(&k, "debian");
	release_qualify(&k, 1, read, 1, &v);
	assert_false(v.qualified);
	assert_string_equal(release_change_name(v.changes[v.nr_changes - 1].kind), "gone");
	release_verdict_free(&v);
	release_kernel_free(&k);
	release_kernel_free(&base);
	release_kernel_free(read);
	free(read);
}

/* A run whose summary holds only @known (a JSON array of known_issues). */
static struct json_object *known_run(const char *known)
{
	char *text = xasprintf("{\"status\":\"complete\",\"tests\":[],\"known_issues\":%s}", known);
	struct json_object *o = json_tokener_parse(text);

	free(text);
	assert_non_null(o);
	return o;
}

/*
 * The finding-by-kernel table: an entry that excused a failure reproduces;
 * one that ran clean on a kernel built with its fix is fixed by our patch,
 * without it not reproducible; cells that never ran are not run; a kernel
 * no entry of the finding applies to is n/a; the strongest entry of a
 * finding decides.
 */
static void findings(void **state)
{
	static const char *const runs[] = {
		/* 6.1: finding 1 out of scope; 4 reproduces */
		"[{\"id\":\"c\",\"finding\":4,\"cells\":5,\"xfail\":5,\"xpass\":0}]",
		/* 6.12 */
		"[{\"id\":\"a\",\"finding\":1,\"fix\":[\"fix-stats\"],\"cells\":8,\"xfail\":8,\"xpass\":0},"
		"{\"id\":\"b\",\"finding\":1,\"cells\":2,\"xfail\":0,\"xpass\":0},"
		"{\"id\":\"c\",\"finding\":4,\"fix\":[\"fix-stats\",\"fix-counters\"],\"cells\":0,\"xfail\":0,\"xpass\":0}]",
		/* 7.3 with fix-stats: 1 fixed; 4 not fixed by fix-stats alone */
		"[{\"id\":\"a\",\"finding\":1,\"fix\":[\"fix-stats\"],\"cells\":8,\"xfail\":0,\"xpass\":8},"
		"{\"id\":\"c\",\"finding\":4,\"fix\":[\"fix-stats\",\"fix-counters\"],\"cells\":3,\"xfail\":0,\"xpass\":0},"
		"{\"id\":\"z\",\"cells\":3,\"xfail\":1,\"xpass\":0}]",
		/* the same 7.3 without the fix */
		"[{\"id\":\"a\",\"finding\":1,\"fix\":[\"fix-stats\"],\"cells\":8,\"xfail\":0,\"xpass\":0}]",
	};
	static const char *const labels[] = { "debian:6.1.0-47", "kasan", "kasan:7.3+fix-stats@memmap-kasan", "kasan:7.3" };
	static const enum rel_finding_state want1[] = { RF_NA, RF_REPRODUCES, RF_FIXED, RF_CLEAN };
	static const enum rel_finding_state want4[] = { RF_REPRODUCES, RF_NOT_RUN, RF_CLEAN, RF_NA };
	struct rel_kernel k[4];
	struct rel_finding *v;
	int n;

	(void)state;
	for (int i = 0; i < 4; i++) {
		struct json_object *o = known_run(runs[i]);

		release_kernel_init(&k[i], labels[i]);
		release_add_run(&k[i], o);
		json_object_put(o);
	}
	n = release_findings(k, 4, &v);
	assert_int_equal(n, 2);
	assert_int_equal(v[0].finding, 1);
	assert_int_equal(v[1].finding, 4);
	assert_int_equal(v[0].ids.nr, 2);
	for (int i = 0; i < 4; i++) {
		if (v[0].state[i] != want1[i] || v[1].state[i] != want4[i])
			fail_msg("kernel %s: finding 1 %s, finding 4 %s", labels[i],
				 release_finding_state_name(v[0].state[i]), release_finding_state_name(v[1].state[i]));
	}
	release_findings_free(v, n);
	for (int i = 0; i < 4; i++)
		release_kernel_free(&k[i]);
}

static void label_patches(void **state)
{
	struct strvec p = STRVEC_INIT;

	(void)state;
	release_label_patches("kasan:7.3+fix-stats+fix-counters@memmap-kasan", &p);
	assert_int_equal(p.nr, 2);
	assert_string_equal(p.v[1], "fix-counters");
	strvec_clear(&p);
	/* A path's '+' is part of its name, not a patch. */
	release_label_patches("/boot/vmlinuz-6.12.117+deb12-amd64", &p);
	assert_int_equal(p.nr, 0);
	release_label_patches("kasan", &p);
	assert_int_equal(p.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wilson),
		cmocka_unit_test(classes),
		cmocka_unit_test(aggregate),
		cmocka_unit_test(alone),
		cmocka_unit_test(skips_over_the_share),
		cmocka_unit_test(against_baseline),
		cmocka_unit_test(findings),
		cmocka_unit_test(label_patches),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
