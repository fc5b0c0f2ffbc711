// SPDX-License-Identifier: GPL-2.0
/*
 * The report engine. Every file in tests/golden is a real console log
 * produced by pmemfi, headed by "#! report: TYPE | TITLE | FRAME | STEP"
 * lines (or "#! reports: none"); adding a case is adding a file. The
 * synthetic cases below cover report shapes the suite has not met yet.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "../../harness/console.h"
#include "../../harness/report.h"
#include "../../harness/util.h"

#define GOLDEN "tests/golden"

struct expected {
	char type[32], title[256], frame[128], step[256];
};

static void trim(char *s)
{
	char *e = s + strlen(s);

	while (e > s && (e[-1] == ' ' || e[-1] == '\n'))
		*--e = '\0';
	memmove(s, s + strspn(s, " "), strlen(s + strspn(s, " ")) + 1);
}

static int parse_expected(const char *line, struct expected *e)
{
	char buf[1024], *f[4], *save = NULL;
	int n = 0;

	snprintf(buf, sizeof(buf), "%s", line);
	for (char *t = strtok_r(buf, "|", &save); t && n < 4; t = strtok_r(NULL, "|", &save))
		f[n++] = t;
	if (n != 4)
		return -1;
	for (int i = 0; i < 4; i++)
		trim(f[i]);
	snprintf(e->type, sizeof(e->type), "%s", f[0]);
	snprintf(e->title, sizeof(e->title), "%s", f[1]);
	snprintf(e->frame, sizeof(e->frame), "%s", f[2]);
	snprintf(e->step, sizeof(e->step), "%s", f[3]);
	return 0;
}

static void check_golden(const char *path)
{
	struct console_log log;
	struct console_span *spans;
	struct report_set set;
	struct expected exp[16];
	int nexp = 0, header = 0, none = 0, nspans;

	assert_int_equal(console_load(path, &log), 0);
	while (header < log.nr && !strncmp(log.lines[header], "#!", 2)) {
		const char *l = log.lines[header++];

		if (!strncmp(l, "#! report: ", 11)) {
			if (nexp == 16 || parse_expected(l + 11, &exp[nexp++]))
				fail_msg("%s: bad header line: %s", path, l);
		} else if (!strcmp(l, "#! reports: none")) {
			none = 1;
		}
	}
	if (!nexp && !none)
		fail_msg("%s: no '#! report:' or '#! reports: none' header", path);
	report_scan(log.lines + header, log.nr - header, &set);
	if (set.nr != nexp) {
		for (int i = 0; i < set.nr; i++)
			print_error("  found: %s | %s | %s\n", set.v[i].type, set.v[i].title, set.v[i].frame);
		fail_msg("%s: %d reports, expected %d", path, set.nr, nexp);
	}
	/* Attribution is checked on the log as written (header included). */
	nspans = console_spans(&log, &spans);
	for (int i = 0; i < nexp; i++) {
		const struct report *r = &set.v[i];
		int at = console_span_at(spans, nspans, r->start_line + header);
		const char *step = at >= 0 ? spans[at].step : at == -1 ? "boot" : "teardown";

		if (strcmp(r->type, exp[i].type) || strcmp(r->title, exp[i].title) ||
		    strcmp(r->frame, exp[i].frame) || strcmp(step, exp[i].step))
			fail_msg("%s: report %d is '%s | %s | %s | %s', expected '%s | %s | %s | %s'", path, i + 1,
				 r->type, r->title, r->frame, step, exp[i].type, exp[i].title, exp[i].frame,
				 exp[i].step);
		assert_int_equal(r->corrupted, 0);
		assert_int_equal(strlen(r->signature), 16);
		assert_true(r->start_line >= 1 && r->end_line >= r->start_line);
	}
	console_spans_free(spans, nspans);
	report_set_free(&set);
	console_free(&log);
}

