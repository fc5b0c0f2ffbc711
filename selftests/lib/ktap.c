// SPDX-License-Identifier: GPL-2.0
#include "ktap.h"

#include <stdio.h>
#include <stdlib.h>

static const char *test_name = "unnamed";
static int failures;

void ktap_begin(const char *name)
{
	test_name = name;
	/* Unbuffered: a kernel crash must not eat output already produced. */
	setvbuf(stdout, NULL, _IONBF, 0);
	printf("KTAP version 1\n1..1\n");
}

static void vline(const char *prefix, const char *fmt, va_list ap)
{
	char buf[1024];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	printf("# %s%s\n", prefix, buf);
}

void ktap_diag(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("", fmt, ap);
	va_end(ap);
}

void ktap_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("FAIL: ", fmt, ap);
	va_end(ap);
	failures++;
}

void ktap_finish(void)
{
	printf("%sok 1 %s\n", failures ? "not " : "", test_name);
	exit(failures ? KSFT_FAIL : KSFT_PASS);
}

static void __attribute__((noreturn)) vskip(const char *need, const char *fmt, va_list ap)
{
	char buf[512];

	vsnprintf(buf, sizeof(buf), fmt, ap);
	printf("ok 1 %s # SKIP %s%s%s%s\n", test_name, buf, need ? " (needs " : "", need ? need : "",
	       need ? ")" : "");
	exit(KSFT_SKIP);
}

void ktap_skip(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vskip(NULL, fmt, ap);
}

void ktap_skip_needs(const char *need, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vskip(need, fmt, ap);
}

void ktap_abort(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vline("FAIL: ", fmt, ap);
	va_end(ap);
	failures++;
	ktap_finish();
}
