// SPDX-License-Identifier: GPL-2.0
/* Verdicts from what was observed, and the memory-failure line oracle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/kconfig.h"
#include "console/report.h"
#include "verdict/verdict.h"

static struct ns_def ns = { .name = "devdax", .mode = "devdax", .map = "dev" };

static struct cell inject(const char *result, const char *mf)
{
	struct cell c = { .name = "t.devdax.dev.2M.corrupt-pfn.C-mid.ff", .kind = CELL_INJECT,
			  .ns = &ns, .action = "corrupt-pfn", .point = "C-mid",
			  .expect_result = (char *)result, .expect_mf = (char *)mf };
	return c;
}

static enum verdict decide(const struct cell *c, const struct step_result *r, const char *reason)
{
	struct verdict_out v;
	enum verdict got;

	verdict_decide(c, r, &v);
	got = v.v;
	if (reason && (!v.reason || !strstr(v.reason, reason)))
		fail_msg("reason '%s' does not mention '%s'", v.reason ? v.reason : "(none)", reason);
	free(v.reason);
	return got;
}

static void pass_and_fail(void **state)
{
	struct cell c = inject("EBUSY", "dax page: Failed");
	char *mf[] = { "dax page: Failed" }, *other[] = { "dax page: Recovered" };
	char *out[] = { "KTAP version 1", "# FAIL: x.c:1: corrupt-pfn at C-mid: got ENXIO, expected EBUSY",
			"not ok 1 t" };
	struct step_result r = { .began = 1, .ended = 1, .mf = mf, .nr_mf = 1 };

	(void)state;
	assert_int_equal(decide(&c, &r, NULL), V_PASS);
	/* The guest's own check failed. */
	r.exit_code = 1;
	r.output = out;
	r.nr_output = 3;
	assert_int_equal(decide(&c, &r, "got ENXIO, expected EBUSY"), V_FAIL);
	/* The guest passed but the console disagrees with the table. */
	r.exit_code = 0;
	r.mf = other;
	assert_int_equal(decide(&c, &r, "expected 'dax page: Failed'"), V_FAIL);
	r.nr_mf = 0;
	assert_int_equal(decide(&c, &r, "no memory-failure line"), V_FAIL);
	/* '-': no line allowed; '*': anything goes. */
	c = inject("ENXIO", NULL);
	r.nr_mf = 1;
	assert_int_equal(decide(&c, &r, "unexpected memory-failure line"), V_FAIL);
	c = inject("ENXIO", "*");
	assert_int_equal(decide(&c, &r, NULL), V_PASS);
	r.nr_mf = 0;
	assert_int_equal(decide(&c, &r, NULL), V_PASS);
	/* Any line between the markers may be the expected one, not only the first. */
	{
		char *two[] = { "dax page: Recovered", "dax page: Failed" };

		c = inject("EBUSY", "dax page: Failed");
		r.mf = two;
		r.nr_mf = 2;
		assert_int_equal(decide(&c, &r, NULL), V_PASS);
	}
}

static void bug_outranks_everything(void **state)
{
	struct cell c = inject("ENXIO", "*");
	struct report rep = { .type = "bug", .title = "BUG: unable to handle page fault in action_result" };
	const struct report *reps[] = { &rep };
	struct step_result r = { .began = 1, .ended = 0, .reports = reps, .nr_reports = 1,
				 .vm_died = "QEMU ended", .setup_failed = "setup.labels failed" };

	(void)state;
	assert_int_equal(decide(&c, &r, "in action_result"), V_BUG);
	r.ended = 1;
	r.exit_code = 0;
	assert_int_equal(decide(&c, &r, "in action_result"), V_BUG);
}

