// SPDX-License-Identifier: GPL-2.0
/*
 * The report engine. Every file in tests/golden is a real console log
 * produced by pmemfi, headed by "#! report: TYPE | TITLE | FRAME | STEP"
 * lines (or "#! reports: none"); adding a case is adding a file. The
 * synthetic cases below cover report shapes the suite has not met yet.
 */
#include <ctype.h>
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
	report_clean_func("0xffffffffc0123456", out, sizeof(out));
	assert_string_equal(out, "");
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

/*
 * Every report kind, as a 6.12 kernel prints it (mm/kasan/report.c,
 * mm/kfence/report.c, lib/ubsan.c, kernel/watchdog.c, kernel/hung_task.c,
 * kernel/rcu/tree_stall.h, kernel/locking/lockdep.c, mm/page_alloc.c,
 * mm/memory.c, kernel/panic.c, arch/x86/kernel/traps.c, arch/x86/mm/fault.c),
 * without the console prefix: report_kinds() runs each bare, with printk
 * timestamps and with PRINTK_CALLER ids, and all three must agree. The
 * expected titles follow the convention of report.c's coverage list.
 */
#define HW "Hardware name: QEMU Standard PC (Q35 + ICH9, 2009), BIOS 1.16.2-debian-1.16.2-1 04/01/2014\n"
#define CPU1(pid, comm) "CPU: 1 UID: 0 PID: " #pid " Comm: " comm " Not tainted 6.12.117-pmemfi #1\n" HW
#define REGS \
	"RSP: 0018:ffffc90000a3bc48 EFLAGS: 00010246\n" \
	"RAX: 0000000000000000 RBX: ffd4000004000000 RCX: 0000000000000000\n" \
	"RDX: 0000000000000000 RSI: 0000000000000000 RDI: ffd4000004000000\n" \
	"RBP: ffffc90000a3bc98 R08: 0000000000000000 R09: 0000000000000000\n" \
	"R10: 0000000000000000 R11: 0000000000000000 R12: 0000000000100000\n" \
	"R13: 0000000000000001 R14: 0000000000000011 R15: 0000000000000000\n" \
	"FS:  00007f66cb35c7c0(0000) GS:ff11000034f00000(0000) knlGS:0000000000000000\n" \
	"CS:  0010 DS: 0000 ES: 0000 CR0: 0000000080050033\n" \
	"CR2: 00007ffcabc7dfa0 CR3: 00000000064d3000 CR4: 00000000007516f0\n"
#define CODE "Code: 2a 48 c1 ea 03 80 3c 02 00 74 08 48 89 df e8 a9 c5 fd ff <0f> 0b 48 89 da b8 ff ff 37 00\n"
#define RULE "==================================================================\n"
#define SHADOW \
	"Memory state around the buggy address:\n" \
	" ffff888008e4f180: fc fc fc fc fc fc fc fc fc fc fc fc fc fc fc fc\n" \
	">ffff888008e4f280: 00 00 00 00 00 00 00 00 fc fc fc fc fc fc fc fc\n" \
	"                                           ^\n" \
	" ffff888008e4f300: fc fc fc fc fc fc fc fc fc fc fc fc fc fc fc fc\n"
#define MODULES "Modules linked in: device_dax dax_pmem nd_pmem nd_btt nfit libnvdimm\n"
#define SYSCALL_TAIL \
	" ksys_write+0xf2/0x151\n" \
	" do_syscall_64+0x4e/0xa4\n" \
	" entry_SYSCALL_64_after_hwframe+0x4b/0x53\n" \
	"RIP: 0033:0x7f66cba1b350\n" \
	" </TASK>\n"
#define END_TRACE "---[ end trace 0000000000000000 ]---\n"

struct kind_case {
	const char *name, *text;
	const char *type, *title, *frame;	/* type NULL: no report */
	int corrupted;
};

