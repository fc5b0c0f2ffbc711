// SPDX-License-Identifier: GPL-2.0
/*
 * junit.xml: the verdict mapping, suite counts that agree with their
 * testcases, tests a stopped run never reached, and kernel text that XML
 * cannot hold as it is. The output is checked for well-formedness here;
 * tests/integration/formats.sh validates real runs against Jenkins's XSD.
 */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "results/outputs.h"
#include "lib/util.h"

struct fixture {
	char parent[64];
	char *dir;			/* parent/20261125T101112Z-fake-6.12 */
	struct json_object *summary, *planned, *tests, *reports;
	struct json_object *manifest;	/* with the options a rerun takes (results/rerun.h) */
};

static void fixture_init(struct fixture *fx, const char *status)
{
	char *sub;

	snprintf(fx->parent, sizeof(fx->parent), "/tmp/pmemfi-test-junit.XXXXXX");
	assert_non_null(mkdtemp(fx->parent));
	fx->dir = xasprintf("%s/20261125T101112Z-fake-6.12", fx->parent);
	sub = xasprintf("%s/reports", fx->dir);
	assert_int_equal(mkdir_p(sub), 0);
	free(sub);
	sub = xasprintf("%s/tests", fx->dir);
	assert_int_equal(mkdir_p(sub), 0);
	free(sub);
	fx->summary = json_object_new_object();
	fx->planned = json_object_new_array();
	fx->tests = json_object_new_array();
	fx->reports = json_object_new_array();
	json_object_object_add(fx->summary, "status", json_object_new_string(status));
	json_object_object_add(fx->summary, "tests", fx->tests);
	json_object_object_add(fx->summary, "run_reports", fx->reports);
	json_object_object_add(fx->summary, "planned", fx->planned);
	fx->manifest = json_tokener_parse("{\"rerun\": [\"./run.sh\", \"--profile\", \"quick\", "
					  "\"--kernel\", \"kasan\"]}");
}

static void fixture_free(struct fixture *fx)
{
	json_object_put(fx->summary);
	json_object_put(fx->manifest);
	rm_rf(fx->parent);
	free(fx->dir);
}

static void put_file(struct fixture *fx, const char *rel, const char *text, size_t len)
{
	char *path = xasprintf("%s/%s", fx->dir, rel);

	assert_int_equal(write_file(path, text, len), 0);
	free(path);
}

/* Plan a test; a non-NULL @verdict also makes it done, with @duration seconds. */
static struct json_object *add_test(struct fixture *fx, const char *name, const char *ns,
				    const char *verdict, const char *reason, double duration)
{
	struct json_object *p = json_object_new_object(), *t;

	json_object_object_add(p, "name", json_object_new_string(name));
	json_object_object_add(p, "namespace", json_object_new_string(ns));
	json_object_array_add(fx->planned, p);
	if (!verdict)
		return NULL;
	t = json_object_new_object();
	json_object_object_add(t, "name", json_object_new_string(name));
	json_object_object_add(t, "verdict", json_object_new_string(verdict));
	if (reason)
		json_object_object_add(t, "reason", json_object_new_string(reason));
	json_object_object_add(t, "namespace", json_object_new_string(ns));
	json_object_object_add(t, "vm", json_object_new_int(1));
	json_object_object_add(t, "console", json_object_new_string("console/vm-01.log"));
	json_object_object_add(t, "duration", json_object_new_double(duration));
	json_object_array_add(fx->tests, t);
	return t;
}

/* A bug's report fields and its reports/NAME.txt. */
static void add_report(struct fixture *fx, struct json_object *t, const char *title, const char *text,
		       size_t len)
{
	const char *name = json_object_get_string(json_object_object_get(t, "name"));
	char *rel = xasprintf("reports/%s.txt", name);

	json_object_object_add(t, "title", json_object_new_string(title));
	json_object_object_add(t, "type", json_object_new_string("bug"));
	json_object_object_add(t, "frame", json_object_new_string("action_result"));
	json_object_object_add(t, "signature", json_object_new_string("d136ce211d7266d7"));
	json_object_object_add(t, "report", json_object_new_string(rel));
	put_file(fx, rel, text, len);
	free(rel);
}

static char *write_junit(struct fixture *fx)
{
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);

	assert_int_equal(junit_write(f, fx->dir, fx->summary, fx->manifest), 0);
	fclose(f);
	return out;
}