/* Beside a bug, what the test came to without its reports (known_apply() needs it). */
static void rest_of_a_bug(void **state)
{
	struct cell c = inject("ENXIO", "*");
	struct report rep = { .type = "bug", .title = "KASAN: slab-use-after-free in foo" };
	const struct report *reps[] = { &rep };
	char *out[] = { "# FAIL: memory_failure.c:183: nothing was poisoned but HardwareCorrupted grew by 4 kB" };
	struct step_result r = { .began = 1, .ended = 0, .reports = reps, .nr_reports = 1, .vm_died = "panic" };
	struct verdict_out v;

	(void)state;
	/* The report ended the VM in the middle of the test: nothing else went wrong. */
	verdict_decide(&c, &r, &v);
	assert_int_equal(v.v, V_BUG);
	assert_int_equal(v.rest, V_PASS);
	verdict_out_free(&v);
	/* The kernel went on, and the test failed a check of its own. */
	r.ended = 1;
	r.exit_code = 1;
	r.output = out;
	r.nr_output = 1;
	verdict_decide(&c, &r, &v);
	assert_int_equal(v.v, V_BUG);
	assert_int_equal(v.rest, V_FAIL);
	assert_non_null(strstr(v.rest_reason, "HardwareCorrupted grew"));
	verdict_out_free(&v);
	/* Timed out after the report; an unfit VM. */
	r.timed_out = 1;
	verdict_decide(&c, &r, &v);
	assert_int_equal(v.rest, V_TIMEOUT);
	verdict_out_free(&v);
	r.vm_fault = "modprobe nd_pmem failed";
	verdict_decide(&c, &r, &v);
	assert_int_equal(v.rest, V_ERROR);
	verdict_out_free(&v);
}

static void other_verdicts(void **state)
{
	struct cell c = inject("ENXIO", "*");
	char *skip[] = { "ok 1 t # SKIP corrupt-pfn: interface missing" };
	struct step_result r = { .began = 1 };

	(void)state;
	r.timed_out = 1;
	assert_int_equal(decide(&c, &r, "timeout"), V_TIMEOUT);
	r.timed_out = 0;
	r.vm_died = "QEMU ended with status 0x9";
	assert_int_equal(decide(&c, &r, "QEMU ended"), V_ERROR);
	r.ended = 1;
	r.exit_code = 4;
	r.output = skip;
	r.nr_output = 1;
	assert_int_equal(decide(&c, &r, "interface missing"), V_SKIP);
	r.exit_code = 0;
	r.term_signal = 9;
	assert_int_equal(decide(&c, &r, "signal 9"), V_FAIL);
	r.term_signal = 0;
	r.setup_failed = "ns_setup failed";
	assert_int_equal(decide(&c, &r, "setup failed: ns_setup failed"), V_ERROR);
	memset(&r, 0, sizeof(r));
	r.vm_died = "the guest did not start";
	assert_int_equal(decide(&c, &r, "did not start"), V_ERROR);
}

/* A skip is held to what the harness knows the kernel has. */
static void skips_held_to_the_config(void **state)
{
	struct cell c = inject("ENXIO", "*");
	char *needs[] = { "ok 1 t # SKIP corrupt-pfn: interface missing (needs CONFIG_HWPOISON_INJECT)" };
	char *nfit[] = { "ok 1 t # SKIP no nfit_test.0 bus (needs nfit_test)" };
	struct step_result r = { .began = 1, .ended = 1, .exit_code = 4, .output = needs, .nr_output = 1 };
	struct kconfig with = { 0 }, without = { 0 }, module = { 0 };

	(void)state;
	kconfig_parse(&with, "CONFIG_HWPOISON_INJECT=y\n", "t");
	kconfig_parse(&without, "# CONFIG_HWPOISON_INJECT is not set\n", "t");
	kconfig_parse(&module, "CONFIG_HWPOISON_INJECT=m\n", "t");
	/* The config is not known: a skip, with its reason. */
	assert_int_equal(decide(&c, &r, "needs CONFIG_HWPOISON_INJECT"), V_SKIP);
	r.config = &without;
	assert_int_equal(decide(&c, &r, "interface missing"), V_SKIP);
	r.config = &with;
	assert_int_equal(decide(&c, &r, "the kernel has CONFIG_HWPOISON_INJECT=y, yet the test skipped"), V_ERROR);
	r.config = &module;
	assert_int_equal(decide(&c, &r, "CONFIG_HWPOISON_INJECT=m"), V_ERROR);
	/* nfit_test: only a VM the harness loaded the modules into contradicts it. */
	r.output = nfit;
	assert_int_equal(decide(&c, &r, "no nfit_test.0 bus"), V_SKIP);
	r.have_nfit = 1;
	assert_int_equal(decide(&c, &r, "the nfit_test modules were loaded"), V_ERROR);
	/* A VM init left unfit: every test of it is an error, whatever it said. */
	r.vm_fault = "modprobe nd_pmem failed";
	r.exit_code = 0;
	assert_int_equal(decide(&c, &r, "not fit to test: modprobe nd_pmem failed"), V_ERROR);
	kconfig_free(&with);
	kconfig_free(&without);
	kconfig_free(&module);
}