static const struct kind_case kind_cases[] = {
	{ "kasan slab-out-of-bounds (page dump inside)",
	  RULE
	  "BUG: KASAN: slab-out-of-bounds in nd_pfn_validate+0x6c4/0x7a0 [libnvdimm]\n"
	  "Read of size 8 at addr ffff888008e4f2c0 by task kworker/u8:2/41\n"
	  "\n"
	  CPU1(41, "kworker/u8:2")
	  "Workqueue: async async_run_entry_fn\n"
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " print_report+0xce/0x660\n"
	  " ? nd_pfn_validate+0x6c4/0x7a0 [libnvdimm]\n"
	  " kasan_report+0xd8/0x110\n"
	  " ? nd_pfn_validate+0x6c4/0x7a0 [libnvdimm]\n"
	  " nd_pfn_validate+0x6c4/0x7a0 [libnvdimm]\n"
	  " nd_pfn_probe+0x1a1/0x260 [libnvdimm]\n"
	  " </TASK>\n"
	  "\n"
	  "Allocated by task 41:\n"
	  " kasan_save_stack+0x30/0x50\n"
	  " kasan_save_track+0x14/0x30\n"
	  " __kasan_kmalloc+0x8f/0xa0\n"
	  " nd_pfn_probe+0x9a/0x260 [libnvdimm]\n"
	  "\n"
	  "The buggy address belongs to the object at ffff888008e4f200\n"
	  " which belongs to the cache kmalloc-192 of size 192\n"
	  "The buggy address is located 0 bytes to the right of\n"
	  " allocated 192-byte region [ffff888008e4f200, ffff888008e4f2c0)\n"
	  "\n"
	  "The buggy address belongs to the physical page:\n"
	  "page: refcount:1 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x8e4f\n"
	  "flags: 0x100000000000000(node=0|zone=1)\n"
	  "page_type: f5(slab)\n"
	  "raw: 0100000000000000 ffff888001042a00 dead000000000122 0000000000000000\n"
	  "raw: 0000000000000000 0000000080100010 00000001f5000000 0000000000000000\n"
	  "page dumped because: kasan: bad access detected\n"
	  "\n"
	  SHADOW
	  RULE
	  "Disabling lock debugging due to kernel taint\n",
	  "kasan", "KASAN: slab-out-of-bounds in nd_pfn_validate", "nd_pfn_validate", 0 },
	{ "kasan slab-use-after-free",
	  RULE
	  "BUG: KASAN: slab-use-after-free in pmem_release_disk+0x3f/0x90 [nd_pmem]\n"
	  "Write of size 4 at addr ffff888004c1e010 by task ns_setup/187\n"
	  "\n"
	  CPU1(187, "ns_setup")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " print_report+0xce/0x660\n"
	  " kasan_report+0xd8/0x110\n"
	  " pmem_release_disk+0x3f/0x90 [nd_pmem]\n"
	  " devm_action_release+0x15/0x20\n"
	  " </TASK>\n"
	  "\n"
	  "Allocated by task 150:\n"
	  " kasan_save_stack+0x30/0x50\n"
	  " pmem_attach_disk+0x8d/0x6a0 [nd_pmem]\n"
	  "\n"
	  "Freed by task 187:\n"
	  " kasan_save_stack+0x30/0x50\n"
	  " kfree+0x104/0x300\n"
	  " nd_pmem_remove+0x4a/0x60 [nd_pmem]\n"
	  "\n"
	  SHADOW
	  RULE,
	  "kasan", "KASAN: slab-use-after-free in pmem_release_disk", "pmem_release_disk", 0 },
	{ "kasan use-after-free (page)",
	  RULE
	  "BUG: KASAN: use-after-free in memory_failure+0x9b/0x1a40\n"
	  "Read of size 8 at addr ffff888100000008 by task memory_failure/190\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " print_report+0xce/0x660\n"
	  " kasan_report+0xd8/0x110\n"
	  " memory_failure+0x9b/0x1a40\n"
	  " hwpoison_inject+0x214/0x2bc\n"
	  " </TASK>\n"
	  SHADOW
	  RULE,
	  "kasan", "KASAN: use-after-free in memory_failure", "memory_failure", 0 },
	{ "kasan global-out-of-bounds (variable line after the trace)",
	  RULE
	  "BUG: KASAN: global-out-of-bounds in action_name.isra.0+0x23/0x40\n"
	  "Read of size 8 at addr ffffffff82a4c1a0 by task memory_failure/190\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " print_report+0xce/0x660\n"
	  " kasan_report+0xd8/0x110\n"
	  " action_name.isra.0+0x23/0x40\n"
	  " action_result+0x33/0x90\n"
	  " </TASK>\n"
	  "\n"
	  "The buggy address belongs to the variable:\n"
	  " action_page_types+0x1a0/0x1c0\n"
	  SHADOW
	  RULE,
	  "kasan", "KASAN: global-out-of-bounds in action_name", "action_name", 0 },
	{ "kasan stack-out-of-bounds in a string function",
	  RULE
	  "BUG: KASAN: stack-out-of-bounds in strscpy+0x2b0/0x300\n"
	  "Read of size 8 at addr ffffc90000a3bd68 by task pfn_walkers/201\n"
	  CPU1(201, "pfn_walkers")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " print_report+0xce/0x660\n"
	  " ? strscpy+0x2b0/0x300\n"
	  " kasan_report+0xd8/0x110\n"
	  " strscpy+0x2b0/0x300\n"
	  " pfn_walk_info.constprop.0+0x8e/0x120\n"
	  " pfn_walk_ioctl+0x42/0x90\n"
	  " </TASK>\n"
	  "\n"
	  "The buggy address belongs to stack of task pfn_walkers/201\n"
	  " and is located at offset 48 in frame:\n"
	  " pfn_walk_info.constprop.0+0x0/0x120\n"
	  SHADOW
	  RULE,
	  "kasan", "KASAN: stack-out-of-bounds in pfn_walk_info", "pfn_walk_info", 0 },
	{ "kasan null-ptr-deref report",
	  RULE
	  "BUG: KASAN: null-ptr-deref in dax_lock_folio+0x87/0x1c0\n"
	  "Read of size 8 at addr 0000000000000008 by task memory_failure/190\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " kasan_report+0xd8/0x110\n"
	  " dax_lock_folio+0x87/0x1c0\n"
	  " </TASK>\n"
	  RULE,
	  "kasan", "KASAN: null-ptr-deref in dax_lock_folio", "dax_lock_folio", 0 },
	{ "kasan wild-memory-access",
	  RULE
	  "BUG: KASAN: wild-memory-access in shake_folio+0x1c/0x3a\n"
	  "Read of size 8 at addr 00ffffffffffff07 by task memory_failure/190\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " kasan_report+0xd8/0x110\n"
	  " shake_folio+0x1c/0x3a\n"
	  " </TASK>\n"
	  RULE,
	  "kasan", "KASAN: wild-memory-access in shake_folio", "shake_folio", 0 },
	{ "kasan user-memory-access in a copy helper",
	  RULE
	  "BUG: KASAN: user-memory-access in _copy_to_user+0x5c/0x80\n"
	  "Read of size 64 at addr 0000000000a0f000 by task pfn_walkers/201\n"
	  CPU1(201, "pfn_walkers")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " kasan_report+0xd8/0x110\n"
	  " kasan_check_range+0x10d/0x1c0\n"
	  " _copy_to_user+0x5c/0x80\n"
	  " pfn_read+0x11e/0x1a0\n"
	  " vfs_read+0x16b/0x31c\n"
	  " </TASK>\n"
	  RULE,
	  "kasan", "KASAN: user-memory-access in pfn_read", "pfn_read", 0 },
	{ "kasan double-free",
	  RULE
	  "BUG: KASAN: double-free in nd_region_release+0x7c/0xd0 [libnvdimm]\n"
	  "Free of addr ffff888004a1c000 by task kworker/0:2/55\n"
	  CPU1(55, "kworker/0:2")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " print_report+0xce/0x660\n"
	  " kasan_report_invalid_free+0xa9/0xd0\n"
	  " check_slab_allocation+0x10c/0x120\n"
	  " kfree+0x11c/0x380\n"
	  " nd_region_release+0x7c/0xd0 [libnvdimm]\n"
	  " device_release+0x34/0x90\n"
	  " </TASK>\n"
	  RULE,
	  "kasan", "KASAN: double-free in nd_region_release", "nd_region_release", 0 },
	{ "kasan invalid-free found in kfree",
	  RULE
	  "BUG: KASAN: invalid-free in kfree+0x11c/0x380\n"
	  "Free of addr ffff888004a1c008 by task kworker/0:2/55\n"
	  CPU1(55, "kworker/0:2")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " print_report+0xce/0x660\n"
	  " kasan_report_invalid_free+0xa9/0xd0\n"
	  " free_large_kmalloc+0x3a/0xe0\n"
	  " kfree+0x11c/0x380\n"
	  " nd_btt_release+0x20/0x60 [nd_btt]\n"
	  " </TASK>\n"
	  RULE,
	  "kasan", "KASAN: invalid-free in nd_btt_release", "nd_btt_release", 0 },
	{ "kasan vmalloc-out-of-bounds",
	  RULE
	  "BUG: KASAN: vmalloc-out-of-bounds in walk_region+0x1b4/0x2c0\n"
	  "Write of size 1 at addr ffffc90000c45000 by task pfn_walkers/201\n"
	  CPU1(201, "pfn_walkers")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " kasan_report+0xd8/0x110\n"
	  " walk_region+0x1b4/0x2c0\n"
	  " </TASK>\n"
	  "\n"
	  "The buggy address belongs to a 1-page vmalloc region starting at 0xffffc90000c44000 allocated at walk_init+0x2a/0x80\n"
	  RULE,
	  "kasan", "KASAN: vmalloc-out-of-bounds in walk_region", "walk_region", 0 },
	{ "kasan out-of-bounds",
	  RULE
	  "BUG: KASAN: out-of-bounds in nsl_get_uuid+0x21/0x50 [libnvdimm]\n"
	  "Read of size 16 at addr ffff888004c1e0f8 by task ns_setup/187\n"
	  CPU1(187, "ns_setup")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " kasan_report+0xd8/0x110\n"
	  " __asan_memcpy+0x23/0x60\n"
	  " nsl_get_uuid+0x21/0x50 [libnvdimm]\n"
	  " </TASK>\n"
	  RULE,
	  "kasan", "KASAN: out-of-bounds in nsl_get_uuid", "nsl_get_uuid", 0 },
	{ "kasan gpf: null-ptr-deref in range",
	  "Oops: general protection fault, probably for non-canonical address 0xdffffc0000000002: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
	  "KASAN: null-ptr-deref in range [0x0000000000000010-0x0000000000000017]\n"
	  CPU1(190, "memory_failure")
	  "RIP: 0010:dax_lock_folio+0x87/0x1c0\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <TASK>\n"
	  " ? die_addr+0x3c/0xa0\n"
	  " ? exc_general_protection+0x14c/0x220\n"
	  " ? asm_exc_general_protection+0x26/0x30\n"
	  " ? dax_lock_folio+0x87/0x1c0\n"
	  " mf_generic_kill_procs+0x9b/0x2a0\n"
	  " memory_failure+0x5a1/0x1a40\n"
	  SYSCALL_TAIL
	  MODULES
	  END_TRACE
	  "RIP: 0010:dax_lock_folio+0x87/0x1c0\n"
	  "Kernel panic - not syncing: Fatal exception\n"
	  "Kernel Offset: disabled\n",
	  "kasan", "KASAN: null-ptr-deref in dax_lock_folio", "dax_lock_folio", 0 },
	{ "kasan gpf: maybe wild-memory-access (no Oops: prefix)",
	  "general protection fault, probably for non-canonical address 0xe01ffbf11002a143: 0000 [#1] PREEMPT SMP KASAN\n"
	  "KASAN: maybe wild-memory-access in range [0x00ffff8880150a18-0x00ffff8880150a1f]\n"
	  CPU1(190, "memory_failure")
	  "RIP: 0010:is_free_buddy_page+0x42/0x70\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <TASK>\n"
	  " take_page_off_buddy+0x1c/0x150\n"
	  " </TASK>\n"
	  END_TRACE,
	  "kasan", "KASAN: wild-memory-access in is_free_buddy_page", "is_free_buddy_page", 0 },
	{ "kasan gpf: probably user-memory-access",
	  "Oops: general protection fault, probably for non-canonical address 0xdffffc00000a0003: 0000 [#1] PREEMPT SMP KASAN NOPTI\n"
	  "KASAN: probably user-memory-access in range [0x0000000000500018-0x000000000050001f]\n"
	  CPU1(190, "memory_failure")
	  "RIP: 0010:shake_folio+0x1c/0x3a\n"
	  "Call Trace:\n"
	  " <TASK>\n"
	  " hwpoison_inject+0x214/0x2bc\n"
	  " </TASK>\n"
	  END_TRACE,
	  "kasan", "KASAN: user-memory-access in shake_folio", "shake_folio", 0 },
	{ "kfence use-after-free read",
	  RULE
	  "BUG: KFENCE: use-after-free read in nd_label_free_slot+0x3a/0xa0 [libnvdimm]\n"
	  "\n"
	  "Use-after-free read at 0x00000000b1c5e0e4 (in kfence-#12):\n"
	  " nd_label_free_slot+0x3a/0xa0 [libnvdimm]\n"
	  " __pmem_label_update+0x2f1/0x6c0 [libnvdimm]\n"
	  " nd_pmem_namespace_label_update+0x11e/0x1a0 [libnvdimm]\n"
	  "\n"
	  "kfence-#12: 0x00000000b1c5e0e4-0x0000000065b1ac2c, size=64, cache=kmalloc-64\n"
	  "\n"
	  "allocated by task 187 on cpu 1 at 18.123456s (0.012345s ago):\n"
	  " __kmalloc_cache_noprof+0x1a5/0x2f0\n"
	  " nd_label_data_init+0x8a/0x1c0 [libnvdimm]\n"
	  "\n"
	  "freed by task 187 on cpu 1 at 18.130000s (0.005801s ago):\n"
	  " kfree+0x104/0x300\n"
	  " nd_label_data_free+0x14/0x30 [libnvdimm]\n"
	  "\n"
	  CPU1(187, "ns_setup")
	  RULE,
	  "kfence", "KFENCE: use-after-free read in nd_label_free_slot", "nd_label_free_slot", 0 },
	{ "kfence out-of-bounds write",
	  RULE
	  "BUG: KFENCE: out-of-bounds write in pfn_sb_init+0x1f0/0x260 [libnvdimm]\n"
	  "\n"
	  "Out-of-bounds write at 0x000000003a1c77e4 (4096B right of kfence-#3):\n"
	  " pfn_sb_init+0x1f0/0x260 [libnvdimm]\n"
	  " nd_pfn_init+0x58/0x90 [libnvdimm]\n"
	  "\n"
	  "kfence-#3: 0x00000000e3c8b1d1-0x0000000012f0a7a9, size=4096, cache=kmalloc-4k\n"
	  "\n"
	  CPU1(187, "ns_setup")
	  RULE,
	  "kfence", "KFENCE: out-of-bounds write in pfn_sb_init", "pfn_sb_init", 0 },
	{ "kfence invalid free",
	  RULE
	  "BUG: KFENCE: invalid free in nd_btt_release+0x20/0x60 [nd_btt]\n"
	  "\n"
	  "Invalid free of 0x000000003a1c77e4 (in kfence-#3):\n"
	  " nd_btt_release+0x20/0x60 [nd_btt]\n"
	  " device_release+0x34/0x90\n"
	  "\n"
	  CPU1(187, "ns_setup")
	  RULE,
	  "kfence", "KFENCE: invalid free in nd_btt_release", "nd_btt_release", 0 },
	{ "kfence memory corruption",
	  RULE
	  "BUG: KFENCE: memory corruption in nd_region_release+0x7c/0xd0 [libnvdimm]\n"
	  "\n"
	  "Corrupted memory at 0x00000000e3c8b1d9 [ ! . . . . . . . . . . . . . . . ] (in kfence-#5):\n"
	  " nd_region_release+0x7c/0xd0 [libnvdimm]\n"
	  "\n"
	  CPU1(55, "kworker/0:2")
	  RULE,
	  "kfence", "KFENCE: memory corruption in nd_region_release", "nd_region_release", 0 },
	{ "ubsan array-index-out-of-bounds",
	  "------------[ cut here ]------------\n"
	  "UBSAN: array-index-out-of-bounds in mm/memory-failure.c:1290:28\n"
	  "index 1023 is out of range for type 'struct memory_failure_stats [2]'\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " __ubsan_handle_out_of_bounds+0xa7/0xe0\n"
	  " update_per_node_mf_stats.isra.0+0x5d/0x80\n"
	  " action_result+0x33/0x90\n"
	  " memory_failure+0x5a1/0x1a40\n"
	  " </TASK>\n"
	  "---[ end trace ]---\n",
	  "ubsan", "UBSAN: array-index-out-of-bounds in update_per_node_mf_stats", "update_per_node_mf_stats", 0 },
	{ "ubsan shift-out-of-bounds",
	  "------------[ cut here ]------------\n"
	  "UBSAN: shift-out-of-bounds in drivers/dax/bus.c:412:20\n"
	  "shift exponent 64 is too large for 64-bit type 'unsigned long'\n"
	  CPU1(187, "ns_setup")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " ubsan_epilogue+0x5/0x30\n"
	  " __ubsan_handle_shift_out_of_bounds.cold+0x61/0xec\n"
	  " alloc_dev_dax_range+0x2f1/0x330\n"
	  " </TASK>\n"
	  "---[ end trace ]---\n",
	  "ubsan", "UBSAN: shift-out-of-bounds in alloc_dev_dax_range", "alloc_dev_dax_range", 0 },
	{ "ubsan signed-integer-overflow",
	  "------------[ cut here ]------------\n"
	  "UBSAN: signed-integer-overflow in mm/memory-failure.c:2345:9\n"
	  "2147483647 + 1 cannot be represented in type 'int'\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " handle_overflow+0x171/0x1b0\n"
	  " num_poisoned_pages_inc+0x20/0x40\n"
	  " </TASK>\n"
	  "---[ end trace ]---\n",
	  "ubsan", "UBSAN: signed-integer-overflow in handle_overflow", "handle_overflow", 0 },
	{ "ubsan trap (UBSAN_TRAP): the oops belongs to it",
	  "UBSAN: array index out of bounds at nd_label_validate+0x4e/0x90 [libnvdimm]\n"
	  "Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU1(187, "ns_setup")
	  "RIP: 0010:nd_label_validate+0x4e/0x90 [libnvdimm]\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <TASK>\n"
	  " ? die+0x36/0x90\n"
	  " ? handle_bug+0x90/0xa0\n"
	  " ? exc_invalid_op+0x17/0x70\n"
	  " ? asm_exc_invalid_op+0x1a/0x20\n"
	  " nd_label_data_init+0x1d4/0x2a0 [libnvdimm]\n"
	  " </TASK>\n"
	  END_TRACE,
	  "ubsan", "UBSAN: array-index-out-of-bounds in nd_label_validate", "nd_label_validate", 0 },
	{ "page fault",
	  "BUG: unable to handle page fault for address: ffd4000004ff0033\n"
	  "#PF: supervisor read access in kernel mode\n"
	  "#PF: error_code(0x0000) - not-present page\n"
	  "PGD 0 P4D 0\n"
	  "Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
	  CPU1(190, "memory_failure")
	  "RIP: 0010:is_free_buddy_page+0x42/0x70\n"
	  CODE REGS
	  "PKRU: 55555554\n"
	  "Call Trace:\n"
	  " <TASK>\n"
	  " ? __die+0x23/0x70\n"
	  " ? page_fault_oops+0x173/0x5b0\n"
	  " ? exc_page_fault+0x7e/0x180\n"
	  " ? asm_exc_page_fault+0x26/0x30\n"
	  " ? is_free_buddy_page+0x42/0x70\n"
	  " take_page_off_buddy+0x1c/0x150\n"
	  SYSCALL_TAIL
	  MODULES
	  "CR2: ffd4000004ff0033\n"
	  END_TRACE,
	  "bug", "BUG: unable to handle page fault in is_free_buddy_page", "is_free_buddy_page", 0 },
	{ "kernel NULL pointer dereference",
	  "BUG: kernel NULL pointer dereference, address: 0000000000000031\n"
	  "#PF: supervisor read access in kernel mode\n"
	  "#PF: error_code(0x0000) - not-present page\n"
	  "PGD 0 P4D 0\n"
	  "Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
	  CPU1(190, "memory_failure")
	  "RIP: 0010:shake_folio+0x9/0x30\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <TASK>\n"
	  " hwpoison_inject+0x214/0x2bc\n"
	  " </TASK>\n"
	  END_TRACE,
	  "bug", "BUG: kernel NULL pointer dereference in shake_folio", "shake_folio", 0 },
	{ "soft lockup (RIP in a spin loop)",
	  "watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [stress:214]\n"
	  MODULES
	  "CPU: 1 UID: 0 PID: 214 Comm: stress Tainted: G             L     6.12.117-pmemfi #1\n"
	  "Tainted: [L]=SOFTLOCKUP\n"
	  HW
	  "RIP: 0010:native_queued_spin_lock_slowpath+0x7e/0x2e0\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <IRQ>\n"
	  " ? show_regs+0x6c/0x80\n"
	  " ? watchdog_timer_fn+0x1f3/0x280\n"
	  " ? __pfx_watchdog_timer_fn+0x10/0x10\n"
	  " ? __hrtimer_run_queues+0x112/0x2a0\n"
	  " ? hrtimer_interrupt+0xff/0x240\n"
	  " ? __sysvec_apic_timer_interrupt+0x55/0x140\n"
	  " ? sysvec_apic_timer_interrupt+0x6c/0x90\n"
	  " </IRQ>\n"
	  " <TASK>\n"
	  " ? asm_sysvec_apic_timer_interrupt+0x1a/0x20\n"
	  " ? native_queued_spin_lock_slowpath+0x7e/0x2e0\n"
	  " _raw_spin_lock+0x2d/0x40\n"
	  " dax_lock_folio+0x65/0x1c0\n"
	  " mf_generic_kill_procs+0x9b/0x2a0\n"
	  " memory_failure+0x5a1/0x1a40\n"
	  " </TASK>\n"
	  "Kernel panic - not syncing: softlockup: hung tasks\n",
	  "hang", "BUG: soft lockup in dax_lock_folio", "dax_lock_folio", 0 },
	{ "hard lockup",
	  "watchdog: Watchdog detected hard LOCKUP on cpu 1\n"
	  MODULES
	  CPU1(214, "stress")
	  "RIP: 0010:walk_pfn_range+0x3e/0x90\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <NMI>\n"
	  " ? watchdog_hardlockup_check+0x1b2/0x1c0\n"
	  " </NMI>\n"
	  " <TASK>\n"
	  " pfn_walk_ioctl+0x8e/0x120\n"
	  " </TASK>\n",
	  "hang", "BUG: hard lockup in walk_pfn_range", "walk_pfn_range", 0 },
	{ "workqueue lockup (no stack)",
	  "BUG: workqueue lockup - pool cpus=1 node=0 flags=0x0 nice=0 stuck for 38s!\n"
	  "Showing busy workqueues and worker pools:\n"
	  "workqueue events: flags=0x0\n"
	  "  pwq 2: cpus=1 node=0 flags=0x0 nice=0 active=1 refcnt=2\n",
	  "hang", "BUG: workqueue lockup", "", 0 },
	{ "scheduling while atomic",
	  "BUG: scheduling while atomic: memory_failure/190/0x00000002\n"
	  MODULES
	  "Preemption disabled at:\n"
	  "[<ffffffff8133a1b5>] dax_lock_folio+0x45/0x1c0\n"
	  "CPU: 0 UID: 0 PID: 190 Comm: memory_failure Tainted: G        W          6.12.117-pmemfi #1\n"
	  "Tainted: [W]=WARN\n"
	  HW
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " __schedule_bug+0x5e/0x80\n"
	  " __schedule+0x9d4/0xd00\n"
	  " schedule+0x27/0xf0\n"
	  " schedule_timeout+0x8f/0x160\n"
	  " msleep+0x2b/0x40\n"
	  " mf_dax_kill_procs+0x10a/0x280\n"
	  " memory_failure+0x5a1/0x1a40\n"
	  " </TASK>\n",
	  "bug", "BUG: scheduling while atomic in mf_dax_kill_procs", "mf_dax_kill_procs", 0 },
	{ "sleeping function called from invalid context",
	  "BUG: sleeping function called from invalid context at kernel/locking/mutex.c:585\n"
	  "in_atomic(): 1, irqs_disabled(): 0, non_block: 0, pid: 190, name: memory_failure\n"
	  "preempt_count: 1, expected: 0\n"
	  "RCU nest depth: 0, expected: 0\n"
	  "1 lock held by memory_failure/190:\n"
	  " #0: ffffffff83a5c4b8 (mf_mutex){+.+.}-{3:3}, at: memory_failure+0x6e/0x1a40\n"
	  "Preemption disabled at:\n"
	  "[<ffffffff8133a1b5>] dax_lock_folio+0x45/0x1c0\n"
	  "CPU: 0 UID: 0 PID: 190 Comm: memory_failure Not tainted 6.12.117-pmemfi #1\n"
	  HW
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " __might_resched+0x1d0/0x2a0\n"
	  " __mutex_lock+0x6a/0xa30\n"
	  " mutex_lock_nested+0x1f/0x30\n"
	  " dax_lock_mapping_entry+0x41/0x1c0\n"
	  " mf_generic_kill_procs+0x9b/0x2a0\n"
	  " memory_failure+0x5a1/0x1a40\n"
	  " </TASK>\n",
	  "lockdep", "BUG: sleeping function called from invalid context in dax_lock_mapping_entry",
	  "dax_lock_mapping_entry", 0 },
	{ "bad page state",
	  "BUG: Bad page state in process memory_failure  pfn:100000\n"
	  "page: refcount:0 mapcount:1 mapping:0000000000000000 index:0x0 pfn:0x100000\n"
	  "flags: 0x2fffff80000000(node=0|zone=2|lastcpupid=0x1fffff)\n"
	  "raw: 002fffff80000000 dead000000000100 dead000000000122 0000000000000000\n"
	  "raw: 0000000000000000 0000000000000000 00000000ffffffff 0000000000000000\n"
	  "page dumped because: nonzero mapcount\n"
	  MODULES
	  "CPU: 1 UID: 0 PID: 190 Comm: memory_failure Tainted: G    B              6.12.117-pmemfi #1\n"
	  "Tainted: [B]=BAD_PAGE\n"
	  HW
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " bad_page+0x70/0x110\n"
	  " free_page_is_bad_report+0x7e/0x90\n"
	  " free_unref_page+0x3a9/0x5a0\n"
	  " __folio_put+0x5b/0xc0\n"
	  " unpoison_memory+0x2a3/0x3c0\n"
	  " hwpoison_unpoison+0x1a/0x30\n"
	  " </TASK>\n"
	  "Disabling lock debugging due to kernel taint\n",
	  "bad-page", "BUG: Bad page state in unpoison_memory", "unpoison_memory", 0 },
	{ "bad page map",
	  "BUG: Bad page map in process pfn_walkers  pte:8000000100000225 pmd:10a3c067\n"
	  "page: refcount:0 mapcount:-1 mapping:0000000000000000 index:0x0 pfn:0x100000\n"
	  "flags: 0x2fffff80000000(node=0|zone=2|lastcpupid=0x1fffff)\n"
	  "raw: 002fffff80000000 dead000000000100 dead000000000122 0000000000000000\n"
	  "page dumped because: bad pte\n"
	  "addr:00007f5e1c000000 vm_flags:080000fb anon_vma:0000000000000000 mapping:ffff888004b1c2d8 index:0\n"
	  "file:dax0.0 fault:dev_dax_fault mmap:dax_mmap read_folio:0x0\n"
	  CPU1(201, "pfn_walkers")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " print_bad_pte+0x1d6/0x2a0\n"
	  " vm_normal_page+0xa1/0xc0\n"
	  " zap_pte_range+0x2f6/0xa20\n"
	  " unmap_page_range+0x2e1/0x4a0\n"
	  " </TASK>\n",
	  "bad-page", "BUG: Bad page map in zap_pte_range", "zap_pte_range", 0 },
	{ "general protection fault",
	  "Oops: general protection fault, probably for non-canonical address 0xffd3ffffffffffff: 0000 [#1] PREEMPT SMP PTI\n"
	  CPU1(190, "memory_failure")
	  "RIP: 0010:shake_folio+0x9/0x30\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <TASK>\n"
	  " ? die_addr+0x36/0x90\n"
	  " ? exc_general_protection+0x1c5/0x430\n"
	  " ? asm_exc_general_protection+0x26/0x30\n"
	  " ? shake_folio+0x9/0x30\n"
	  " hwpoison_inject+0x214/0x2bc\n"
	  " </TASK>\n"
	  MODULES
	  END_TRACE,
	  "bug", "general protection fault in shake_folio", "shake_folio", 0 },
	{ "kernel BUG at",
	  "------------[ cut here ]------------\n"
	  "kernel BUG at mm/memory-failure.c:2179!\n"
	  "Oops: invalid opcode: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU1(190, "memory_failure")
	  "RIP: 0010:memory_failure_dev_pagemap+0x2c1/0x330\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <TASK>\n"
	  " ? die+0x36/0x90\n"
	  " ? do_trap+0xdd/0x100\n"
	  " ? memory_failure_dev_pagemap+0x2c1/0x330\n"
	  " ? do_error_trap+0x6a/0x90\n"
	  " ? exc_invalid_op+0x50/0x70\n"
	  " ? asm_exc_invalid_op+0x1a/0x20\n"
	  " memory_failure+0x4f/0x100\n"
	  " </TASK>\n"
	  END_TRACE,
	  "bug", "kernel BUG in memory_failure_dev_pagemap", "memory_failure_dev_pagemap", 0 },
	{ "oops: divide error",
	  "Oops: divide error: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU1(201, "pfn_walkers")
	  "RIP: 0010:pfn_to_bucket.part.0+0x1a/0x40\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <TASK>\n"
	  " ? die+0x36/0x90\n"
	  " ? do_trap+0xdd/0x100\n"
	  " ? exc_divide_error+0x38/0x50\n"
	  " ? asm_exc_divide_error+0x1a/0x20\n"
	  " pfn_walk_ioctl+0x8e/0x120\n"
	  " </TASK>\n"
	  END_TRACE,
	  "bug", "Oops: divide error in pfn_to_bucket", "pfn_to_bucket", 0 },
	{ "double fault",
	  "PANIC: double fault, error_code: 0x0\n"
	  "Oops: double fault: 0000 [#1] PREEMPT SMP NOPTI\n"
	  CPU1(190, "memory_failure")
	  "RIP: 0010:collect_procs_anon+0x2b/0x160\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <#DF>\n"
	  " ? die+0x36/0x90\n"
	  " ? exc_double_fault+0xf3/0x180\n"
	  " </#DF>\n"
	  " <TASK>\n"
	  " collect_procs+0x6e/0x90\n"
	  " </TASK>\n"
	  END_TRACE
	  "Kernel panic - not syncing: Machine halted.\n",
	  "bug", "PANIC: double fault in collect_procs_anon", "collect_procs_anon", 0 },
	{ "WARNING with its WARN_ONCE text",
	  "------------[ cut here ]------------\n"
	  "dax: pgoff 512 beyond end of device\n"
	  "WARNING: CPU: 1 PID: 190 at drivers/dax/device.c:87 dax_pgoff_to_phys+0xe8/0x100 [device_dax]\n"
	  MODULES
	  CPU1(190, "memory_failure")
	  "RIP: 0010:dax_pgoff_to_phys+0xe8/0x100 [device_dax]\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <TASK>\n"
	  " ? __warn+0x89/0x130\n"
	  " ? dax_pgoff_to_phys+0xe8/0x100 [device_dax]\n"
	  " ? report_bug+0x16a/0x190\n"
	  " ? handle_bug+0x5b/0xa0\n"
	  " ? exc_invalid_op+0x17/0x70\n"
	  " ? asm_exc_invalid_op+0x1a/0x20\n"
	  " ? dax_pgoff_to_phys+0xe8/0x100 [device_dax]\n"
	  " __dev_dax_pte_fault+0x6f/0x140 [device_dax]\n"
	  " </TASK>\n"
	  "irq event stamp: 0\n"
	  "hardirqs last  enabled at (0): [<0000000000000000>] 0x0\n"
	  "hardirqs last disabled at (0): [<0000000000000000>] 0x0\n"
	  "softirqs last  enabled at (0): [<0000000000000000>] 0x0\n"
	  "softirqs last disabled at (0): [<0000000000000000>] 0x0\n"
	  END_TRACE,
	  "warning", "WARNING in dax_pgoff_to_phys", "dax_pgoff_to_phys", 0 },
	{ "WARNING without a file",
	  "------------[ cut here ]------------\n"
	  "WARNING: CPU: 0 PID: 1 at nd_pmem_probe+0x12/0x100 [nd_pmem]\n"
	  "CPU: 0 UID: 0 PID: 1 Comm: swapper/0 Not tainted 6.12.117-pmemfi #1\n"
	  "RIP: 0010:nd_pmem_probe+0x12/0x100 [nd_pmem]\n"
	  "Call Trace:\n"
	  " <TASK>\n"
	  " nvdimm_bus_probe+0x6c/0x1a0 [libnvdimm]\n"
	  " </TASK>\n"
	  END_TRACE,
	  "warning", "WARNING in nd_pmem_probe", "nd_pmem_probe", 0 },
	{ "lockdep: possible circular locking dependency",
	  "\n"
	  "======================================================\n"
	  "WARNING: possible circular locking dependency detected\n"
	  "6.12.117-pmemfi #1 Not tainted\n"
	  "------------------------------------------------------\n"
	  "memory_failure/190 is trying to acquire lock:\n"
	  "ffff888004b1c2d8 (&dev_dax->lock){+.+.}-{3:3}, at: dax_lock_folio+0x65/0x1c0\n"
	  "\n"
	  "but task is already holding lock:\n"
	  "ffffffff83a5c4b8 (mf_mutex){+.+.}-{3:3}, at: memory_failure+0x6e/0x1a40\n"
	  "\n"
	  "which lock already depends on the new lock.\n"
	  "\n"
	  "\n"
	  "the existing dependency chain (in reverse order) is:\n"
	  "\n"
	  "-> #1 (mf_mutex){+.+.}-{3:3}:\n"
	  "       __mutex_lock+0x9a/0xa30\n"
	  "       memory_failure+0x6e/0x1a40\n"
	  "       dev_dax_probe+0x1d1/0x300 [device_dax]\n"
	  "\n"
	  "-> #0 (&dev_dax->lock){+.+.}-{3:3}:\n"
	  "       __lock_acquire+0x1405/0x2000\n"
	  "       lock_acquire+0xc4/0x2c0\n"
	  "       __mutex_lock+0x9a/0xa30\n"
	  "       dax_lock_folio+0x65/0x1c0\n"
	  "       memory_failure+0x5a1/0x1a40\n"
	  "\n"
	  "other info that might help us debug this:\n"
	  "\n"
	  " Possible unsafe locking scenario:\n"
	  "\n"
	  "       CPU0                    CPU1\n"
	  "       ----                    ----\n"
	  "  lock(mf_mutex);\n"
	  "                               lock(&dev_dax->lock);\n"
	  "                               lock(mf_mutex);\n"
	  "  lock(&dev_dax->lock);\n"
	  "\n"
	  " *** DEADLOCK ***\n"
	  "\n"
	  "1 lock held by memory_failure/190:\n"
	  " #0: ffffffff83a5c4b8 (mf_mutex){+.+.}-{3:3}, at: memory_failure+0x6e/0x1a40\n"
	  "\n"
	  "stack backtrace:\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x7e/0xc0\n"
	  " print_circular_bug+0x2b1/0x3c0\n"
	  " check_noncircular+0x12f/0x150\n"
	  " __lock_acquire+0x1405/0x2000\n"
	  " lock_acquire+0xc4/0x2c0\n"
	  " __mutex_lock+0x9a/0xa30\n"
	  " dax_lock_folio+0x65/0x1c0\n"
	  " memory_failure+0x5a1/0x1a40\n"
	  " </TASK>\n",
	  "lockdep", "possible deadlock in dax_lock_folio", "dax_lock_folio", 0 },
	{ "lockdep: possible recursive locking",
	  "============================================\n"
	  "WARNING: possible recursive locking detected\n"
	  "6.12.117-pmemfi #1 Not tainted\n"
	  "--------------------------------------------\n"
	  "ns_setup/187 is trying to acquire lock:\n"
	  "ffff888004c1e018 (&nvdimm_bus->reconfig_mutex){+.+.}-{3:3}, at: nd_region_probe+0x4e/0x2a0 [libnvdimm]\n"
	  "\n"
	  "but task is already holding lock:\n"
	  "ffff888004c1e018 (&nvdimm_bus->reconfig_mutex){+.+.}-{3:3}, at: nd_device_register+0x20/0x40 [libnvdimm]\n"
	  "\n"
	  "other info that might help us debug this:\n"
	  " Possible unsafe locking scenario:\n"
	  "\n"
	  "       CPU0\n"
	  "       ----\n"
	  "  lock(&nvdimm_bus->reconfig_mutex);\n"
	  "  lock(&nvdimm_bus->reconfig_mutex);\n"
	  "\n"
	  " *** DEADLOCK ***\n"
	  "\n"
	  " May be due to missing lock nesting notation\n"
	  "\n"
	  "1 lock held by ns_setup/187:\n"
	  " #0: ffff888004c1e018 (&nvdimm_bus->reconfig_mutex){+.+.}-{3:3}, at: nd_device_register+0x20/0x40 [libnvdimm]\n"
	  "\n"
	  "stack backtrace:\n"
	  CPU1(187, "ns_setup")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x7e/0xc0\n"
	  " print_deadlock_bug+0x1e6/0x2c0\n"
	  " __lock_acquire+0x1002/0x2000\n"
	  " lock_acquire+0xc4/0x2c0\n"
	  " __mutex_lock+0x9a/0xa30\n"
	  " nd_region_probe+0x4e/0x2a0 [libnvdimm]\n"
	  " </TASK>\n",
	  "lockdep", "possible deadlock in nd_region_probe", "nd_region_probe", 0 },
	{ "lockdep: inconsistent lock state",
	  "================================\n"
	  "WARNING: inconsistent lock state\n"
	  "6.12.117-pmemfi #1 Not tainted\n"
	  "--------------------------------\n"
	  "inconsistent {IN-SOFTIRQ-W} -> {SOFTIRQ-ON-W} usage.\n"
	  "kworker/1:2/98 [HC0[0]:SC0[0]:HE1:SE1] takes:\n"
	  "ffff888004a8c0b8 (&pgmap->lock){+.?.}-{2:2}, at: dax_pgmap_release+0x2a/0x80\n"
	  "{IN-SOFTIRQ-W} state was registered at:\n"
	  "  lock_acquire+0xc4/0x2c0\n"
	  "  _raw_spin_lock+0x30/0x40\n"
	  "  dax_rcu_cb+0x1e/0x50\n"
	  "  rcu_core+0x2f4/0x8a0\n"
	  "  handle_softirqs+0xd2/0x3c0\n"
	  "irq event stamp: 12345\n"
	  "hardirqs last  enabled at (12345): [<ffffffff81e0b1e4>] _raw_spin_unlock_irq+0x24/0x40\n"
	  "hardirqs last disabled at (12344): [<ffffffff81e0af43>] _raw_spin_lock_irq+0x43/0x50\n"
	  "softirqs last  enabled at (12000): [<ffffffff810c1a2b>] handle_softirqs+0x2eb/0x3c0\n"
	  "softirqs last disabled at (11990): [<ffffffff810c1c0e>] __irq_exit_rcu+0x9e/0xc0\n"
	  "\n"
	  "other info that might help us debug this:\n"
	  " Possible unsafe locking scenario:\n"
	  "\n"
	  "       CPU0\n"
	  "       ----\n"
	  "  lock(&pgmap->lock);\n"
	  "  <Interrupt>\n"
	  "    lock(&pgmap->lock);\n"
	  "\n"
	  " *** DEADLOCK ***\n"
	  "\n"
	  "2 locks held by kworker/1:2/98:\n"
	  " #0: ffff888003c51d48 ((wq_completion)events){+.+.}-{0:0}, at: process_one_work+0x1d5/0x5a0\n"
	  " #1: ffffc90000347e60 ((work_completion)(&pgmap->work)){+.+.}-{0:0}, at: process_one_work+0x1d5/0x5a0\n"
	  "\n"
	  "stack backtrace:\n"
	  CPU1(98, "kworker/1:2")
	  "Workqueue: events dax_pgmap_work\n"
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x7e/0xc0\n"
	  " print_usage_bug.part.0+0x25e/0x3a0\n"
	  " mark_lock+0x6f1/0x930\n"
	  " __lock_acquire+0x95f/0x2000\n"
	  " lock_acquire+0xc4/0x2c0\n"
	  " _raw_spin_lock+0x30/0x40\n"
	  " dax_pgmap_release+0x2a/0x80\n"
	  " process_one_work+0x21c/0x5a0\n"
	  " worker_thread+0x1c4/0x3a0\n"
	  " kthread+0xd2/0x100\n"
	  " ret_from_fork+0x34/0x50\n"
	  " ret_from_fork_asm+0x1a/0x30\n"
	  " </TASK>\n",
	  "lockdep", "inconsistent lock state in dax_pgmap_release", "dax_pgmap_release", 0 },
	{ "lockdep: suspicious RCU usage",
	  "\n"
	  "=============================\n"
	  "WARNING: suspicious RCU usage\n"
	  "6.12.117-pmemfi #1 Not tainted\n"
	  "-----------------------------\n"
	  "mm/memory-failure.c:412 suspicious rcu_dereference_check() usage!\n"
	  "\n"
	  "other info that might help us debug this:\n"
	  "\n"
	  "\n"
	  "rcu_scheduler_active = 2, debug_locks = 1\n"
	  "1 lock held by memory_failure/190:\n"
	  " #0: ffffffff83a5c4b8 (mf_mutex){+.+.}-{3:3}, at: memory_failure+0x6e/0x1a40\n"
	  "\n"
	  "stack backtrace:\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x7e/0xc0\n"
	  " lockdep_rcu_suspicious+0x155/0x1b0\n"
	  " collect_procs_fsdax+0x1d9/0x240\n"
	  " mf_generic_kill_procs+0xf1/0x2a0\n"
	  " memory_failure+0x5a1/0x1a40\n"
	  " </TASK>\n",
	  "lockdep", "WARNING: suspicious RCU usage in collect_procs_fsdax", "collect_procs_fsdax", 0 },
	{ "lockdep: bad unlock balance",
	  "=====================================\n"
	  "WARNING: bad unlock balance detected!\n"
	  "6.12.117-pmemfi #1 Not tainted\n"
	  "-------------------------------------\n"
	  "memory_failure/190 is trying to release lock (mf_mutex) at:\n"
	  "[<ffffffff8133c0de>] memory_failure+0x9e/0x1a40\n"
	  "but there are no more locks to release!\n"
	  "\n"
	  "other info that might help us debug this:\n"
	  "no locks held by memory_failure/190.\n"
	  "\n"
	  "stack backtrace:\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x7e/0xc0\n"
	  " print_unlock_imbalance_bug.part.0+0xf4/0x110\n"
	  " lock_release+0x1c2/0x2a0\n"
	  " __mutex_unlock_slowpath+0x3a/0x290\n"
	  " memory_failure+0x9e/0x1a40\n"
	  " </TASK>\n",
	  "lockdep", "WARNING: bad unlock balance in memory_failure", "memory_failure", 0 },
	{ "lockdep: invalid wait context",
	  "=============================\n"
	  "[ BUG: Invalid wait context ]\n"
	  "6.12.117-pmemfi #1 Not tainted\n"
	  "-----------------------------\n"
	  "memory_failure/190 is trying to lock:\n"
	  "ffff888004b1c2d8 (&dev_dax->lock){+.+.}-{3:3}, at: dax_lock_folio+0x65/0x1c0\n"
	  "other info that might help us debug this:\n"
	  "context-{4:4}\n"
	  "1 lock held by memory_failure/190:\n"
	  " #0: ffffffff82d3a6a0 (rcu_read_lock){....}-{1:2}, at: memory_failure+0x40/0x1a40\n"
	  "stack backtrace:\n"
	  CPU1(190, "memory_failure")
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x7e/0xc0\n"
	  " __lock_acquire+0x7c4/0x2000\n"
	  " lock_acquire+0xc4/0x2c0\n"
	  " __mutex_lock+0x9a/0xa30\n"
	  " dax_lock_folio+0x65/0x1c0\n"
	  " </TASK>\n",
	  "lockdep", "BUG: Invalid wait context in dax_lock_folio", "dax_lock_folio", 0 },
	{ "hung task (folio wait)",
	  "INFO: task stress:214 blocked for more than 122 seconds.\n"
	  "      Not tainted 6.12.117-pmemfi #1\n"
	  "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
	  "task:stress          state:D stack:0     pid:214   tgid:214   ppid:1      flags:0x00004002\n"
	  "Call Trace:\n"
	  " <TASK>\n"
	  " __schedule+0x3c0/0x1000\n"
	  " schedule+0x27/0xf0\n"
	  " io_schedule+0x46/0x70\n"
	  " folio_wait_bit_common+0x13f/0x340\n"
	  " __folio_lock+0x17/0x20\n"
	  " mf_dax_kill_procs+0x8e/0x280\n"
	  " memory_failure+0x5a1/0x1a40\n"
	  " </TASK>\n"
	  "\n"
	  "Showing all locks held in the system:\n"
	  "1 lock held by khungtaskd/30:\n"
	  " #0: ffffffff82d3a6a0 (rcu_read_lock){....}-{1:2}, at: debug_show_all_locks+0x32/0x1a0\n",
	  "hang", "INFO: task hung in mf_dax_kill_procs", "mf_dax_kill_procs", 0 },
	{ "hung task (rwsem)",
	  "INFO: task ns_setup:187 blocked for more than 245 seconds.\n"
	  "      Not tainted 6.12.117-pmemfi #1\n"
	  "\"echo 0 > /proc/sys/kernel/hung_task_timeout_secs\" disables this message.\n"
	  "task:ns_setup        state:D stack:0     pid:187   tgid:187   ppid:150    flags:0x00000002\n"
	  "Call Trace:\n"
	  " <TASK>\n"
	  " __schedule+0x3c0/0x1000\n"
	  " schedule+0x27/0xf0\n"
	  " schedule_preempt_disabled+0x15/0x30\n"
	  " rwsem_down_write_slowpath+0x23e/0x6e0\n"
	  " down_write+0x5b/0x60\n"
	  " memory_failure_dev_pagemap+0x11d/0x330\n"
	  " memory_failure+0x5a1/0x1a40\n"
	  " </TASK>\n",
	  "hang", "INFO: task hung in memory_failure_dev_pagemap", "memory_failure_dev_pagemap", 0 },
	{ "rcu self-detected stall",
	  "rcu: INFO: rcu_preempt self-detected stall on CPU\n"
	  "rcu: \t1-....: (21000 ticks this GP) idle=5a5c/1/0x4000000000000000 softirq=2135/2135 fqs=5249\n"
	  "rcu: \t(t=21003 jiffies g=4281 q=1234 ncpus=2)\n"
	  CPU1(214, "stress")
	  "RIP: 0010:walk_pfn_range+0x3e/0x90\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <IRQ>\n"
	  " ? show_regs+0x6c/0x80\n"
	  " ? dump_cpu_task+0x71/0x90\n"
	  " ? rcu_dump_cpu_stacks+0xe5/0x130\n"
	  " ? rcu_sched_clock_irq+0x5b4/0xb80\n"
	  " ? update_process_times+0x7e/0xb0\n"
	  " ? tick_nohz_handler+0x91/0x140\n"
	  " ? __hrtimer_run_queues+0x112/0x2a0\n"
	  " ? hrtimer_interrupt+0xff/0x240\n"
	  " ? __sysvec_apic_timer_interrupt+0x55/0x140\n"
	  " ? sysvec_apic_timer_interrupt+0x6c/0x90\n"
	  " </IRQ>\n"
	  " <TASK>\n"
	  " ? asm_sysvec_apic_timer_interrupt+0x1a/0x20\n"
	  " ? walk_pfn_range+0x3e/0x90\n"
	  " pfn_walk_ioctl+0x8e/0x120\n"
	  " __x64_sys_ioctl+0x94/0xd0\n"
	  " do_syscall_64+0x82/0x160\n"
	  " entry_SYSCALL_64_after_hwframe+0x76/0x7e\n"
	  " </TASK>\n",
	  "hang", "INFO: rcu detected stall in walk_pfn_range", "walk_pfn_range", 0 },
	{ "rcu stall detected on another CPU (NMI backtrace, spin loop)",
	  "rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"
	  "rcu: \t1-...0: (1 GPs behind) idle=b2cc/1/0x4000000000000000 softirq=4512/4513 fqs=2477\n"
	  "rcu: \t(detected by 0, t=10502 jiffies, g=8325, q=412 ncpus=2)\n"
	  "Sending NMI from CPU 0 to CPUs 1:\n"
	  "NMI backtrace for cpu 1\n"
	  CPU1(214, "stress")
	  "RIP: 0010:native_queued_spin_lock_slowpath+0x6e/0x2e0\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <NMI>\n"
	  " ? nmi_cpu_backtrace+0xbf/0x140\n"
	  " ? nmi_cpu_backtrace_handler+0x11/0x20\n"
	  " ? nmi_handle+0x61/0x160\n"
	  " ? default_do_nmi+0x42/0x110\n"
	  " ? exc_nmi+0x1bd/0x290\n"
	  " ? end_repeat_nmi+0xf/0x53\n"
	  " </NMI>\n"
	  " <TASK>\n"
	  " _raw_spin_lock+0x2d/0x40\n"
	  " dax_lock_mapping_entry+0x8a/0x1c0\n"
	  " mf_generic_kill_procs+0x9b/0x2a0\n"
	  " </TASK>\n"
	  "rcu: rcu_preempt kthread starved for 10498 jiffies! g8325 f0x0 RCU_GP_WAIT_FQS(5) ->state=0x0 ->cpu=0\n",
	  "hang", "INFO: rcu detected stall in dax_lock_mapping_entry", "dax_lock_mapping_entry", 0 },
	{ "VM_BUG_ON_PAGE of a poisoned struct page (PF_POISONED_CHECK)",
	  "page:00000000929e1c20 is uninitialized and poisoned\n"
	  "page dumped because: VM_BUG_ON_PAGE(PagePoisoned(page))\n"
	  "There is not page extension available.\n"
	  "------------[ cut here ]------------\n"
	  "kernel BUG at include/linux/page-flags.h:310!\n"
	  "Oops: invalid opcode: 0000 [#1] SMP KASAN\n"
	  CPU1(79, "memory_failure")
	  "RIP: 0010:action_result+0x86/0x269\n"
	  CODE REGS
	  "Call Trace:\n"
	  " <TASK>\n"
	  " memory_failure+0x74d/0xee9\n"
	  " ? unmap_poisoned_folio+0x1d8/0x1d8\n"
	  " hwpoison_inject+0x214/0x2bc\n"
	  " </TASK>\n"
	  MODULES
	  END_TRACE,
	  "bug", "kernel BUG in action_result", "action_result", 0 },
	{ "VM_WARN_ON_ONCE_PAGE then its WARNING",
	  "page: refcount:0 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x100000\n"
	  "flags: 0x2fffff80000000(node=0|zone=2|lastcpupid=0x1fffff)\n"
	  "raw: 002fffff80000000 dead000000000100 dead000000000122 0000000000000000\n"
	  "page dumped because: VM_WARN_ON_ONCE_PAGE(page_ref_count(page) == 0)\n"
	  "------------[ cut here ]------------\n"
	  "WARNING: CPU: 1 PID: 190 at include/linux/mm.h:1553 folio_get+0x3e/0x50\n"
	  MODULES
	  CPU1(190, "memory_failure")
	  "RIP: 0010:folio_get+0x3e/0x50\n"
	  "Call Trace:\n"
	  " <TASK>\n"
	  " get_hwpoison_page+0x1a4/0x560\n"
	  " </TASK>\n"
	  END_TRACE,
	  "warning", "WARNING in folio_get", "folio_get", 0 },
	{ "standalone panic with a stack",
	  "Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0)\n"
	  "CPU: 0 UID: 0 PID: 1 Comm: swapper/0 Not tainted 6.12.117-pmemfi #1\n"
	  HW
	  "Call Trace:\n"
	  " <TASK>\n"
	  " dump_stack_lvl+0x5d/0x80\n"
	  " panic+0x118/0x2f0\n"
	  " mount_root_generic+0x1d2/0x2d0\n"
	  " prepare_namespace+0x1dc/0x230\n"
	  " </TASK>\n"
	  "Kernel Offset: disabled\n"
	  "---[ end Kernel panic - not syncing: VFS: Unable to mount root fs on unknown-block(0,0) ]---\n",
	  "panic", "Kernel panic: VFS: Unable to mount root fs on unknown-block", "", 0 },
	{ "panic: Fatal exception with its oops missing",
	  "Kernel panic - not syncing: Fatal exception\n"
	  "Kernel Offset: disabled\n",
	  "panic", "Kernel panic: Fatal exception", "", 1 },
	{ "machine check and memory failure lines are not reports",
	  "Injecting memory failure at pfn 0x100000\n"
	  "Memory failure: 0x100000: recovery action for dax page: Failed\n"
	  "Memory failure: 0x100000: unhandlable page.\n"
	  "Memory failure: pfn=0x100000, invalid nid=1023\n"
	  "mce: [Hardware Error]: Machine check events logged\n"
	  "mce: [Hardware Error]: CPU 0: Machine Check Exception: 5 Bank 9: bd80000000000134\n"
	  "mce: [Hardware Error]: RIP 10:<ffffffff81e000a3> {entry_SYSCALL_64+0x23/0x2b}\n"
	  "mce: [Hardware Error]: TSC 141fe26ba3 ADDR 122c00000 MISC 86 \n"
	  "mce: [Hardware Error]: Run the above through 'mcelog --ascii'\n"
	  "mce: Uncorrected hardware memory error in user-access at 122c00000\n"
	  "Memory failure: 0x122c00: Sending SIGBUS to memory_failure:190 due to hardware memory corruption\n"
	  "Memory failure: 0x122c00: recovery action for dax page: Recovered\n"
	  "MCE: Killing memory_failure:190 due to hardware memory corruption fault at 7f5e1c000000\n",
	  NULL, NULL, NULL, 0 },
	{ "a page dump that is only information (memory hotplug)",
	  "failed to isolate pfn 120000\n"
	  "page: refcount:2 mapcount:0 mapping:0000000000000000 index:0x0 pfn:0x120000\n"
	  "flags: 0x2fffff80000000(node=0|zone=2|lastcpupid=0x1fffff)\n"
	  "raw: 002fffff80000000 dead000000000100 dead000000000122 0000000000000000\n"
	  "page dumped because: isolation failed\n"
	  "page_owner tracks the page as allocated\n"
	  "page last allocated via order 0, migratetype Movable, gfp_mask 0x140cca(GFP_HIGHUSER_MOVABLE|__GFP_COMP), pid 214, tgid 214 (stress), ts 18123456789, free_ts 0\n"
	  " post_alloc_hook+0x1a3/0x1c0\n"
	  " get_page_from_freelist+0x1067/0x1c40\n"
	  " __alloc_pages_noprof+0x1a4/0x3a0\n"
	  "page_owner free stack trace missing\n"
	  "Offlined Pages 32768\n",
	  NULL, NULL, NULL, 0 },
};

