// SPDX-License-Identifier: GPL-2.0
#include "ktap.h"

#include <inttypes.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *test_name = "unnamed";
static int failures;
/* While ktap_run() runs a fixture's setup or test: where an ASSERT or skip goes. */
static sigjmp_buf *running;
static char skip_line[640];

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

static void vfail(const char *fmt, va_list ap)
{
	vline("FAIL: ", fmt, ap);
	failures++;
}

void ktap_fail(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfail(fmt, ap);
	va_end(ap);
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
	snprintf(skip_line, sizeof(skip_line), "ok 1 %s # SKIP %s%s%s%s\n", test_name, buf,
		 need ? " (needs " : "", need ? need : "", need ? ")" : "");
	if (running)
		siglongjmp(*running, 1);
	fputs(skip_line, stdout);
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
	vfail(fmt, ap);
	va_end(ap);
	if (running)
		siglongjmp(*running, 1);
	ktap_finish();
}

/* Report a failed typed check: "file:line: context: got G, expected [op ]W". */
static void check_failed(const struct ktap_check *c, const char *got, const char *want,
			 const char *fmt, va_list ap)
{
	char ctx[512];

	/* fmt starts with the KTAP_CTX marker. */
	vsnprintf(ctx, sizeof(ctx), fmt + 1, ap);
	if (c->fatal)
		ktap_abort("%s:%d: %s: got %s, expected %s%s", c->file, c->line, ctx[0] ? ctx : c->what,
			   got, c->op, want);
	ktap_fail("%s:%d: %s: got %s, expected %s%s", c->file, c->line, ctx[0] ? ctx : c->what, got,
		  c->op, want);
}

static void format_num(char *buf, size_t len, int is_signed, uintmax_t v)
{
	if (is_signed)
		snprintf(buf, len, "%jd", (intmax_t)v);
	else if (v >= 0x10000)
		snprintf(buf, len, "%ju (%#jx)", v, v);
	else
		snprintf(buf, len, "%ju", v);
}

void ktap_check_num(const struct ktap_check *c, int sgot, uintmax_t got, int swant, uintmax_t want,
		    const char *fmt, ...)
{
	char g[48], w[48];
	va_list ap;

	format_num(g, sizeof(g), sgot, got);
	format_num(w, sizeof(w), swant, want);
	va_start(ap, fmt);
	check_failed(c, g, w, fmt, ap);
	va_end(ap);
}

void ktap_check_str(const struct ktap_check *c, const char *got, const char *want,
		    const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	check_failed(c, got ? got : "(null)", want ? want : "(null)", fmt, ap);
	va_end(ap);
}

void ktap_run(const struct ktap_fixture *fixture, const struct ktap_test *test, void *self)
{
	sigjmp_buf env;
	volatile int set_up = 0;

	if (!sigsetjmp(env, 1)) {
		running = &env;
		if (fixture->setup)
			fixture->setup(self, test->variant);
		set_up = 1;
		test->run(self, test->variant);
	}
	running = NULL;
	if (set_up && fixture->teardown)
		fixture->teardown(self, test->variant);
	if (skip_line[0]) {
		fputs(skip_line, stdout);
		exit(KSFT_SKIP);
	}
	ktap_finish();
}

const struct ktap_test *ktap_find(const struct ktap_test *tests, const char *name)
{
	for (; tests->name; tests++)
		if (!strcmp(tests->name, name))
			return tests;
	return NULL;
}