static void golden_corpus(void **state)
{
	DIR *d = opendir(GOLDEN);
	struct dirent *e;
	int files = 0;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[512];

		if (!strstr(e->d_name, ".log"))
			continue;
		snprintf(path, sizeof(path), GOLDEN "/%s", e->d_name);
		check_golden(path);
		files++;
	}
	closedir(d);
	assert_true(files >= 4);
}

/* Scan an in-memory log (lines separated by \n). */
static void scan(const char *text, struct report_set *set, struct console_log *log)
{
	console_init(log, NULL);
	console_feed(log, text, strlen(text));
	console_finish(log);
	report_scan(log->lines, log->nr, set);
}

static void expect_one(const char *text, const char *type, const char *title, const char *frame)
{
	struct console_log log;
	struct report_set set;

	scan(text, &set, &log);
	if (set.nr < 1)
		fail_msg("no report found, expected '%s'", title);
	if (strcmp(set.v[0].title, title) || strcmp(set.v[0].type, type) || strcmp(set.v[0].frame, frame))
		fail_msg("got '%s | %s | %s', expected '%s | %s | %s'", set.v[0].type, set.v[0].title,
			 set.v[0].frame, type, title, frame);
	report_set_free(&set);
	console_free(&log);
}

/* The shape of a KASAN GPF from the 2021 bug (seed-bug canary), 6.12 format. */
static const char kasan_gpf[] =
	"[   12.000001] Injecting memory failure at pfn 0x100000\n"
	"[   12.000002] Oops: general protection fault, probably for non-canonical address 0xdffffc0000000002: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
	"[   12.000003] KASAN: null-ptr-deref in range [0x0000000000000010-0x0000000000000017]\n"
	"[   12.000004] CPU: 1 UID: 0 PID: 190 Comm: memory_failure Not tainted 6.12.117-pmemfi #1\n"
	"[   12.000005] RIP: 0010:dax_lock_folio+0x86/0x269\n"
	"[   12.000006] Call Trace:\n"
	"[   12.000007]  <TASK>\n"
	"[   12.000008]  ? die_addr+0x3c/0xa0\n"
	"[   12.000009]  mf_generic_kill_procs+0x9b/0x2a0\n"
	"[   12.000010]  memory_failure+0x5a1/0x1a40\n"
	"[   12.000011]  </TASK>\n"
	"[   12.000012] ---[ end trace 0000000000000000 ]---\n"
	"[   12.000013] RIP: 0010:dax_lock_folio+0x86/0x269\n"
	"[   12.000014] Kernel panic - not syncing: Fatal exception\n"
	"[   12.000015] Kernel Offset: disabled\n";

static void kasan_gpf_titles_at_rip(void **state)
{
	struct console_log log;
	struct report_set set;

	(void)state;
	scan(kasan_gpf, &set, &log);
	assert_int_equal(set.nr, 1);
	assert_string_equal(set.v[0].title, "KASAN: null-ptr-deref in dax_lock_folio");
	assert_string_equal(set.v[0].type, "kasan");
	/* The panic after the oops is part of it, not a second report. */
	assert_int_equal(set.v[0].start_line, 2);
	assert_int_equal(set.v[0].end_line, 14);
	report_set_free(&set);
	console_free(&log);
}

/* DEBUG_VM_PGFLAGS on a poisoned struct page, as shared/DESIGN.md describes it. */
static void poisoned_page_is_kernel_bug(void **state)
{
	(void)state;
	expect_one("[    9.1] page:ffffea0004000000 is uninitialized and poisoned\n"
		   "[    9.2] page dumped because: VM_BUG_ON_PAGE(PagePoisoned(page))\n"
		   "[    9.3] ------------[ cut here ]------------\n"
		   "[    9.4] kernel BUG at include/linux/mm.h:1886!\n"
		   "[    9.5] Oops: invalid opcode: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
		   "[    9.6] RIP: 0010:action_result+0x2c1/0x330\n"
		   "[    9.7] Call Trace:\n"
		   "[    9.8]  memory_failure+0x4f/0x100\n"
		   "[    9.9] ---[ end trace 0000000000000000 ]---\n",
		   "bug", "kernel BUG in action_result", "action_result");
}