static int count(const char *s, const char *needle)
{
	int n = 0;

	for (const char *p = s; (p = strstr(p, needle)); p += strlen(needle))
		n++;
	return n;
}

/* The value of attribute @name in the tag starting at @tag. */
static long attr(const char *tag, const char *name)
{
	char key[64];
	const char *end = strchr(tag, '>'), *p;

	snprintf(key, sizeof(key), " %s=\"", name);
	p = strstr(tag, key);
	assert_true(p && p < end);
	return strtol(p + strlen(key), NULL, 10);
}

/* Milliseconds of a time="S.mmm" attribute. */
static long attr_ms(const char *tag)
{
	const char *end = strchr(tag, '>'), *p = strstr(tag, " time=\"");
	long s, ms;

	assert_true(p && p < end);
	assert_int_equal(sscanf(p + 7, "%ld.%3ld", &s, &ms), 2);
	return s * 1000 + ms;
}

/* The <testsuite> element named @name, as a new string. */
static char *suite(const char *xml, const char *name)
{
	char *open = xasprintf("<testsuite name=\"%s\"", name);
	const char *p = strstr(xml, open), *e;

	free(open);
	if (!p)
		return NULL;
	e = strstr(p, "</testsuite>");
	assert_non_null(e);
	return xasprintf("%.*s", (int)(e - p), p);
}

/* The <testcase> element named @name, as a new string. */
static char *testcase(const char *xml, const char *name)
{
	char *open = xasprintf("<testcase name=\"%s\"", name);
	const char *p = strstr(xml, open), *e;

	free(open);
	assert_non_null(p);
	e = strstr(p, "</testcase>");
	assert_non_null(e);
	return xasprintf("%.*s", (int)(e - p), p);
}

/* A suite's attributes say what its testcases hold; the time is their sum. */
static void check_suite_counts(const char *s)
{
	long ms = 0;

	assert_int_equal(attr(s, "tests"), count(s, "<testcase "));
	assert_int_equal(attr(s, "failures"), count(s, "<failure"));
	assert_int_equal(attr(s, "errors"), count(s, "<error"));
	assert_int_equal(attr(s, "skipped"), count(s, "<skipped>"));
	for (const char *p = s; (p = strstr(p, "<testcase ")); p++)
		ms += attr_ms(p);
	assert_int_equal(attr_ms(s), ms);
}

/*
 * Enough of XML 1.0 to catch a writer's mistakes: valid UTF-8 of allowed
 * characters only, every '<' a tag, every '&' a known reference, no "]]>"
 * in text, start and end tags nested.
 */
static void check_well_formed(const char *xml)
{
	const unsigned char *p = (const unsigned char *)xml;
	const char *stack[16];
	int depth = 0;

	assert_null(strstr(xml, "]]>"));
	while (*p) {
		if (*p < 0x20 && *p != '\t' && *p != '\n' && *p != '\r')
			fail_msg("control byte 0x%02x at %td", *p, (const char *)p - xml);
		if (*p >= 0x80) {
			int n = *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;

			assert_true(*p >= 0xc2 && *p <= 0xf4);
			for (int i = 1; i < n; i++)
				assert_int_equal(p[i] & 0xc0, 0x80);
			/* no surrogates, U+FFFE or U+FFFF */
			assert_false(p[0] == 0xed && p[1] >= 0xa0);
			assert_false(p[0] == 0xef && p[1] == 0xbf && p[2] >= 0xbe);
			p += n;
			continue;
		}
		if (*p == '&') {
			static const char *const refs[] = { "&amp;", "&lt;", "&gt;", "&quot;", "&#9;", "&#10;", "&#13;" };
			int ok = 0;

			for (size_t i = 0; i < sizeof(refs) / sizeof(refs[0]); i++)
				ok |= !strncmp((const char *)p, refs[i], strlen(refs[i]));
			assert_true(ok);
		}
		if (*p == '<') {
			const char *tag = (const char *)p + 1, *end = strchr(tag, '>');

			assert_non_null(end);
			assert_null(memchr(tag, '<', end - tag));
			if (*tag == '?') {
				/* the declaration */
			} else if (*tag == '/') {
				assert_true(depth > 0);
				depth--;
				assert_int_equal(strncmp(tag + 1, stack[depth], strcspn(stack[depth], " />")), 0);
			} else if (end[-1] != '/') {
				assert_true(depth < 16);
				stack[depth++] = tag;
			}
			p = (const unsigned char *)end + 1;
			continue;
		}
		p++;
	}
	assert_int_equal(depth, 0);
}

