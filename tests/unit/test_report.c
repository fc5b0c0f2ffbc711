// SPDX-License-Identifier: GPL-2.0
/*
 * The report engine, driven by golden console logs: every file of
 * tests/golden/ is a real console log produced by pmemfi, every file of
 * tests/golden/synthetic/ one written from the kernel's format strings for
 * a report shape the suite has not met yet. Adding a case is adding a file.
 * Each is headed by lines that say what the engine must find in it:
 *
 *   #! report: TYPE | TITLE | FRAME | STEP   a report, in order (STEP: the
 *                                            test it is attributed to, or
 *                                            "boot" / "teardown")
 *   #! corrupted: REASON                     the report above is corrupted,
 *                                            for this reason
 *   #! lines: START-END                      its lines in the file
 *   #! reports: none                         the log has no report
 *
 * and "#!" lines of free text (source, what). A report without a
 * "corrupted:" line must not be corrupted. The log must give the same
 * reports with printk timestamps added or removed and with PRINTK_CALLER
 * ids, and every kind of report.c's table must be found in some log.
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

#include "console/console.h"
#include "console/report.h"
#include "lib/util.h"

#define GOLDEN "tests/golden"
#define SYNTHETIC "tests/golden/synthetic"
#define MAX_EXPECTED 16

struct expected {
	char type[32], title[256], frame[128], step[256];
	char reason[256];	/* "" unless corrupted */
	int start, end;		/* file lines; 0 when not given */
};

struct golden {
	const char *path;
	struct console_log log;
	int header;		/* lines of "#!" header */
	struct expected exp[MAX_EXPECTED];
	int nexp, none;
};

static void trim(char *s)
{
	char *e = s + strlen(s);

	while (e > s && (e[-1] == ' ' || e[-1] == '\n'))
		*--e = '\0';
	memmove(s, s + strspn(s, " "), strlen(s + strspn(s, " ")) + 1);
}