/* @text with each line prefixed: 0 bare, 1 timestamps, 2 timestamps and PRINTK_CALLER. */
static char *render(const char *text, int form)
{
	struct strbuf sb = STRBUF_INIT;
	int n = 0;

	for (const char *p = text; *p;) {
		const char *nl = strchr(p, '\n');
		int len = nl ? nl - p : (int)strlen(p);

		if (form == 1)
			strbuf_addf(&sb, "[%5d.%06d] ", 12 + n / 1000, (n * 137) % 1000000);
		else if (form == 2)
			strbuf_addf(&sb, "[%5d.%06d][  T190] ", 12 + n / 1000, (n * 137) % 1000000);
		strbuf_add(&sb, p, len);
		strbuf_add(&sb, "\n", 1);
		n++;
		p += len + (nl != NULL);
	}
	return strbuf_detach(&sb);
}

static void report_kinds(void **state)
{
	(void)state;
	for (size_t c = 0; c < sizeof(kind_cases) / sizeof(kind_cases[0]); c++) {
		const struct kind_case *k = &kind_cases[c];

		for (int form = 0; form < 3; form++) {
			char *text = render(k->text, form);
			struct console_log log;
			struct report_set set;

			scan(text, &set, &log);
			if (!k->type) {
				if (set.nr)
					fail_msg("%s (form %d): expected no report, got '%s | %s'", k->name, form,
						 set.v[0].type, set.v[0].title);
			} else {
				if (set.nr != 1) {
					for (int i = 0; i < set.nr; i++)
						print_error("  found: %s | %s | %s\n", set.v[i].type, set.v[i].title,
							    set.v[i].frame);
					fail_msg("%s (form %d): %d reports, expected 1", k->name, form, set.nr);
				}
				if (strcmp(set.v[0].type, k->type) || strcmp(set.v[0].title, k->title) ||
				    strcmp(set.v[0].frame, k->frame) || set.v[0].corrupted != k->corrupted)
					fail_msg("%s (form %d): got '%s | %s | %s | %d (%s)', expected '%s | %s | %s | %d'",
						 k->name, form, set.v[0].type, set.v[0].title, set.v[0].frame,
						 set.v[0].corrupted, set.v[0].corrupted_reason ? set.v[0].corrupted_reason : "",
						 k->type, k->title, k->frame, k->corrupted);
				assert_int_equal(strlen(set.v[0].signature), 16);
				assert_true(set.v[0].end_line - set.v[0].start_line < REPORT_MAX_LINES);
			}
			report_set_free(&set);
			console_free(&log);
			free(text);
		}
	}
}