static const char report_text[] =
	"title: BUG: unable to handle page fault in action_result\n"
	"console: console/vm-01.log lines 390-452\n\n"
	"[    5.021702] BUG: unable to handle page fault for address: 000000000002a958\n"
	"[    5.023227] RIP: 0010:action_result+0xd5/0x130\n";

static void verdicts(void **state)
{
	struct fixture fx;
	struct json_object *t, *r;
	char *out, *s, *c, *want;

	(void)state;
	fixture_init(&fx, "interrupted");
	add_test(&fx, "a.dax.pass", "dax", "pass", NULL, 0.25);
	add_test(&fx, "a.dax.fail", "dax", "fail", "corrupt-pfn at B-mid: got EBUSY, expected ENXIO", 0.5);
	t = add_test(&fx, "a.dax.bug", "dax", "bug", "BUG: unable to handle page fault in action_result", 0.1);
	add_report(&fx, t, "BUG: unable to handle page fault in action_result", report_text, strlen(report_text));
	t = add_test(&fx, "a.dax.xfail", "dax", "xfail",
		     "BUG: unable to handle page fault in action_result (known issue ar-info-block)", 0.1);
	add_report(&fx, t, "BUG: unable to handle page fault in action_result", report_text, strlen(report_text));
	add_test(&fx, "a.dax.xpass", "dax", "xpass", "known issue ar-info-block did not reproduce: fixed?", 1.0);
	add_test(&fx, "a.fs.skip", "fs", "skip", "no page_idle in this kernel", 0.0014);
	add_test(&fx, "a.fs.timeout", "fs", "timeout", "no end within the test timeout", 120);
	add_test(&fx, "a.fs.error", "fs", "error", "setup failed: ns_setup exit 1", 0.001);
	add_test(&fx, "a.fs.later", "fs", NULL, NULL, 0);
	{
		static const char ktap[] = "KTAP version 1\n# outcome EBUSY\nok 1 a.dax.fail\n";

		put_file(&fx, "tests/a.dax.fail.ktap", ktap, strlen(ktap));
	}
	r = json_object_new_object();
	json_object_object_add(r, "title", json_object_new_string("WARNING in nvdimm_probe"));
	json_object_object_add(r, "type", json_object_new_string("warning"));
	json_object_object_add(r, "where", json_object_new_string("boot-vm01"));
	json_object_object_add(r, "vm", json_object_new_int(1));
	json_object_array_add(fx.reports, r);
	{
		static const char boot[] = "title: WARNING in nvdimm_probe\n\nWARNING: CPU: 0\n";

		put_file(&fx, "reports/boot-vm01.txt", boot, strlen(boot));
	}
	json_object_object_add(fx.summary, "status_reason", NULL);

	out = write_junit(&fx);
	check_well_formed(out);
	assert_non_null(strstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuites name=\"pmemfi\" "));
	/* 10 testcases: 9 planned and one run report; fail, bug, run report fail; timeout, error, not run err. */
	assert_non_null(strstr(out, "<testsuites name=\"pmemfi\" tests=\"10\" failures=\"3\" errors=\"3\" time=\"121.952\">"));

	s = suite(out, "dax");
	check_suite_counts(s);
	assert_int_equal(attr(s, "tests"), 5);
	assert_non_null(strstr(s, "timestamp=\"2026-11-25T10:11:12\""));
	c = testcase(s, "a.dax.pass");
	assert_non_null(strstr(c, "classname=\"dax\" time=\"0.250\""));
	assert_null(strstr(c, "<failure"));
	assert_null(strstr(c, "rerun: "));
	assert_null(strstr(c, "<error"));
	assert_null(strstr(c, "<skipped"));
	free(c);
	c = testcase(s, "a.dax.fail");
	assert_non_null(strstr(c, "<failure message=\"corrupt-pfn at B-mid: got EBUSY, expected ENXIO\">"));
	/* The commands that rerun it and write its reproducer, then the guest's output. */
	want = xasprintf("<system-out>rerun: ./run.sh --profile quick --kernel kasan --tests a.dax.fail\n"
			 "repro: ./run.sh repro %s --tests a.dax.fail\n"
			 "console: console/vm-01.log\n\nKTAP version 1\n# outcome EBUSY\n", fx.dir);
	assert_non_null(strstr(c, want));
	free(want);
	free(c);
	c = testcase(s, "a.dax.bug");
	assert_non_null(strstr(c, "<failure message=\"bug: BUG: unable to handle page fault in action_result\" "
				  "type=\"kernel-bug\">title: BUG: unable to handle page fault in action_result\n"));
	assert_non_null(strstr(c, "RIP: 0010:action_result+0xd5/0x130\n</failure>"));
	free(c);
	/* Jenkins has no xfail or xpass. */
	c = testcase(s, "a.dax.xfail");
	assert_non_null(strstr(c, "<skipped>known issue: BUG: unable to handle page fault in action_result "
				  "(known issue ar-info-block)</skipped>"));
	assert_null(strstr(c, "<failure"));
	/* A known bug is still one to reproduce. */
	assert_non_null(strstr(c, "<system-out>rerun: ./run.sh --profile quick --kernel kasan --tests a.dax.xfail\n"));
	free(c);
	c = testcase(s, "a.dax.xpass");
	assert_non_null(strstr(c, "<system-out>xpass: known issue ar-info-block did not reproduce: fixed?\n"));
	assert_null(strstr(c, "<failure"));
	assert_null(strstr(c, "<skipped"));
	free(c);
	free(s);

	s = suite(out, "fs");
	check_suite_counts(s);
	assert_int_equal(attr(s, "tests"), 4);
	c = testcase(s, "a.fs.skip");
	assert_non_null(strstr(c, "time=\"0.001\">\n      <skipped>no page_idle in this kernel</skipped>"));
	free(c);
	c = testcase(s, "a.fs.timeout");
	assert_non_null(strstr(c, "<error message=\"no end within the test timeout\" type=\"timeout\"/>"));
	free(c);
	c = testcase(s, "a.fs.error");
	assert_non_null(strstr(c, "<error message=\"setup failed: ns_setup exit 1\" type=\"error\"/>"));
	free(c);
	c = testcase(s, "a.fs.later");
	assert_non_null(strstr(c, "<error message=\"not run (run interrupted)\" type=\"not-run\"/>"));
	free(c);
	free(s);

	s = suite(out, "run");
	check_suite_counts(s);
	c = testcase(s, "run-reports/boot-vm01");
	assert_non_null(strstr(c, "<failure message=\"warning: WARNING in nvdimm_probe\" type=\"kernel-bug\">"
				  "title: WARNING in nvdimm_probe\n\nWARNING: CPU: 0\n</failure>"));
	free(c);
	free(s);
	free(out);
	fixture_free(&fx);
}

