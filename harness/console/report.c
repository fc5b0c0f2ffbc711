// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - kernel reports in a console log.
 *
 * Every report kind is one row of kinds[] (below): the header lines that
 * open it, its type, how its title is formed, how it ends, the frames that
 * cannot be its culprit, which other kinds' headers it takes in, and an
 * optional extractor for the text and function its header names.
 * classify() tries the rows in order. Adding a kind is adding a row and a
 * golden log (tests/golden/) that shows it; a unit test checks that every
 * row has one.
 *
 * Parser coverage list. The report kinds recognized, the header line as
 * a 6.12 x86 kernel prints it, and the title given (F is the guilty
 * frame, see below). Types: kasan kfence ubsan bug warning lockdep hang
 * bad-page panic.
 *
 *  kasan    BUG: KASAN: <bug-type> in f+0x/0x        KASAN: <bug-type> in F
 *           every bug type: slab-out-of-bounds, slab-use-after-free,
 *           use-after-free, global-/stack-/vmalloc-/alloca-out-of-bounds,
 *           out-of-bounds, null-ptr-deref, wild-/user-memory-access,
 *           double-free, invalid-free, invalid-access, unknown-crash.
 *           No Read/Write in the title (the convention of the golden logs);
 *           for double-free/invalid-free F skips kfree, kmem_cache_free...
 *  kasan    Oops: general protection fault, probably for non-canonical
 *           address ... + "KASAN: <hint> in range [...]"
 *                                                 KASAN: <hint> in F
 *           ("probably "/"maybe " dropped: maybe wild-memory-access ->
 *           wild-memory-access)
 *  kfence   BUG: KFENCE: <what> in f               KFENCE: <what> in F
 *           use-after-free read/write, out-of-bounds read/write,
 *           invalid read/write, invalid free, memory corruption
 *  ubsan    UBSAN: <check> in file:line:col        UBSAN: <check> in F
 *           UBSAN: <text> at f+0x/0x (UBSAN_TRAP, then an Oops)
 *                                                 UBSAN: <text-with-dashes> in F
 *  bug      BUG: unable to handle page fault for address / kernel paging
 *           request                               BUG: unable to handle page fault in F
 *  bug      BUG: kernel NULL pointer dereference  BUG: kernel NULL pointer dereference in F
 *  hang     watchdog: BUG: soft lockup - CPU#N stuck for Ns! [comm:pid]
 *                                                 BUG: soft lockup in F
 *  hang     watchdog: Watchdog detected hard LOCKUP on cpu N
 *                                                 BUG: hard lockup in F
 *  hang     BUG: workqueue lockup - ...           BUG: workqueue lockup
 *  bug      BUG: scheduling while atomic: ...     BUG: scheduling while atomic in F
 *  lockdep  BUG: sleeping function called from invalid context at f:l
 *                                                 BUG: sleeping function called from invalid context in F
 *  bad-page BUG: Bad page state in process X  pfn:N  BUG: Bad page state in F
 *  bad-page BUG: Bad page map in process X  pte:...  BUG: Bad page map in F
 *  bug      BUG: Bad rss-counter state / non-zero pgtables_bytes (no stack)
 *                                                 BUG: <text>
 *  bug      BUG: <anything else>                  BUG: <text up to ':' ',' '[' ' ('> in F
 *  bug      [Oops: ]general protection fault ...  general protection fault in F
 *  bug      kernel BUG at file:line!              kernel BUG in F
 *  bug      Oops: <what>: 0000 [#1] ...           Oops: <what> in F ("Oops: int3 in F")
 *  bug      PANIC: double fault, error_code: ...  PANIC: double fault in F
 *  warning  WARNING: CPU: N PID: N at file:line f+0x/0x
 *                                                 WARNING in F
 *           the WARN() text printed between "cut here" and the header is
 *           part of the report (start_line is the "cut here" line).
 *  lockdep  WARNING: possible circular locking dependency detected,
 *           possible recursive locking detected, possible irq lock
 *           inversion dependency detected, X-safe -> X-unsafe lock order
 *           detected                              possible deadlock in F
 *  lockdep  WARNING: inconsistent lock state      inconsistent lock state in F
 *  lockdep  WARNING: suspicious RCU usage         WARNING: suspicious RCU usage in F
 *  lockdep  WARNING: bad unlock balance detected!, held lock freed!, X/N
 *           still has locks held!, lock held when returning to user space!,
 *           Nested lock was not taken, bad contention detected!,
 *           chain_key collision; [ BUG: Invalid wait context ]
 *                                                 WARNING: <what> in F / BUG: Invalid wait context in F
 *           for lockdep F is the function after "at:" on the lock line
 *           that follows "is trying to acquire lock:", "takes:", ...;
 *           failing that, the stack below the locking primitives.
 *  hang     INFO: task X:N blocked for more than N seconds.
 *                                                 INFO: task hung in F
 *           (F skips __schedule, schedule*, io_schedule, mutex/rwsem/
 *           completion/folio waits...)
 *  hang     rcu: INFO: rcu_preempt detected stalls on CPUs/tasks:,
 *           self-detected stall on CPU, detected expedited stalls
 *                                                 INFO: rcu detected stall in F
 *  bug      page dumped because: VM_BUG_ON_PAGE/FOLIO(...) (incl.
 *           PF_POISONED_CHECK, "page:... is uninitialized and poisoned")
 *           then kernel BUG at ...               kernel BUG in F (starts at the dump)
 *  warning  page dumped because: VM_WARN_ON_*(...) then WARNING  WARNING in F
 *  panic    Kernel panic - not syncing: <msg>, with no report before it
 *                                                 Kernel panic: <msg without numbers>
 *           A panic up to PANIC_TAIL_LINES after a report is that report's
 *           end; "hung_task: blocked tasks", "softlockup: hung tasks",
 *           "RCU Stall" and "Hard LOCKUP" join the hang they follow from
 *           further away. A "Fatal exception" or "panic_on_warn set" panic
 *           with no report before it is corrupted: its report was lost.
 *
 * Never a report: "mce: [Hardware Error]: ..." and "Memory failure: ..."
 * lines (the harness reads those itself), and page dumps whose reason is
 * not a VM_BUG_ON/VM_WARN_ON (memory hotplug's "isolation failed" ...).
 *
 * Guilty frame F: the function named by the header, else the RIP, else
 * the first reliable ("?" frames are not) call trace frame; each skipping
 * frames that report a bug rather than cause it (kasan_*, __asan_*,
 * ubsan_*, printk, dump_stack*, __warn, report_bug, handle_bug, exc_*,
 * asm_exc_*, panic, __might_sleep, lockdep ...) and, per kind, waits and
 * locking primitives (hangs, lockdep), spin loops (stalls, lockups: there
 * the <IRQ>/<NMI> part of the trace is skipped too), page allocator
 * internals (bad page) and free functions (KASAN double/invalid free).
 * Titles carry no addresses, offsets, pids, CPU numbers or timestamps;
 * .isra/.constprop/.part/.cold/.llvm suffixes are removed.
 *
 * Timestamps "[   12.345678] ", PRINTK_CALLER "[  T123] " / "[    C1] "
 * and "<N>" prefixes are stripped; results do not depend on them.
 *
 * Corrupted (with a reason) instead of a wrong title: a report that the
 * log ends inside (before its end marker, or before its trace ended);
 * one interrupted by another report before its end; one interleaved with
 * another CPU's or task's output (a different PRINTK_CALLER id on a
 * report line outside an NMI backtrace, or two "CPU: PID:" lines);
 * "** N printk messages dropped **" inside it; no guilty frame. A report
 * whose header alone names the guilty frame (KASAN: ... in FUNC) keeps its
 * title whatever follows: drops and the next report's header do not
 * corrupt it.
 *
 * "** replaying previous printk message **" (an nbcon console, such as
 * 8250 since 6.15, taken over by an emergency context) is followed by the
 * record the previous owner was printing, whole. The previous owner may
 * have printed all of it (the line before the marker: the copy after it
 * is skipped), part of it (cut off on the marker's own line, or ended by
 * a newline just before the marker: that part is skipped and the copy
 * read), or nothing (the copy is the record's only appearance, read).
 */
#include "console/report.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

#define FUNC_MAX 128
#define MAX_FRAMES 64
/* The text a header gives its title (a KASAN bug type, a panic message...). */
#define WHAT_MAX 96
/* The text of a "KASAN: null-ptr-deref in range [...]" line is shorter. */
#define HINT_MAX 48
#define FILE_MAX 96
#define TITLE_HEAD_MAX 160
/* A panic this close after a report is that report's ending, not a new one. */
#define PANIC_TAIL_LINES 40
/* How far a hang's own panic ("hung_task: blocked tasks") may follow it. */
#define PANIC_HANG_LINES 20000
/* Lines searched back for the "cut here" line of a WARNING or BUG. */
#define CUT_HERE_LINES 4
/* Ordinary messages of other CPUs looked past inside a call trace. */
#define TRACE_GAP_LINES 12

/*
 * The report kinds, in the order classify() tries their headers: one row
 * of kinds[] each. Adding a kind is adding a row (and a golden log).
 */
enum kind {
	K_KASAN_FREE, K_KASAN, K_KFENCE_FREE, K_KFENCE, K_KASAN_GPF, K_UBSAN_TRAP, K_UBSAN,
	K_PAGE_FAULT, K_NULL_DEREF, K_SOFT_LOCKUP, K_HARD_LOCKUP, K_SCHED_ATOMIC, K_SLEEP_INVALID,
	K_BAD_PAGE, K_BAD_PAGE_MAP, K_WQ_LOCKUP, K_BUG_NOSTACK, K_LOCKDEP, K_BUG_OTHER,
	K_GPF, K_KERNEL_BUG, K_DOUBLE_FAULT, K_OOPS, K_WARNING, K_HUNG_TASK, K_RCU_STALL,
	K_PAGE_DUMP, K_PAGE_DUMP_START, K_PANIC,
	NR_KINDS,
	/* What else classify() tells apart. */
	K_NONE = NR_KINDS,
	K_DROPPED,	/* "** N printk messages dropped **" */
	K_REPLAY,	/* "** replaying previous printk message **", or a line it makes redundant */
};

#define KB(k) (1u << (k))
#define K_ALL (KB(NR_KINDS) - 1)

/* How a row's title is formed (" in F" follows when there is a guilty frame F). */
enum title_form {
	T_FIXED,	/* .title */
	T_TEXT,		/* .title then the header's text: "KASAN: " "slab-use-after-free" */
	T_OPT_TEXT,	/* .title, and ": " and the text when there is one: "Oops: int3" */
	T_ANNOUNCED,	/* a page dump: titled as the kernel BUG or WARNING it announces */
};

enum kind_flag {
	F_END_MARKER = 1 << 0,	/* finished only at "---[ end trace" (or its rule, F_SECTIONS) */
	F_SECTIONS = 1 << 1,	/* more sections follow its trace; a "====" rule ends it */
	F_NO_STACK = 1 << 2,	/* the header line is the whole report; no frame needed */
	F_NO_FRAME = 1 << 3,	/* never has a guilty frame */
	F_NO_RIP = 1 << 4,	/* its RIP is where it waits, not the culprit */
	F_SPINS = 1 << 5,	/* a stuck CPU: frames in <IRQ>/<NMI> sections are the detector */
	F_IRQ_RIP = 1 << 6,	/* ... and so is a RIP there */
	F_JOIN_ONLY = 1 << 7,	/* never opens a report: joins one, or is an ordinary line */
	F_ANY_CALLER = 1 << 8,	/* may come from another task or CPU than its report */
	F_BEFORE_TRACE = 1 << 9, /* joins a report only before its trace began */
	F_HEAD_SKIP = 1 << 10,	/* the header's own function may be on the skip list */
	F_LOCK_CHAIN = 1 << 11,	/* lockdep: the culprit is on an "at:" line of the chain */
	F_DUMP = 1 << 12,	/* a page dump: information unless a VM_BUG_ON/VM_WARN_ON follows */
	F_PANIC = 1 << 13,	/* a panic: ends the report just before it, or stands alone */
};

/* Bits a header sets on its report. */
enum {
	HB_AT = 1 << 0,		/* lockdep: the next "at:" names the culprit */
};

/* A header line: it starts with .prefix and contains each of .has. */
struct head {
	const char *prefix;
	const char *has[2];
	const char *what;	/* the title text it gives; NULL: the row's extractor's */
	unsigned bits;
};

/* What classify() found on a header line. */
struct hdr {
	char func[FUNC_MAX];	/* the function it names */
	char what[WHAT_MAX];	/* its text for the title */
	char file[FILE_MAX];	/* UBSAN: the source file, without line:col */
	unsigned bits;
};

struct kind_row {
	const char *name;	/* stable, for tests (report_kind_name) */
	const char *type;	/* struct report.type */
	enum title_form form;
	const char *title;
	const struct head *heads;	/* ends with a NULL prefix */
	/*
	 * Fills @h from header line @s (@rest follows the prefix). 0: not
	 * this kind after all; classify() goes on to the next row.
	 */
	int (*extract)(const char *s, const char *rest, struct hdr *h);
	unsigned flags;
	const char *const *skip[2];	/* frames not the culprit, besides generic_prefixes */
	unsigned joins;		/* an open report of these kinds takes this header in */
	unsigned becomes;	/* ... and then, from these, becomes this kind */
	const char *panic;	/* the panic its detector raises, however long after it */
};

enum end_how { END_OK, END_EOF, END_HEADER };

struct scan {
	int active;
	int start, end;			/* 0-based, inclusive */
	enum kind kind;
	char hdr_func[FUNC_MAX];	/* function named by the header (or lockdep "at:") */
	char what[WHAT_MAX];		/* KASAN bug type, lockdep kind, panic text... */
	char file[FILE_MAX];		/* UBSAN source file, without line:col */
	char rip[FUNC_MAX];
	char frames[MAX_FRAMES][FUNC_MAX];
	int nframes;
	int in_trace;			/* a trace began: a non-trace line ends the dump */
	int trace_closed;		/* the last trace section line was </TASK> */
	int irq;			/* inside an <IRQ>, <NMI>... section */
	int stack_bt;			/* lockdep: "stack backtrace:" seen */
	int want_at;			/* lockdep: the next "at:" names the culprit */
	int pid;
	long caller;			/* PRINTK_CALLER of the header, 0 if none */
	int multi_cpu;			/* printing other CPUs' backtraces */
	int complete;			/* reached its natural end */
	int ended;			/* a panic ended it */
	const char *bad;		/* corrupted reason seen while scanning */
};

/* Frames that report the bug rather than cause it. */
static const char *const generic_prefixes[] = {
	"kasan_", "__kasan_", "__asan_", "asan_", "kfence_", "__kfence_", "ubsan_", "__ubsan_",
	"__sanitizer_", "kmsan_", "__msan_",
	"print_", "printk", "_printk", "vprintk", "dump_stack", "show_stack", "show_trace",
	"show_regs", "__show_regs", "__dump_page", "dump_page", "__warn", "warn_slowpath",
	"report_bug", "handle_bug", "fixup_bug",
	"exc_", "asm_exc_", "do_error_trap", "do_trap", "do_int3", "die", "__die", "oops_",
	"bad_page", "panic", "nmi_", "check_preemption_disabled", "__might_", "might_",
	"lockdep_", "__lock_acquire", "lock_acquire", "lock_release", "__lock_release",
	"check_noncircular", "check_prev_add", "validate_chain", "debug_check_",
	"memcpy", "memset", "memmove", "__memcpy", "__memset", "__memmove", "memcmp", "bcmp",
	"strlen", "strnlen", "strcmp", "strncmp", "strcpy", "strncpy", "strscpy", "strchr",
	"rep_movs_alternative", "rep_stos_alternative", "copy_user_generic",
	"_copy_from_user", "_copy_to_user", "copy_from_user", "copy_to_user",
	"fortify_", "__fortify_",
	"rcu_dump_", "rcu_print_", "print_cpu_stall", "print_other_cpu_stall", "check_cpu_stall",
	"rcu_pending", "rcu_sched_clock_irq", "update_process_times", "tick_", "__hrtimer_run_queues",
	"hrtimer_interrupt", "__sysvec_", "sysvec_", "asm_sysvec_", "watchdog_timer_fn",
	"__x86_return_thunk", "__pfx_", "entry_SYSCALL", "do_syscall_64", "x64_sys_call",
	"srso_", "ret_from_fork", "kthread", NULL,
};

/* Where a hung task waits; the culprit is the caller. */
static const char *const blocking_prefixes[] = {
	"__schedule", "schedule", "io_schedule", "preempt_schedule", "__cond_resched",
	"_cond_resched", "__mutex_lock", "mutex_lock", "rwsem_down_", "__rwsem_down",
	"down_read", "down_write", "__down", "down", "wait_for_", "__wait_", "wait_on_",
	"___wait_", "out_of_line_wait_on_", "bit_wait", "folio_wait", "__folio_lock",
	"folio_lock", "__lock_page", "rt_mutex_", "__rt_mutex", "rtlock_",
	"percpu_down", "__percpu_down", "percpu_rwsem_wait", "context_switch", "__switch_to",
	"__flush_work", "flush_work", "__flush_workqueue", "flush_workqueue",
	"msleep", "usleep_range", "schedule_hrtimeout", "do_nanosleep", "hrtimer_nanosleep",
	"prepare_to_wait", "finish_wait", NULL,
};

/* Where a stuck CPU spins; the culprit is the caller. */
static const char *const spin_prefixes[] = {
	"_raw_spin_", "_raw_read_", "_raw_write_", "do_raw_spin_", "do_raw_read_",
	"do_raw_write_", "native_queued_spin_lock_slowpath", "queued_spin_lock_slowpath",
	"__pv_queued_spin_lock_slowpath", "pv_queued_spin_lock_slowpath",
	"queued_read_lock_slowpath", "queued_write_lock_slowpath", "cpu_relax", "__cpu_relax",
	"delay_tsc", "delay_halt", "__const_udelay", "__udelay", "__delay", "csd_lock_wait",
	"native_safe_halt", "pv_native_safe_halt", NULL,
};

/* Locking primitives and sleeping helpers: lockdep and atomic-context reports. */
static const char *const lock_prefixes[] = {
	"_raw_spin_", "_raw_read_", "_raw_write_", "do_raw_", "rt_spin_", "rt_read_", "rt_write_",
	"mutex_lock", "__mutex_lock", "mutex_unlock", "__mutex_unlock", "mutex_trylock",
	"down", "__down", "up_read", "up_write", "__up_", "rwsem_", "__rwsem_", "percpu_down",
	"__percpu_down", "percpu_up", "rt_mutex", "__rt_mutex", "lock_", "__lock_", "reacquire_held_locks",
	"rcu_read_lock", "rcu_read_unlock", "__rcu_read_", "rcu_lock_", "preempt_count_",
	"__schedule_bug", "__schedule", "schedule", "preempt_schedule", "__cond_resched", "_cond_resched",
	"msleep", "usleep_range", "wait_for_", "__wait_for_", "flush_work", "__flush_work",
	"kmem_cache_alloc", "__kmem_cache_alloc", "kmalloc", "__kmalloc", "kzalloc", "kcalloc",
	"krealloc", "kvmalloc", "__kvmalloc", "slab_pre_alloc_hook", "slab_alloc", "__slab_alloc",
	"alloc_pages", "__alloc_pages", "alloc_frozen_pages", "__alloc_frozen_pages", "folio_alloc",
	"__folio_alloc", "prepare_alloc_pages", "fs_reclaim_", "vmalloc", "__vmalloc", NULL,
};

/* Page allocator internals that find a bad page; the culprit is the caller. */
static const char *const page_alloc_prefixes[] = {
	"free_page_is_bad", "free_pages_prepare", "free_tail_page_prepare", "free_unref_page",
	"free_unref_folios", "free_frozen_page", "__free_pages", "__free_page", "free_pages",
	"__free_one_page", "free_one_page", "free_pcppages_bulk", "__folio_put", "folio_put",
	"folios_put", "release_pages", "__put_page", "put_page", "destroy_large_folio",
	"free_compound_page", "free_huge_folio", "check_new_page", "check_new_pages", "bad_range",
	"rmqueue", "get_page_from_freelist", "__alloc_pages", "alloc_pages", "__alloc_frozen_pages",
	"alloc_frozen_pages", "prep_new_page", "post_alloc_hook", "__folio_batch_release",
	"folio_batch_release", "print_bad_pte", "vm_normal_page", "vm_normal_folio",
	"_vm_normal_page", NULL,
};

/* Where KASAN/KFENCE catch a bad free; the culprit is the caller. */
static const char *const free_prefixes[] = {
	"kfree", "kvfree", "__kfree", "kmem_cache_free", "__kmem_cache_free", "kmem_",
	"slab_free", "__slab_free", "do_slab_free", "slab_", "free_large_kmalloc", "vfree",
	"vunmap", "__vunmap", NULL,
};

/* Lockdep lines after which the next "at:" names the culprit. */
static const char *const lockdep_keys[] = {
	"is trying to acquire lock:", "is trying to acquire:", "just changed the state of lock:", "] takes:",
	"is trying to release lock (", "is trying to contend lock (", "is freeing memory",
	"leaving the kernel with locks still held", "is trying to lock:", NULL,
};

static int has_prefix(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strncmp(s, *list, strlen(*list)))
			return 1;
	return 0;
}

static int starts(const char *s, const char *prefix)
{
	return !strncmp(s, prefix, strlen(prefix));
}

/*
 * The message part of @line. *caller gets the PRINTK_CALLER id: T123 is
 * 123, C1 is -2; 0 when there is none.
 */
static const char *split_line(const char *line, long *caller)
{
	const char *p = line, *q;

	*caller = 0;
	/* A kernel line glued after user-space text that had no newline. */
	for (q = line; (q = strchr(q, '[')); q++) {
		const char *r = q + 1;
		int digits = 0;

		while (*r == ' ')
			r++;
		while (isdigit((unsigned char)*r))
			r++, digits++;
		if (digits && *r == '.' && isdigit((unsigned char)r[1])) {
			r++;
			while (isdigit((unsigned char)*r))
				r++;
			if (*r == ']') {
				p = r + 1;
				break;
			}
		}
	}
	if (*p == ' ')
		p++;
	/* CONFIG_PRINTK_CALLER: "[  T123]" or "[    C0]". */
	if (p[0] == '[') {
		const char *r = p + 1;

		while (*r == ' ')
			r++;
		if ((*r == 'T' || *r == 'C') && isdigit((unsigned char)r[1])) {
			int cpu = *r == 'C', digits = 0;
			long id = 0;

			r++;
			while (isdigit((unsigned char)*r)) {
				if (digits++ < 9)
					id = id * 10 + (*r - '0');
				r++;
			}
			if (*r == ']') {
				*caller = cpu ? -(id + 1) : id + 1;
				p = r + 1;
				if (*p == ' ')
					p++;
			}
		}
	}
	/* A syslog level, as in "dmesg -r" output. */
	if (p == line && p[0] == '<' && isdigit((unsigned char)p[1]) && p[2] == '>')
		p += 3;
	return p;
}

const char *report_strip_prefix(const char *line)
{
	long caller;

	return split_line(line, &caller);
}

void report_clean_func(const char *in, char *out, int len)
{
	static const char *const suffixes[] = {
		".isra.", ".constprop.", ".part.", ".cold", ".llvm.", ".lto_priv.", NULL,
	};
	int n = 0;

	while (*in == ' ')
		in++;
	/* An unsymbolized "0xffffffffc0123456" is an address, not a name. */
	if (!isalpha((unsigned char)*in) && *in != '_' && *in != '.')
		in = "";
	while (in[n] && n < len - 1 && (isalnum((unsigned char)in[n]) || in[n] == '_' ||
					  in[n] == '.' || in[n] == '$'))
		n++;
	memcpy(out, in, n);
	out[n] = '\0';
	for (const char *const *s = suffixes; *s; s++) {
		char *cut = strstr(out, *s);

		if (cut)
			*cut = '\0';
	}
	/* A lone trailing ".N" from compiler clones. */
	n = strlen(out);
	while (n > 0 && isdigit((unsigned char)out[n - 1]))
		n--;
	if (n > 1 && n < (int)strlen(out) && out[n - 1] == '.')
		out[n - 1] = '\0';
}

/* Parse "  ? func+0x12/0x34 [mod]"; returns 1 with the clean name, 2 if "?". */
static int parse_frame(const char *s, char *func, int len)
{
	int unreliable = 0;
	const char *plus;

	while (*s == ' ' || *s == '\t')
		s++;
	if (s[0] == '?' && s[1] == ' ') {
		unreliable = 1;
		s += 2;
	}
	if (!isalpha((unsigned char)*s) && *s != '_')
		return 0;
	plus = strstr(s, "+0x");
	if (!plus || !strstr(plus, "/0x"))
		return 0;
	for (const char *p = s; p < plus; p++)
		if (!isalnum((unsigned char)*p) && *p != '_' && *p != '.' && *p != '$')
			return 0;
	report_clean_func(s, func, len);
	return unreliable ? 2 : 1;
}

/*
 * The culprit named by a lockdep lock line: "ffff... (&lock){+.+.}-{3:3},
 * at: func+0x1/0x2" or a print_ip_sym() line "[<ffffffff81000000>] func+0x1/0x2".
 */
static int parse_at(const char *s, char *func, int len)
{
	const char *p = strstr(s, ", at: ");

	if (p) {
		p += 6;
	} else {
		p = s;
		while (*p == ' ' || *p == '\t')
			p++;
		if (p[0] != '[' || p[1] != '<')
			return 0;
	}
	if (p[0] == '[' && p[1] == '<') {
		p = strchr(p, ']');
		if (!p)
			return 0;
		p++;
	}
	return parse_frame(p, func, len) == 1;
}

static int word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/* A hashed pointer or hex value: 8+ hex digits, at least one a digit. */
static int hex_word(const char *s)
{
	int n = 0, digit = 0;

	while (isxdigit((unsigned char)s[n])) {
		digit |= isdigit((unsigned char)s[n]) != 0;
		n++;
	}
	return n >= 8 && digit && !word_char(s[n]) ? n : 0;
}

/*
 * Drop addresses and free-standing numbers (pids, sizes, counters, CPU
 * numbers) so the text is stable; digits inside a word ("int3", "ext4")
 * stay.
 */
static void clean_text(const char *in, char *out, int len)
{
	const char *start = in;
	int n = 0, hex;

	while (*in && n < len - 1) {
		int standalone = in == start || !word_char(in[-1]);

		if (standalone && in[0] == '0' && in[1] == 'x') {
			in += 2;
			while (isxdigit((unsigned char)*in))
				in++;
			continue;
		}
		if (standalone && (hex = hex_word(in))) {
			in += hex;
			continue;
		}
		if (*in == '(' && (hex = strspn(in + 1, "0123456789abcdefx,.:- ")) && in[1 + hex] == ')') {
			/* "unknown-block(0,0)", "(8)" */
			in += hex + 2;
			continue;
		}
		if (standalone && isdigit((unsigned char)*in)) {
			const char *p = in;

			while (isdigit((unsigned char)*p))
				p++;
			if (!word_char(*p)) {
				in = p;
				continue;
			}
		}
		/* One space for a run of them (a dropped number leaves two). */
		if (*in == ' ' && n > 0 && out[n - 1] == ' ') {
			in++;
			continue;
		}
		out[n++] = *in++;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == ',' || out[n - 1] == ':' ||
			 out[n - 1] == '=' || out[n - 1] == '-' || out[n - 1] == '#'))
		n--;
	out[n] = '\0';
}

static int is_end_line(const char *s)
{
	return starts(s, "---[ end trace") || starts(s, "---[ end Kernel panic");
}

static int is_rule_line(const char *s)
{
	int n = 0;

	while (s[n] == '=')
		n++;
	return n >= 20 && s[n] == '\0';
}

static int is_cut_here(const char *s)
{
	return starts(s, "------------[ cut here ]------------");
}

/* Is @reason a page dump that a BUG or WARNING follows? */
static int vm_debug_reason(const char *reason)
{
	return starts(reason, "VM_BUG_ON") || starts(reason, "VM_WARN_ON");
}

/* Lines of a dump_page() or page_owner output. */
static int page_dump_line(const char *s)
{
	static const char *const heads[] = {
		"page:", "head:", "raw:", "memcg:", "flags:", "anon flags:", "ksm flags:",
		"page_type:", "page does not match folio", "There is not page extension",
		"page_owner", "page last ", "page has been migrated", "aops:", "invalid mapping:",
		"page dumped because:", NULL,
	};

	return has_prefix(s, heads) || is_cut_here(s);
}

/* "BUG: KASAN: slab-use-after-free in f+0x1/0x2 [mod]": the bug type, and f. */
static int what_in_func(const char *s, const char *rest, struct hdr *h)
{
	const char *in = strstr(rest, " in ");

	(void)s;
	if (!in)
		in = rest + strlen(rest);
	snprintf(h->what, WHAT_MAX, "%.*s", (int)(in - rest), rest);
	if (*in)
		report_clean_func(in + strlen(" in "), h->func, FUNC_MAX);
	return 1;
}

/* A KASAN or KFENCE report of a bad free: found in the free function. */
static int bad_free(const char *s, const char *rest, struct hdr *h)
{
	what_in_func(s, rest, h);
	return strstr(h->what, "double-free") || strstr(h->what, "invalid-free") ||
	       strstr(h->what, "invalid free");
}

/* "KASAN: null-ptr-deref in range [...]" (or "probably/maybe <type>") after a GPF. */
static int gpf_hint(const char *s, const char *rest, struct hdr *h)
{
	static const char *const hedges[] = { "probably ", "maybe " };
	const char *p = strstr(s, " in range [");

	for (size_t i = 0; i < sizeof(hedges) / sizeof(hedges[0]); i++)
		if (starts(rest, hedges[i])) {
			rest += strlen(hedges[i]);
			break;
		}
	snprintf(h->what, HINT_MAX, "%.*s", p > rest ? (int)(p - rest) : 0, rest);
	return 1;
}

/*
 * "UBSAN: shift-out-of-bounds in mm/x.c:12:3", or with UBSAN_TRAP
 * "UBSAN: shift out of bounds at func+0x1/0x2" (text dashed). Returns
 * whether it is the second form.
 */
static int ubsan_text(const char *rest, struct hdr *h)
{
	const char *in = strstr(rest, " in "), *at = strstr(rest, " at ");
	int n;

	if (at && (!in || at < in)) {
		n = snprintf(h->what, WHAT_MAX, "%.*s", (int)(at - rest), rest);
		for (int i = 0; i < n && i < WHAT_MAX - 1; i++)
			if (h->what[i] == ' ')
				h->what[i] = '-';
		report_clean_func(at + strlen(" at "), h->func, FUNC_MAX);
		return 1;
	}
	snprintf(h->what, WHAT_MAX, "%.*s", in ? (int)(in - rest) : (int)strcspn(rest, " "), rest);
	return 0;
}

static int ubsan_trap(const char *s, const char *rest, struct hdr *h)
{
	(void)s;
	return ubsan_text(rest, h) && h->func[0];
}

/* Any other UBSAN header: its source file names it when no frame does. */
static int ubsan(const char *s, const char *rest, struct hdr *h)
{
	const char *in = strstr(s, " in ");

	ubsan_text(rest, h);
	if (in) {
		in += strlen(" in ");
		snprintf(h->file, FILE_MAX, "%.*s", (int)strcspn(in, ": "), in);
	}
	return 1;
}

/* "BUG: <text>": the text up to ':' ',' '[' " (" or " at ", without numbers. */
static int bug_text(const char *s, const char *rest, struct hdr *h)
{
	static const char *const stops[] = { " (", " at " };
	char tmp[WHAT_MAX];
	int n = strcspn(rest, ":,[");

	(void)s;
	for (size_t i = 0; i < sizeof(stops) / sizeof(stops[0]); i++) {
		const char *at = strstr(rest, stops[i]);

		if (at && at - rest < n)
			n = at - rest;
	}
	snprintf(tmp, sizeof(tmp), "%.*s", n, rest);
	clean_text(tmp, h->what, WHAT_MAX);
	return h->what[0] != '\0';
}

/* "Oops: int3: 0000 [#1] ..." -> "int3"; "Oops: Oops: 0000 [#1]" -> "". */
static int oops_text(const char *s, const char *rest, struct hdr *h)
{
	char tmp[WHAT_MAX];

	(void)s;
	snprintf(tmp, sizeof(tmp), "%.*s", (int)strcspn(rest, ":["), rest);
	clean_text(tmp, h->what, WHAT_MAX);
	if (!strcmp(h->what, "Oops"))
		h->what[0] = '\0';
	return 1;
}

/*
 * "WARNING: CPU: 0 PID: 1 at mm/x.c:12 func+0x1/0x2 [mod]", or without a
 * file "... at func+0x1/0x2".
 */
static int warning_func(const char *s, const char *rest, struct hdr *h)
{
	const char *p = strstr(s, " at ");

	(void)rest;
	if (p) {
		const char *tok = p + strlen(" at "), *sp = strchr(tok, ' ');

		if (sp && !(strstr(tok, "+0x") && strstr(tok, "+0x") < sp))
			tok = sp + 1;
		report_clean_func(tok, h->func, FUNC_MAX);
	}
	return 1;
}

/* "page dumped because: <reason>", also at the end of a "page:" line. */
static void dump_reason(const char *s, struct hdr *h)
{
	static const char because[] = "page dumped because: ";
	const char *p = strstr(s, because);

	if (p)
		snprintf(h->what, WHAT_MAX, "%s", p + strlen(because));
}

static int dump_with_reason(const char *s, const char *rest, struct hdr *h)
{
	(void)rest;
	dump_reason(s, h);
	return h->what[0] != '\0';
}

static int dump_without_reason(const char *s, const char *rest, struct hdr *h)
{
	(void)rest;
	dump_reason(s, h);
	return h->what[0] == '\0';
}

/* "Kernel panic - not syncing: <message>", without numbers. */
static int panic_text(const char *s, const char *rest, struct hdr *h)
{
	char tmp[WHAT_MAX];

	(void)s;
	snprintf(tmp, sizeof(tmp), "%s", rest);
	clean_text(tmp, h->what, WHAT_MAX);
	return 1;
}

/* Header lines: H("prefix"), or with text each must contain, HAS("prefix", "text"...). */
#define H(p) { .prefix = (p) }
#define HAS(p, ...) { .prefix = (p), .has = { __VA_ARGS__ } }
#define HEADS(...) ((const struct head[]){ __VA_ARGS__, { .prefix = NULL } })

/* Machine-check and memory-failure lines are information, never a report. */
static const struct head *const quiet_lines = HEADS(
	H("mce: "), H("Memory failure: "), H("MCE: "),
	/* "BUG: Bad page state: 3 messages suppressed" */
	HAS("BUG: Bad page state", "messages suppressed"), HAS("BUG: Bad page map", "messages suppressed"));
static const struct head *const dropped_lines = HEADS(HAS("** ", " printk messages dropped **"));
#define REPLAY_MARK "** replaying previous printk message **"

static const struct head *const dump_heads =
	HEADS(HAS("page:", "is uninitialized and poisoned"), H("page dumped because: "));

#define LOCKDEP(p, w) { .prefix = (p), .what = (w) }
static const struct head *const lockdep_heads = HEADS(
	LOCKDEP("WARNING: possible circular locking dependency", "possible deadlock"),
	LOCKDEP("WARNING: possible recursive locking", "possible deadlock"),
	LOCKDEP("WARNING: possible irq lock inversion", "possible deadlock"),
	LOCKDEP("WARNING: inconsistent lock state", "inconsistent lock state"),
	LOCKDEP("WARNING: suspicious RCU usage", "WARNING: suspicious RCU usage"),
	LOCKDEP("WARNING: bad unlock balance", "WARNING: bad unlock balance"),
	LOCKDEP("WARNING: held lock freed", "WARNING: held lock freed"),
	LOCKDEP("WARNING: lock held when returning to user space",
		"WARNING: lock held when returning to user space"),
	LOCKDEP("WARNING: Nested lock was not taken", "WARNING: nested lock was not taken"),
	LOCKDEP("WARNING: bad contention detected", "WARNING: bad contention"),
	LOCKDEP("WARNING: chain_key collision", "WARNING: chain_key collision"),
	LOCKDEP("[ BUG: Invalid wait context ]", "BUG: Invalid wait context"),
	/* "WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected" */
	{ .prefix = "WARNING: ", .has = { "-safe -> ", "-unsafe lock order detected" },
	  .what = "possible deadlock" },
	/* "WARNING: kworker/0:1/33 still has locks held!" */
	{ .prefix = "WARNING: ", .has = { " still has locks held!" },
	  .what = "WARNING: still has locks held", .bits = HB_AT });

/* The kinds a page dump can be part of. */
#define DUMPS (KB(K_PAGE_DUMP) | KB(K_PAGE_DUMP_START))
#define IN_DUMP (DUMPS | KB(K_BAD_PAGE) | KB(K_BAD_PAGE_MAP) | KB(K_KASAN) | KB(K_KASAN_FREE) | \
		 KB(K_KFENCE) | KB(K_KFENCE_FREE))
