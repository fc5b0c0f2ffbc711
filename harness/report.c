// SPDX-License-Identifier: GPL-2.0
/*
 * report.c - kernel reports in a console log.
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
 * "** N printk messages dropped **" inside it; no guilty frame. A line
 * after "** replaying previous printk message **" is a copy and skipped.
 */
#include "report.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define FUNC_MAX 128
#define MAX_FRAMES 64
/* A panic this close after a report is that report's ending, not a new one. */
#define PANIC_TAIL_LINES 40
/* How far a hang's own panic ("hung_task: blocked tasks") may follow it. */
#define PANIC_HANG_LINES 20000
/* Lines searched back for the "cut here" line of a WARNING or BUG. */
#define CUT_HERE_LINES 4

enum kind {
	K_NONE,
	K_KASAN, K_KFENCE, K_UBSAN,
	K_PAGE_FAULT, K_NULL_DEREF, K_SOFT_LOCKUP, K_HARD_LOCKUP, K_SCHED_ATOMIC, K_SLEEP_INVALID,
	K_BAD_PAGE, K_BAD_PAGE_MAP, K_BUG_OTHER, K_BUG_NOSTACK, K_WQ_LOCKUP,
	K_GPF, K_KERNEL_BUG, K_OOPS, K_DOUBLE_FAULT,
	K_WARNING, K_LOCKDEP,
	K_HUNG_TASK, K_RCU_STALL,
	K_PAGE_DUMP, K_PANIC,
	K_KASAN_HINT,	/* "KASAN: null-ptr-deref in range [...]": part of a GPF */
	K_DROPPED,	/* "** N printk messages dropped **" */
	K_REPLAY,	/* "** replaying previous printk message **": the next line is a copy */
};

enum end_how { END_OK, END_EOF, END_HEADER };