/* The WARN text and "cut here" line are part of the report. */
static void warning_starts_at_cut_here(void **state)
{
	struct console_log log;
	struct report_set set;

	(void)state;
	scan("[    3.0] pmemfi: begin t\n"
	     "[    3.1] ------------[ cut here ]------------\n"
	     "[    3.2] dax: pgoff 512 beyond end of device\n"
	     "[    3.3] WARNING: CPU: 1 PID: 190 at drivers/dax/device.c:87 dax_pgoff_to_phys+0xe8/0x100 [device_dax]\n"
	     "[    3.4] RIP: 0010:dax_pgoff_to_phys+0xe8/0x100 [device_dax]\n"
	     "[    3.5] Call Trace:\n"
	     "[    3.6]  __dev_dax_pte_fault+0x6f/0x140 [device_dax]\n"
	     "[    3.7] ---[ end trace 0000000000000000 ]---\n", &set, &log);
	assert_int_equal(set.nr, 1);
	assert_int_equal(set.v[0].start_line, 2);
	assert_int_equal(set.v[0].end_line, 8);
	report_set_free(&set);
	console_free(&log);
}

/* Same bug, different addresses, offsets, pids, CPUs, times: same title and signature. */
static void signature_is_stable(void **state)
{
	static const char *const variants[2] = {
		"[   12.000001] BUG: unable to handle page fault for address: 000000000002a958\n"
		"[   12.000002] Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
		"[   12.000003] CPU: 1 UID: 0 PID: 185 Comm: memory_failure Not tainted 6.12.117 #1\n"
		"[   12.000004] RIP: 0010:action_result.isra.0+0xd5/0x130\n"
		"[   12.000005] Call Trace:\n"
		"[   12.000006]  memory_failure+0x74d/0xee9\n"
		"[   12.000007] ---[ end trace 0000000000000000 ]---\n",
		"[  931.500000][  T4242] BUG: unable to handle page fault for address: ffd4000004ff0033\n"
		"[  931.500001][  T4242] Oops: Oops: 0002 [#3] SMP KASAN\n"
		"[  931.500002][  T4242] CPU: 0 UID: 0 PID: 4242 Comm: stress Not tainted 6.12.117 #1\n"
		"[  931.500003][  T4242] RIP: 0010:action_result+0x86/0x269\n"
		"[  931.500004][  T4242] Call Trace:\n"
		"[  931.500005][  T4242]  memory_failure+0x5a1/0x1a40\n"
		"[  931.500006][  T4242] ---[ end trace 0000000000000000 ]---\n",
	};
	struct console_log log[2];
	struct report_set set[2];

	(void)state;
	for (int i = 0; i < 2; i++)
		scan(variants[i], &set[i], &log[i]);
	assert_int_equal(set[0].nr, 1);
	assert_int_equal(set[1].nr, 1);
	assert_string_equal(set[0].v[0].title, "BUG: unable to handle page fault in action_result");
	assert_string_equal(set[0].v[0].title, set[1].v[0].title);
	assert_string_equal(set[0].v[0].signature, set[1].v[0].signature);
	for (int i = 0; i < 2; i++) {
		report_set_free(&set[i]);
		console_free(&log[i]);
	}
}