/* The reports a 6.12 "Oops: ..." line follows (before their trace). */
#define OOPS_AFTER (KB(K_PAGE_FAULT) | KB(K_NULL_DEREF) | KB(K_KERNEL_BUG) | KB(K_BUG_OTHER) | \
		    KB(K_DOUBLE_FAULT) | KB(K_UBSAN_TRAP) | DUMPS)
#define SANITIZER (F_END_MARKER | F_SECTIONS)
#define STACK_END F_END_MARKER

static const struct kind_row kinds[NR_KINDS] = {
	[K_KASAN_FREE] = { .name = "kasan-bad-free", .type = "kasan", .form = T_TEXT, .title = "KASAN: ",
			   .heads = HEADS(H("BUG: KASAN: ")), .extract = bad_free,
			   .flags = SANITIZER | F_HEAD_SKIP, .skip = { free_prefixes } },
	[K_KASAN] = { .name = "kasan", .type = "kasan", .form = T_TEXT, .title = "KASAN: ",
		      .heads = HEADS(H("BUG: KASAN: ")), .extract = what_in_func, .flags = SANITIZER },
	[K_KFENCE_FREE] = { .name = "kfence-bad-free", .type = "kfence", .form = T_TEXT, .title = "KFENCE: ",
			    .heads = HEADS(H("BUG: KFENCE: ")), .extract = bad_free,
			    .flags = SANITIZER | F_HEAD_SKIP, .skip = { free_prefixes } },
	[K_KFENCE] = { .name = "kfence", .type = "kfence", .form = T_TEXT, .title = "KFENCE: ",
		       .heads = HEADS(H("BUG: KFENCE: ")), .extract = what_in_func, .flags = SANITIZER },
	/* A general protection fault that KASAN explains. */
	[K_KASAN_GPF] = { .name = "kasan-gpf", .type = "kasan", .form = T_TEXT, .title = "KASAN: ",
			  .heads = HEADS(HAS("KASAN: ", " in range [")), .extract = gpf_hint,
			  .flags = STACK_END | F_JOIN_ONLY | F_ANY_CALLER,
			  .joins = KB(K_GPF) | KB(K_OOPS) | KB(K_KASAN_GPF),
			  .becomes = KB(K_GPF) | KB(K_OOPS) | KB(K_KASAN_GPF) },
	[K_UBSAN_TRAP] = { .name = "ubsan-trap", .type = "ubsan", .form = T_TEXT, .title = "UBSAN: ",
			   .heads = HEADS(H("UBSAN: ")), .extract = ubsan_trap, .flags = SANITIZER },
	[K_UBSAN] = { .name = "ubsan", .type = "ubsan", .form = T_TEXT, .title = "UBSAN: ",
		      .heads = HEADS(H("UBSAN: ")), .extract = ubsan, .flags = SANITIZER },
	[K_PAGE_FAULT] = { .name = "page-fault", .type = "bug", .title = "BUG: unable to handle page fault",
			   .heads = HEADS(H("BUG: unable to handle page fault"),
					  H("BUG: unable to handle kernel paging request")),
			   .flags = STACK_END },
	[K_NULL_DEREF] = { .name = "null-deref", .type = "bug", .title = "BUG: kernel NULL pointer dereference",
			   .heads = HEADS(H("BUG: kernel NULL pointer dereference"),
					  H("BUG: unable to handle kernel NULL pointer dereference")),
			   .flags = STACK_END },
	[K_SOFT_LOCKUP] = { .name = "soft-lockup", .type = "hang", .title = "BUG: soft lockup",
			    .heads = HEADS(H("BUG: soft lockup"), H("watchdog: BUG: soft lockup")),
			    .flags = F_SPINS, .skip = { spin_prefixes }, .panic = "softlockup: hung tasks" },
	[K_HARD_LOCKUP] = { .name = "hard-lockup", .type = "hang", .title = "BUG: hard lockup",
			    .heads = HEADS(HAS("watchdog: ", "Watchdog detected hard LOCKUP"),
					   HAS("NMI watchdog: ", "Watchdog detected hard LOCKUP"),
					   HAS("Watchdog detected", "Watchdog detected hard LOCKUP")),
			    .flags = F_SPINS, .skip = { spin_prefixes }, .panic = "Hard LOCKUP" },
	[K_SCHED_ATOMIC] = { .name = "scheduling-while-atomic", .type = "bug",
			     .title = "BUG: scheduling while atomic",
			     .heads = HEADS(H("BUG: scheduling while atomic")), .skip = { lock_prefixes } },
	[K_SLEEP_INVALID] = { .name = "sleep-in-invalid-context", .type = "lockdep",
			      .title = "BUG: sleeping function called from invalid context",
			      .heads = HEADS(H("BUG: sleeping function called from invalid context")),
			      .skip = { lock_prefixes } },
	[K_BAD_PAGE] = { .name = "bad-page-state", .type = "bad-page", .title = "BUG: Bad page state",
			 .heads = HEADS(H("BUG: Bad page state")), .skip = { page_alloc_prefixes } },
	[K_BAD_PAGE_MAP] = { .name = "bad-page-map", .type = "bad-page", .title = "BUG: Bad page map",
			     .heads = HEADS(H("BUG: Bad page map")), .skip = { page_alloc_prefixes } },
	[K_WQ_LOCKUP] = { .name = "workqueue-lockup", .type = "hang", .title = "BUG: workqueue lockup",
			  .heads = HEADS(H("BUG: workqueue lockup")), .flags = F_NO_STACK },
	/* kernel/fork.c check_mm(): no stack follows. */
	[K_BUG_NOSTACK] = { .name = "mm-counters", .type = "bug", .form = T_TEXT, .title = "BUG: ",
			    .heads = HEADS({ .prefix = "BUG: Bad rss-counter state", .what = "Bad rss-counter state" },
					   { .prefix = "BUG: non-zero pgtables_bytes",
					     .what = "non-zero pgtables_bytes on freeing mm" }),
			    .flags = F_NO_STACK },
	[K_LOCKDEP] = { .name = "lockdep", .type = "lockdep", .form = T_TEXT, .title = "",
			.heads = lockdep_heads, .flags = F_LOCK_CHAIN, .skip = { lock_prefixes } },
	/* Any other "BUG: ..." line. */
	[K_BUG_OTHER] = { .name = "bug", .type = "bug", .form = T_TEXT, .title = "BUG: ",
			  .heads = HEADS(H("BUG: ")), .extract = bug_text },
	[K_GPF] = { .name = "general-protection-fault", .type = "bug", .title = "general protection fault",
		    .heads = HEADS(H("general protection fault"), H("Oops: general protection fault")),
		    .flags = STACK_END | F_BEFORE_TRACE, .joins = KB(K_OOPS), .becomes = KB(K_OOPS) },
	[K_KERNEL_BUG] = { .name = "kernel-bug", .type = "bug", .title = "kernel BUG",
			   .heads = HEADS(H("kernel BUG at ")), .flags = STACK_END,
			   .joins = DUMPS, .becomes = DUMPS },
	[K_DOUBLE_FAULT] = { .name = "double-fault", .type = "bug", .title = "PANIC: double fault",
			     .heads = HEADS(H("PANIC: double fault")), .flags = STACK_END },
	[K_OOPS] = { .name = "oops", .type = "bug", .form = T_OPT_TEXT, .title = "Oops",
		     .heads = HEADS(H("Oops: ")), .extract = oops_text, .flags = STACK_END | F_BEFORE_TRACE,
		     .joins = OOPS_AFTER, .becomes = DUMPS },
	[K_WARNING] = { .name = "warning", .type = "warning", .title = "WARNING",
			.heads = HEADS(H("WARNING: CPU: "), H("WARNING: at ")), .extract = warning_func,
			.flags = STACK_END, .joins = DUMPS, .becomes = DUMPS },
	[K_HUNG_TASK] = { .name = "hung-task", .type = "hang", .title = "INFO: task hung",
			  .heads = HEADS(HAS("INFO: task ", " blocked for more than ")),
			  .flags = F_NO_RIP, .skip = { blocking_prefixes }, .panic = "hung_task: blocked tasks" },
	[K_RCU_STALL] = { .name = "rcu-stall", .type = "hang", .title = "INFO: rcu detected stall",
			  .heads = HEADS(HAS("INFO: ", "detected stall"), HAS("INFO: ", "detected expedited stalls"),
					 HAS("rcu: ", "INFO: ", "detected stall"),
					 HAS("rcu: ", "INFO: ", "detected expedited stalls")),
			  .flags = F_SPINS | F_IRQ_RIP, .skip = { blocking_prefixes, spin_prefixes },
			  .panic = "RCU Stall" },
	[K_PAGE_DUMP] = { .name = "page-dump", .form = T_ANNOUNCED, .heads = dump_heads,
			  .extract = dump_with_reason, .flags = F_DUMP | F_NO_FRAME,
			  .joins = IN_DUMP, .becomes = KB(K_PAGE_DUMP_START) },
	/* "page:... is uninitialized and poisoned": the reason comes on the next line. */
	[K_PAGE_DUMP_START] = { .name = "page-dump-start", .form = T_ANNOUNCED, .heads = dump_heads,
				.extract = dump_without_reason, .flags = F_DUMP | F_NO_FRAME, .joins = IN_DUMP },
	[K_PANIC] = { .name = "panic", .type = "panic", .form = T_TEXT, .title = "Kernel panic: ",
		      .heads = HEADS(H("Kernel panic - not syncing: ")), .extract = panic_text,
		      .flags = F_PANIC | F_NO_FRAME | F_ANY_CALLER, .joins = K_ALL },
};