static void kasan_report(void **state)
{
	(void)state;
	expect_one("[    1.0] ==================================================================\n"
		   "[    1.1] BUG: KASAN: slab-use-after-free in nd_pmem_probe+0x12/0x100 [nd_pmem]\n"
		   "[    1.2] Read of size 8 at addr ffff888004c1e000 by task kworker/0:1/33\n"
		   "[    1.3] CPU: 0 UID: 0 PID: 33 Comm: kworker/0:1 Not tainted 6.12.0 #1\n"
		   "[    1.4] Call Trace:\n"
		   "[    1.5]  <TASK>\n"
		   "[    1.6]  dump_stack_lvl+0x5d/0x80\n"
		   "[    1.7]  print_report+0xce/0x660\n"
		   "[    1.8]  kasan_report+0xd8/0x110\n"
		   "[    1.9]  nd_pmem_probe+0x12/0x100 [nd_pmem]\n"
		   "[    2.0] ==================================================================\n",
		   "kasan", "KASAN: slab-use-after-free in nd_pmem_probe", "nd_pmem_probe");
}

static void warning_with_printk_caller(void **state)
{
	(void)state;
	expect_one("[   3.000000][  T190] ------------[ cut here ]------------\n"
		   "[   3.000001][  T190] Memory failure: pfn=0x100000, invalid nid=1023\n"
		   "[   3.000002][  T190] WARNING: CPU: 1 PID: 190 at mm/memory-failure.c:1290 update_per_node_mf_stats.isra.0+0x5d/0x80\n"
		   "[   3.000003][  T190] Modules linked in: nd_pmem\n"
		   "[   3.000004][  T190] RIP: 0010:update_per_node_mf_stats.isra.0+0x5d/0x80\n"
		   "[   3.000005][  T190] Call Trace:\n"
		   "[   3.000006][  T190]  action_result+0x33/0x90\n"
		   "[   3.000007][  T190] ---[ end trace 0000000000000000 ]---\n",
		   "warning", "WARNING in update_per_node_mf_stats", "update_per_node_mf_stats");
}

static void no_timestamps(void **state)
{
	(void)state;
	expect_one("BUG: kernel NULL pointer dereference, address: 0000000000000008\n"
		   "#PF: supervisor read access in kernel mode\n"
		   "Oops: Oops: 0000 [#1] PREEMPT SMP NOPTI\n"
		   "RIP: 0010:dax_lock_page.constprop.0+0x20/0x90\n"
		   "Call Trace:\n"
		   " memory_failure+0x1/0x2\n"
		   "---[ end trace 0000000000000000 ]---\n",
		   "bug", "BUG: kernel NULL pointer dereference in dax_lock_page", "dax_lock_page");
}

static void hung_task_skips_scheduler(void **state)
{
	(void)state;
	expect_one("[  240.1] INFO: task memory_failure:190 blocked for more than 120 seconds.\n"
		   "[  240.2]       Not tainted 6.12.0 #1\n"
		   "[  240.3] task:memory_failure  state:D stack:0     pid:190\n"
		   "[  240.4] Call Trace:\n"
		   "[  240.5]  <TASK>\n"
		   "[  240.6]  __schedule+0x3c0/0x1000\n"
		   "[  240.7]  schedule+0x27/0xf0\n"
		   "[  240.8]  schedule_preempt_disabled+0x15/0x30\n"
		   "[  240.9]  __mutex_lock.constprop.0+0x3a0/0x6a0\n"
		   "[  241.0]  memory_failure+0x5a/0x1a40\n"
		   "[  241.1]  </TASK>\n",
		   "hang", "INFO: task hung in memory_failure", "memory_failure");
}

static void standalone_panic(void **state)
{
	(void)state;
	expect_one("[    2.1] Kernel panic - not syncing: Attempted to kill init! exitcode=0x0000000b\n",
		   "panic", "Kernel panic: Attempted to kill init! exitcode", "");
}