/* A report followed by its panic is one report; a hang's panic may come later. */
static void panic_joins_its_report(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct console_log log;
	struct report_set set;

	(void)state;
	strbuf_addstr(&sb,
		      "[  240.1] INFO: task memory_failure:190 blocked for more than 120 seconds.\n"
		      "[  240.2]       Not tainted 6.12.0 #1\n"
		      "[  240.3] task:memory_failure  state:D stack:0     pid:190\n"
		      "[  240.4] Call Trace:\n"
		      "[  240.5]  <TASK>\n"
		      "[  240.6]  __schedule+0x3c0/0x1000\n"
		      "[  240.7]  schedule+0x27/0xf0\n"
		      "[  241.0]  memory_failure+0x5a/0x1a40\n"
		      "[  241.1]  </TASK>\n"
		      "[  241.2] Showing all locks held in the system:\n");
	/* Many tasks' held locks: far more than a panic tail. */
	for (int i = 0; i < 100; i++)
		strbuf_addf(&sb, "[  241.3] 1 lock held by kworker/%d:1/%d:\n", i, 100 + i);
	strbuf_addstr(&sb,
		      "[  241.4] Kernel panic - not syncing: hung_task: blocked tasks\n"
		      "[  241.5] CPU: 0 UID: 0 PID: 30 Comm: khungtaskd Not tainted 6.12.0 #1\n");
	scan(sb.buf, &set, &log);
	assert_int_equal(set.nr, 1);
	assert_string_equal(set.v[0].title, "INFO: task hung in memory_failure");
	assert_int_equal(set.v[0].corrupted, 0);
	report_set_free(&set);
	console_free(&log);
	strbuf_release(&sb);

	/* KASAN with panic_on_warn: the panic follows the closing rule. */
	scan("[    1.0] ==================================================================\n"
	     "[    1.1] BUG: KASAN: slab-use-after-free in nd_pmem_probe+0x12/0x100 [nd_pmem]\n"
	     "[    1.2] Call Trace:\n"
	     "[    1.3]  nd_pmem_probe+0x12/0x100 [nd_pmem]\n"
	     "[    1.4] ==================================================================\n"
	     "[    1.5] Kernel panic - not syncing: KASAN: panic_on_warn set ...\n"
	     "[    1.6] CPU: 0 UID: 0 PID: 33 Comm: kworker/0:1 Tainted: G    B  6.12.0 #1\n",
	     &set, &log);
	assert_int_equal(set.nr, 1);
	assert_string_equal(set.v[0].type, "kasan");
	assert_int_equal(set.v[0].end_line, 6);
	report_set_free(&set);
	console_free(&log);
}