/* Panics that are how a report ends (and the hang detectors' .panic). */
static const char *const lost_report_panics[] = { "Fatal exception", NULL };
static const char *const lost_report_texts[] = { "panic_on_warn set", "fault=panic", NULL };

static const struct head *matching_head(const char *s, const struct head *heads)
{
	for (const struct head *h = heads; h->prefix; h++)
		if (starts(s, h->prefix) && (!h->has[0] || strstr(s, h->has[0])) &&
		    (!h->has[1] || strstr(s, h->has[1])))
			return h;
	return NULL;
}

/* Which report header, if any, @s is; fills @h with what it names. */
static enum kind classify(const char *s, struct hdr *h)
{
	memset(h, 0, sizeof(*h));
	if (matching_head(s, quiet_lines))
		return K_NONE;
	if (matching_head(s, dropped_lines))
		return K_DROPPED;
	/* Anywhere in the line: a record cut off by the takeover precedes it. */
	if (strstr(s, REPLAY_MARK))
		return K_REPLAY;
	for (int k = 0; k < NR_KINDS; k++) {
		const struct head *hd = matching_head(s, kinds[k].heads);

		if (!hd)
			continue;
		memset(h, 0, sizeof(*h));
		if (hd->what)
			snprintf(h->what, WHAT_MAX, "%s", hd->what);
		h->bits = hd->bits;
		if (!kinds[k].extract || kinds[k].extract(s, s + strlen(hd->prefix), h))
			return k;
	}
	memset(h, 0, sizeof(*h));
	return K_NONE;
}