struct scan {
	int active;
	int start, end;			/* 0-based, inclusive */
	enum kind kind;
	char hdr_func[FUNC_MAX];	/* function named by the header (or lockdep "at:") */
	char what[96];			/* KASAN bug type, lockdep kind, panic text... */
	char file[96];			/* UBSAN source file, without line:col */
	char kasan_hint[48];		/* from "KASAN: null-ptr-deref in range" */
	char rip[FUNC_MAX];
	char frames[MAX_FRAMES][FUNC_MAX];
	int nframes;
	int in_trace;			/* a trace began: a non-trace line ends the dump */
	int trace_closed;		/* the last trace section line was </TASK> */
	int irq;			/* inside an <IRQ>, <NMI>... section */
	int stack_bt;			/* lockdep: "stack backtrace:" seen */
	int want_at;			/* lockdep: the next "at:" names the culprit */
	int ubsan_trap;
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

static int is_free_bug(const struct scan *sc)
{
	return (sc->kind == K_KASAN || sc->kind == K_KFENCE) &&
	       (strstr(sc->what, "double-free") || strstr(sc->what, "invalid-free") ||
		strstr(sc->what, "invalid free"));
}

/* Is @func a frame that cannot be the culprit of @sc's kind of report? */
static int is_generic(const char *func, const struct scan *sc)
{
	if (has_prefix(func, generic_prefixes))
		return 1;
	switch (sc->kind) {
	case K_HUNG_TASK:
		return has_prefix(func, blocking_prefixes);
	case K_RCU_STALL:
		return has_prefix(func, blocking_prefixes) || has_prefix(func, spin_prefixes);
	case K_SOFT_LOCKUP:
	case K_HARD_LOCKUP:
		return has_prefix(func, spin_prefixes);
	case K_LOCKDEP:
	case K_SLEEP_INVALID:
	case K_SCHED_ATOMIC:
		return has_prefix(func, lock_prefixes);
	case K_BAD_PAGE:
	case K_BAD_PAGE_MAP:
		return has_prefix(func, page_alloc_prefixes);
	default:
		return is_free_bug(sc) && has_prefix(func, free_prefixes);
	}
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

static void lockdep_what(const char *s, char *what)
{
	static const struct {
		const char *head, *what;
	} map[] = {
		{ "WARNING: possible circular locking dependency", "possible deadlock" },
		{ "WARNING: possible recursive locking", "possible deadlock" },
		{ "WARNING: possible irq lock inversion", "possible deadlock" },
		{ "WARNING: inconsistent lock state", "inconsistent lock state" },
		{ "WARNING: suspicious RCU usage", "WARNING: suspicious RCU usage" },
		{ "WARNING: bad unlock balance", "WARNING: bad unlock balance" },
		{ "WARNING: held lock freed", "WARNING: held lock freed" },
		{ "WARNING: lock held when returning to user space", "WARNING: lock held when returning to user space" },
		{ "WARNING: Nested lock was not taken", "WARNING: nested lock was not taken" },
		{ "WARNING: bad contention detected", "WARNING: bad contention" },
		{ "WARNING: chain_key collision", "WARNING: chain_key collision" },
		{ "[ BUG: Invalid wait context ]", "BUG: Invalid wait context" },
	};

	what[0] = '\0';
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (starts(s, map[i].head)) {
			snprintf(what, 96, "%s", map[i].what);
			return;
		}
	/* "WARNING: HARDIRQ-safe -> HARDIRQ-unsafe lock order detected" */
	if (starts(s, "WARNING: ") && strstr(s, "-safe -> ") && strstr(s, "-unsafe lock order detected"))
		snprintf(what, 96, "possible deadlock");
	/* "WARNING: kworker/0:1/33 still has locks held!" */
	else if (starts(s, "WARNING: ") && strstr(s, " still has locks held!"))
		snprintf(what, 96, "WARNING: still has locks held");
}

/* Which report header, if any, @s is; fills the function and text it names. */
static enum kind classify(const char *s, char *func, char *what)
{
	const char *p;

	func[0] = what[0] = '\0';
	/* Machine-check and memory-failure lines are information, never a report. */
	if (starts(s, "mce: ") || starts(s, "Memory failure: ") || starts(s, "MCE: "))
		return K_NONE;
	if (starts(s, "** ") && strstr(s, " printk messages dropped **"))
		return K_DROPPED;
	if (starts(s, "** replaying previous printk message **"))
		return K_REPLAY;
	if (starts(s, "BUG: KASAN: ") || starts(s, "BUG: KFENCE: ")) {
		int kfence = s[5] == 'K' && s[6] == 'F';
		const char *t = s + (kfence ? 13 : 12), *in = strstr(t, " in ");

		if (!in)
			in = t + strlen(t);
		snprintf(what, 96, "%.*s", (int)(in - t), t);
		if (*in)
			report_clean_func(in + 4, func, FUNC_MAX);
		return kfence ? K_KFENCE : K_KASAN;
	}
	if (starts(s, "KASAN: ") && (p = strstr(s, " in range ["))) {
		const char *t = s + 7;

		if (starts(t, "probably "))
			t += 9;
		else if (starts(t, "maybe "))
			t += 6;
		snprintf(what, 48, "%.*s", p > t ? (int)(p - t) : 0, t);
		return K_KASAN_HINT;
	}
	if (starts(s, "UBSAN: ")) {
		/* "UBSAN: shift-out-of-bounds in mm/x.c:12:3", or with UBSAN_TRAP
		 * "UBSAN: shift out of bounds at func+0x1/0x2". */
		const char *in = strstr(s + 7, " in "), *at = strstr(s + 7, " at ");
		int n;

		if (at && (!in || at < in)) {
			n = snprintf(what, 96, "%.*s", (int)(at - s - 7), s + 7);
			for (int i = 0; i < n && i < 95; i++)
				if (what[i] == ' ')
					what[i] = '-';
			report_clean_func(at + 4, func, FUNC_MAX);
			return K_UBSAN;
		}
		snprintf(what, 96, "%.*s", in ? (int)(in - s - 7) : (int)strcspn(s + 7, " "), s + 7);
		return K_UBSAN;
	}
	if (starts(s, "BUG: unable to handle page fault") ||
	    starts(s, "BUG: unable to handle kernel paging request"))
		return K_PAGE_FAULT;
	if (starts(s, "BUG: kernel NULL pointer dereference") ||
	    starts(s, "BUG: unable to handle kernel NULL pointer dereference"))
		return K_NULL_DEREF;
	if (starts(s, "BUG: soft lockup") || starts(s, "watchdog: BUG: soft lockup"))
		return K_SOFT_LOCKUP;
	if ((starts(s, "watchdog: ") || starts(s, "NMI watchdog: ") || starts(s, "Watchdog detected")) &&
	    strstr(s, "Watchdog detected hard LOCKUP"))
		return K_HARD_LOCKUP;
	if (starts(s, "BUG: scheduling while atomic"))
		return K_SCHED_ATOMIC;
	if (starts(s, "BUG: sleeping function called from invalid context"))
		return K_SLEEP_INVALID;
	if (starts(s, "BUG: Bad page state")) {
		/* "BUG: Bad page state: 3 messages suppressed" is not a report. */
		return strstr(s, "messages suppressed") ? K_NONE : K_BAD_PAGE;
	}
	if (starts(s, "BUG: Bad page map"))
		return strstr(s, "messages suppressed") ? K_NONE : K_BAD_PAGE_MAP;
	if (starts(s, "BUG: workqueue lockup"))
		return K_WQ_LOCKUP;
	if (starts(s, "BUG: Bad rss-counter state") || starts(s, "BUG: non-zero pgtables_bytes")) {
		snprintf(what, 96, "%s", starts(s, "BUG: Bad rss") ? "Bad rss-counter state"
				   : "non-zero pgtables_bytes on freeing mm");
		return K_BUG_NOSTACK;
	}
	if (starts(s, "[ BUG: Invalid wait context ]")) {
		lockdep_what(s, what);
		return K_LOCKDEP;
	}
	if (starts(s, "BUG: ")) {
		char tmp[96];
		const char *at;
		int n;

		p = s + 5;
		n = strcspn(p, ":,[");
		if ((at = strstr(p, " (")) && at - p < n)
			n = at - p;
		if ((at = strstr(p, " at ")) && at - p < n)
			n = at - p;
		snprintf(tmp, sizeof(tmp), "%.*s", n, p);
		clean_text(tmp, what, 96);
		if (!what[0])
			return K_NONE;
		return K_BUG_OTHER;
	}
	if (starts(s, "general protection fault") || starts(s, "Oops: general protection fault"))
		return K_GPF;
	if (starts(s, "kernel BUG at "))
		return K_KERNEL_BUG;
	if (starts(s, "PANIC: double fault"))
		return K_DOUBLE_FAULT;
	if (starts(s, "Oops: ")) {
		/* "Oops: int3: 0000 [#1] ..." -> "int3"; "Oops: Oops: 0000 [#1]" -> "". */
		char tmp[96];

		snprintf(tmp, sizeof(tmp), "%.*s", (int)strcspn(s + 6, ":["), s + 6);
		clean_text(tmp, what, 96);
		if (!strcmp(what, "Oops"))
			what[0] = '\0';
		return K_OOPS;
	}
	if (starts(s, "WARNING: ")) {
		lockdep_what(s, what);
		if (what[0])
			return K_LOCKDEP;
		if (starts(s, "WARNING: CPU: ") || starts(s, "WARNING: at ")) {
			/* "WARNING: CPU: 0 PID: 1 at mm/x.c:12 func+0x1/0x2 [mod]", or
			 * without a file "... at func+0x1/0x2". */
			p = strstr(s, " at ");
			if (p) {
				const char *tok = p + 4, *sp = strchr(tok, ' ');

				if (sp && !(strstr(tok, "+0x") && strstr(tok, "+0x") < sp))
					tok = sp + 1;
				report_clean_func(tok, func, FUNC_MAX);
			}
			return K_WARNING;
		}
		return K_NONE;
	}
	if (starts(s, "INFO: task ") && strstr(s, " blocked for more than "))
		return K_HUNG_TASK;
	if ((p = strstr(s, "INFO: ")) && (p == s || starts(s, "rcu: ")) &&
	    (strstr(s, "detected stall") || strstr(s, "self-detected stall") ||
	     strstr(s, "detected expedited stalls")))
		return K_RCU_STALL;
	if ((starts(s, "page:") && strstr(s, "is uninitialized and poisoned")) ||
	    starts(s, "page dumped because: ")) {
		if ((p = strstr(s, "page dumped because: ")))
			snprintf(what, 96, "%s", p + 21);
		return K_PAGE_DUMP;
	}
	if (starts(s, "Kernel panic - not syncing: ")) {
		char tmp[96];

		snprintf(tmp, sizeof(tmp), "%s", s + 28);
		clean_text(tmp, what, 96);
		return K_PANIC;
	}
	return K_NONE;
}

/* Kinds whose report ends with "---[ end trace" or a "====" rule. */
static int has_end_marker(enum kind k)
{
	switch (k) {
	case K_KASAN: case K_KFENCE: case K_UBSAN:
	case K_PAGE_FAULT: case K_NULL_DEREF: case K_GPF: case K_KERNEL_BUG:
	case K_OOPS: case K_DOUBLE_FAULT: case K_WARNING:
		return 1;
	default:
		return 0;
	}
}

/* Can the open report absorb a header of @k instead of ending? */
static int absorbs(const struct scan *sc, enum kind k)
{
	switch (k) {
	case K_KASAN_HINT:
		return sc->kind == K_GPF || sc->kind == K_OOPS;
	case K_OOPS:
		/* 6.12 prints "Oops: ..." after the BUG:/kernel BUG header. */
		if (sc->in_trace)
			return 0;
		switch (sc->kind) {
		case K_PAGE_FAULT: case K_NULL_DEREF: case K_KERNEL_BUG: case K_BUG_OTHER:
		case K_DOUBLE_FAULT: case K_PAGE_DUMP:
			return 1;
		case K_UBSAN:
			return sc->ubsan_trap;
		default:
			return 0;
		}
	case K_GPF:
		return sc->kind == K_OOPS && !sc->in_trace;
	case K_KERNEL_BUG:
	case K_WARNING:
		return sc->kind == K_PAGE_DUMP;
	case K_PAGE_DUMP:
		return sc->kind == K_PAGE_DUMP || sc->kind == K_BAD_PAGE || sc->kind == K_BAD_PAGE_MAP ||
		       sc->kind == K_KASAN || sc->kind == K_KFENCE;
	case K_PANIC:
		/* Not into a page dump that is only information: it would be lost with it. */
		return sc->kind != K_PAGE_DUMP || vm_debug_reason(sc->what);
	default:
		return 0;
	}
}

static void open_report(struct scan *sc, int i, enum kind k, const char *func, const char *what,
			long caller)
{
	memset(sc, 0, sizeof(*sc));
	sc->active = 1;
	sc->start = sc->end = i;
	sc->kind = k;
	sc->caller = caller;
	snprintf(sc->hdr_func, sizeof(sc->hdr_func), "%s", func);
	snprintf(sc->what, sizeof(sc->what), "%s", what);
	sc->pid = -1;
	if (k == K_UBSAN && func[0])
		sc->ubsan_trap = 1;
	if (k == K_LOCKDEP && !strcmp(what, "WARNING: still has locks held"))
		sc->want_at = 1;
	if (k == K_PANIC) {
		/* Only its own stack dump follows. */
		sc->in_trace = 1;
		sc->complete = 1;
	}
}

/* UBSAN's source file, without ":line:col". */
static void ubsan_file(struct scan *sc, const char *s)
{
	const char *in = strstr(s, " in ");
	int n;

	if (!in || sc->ubsan_trap)
		return;
	in += 4;
	n = strcspn(in, ": ");
	snprintf(sc->file, sizeof(sc->file), "%.*s", n, in);
}

static void absorb(struct scan *sc, enum kind k, const char *func, const char *what)
{
	switch (k) {
	case K_KASAN_HINT:
		snprintf(sc->kasan_hint, sizeof(sc->kasan_hint), "%s", what);
		if (sc->kind == K_OOPS)
			sc->kind = K_GPF;
		break;
	case K_GPF:
	case K_KERNEL_BUG:
		sc->kind = k;
		break;
	case K_WARNING:
		sc->kind = k;
		snprintf(sc->hdr_func, sizeof(sc->hdr_func), "%s", func);
		break;
	case K_OOPS:
		if (sc->kind == K_PAGE_DUMP) {
			sc->kind = K_OOPS;
			snprintf(sc->what, sizeof(sc->what), "%s", what);
		}
		break;
	case K_PAGE_DUMP:
		if (sc->kind == K_PAGE_DUMP && !sc->what[0])
			snprintf(sc->what, sizeof(sc->what), "%s", what);
		break;
	case K_PANIC:
		sc->ended = 1;
		sc->complete = 1;
		break;
	default:
		break;
	}
}

/* Lockdep lines after which the next "at:" names the culprit. */
static int lockdep_key_line(const char *s)
{
	return strstr(s, "is trying to acquire lock:") || strstr(s, "is trying to acquire:") ||
	       strstr(s, "just changed the state of lock:") || strstr(s, "] takes:") ||
	       strstr(s, "is trying to release lock (") || strstr(s, "is trying to contend lock (") ||
	       strstr(s, "is freeing memory") || strstr(s, "leaving the kernel with locks still held") ||
	       strstr(s, "is trying to lock:");
}

static void note_line(struct scan *sc, const char *s)
{
	char func[FUNC_MAX];
	const char *p, *t;
	int r;

	if (sc->kind == K_LOCKDEP && !sc->stack_bt) {
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
	if (sc->kind == K_PAGE_DUMP)
		return;		/* page_owner stacks are not the culprit */
	if (starts(s, "NMI backtrace for cpu") || starts(s, "Sending NMI from CPU")) {
		/* Other CPUs' dumps follow: their callers and pids differ. */
		sc->multi_cpu = 1;
		sc->pid = -1;
		return;
	}
	if (starts(s, "RIP: ") && !sc->rip[0] && (p = strchr(s, ':')) && (p = strchr(p + 1, ':'))) {
		/* "RIP: 0010:func+0x1/0x2"; user-space RIPs are bare addresses. */
		if (parse_frame(p + 1, func, sizeof(func)) == 1 && !(sc->irq && sc->kind == K_RCU_STALL))
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
	if (r == 1 && sc->nframes < MAX_FRAMES) {
		int stall = sc->kind == K_RCU_STALL || sc->kind == K_SOFT_LOCKUP ||
			    sc->kind == K_HARD_LOCKUP;

		/* A stall's interrupt frames are the detector, not the culprit. */
		if (!(stall && sc->irq))
			snprintf(sc->frames[sc->nframes++], FUNC_MAX, "%s", func);
	}
}

static const char *guilty_frame(const struct scan *sc)
{
	if (sc->kind == K_PANIC || sc->kind == K_PAGE_DUMP)
		return "";
	if (sc->hdr_func[0] && !has_prefix(sc->hdr_func, generic_prefixes) &&
	    !(is_free_bug(sc) && has_prefix(sc->hdr_func, free_prefixes)))
		return sc->hdr_func;
	if (sc->kind != K_HUNG_TASK && sc->rip[0] && !is_generic(sc->rip, sc))
		return sc->rip;
	for (int i = 0; i < sc->nframes; i++)
		if (!is_generic(sc->frames[i], sc))
			return sc->frames[i];
	return "";
}

static void title_of(const struct scan *sc, const char *frame, char *type, char *title, int len)
{
	const char *t = "bug", *head = NULL;
	char buf[160];

	switch (sc->kind) {
	case K_KASAN: t = "kasan"; snprintf(buf, sizeof(buf), "KASAN: %s", sc->what); break;
	case K_KFENCE: t = "kfence"; snprintf(buf, sizeof(buf), "KFENCE: %s", sc->what); break;
	case K_UBSAN: t = "ubsan"; snprintf(buf, sizeof(buf), "UBSAN: %s", sc->what); break;
	case K_GPF:
		if (sc->kasan_hint[0]) {
			t = "kasan";
			snprintf(buf, sizeof(buf), "KASAN: %s", sc->kasan_hint);
		} else {
			snprintf(buf, sizeof(buf), "general protection fault");
		}
		break;
	case K_BUG_OTHER:
	case K_BUG_NOSTACK: snprintf(buf, sizeof(buf), "BUG: %s", sc->what); break;
	case K_OOPS: snprintf(buf, sizeof(buf), "Oops%s%s", sc->what[0] ? ": " : "", sc->what); break;
	case K_PANIC: t = "panic"; snprintf(buf, sizeof(buf), "Kernel panic: %s", sc->what); break;
	case K_LOCKDEP: t = "lockdep"; snprintf(buf, sizeof(buf), "%s", sc->what); break;
	case K_PAGE_DUMP:
		/* The BUG or WARNING the dump announced never came. */
		if (starts(sc->what, "VM_WARN")) {
			t = "warning";
			head = "WARNING";
		} else {
			head = "kernel BUG";
		}
		break;
	case K_PAGE_FAULT: head = "BUG: unable to handle page fault"; break;
	case K_NULL_DEREF: head = "BUG: kernel NULL pointer dereference"; break;
	case K_SOFT_LOCKUP: head = "BUG: soft lockup"; t = "hang"; break;
	case K_HARD_LOCKUP: head = "BUG: hard lockup"; t = "hang"; break;
	case K_WQ_LOCKUP: head = "BUG: workqueue lockup"; t = "hang"; break;
	case K_SCHED_ATOMIC: head = "BUG: scheduling while atomic"; break;
	case K_SLEEP_INVALID: head = "BUG: sleeping function called from invalid context"; t = "lockdep"; break;
	case K_BAD_PAGE: head = "BUG: Bad page state"; t = "bad-page"; break;
	case K_BAD_PAGE_MAP: head = "BUG: Bad page map"; t = "bad-page"; break;
	case K_KERNEL_BUG: head = "kernel BUG"; break;
	case K_DOUBLE_FAULT: head = "PANIC: double fault"; break;
	case K_WARNING: head = "WARNING"; t = "warning"; break;
	case K_HUNG_TASK: head = "INFO: task hung"; t = "hang"; break;
	case K_RCU_STALL: head = "INFO: rcu detected stall"; t = "hang"; break;
	default: head = "BUG"; break;
	}
	if (head)
		snprintf(buf, sizeof(buf), "%s", head);
	snprintf(type, 16, "%s", t);
	if (frame[0])
		snprintf(title, len, "%s in %s", buf, frame);
	else if (sc->kind == K_UBSAN && sc->file[0])
		snprintf(title, len, "%s in %s", buf, sc->file);
	else
		snprintf(title, len, "%s", buf);
}

/* Has the report printed all it was going to? */
static int finished(const struct scan *sc)
{
	return sc->complete || (!has_end_marker(sc->kind) && sc->trace_closed);
}

/* Panics that are how a report ends: a lone one means the report was lost. */
static int consequence_panic(const char *what)
{
	return starts(what, "Fatal exception") || strstr(what, "panic_on_warn set") ||
	       strstr(what, "fault=panic") || starts(what, "hung_task: blocked tasks") ||
	       starts(what, "softlockup: hung tasks") || starts(what, "RCU Stall") ||
	       starts(what, "Hard LOCKUP");
}

/* Is @what the panic a hang report titled @title asks for, however far after it? */
static int panic_of_hang(const char *what, const char *title)
{
	return (starts(what, "hung_task: blocked tasks") && starts(title, "INFO: task hung")) ||
	       (starts(what, "softlockup: hung tasks") && starts(title, "BUG: soft lockup")) ||
	       (starts(what, "RCU Stall") && starts(title, "INFO: rcu detected stall")) ||
	       (starts(what, "Hard LOCKUP") && starts(title, "BUG: hard lockup"));
}

static void emit(struct report_set *set, struct scan *sc, enum end_how how, int *last_end)
{
	const char *frame = guilty_frame(sc), *reason = NULL;
	char type[16], title[256];
	struct report *r;
	char key[300];
	uint64_t h;

	sc->active = 0;
	/* A page dump no BUG or WARNING followed is information. */
	if (sc->kind == K_PAGE_DUMP && !vm_debug_reason(sc->what))
		return;
	title_of(sc, frame, type, title, sizeof(title));
	if (sc->bad)
		reason = sc->bad;
	else if (how == END_EOF && !finished(sc))
		reason = frame[0] || sc->kind == K_PAGE_DUMP ? "truncated: the log ends inside the report"
							     : "truncated: the log ends before a guilty frame";
	else if (how == END_HEADER && !finished(sc) && !sc->trace_closed)
		reason = "interrupted by another report before its end";
	else if (sc->kind == K_PAGE_DUMP)
		reason = "the kernel BUG or WARNING after the page dump is missing";
	else if (sc->kind == K_PANIC && consequence_panic(sc->what))
		reason = "the report that caused this panic is missing";
	else if (!frame[0] && sc->kind != K_PANIC && sc->kind != K_BUG_NOSTACK && sc->kind != K_WQ_LOCKUP)
		reason = "no guilty frame in the report";
	set->v = xrealloc(set->v, (set->nr + 1) * sizeof(*set->v));
	r = &set->v[set->nr++];
	memset(r, 0, sizeof(*r));
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
	*last_end = sc->end;
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
		char func[FUNC_MAX], what[96];

		if (caller && c && c != caller)
			continue;
		if (is_cut_here(s) || (j == i - 1 && is_rule_line(s))) {
			start = j;
			break;
		}
		if (classify(s, func, what) != K_NONE)
			break;
	}
	return start;
}

void report_scan(char *const *lines, int n, struct report_set *out)
{
	struct scan sc = { 0 };
	int last_end = -1000000, replayed = 0;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < n; i++) {
		long caller;
		const char *s = split_line(lines[i], &caller);
		char func[FUNC_MAX], what[96];
		enum kind k = classify(s, func, what);

		if (replayed) {
			/* A second copy of a line already seen. */
			replayed = 0;
			continue;
		}
		if (k == K_REPLAY) {
			replayed = 1;
			continue;
		}
		if (sc.active && i - sc.start >= REPORT_MAX_LINES) {
			/* Skipped foreign lines count against the cap too. */
			emit(out, &sc, END_OK, &last_end);
		}
		if (k == K_DROPPED) {
			if (sc.active && !sc.bad)
				sc.bad = "printk messages were dropped inside the report";
			continue;
		}
		if (sc.active && caller && sc.caller && caller != sc.caller && !sc.multi_cpu &&
		    k != K_PANIC && k != K_KASAN_HINT) {
			/* Another task's or CPU's line inside the report. */
			if (k != K_NONE) {
				if (!finished(&sc) && !sc.trace_closed && !sc.bad)
					sc.bad = "interleaved with a report from another CPU or task";
				emit(out, &sc, END_OK, &last_end);
				/* The new header is handled below. */
			} else if (report_like(s)) {
				if (sc.trace_closed) {
					emit(out, &sc, END_OK, &last_end);
				} else if (!sc.bad) {
					sc.bad = "interleaved with output from another CPU or task";
				}
				continue;
			} else {
				continue;	/* an unrelated message */
			}
		}
		if (sc.active) {
			if (k != K_NONE && absorbs(&sc, k)) {
				absorb(&sc, k, func, what);
				sc.end = i;
				/* Absorbed lines count against the cap too (found by fuzzing). */
				if ((sc.ended && !(i + 1 < n && is_end_line(report_strip_prefix(lines[i + 1])))) ||
				    sc.end - sc.start + 1 >= REPORT_MAX_LINES)
					emit(out, &sc, END_OK, &last_end);
				continue;
			}
			if (k != K_NONE && k != K_KASAN_HINT) {
				emit(out, &sc, END_HEADER, &last_end);
			} else if (sc.kind == K_PAGE_DUMP && !page_dump_line(s) && !trace_like(s)) {
				/* The dump is over and no BUG or WARNING came. */
				emit(out, &sc, END_OK, &last_end);
				continue;
			} else if (sc.in_trace && sc.kind != K_KASAN && sc.kind != K_KFENCE &&
				   sc.kind != K_UBSAN && !trace_like(s)) {
				/* The dump is over; this line is something else. */
				sc.complete = 1;
				emit(out, &sc, END_OK, &last_end);
				continue;
			} else {
				sc.end = i;
				note_line(&sc, s);
				if (is_end_line(s) || (is_rule_line(s) && (sc.kind == K_KASAN ||
									   sc.kind == K_KFENCE ||
									   sc.kind == K_UBSAN))) {
					sc.complete = 1;
					emit(out, &sc, END_OK, &last_end);
				} else if (sc.end - sc.start + 1 >= REPORT_MAX_LINES) {
					emit(out, &sc, END_OK, &last_end);
				}
				continue;
			}
		}
		if (k == K_NONE || k == K_KASAN_HINT)
			continue;
		/* A panic right after a report is how that report ended. */
		if (k == K_PANIC && out->nr &&
		    (i - last_end <= PANIC_TAIL_LINES ||
		     (i - last_end <= PANIC_HANG_LINES && panic_of_hang(what, out->v[out->nr - 1].title)))) {
			struct report *prev = &out->v[out->nr - 1];
			int next_end = i + 1 < n && is_end_line(report_strip_prefix(lines[i + 1]));

			prev->end_line = i + 1 + next_end;
			if (prev->end_line - prev->start_line >= REPORT_MAX_LINES)
				prev->end_line = prev->start_line + REPORT_MAX_LINES - 1;
			last_end = i + next_end;
			continue;
		}
		open_report(&sc, i, k, func, what, caller);
		if (k != K_PANIC)
			sc.start = report_start(lines, i, last_end, caller);
		if (k == K_UBSAN)
			ubsan_file(&sc, s);
		if (k == K_BUG_NOSTACK || k == K_WQ_LOCKUP) {
			sc.complete = 1;
			emit(out, &sc, END_OK, &last_end);
		}
	}
	if (sc.active)
		emit(out, &sc, END_EOF, &last_end);
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
