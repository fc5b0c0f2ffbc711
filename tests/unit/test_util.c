// SPDX-License-Identifier: GPL-2.0
/* The shared pieces of util.h: error messages, growth, strvec. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "lib/util.h"

static void errors(void **state)
{
	char err[16], tiny[4] = "xyz";

	(void)state;
	assert_int_equal(error_set(err, sizeof(err), "%s:%d: bad", "f", 3), -1);
	assert_string_equal(err, "f:3: bad");
	assert_int_equal(error_code(EXIT_USAGE, err, sizeof(err), "no %s", "kernel"), EXIT_USAGE);
	assert_string_equal(err, "no kernel");
	assert_int_equal(error_code(0, err, sizeof(err), "x"), 0);
	/* Cut to fit, always terminated. */
	assert_int_equal(error_set(tiny, sizeof(tiny), "%s", "a longer message"), -1);
	assert_string_equal(tiny, "a l");
	/* No room at all: nothing written. */
	assert_int_equal(error_set(NULL, 0, "%s", "lost"), -1);
	assert_int_equal(error_code(EXIT_INFRA, tiny, 0, "%s", "lost"), EXIT_INFRA);
	assert_string_equal(tiny, "a l");
}

static void growth(void **state)
{
	int *v = NULL, nr = 0, alloc = 0;

	(void)state;
	for (int i = 0; i < 1000; i++) {
		GROW(v, nr, alloc);
		assert_true(alloc > nr);
		v[nr++] = i;
	}
	for (int i = 0; i < 1000; i++)
		assert_int_equal(v[i], i);
	free(v);
}

static void strvecs(void **state)
{
	struct strvec sv = STRVEC_INIT;

	(void)state;
	strvec_push(&sv, "a");
	strvec_pushf(&sv, "%s-%d", "b", 2);
	strvec_push_unique(&sv, "a");
	strvec_push_unique(&sv, "c");
	assert_int_equal(sv.nr, 3);
	assert_string_equal(sv.v[0], "a");
	assert_string_equal(sv.v[1], "b-2");
	assert_string_equal(sv.v[2], "c");
	assert_null(sv.v[3]);
	strvec_clear(&sv);
	assert_null(sv.v);
	assert_int_equal(sv.nr, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(errors),
		cmocka_unit_test(growth),
		cmocka_unit_test(strvecs),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
