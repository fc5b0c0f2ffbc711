// SPDX-License-Identifier: GPL-2.0
/*
 * junit.xml: the run as JUnit XML, the one format Jenkins, GitLab and most
 * CI dashboards read. One <testsuite> per namespace in plan order, one
 * <testcase> per test, and a "run" suite for kernel reports no test owns.
 *
 * It validates against Jenkins's junit-4.xsd (tests/integration/formats.sh
 * checks): that schema gives <skipped> no attributes, so its message is the
 * element text (Jenkins reads either), and a testcase's children must come
 * in its order: skipped, error, failure, system-out.
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/outputs.h"
#include "results/rerun.h"
#include "lib/util.h"
#include "verdict/verdict.h"
#include "results/run_record.h"

/* Kernel report and guest output text per testcase: a crash loop can make reports huge. */
#define JUNIT_TEXT_MAX (64 * 1024)

/*
 * The length of the UTF-8 sequence at @s (at most @n bytes) when it is a
 * character XML 1.0 allows; its negated length when it is valid UTF-8 that
 * XML forbids (C0 controls but tab, LF and CR; U+FFFE, U+FFFF); 0 when it
 * is not UTF-8 (overlong forms, surrogates, past U+10FFFF, cut short).
 */
static int xml_char_len(const unsigned char *s, size_t n)
{
	unsigned int c;
	int len = out_utf8(s, n, &c);

	if (!len)
		return 0;
	if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
		return -1;
	return c == 0xfffe || c == 0xffff ? -len : len;
}

/*
 * Append @len bytes of @s escaped for XML text (@attr: an attribute value,
 * where tab and newlines must be character references to survive). Console
 * text is whatever the kernel printed: bytes XML cannot hold become U+FFFD.
 */
static void xml_add(struct strbuf *sb, const char *s, size_t len, int attr)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;

	while (p < end) {
		int n = xml_char_len(p, end - p);

		/* U+FFFD for each byte that is not UTF-8, or each forbidden character */
		if (n <= 0) {
			strbuf_addstr(sb, "\xef\xbf\xbd");
			p += n ? -n : 1;
			continue;
		}
		switch (*p) {
		case '&': strbuf_addstr(sb, "&amp;"); break;
		case '<': strbuf_addstr(sb, "&lt;"); break;
		/* Always: "]]>" is not allowed in text either. */
		case '>': strbuf_addstr(sb, "&gt;"); break;
		case '"': strbuf_addstr(sb, attr ? "&quot;" : "\""); break;
		case '\t': strbuf_addstr(sb, attr ? "&#9;" : "\t"); break;
		case '\n': strbuf_addstr(sb, attr ? "&#10;" : "\n"); break;
		case '\r': strbuf_addstr(sb, "&#13;"); break;
		default: strbuf_add(sb, p, n);
		}
		p += n;
	}
}

static void xml_str(struct strbuf *sb, const char *s)
{
	if (s)
		xml_add(sb, s, strlen(s), 0);
}

/* name="value", escaped; nothing for a NULL value. */
static void xml_attr(struct strbuf *sb, const char *name, const char *value)
{
	if (!value)
		return;
	strbuf_addf(sb, " %s=\"", name);
	xml_add(sb, value, strlen(value), 1);
	strbuf_addstr(sb, "\"");
}

/*
 * A file under @dir (or one report in it, see out_report_block()) as element
 * text: at most JUNIT_TEXT_MAX bytes, cut on a character boundary, and a
 * line saying where the rest is.
 */
static void xml_file(struct strbuf *sb, const char *dir, const char *rel, const char *console)
{
	char *path = xasprintf("%s/%s", dir, rel);
	struct strbuf f = STRBUF_INIT;

	if (!read_file(path, &f)) {
		size_t off, len, n;

		out_report_block(&f, console, &off, &len);
		n = len;
		if (n > JUNIT_TEXT_MAX) {
			n = JUNIT_TEXT_MAX;
			while (n && ((unsigned char)f.buf[off + n] & 0xc0) == 0x80)
				n--;
		}
		xml_add(sb, f.buf + off, n, 0);
		if (n < len) {
			strbuf_addf(sb, "\n[... %zu more bytes in ", len - n);
			xml_str(sb, rel);
			strbuf_addstr(sb, "]\n");
		}
	}
	strbuf_release(&f);
	free(path);
}

