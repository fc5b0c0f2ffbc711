// SPDX-License-Identifier: GPL-2.0
/*
 * index.html: the matrix has a cell per planned test with its verdict's
 * class in its seed's panel, its row (namespace x injector) and its pfn
 * point's column; reports are grouped by title with the cells they hit;
 * only known issues that matched are listed; earlier runs of the profile
 * give each cell its strip; hostile summary strings and console bytes
 * come out escaped and valid UTF-8, excerpts are the test's lines and
 * capped, and nothing on the page is fetched from outside.
 */
#include <locale.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>
#include <cmocka.h>

#include <json-c/json.h>

#include "results/outputs.h"
#include "lib/util.h"

#define ROW_A	"one.devdax.dev.2M.corrupt-pfn"
#define ROW_L	"one.devdax.dev.2M.layout"
#define T_PASS	ROW_A ".A-first.zero"
#define T_BUG	ROW_A ".A-first.ff"
#define T_BUG2	ROW_A ".C-mid.ff"
#define T_FAIL	ROW_L ".zero"
#define T_NOTRUN ROW_L ".ff"
#define T_TIME	"one.fsdax.dev.2M.hard-offline.C-mid.random:7"
#define HOSTILE	"<script>alert('x')</script>"

/* A results directory, and in it the run the page is for (@dir) and earlier ones. */
static char base[] = "/tmp/pmemfi-test-html.XXXXXX";
static char *results, *dir;

/* console/vm-01.log: "L0001 ..." to "L0300 ...", lines 10-12 hostile. */
static void write_console(void)
{
	static const char hostile[] =
		"<img src=x onerror=alert(1)> & \"q\" 'a'\n"
		"\x1b[31mred\x07 \xff\xfe bad \xc0\xaf \xed\xa0\x80 \xc2\x85 ok \xe2\x80\xa6 \0 nul\n"
		"crlf line\r\n";
	char *path = xasprintf("%s/console", dir);
	FILE *f;

	assert_int_equal(mkdir_p(path), 0);
	free(path);
	path = xasprintf("%s/console/vm-01.log", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	for (int i = 1; i <= 300; i++) {
		if (i == 10)
			fwrite(hostile, 1, sizeof(hostile) - 1, f);
		if (i < 10 || i > 12)
			fprintf(f, "L%04d console line\n", i);
	}
	fclose(f);
	free(path);
}

static void add(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
}

/* An earlier run: its status, profile, and test NAME=VERDICT pairs. */
static void past_run(const char *stamp, const char *status, const char *profile, ...)
{
	struct json_object *s = json_object_new_object(), *m = json_object_new_object();
	struct json_object *p = json_object_new_object(), *tests = json_object_new_array();
	char *run = xasprintf("%s/%s-kasan", results, stamp), *path;
	const char *name;
	va_list ap;

	assert_int_equal(mkdir_p(run), 0);
	add(s, "status", status);
	va_start(ap, profile);
	while ((name = va_arg(ap, const char *))) {
		struct json_object *t = json_object_new_object();

		add(t, "name", name);
		add(t, "verdict", va_arg(ap, const char *));
		json_object_array_add(tests, t);
	}
	va_end(ap);
	json_object_object_add(s, "tests", tests);
	add(p, "name", profile);
	json_object_object_add(m, "profile", p);
	path = xasprintf("%s/summary.json", run);
	assert_int_equal(json_object_to_file(path, s), 0);
	free(path);
	path = xasprintf("%s/manifest.json", run);
	assert_int_equal(json_object_to_file(path, m), 0);
	free(path);
	free(run);
	json_object_put(s);
	json_object_put(m);
}

/*
 * Two earlier quick runs count; one of another profile, one that did not
 * finish and one that started after the page's run do not.
 */
static void write_history(void)
{
	past_run("20260101T000001Z", "complete", "quick", T_PASS, "fail", T_BUG, "bug", NULL);
	past_run("20260101T000002Z", "complete", "quick", T_PASS, "pass", NULL);
	past_run("20260101T000003Z", "complete", "nightly", T_PASS, "timeout", NULL);
	past_run("20260101T000004Z", "interrupted", "quick", T_PASS, "error", NULL);
	past_run("20260103T000000Z", "complete", "quick", T_PASS, "skip", NULL);
}

static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(base))
		return -1;
	results = xasprintf("%s/results", base);
	dir = xasprintf("%s/20260102T000000Z-kasan", results);
	if (mkdir_p(dir))
		return -1;
	write_console();
	write_history();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	free(dir);
	free(results);
	return rm_rf(base);
}

