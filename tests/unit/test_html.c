// SPDX-License-Identifier: GPL-2.0
/*
 * index.html: the grid has a cell per planned test with its verdict's
 * class, hostile summary strings and console bytes come out escaped and
 * valid UTF-8, excerpts are the test's lines and capped, and nothing on
 * the page is fetched from outside.
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

#define ROW_A	"one.devdax.dev.2M.corrupt-pfn.A-first"
#define ROW_L	"one.devdax.dev.2M.layout"
#define T_PASS	ROW_A ".zero"
#define T_BUG	ROW_A ".ff"
#define T_FAIL	ROW_L ".zero"
#define T_NOTRUN ROW_L ".ff"
#define T_TIME	"one.fsdax.dev.2M.hard-offline.C-mid.random:7"
#define HOSTILE	"<script>alert('x')</script>"

static char dir[] = "/tmp/pmemfi-test-html.XXXXXX";

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

static int setup(void **state)
{
	(void)state;
	setlocale(LC_ALL, "C.UTF-8");
	if (!mkdtemp(dir))
		return -1;
	write_console();
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return rm_rf(dir);
}

static void add(struct json_object *o, const char *key, const char *v)
{
	json_object_object_add(o, key, json_object_new_string(v));
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

static struct json_object *known_issue(const char *id, const char *link, int matched)
{
	struct json_object *k = json_object_new_object();

	add(k, "id", id);
	add(k, "reason", "action_result reads an uninitialized struct page " HOSTILE);
	add(k, "link", link);
	json_object_object_add(k, "matched", json_object_new_int(matched));
	return k;
}

/* Five planned tests on two seeds and two rows (plus one seed of its own); one not run. */
static struct json_object *summary_fixture(void)
{
	static const char *const names[] = { T_PASS, T_FAIL, T_BUG, T_NOTRUN, T_TIME };
	struct json_object *s = json_object_new_object(), *tests = json_object_new_array();
	struct json_object *t, *rr = json_object_new_array(), *r, *known = json_object_new_array();

	add(s, "status", "running");
	json_object_array_add(tests, test(T_PASS, "pass", "zero", 1, 9));
	t = test(T_FAIL, "fail", "zero", 1, 300);
	add(t, "reason", "selftests/memory_failure.c:164: HardwareCorrupted grew");
	json_object_array_add(tests, t);
	t = test(T_BUG, "bug", "ff", 10, 20);
	add(t, "reason", HOSTILE);
	add(t, "title", HOSTILE);
	add(t, "type", "bug");
	add(t, "signature", "d136ce211d7266d7");
	add(t, "report", "reports/" T_BUG ".txt");
	json_object_array_add(tests, t);
	t = test(T_TIME, "timeout", "random:7", 21, 22);
	add(t, "report", "reports/" T_TIME ".txt");
	json_object_array_add(tests, t);
	json_object_object_add(s, "tests", tests);
	json_object_object_add(s, "planned", planned(names, 5));

	r = json_object_new_object();
	add(r, "title", "WARNING in " HOSTILE);
	add(r, "type", "warning");
	add(r, "where", "vm-01");
	json_object_object_add(r, "vm", json_object_new_int(1));
	json_object_object_add(r, "start_line", json_object_new_int(40));
	json_object_object_add(r, "end_line", json_object_new_int(45));
	json_object_array_add(rr, r);
	json_object_object_add(s, "run_reports", rr);

	json_object_array_add(known, known_issue("ar-uninit",
						 "https://bugzilla.kernel.org/show_bug.cgi?id=1&x=2", 3));
	json_object_array_add(known, known_issue("js", "javascript:alert(1)", 0));
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

/* The <tr> line of the grid that starts with row @row. */
static char *grid_row(const char *html, const char *row)
{
	char *key = xasprintf("<tr><th class=\"row\">%s</th>", row);
	const char *p = strstr(html, key), *e;

	free(key);
	assert_non_null(p);
	e = strchr(p, '\n');
	return xasprintf("%.*s", (int)(e - p), p);
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
	char *html = render(s, m, &len), *row;

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

	/* A cell per planned test, with its verdict's class, not-run included. */
	assert_int_equal(count(html, "<td class=\"cell "), 5);
	assert_int_equal(count(html, "<td class=\"cell v-notrun\" title=\"" T_NOTRUN "\">not run</td>"), 1);
	assert_int_equal(count(html, "<td class=\"cell v-pass\" title=\"" T_PASS "\"><a href=\"#t0\">pass</a>"), 1);
	assert_int_equal(count(html, "<td class=\"cell v-fail\" title=\"" T_FAIL ": selftests"), 1);
	assert_int_equal(count(html, "<td class=\"cell v-bug\" title=\"" T_BUG ": &lt;script&gt;"), 1);
	assert_int_equal(count(html, "<td class=\"cell v-timeout\" title=\"" T_TIME "\">"), 1);
	/* Rows without the seed, columns in plan order, the seed field not the name's tail. */
	assert_non_null(strstr(html, "<th>zero</th><th>ff</th><th>random:7</th></tr>"));
	row = grid_row(html, ROW_L);
	assert_non_null(strstr(row, "v-fail"));
	assert_true(strstr(row, "v-fail") < strstr(row, "v-notrun"));
	assert_int_equal(count(row, "<td"), 3);
	free(row);
	/* The cell links its excerpt and its report (':' percent-encoded). */
	assert_non_null(strstr(html, "<section class=\"test\" id=\"t2\">"));
	assert_non_null(strstr(html, "href=\"reports/" T_BUG ".txt\">r</a>"));
	assert_non_null(strstr(html, "href=\"reports/one.fsdax.dev.2M.hard-offline.C-mid.random%3A7.txt\">r</a>"));
	/* Reports no test owns, and the problems with their titles. */
	assert_non_null(strstr(html, "<a href=\"reports/vm-01.txt\">WARNING in &lt;script&gt;"));
	assert_non_null(strstr(html, "d136ce211d7266d7"));
	assert_non_null(strstr(html, "<h2 id=\"problems\">"));
	assert_null(strstr(html, "<a href=\"#t0\">" T_PASS "</a></td><td><span"));
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
	assert_non_null(strstr(html, "matched 3"));
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
	assert_int_equal(count(html, "<td class=\"cell "), 4);
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
		cmocka_unit_test(escaping),
		cmocka_unit_test(excerpts),
		cmocka_unit_test(no_fetch),
		cmocka_unit_test(no_plan),
		cmocka_unit_test(caps),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