/*
 * One suite: its name, its testcases, and its counts in the order of the
 * Jenkins schema's attributes.
 */
struct suite {
	const char *name;
	struct strbuf body;
	int tests, failures, errors, skipped;
	long long ms;
};

/* Durations in whole milliseconds, so the suite's time is exactly its cases' sum. */
static long long duration_ms(struct json_object *t)
{
	struct json_object *d = json_get(t, "duration");
	double s = d ? json_object_get_double(d) : 0;

	return s > 0 && s < 1e12 ? (long long)(s * 1000 + 0.5) : 0;
}

static void testcase_open(struct suite *su, const char *name, const char *classname, long long ms)
{
	strbuf_addstr(&su->body, "    <testcase");
	xml_attr(&su->body, "name", name);
	xml_attr(&su->body, "classname", classname);
	strbuf_addf(&su->body, " time=\"%lld.%03lld\">\n", ms / 1000, ms % 1000);
	su->tests++;
	su->ms += ms;
}

/*
 * <system-out>: @extra, where the test is in the console, the kernel report
 * when it is not already the failure's text, then what the guest printed.
 */
static void system_out(struct strbuf *sb, const char *dir, struct json_object *t, const char *extra,
		       const char *report)
{
	const char *console = json_str(t, "console"), *name = json_str(t, "name");
	struct json_object *b = json_get(t, "console_begin"), *e = json_get(t, "console_end");
	char *ktap = xasprintf("tests/%s.ktap", name ? name : "");
	char *path = xasprintf("%s/%s", dir, ktap);

	strbuf_addstr(sb, "      <system-out>");
	if (extra) {
		xml_str(sb, extra);
		strbuf_addstr(sb, "\n");
	}
	if (console) {
		strbuf_addstr(sb, "console: ");
		xml_str(sb, console);
		if (b && e)
			strbuf_addf(sb, " lines %d-%d", json_object_get_int(b), json_object_get_int(e));
		strbuf_addstr(sb, "\n");
	}
	if (report) {
		strbuf_addstr(sb, "\n");
		xml_file(sb, dir, report, NULL);
	}
	if (name && file_exists(path)) {
		strbuf_addstr(sb, "\n");
		xml_file(sb, dir, ktap, NULL);
	}
	strbuf_addstr(sb, "</system-out>\n");
	free(path);
	free(ktap);
}

/* "TYPE: TITLE" of a kernel report. */
static char *report_headline(struct json_object *o)
{
	const char *type = json_str(o, "type"), *title = json_str(o, "title");

	if (!title)
		title = json_str(o, "reason");
	if (!title)
		title = "kernel report";
	return type ? xasprintf("%s: %s", type, title) : xstrdup(title);
}

static void failure_report(struct strbuf *sb, const char *dir, struct json_object *o, const char *rel,
			   const char *console)
{
	char *headline = report_headline(o);

	strbuf_addstr(sb, "      <failure");
	xml_attr(sb, "message", headline);
	strbuf_addstr(sb, " type=\"kernel-bug\">");
	if (rel)
		xml_file(sb, dir, rel, console);
	strbuf_addstr(sb, "</failure>\n");
	free(headline);
}

/* A failed cell's rerun and repro commands (rerun.h), for its <system-out>; NULL for others. */
static char *commands(const char *dir, struct json_object *t, struct json_object *manifest)
{
	char *rerun, *repro, *s;

	if (!rerun_failed(t))
		return NULL;
	rerun = rerun_command(manifest, t);
	repro = rerun_repro_command(dir, t);
	s = rerun ? xasprintf("rerun: %s\nrepro: %s", rerun, repro) : xasprintf("repro: %s", repro);
	free(rerun);
	free(repro);
	return s;
}