static struct json_object *test(const char *name, const char *verdict, const char *seed,
				int begin, int end)
{
	struct json_object *t = json_object_new_object();

	add(t, "name", name);
	add(t, "verdict", verdict);
	add(t, "seed", seed);
	add(t, "namespace", "devdax");
	add(t, "console", "console/vm-01.log");
	json_object_object_add(t, "vm", json_object_new_int(1));
	json_object_object_add(t, "console_begin", json_object_new_int(begin));
	json_object_object_add(t, "console_end", json_object_new_int(end));
	return t;
}

static struct json_object *planned(const char *const *names, int n)
{
	struct json_object *a = json_object_new_array();

	for (int i = 0; i < n; i++) {
		struct json_object *o = json_object_new_object();

		add(o, "name", names[i]);
		add(o, "namespace", "devdax");
		json_object_array_add(a, o);
	}
	return a;
}

static struct json_object *known_issue(const char *id, const char *link, int matched, int xfail)
{
	struct json_object *k = json_object_new_object();

	add(k, "id", id);
	add(k, "reason", "action_result reads an uninitialized struct page " HOSTILE);
	add(k, "link", link);
	json_object_object_add(k, "matched", json_object_new_int(matched));
	json_object_object_add(k, "xfail", json_object_new_int(xfail));
	json_object_object_add(k, "xpass", json_object_new_int(0));
	add(k, "scope", "kernels 6.[3-9]* actions corrupt-pfn");
	json_object_object_add(k, "intermittent", json_object_new_boolean(xfail));
	return k;
}

/* A bug: its report, in "reports" and as the one that decided the verdict. */
static void bug(struct json_object *t, const char *title, const char *known)
{
	struct json_object *reps = json_object_new_array(), *r = json_object_new_object();
	char *report = xasprintf("reports/%s.txt", json_str(t, "name"));

	add(r, "title", title);
	add(r, "type", "bug");
	add(r, "signature", "d136ce211d7266d7");
	if (known)
		add(r, "known", known);
	json_object_array_add(reps, r);
	json_object_object_add(t, "reports", reps);
	add(t, "title", title);
	add(t, "type", "bug");
	add(t, "signature", "d136ce211d7266d7");
	add(t, "report", report);
	free(report);
}

/* The same warning in two VMs' boots: one row, counted twice. */
static struct json_object *run_reports(void)
{
	struct json_object *rr = json_object_new_array();

	for (int vm = 1; vm <= 2; vm++) {
		struct json_object *r = json_object_new_object();
		char where[16];

		snprintf(where, sizeof(where), "vm-%02d", vm);
		add(r, "title", "WARNING in " HOSTILE);
		add(r, "type", "warning");
		add(r, "where", where);
		if (vm == 2)
			add(r, "flake", "clean on retry in vm-03");
		json_object_object_add(r, "vm", json_object_new_int(vm));
		json_object_object_add(r, "start_line", json_object_new_int(40));
		json_object_object_add(r, "end_line", json_object_new_int(45));
		json_object_array_add(rr, r);
	}
	return rr;
}

/*
 * Six planned tests: on the point grid two seeds' panels of corrupt-pfn
 * (A-first, C-mid) and a third of hard-offline; off it a layout row with
 * two seeds, one not run. The two bugs share a title.
 */
static struct json_object *summary_fixture(void)
{
	static const char *const names[] = { T_PASS, T_FAIL, T_BUG, T_NOTRUN, T_TIME, T_BUG2 };
	struct json_object *s = json_object_new_object(), *tests = json_object_new_array();
	struct json_object *t, *known = json_object_new_array();