/* A report the log ends inside is corrupted, however far it got. */
static void truncated_reports(void **state)
{
	static const struct {
		const char *text, *title;
	} cases[] = {
		/* reset inside the call trace */
		{ "[    5.1] BUG: unable to handle page fault for address: 000000000002a958\n"
		  "[    5.2] Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
		  "[    5.3] RIP: 0010:action_result+0xd5/0x130\n"
		  "[    5.4] Call Trace:\n"
		  "[    5.5]  <TASK>\n"
		  "[    5.6]  memory_failure+0x74d/0xee9\n",
		  "BUG: unable to handle page fault in action_result" },
		/* KASAN header only */
		{ "[    1.0] ==================================================================\n"
		  "[    1.1] BUG: KASAN: slab-use-after-free in nd_pmem_probe+0x12/0x100 [nd_pmem]\n"
		  "[    1.2] Read of size 8 at addr ffff888004c1e000 by task kworker/0:1/33\n",
		  "KASAN: slab-use-after-free in nd_pmem_probe" },
		/* hung task before its trace */
		{ "[  240.1] INFO: task memory_failure:190 blocked for more than 120 seconds.\n"
		  "[  240.2]       Not tainted 6.12.0 #1\n",
		  "INFO: task hung" },
		/* the dump announced a kernel BUG that never came */
		{ "[    9.1] page:00000000929e1c20 is uninitialized and poisoned\n"
		  "[    9.2] page dumped because: VM_BUG_ON_PAGE(PagePoisoned(page))\n",
		  "kernel BUG" },
		/* UBSAN cut before the stack: titled by its file */
		{ "[    3.1] UBSAN: array-index-out-of-bounds in mm/memory-failure.c:1290:28\n"
		  "[    3.2] index 1023 is out of range for type 'struct memory_failure_stats [2]'\n",
		  "UBSAN: array-index-out-of-bounds in mm/memory-failure.c" },
	};

	(void)state;
	for (size_t c = 0; c < sizeof(cases) / sizeof(cases[0]); c++) {
		struct console_log log;
		struct report_set set;

		scan(cases[c].text, &set, &log);
		assert_int_equal(set.nr, 1);
		assert_string_equal(set.v[0].title, cases[c].title);
		assert_true(set.v[0].corrupted);
		assert_non_null(strstr(set.v[0].corrupted_reason, "truncated"));
		report_set_free(&set);
		console_free(&log);
	}
}