/* The verdict table: what each verdict means to every consumer. */
static void table(void **state)
{
	(void)state;
	for (int v = 0; v < V_NR; v++) {
		const struct verdict_info *i = verdict_info(v);

		assert_int_equal(verdict_from_name(i->name), v);
		/* Clean and trouble are disjoint; KTAP "ok" is exactly "not trouble". */
		assert_false(i->clean && i->trouble);
		assert_int_equal(i->ktap_ok, !i->trouble);
		/* A bisection calls good exactly what ran clean; a report is always bad. */
		assert_int_equal(i->bisect == VB_GOOD, i->clean);
		if (i->report)
			assert_int_equal(i->bisect, VB_BAD);
		/* Jenkins counts as failed or errored exactly the trouble. */
		assert_int_equal(i->junit == VJ_FAILURE || i->junit == VJ_ERROR, i->trouble);
		/* Only a known bug is waived, and only a test that ran is clean. */
		assert_int_equal(i->kcidb_waived, i->report && i->known);
		assert_true(i->ran || !i->clean);
	}
	assert_false(verdict_info(V_SKIP)->ran);
	assert_int_equal(verdict_info(V_SKIP)->bisect, VB_SKIP);
	assert_int_equal(verdict_info(V_TIMEOUT)->bisect, VB_SKIP);
	assert_true(verdict_info(V_XFAIL)->known && verdict_info(V_XPASS)->known);
	assert_ptr_equal(verdict_info_of("xfail"), verdict_info(V_XFAIL));
	assert_ptr_equal(verdict_info_of(NULL), verdict_info(V_ERROR));
	assert_true(verdict_info(V_PASS)->clean && verdict_info(V_XPASS)->clean);
	assert_false(verdict_info(V_SKIP)->clean || verdict_info(V_SKIP)->trouble);
	assert_false(verdict_info(V_XFAIL)->clean || verdict_info(V_XFAIL)->trouble);
	assert_true(verdict_info(V_XFAIL)->report && verdict_info(V_BUG)->report);
	assert_true(verdict_info(V_TIMEOUT)->trouble && verdict_info(V_ERROR)->trouble);
	assert_int_equal(verdict_from_name("frobnicated"), V_NR);
	/* An unknown verdict is trouble, never good. */
	assert_true(verdict_info(V_NR)->trouble);
}

static void mf_text(void **state)
{
	(void)state;
	assert_string_equal(verdict_mf_text("[ 5.2] Memory failure: 0x128300: recovery action for dax page: Failed"),
			    "dax page: Failed");
	assert_null(verdict_mf_text("[ 5.2] Memory failure: 0x108600: Sending SIGBUS to x:181"));
	assert_null(verdict_mf_text("recovery action for dax page: Failed"));
	assert_string_equal(verdict_name(V_XFAIL), "xfail");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(pass_and_fail),
		cmocka_unit_test(bug_outranks_everything),
		cmocka_unit_test(rest_of_a_bug),
		cmocka_unit_test(other_verdicts),
		cmocka_unit_test(skips_held_to_the_config),
		cmocka_unit_test(table),
		cmocka_unit_test(mf_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