	add(s, "status", "running");
	json_object_array_add(tests, test(T_PASS, "pass", "zero", 1, 9));
	t = test(T_FAIL, "fail", "zero", 1, 300);
	add(t, "reason", "selftests/memory_failure.c:164: HardwareCorrupted grew");
	json_object_array_add(tests, t);
	t = test(T_BUG, "bug", "ff", 10, 20);
	add(t, "reason", HOSTILE);
	bug(t, HOSTILE, NULL);
	json_object_array_add(tests, t);
	t = test(T_TIME, "timeout", "random:7", 21, 22);
	add(t, "report", "reports/" T_TIME ".txt");
	json_object_array_add(tests, t);
	t = test(T_BUG2, "xfail", "ff", 23, 24);
	bug(t, HOSTILE, "ar-uninit");
	json_object_array_add(tests, t);
	json_object_object_add(s, "tests", tests);
	json_object_object_add(s, "planned", planned(names, 6));
	json_object_object_add(s, "run_reports", run_reports());

	json_object_array_add(known, known_issue("ar-uninit",
						 "https://bugzilla.kernel.org/show_bug.cgi?id=1&x=2", 3, 1));
	json_object_array_add(known, known_issue("js", "javascript:alert(1)", 1, 0));
	json_object_array_add(known, known_issue("unmatched-entry", "https://example.org/", 0, 0));
	json_object_object_add(s, "known_issues", known);
	return s;
}

static struct json_object *manifest_fixture(void)
{
	struct json_object *m = json_object_new_object(), *k = json_object_new_object();
	struct json_object *p = json_object_new_object(), *q = json_object_new_object();

	add(m, "status", "complete");
	add(k, "id", "kasan-6.12.117-pmemfi");
	add(k, "release", "6.12.117-pmemfi");
	add(k, "sanitizers", "KASAN DEBUG_VM");
	add(k, "version", "6.12.117 " HOSTILE);
	add(p, "name", "quick");
	add(q, "version", "QEMU emulator version 7.2.22");
	json_object_object_add(m, "kernel", k);
	json_object_object_add(m, "profile", p);
	json_object_object_add(m, "qemu", q);
	return m;
}

static char *render(struct json_object *summary, struct json_object *manifest, size_t *len)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *f = open_memstream(&buf, &n);

	assert_non_null(f);
	assert_int_equal(html_write(f, dir, summary, manifest), 0);
	fclose(f);
	if (len)
		*len = n;
	return buf;
}

static int count(const char *hay, const char *needle)
{
	int n = 0;

	for (const char *p = strstr(hay, needle); p; p = strstr(p + 1, needle))
		n++;
	return n;
}

/* The text from @from to the next @to after it (both in @hay), as a new string. */
static char *between(const char *hay, const char *from, const char *to)
{
	const char *p = strstr(hay, from), *e;

	assert_non_null(p);
	e = strstr(p, to);
	assert_non_null(e);
	return xasprintf("%.*s", (int)(e - p), p);
}

/* Seed @seed's panel of the matrix. */
static char *panel(const char *html, const char *seed)
{
	char *h3 = xasprintf("<h3>seed %s</h3>", seed), *p = between(html, h3, "</section>");

	free(h3);
	return p;
}

/* The <tr> of @html (a panel) whose heading is @row's action. */
static char *grid_row(const char *html, const char *row)
{
	char *key = xasprintf("<tr><th class=\"act\" title=\"%s\">", row), *r = between(html, key, "\n");

	free(key);
	return r;
}

/* The class of the @col-th <td> (0-based) of a row. */
static char *td_class(const char *row, int col)
{
	const char *p = row;

	for (int i = 0; i <= col; i++) {
		p = strstr(p + 1, "<td class=\"");
		assert_non_null(p);
	}
	p += strlen("<td class=\"");
	return xasprintf("%.*s", (int)strcspn(p, "\""), p);
}

static void assert_td(const char *row, int col, const char *cls)
{
	char *c = td_class(row, col);

	assert_string_equal(c, cls);
	free(c);
}

/* Valid UTF-8 throughout, and no control character but newline and tab. */
static void assert_clean_utf8(const char *s, size_t n)
{
	mbstate_t st = { 0 };

	for (size_t i = 0; i < n;) {
		wchar_t wc;
		size_t k = mbrtowc(&wc, s + i, n - i, &st);

		assert_true(k != (size_t)-1 && k != (size_t)-2 && k != 0);
		assert_true(wc == '\n' || wc == '\t' || (wc >= 0x20 && wc != 0x7f && (wc < 0x80 || wc >= 0xa0)));
		i += k;
	}
}