static void truncated_is_corrupted(void **state)
{
	struct console_log log;
	struct report_set set;

	(void)state;
	scan("[    5.1] BUG: unable to handle page fault for address: 000000000002a958\n"
	     "[    5.2] #PF: supervisor read access in kernel mode\n", &set, &log);
	assert_int_equal(set.nr, 1);
	assert_true(set.v[0].corrupted);
	assert_non_null(strstr(set.v[0].corrupted_reason, "truncated"));
	assert_string_equal(set.v[0].title, "BUG: unable to handle page fault");
	report_set_free(&set);
	console_free(&log);
}

static void interleaved_is_corrupted(void **state)
{
	struct console_log log;
	struct report_set set;

	(void)state;
	scan("[    5.1] BUG: unable to handle page fault for address: 000000000002a958\n"
	     "[    5.2] CPU: 0 UID: 0 PID: 185 Comm: memory_failure Not tainted 6.12.0 #1\n"
	     "[    5.3] CPU: 1 UID: 0 PID: 186 Comm: memory_failure Not tainted 6.12.0 #1\n"
	     "[    5.4] RIP: 0010:action_result+0xd5/0x130\n"
	     "[    5.5] ---[ end trace 0000000000000000 ]---\n", &set, &log);
	assert_int_equal(set.nr, 1);
	assert_true(set.v[0].corrupted);
	assert_non_null(strstr(set.v[0].corrupted_reason, "interleaved"));
	report_set_free(&set);
	console_free(&log);
}

static void titles_are_stable(void **state)
{
	char out[128];

	(void)state;
	report_clean_func("update_per_node_mf_stats.isra.0+0x5d/0x80", out, sizeof(out));
	assert_string_equal(out, "update_per_node_mf_stats");
	report_clean_func("count_memcg_events.constprop.0+0x1a/0x30", out, sizeof(out));
	assert_string_equal(out, "count_memcg_events");
	report_clean_func("foo.part.3.cold+0x1/0x2 [nd_pmem]", out, sizeof(out));
	assert_string_equal(out, "foo");
	assert_string_equal(report_strip_prefix("[    5.523778] BUG: x"), "BUG: x");
	assert_string_equal(report_strip_prefix("[    5.523778][  T185] BUG: x"), "BUG: x");
	assert_string_equal(report_strip_prefix("<4>BUG: x"), "BUG: x");
	assert_string_equal(report_strip_prefix("user text[    5.5] BUG: x"), "BUG: x");
	assert_string_equal(report_strip_prefix("no prefix [here]"), "no prefix [here]");
}

/* Garbage in, no crash, no report made of garbage. */
static void garbage(void **state)
{
	struct console_log log;
	struct report_set set;
	char buf[65536];
	unsigned x = 12345;

	(void)state;
	for (size_t i = 0; i < sizeof(buf) - 1; i++) {
		x = x * 1103515245 + 12345;
		buf[i] = (char)(x >> 16);
	}
	buf[sizeof(buf) - 1] = '\0';
	console_init(&log, NULL);
	console_feed(&log, buf, sizeof(buf));
	console_finish(&log);
	report_scan(log.lines, log.nr, &set);
	report_set_free(&set);
	console_free(&log);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_corpus),
		cmocka_unit_test(kasan_gpf_titles_at_rip),
		cmocka_unit_test(poisoned_page_is_kernel_bug),
		cmocka_unit_test(kasan_report),
		cmocka_unit_test(warning_with_printk_caller),
		cmocka_unit_test(no_timestamps),
		cmocka_unit_test(hung_task_skips_scheduler),
		cmocka_unit_test(standalone_panic),
		cmocka_unit_test(truncated_is_corrupted),
		cmocka_unit_test(interleaved_is_corrupted),
		cmocka_unit_test(titles_are_stable),
		cmocka_unit_test(garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
