// SPDX-License-Identifier: GPL-2.0
/*
 * Decoding a report's stack (console/symbolize.h) against a stand-in for
 * the kernel's decode_stacktrace.sh: only frame lines go to it, their
 * timestamps removed and indentation kept; each frame is decoded once per
 * run and per module directory; the source prefix is found as the
 * script's "auto" finds it; a decoder that loses lines, or a kernel
 * without one, is said, never papered over.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "console/symbolize.h"
#include "lib/util.h"

static char dir[] = "/tmp/pmemfi-test-symbolize.XXXXXX";

/*
 * The stand-in: for every "f+0x../0x.. [mod]" line, what the real script
 * prints (the file:line with "$2/" stripped, the module after it; a build
 * with ccache's base_dir names its files like DIR/build/../src/mm/x.c, and
 * nfit_test's modules, built out of tree from a copy, like
 * MODS/tools/testing/nvdimm/../../../drivers/dax/x.c); it logs each run's
 * input to calls.log. With lose-lines beside it, it prints nothing.
 */
static const char decoder[] =
	"d=$(dirname \"$0\")\n"
	"[ -e \"$d/lose-lines\" ] && exit 0\n"
	"while read -r line; do\n"
	"  echo \"$line|$2|$3\" >> \"$d/calls.log\"\n"
	"  case $line in\n"
	"  kernel_init+0x0/0x0) f=$d/build/../src/init/main.c; echo \"kernel_init (${f#$2/}:1400)\" ;;\n"
	"  *bad+*) echo \"$line\" ;;\n"
	"  *) words=$(echo \"$line\" | sed -E 's/([A-Za-z_0-9:]+)\\+0x[0-9a-f]+\\/0x[0-9a-f]+/\\1/; s/ \\[([a-z_]+)\\]$//')\n"
	"     mod=$(echo \"$line\" | sed -nE 's/.* \\[([a-z_]+)\\]$/\\1/p')\n"
	"     file=$d/build/../src/mm/memory-failure.c\n"
	"     [ -n \"$mod\" ] && file=$3/tools/testing/nvdimm/../../../drivers/dax/$mod.c\n"
	"     echo \"$words (${file#$2/}:42) $mod \" ;;\n"
	"  esac\n"
	"done\n";

static char *path(const char *name)
{
	return xasprintf("%s/%s", dir, name);
}

static int setup(void **state)
{
	char *d, *v;

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	d = path("decode_stacktrace.sh");
	v = path("vmlinux");
	write_file(d, decoder, strlen(decoder));
	write_file(v, "", 0);
	free(v);
	/* The kernel tree: a file of it, for a module's absolute file name to be made relative. */
	v = path("build");
	mkdir_p(v);
	free(v);
	v = path("src/drivers/dax");
	mkdir_p(v);
	free(v);
	v = path("src/drivers/dax/dax.c");
	write_file(v, "", 0);
	free(d);
	free(v);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return rm_rf(dir);
}

static int calls(void)
{
	char *log = path("calls.log");
	struct strbuf sb = STRBUF_INIT;
	int n = 0;

	if (!read_file(log, &sb))
		for (char *p = sb.buf; (p = strchr(p, '\n')); p++)
			n++;
	strbuf_release(&sb);
	unlink(log);
	free(log);
	return n;
}

static char *const report[] = {
	"[   20.100000] BUG: unable to handle page fault for address: ffffea0004000008",
	"[   20.100100] RIP: 0010:action_result+0x86/0x269",
	"[   20.100200] Call Trace:",
	"[   20.100300]  <TASK>",
	"[   20.100400]  ? bad+0x1/0x2",
	"[   20.100500]  memory_failure+0x33a/0xd80",
	"[   20.100600]  dax_alive+0x10/0x20 [dax]",
	"[   20.100700]  </TASK>",
};