/*
 * Every tag on the page: none but <a> names a URL with a scheme (data:
 * aside), and an <a> only an http(s) one. Untrusted '<' is escaped, so
 * every '<' here is the writer's own. Returns the number of outside links.
 */
static int outside_links(const char *html)
{
	static const char *const attrs[] = { "src=\"", "href=\"" };
	int links = 0;

	for (const char *p = strchr(html, '<'); p; p = strchr(p + 1, '<')) {
		const char *end = strchr(p, '>');
		int is_a = !strncmp(p, "<a ", 3);

		assert_non_null(end);
		for (int i = 0; i < 2; i++) {
			const char *v = memmem(p, end - p, attrs[i], strlen(attrs[i]));
			size_t scheme;

			if (!v)
				continue;
			v += strlen(attrs[i]);
			scheme = strcspn(v, ":/\"#");
			if (!strncmp(v, "//", 2) || (v[scheme] == ':' && strncmp(v, "data:", 5))) {
				assert_true(is_a);
				assert_true(!strncmp(v, "https://", 8) || !strncmp(v, "http://", 7));
				links++;
			}
		}
	}
	return links;
}

static void page(void **state)
{
	struct json_object *s = summary_fixture(), *m = manifest_fixture();
	size_t len;
	char *html = render(s, m, &len);

	(void)state;
	assert_int_equal(strncmp(html, "<!DOCTYPE html>\n", 16), 0);
	assert_non_null(strstr(html, "</body>\n</html>\n"));
	assert_clean_utf8(html, len);
	/* The header. */
	assert_non_null(strstr(html, "<h1>pmemfi: kasan-6.12.117-pmemfi</h1>"));
	assert_non_null(strstr(html, "<td>6.12.117-pmemfi</td>"));
	assert_non_null(strstr(html, "<td>KASAN DEBUG_VM</td>"));
	assert_non_null(strstr(html, "<td>quick</td>"));
	assert_non_null(strstr(html, "<td>QEMU emulator version 7.2.22</td>"));
	assert_non_null(strstr(html, "<tr><th>status</th><td>complete</td></tr>"));
	/* A cell per planned test, not-run included; the full verdict in the tooltip. */
	assert_int_equal(count(html, "<td class=\"cell "), 6);
	assert_int_equal(count(html, "<td class=\"cell v-notrun\" title=\"" T_NOTRUN ": not run"), 1);
	assert_int_equal(count(html, "title=\"" T_FAIL ": fail: selftests"), 1);
	assert_int_equal(count(html, "title=\"" T_BUG ": bug: &lt;script&gt;"), 1);
	/* The legend: every code with its verdict. */
	assert_non_null(strstr(html, "<span class=\"badge v-xfail\">xf</span> xfail"));
	json_object_put(s);
	json_object_put(m);
	free(html);
}