static void testcase(struct suite *su, const char *dir, struct json_object *t, const char *ns,
		     struct json_object *manifest)
{
	const char *v = run_test_verdict_name(t), *reason = json_str(t, "reason"), *rel = json_str(t, "report");
	const struct verdict_info *info = verdict_info(run_test_verdict(t));
	struct strbuf *sb = &su->body;
	char *extra = NULL;

	if (!v)
		v = "error";
	if (!reason)
		reason = json_str(t, "title");
	testcase_open(su, json_str(t, "name"), ns, duration_ms(t));
	switch (info->junit) {
	case VJ_PASSED:
		/* Jenkins has no xpass: a pass that says the known issue is gone. */
		if (info->known)
			extra = xasprintf("xpass: %s", reason ? reason : "a known issue did not reproduce");
		break;
	case VJ_SKIPPED:
		/* Nor xfail: skipped keeps a known issue off the failure count. */
		strbuf_addf(sb, "      <skipped>%s", info->known ? "known issue: " : "");
		xml_str(sb, reason);
		strbuf_addstr(sb, "</skipped>\n");
		su->skipped++;
		break;
	case VJ_FAILURE:
		if (info->report) {
			failure_report(sb, dir, t, rel, NULL);
		} else {
			strbuf_addstr(sb, "      <failure");
			xml_attr(sb, "message", reason);
			strbuf_addstr(sb, ">");
			xml_str(sb, reason);
			strbuf_addstr(sb, "</failure>\n");
		}
		su->failures++;
		break;
	case VJ_ERROR:
		/* timeout, error, and a verdict this writer does not know */
		strbuf_addstr(sb, "      <error");
		xml_attr(sb, "message", reason ? reason : v);
		xml_attr(sb, "type", v);
		strbuf_addstr(sb, "/>\n");
		su->errors++;
		break;
	}
	if (!extra)
		extra = commands(dir, t, manifest);
	/* A bug's <failure> links its report already. */
	system_out(sb, dir, t, extra, info->junit == VJ_FAILURE && info->report ? NULL : rel);
	strbuf_addstr(sb, "    </testcase>\n");
	free(extra);
}

static void not_run(struct suite *su, const char *name, const char *ns, const char *why)
{
	testcase_open(su, name, ns, 0);
	strbuf_addstr(&su->body, "      <error");
	xml_attr(&su->body, "message", why);
	strbuf_addstr(&su->body, " type=\"not-run\"/>\n    </testcase>\n");
	su->errors++;
}

/*
 * Reports outside any test (boot, teardown): a failing testcase each, named
 * after where it happened, numbered when one place had several.
 */
static void run_report(struct suite *su, const char *dir, struct json_object *reports, size_t i)
{
	struct json_object *r = json_object_array_get_idx(reports, i);
	const char *where = json_str(r, "where") ? json_str(r, "where") : "unknown";
	char *rel = xasprintf("reports/%s.txt", where), *name, *console;
	int nth = 1;

	for (size_t j = 0; j < i; j++) {
		const char *w = json_str(json_object_array_get_idx(reports, j), "where");

		nth += w && !strcmp(w, where);
	}
	name = nth > 1 ? xasprintf("run-reports/%s (%d)", where, nth) : xasprintf("run-reports/%s", where);
	console = xasprintf("console: console/vm-%02d.log lines %d-%d\n",
			    json_object_get_int(json_get(r, "vm")), json_object_get_int(json_get(r, "start_line")),
			    json_object_get_int(json_get(r, "end_line")));
	testcase_open(su, name, "run", 0);
	failure_report(&su->body, dir, r, rel, console);
	strbuf_addstr(&su->body, "    </testcase>\n");
	su->failures++;
	free(console);
	free(name);
	free(rel);
}

static void property(struct strbuf *sb, const char *name, const char *value)
{
	if (!value)
		return;
	strbuf_addstr(sb, "      <property");
	xml_attr(sb, "name", name);
	xml_attr(sb, "value", value);
	strbuf_addstr(sb, "/>\n");
}