static void decodes_frames_only(void **state)
{
	struct symbolizer s;
	struct strvec out = STRVEC_INIT;
	char why[256], *d = path("decode_stacktrace.sh"), *v = path("vmlinux"), *base;

	(void)state;
	symbolizer_init(&s, d, v, NULL);
	/* Three frames with line numbers; "bad" comes back as it went. */
	assert_int_equal(symbolize_report(&s, "/mods", report, 0, 7, &out, why, sizeof(why)), 3);
	assert_int_equal(out.nr, 8);
	assert_string_equal(out.v[0], "BUG: unable to handle page fault for address: ffffea0004000008");
	assert_string_equal(out.v[1], "RIP: 0010:action_result (mm/memory-failure.c:42)");
	assert_string_equal(out.v[2], "Call Trace:");
	assert_string_equal(out.v[4], " ? bad+0x1/0x2");
	assert_string_equal(out.v[5], " memory_failure (mm/memory-failure.c:42)");
	/* Out of tree, absolute and with "..": made relative to the kernel's tree. */
	assert_string_equal(out.v[6], " dax_alive (drivers/dax/dax.c:42) dax");
	/* The prefix run, then one run for the four frames, each given the prefix. */
	assert_int_equal(s.calls, 2);
	assert_int_equal(calls(), 5);
	/* Found as the script's "auto" finds it, with the leading "/" the script would take off. */
	base = xasprintf("%s/build/../src", dir);
	assert_string_equal(s.base, base);
	free(base);
	strvec_clear(&out);

	/* The same frames again: nothing new to decode. */
	assert_int_equal(symbolize_report(&s, "/mods", report, 1, 6, &out, why, sizeof(why)), 3);
	assert_int_equal(s.calls, 2);
	strvec_clear(&out);
	/* The nfit_test VM's modules are other builds: its frames are decoded anew. */
	assert_int_equal(symbolize_report(&s, "/nfit", report, 1, 6, &out, why, sizeof(why)), 3);
	assert_string_equal(out.v[5], " dax_alive (drivers/dax/dax.c:42) dax");
	assert_int_equal(s.calls, 3);
	assert_int_equal(calls(), 4);
	strvec_clear(&out);
	symbolizer_free(&s);
	free(d);
	free(v);
}

static void says_why_not(void **state)
{
	struct symbolizer s;
	struct strvec out = STRVEC_INIT;
	char why[256], *d = path("decode_stacktrace.sh"), *v = path("vmlinux"), *lose = path("lose-lines");

	(void)state;
	/* A prebuilt kernel: no decoder, and the reason is the kernel's. */
	symbolizer_init(&s, NULL, NULL, "a prebuilt kernel: no vmlinux with debug info here");
	assert_int_equal(symbolize_report(&s, NULL, report, 0, 7, &out, why, sizeof(why)), -1);
	assert_string_equal(why, "a prebuilt kernel: no vmlinux with debug info here");
	assert_int_equal(out.nr, 0);
	symbolizer_free(&s);

	/* A decoder that does not answer line for line is an error, not an undecoded stack. */
	write_file(lose, "", 0);
	symbolizer_init(&s, d, v, NULL);
	assert_int_equal(symbolize_report(&s, NULL, report, 0, 7, &out, why, sizeof(why)), -1);
	assert_non_null(strstr(why, "gave 0 lines for 4 frames"));
	assert_int_equal(out.nr, 0);
	symbolizer_free(&s);
	unlink(lose);
	calls();
	free(d);
	free(v);
	free(lose);
}

static void frame_lines(void **state)
{
	(void)state;
	assert_true(symbolize_is_frame(" memory_failure+0x33a/0xd80"));
	assert_true(symbolize_is_frame("RIP: 0010:action_result+0x86/0x269"));
	assert_true(symbolize_is_frame(" ? dax_alive+0x10/0x20 [dax]"));
	assert_false(symbolize_is_frame("Call Trace:"));
	assert_false(symbolize_is_frame("x +0x1/0x2"));
	assert_false(symbolize_is_frame("f+0x1/"));
	assert_false(symbolize_is_frame("f+0x/0x2"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(decodes_frames_only),
		cmocka_unit_test(says_why_not),
		cmocka_unit_test(frame_lines),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