/* Panels per seed, rows per namespace x injector, columns per point in layout order. */
static void matrix(void **state)
{
	struct json_object *s = summary_fixture(), *m = manifest_fixture();
	char *html = render(s, m, NULL), *p, *row;

	(void)state;
	p = panel(html, "ff");
	assert_non_null(strstr(p, "<tr><th></th><th class=\"pt\">A-first</th><th class=\"pt\">C-mid</th></tr>"));
	assert_non_null(strstr(p, "<tr class=\"ns\"><th colspan=\"3\">devdax <span class=\"pre\">"
				  "one.devdax.dev.2M</span></th></tr>"));
	row = grid_row(p, ROW_A);
	assert_non_null(strstr(row, ">corrupt-pfn</th>"));
	assert_td(row, 0, "cell v-bug");
	assert_td(row, 1, "cell v-xfail");
	assert_int_equal(count(row, "<td"), 2);
	/* The cell links its section (the console lines) and its report. */
	assert_non_null(strstr(row, "<a href=\"#t2\">BUG</a><a class=\"rep\" title=\"kernel report\" "
				    "href=\"reports/" T_BUG ".txt\">r</a>"));
	assert_null(strstr(p, T_PASS));
	free(row);
	free(p);
	p = panel(html, "zero");
	assert_non_null(strstr(p, "<tr><th></th><th class=\"pt\">A-first</th></tr>"));
	row = grid_row(p, ROW_A);
	assert_td(row, 0, "cell v-pass flaky");
	free(row);
	free(p);
	/* The seed as the name spells it; ':' percent-encoded in the report link. */
	p = panel(html, "random:7");
	row = grid_row(p, "one.fsdax.dev.2M.hard-offline");
	assert_td(row, 0, "cell v-timeout");
	assert_non_null(strstr(row, "href=\"reports/one.fsdax.dev.2M.hard-offline.C-mid.random%3A7.txt\">r</a>"));
	free(row);
	free(p);
	/* Layout is off the point grid: a row, a column per seed. */
	p = between(html, "<h3>Setup and stress</h3>", "</table>");
	assert_non_null(strstr(p, "<th class=\"pt\">zero</th><th class=\"pt\">ff</th></tr>"));
	row = between(p, "<tr><th class=\"row\" title=\"" ROW_L "\">", "\n");
	assert_td(row, 0, "cell v-fail");
	assert_td(row, 1, "cell v-notrun");
	free(row);
	free(p);
	json_object_put(s);
	json_object_put(m);
	free(html);
}

/* One row per title, with the count and the cells; known issues only when they matched. */
static void groups(void **state)
{
	struct json_object *s = summary_fixture(), *m = manifest_fixture();
	char *html = render(s, m, NULL), *g;

	(void)state;
	g = between(html, "<h2 id=\"reports\">", "</table>");
	assert_int_equal(count(g, "<tr class="), 1);
	assert_non_null(strstr(g, "<td class=\"n\">2</td><td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>"));
	assert_non_null(strstr(g, "<a class=\"v-bug\" href=\"#t2\">" T_BUG "</a>"));
	assert_non_null(strstr(g, "<a class=\"v-xfail\" href=\"#t5\">" T_BUG2 "</a>"));
	assert_non_null(strstr(g, "<a href=\"reports/" T_BUG ".txt\">report</a>"));
	free(g);
	/* The boot warning of two VMs: one row, both places, the flake said. */
	g = between(html, "<h2 id=\"run-reports\">", "</table>");
	assert_int_equal(count(g, "<tr class="), 1);
	assert_non_null(strstr(g, "<td class=\"n\">2</td><td>WARNING in &lt;script&gt;"));
	assert_non_null(strstr(g, "<a href=\"reports/vm-01.txt\">vm-01</a> (<a href=\"console/vm-01.log\">"
				  "lines 40-45</a>)"));
	assert_non_null(strstr(g, "<a href=\"reports/vm-02.txt\">vm-02</a>"));
	assert_non_null(strstr(g, "flake: clean on retry in vm-03"));
	free(g);
	/* Failures without a report, by reason. */
	g = between(html, "<h2 id=\"problems\">", "</table>");
	assert_non_null(strstr(g, "selftests/memory_failure.c:164: HardwareCorrupted grew</td><td>fail</td>"));
	assert_null(strstr(g, T_PASS));
	free(g);
	/* Matched known issues with the cells they excused; the unmatched entry not at all. */
	g = between(html, "<h2 id=\"known\">", "</table>");
	assert_non_null(strstr(g, "<tr><td>ar-uninit <span class=\"tag\">intermittent</span>"
				  "<div class=\"sig\">kernels 6.[3-9]* actions corrupt-pfn</div></td>"));
	assert_non_null(strstr(g, "<td class=\"n\">3</td><td class=\"n\">1</td><td class=\"n\">0</td>"
				  "<td class=\"hits\"><a class=\"v-xfail\" href=\"#t5\">" T_BUG2 "</a>"));
	assert_non_null(strstr(g, "<tr><td>js<div class=\"sig\">"));
	free(g);
	assert_null(strstr(html, "unmatched-entry"));
	json_object_put(s);
	json_object_put(m);
	free(html);
}

/*
 * An excused failed check has no report: its reason names the known issue,
 * as does an xpass's. Both are the entry's cells.
 */