static unsigned flags_of(enum kind k)
{
	return k < NR_KINDS ? kinds[k].flags : 0;
}

int report_kind_count(void)
{
	return NR_KINDS;
}

const char *report_kind_name(int kind)
{
	return kind >= 0 && kind < NR_KINDS ? kinds[kind].name : NULL;
}

int report_kind_of(const char *line)
{
	struct hdr h;
	enum kind k = classify(report_strip_prefix(line), &h);

	return k < NR_KINDS ? (int)k : -1;
}

static void rule_add_heads(struct report_rule *rule, const struct head *heads)
{
	for (const struct head *h = heads; h->prefix && rule->nr_opens < REPORT_RULE_MAX_OPENS; h++) {
		rule->opens[rule->nr_opens][0] = h->prefix;
		rule->opens[rule->nr_opens][1] = h->has[0] ? h->has[0] : "";
		rule->opens[rule->nr_opens][2] = h->has[1] ? h->has[1] : "";
		rule->nr_opens++;
	}
}

static void rule_add_skips(struct report_rule *rule, const char *const *list)
{
	for (; list && *list && rule->nr_skip < REPORT_RULE_MAX_SKIP; list++)
		rule->skip[rule->nr_skip++] = *list;
}

int report_rule(const char *kind, struct report_rule *rule)
{
	const struct kind_row *row = NULL;

	memset(rule, 0, sizeof(*rule));
	for (int k = 0; k < NR_KINDS; k++)
		if (!strcmp(kinds[k].name, kind))
			row = &kinds[k];
	if (!row)
		return -1;
	rule->title = row->title ? row->title : "";
	if (row->flags & F_JOIN_ONLY) {
		/* Opened by the kinds it turns into itself; its own line gives the text. */
		for (int k = 0; k < NR_KINDS; k++)
			if ((row->becomes & KB(k)) && !(kinds[k].flags & F_JOIN_ONLY))
				rule_add_heads(rule, kinds[k].heads);
		rule->text[0] = row->heads[0].prefix;
		rule->text[1] = row->heads[0].has[0] ? row->heads[0].has[0] : "";
		rule->text[2] = row->heads[0].has[1] ? row->heads[0].has[1] : "";
	} else {
		rule_add_heads(rule, row->heads);
	}
	rule_add_skips(rule, generic_prefixes);
	rule->nr_generic = rule->nr_skip;
	rule_add_skips(rule, row->skip[0]);
	rule_add_skips(rule, row->skip[1]);
	rule->head_frame_skipped = !!(row->flags & F_HEAD_SKIP);
	if (row->flags & F_LOCK_CHAIN)
		rule->lock_keys = lockdep_keys;
	rule->no_rip = !!(row->flags & F_NO_RIP);
	rule->spins = !!(row->flags & F_SPINS);
	return 0;
}