/* Suites follow the plan, not the order the tests happened to run in. */
static void plan_order(void **state)
{
	struct fixture fx;
	char *out;

	(void)state;
	fixture_init(&fx, "complete");
	add_test(&fx, "b.legacy.x", "legacy", NULL, NULL, 0);
	add_test(&fx, "b.dax.x", "dax", "pass", NULL, 1);
	add_test(&fx, "b.legacy.x", "legacy", "pass", NULL, 1);
	json_object_array_del_idx(fx.planned, 2, 1);
	out = write_junit(&fx);
	assert_true(strstr(out, "<testsuite name=\"legacy\"") < strstr(out, "<testsuite name=\"dax\""));
	/* No run reports: no "run" suite. */
	assert_null(strstr(out, "<testsuite name=\"run\""));
	free(out);
	fixture_free(&fx);
}

/* While the run goes on, tests it has not reached yet are just not there. */
static void running(void **state)
{
	struct fixture fx;
	char *out, *s;

	(void)state;
	fixture_init(&fx, "running");
	add_test(&fx, "c.dax.1", "dax", "pass", NULL, 1);
	add_test(&fx, "c.dax.2", "dax", NULL, NULL, 0);
	add_test(&fx, "c.fs.1", "fs", NULL, NULL, 0);
	out = write_junit(&fx);
	check_well_formed(out);
	assert_null(strstr(out, "c.dax.2"));
	assert_null(strstr(out, "not run"));
	s = suite(out, "dax");
	check_suite_counts(s);
	assert_int_equal(attr(s, "tests"), 1);
	free(s);
	/* A namespace with nothing done yet is an empty suite, still valid. */
	s = suite(out, "fs");
	check_suite_counts(s);
	assert_int_equal(attr(s, "tests"), 0);
	free(s);
	free(out);
	fixture_free(&fx);
}