static void known_by_reason(void **state)
{
	struct json_object *s = summary_fixture(), *m = manifest_fixture(), *tests = json_get(s, "tests");
	char *html, *g;

	(void)state;
	add(json_object_array_get_idx(tests, 1), "verdict", "xfail");
	add(json_object_array_get_idx(tests, 1), "reason", "HardwareCorrupted grew (known issue ar-uninit)");
	add(json_object_array_get_idx(tests, 0), "verdict", "xpass");
	add(json_object_array_get_idx(tests, 0), "reason", "known issue ar-uninit did not reproduce: ...");
	add(json_object_array_get_idx(tests, 3), "reason", "(known issue ar-uninit-not)");
	html = render(s, m, NULL);
	g = between(html, "<tr><td>ar-uninit ", "</tr>");
	assert_non_null(strstr(g, "<td class=\"hits\"><a class=\"v-xpass\" href=\"#t0\">" T_PASS "</a> "
				  "<a class=\"v-xfail\" href=\"#t1\">" T_FAIL "</a> "
				  "<a class=\"v-xfail\" href=\"#t5\">" T_BUG2 "</a> </td>"));
	free(g);
	json_object_put(s);
	json_object_put(m);
	free(html);
}

/* The strip: the cell in the two earlier quick runs, oldest first; the others left out. */
static void history(void **state)
{
	struct json_object *s = summary_fixture(), *m = manifest_fixture();
	char *html = render(s, m, NULL), *row, *p;

	(void)state;
	p = panel(html, "zero");
	row = grid_row(p, ROW_A);
	assert_non_null(strstr(row, "<span class=\"hist\"><i class=\"v-fail\"></i><i class=\"v-pass\"></i></span>"));
	assert_non_null(strstr(row, " | before, oldest first: fail pass (flaky)\""));
	free(row);
	free(p);
	p = panel(html, "ff");
	row = grid_row(p, ROW_A);
	assert_non_null(strstr(row, "<i class=\"v-bug\"></i><i class=\"v-none\"></i></span>"));
	assert_null(strstr(row, "flaky"));
	free(row);
	free(p);
	assert_non_null(strstr(html, "its verdict in the last 2 runs of this profile"));
	assert_null(strstr(html, "v-timeout\"></i>"));
	assert_null(strstr(html, "v-skip\"></i>"));
	json_object_put(s);
	/* Another profile has no history here: no strip at all. */
	add(json_get(m, "profile"), "name", "release");
	s = summary_fixture();
	free(html);
	html = render(s, m, NULL);
	assert_null(strstr(html, "class=\"hist\""));
	assert_null(strstr(html, "before, oldest first"));
	json_object_put(s);
	json_object_put(m);
	free(html);
}

static void escaping(void **state)
{
	struct json_object *s = summary_fixture(), *m = manifest_fixture();
	char *html = render(s, m, NULL);

	(void)state;
	/* The writer's one script; the hostile ones are text. */
	assert_int_equal(count(html, "<script"), 1);
	assert_int_equal(count(html, "<script>\n"), 1);
	assert_null(strstr(html, "alert('x')"));
	assert_non_null(strstr(html, "<td>&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;</td>"));
	assert_non_null(strstr(html, "6.12.117 &lt;script&gt;"));
	/* Console bytes: markup escaped, controls and bad UTF-8 replaced, good UTF-8 kept. */
	assert_null(strstr(html, "<img"));
	assert_non_null(strstr(html, "&lt;img src=x onerror=alert(1)&gt; &amp; &quot;q&quot; &#39;a&#39;\n"));
	assert_non_null(strstr(html, "?[31mred? ?? bad ?? ??? ?? ok \xe2\x80\xa6 ? nul\n"));
	assert_non_null(strstr(html, "crlf line\nL0013"));
	json_object_put(s);
	json_object_put(m);
	free(html);
}