int report_title_kinds(const char *title, const char **names, int max)
{
	int n = 0;

	for (int k = 0; k < NR_KINDS && n < max; k++) {
		const struct kind_row *row = &kinds[k];
		size_t len = row->title ? strlen(row->title) : 0;

		if (row->form == T_ANNOUNCED || !len || strncmp(title, row->title, len))
			continue;
		/* A fixed title is all of it, or its " in F"; a text title is its start. */
		if (row->form == T_FIXED && title[len] && strncmp(title + len, " in ", 4))
			continue;
		names[n++] = row->name;
	}
	return n;
}

/* Is @func a frame that cannot be the culprit of a report of kind @k? */
static int is_generic(const char *func, enum kind k)
{
	if (has_prefix(func, generic_prefixes))
		return 1;
	for (int i = 0; i < 2; i++)
		if (kinds[k].skip[i] && has_prefix(func, kinds[k].skip[i]))
			return 1;
	return 0;
}

/* Does the open report take in a header of kind @k instead of ending? */
static int takes_in(const struct scan *sc, enum kind k)
{
	const struct kind_row *row = &kinds[k];

	if (!(row->joins & KB(sc->kind)))
		return 0;
	if ((row->flags & F_BEFORE_TRACE) && sc->in_trace)
		return 0;
	/* Not a panic into a page dump that is only information: it would be lost with it. */
	if ((row->flags & F_PANIC) && (kinds[sc->kind].flags & F_DUMP))
		return vm_debug_reason(sc->what);
	return 1;
}