/* A finished report is not truncated because the log ends after it. */
static void complete_at_end_of_log(void **state)
{
	struct console_log log;
	struct report_set set;

	(void)state;
	scan("[  240.1] INFO: task memory_failure:190 blocked for more than 120 seconds.\n"
	     "[  240.4] Call Trace:\n"
	     "[  240.5]  <TASK>\n"
	     "[  240.6]  __schedule+0x3c0/0x1000\n"
	     "[  241.0]  memory_failure+0x5a/0x1a40\n"
	     "[  241.1]  </TASK>\n", &set, &log);
	assert_int_equal(set.nr, 1);
	assert_int_equal(set.v[0].corrupted, 0);
	report_set_free(&set);
	console_free(&log);
}

/* With PRINTK_CALLER, another task's lines inside a report are seen for what they are. */
static void printk_caller_interleaving(void **state)
{
	struct console_log log;
	struct report_set set;

	(void)state;
	/* Frames of another task in the middle of the trace: corrupted, not misnamed. */
	scan("[    5.1][  T185] BUG: unable to handle page fault for address: 000000000002a958\n"
	     "[    5.2][  T185] Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
	     "[    5.3][  T186] RIP: 0010:dax_lock_folio+0x65/0x1c0\n"
	     "[    5.4][  T185] RIP: 0010:action_result+0xd5/0x130\n"
	     "[    5.5][  T185] Call Trace:\n"
	     "[    5.6][  T186]  shake_folio+0x9/0x30\n"
	     "[    5.7][  T185]  memory_failure+0x74d/0xee9\n"
	     "[    5.8][  T185] ---[ end trace 0000000000000000 ]---\n", &set, &log);
	assert_int_equal(set.nr, 1);
	assert_string_equal(set.v[0].title, "BUG: unable to handle page fault in action_result");
	assert_true(set.v[0].corrupted);
	assert_non_null(strstr(set.v[0].corrupted_reason, "interleaved"));
	report_set_free(&set);
	console_free(&log);

	/* An ordinary message from another task does not cut the report short. */
	scan("[    5.1][  T185] BUG: unable to handle page fault for address: 000000000002a958\n"
	     "[    5.2][  T185] Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
	     "[    5.3][  T185] RIP: 0010:action_result+0xd5/0x130\n"
	     "[    5.4][  T185] Call Trace:\n"
	     "[    5.5][  T185]  <TASK>\n"
	     "[    5.6][  T201] pmemfi: end two-node.devdax.dev.2M.stress-disable-race.ff exit:0\n"
	     "[    5.7][  T185]  memory_failure+0x74d/0xee9\n"
	     "[    5.8][  T185]  </TASK>\n"
	     "[    5.9][  T185] ---[ end trace 0000000000000000 ]---\n", &set, &log);
	assert_int_equal(set.nr, 1);
	assert_int_equal(set.v[0].corrupted, 0);
	assert_int_equal(set.v[0].end_line, 9);
	report_set_free(&set);
	console_free(&log);

	/* Another CPU's report starting mid-report: both are corrupted. */
	scan("[    5.1][  T185] BUG: unable to handle page fault for address: 000000000002a958\n"
	     "[    5.2][  T185] Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
	     "[    5.3][  T186] BUG: kernel NULL pointer dereference, address: 0000000000000031\n"
	     "[    5.4][  T185] RIP: 0010:action_result+0xd5/0x130\n"
	     "[    5.5][  T186] RIP: 0010:shake_folio+0x9/0x30\n"
	     "[    5.6][  T185] Call Trace:\n"
	     "[    5.7][  T185]  memory_failure+0x74d/0xee9\n"
	     "[    5.8][  T185] ---[ end trace 0000000000000000 ]---\n", &set, &log);
	assert_int_equal(set.nr, 2);
	assert_true(set.v[0].corrupted);
	assert_true(set.v[1].corrupted);
	report_set_free(&set);
	console_free(&log);

	/* An RCU stall's NMI backtrace of CPU 1 comes from CPU 1: not interleaving. */
	scan("[   60.1][    C0] rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:\n"
	     "[   60.1][    C0] rcu: \t1-...0: (1 GPs behind) idle=b2cc/1/0x4000000000000000 softirq=4512/4513 fqs=2477\n"
	     "[   60.1][    C0] rcu: \t(detected by 0, t=10502 jiffies, g=8325, q=412 ncpus=2)\n"
	     "[   60.1][    C0] Sending NMI from CPU 0 to CPUs 1:\n"
	     "[   60.2][    C1] NMI backtrace for cpu 1\n"
	     "[   60.2][    C1] CPU: 1 UID: 0 PID: 214 Comm: stress Not tainted 6.12.117-pmemfi #1\n"
	     "[   60.2][    C1] RIP: 0010:walk_pfn_range+0x3e/0x90\n"
	     "[   60.2][    C1] Call Trace:\n"
	     "[   60.2][    C1]  <NMI>\n"
	     "[   60.2][    C1]  </NMI>\n"
	     "[   60.2][    C1]  <TASK>\n"
	     "[   60.2][    C1]  pfn_walk_ioctl+0x8e/0x120\n"
	     "[   60.2][    C1]  </TASK>\n"
	     "[   60.3][    C0] rcu: rcu_preempt kthread starved for 10498 jiffies!\n", &set, &log);
	assert_int_equal(set.nr, 1);
	assert_string_equal(set.v[0].title, "INFO: rcu detected stall in walk_pfn_range");
	assert_int_equal(set.v[0].corrupted, 0);
	report_set_free(&set);
	console_free(&log);

	/* A hang report that finished, then another task's WARNING: two clean reports. */
	scan("[  240.1][   T30] INFO: task memory_failure:190 blocked for more than 120 seconds.\n"
	     "[  240.4][   T30] Call Trace:\n"
	     "[  240.5][   T30]  <TASK>\n"
	     "[  241.0][   T30]  memory_failure+0x5a/0x1a40\n"
	     "[  241.1][   T30]  </TASK>\n"
	     "[  241.2][  T214] ------------[ cut here ]------------\n"
	     "[  241.3][  T214] WARNING: CPU: 1 PID: 214 at mm/memory-failure.c:1290 update_per_node_mf_stats+0x5d/0x80\n"
	     "[  241.4][  T214] RIP: 0010:update_per_node_mf_stats+0x5d/0x80\n"
	     "[  241.5][  T214] Call Trace:\n"
	     "[  241.6][  T214]  action_result+0x33/0x90\n"
	     "[  241.7][  T214] ---[ end trace 0000000000000000 ]---\n", &set, &log);
	assert_int_equal(set.nr, 2);
	assert_int_equal(set.v[0].corrupted, 0);
	assert_int_equal(set.v[1].corrupted, 0);
	assert_string_equal(set.v[1].title, "WARNING in update_per_node_mf_stats");
	report_set_free(&set);
	console_free(&log);
}

