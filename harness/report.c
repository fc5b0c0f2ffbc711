// SPDX-License-Identifier: GPL-2.0
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

enum kind {
	K_NONE,
	K_KASAN, K_KFENCE, K_UBSAN,
	K_PAGE_FAULT, K_NULL_DEREF, K_SOFT_LOCKUP, K_SCHED_ATOMIC, K_SLEEP_INVALID,
	K_BAD_PAGE, K_BAD_PAGE_MAP, K_BUG_OTHER,
	K_GPF, K_KERNEL_BUG, K_OOPS,
	K_WARNING, K_LOCKDEP,
	K_HUNG_TASK, K_RCU_STALL,
	K_PAGE_DUMP, K_PANIC,
	K_KASAN_HINT,	/* "KASAN: null-ptr-deref in range [...]": part of a GPF */
};

struct scan {
	int active;
	int start, end;			/* 0-based, inclusive */
	enum kind kind;
	char hdr_func[FUNC_MAX];	/* function named by the header */
	char what[96];			/* KASAN bug type, lockdep kind, panic text... */
	char kasan_hint[48];		/* from "KASAN: null-ptr-deref in range" */
	char rip[FUNC_MAX];
	char frames[MAX_FRAMES][FUNC_MAX];
	int nframes;
	int in_trace;
	int pid;
	int interleaved;
	int ended;
};

/* Frames that report the bug rather than cause it. */
static const char *const generic_prefixes[] = {
	"kasan_", "__kasan_", "__asan_", "asan_", "kfence_", "__kfence_", "ubsan_", "__ubsan_",
	"print_", "printk", "_printk", "vprintk", "dump_stack", "show_stack", "show_trace",
	"__dump_page", "dump_page", "__warn", "warn_slowpath", "report_bug", "handle_bug",
	"exc_", "asm_exc_", "do_error_trap", "do_trap", "do_int3", "die", "__die", "oops_",
	"bad_page", "panic", "nmi_", "check_preemption_disabled", "__might_", "might_",
	"lockdep_", "__lock_acquire", "lock_acquire", "lock_release", "__lock_release",
	"check_noncircular", "check_prev_add", "validate_chain", "debug_check_",
	"memcpy", "memset", "memmove", "__memcpy", "__memset", "__memmove", "memcmp",
	"strlen", "strcmp", "strncmp", "strcpy", "strncpy", "strscpy",
	"rcu_dump_", "rcu_print_", "print_cpu_stall", "print_other_cpu_stall",
	"rcu_sched_clock_irq", "update_process_times", "tick_", "__hrtimer_run_queues",
	"hrtimer_interrupt", "__sysvec_", "sysvec_", "asm_sysvec_", "watchdog_timer_fn",
	"__x86_return_thunk", "__pfx_", "entry_SYSCALL", "do_syscall_64", "x64_sys_call",
	"srso_", "ret_from_fork", "kthread", NULL,
};

/* Frames where a hung task waits; the culprit is the caller. */
static const char *const blocking_prefixes[] = {
	"__schedule", "schedule", "io_schedule", "__mutex_lock", "mutex_lock",
	"rwsem_down_", "down_read", "down_write", "__down", "down", "wait_for_",
	"__wait_", "wait_on_", "rt_mutex_", "__rt_mutex", "percpu_down", "__percpu_down",
	"context_switch", "__switch_to", "__flush_work", "flush_work", NULL,
};

static int has_prefix(const char *s, const char *const *list)
{
	for (; *list; list++)
		if (!strncmp(s, *list, strlen(*list)))
			return 1;
	return 0;
}

static int is_generic(const char *func, enum kind kind)
{
	if (has_prefix(func, generic_prefixes))
		return 1;
	return (kind == K_HUNG_TASK || kind == K_RCU_STALL) && has_prefix(func, blocking_prefixes);
}