static int parse_report(const char *line, struct expected *e)
{
	char buf[1024], *f[4], *save = NULL;
	int n = 0;

	memset(e, 0, sizeof(*e));
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

/* One "#!" line into @g; -1 when it is malformed. */
static int parse_header_line(struct golden *g, const char *l)
{
	struct expected *last = g->nexp ? &g->exp[g->nexp - 1] : NULL;

	if (!strncmp(l, "#! report: ", 11))
		return g->nexp == MAX_EXPECTED ? -1 : parse_report(l + 11, &g->exp[g->nexp++]);
	if (!strncmp(l, "#! corrupted: ", 14)) {
		if (!last || last->reason[0] || !l[14])
			return -1;
		snprintf(last->reason, sizeof(last->reason), "%s", l + 14);
	} else if (!strncmp(l, "#! lines: ", 10)) {
		if (!last || last->start || sscanf(l + 10, "%d-%d", &last->start, &last->end) != 2 ||
		    last->start < 1 || last->end < last->start)
			return -1;
	} else if (!strcmp(l, "#! reports: none")) {
		g->none = 1;
	}
	return 0;
}

static void golden_load(const char *path, struct golden *g)
{
	memset(g, 0, sizeof(*g));
	g->path = path;
	assert_int_equal(console_load(path, &g->log), 0);
	while (g->header < g->log.nr && !strncmp(g->log.lines[g->header], "#!", 2)) {
		const char *l = g->log.lines[g->header++];

		if (parse_header_line(g, l))
			fail_msg("%s: bad header line: %s", path, l);
	}
	if (!g->nexp == !g->none)
		fail_msg("%s: needs '#! report:' lines or '#! reports: none'", path);
}

static void golden_free(struct golden *g)
{
	console_free(&g->log);
}

/* Scan an in-memory log (lines separated by \n). */
static void scan(const char *text, struct report_set *set, struct console_log *log)
{
	console_init(log, NULL);
	console_feed(log, text, strlen(text));
	console_finish(log);
	report_scan(log->lines, log->nr, set);
}

static void print_found(const struct report_set *set)
{
	for (int i = 0; i < set->nr; i++)
		print_error("  found: %s | %s | %s%s%s\n", set->v[i].type, set->v[i].title, set->v[i].frame,
			    set->v[i].corrupted ? " | corrupted: " : "",
			    set->v[i].corrupted ? set->v[i].corrupted_reason : "");
}

/* @set against what @g's header says (@form: which rendering of the log, for messages). */
static void check_reports(const struct golden *g, const struct report_set *set, const char *form)
{
	if (set->nr != g->nexp) {
		print_found(set);
		fail_msg("%s (%s): %d reports, expected %d", g->path, form, set->nr, g->nexp);
	}
	for (int i = 0; i < g->nexp; i++) {
		const struct report *r = &set->v[i];
		const struct expected *e = &g->exp[i];
		const char *reason = r->corrupted ? r->corrupted_reason : "";

		if (strcmp(r->type, e->type) || strcmp(r->title, e->title) || strcmp(r->frame, e->frame))
			fail_msg("%s (%s): report %d is '%s | %s | %s', expected '%s | %s | %s'", g->path, form,
				 i + 1, r->type, r->title, r->frame, e->type, e->title, e->frame);
		if (!r->corrupted != !r->corrupted_reason || strcmp(reason, e->reason))
			fail_msg("%s (%s): report %d: corrupted '%s', expected '%s'", g->path, form, i + 1, reason,
				 e->reason);
		assert_int_equal(strlen(r->signature), 16);
		assert_true(r->start_line >= 1 && r->end_line >= r->start_line);
		assert_true(r->end_line - r->start_line < REPORT_MAX_LINES);
	}
}

/* The log as written: reports, their lines and the steps they are attributed to. */
static void check_as_written(const struct golden *g, struct report_set *set)
{
	struct console_span *spans;
	int nspans;

	report_scan(g->log.lines + g->header, g->log.nr - g->header, set);
	check_reports(g, set, "as written");
	/* Attribution is checked on the log as written (header included). */
	nspans = console_spans(&g->log, &spans);
	for (int i = 0; i < g->nexp; i++) {
		const struct report *r = &set->v[i];
		const struct expected *e = &g->exp[i];
		int start = r->start_line + g->header, end = r->end_line + g->header;
		int at = console_span_at(spans, nspans, start);
		const char *step = at >= 0 ? spans[at].step : at == -1 ? "boot" : "teardown";

		if (strcmp(step, e->step))
			fail_msg("%s: report %d is in step '%s', expected '%s'", g->path, i + 1, step, e->step);
		if (e->start && (start != e->start || end != e->end))
			fail_msg("%s: report %d is at lines %d-%d, expected %d-%d", g->path, i + 1, start, end,
				 e->start, e->end);
	}
	console_spans_free(spans, nspans);
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

/* Does @msg (a line after its timestamp) begin with a PRINTK_CALLER id? */
static int has_caller(const char *msg)
{
	if (*msg++ != '[')
		return 0;
	while (*msg == ' ')
		msg++;
	if ((*msg != 'T' && *msg != 'C') || !isdigit((unsigned char)msg[1]))
		return 0;
	msg++;
	while (isdigit((unsigned char)*msg))
		msg++;
	return *msg == ']';
}

enum form { WITHOUT_TIMESTAMPS, TASK_CALLER, CPU_CALLER, NR_FORMS };

static const char *const form_names[NR_FORMS] = {
	"timestamps removed or added", "PRINTK_CALLER [  T190]", "PRINTK_CALLER [    C1]",
};

/*
 * @g's log rewritten: timestamps removed (added, when it has none), or
 * PRINTK_CALLER ids added after them. NULL when the log has caller ids
 * already and @form would add more.
 */
static char *render(const struct golden *g, enum form form)
{
	static const char *const caller[NR_FORMS] = { "", "[  T190]", "[    C1]" };
	struct strbuf sb = STRBUF_INIT;
	int stamped = 0, callers = 0, len;

	for (int i = g->header; i < g->log.nr; i++) {
		const char *l = g->log.lines[i];
		int at = find_timestamp(l, &len);

		stamped |= at >= 0;
		callers |= at >= 0 ? has_caller(l + at + len) : has_caller(l);
	}
	if (callers && form != WITHOUT_TIMESTAMPS)
		return NULL;
	for (int i = g->header, n = 0; i < g->log.nr; i++, n++) {
		const char *l = g->log.lines[i];
		int at = find_timestamp(l, &len);

		if (!stamped) {
			strbuf_addf(&sb, "[%5d.%06d] %s%s\n", 12 + n / 1000, (n * 137) % 1000000, caller[form], l);
		} else if (at < 0) {
			strbuf_addf(&sb, "%s\n", l);
		} else if (form == WITHOUT_TIMESTAMPS) {
			/* Glued user text gets a line of its own. */
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
	return strbuf_detach(&sb);
}

/* The reports do not depend on timestamps or PRINTK_CALLER ids. */
static void check_forms(const struct golden *g, const struct report_set *ref)
{
	for (int form = 0; form < NR_FORMS; form++) {
		char *text = render(g, form);
		struct console_log log;
		struct report_set set;

		if (!text)
			continue;
		scan(text, &set, &log);
		check_reports(g, &set, form_names[form]);
		for (int i = 0; i < set.nr; i++)
			assert_string_equal(set.v[i].signature, ref->v[i].signature);
		report_set_free(&set);
		console_free(&log);
		free(text);
	}
}

static void check_golden(const char *path, void *arg)
{
	struct report_set set;
	struct golden g;

	(void)arg;
	golden_load(path, &g);
	check_as_written(&g, &set);
	check_forms(&g, &set);
	report_set_free(&set);
	golden_free(&g);
}

/* Call @fn on every golden log of @dir; returns how many there are. */
static int each_golden(const char *dir, void (*fn)(const char *path, void *arg), void *arg)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int files = 0;

	assert_non_null(d);
	while ((e = readdir(d))) {
		char path[512];
		size_t len = strlen(e->d_name);

		if (len < 4 || strcmp(e->d_name + len - 4, ".log"))
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, e->d_name);
		fn(path, arg);
		files++;
	}
	closedir(d);
	return files;
}

static void golden_logs(void **state)
{
	(void)state;
	assert_true(each_golden(GOLDEN, check_golden, NULL) >= 4);
}

static void synthetic_logs(void **state)
{
	(void)state;
	assert_true(each_golden(SYNTHETIC, check_golden, NULL) >= 50);
}

/* Mark the kinds whose header is a line of one of the log's reports. */
static void kinds_in(const char *path, void *arg)
{
	int *seen = arg;
	struct report_set set;
	struct golden g;

	golden_load(path, &g);
	report_scan(g.log.lines + g.header, g.log.nr - g.header, &set);
	for (int i = 0; i < set.nr; i++)
		for (int line = set.v[i].start_line; line <= set.v[i].end_line; line++) {
			int k = report_kind_of(g.log.lines[g.header + line - 1]);

			if (k >= 0)
				seen[k] = 1;
		}
	report_set_free(&set);
	golden_free(&g);
}

/* Every row of report.c's table has a golden log that shows it in a report. */
static void every_kind_has_a_golden_log(void **state)
{
	int n = report_kind_count(), *seen = xcalloc(n, sizeof(*seen)), missing = 0;

	(void)state;
	assert_true(n > 0);
	assert_null(report_kind_name(n));
	each_golden(GOLDEN, kinds_in, seen);
	each_golden(SYNTHETIC, kinds_in, seen);
	for (int k = 0; k < n; k++)
		if (!seen[k]) {
			print_error("no golden log shows a report of kind '%s'\n", report_kind_name(k));
			missing++;
		}
	free(seen);
	assert_int_equal(missing, 0);
}

/* Same bug, different addresses, offsets, pids, CPUs, times: same title and signature. */
static void signature_is_stable(void **state)
{
	static const char *const variants[2] = {
		SYNTHETIC "/signature-page-fault-variant-1.log", SYNTHETIC "/signature-page-fault-variant-2.log",
	};
	struct report_set set[2];
	struct golden g[2];

	(void)state;
	for (int i = 0; i < 2; i++) {
		golden_load(variants[i], &g[i]);
		report_scan(g[i].log.lines + g[i].header, g[i].log.nr - g[i].header, &set[i]);
		assert_int_equal(set[i].nr, 1);
	}
	assert_string_equal(set[0].v[0].title, "BUG: unable to handle page fault in action_result");
	assert_string_equal(set[0].v[0].title, set[1].v[0].title);
	assert_string_equal(set[0].v[0].signature, set[1].v[0].signature);
	for (int i = 0; i < 2; i++) {
		report_set_free(&set[i]);
		golden_free(&g[i]);
	}
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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(golden_logs),
		cmocka_unit_test(synthetic_logs),
		cmocka_unit_test(every_kind_has_a_golden_log),
		cmocka_unit_test(signature_is_stable),
		cmocka_unit_test(titles_are_stable),
		cmocka_unit_test(garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