static void take_in(struct scan *sc, enum kind k, const struct hdr *h)
{
	if (kinds[k].becomes & KB(sc->kind)) {
		sc->kind = k;
		snprintf(sc->hdr_func, sizeof(sc->hdr_func), "%s", h->func);
		snprintf(sc->what, sizeof(sc->what), "%s", h->what);
	}
	if (kinds[k].flags & F_PANIC) {
		sc->ended = 1;
		sc->complete = 1;
	}
}

static void open_report(struct scan *sc, int i, enum kind k, const struct hdr *h, long caller)
{
	memset(sc, 0, sizeof(*sc));
	sc->active = 1;
	sc->start = sc->end = i;
	sc->kind = k;
	sc->caller = caller;
	snprintf(sc->hdr_func, sizeof(sc->hdr_func), "%s", h->func);
	snprintf(sc->what, sizeof(sc->what), "%s", h->what);
	snprintf(sc->file, sizeof(sc->file), "%s", h->file);
	sc->pid = -1;
	sc->want_at = !!(h->bits & HB_AT);
	if (kinds[k].flags & F_PANIC) {
		/* Only its own stack dump follows. */
		sc->in_trace = 1;
		sc->complete = 1;
	}
}
/* Is @s a lockdep line after which the next "at:" names the culprit? */
static int lockdep_key_line(const char *s)
{
	for (const char *const *k = lockdep_keys; *k; k++)
		if (strstr(s, *k))
			return 1;
	return 0;
}