/* What the run was: the same for every suite, so each one read alone says it. */
static void properties(struct strbuf *sb, struct json_object *summary, struct json_object *m)
{
	struct json_object *k = json_get(m, "kernel"), *q = json_get(m, "qemu"), *seeds = json_get(m, "seeds");
	struct strbuf props = STRBUF_INIT, s = STRBUF_INIT;

	property(&props, "pmemfi.status", json_str(summary, "status"));
	property(&props, "pmemfi.version", json_str(m, "pmemfi"));
	property(&props, "profile", json_str(json_get(m, "profile"), "name"));
	for (size_t i = 0; seeds && i < json_object_array_length(seeds); i++)
		strbuf_addf(&s, "%s%s", i ? " " : "", json_object_get_string(json_object_array_get_idx(seeds, i)));
	property(&props, "seeds", seeds ? s.buf : NULL);
	property(&props, "kernel.id", json_str(k, "id"));
	property(&props, "kernel.release", json_str(k, "release"));
	property(&props, "kernel.source", json_str(k, "source"));
	property(&props, "kernel.config_hash", json_str(k, "config_hash"));
	property(&props, "kernel.sanitizers", json_str(k, "sanitizers"));
	property(&props, "kernel.cmdline", json_str(k, "cmdline"));
	property(&props, "qemu.version", json_str(q, "version"));
	property(&props, "qemu.accel", json_str(q, "accel"));
	/* The schema wants at least one property inside <properties>. */
	if (props.len)
		strbuf_addf(sb, "    <properties>\n%s    </properties>\n", props.buf);
	strbuf_release(&props);
	strbuf_release(&s);
}

/* "2026-11-25T15:38:34" from a run directory named "20261125T153834Z-...". */
static void run_timestamp(const char *dir, char *buf, size_t len)
{
	char *real = abs_path(dir);	/* results/latest is a symlink */
	const char *base = real ? real : dir;
	int y, mo, d, h, mi, s;
	char z;

	buf[0] = '\0';
	if (strrchr(base, '/'))
		base = strrchr(base, '/') + 1;
	if (sscanf(base, "%4d%2d%2dT%2d%2d%2d%c", &y, &mo, &d, &h, &mi, &s, &z) == 7 && z == 'Z')
		snprintf(buf, len, "%04d-%02d-%02dT%02d:%02d:%02d", y, mo, d, h, mi, s);
	free(real);
}

static void suite_write(FILE *f, const struct suite *su, const char *props, const char *stamp,
			const char *host)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, "  <testsuite");
	xml_attr(&sb, "name", su->name);
	strbuf_addf(&sb, " tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%lld.%03lld\"",
		    su->tests, su->failures, su->errors, su->skipped, su->ms / 1000, su->ms % 1000);
	xml_attr(&sb, "timestamp", *stamp ? stamp : NULL);
	xml_attr(&sb, "hostname", host);
	fprintf(f, "%s>\n%s%s  </testsuite>\n", sb.buf, props, su->body.buf);
	strbuf_release(&sb);
}

/* A suite per namespace, in plan order; the "run" suite holds the reports no test owns. */
struct suites {
	struct suite *ns;
	int nr, alloc;
	struct suite run;
};

/* The suite of namespace @name, added at the end when it is new. */
static struct suite *suite_of(struct suites *s, const char *name)
{
	for (int k = 0; k < s->nr; k++)
		if (!strcmp(s->ns[k].name, name))
			return &s->ns[k];
	GROW(s->ns, s->nr, s->alloc);
	s->ns[s->nr] = (struct suite){ .name = name, .body = STRBUF_INIT };
	return &s->ns[s->nr++];
}

/*
 * A testcase per test, in its namespace's suite; @done gets their names.
 * The suites come in plan order; a summary without a plan has them in run
 * order.
 */