/* A report cut by another report, or with printk messages lost, is corrupted. */
static void interrupted_and_dropped(void **state)
{
	struct console_log log;
	struct report_set set;

	(void)state;
	scan("[    5.1] BUG: unable to handle page fault for address: 000000000002a958\n"
	     "[    5.2] Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
	     "[    5.3] RIP: 0010:action_result+0xd5/0x130\n"
	     "[    5.4] Call Trace:\n"
	     "[    5.5]  memory_failure+0x74d/0xee9\n"
	     "[    5.6] BUG: kernel NULL pointer dereference, address: 0000000000000031\n"
	     "[    5.7] Oops: Oops: 0000 [#2] PREEMPT SMP PTI\n"
	     "[    5.8] RIP: 0010:shake_folio+0x9/0x30\n"
	     "[    5.9] ---[ end trace 0000000000000000 ]---\n", &set, &log);
	assert_int_equal(set.nr, 2);
	assert_true(set.v[0].corrupted);
	assert_non_null(strstr(set.v[0].corrupted_reason, "interrupted"));
	assert_int_equal(set.v[1].corrupted, 0);
	report_set_free(&set);
	console_free(&log);

	scan("[    5.1] BUG: unable to handle page fault for address: 000000000002a958\n"
	     "[    5.2] Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
	     "** 17 printk messages dropped **\n"
	     "[    5.3] RIP: 0010:action_result+0xd5/0x130\n"
	     "[    5.4] ---[ end trace 0000000000000000 ]---\n", &set, &log);
	assert_int_equal(set.nr, 1);
	assert_true(set.v[0].corrupted);
	assert_non_null(strstr(set.v[0].corrupted_reason, "dropped"));
	report_set_free(&set);
	console_free(&log);

	/* A console takeover prints a record twice: the copy is not a second header. */
	scan("[    5.1] BUG: unable to handle page fault for address: 000000000002a958\n"
	     "** replaying previous printk message **\n"
	     "[    5.1] BUG: unable to handle page fault for address: 000000000002a958\n"
	     "[    5.2] Oops: Oops: 0000 [#1] PREEMPT SMP PTI\n"
	     "[    5.3] RIP: 0010:action_result+0xd5/0x130\n"
	     "[    5.4] ---[ end trace 0000000000000000 ]---\n", &set, &log);
	assert_int_equal(set.nr, 1);
	assert_int_equal(set.v[0].corrupted, 0);
	assert_string_equal(set.v[0].title, "BUG: unable to handle page fault in action_result");
	report_set_free(&set);
	console_free(&log);
}

/* Find "[ digits.digits]" in @line: its offset, and the length through "] ". */
static int find_timestamp(const char *line, int *len)
{
	for (const char *q = line; (q = strchr(q, '[')); q++) {
		const char *r = q + 1;

		while (*r == ' ')
			r++;
		if (!isdigit((unsigned char)*r))
			continue;
		while (isdigit((unsigned char)*r))
			r++;
		if (*r != '.' || !isdigit((unsigned char)r[1]))
			continue;
		r++;
		while (isdigit((unsigned char)*r))
			r++;
		if (*r != ']')
			continue;
		*len = r + 1 - q;
		return q - line;
	}
	return -1;
}

/*
 * Each golden log rewritten without timestamps, and with PRINTK_CALLER
 * ids (a task's and a CPU's): the reports must not change.
 */
static void golden_prefix_forms(void **state)
{
	DIR *d = opendir(GOLDEN);
	struct dirent *e;

	(void)state;
	assert_non_null(d);
	while ((e = readdir(d))) {
		struct console_log log;
		struct report_set ref;
		char path[512];
		int header = 0;

		if (!strstr(e->d_name, ".log"))
			continue;
		snprintf(path, sizeof(path), GOLDEN "/%s", e->d_name);
		assert_int_equal(console_load(path, &log), 0);
		while (header < log.nr && !strncmp(log.lines[header], "#!", 2))
			header++;
		report_scan(log.lines + header, log.nr - header, &ref);
		for (int form = 0; form < 3; form++) {
			static const char *const caller[3] = { NULL, "[  T190]", "[    C1]" };
			struct strbuf sb = STRBUF_INIT;
			struct console_log log2;
			struct report_set set;

			for (int i = header; i < log.nr; i++) {
				const char *l = log.lines[i];
				int len, at = find_timestamp(l, &len);

				if (at < 0) {
					strbuf_addf(&sb, "%s\n", l);
				} else if (form == 0) {
					/* No timestamps: glued user text gets a line of its own. */
					const char *msg = l + at + len;

					if (*msg == ' ')
						msg++;
					if (at)
						strbuf_addf(&sb, "%.*s\n", at, l);
					strbuf_addf(&sb, "%s\n", msg);
				} else {
					strbuf_addf(&sb, "%.*s%s%s\n", at + len, l, caller[form], l + at + len);
				}
			}
			scan(sb.buf, &set, &log2);
			if (set.nr != ref.nr)
				fail_msg("%s (form %d): %d reports, expected %d", path, form, set.nr, ref.nr);
			for (int i = 0; i < set.nr; i++)
				if (strcmp(set.v[i].type, ref.v[i].type) || strcmp(set.v[i].title, ref.v[i].title) ||
				    strcmp(set.v[i].frame, ref.v[i].frame) || set.v[i].corrupted != ref.v[i].corrupted ||
				    strcmp(set.v[i].signature, ref.v[i].signature))
					fail_msg("%s (form %d): report %d is '%s | %s | %s', expected '%s | %s | %s'",
						 path, form, i + 1, set.v[i].type, set.v[i].title, set.v[i].frame,
						 ref.v[i].type, ref.v[i].title, ref.v[i].frame);
			report_set_free(&set);
			console_free(&log2);
			strbuf_release(&sb);
		}
		report_set_free(&ref);
		console_free(&log);
	}
	closedir(d);
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
		cmocka_unit_test(report_kinds),
		cmocka_unit_test(warning_starts_at_cut_here),
		cmocka_unit_test(signature_is_stable),
		cmocka_unit_test(panic_joins_its_report),
		cmocka_unit_test(truncated_reports),
		cmocka_unit_test(complete_at_end_of_log),
		cmocka_unit_test(printk_caller_interleaving),
		cmocka_unit_test(interrupted_and_dropped),
		cmocka_unit_test(golden_prefix_forms),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