static void note_line(struct scan *sc, const char *s)
{
	unsigned flags = kinds[sc->kind].flags;
	char func[FUNC_MAX];
	const char *p, *t;
	int r;

	if ((flags & F_LOCK_CHAIN) && !sc->stack_bt) {
		/* The dependency chain's traces are not the report's stack. */
		if (sc->want_at && parse_at(s, func, sizeof(func))) {
			snprintf(sc->hdr_func, sizeof(sc->hdr_func), "%s", func);
			sc->want_at = 0;
		} else if (!sc->hdr_func[0] && lockdep_key_line(s)) {
			sc->want_at = 1;
		}
		if (starts(s, "stack backtrace:") || starts(s, "Call Trace:"))
			sc->stack_bt = 1;
		return;
	}
	if (flags & F_DUMP)
		return;		/* page_owner stacks are not the culprit */
	if (starts(s, "NMI backtrace for cpu") || starts(s, "Sending NMI from CPU")) {
		/* Other CPUs' dumps follow: their callers and pids differ. */
		sc->multi_cpu = 1;
		sc->pid = -1;
		return;
	}
	if (starts(s, "RIP: ") && !sc->rip[0] && (p = strchr(s, ':')) && (p = strchr(p + 1, ':'))) {
		/* "RIP: 0010:func+0x1/0x2"; user-space RIPs are bare addresses. */
		if (parse_frame(p + 1, func, sizeof(func)) == 1 && !(sc->irq && (flags & F_IRQ_RIP)))
			snprintf(sc->rip, sizeof(sc->rip), "%s", func);
		return;
	}
	if (starts(s, "Call Trace:")) {
		sc->in_trace = 1;
		return;
	}
	t = s;
	while (*t == ' ' || *t == '\t')
		t++;
	if (t[0] == '<' && t[1] != '/' && t[strlen(t) - 1] == '>') {
		sc->in_trace = 1;
		sc->trace_closed = 0;
		sc->irq = !starts(t, "<TASK>");
		return;
	}
	if (t[0] == '<' && t[1] == '/' && t[strlen(t) - 1] == '>') {
		if (starts(t, "</TASK>"))
			sc->trace_closed = 1;
		sc->irq = 0;
		return;
	}
	if ((p = strstr(s, " PID: ")) && starts(s, "CPU: ")) {
		int pid = atoi(p + 6);

		if (sc->pid >= 0 && pid != sc->pid && !sc->bad)
			sc->bad = "interleaved with output from another task (two CPU/PID lines)";
		sc->pid = pid;
		return;
	}
	r = parse_frame(s, func, sizeof(func));
	if (r) {
		sc->in_trace = 1;
		sc->trace_closed = 0;
	}
	/* A stall's interrupt frames are the detector, not the culprit. */
	if (r == 1 && sc->nframes < MAX_FRAMES && !((flags & F_SPINS) && sc->irq))
		snprintf(sc->frames[sc->nframes++], FUNC_MAX, "%s", func);
}

/* Does the header alone name the guilty frame (KASAN: ... in FUNC)? */
static int header_names_frame(const struct scan *sc)
{
	const struct kind_row *row = &kinds[sc->kind];

	return sc->hdr_func[0] && !has_prefix(sc->hdr_func, generic_prefixes) &&
	       !((row->flags & F_HEAD_SKIP) && is_generic(sc->hdr_func, sc->kind));
}

static const char *guilty_frame(const struct scan *sc)
{
	const struct kind_row *row = &kinds[sc->kind];

	if (row->flags & F_NO_FRAME)
		return "";
	if (header_names_frame(sc))
		return sc->hdr_func;
	if (!(row->flags & F_NO_RIP) && sc->rip[0] && !is_generic(sc->rip, sc->kind))
		return sc->rip;
	for (int i = 0; i < sc->nframes; i++)
		if (!is_generic(sc->frames[i], sc->kind))
			return sc->frames[i];
	return "";
}

static void title_of(const struct scan *sc, const char *frame, char *type, char *title, int len)
{
	const struct kind_row *row = &kinds[sc->kind];
	char head[TITLE_HEAD_MAX];

	if (row->form == T_ANNOUNCED)
		row = &kinds[starts(sc->what, "VM_WARN") ? K_WARNING : K_KERNEL_BUG];
	if (row->form == T_TEXT || (row->form == T_OPT_TEXT && sc->what[0]))
		snprintf(head, sizeof(head), "%s%s%s", row->title, row->form == T_OPT_TEXT ? ": " : "",
			 sc->what);
	else
		snprintf(head, sizeof(head), "%s", row->title);
	snprintf(type, 16, "%s", row->type);
	if (frame[0])
		snprintf(title, len, "%s in %s", head, frame);
	else if (sc->file[0])
		snprintf(title, len, "%s in %s", head, sc->file);
	else
		snprintf(title, len, "%s", head);
}

/* Has the report printed all it was going to? */
static int finished(const struct scan *sc)
{
	return sc->complete || (!(kinds[sc->kind].flags & F_END_MARKER) && sc->trace_closed);
}

/* Is @what the panic that a hang report titled @title asks for (NULL: any hang's)? */
static int panic_of_hang(const char *what, const char *title)
{
	for (int k = 0; k < NR_KINDS; k++)
		if (kinds[k].panic && starts(what, kinds[k].panic) && (!title || starts(title, kinds[k].title)))
			return 1;
	return 0;
}

/* Panics that are how a report ends: a lone one means the report was lost. */
static int consequence_panic(const char *what)
{
	if (has_prefix(what, lost_report_panics) || panic_of_hang(what, NULL))
		return 1;
	for (const char *const *t = lost_report_texts; *t; t++)
		if (strstr(what, *t))
			return 1;
	return 0;
}

static const char *corrupted_reason(const struct scan *sc, const char *frame, enum end_how how)
{
	unsigned flags = kinds[sc->kind].flags;

	if (sc->bad)
		return sc->bad;
	if (how == END_EOF && !finished(sc))
		return frame[0] || (flags & F_DUMP) ? "truncated: the log ends inside the report"
						    : "truncated: the log ends before a guilty frame";
	if (how == END_HEADER && !finished(sc) && !sc->trace_closed && !header_names_frame(sc))
		return "interrupted by another report before its end";
	if (flags & F_DUMP)
		return "the kernel BUG or WARNING after the page dump is missing";
	if ((flags & F_PANIC) && consequence_panic(sc->what))
		return "the report that caused this panic is missing";
	if (!frame[0] && !(flags & (F_NO_FRAME | F_NO_STACK)))
		return "no guilty frame in the report";
	return NULL;
}

struct scanner {
	char *const *lines;
	int n;
	struct report_set *out;
	struct scan sc;
	int last_end;		/* 0-based last line of the last report */
};

static void emit(struct scanner *st, enum end_how how)
{
	struct scan *sc = &st->sc;
	struct report_set *set = st->out;
	const char *frame = guilty_frame(sc), *reason;
	char type[16], title[256], key[300];
	struct report *r;
	uint64_t h;

	sc->active = 0;
	/* A page dump no BUG or WARNING followed is information. */
	if ((kinds[sc->kind].flags & F_DUMP) && !vm_debug_reason(sc->what))
		return;
	title_of(sc, frame, type, title, sizeof(title));
	reason = corrupted_reason(sc, frame, how);
	GROW(set->v, set->nr, set->alloc);
	r = &set->v[set->nr++];
	memset(r, 0, sizeof(*r));
	r->kind = kinds[sc->kind].name;
	r->type = xstrdup(type);
	r->title = xstrdup(title);
	r->frame = xstrdup(frame);
	r->start_line = sc->start + 1;
	r->end_line = sc->end + 1;
	if (reason) {
		r->corrupted = 1;
		r->corrupted_reason = xstrdup(reason);
	}
	snprintf(key, sizeof(key), "%s%c%s", type, 0, title);
	h = fnv1a64(key, strlen(type) + 1 + strlen(title), FNV1A64_INIT);
	snprintf(r->signature, sizeof(r->signature), "%016" PRIx64, h);
	st->last_end = sc->end;
}
/* Lines that belong to a dump after its call trace began. */
static int trace_like(const char *s)
{
	static const char *const heads[] = {
		"RIP:", "RSP:", "RAX:", "RDX:", "RBP:", "R10:", "R13:", "FS:", "CS:", "CR2:",
		"DR0:", "DR3:", "PKRU:", "Code:", "Modules linked in:", "<TASK>", "</TASK>",
		"<IRQ>", "</IRQ>", "<NMI>", "</NMI>", "<SOFTIRQ>", "</SOFTIRQ>", "Call Trace:",
		"Kernel Offset:", "irq event stamp:", "hardirqs last", "softirqs last", "Hardware name:",
		"CPU:", "Tainted:", "Workqueue:", "---[", "Rebooting in", "Shutting down cpus",
		"Dumping ftrace", "Kernel panic", "Sending NMI", "NMI backtrace", "task:", "?", NULL,
	};
	char func[FUNC_MAX];

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || parse_frame(s, func, sizeof(func)))
		return 1;
	return has_prefix(s, heads);
}