const char *report_strip_prefix(const char *line)
{
	const char *p = line, *q;

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
			r++;
			while (isdigit((unsigned char)*r))
				r++;
			if (*r == ']') {
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

void report_clean_func(const char *in, char *out, int len)
{
	static const char *const suffixes[] = {
		".isra.", ".constprop.", ".part.", ".cold", ".llvm.", ".lto_priv.", NULL,
	};
	int n = 0;

	while (*in == ' ')
		in++;
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

static int word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_';
}

/*
 * Drop addresses and free-standing numbers (pids, sizes, counters) so the
 * text is stable; digits inside a word ("int3", "ext4") stay.
 */
static void clean_text(const char *in, char *out, int len)
{
	const char *start = in;
	int n = 0;

	while (*in && n < len - 1) {
		int standalone = in == start || !word_char(in[-1]);

		if (standalone && in[0] == '0' && in[1] == 'x') {
			in += 2;
			while (isxdigit((unsigned char)*in))
				in++;
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
		out[n++] = *in++;
	}
	while (n > 0 && (out[n - 1] == ' ' || out[n - 1] == ',' || out[n - 1] == ':' ||
			 out[n - 1] == '=' || out[n - 1] == '-'))
		n--;
	out[n] = '\0';
}

static int is_end_line(const char *s)
{
	return !strncmp(s, "---[ end trace", 14) || !strncmp(s, "---[ end Kernel panic", 21);
}

static int is_rule_line(const char *s)
{
	int n = 0;

	while (s[n] == '=')
		n++;
	return n >= 20 && s[n] == '\0';
}

/* Which report header, if any, @s is; fills @sc's header fields. */
static enum kind classify(const char *s, char *func, char *what)
{
	const char *p;

	func[0] = what[0] = '\0';
	if (!strncmp(s, "BUG: KASAN: ", 12) || !strncmp(s, "BUG: KFENCE: ", 13)) {
		int kfence = s[5] == 'K' && s[6] == 'F';
		const char *t = s + (kfence ? 13 : 12), *in = strstr(t, " in ");

		if (!in)
			in = t + strlen(t);
		snprintf(what, 96, "%.*s", (int)(in - t), t);
		if (*in)
			report_clean_func(in + 4, func, FUNC_MAX);
		return kfence ? K_KFENCE : K_KASAN;
	}
	if (!strncmp(s, "KASAN: ", 7) && strstr(s, " in range [")) {
		snprintf(what, 96, "%.*s", (int)(strstr(s, " in range [") - s - 7), s + 7);
		return K_KASAN_HINT;
	}
	if (!strncmp(s, "UBSAN: ", 7)) {
		p = strstr(s + 7, " in ");
		snprintf(what, 96, "%.*s", p ? (int)(p - s - 7) : 60, s + 7);
		return K_UBSAN;
	}
	if (!strncmp(s, "BUG: unable to handle page fault", 32) ||
	    !strncmp(s, "BUG: unable to handle kernel paging request", 43))
		return K_PAGE_FAULT;
	if (!strncmp(s, "BUG: kernel NULL pointer dereference", 36) ||
	    !strncmp(s, "BUG: unable to handle kernel NULL pointer dereference", 53))
		return K_NULL_DEREF;
	if (!strncmp(s, "BUG: soft lockup", 16) || !strncmp(s, "watchdog: BUG: soft lockup", 26))
		return K_SOFT_LOCKUP;
	if (!strncmp(s, "BUG: scheduling while atomic", 28))
		return K_SCHED_ATOMIC;
	if (!strncmp(s, "BUG: sleeping function called from invalid context", 51))
		return K_SLEEP_INVALID;
	if (!strncmp(s, "BUG: Bad page state", 19))
		return K_BAD_PAGE;
	if (!strncmp(s, "BUG: Bad page map", 17))
		return K_BAD_PAGE_MAP;
	if (!strncmp(s, "BUG: workqueue lockup", 21)) {
		snprintf(what, 96, "workqueue lockup");
		return K_RCU_STALL;
	}
	if (!strncmp(s, "BUG: ", 5)) {
		char tmp[96];

		p = s + 5;
		snprintf(tmp, sizeof(tmp), "%.*s", (int)strcspn(p, ":,("), p);
		clean_text(tmp, what, 96);
		return K_BUG_OTHER;
	}
	if (!strncmp(s, "general protection fault", 24) ||
	    !strncmp(s, "Oops: general protection fault", 30))
		return K_GPF;
	if (!strncmp(s, "kernel BUG at ", 14))
		return K_KERNEL_BUG;
	if (!strncmp(s, "Oops: ", 6)) {
		/* "Oops: int3: 0000 [#1] ..." -> "int3"; "Oops: 0000 [#1]" -> "". */
		char tmp[96];

		snprintf(tmp, sizeof(tmp), "%.*s", (int)strcspn(s + 6, ":["), s + 6);
		clean_text(tmp, what, 96);
		return K_OOPS;
	}
	if (!strncmp(s, "WARNING: possible circular locking dependency", 45) ||
	    !strncmp(s, "WARNING: possible recursive locking", 35) ||
	    !strncmp(s, "WARNING: inconsistent lock state", 32) ||
	    !strncmp(s, "WARNING: possible irq lock inversion", 36) ||
	    !strncmp(s, "WARNING: HARDIRQ-safe -> HARDIRQ-unsafe", 39) ||
	    !strncmp(s, "WARNING: SOFTIRQ-safe -> SOFTIRQ-unsafe", 39)) {
		snprintf(what, 96, "possible deadlock");
		return K_LOCKDEP;
	}
	if (!strncmp(s, "WARNING: suspicious RCU usage", 29) ||
	    !strncmp(s, "WARNING: bad unlock balance", 27) ||
	    !strncmp(s, "WARNING: lock held when returning to user space", 47) ||
	    !strncmp(s, "WARNING: held lock freed", 24)) {
		clean_text(s + 9, what, 96);
		return K_LOCKDEP;
	}
	if (!strncmp(s, "WARNING: ", 9) && strstr(s, " at ")) {
		/* "WARNING: CPU: 0 PID: 1 at mm/x.c:12 func+0x1/0x2 [mod]" */
		p = strstr(s, " at ");
		p = strchr(p + 4, ' ');
		if (p)
			report_clean_func(p + 1, func, FUNC_MAX);
		return K_WARNING;
	}
	if (!strncmp(s, "INFO: task ", 11) && strstr(s, " blocked for more than "))
		return K_HUNG_TASK;
	if ((p = strstr(s, "INFO: ")) && (p == s || !strncmp(s, "rcu: ", 5)) &&
	    (strstr(s, "detected stall") || strstr(s, "self-detected stall") ||
	     strstr(s, "detected expedited stalls"))) {
		snprintf(what, 96, "rcu detected stall");
		return K_RCU_STALL;
	}
	if ((!strncmp(s, "page:", 5) && strstr(s, "is uninitialized and poisoned")) ||
	    !strncmp(s, "page dumped because: ", 21)) {
		if ((p = strstr(s, "page dumped because: ")))
			snprintf(what, 96, "%s", p + 21);
		return K_PAGE_DUMP;
	}
	if (!strncmp(s, "Kernel panic - not syncing: ", 28)) {
		char tmp[96];

		snprintf(tmp, sizeof(tmp), "%s", s + 28);
		clean_text(tmp, what, 96);
		return K_PANIC;
	}
	return K_NONE;
}

/* Can the open report absorb a header of @k instead of ending? */
static int absorbs(const struct scan *sc, enum kind k)
{
	switch (k) {
	case K_KASAN_HINT:
		return sc->kind == K_GPF || sc->kind == K_OOPS;
	case K_OOPS:
		/* 6.12 prints "Oops: ..." after the BUG:/kernel BUG header. */
		return !sc->in_trace && sc->kind != K_WARNING && sc->kind != K_KASAN &&
		       sc->kind != K_KFENCE && sc->kind != K_UBSAN;
	case K_GPF:
		return sc->kind == K_OOPS && !sc->in_trace;
	case K_KERNEL_BUG:
		return sc->kind == K_PAGE_DUMP && !sc->in_trace;
	case K_PAGE_DUMP:
		return sc->kind == K_PAGE_DUMP || sc->kind == K_BAD_PAGE ||
		       sc->kind == K_BAD_PAGE_MAP;
	case K_PANIC:
		return 1;
	default:
		return 0;
	}
}

static void open_report(struct scan *sc, int i, enum kind k, const char *func, const char *what)
{
	memset(sc, 0, sizeof(*sc));
	sc->active = 1;
	sc->start = sc->end = i;
	sc->kind = k;
	snprintf(sc->hdr_func, sizeof(sc->hdr_func), "%s", func);
	snprintf(sc->what, sizeof(sc->what), "%s", what);
	sc->pid = -1;
}

static void absorb(struct scan *sc, enum kind k, const char *func, const char *what)
{
	if (k == K_KASAN_HINT) {
		snprintf(sc->kasan_hint, sizeof(sc->kasan_hint), "%s", what);
		if (sc->kind == K_OOPS)
			sc->kind = K_GPF;
	} else if (k == K_GPF || k == K_KERNEL_BUG) {
		sc->kind = k;
	} else if (k == K_PANIC) {
		sc->ended = 1;
	}
	(void)func;
}

static void note_line(struct scan *sc, const char *s)
{
	char func[FUNC_MAX];
	const char *p;
	int r;

	if (!strncmp(s, "RIP: ", 5) && !sc->rip[0] && (p = strchr(s, ':')) && (p = strchr(p + 1, ':'))) {
		/* "RIP: 0010:func+0x1/0x2"; user-space RIPs are bare addresses. */
		if (parse_frame(p + 1, func, sizeof(func)) == 1)
			snprintf(sc->rip, sizeof(sc->rip), "%s", func);
		return;
	}
	if (!strncmp(s, "Call Trace:", 11) || !strncmp(s, " <TASK>", 7) || !strcmp(s, "<TASK>")) {
		sc->in_trace = 1;
		return;
	}
	if ((p = strstr(s, " PID: ")) && (!strncmp(s, "CPU: ", 5))) {
		int pid = atoi(p + 6);

		if (sc->pid >= 0 && pid != sc->pid)
			sc->interleaved = 1;
		sc->pid = pid;
		return;
	}
	r = parse_frame(s, func, sizeof(func));
	if (r == 1 && sc->nframes < MAX_FRAMES) {
		sc->in_trace = 1;
		snprintf(sc->frames[sc->nframes++], FUNC_MAX, "%s", func);
	}
}

static const char *guilty_frame(const struct scan *sc)
{
	if (sc->hdr_func[0] && !is_generic(sc->hdr_func, sc->kind))
		return sc->hdr_func;
	if (sc->kind != K_HUNG_TASK && sc->rip[0] && !is_generic(sc->rip, sc->kind))
		return sc->rip;
	for (int i = 0; i < sc->nframes; i++)
		if (!is_generic(sc->frames[i], sc->kind))
			return sc->frames[i];
	return "";
}

static void title_of(const struct scan *sc, const char *frame, char *type, char *title, int len)
{
	const char *t = "bug", *head;
	char buf[160];

	switch (sc->kind) {
	case K_KASAN:
		t = "kasan";
		snprintf(buf, sizeof(buf), "KASAN: %s", sc->what);
		break;
	case K_KFENCE:
		t = "kfence";
		snprintf(buf, sizeof(buf), "KFENCE: %s", sc->what);
		break;
	case K_UBSAN:
		t = "ubsan";
		snprintf(buf, sizeof(buf), "UBSAN: %s", sc->what);
		break;
	case K_GPF:
		if (sc->kasan_hint[0]) {
			t = "kasan";
			snprintf(buf, sizeof(buf), "KASAN: %s", sc->kasan_hint);
		} else {
			snprintf(buf, sizeof(buf), "general protection fault");
		}
		break;
	default:
		switch (sc->kind) {
		case K_PAGE_FAULT: head = "BUG: unable to handle page fault"; break;
		case K_NULL_DEREF: head = "BUG: kernel NULL pointer dereference"; break;
		case K_SOFT_LOCKUP: head = "BUG: soft lockup"; t = "hang"; break;
		case K_SCHED_ATOMIC: head = "BUG: scheduling while atomic"; break;
		case K_SLEEP_INVALID: head = "BUG: sleeping function called from invalid context"; break;
		case K_BAD_PAGE: head = "BUG: Bad page state"; t = "bad-page"; break;
		case K_BAD_PAGE_MAP: head = "BUG: Bad page map"; t = "bad-page"; break;
		case K_KERNEL_BUG: head = "kernel BUG"; break;
		case K_OOPS: head = NULL; break;
		case K_WARNING: head = "WARNING"; t = "warning"; break;
		case K_HUNG_TASK: head = "INFO: task hung"; t = "hang"; break;
		case K_PAGE_DUMP: head = "VM_BUG_ON_PAGE"; break;
		case K_PANIC: head = "Kernel panic"; t = "panic"; break;
		case K_LOCKDEP: head = NULL; t = "lockdep"; break;
		case K_RCU_STALL: head = NULL; t = "hang"; break;
		default: head = NULL; break;
		}
		if (sc->kind == K_BUG_OTHER)
			snprintf(buf, sizeof(buf), "BUG: %s", sc->what);
		else if (sc->kind == K_OOPS)
			snprintf(buf, sizeof(buf), "Oops%s%s", sc->what[0] ? ": " : "", sc->what);
		else if (sc->kind == K_PANIC)
			snprintf(buf, sizeof(buf), "Kernel panic: %s", sc->what);
		else if (head)
			snprintf(buf, sizeof(buf), "%s", head);
		else if (sc->kind == K_RCU_STALL)
			snprintf(buf, sizeof(buf), "INFO: %s", sc->what);
		else
			snprintf(buf, sizeof(buf), "%s", sc->what);
	}
	snprintf(type, 16, "%s", t);
	if (frame[0] && sc->kind != K_PANIC)
		snprintf(title, len, "%s in %s", buf, frame);
	else
		snprintf(title, len, "%s", buf);
}

static void emit(struct report_set *set, struct scan *sc, int truncated)
{
	const char *frame = guilty_frame(sc);
	char type[16], title[256];
	struct report *r;
	char key[300];
	uint64_t h;

	title_of(sc, frame, type, title, sizeof(title));
	set->v = xrealloc(set->v, (set->nr + 1) * sizeof(*set->v));
	r = &set->v[set->nr++];
	memset(r, 0, sizeof(*r));
	r->type = xstrdup(type);
	r->title = xstrdup(title);
	r->frame = xstrdup(frame);
	r->start_line = sc->start + 1;
	r->end_line = sc->end + 1;
	if (sc->interleaved) {
		r->corrupted = 1;
		r->corrupted_reason = xstrdup("interleaved with output from another task");
	} else if (!frame[0] && sc->kind != K_PANIC) {
		r->corrupted = 1;
		r->corrupted_reason = xstrdup(truncated ? "truncated: the log ends before a guilty frame"
							 : "no guilty frame in the report");
	}
	snprintf(key, sizeof(key), "%s%c%s", type, 0, title);
	h = fnv1a64(key, strlen(type) + 1 + strlen(title), FNV1A64_INIT);
	snprintf(r->signature, sizeof(r->signature), "%016" PRIx64, h);
	sc->active = 0;
}

/* Lines that belong to a dump after its call trace began. */
static int trace_like(const char *s)
{
	static const char *const heads[] = {
		"RIP:", "RSP:", "RAX:", "RDX:", "RBP:", "R10:", "R13:", "FS:", "CS:", "CR2:",
		"DR0:", "DR3:", "PKRU:", "Code:", "Modules linked in:", "<TASK>", "</TASK>",
		"<IRQ>", "</IRQ>", "<NMI>", "</NMI>", "Call Trace:", "Kernel Offset:", "irq event stamp:",
		"hardirqs last", "softirqs last", "Hardware name:", "CPU:", "Tainted:", "Workqueue:",
		"---[", "Rebooting in", "Shutting down cpus", "Dumping ftrace", "Kernel panic",
		"Sending NMI", "NMI backtrace", "task:", "?", NULL,
	};
	char func[FUNC_MAX];

	while (*s == ' ' || *s == '\t')
		s++;
	if (!*s || parse_frame(s, func, sizeof(func)))
		return 1;
	return has_prefix(s, heads);
}

void report_scan(char *const *lines, int n, struct report_set *out)
{
	struct scan sc = { 0 };
	int last_end = -1000000;

	memset(out, 0, sizeof(*out));
	for (int i = 0; i < n; i++) {
		const char *s = report_strip_prefix(lines[i]);
		char func[FUNC_MAX], what[96];
		enum kind k = classify(s, func, what);

		if (sc.active) {
			if (k != K_NONE && absorbs(&sc, k)) {
				absorb(&sc, k, func, what);
				sc.end = i;
				/* Absorbed lines count against the cap too (found by fuzzing). */
				if ((sc.ended && !(i + 1 < n && is_end_line(report_strip_prefix(lines[i + 1])))) ||
				    sc.end - sc.start + 1 >= REPORT_MAX_LINES) {
					last_end = i;
					emit(out, &sc, 0);
				}
				continue;
			}
			if (k != K_NONE && k != K_KASAN_HINT) {
				last_end = sc.end;
				emit(out, &sc, 0);
			} else if (sc.in_trace && sc.kind != K_KASAN && sc.kind != K_KFENCE &&
				   sc.kind != K_UBSAN && !trace_like(s)) {
				/* The dump is over; this line is something else. */
				last_end = sc.end;
				emit(out, &sc, 0);
				continue;
			} else {
				sc.end = i;
				note_line(&sc, s);
				if (is_end_line(s) || (is_rule_line(s) && i > sc.start &&
						       (sc.kind == K_KASAN || sc.kind == K_KFENCE ||
							sc.kind == K_UBSAN)) ||
				    sc.end - sc.start + 1 >= REPORT_MAX_LINES) {
					last_end = i;
					emit(out, &sc, 0);
				}
				continue;
			}
		}
		if (k == K_NONE || k == K_KASAN_HINT)
			continue;
		/* A panic right after a report is how that report ended. */
		if (k == K_PANIC && out->nr && i - last_end <= PANIC_TAIL_LINES) {
			struct report *prev = &out->v[out->nr - 1];

			prev->end_line = i + 1;
			if (i + 1 < n && is_end_line(report_strip_prefix(lines[i + 1])))
				prev->end_line = i + 2;
			if (prev->end_line - prev->start_line >= REPORT_MAX_LINES)
				prev->end_line = prev->start_line + REPORT_MAX_LINES - 1;
			last_end = i + 1 < n && is_end_line(report_strip_prefix(lines[i + 1])) ? i + 1 : i;
			continue;
		}
		open_report(&sc, i, k, func, what);
		if (k == K_PANIC) {
			if (i + 1 < n && is_end_line(report_strip_prefix(lines[i + 1])))
				sc.end = ++i;
			last_end = sc.end;
			emit(out, &sc, 0);
		}
	}
	if (sc.active)
		emit(out, &sc, 1);
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
