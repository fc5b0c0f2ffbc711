// SPDX-License-Identifier: GPL-2.0
/* Verdicts from what was observed, and the memory-failure line oracle. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../harness/report.h"
#include "../../harness/verdict.h"

static struct ns_def ns = { .name = "devdax", .mode = "devdax", .map = "dev" };

static struct cell inject(const char *result, const char *mf)
{
	struct cell c = { .name = "t.devdax.dev.2M.corrupt-pfn.C-mid.ff", .kind = CELL_INJECT,
			  .ns = &ns, .injector = "corrupt-pfn", .point = "C-mid",
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
		cmocka_unit_test(other_verdicts),
		cmocka_unit_test(mf_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
