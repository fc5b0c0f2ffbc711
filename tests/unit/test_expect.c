// SPDX-License-Identifier: GPL-2.0
/* The expectation table: parsing, first-match lookup, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "common/expect.h"

static const char table[] =
	"# comment line\n"
	"\n"
	"corrupt-pfn   A         *      dev  ENXIO  *  no\n"
	"madv-hwpoison C-mapped  *      *    SIGBUS:BUS_MCEERR_AR  \"dax page: Recovered\" yes\n"
	"corrupt-pfn   C-mapped  devdax *    ok     \"dax page: Recovered\"  yes  # trailing comment\n"
	"corrupt-pfn   C         *      *    EBUSY  \"dax page: Failed\" no\n"
	"hard-offline  *         fsdax  mem  ENXIO  -  *\n"
	"unpoison      A         devdax mem  EBUSY  -  no\n"
	"unpoison      A         devdax dev  ENXIO  -  no\n"
	"*             below     *      *    ENXIO  -  no\n";

static void parses_and_looks_up(void **state)
{
	struct expect_table t;
	const struct expect_row *r;
	char err[256];

	(void)state;
	assert_int_equal(expect_parse(&t, "table", table, err, sizeof(err)), 0);
	assert_int_equal(t.nr, 8);
	/* A class letter matches every point of that class. */
	r = expect_lookup(&t, "corrupt-pfn", "A-last", "fsdax", "dev");
	assert_non_null(r);
	assert_string_equal(r->result, "ENXIO");
	assert_string_equal(r->mf_line, "*");
	assert_int_equal(r->lineno, 3);
	/* The more specific row above wins over the class row below. */
	r = expect_lookup(&t, "corrupt-pfn", "C-mapped", "devdax", "dev");
	assert_string_equal(r->result, "ok");
	r = expect_lookup(&t, "corrupt-pfn", "C-mapped", "fsdax", "dev");
	assert_string_equal(r->result, "EBUSY");
	assert_string_equal(r->mf_line, "dax page: Failed");
	r = expect_lookup(&t, "madv-hwpoison", "C-mapped", "fsdax", "mem");
	assert_string_equal(r->result, "SIGBUS:BUS_MCEERR_AR");
	assert_string_equal(r->poisons, "yes");
	assert_string_equal(r->mf_line, "dax page: Recovered");
	/* '*' as the injector: any injector at that point. */
	r = expect_lookup(&t, "mce-ao", "below", "devdax", "dev");
	assert_string_equal(r->result, "ENXIO");
	assert_null(r->mf_line);
	/* '-' means no memory-failure line may appear. */
	r = expect_lookup(&t, "hard-offline", "B-first", "fsdax", "mem");
	assert_null(r->mf_line);
	/* The map column decides between rows that differ only in it. */
	r = expect_lookup(&t, "unpoison", "A-first", "devdax", "dev");
	assert_string_equal(r->result, "ENXIO");
	r = expect_lookup(&t, "unpoison", "A-first", "devdax", "mem");
	assert_string_equal(r->result, "EBUSY");
	/* No row: NULL, not a guess. */
	assert_null(expect_lookup(&t, "corrupt-pfn", "B-first", "devdax", "dev"));
	assert_null(expect_lookup(&t, "hard-offline", "B-first", "devdax", "mem"));
	/* "C" must not match a point of another class that starts with C... */
	assert_null(expect_lookup(&t, "corrupt-pfn", "Cx", "devdax", "dev"));
	expect_free(&t);
	expect_free(&t);	/* twice is safe */
}

static void bad(const char *text, const char *needle)
{
	struct expect_table t;
	char err[256] = "";

	assert_int_equal(expect_parse(&t, "bad", text, err, sizeof(err)), -1);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not mention '%s'", err, needle);
}

static void rejects_bad_rows(void **state)
{
	(void)state;
	bad("", "no expectation rows");
	bad("# only comments\n", "no expectation rows");
	bad("corrupt-pfn A * dev ENXIO *\n", "bad:1: expected 7 fields");
	bad("corrupt-pfn A * dev ENXIO * no extra\n", "expected 7 fields");
	bad("\ncorrupt-pfn A * dev ENXIO \"unterminated no\n", "bad:2: expected 7 fields (injector class mode map result memory-failure-line poisons), got an unterminated quote");
	bad("corrupt-pf A * dev ENXIO * no\n", "unknown injector 'corrupt-pf'");
	bad("corrupt-pfn Z * dev ENXIO * no\n", "unknown pfn class 'Z'");
	bad("corrupt-pfn A raw dev ENXIO * no\n", "unknown mode 'raw'");
	bad("corrupt-pfn A * both ENXIO * no\n", "unknown map 'both'");
	bad("corrupt-pfn A * dev enxio * no\n", "result 'enxio' does not fit injector corrupt-pfn");
	bad("kpageflags A * dev ENXIO * no\n", "result 'ENXIO' does not fit walker kpageflags");
	bad("kpageflags A * dev Nopage * no\n", "bad result 'Nopage'");
	bad("kpageflags A * dev count: * no\n", "bad result 'count:'");
	bad("corrupt-pfn A * dev SIGBUS: * no\n", "bad result 'SIGBUS:'");
	bad("corrupt-pfn A * dev ENXIO \"\" no\n", "empty memory-failure line");
	bad("corrupt-pfn A * dev ENXIO * maybe\n", "poisons must be yes, no or *, not 'maybe'");
}

static void results(void **state)
{
	(void)state;
	assert_true(expect_result_valid("ok"));
	assert_true(expect_result_valid("ENXIO"));
	assert_true(expect_result_valid("E2BIG"));
	assert_true(expect_result_valid("SIGBUS"));
	assert_true(expect_result_valid("SIGBUS:BUS_MCEERR_AR"));
	assert_false(expect_result_valid("E"));
	assert_false(expect_result_valid("0"));
	assert_false(expect_result_valid("SIG"));
	assert_false(expect_result_valid("SIGbus"));
	assert_false(expect_result_valid("Eoops"));
	assert_true(expect_result_valid("nopage"));
	assert_true(expect_result_valid("count:0"));
	assert_true(expect_result_valid("flags:0x100000"));
	assert_false(expect_result_valid("count:"));
	assert_false(expect_result_valid("count:a b"));
}

static void loads_the_shipped_table(void **state)
{
	struct expect_table t;
	char err[256];

	(void)state;
	if (expect_load(&t, "configs/expectations", err, sizeof(err)))
		fail_msg("%s", err);
	assert_true(t.nr > 0);
	expect_free(&t);
	assert_int_equal(expect_load(&t, "configs/no-such-table", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_and_looks_up),
		cmocka_unit_test(rejects_bad_rows),
		cmocka_unit_test(results),
		cmocka_unit_test(loads_the_shipped_table),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