static void excerpts(void **state)
{
	struct json_object *s = summary_fixture(), *m = manifest_fixture();
	char *html = render(s, m, NULL);
	const char *pass = strstr(html, "id=\"t0\""), *fail = strstr(html, "id=\"t1\"");
	const char *bug = strstr(html, "id=\"t2\""), *time = strstr(html, "id=\"t4\"");

	(void)state;
	/* Problems first, open; passes after, closed. */
	assert_non_null(pass);
	assert_true(fail && bug && time && fail < pass && bug < pass && time < pass);
	assert_non_null(strstr(bug, "<details open><summary>console excerpt: lines 10-20</summary>\n<pre>&lt;img"));
	assert_non_null(strstr(bug, "L0020 console line\n</pre>"));
	assert_non_null(strstr(pass, "<details><summary>console excerpt: lines 1-9</summary>\n<pre>L0001"));
	assert_non_null(strstr(pass, "L0009 console line\n</pre>"));
	/* 300 lines: the first 50 and the last 150. */
	assert_non_null(strstr(fail, "L0050 console line\n[… 100 lines omitted …]\nL0151 console line\n"));
	assert_null(strstr(html, "L0051"));
	assert_null(strstr(html, "L0150"));
	assert_non_null(strstr(fail, "L0300 console line\n</pre>"));
	/* The not-run test has no section. */
	assert_null(strstr(html, "id=\"t3\""));
	assert_non_null(strstr(bug, "<a href=\"reports/" T_BUG ".txt\">report</a>"));
	assert_non_null(strstr(bug, "<a href=\"console/vm-01.log\">console/vm-01.log</a>"));
	json_object_put(s);
	json_object_put(m);
	free(html);
}

/*
 * A failed cell's section: the commands that rerun it and write its
 * reproducer, and its stack as decoded to file:line (or why it is not);
 * a pass has neither.
 */
static void commands_and_stack(void **state)
{
	struct json_object *s = summary_fixture(), *m = manifest_fixture(), *rerun = json_object_new_array();
	char *path = xasprintf("%s/reports/%s.txt", dir, T_BUG), *reports = xasprintf("%s/reports", dir), *html;
	const char *report = "title: X\ntype: bug\nframe: action_result\nsignature: 0\n"
			     "console: console/vm-01.log lines 10-20\n"
			     "stack: 2 frames decoded to file:line by the kernel's scripts/decode_stacktrace.sh\n\n"
			     "RIP: 0010:action_result (mm/memory-failure.c:1217)\n memory_failure (mm/memory-failure.c:2352)\n"
			     "\nraw:\n[ 1.0] RIP: 0010:action_result+0x86/0x269\n\n";
	const char *bug, *pass;

	(void)state;
	json_object_array_add(rerun, json_object_new_string("./run.sh"));
	json_object_array_add(rerun, json_object_new_string("--kernel"));
	json_object_array_add(rerun, json_object_new_string("kasan"));
	json_object_object_add(m, "rerun", rerun);
	assert_int_equal(mkdir_p(reports), 0);
	assert_int_equal(write_file(path, report, strlen(report)), 0);
	html = render(s, m, NULL);
	bug = strstr(html, "id=\"t2\"");
	pass = strstr(html, "id=\"t0\"");
	assert_non_null(bug);
	assert_non_null(strstr(bug, "<tr><th>rerun</th><td><code>./run.sh --kernel kasan --seed ff --tests " T_BUG
				    "</code></td></tr>"));
	assert_non_null(strstr(bug, "<tr><th>reproducer</th><td><code>./run.sh repro "));
	assert_non_null(strstr(bug, "<details open><summary>stack, decoded to file:line</summary>\n<pre>"
				    "RIP: 0010:action_result (mm/memory-failure.c:1217)\n memory_failure"));
	assert_true(strstr(bug, "</section>") < strstr(pass, "<th>rerun</th>") || !strstr(pass, "<th>rerun</th>"));
	/* Undecoded: why. */
	unlink(path);
	report = "title: X\ntype: bug\nframe: f\nsignature: 0\nconsole: console/vm-01.log lines 10-20\n"
		 "stack: not decoded: a prebuilt kernel: no vmlinux with debug info here\n\n[ 1.0] RIP: 0010:f+0x1/0x2\n\n";
	assert_int_equal(write_file(path, report, strlen(report)), 0);
	free(html);
	html = render(s, m, NULL);
	assert_non_null(strstr(strstr(html, "id=\"t2\""), "<p class=\"note\">stack not decoded: a prebuilt kernel"));
	unlink(path);
	json_object_put(s);
	json_object_put(m);
	free(html);
	free(path);
	free(reports);
}

