// SPDX-License-Identifier: GPL-2.0
/* What the kpageflags walker makes of the flags the kernel returns. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "common/walk.h"

static void kpageflags(void **state)
{
	char out[64];

	(void)state;
	/* A correct kernel: no page behind a ZONE_DEVICE pfn. */
	assert_int_equal(walk_kpageflags(1ULL << 20, out, sizeof(out)), 0);
	assert_string_equal(out, "nopage");
	/* A kernel that took a garbage struct page for a page: UPTODATE|LRU|... */
	assert_int_equal(walk_kpageflags(0x2c, out, sizeof(out)), 1);
	assert_string_equal(out, "flags:0x2c");
	/* 0xff media decoded as flags, NOPAGE among them: still a page claimed. */
	assert_int_equal(walk_kpageflags(~0ULL, out, sizeof(out)), 1);
	assert_string_equal(out, "flags:0xffffffffffffffff");
	/* Zero flags: an online page with no flags at all, not "no page". */
	assert_int_equal(walk_kpageflags(0, out, sizeof(out)), 1);
	assert_string_equal(out, "flags:0");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(kpageflags),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