/* Console text is arbitrary bytes: what XML cannot hold is escaped or replaced. */
static void hostile_text(void **state)
{
	static const char hostile[] =
		"a<b && c]]>d \"q\" 'x'\x01 ctl\x1b[0m \xff bad \xc0\xaf overlong \xed\xa0\x80 surrogate "
		"\xef\xbf\xbe nonchar \xe2\x82 cut, \xc3\xa9t\xc3\xa9 ok\tTAB\r\n";
	struct fixture fx;
	struct json_object *t;
	char *out, *c;

	(void)state;
	fixture_init(&fx, "complete");
	t = add_test(&fx, "d.dax.<bug>&", "dax", "bug", hostile, 1);
	add_report(&fx, t, hostile, hostile, sizeof(hostile) - 1);
	add_test(&fx, "d.dax.fail", "dax", "fail", hostile, 1);
	out = write_junit(&fx);
	check_well_formed(out);
	c = testcase(out, "d.dax.&lt;bug&gt;&amp;");
	/* In text: markup escaped, "]]>" broken, tab and newline kept, CR as a reference. */
	assert_non_null(strstr(c, ">a&lt;b &amp;&amp; c]]&gt;d \"q\" 'x'\xef\xbf\xbd ctl\xef\xbf\xbd[0m \xef\xbf\xbd bad "
				  "\xef\xbf\xbd\xef\xbf\xbd overlong \xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd surrogate "
				  "\xef\xbf\xbd nonchar \xef\xbf\xbd\xef\xbf\xbd cut, \xc3\xa9t\xc3\xa9 ok\tTAB&#13;\n"));
	/* In the message attribute: quotes and whitespace as references. */
	assert_non_null(strstr(c, "message=\"bug: a&lt;b &amp;&amp; c]]&gt;d &quot;q&quot; 'x'\xef\xbf\xbd ctl"));
	assert_non_null(strstr(c, "ok&#9;TAB&#13;&#10;\""));
	free(c);
	c = testcase(out, "d.dax.fail");
	assert_non_null(strstr(c, "<failure message=\"a&lt;b &amp;&amp; c]]&gt;d &quot;q&quot;"));
	free(c);
	free(out);
	fixture_free(&fx);
}

/* A huge report is cut at 64 KiB, on a character boundary, saying where the rest is. */
static void report_capped(void **state)
{
	struct fixture fx;
	struct json_object *t;
	struct strbuf big = STRBUF_INIT;
	char *out, *c, *text, *end;

	(void)state;
	fixture_init(&fx, "complete");
	strbuf_addstr(&big, "X");	/* "é" is 2 bytes: the cut at 65536 falls inside one */
	while (big.len < 200000)
		strbuf_addstr(&big, "\xc3\xa9");
	strbuf_addstr(&big, "THE END");
	t = add_test(&fx, "e.dax.bug", "dax", "bug", "BUG: soft lockup", 1);
	add_report(&fx, t, "BUG: soft lockup", big.buf, big.len);
	out = write_junit(&fx);
	check_well_formed(out);
	c = testcase(out, "e.dax.bug");
	text = strstr(c, "type=\"kernel-bug\">") + strlen("type=\"kernel-bug\">");
	end = strstr(text, "\n[... ");
	assert_non_null(end);
	assert_true(end - text <= 64 * 1024 && end - text > 64 * 1024 - 4);
	assert_int_equal((end - text) % 2, 1);	/* "X" and whole "é"s */
	assert_non_null(strstr(end, "\n[... 134473 more bytes in reports/e.dax.bug.txt]\n</failure>"));
	assert_null(strstr(c, "THE END"));
	free(c);
	free(out);
	strbuf_release(&big);
	fixture_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(verdicts),
		cmocka_unit_test(plan_order),
		cmocka_unit_test(running),
		cmocka_unit_test(hostile_text),
		cmocka_unit_test(report_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