static void no_fetch(void **state)
{
	struct json_object *s = summary_fixture(), *m = manifest_fixture(), *tests, *t;
	char *html;

	(void)state;
	/* Paths that would leave the run directory: shown, never linked or read. */
	json_object_object_get_ex(s, "tests", &tests);
	t = json_object_array_get_idx(tests, 0);
	add(t, "report", "https://evil.example/r.txt");
	add(t, "console", "../../../../etc/passwd");
	t = json_object_array_get_idx(tests, 1);
	add(t, "report", "javascript:alert(1)//x");
	add(t, "console", "/etc/passwd");
	html = render(s, m, NULL);
	assert_int_equal(outside_links(html), 1);
	assert_non_null(strstr(html, "<a rel=\"noreferrer\" "
				     "href=\"https://bugzilla.kernel.org/show_bug.cgi?id=1&amp;x=2\">"));
	assert_non_null(strstr(html, "<td>javascript:alert(1)</td>"));
	assert_null(strstr(html, "href=\"javascript"));
	assert_null(strstr(html, "href=\"https://evil"));
	assert_null(strstr(html, "root:"));
	/* Nothing the browser would load: no src at all, the one <link> a data: icon. */
	assert_null(strstr(html, " src=\""));
	assert_int_equal(count(html, "<link "), 1);
	assert_non_null(strstr(html, "<link rel=\"icon\" href=\"data:,\">"));
	assert_non_null(strstr(html, "Content-Security-Policy\" content=\"default-src 'none';"));
	json_object_put(s);
	json_object_put(m);
	free(html);
}

/* Without "planned" (an older summary) every test still gets its cell. */
static void no_plan(void **state)
{
	struct json_object *s = summary_fixture();
	char *html;

	(void)state;
	json_object_object_del(s, "planned");
	json_object_object_del(s, "known_issues");
	html = render(s, NULL, NULL);
	assert_int_equal(count(html, "<td class=\"cell "), 5);
	assert_int_equal(count(html, "cell v-notrun"), 0);
	assert_null(strstr(html, "id=\"known\""));
	assert_non_null(strstr(html, "<tr><th>status</th><td>running</td></tr>"));
	json_object_put(s);
	free(html);
}

/* 40 tests of 200 long lines each: lines and the page are capped, and it says so. */
static void caps(void **state)
{
	char *path = xasprintf("%s/console/vm-02.log", dir), line[3001];
	struct json_object *s = json_object_new_object(), *tests = json_object_new_array();
	FILE *f = fopen(path, "w");
	size_t len;
	char *html;

	(void)state;
	assert_non_null(f);
	memset(line, 'x', sizeof(line) - 1);
	line[sizeof(line) - 1] = '\0';
	for (int i = 0; i < 8000; i++)
		fprintf(f, "%s\n", line);
	fclose(f);
	for (int i = 0; i < 40; i++) {
		char *name = xasprintf("one.devdax.dev.2M.stress-%d.zero", i);
		struct json_object *t = test(name, "fail", "zero", i * 200 + 1, i * 200 + 200);

		add(t, "console", "console/vm-02.log");
		json_object_array_add(tests, t);
		free(name);
	}
	json_object_object_add(s, "tests", tests);
	html = render(s, NULL, &len);
	assert_int_equal(count(html, "<td class=\"cell v-fail\""), 40);
	assert_non_null(strstr(html, "[… 1976 more bytes]\n"));
	assert_true(len > (3u << 20) && len < (4u << 20));
	assert_true(count(html, "console excerpt omitted: the page's excerpt size cap") > 20);
	assert_non_null(strstr(html, "console excerpts omitted to keep this page under 3 MiB"));
	json_object_put(s);
	free(html);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(page),
		cmocka_unit_test(matrix),
		cmocka_unit_test(groups),
		cmocka_unit_test(known_by_reason),
		cmocka_unit_test(history),
		cmocka_unit_test(escaping),
		cmocka_unit_test(excerpts),
		cmocka_unit_test(commands_and_stack),
		cmocka_unit_test(no_fetch),
		cmocka_unit_test(no_plan),
		cmocka_unit_test(caps),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