/* A line from a crash dump, as opposed to an ordinary message. */
static int report_like(const char *s)
{
	const char *t = s;

	while (*t == ' ' || *t == '\t')
		t++;
	return *t && trace_like(s);
}

/* Start a report at its header, or earlier at its "cut here" or "====" line. */
static int report_start(char *const *lines, int i, int last_end, long caller)
{
	int start = i;

	for (int j = i - 1; j >= 0 && j > last_end && j >= i - CUT_HERE_LINES; j--) {
		long c;
		const char *s = split_line(lines[j], &c);
		struct hdr h;

		if (caller && c && c != caller)
			continue;
		if (is_cut_here(s) || (j == i - 1 && is_rule_line(s))) {
			start = j;
			break;
		}
		if (classify(s, &h) != K_NONE)
			break;
	}
	return start;
}

/* Is line @i followed by an "---[ end trace" line? */
static int end_line_follows(const struct scanner *st, int i)
{
	return i + 1 < st->n && is_end_line(report_strip_prefix(st->lines[i + 1]));
}

/*
 * A line from another task or CPU (PRINTK_CALLER) inside the open report.
 * Returns 1 when the line is dealt with; a header is left to the caller.
 */
static int foreign_line(struct scanner *st, enum kind k, const char *s, long caller)
{
	struct scan *sc = &st->sc;

	if (!caller || !sc->caller || caller == sc->caller || sc->multi_cpu ||
	    (flags_of(k) & F_ANY_CALLER))
		return 0;
	if (k != K_NONE) {
		if (!finished(sc) && !sc->trace_closed && !sc->bad)
			sc->bad = "interleaved with a report from another CPU or task";
		emit(st, END_OK);
		return 0;
	}
	if (report_like(s)) {
		if (sc->trace_closed)
			emit(st, END_OK);
		else if (!sc->bad)
			sc->bad = "interleaved with output from another CPU or task";
	}
	return 1;	/* else an unrelated message */
}

/*
 * A page dump that announces a BUG or WARNING (VM_BUG_ON_PAGE...), with its
 * header within CUT_HERE_LINES after line @i: a message between the two is
 * another CPU's (the hwpoison injector of a stress loop, on a kernel without
 * PRINTK_CALLER), not the end of the dump.
 */
static int announced_header_follows(const struct scanner *st, int i)
{
	for (int j = i + 1; j < st->n && j <= i + CUT_HERE_LINES; j++) {
		struct hdr h;
		long caller;
		enum kind k = classify(split_line(st->lines[j], &caller), &h);

		if (k == K_KERNEL_BUG || k == K_WARNING)
			return 1;
	}
	return 0;
}

/*
 * Line @i, an ordinary message inside an open call trace: does the trace
 * go on after it (a stack frame within TRACE_GAP_LINES, before any other
 * kind of line)? Then the message is another CPU's, printed in between on
 * a kernel without PRINTK_CALLER (a stress loop's injector), and the trace
 * is not over.
 */
static int trace_resumes(const struct scanner *st, int i)
{
	for (int j = i + 1; j < st->n && j <= i + TRACE_GAP_LINES; j++) {
		long caller;
		const char *s = split_line(st->lines[j], &caller);
		char func[FUNC_MAX];
		struct hdr h;

		while (*s == ' ' || *s == '	')
			s++;
		if (*s && parse_frame(s, func, sizeof(func)))
			return 1;
		if (trace_like(s) || classify(s, &h) != K_NONE)
			return 0;
	}
	return 0;
}

/* Line @i while a report is open. Returns 1 when the line is dealt with. */
static int report_line(struct scanner *st, int i, enum kind k, const struct hdr *h, const char *s)
{
	struct scan *sc = &st->sc;
	unsigned flags = kinds[sc->kind].flags;

	if (k != K_NONE && takes_in(sc, k)) {
		take_in(sc, k, h);
		sc->end = i;
		/* Absorbed lines count against the cap too (found by fuzzing). */
		if ((sc->ended && !end_line_follows(st, i)) || sc->end - sc->start + 1 >= REPORT_MAX_LINES)
			emit(st, END_OK);
		return 1;
	}
	if (k != K_NONE && !(kinds[k].flags & F_JOIN_ONLY)) {
		emit(st, END_HEADER);
		return 0;
	}
	if ((flags & F_DUMP) && !page_dump_line(s) && !trace_like(s)) {
		if (k == K_NONE && vm_debug_reason(sc->what) && announced_header_follows(st, i))
			return 1;
		/* The dump is over and no BUG or WARNING came. */
		emit(st, END_OK);
		return 1;
	}
	if (sc->in_trace && !(flags & F_SECTIONS) && !trace_like(s)) {
		if (k == K_NONE && !sc->trace_closed && trace_resumes(st, i))
			return 1;
		/* The dump is over; this line is something else. */
		sc->complete = 1;
		emit(st, END_OK);
		return 1;
	}
	sc->end = i;
	note_line(sc, s);
	if (is_end_line(s) || (is_rule_line(s) && (flags & F_SECTIONS))) {
		sc->complete = 1;
		emit(st, END_OK);
	} else if (sc->end - sc->start + 1 >= REPORT_MAX_LINES) {
		emit(st, END_OK);
	}
	return 1;
}

/* A panic (@what) right after a report is how that report ended: 1 when it is. */
static int panic_ends_last(struct scanner *st, int i, const char *what)
{
	struct report *prev;
	int dist = i - st->last_end, next_end;

	if (!st->out->nr)
		return 0;
	prev = &st->out->v[st->out->nr - 1];
	if (dist > PANIC_TAIL_LINES && !(dist <= PANIC_HANG_LINES && panic_of_hang(what, prev->title)))
		return 0;
	next_end = end_line_follows(st, i);
	prev->end_line = i + 1 + next_end;
	if (prev->end_line - prev->start_line >= REPORT_MAX_LINES)
		prev->end_line = prev->start_line + REPORT_MAX_LINES - 1;
	st->last_end = i + next_end;
	return 1;
}

static void start_report(struct scanner *st, int i, enum kind k, const struct hdr *h, long caller)
{
	open_report(&st->sc, i, k, h, caller);
	if (!(kinds[k].flags & F_PANIC))
		st->sc.start = report_start(st->lines, i, st->last_end, caller);
	if (kinds[k].flags & F_NO_STACK) {
		st->sc.complete = 1;
		emit(st, END_OK);
	}
}

/*
 * Mark the lines a printk replay makes redundant: each marker line (with
 * the cut-off record it may end), and around a marker at a line's start
 * either the whole copy after it (the line before was that record, whole)
 * or the line before it when that line is the start of the copy (a
 * record cut off, then a newline). Lines are compared with their
 * timestamps: a replayed record carries its own.
 */
static void mark_replays(char *const *lines, int n, char *skip)
{
	for (int i = 0; i < n; i++) {
		const char *mark = strstr(lines[i], REPLAY_MARK);
		const char *before = i > 0 && !skip[i - 1] ? lines[i - 1] : NULL;

		if (!mark)
			continue;
		skip[i] = 1;
		if (strspn(lines[i], " ") != (size_t)(mark - lines[i]) || !before || i + 1 >= n)
			continue;
		if (!strcmp(before, lines[i + 1]))
			skip[i + 1] = 1;
		else if (!strncmp(before, lines[i + 1], strlen(before)))
			skip[i - 1] = 1;
	}
}

void report_scan(char *const *lines, int n, struct report_set *out)
{
	struct scanner st = { .lines = lines, .n = n, .out = out, .last_end = -1000000 };
	char *skip = xcalloc(n ? n : 1, 1);

	memset(out, 0, sizeof(*out));
	mark_replays(lines, n, skip);
	for (int i = 0; i < n; i++) {
		long caller;
		const char *s = split_line(lines[i], &caller);
		struct hdr h;
		enum kind k = skip[i] ? K_REPLAY : classify(s, &h);

		if (k == K_REPLAY)
			continue;
		if (st.sc.active && i - st.sc.start >= REPORT_MAX_LINES)
			emit(&st, END_OK);	/* skipped foreign lines count against the cap too */
		if (k == K_DROPPED) {
			/* Only the title and signature matter: the header may have settled them. */
			if (st.sc.active && !st.sc.bad && !header_names_frame(&st.sc))
				st.sc.bad = "printk messages were dropped inside the report";
			continue;
		}
		if (st.sc.active && foreign_line(&st, k, s, caller))
			continue;
		if (st.sc.active && report_line(&st, i, k, &h, s))
			continue;
		if (k == K_NONE || (flags_of(k) & F_JOIN_ONLY))
			continue;
		if ((flags_of(k) & F_PANIC) && panic_ends_last(&st, i, h.what))
			continue;
		start_report(&st, i, k, &h, caller);
	}
	if (st.sc.active)
		emit(&st, END_EOF);
	free(skip);
}
void report_set_free(struct report_set *set)
{
	for (int i = 0; i < set->nr; i++) {
		free(set->v[i].type);
		free(set->v[i].title);
		free(set->v[i].frame);
		free(set->v[i].corrupted_reason);
	}
	free(set->v);
	set->v = NULL;
	set->nr = 0;
}