static void add_tests(struct suites *s, const char *dir, struct json_object *planned,
		      struct json_object *tests, struct json_object *done, struct json_object *manifest)
{
	size_t nr_planned = planned ? json_object_array_length(planned) : 0;
	size_t nr_tests = json_object_array_length(tests);

	for (size_t i = 0; i < nr_planned + nr_tests; i++) {
		struct json_object *o = i < nr_planned ? json_object_array_get_idx(planned, i)
						       : json_object_array_get_idx(tests, i - nr_planned);
		const char *name = json_str(o, "namespace");
		struct suite *su = suite_of(s, name ? name : "unknown");

		if (i >= nr_planned) {
			testcase(su, dir, o, su->name, manifest);
			json_object_object_add(done, json_str(o, "name") ? json_str(o, "name") : "", NULL);
		}
	}
}

/*
 * Tests a stopped run never reached are errors, so they cannot pass
 * silently; while it runs they are simply not there yet, and a complete
 * run reached them all.
 */
static void add_not_run(struct suites *s, struct json_object *summary, struct json_object *done)
{
	struct json_object *planned = json_get(summary, "planned");
	const char *status = json_str(summary, "status"), *r = json_str(summary, "status_reason");
	char *why;

	if (status && (!strcmp(status, "running") || !strcmp(status, "complete")))
		return;
	why = r ? xasprintf("not run (run %s: %s)", status ? status : "stopped", r)
		: xasprintf("not run (run %s)", status ? status : "stopped");
	for (size_t i = 0; planned && i < json_object_array_length(planned); i++) {
		struct json_object *p = json_object_array_get_idx(planned, i);
		const char *name = json_str(p, "name"), *n = json_str(p, "namespace") ? json_str(p, "namespace") : "unknown";

		if (!name || json_object_object_get_ex(done, name, NULL))
			continue;
		not_run(suite_of(s, n), name, n, why);
	}
	free(why);
}

/* The document: the totals of every suite, then the suites; "run" only when it has tests. */
static void suites_write(FILE *f, const struct suites *s, const char *props, const char *stamp,
			 const char *host)
{
	struct suite total = { 0 };

	for (int k = 0; k <= s->nr; k++) {
		const struct suite *su = k < s->nr ? &s->ns[k] : &s->run;

		total.tests += su->tests;
		total.failures += su->failures;
		total.errors += su->errors;
		total.ms += su->ms;
	}
	fprintf(f, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	fprintf(f, "<testsuites name=\"pmemfi\" tests=\"%d\" failures=\"%d\" errors=\"%d\" time=\"%lld.%03lld\">\n",
		total.tests, total.failures, total.errors, total.ms / 1000, total.ms % 1000);
	for (int k = 0; k < s->nr; k++)
		suite_write(f, &s->ns[k], props, stamp, host);
	if (s->run.tests)
		suite_write(f, &s->run, props, stamp, host);
	fprintf(f, "</testsuites>\n");
}

int junit_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest)
{
	struct json_object *tests = json_get(summary, "tests"), *reports = json_get(summary, "run_reports");
	const char *host = json_str(json_get(manifest, "host"), "hostname");
	struct suites s = { .run = { .name = "run", .body = STRBUF_INIT } };
	struct strbuf props = STRBUF_INIT;
	struct json_object *done;
	char stamp[32];

	if (!tests)
		return -1;
	done = json_object_new_object();
	add_tests(&s, dir, json_get(summary, "planned"), tests, done, manifest);
	add_not_run(&s, summary, done);
	for (size_t i = 0; reports && i < json_object_array_length(reports); i++)
		run_report(&s.run, dir, reports, i);

	properties(&props, summary, manifest);
	run_timestamp(dir, stamp, sizeof(stamp));
	suites_write(f, &s, props.buf, stamp, host);

	for (int k = 0; k < s.nr; k++)
		strbuf_release(&s.ns[k].body);
	strbuf_release(&s.run.body);
	strbuf_release(&props);
	free(s.ns);
	json_object_put(done);
	return ferror(f) ? -1 : 0;
}
