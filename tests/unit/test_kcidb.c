// SPDX-License-Identifier: GPL-2.0
/*
 * kcidb.json: verdicts to KCIDB statuses, MISS for tests a stopped run
 * never reached, ids that stay the same from run to run, and log excerpts
 * of kernel text within KCIDB's 16 KiB and valid UTF-8.
 */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "results/outputs.h"
#include "lib/util.h"

#define RUN "20261125T101112Z-fake-6.12"

struct fixture {
	char parent[64];
	char *dir;
	struct json_object *summary, *planned, *tests, *reports, *manifest;
};

static void fixture_init(struct fixture *fx, const char *status)
{
	char *sub;

	snprintf(fx->parent, sizeof(fx->parent), "/tmp/pmemfi-test-kcidb.XXXXXX");
	assert_non_null(mkdtemp(fx->parent));
	fx->dir = xasprintf("%s/" RUN, fx->parent);
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
	fx->manifest = json_tokener_parse(
		"{\"status\": \"complete\", \"pmemfi\": \"b07926d\","
		" \"kernel\": {\"spec\": \"kasan\", \"id\": \"kasan-6.12.117-pmemfi\", \"release\": \"6.12.117-pmemfi\","
		"  \"version\": \"6.12.117-pmemfi (root@vm) (gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0, GNU ld"
		" (GNU Binutils for Debian) 2.40) #1 SMP PREEMPT_DYNAMIC\","
		"  \"source\": \"debian:linux-source-6.12=6.12.117-1~deb12u1\", \"config_hash\": \"7225ed851d9a6e84\","
		"  \"sanitizers\": \"KASAN DEBUG_VM\", \"cmdline\": \"console=ttyS0 nokaslr\", \"image\": null},"
		" \"qemu\": {\"version\": \"QEMU emulator version 7.2.22\", \"accel\": \"tcg\"},"
		" \"profile\": {\"name\": \"quick\", \"tests\": null}, \"seeds\": [\"ff\"],"
		" \"host\": {\"hostname\": \"vm\", \"cpus\": 2}}");
	assert_non_null(fx->manifest);
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

static struct json_object *add_test(struct fixture *fx, const char *name, const char *ns,
				    const char *verdict, const char *reason)
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
	json_object_object_add(t, "duration", json_object_new_double(1.5));
	json_object_array_add(fx->tests, t);
	return t;
}

static void add_report(struct fixture *fx, struct json_object *t, const char *text, size_t len)
{
	const char *name = json_object_get_string(json_object_object_get(t, "name"));
	char *rel = xasprintf("reports/%s.txt", name);

	json_object_object_add(t, "title", json_object_new_string("BUG: unable to handle page fault in action_result"));
	json_object_object_add(t, "type", json_object_new_string("bug"));
	json_object_object_add(t, "frame", json_object_new_string("action_result"));
	json_object_object_add(t, "signature", json_object_new_string("d136ce211d7266d7"));
	json_object_object_add(t, "report", json_object_new_string(rel));
	put_file(fx, rel, text, len);
	free(rel);
}

static int utf8_valid(const unsigned char *p)
{
	while (*p) {
		int n = *p < 0x80 ? 1 : *p >= 0xf0 ? 4 : *p >= 0xe0 ? 3 : 2;

		if (*p >= 0x80 && (*p < 0xc2 || *p > 0xf4))
			return 0;
		for (int i = 1; i < n; i++)
			if ((p[i] & 0xc0) != 0x80)
				return 0;
		if (p[0] == 0xed && p[1] >= 0xa0)
			return 0;
		p += n;
	}
	return 1;
}

static size_t utf8_chars(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xc0) != 0x80;
	return n;
}

/* kcidb.json as text (@text, if not NULL) and parsed; the text must be valid UTF-8 JSON. */
static struct json_object *write_kcidb(struct fixture *fx, const char *dir, char **text)
{
	char *out = NULL;
	size_t len;
	FILE *f = open_memstream(&out, &len);
	struct json_object *o;

	assert_int_equal(kcidb_write(f, dir ? dir : fx->dir, fx->summary, fx->manifest), 0);
	fclose(f);
	assert_true(utf8_valid((const unsigned char *)out));
	o = json_tokener_parse(out);
	assert_non_null(o);
	if (text)
		*text = out;
	else
		free(out);
	return o;
}

static const char *str(struct json_object *o, const char *path)
{
	char key[64];
	const char *dot;
	struct json_object *v;

	while ((dot = strchr(path, '.'))) {
		snprintf(key, sizeof(key), "%.*s", (int)(dot - path), path);
		if (!json_object_object_get_ex(o, key, &o))
			return NULL;
		path = dot + 1;
	}
	if (!json_object_object_get_ex(o, path, &v) || !json_object_is_type(v, json_type_string))
		return NULL;
	return json_object_get_string(v);
}

/* The test whose path is @path. */
static struct json_object *test(struct json_object *k, const char *path)
{
	struct json_object *tests = json_object_object_get(k, "tests");

	for (size_t i = 0; i < json_object_array_length(tests); i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);

		if (str(t, "path") && !strcmp(str(t, "path"), path))
			return t;
	}
	fail_msg("no test with path %s", path);
	return NULL;
}

static void statuses(void **state)
{
	static const struct {
		const char *verdict, *status;
	} map[] = {
		{ "pass", "PASS" }, { "xpass", "PASS" }, { "fail", "FAIL" }, { "bug", "FAIL" },
		{ "xfail", "FAIL" }, { "skip", "SKIP" }, { "timeout", "ERROR" }, { "error", "ERROR" },
	};
	static const char two_reports[] =
		"title: WARNING in a\ntype: warning\nconsole: console/vm-01.log lines 10-12\n\nfirst\n\n"
		"title: WARNING in b\ntype: warning\nconsole: console/vm-01.log lines 20-22\n\nsecond\n\n";
	struct fixture fx;
	struct json_object *k, *t, *r;
	char name[64];

	(void)state;
	fixture_init(&fx, "interrupted");
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		snprintf(name, sizeof(name), "s.dax.%s", map[i].verdict);
		t = add_test(&fx, name, "dax", map[i].verdict, "why");
		if (!strcmp(map[i].verdict, "bug") || !strcmp(map[i].verdict, "xfail"))
			add_report(&fx, t, "title: BUG\n\nRIP: action_result\n", 31);
	}
	add_test(&fx, "s.fs.later", "fs", NULL, NULL);
	for (int i = 0; i < 2; i++) {
		r = json_object_new_object();
		json_object_object_add(r, "title", json_object_new_string(i ? "WARNING in b" : "WARNING in a"));
		json_object_object_add(r, "where", json_object_new_string("teardown-vm01"));
		json_object_object_add(r, "vm", json_object_new_int(1));
		json_object_object_add(r, "start_line", json_object_new_int(i ? 20 : 10));
		json_object_object_add(r, "end_line", json_object_new_int(i ? 22 : 12));
		json_object_array_add(fx.reports, r);
	}
	put_file(&fx, "reports/teardown-vm01.txt", two_reports, strlen(two_reports));

	k = write_kcidb(&fx, NULL, NULL);
	assert_int_equal(json_object_array_length(json_object_object_get(k, "tests")), 8 + 1 + 2);
	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++) {
		snprintf(name, sizeof(name), "pmemfi.s.dax.%s", map[i].verdict);
		t = test(k, name);
		assert_string_equal(str(t, "status"), map[i].status);
		assert_string_equal(str(t, "misc.verdict"), map[i].verdict);
		assert_string_equal(str(t, "origin"), "pmemfi");
		assert_true(json_object_get_double(json_object_object_get(t, "duration")) == 1.5);
		/* Only the known issue is waived: still a FAIL, without alerting anyone. */
		assert_int_equal(json_object_object_get_ex(t, "waived", NULL), !strcmp(map[i].verdict, "xfail"));
	}
	assert_true(json_object_get_boolean(json_object_object_get(test(k, "pmemfi.s.dax.xfail"), "waived")));
	/* Kernel reports are the excerpt of bug and xfail, pmemfi's reason that of other failures. */
	assert_string_equal(str(test(k, "pmemfi.s.dax.bug"), "log_excerpt"), "title: BUG\n\nRIP: action_result\n");
	assert_string_equal(str(test(k, "pmemfi.s.dax.xfail"), "log_excerpt"), "title: BUG\n\nRIP: action_result\n");
	assert_string_equal(str(test(k, "pmemfi.s.dax.fail"), "log_excerpt"), "why\n");
	assert_null(str(test(k, "pmemfi.s.dax.pass"), "log_excerpt"));

	t = test(k, "pmemfi.s.fs.later");
	assert_string_equal(str(t, "status"), "MISS");
	assert_string_equal(str(t, "comment"), "not run (run interrupted)");
	assert_string_equal(str(t, "id"), "pmemfi:" RUN ":s.fs.later");

	/* Two reports in one place: two tests, each with its own report. */
	t = json_object_array_get_idx(json_object_object_get(k, "tests"), 9);
	assert_string_equal(str(t, "path"), "pmemfi.run-reports.teardown-vm01");
	assert_string_equal(str(t, "status"), "FAIL");
	assert_string_equal(str(t, "log_excerpt"),
			    "title: WARNING in a\ntype: warning\nconsole: console/vm-01.log lines 10-12\n\nfirst\n");
	t = json_object_array_get_idx(json_object_object_get(k, "tests"), 10);
	assert_string_equal(str(t, "log_excerpt"),
			    "title: WARNING in b\ntype: warning\nconsole: console/vm-01.log lines 20-22\n\nsecond\n\n");
	assert_string_not_equal(str(t, "id"),
				str(json_object_array_get_idx(json_object_object_get(k, "tests"), 9), "id"));
	json_object_put(k);

	/* While the run goes on, there is nothing to miss yet. */
	json_object_object_add(fx.summary, "status", json_object_new_string("running"));
	k = write_kcidb(&fx, NULL, NULL);
	assert_int_equal(json_object_array_length(json_object_object_get(k, "tests")), 8 + 2);
	json_object_put(k);
	fixture_free(&fx);
}

static void ids(void **state)
{
	struct fixture fx;
	struct json_object *k, *co, *b, *t, *kern;
	char *a, *again, *link, *co_id, *b_id;

	(void)state;
	fixture_init(&fx, "complete");
	add_test(&fx, "i.dax.pass", "dax", "pass", NULL);
	add_test(&fx, "i.dax.odd name:random:5/x", "dax", "pass", NULL);
	k = write_kcidb(&fx, NULL, &a);
	assert_int_equal(json_object_get_int(json_object_object_get(json_object_object_get(k, "version"), "major")), 4);
	assert_int_equal(json_object_get_int(json_object_object_get(json_object_object_get(k, "version"), "minor")), 3);
	co = json_object_array_get_idx(json_object_object_get(k, "checkouts"), 0);
	b = json_object_array_get_idx(json_object_object_get(k, "builds"), 0);
	assert_int_equal(json_object_array_length(json_object_object_get(k, "checkouts")), 1);
	assert_int_equal(json_object_array_length(json_object_object_get(k, "builds")), 1);
	assert_int_equal(strncmp(str(co, "id"), "pmemfi:", 7), 0);
	assert_int_equal(strncmp(str(b, "id"), "pmemfi:", 7), 0);
	assert_string_equal(str(b, "checkout_id"), str(co, "id"));
	assert_string_equal(str(co, "tree_name"), "debian");
	assert_null(str(co, "git_commit_hash"));
	assert_string_equal(str(b, "architecture"), "x86_64");
	assert_string_equal(str(b, "config_name"), "kasan");
	assert_string_equal(str(b, "compiler"), "gcc-12 (Debian 12.2.0-14+deb12u1) 12.2.0");
	assert_string_equal(str(b, "misc.config_hash"), "7225ed851d9a6e84");
	t = test(k, "pmemfi.i.dax.pass");
	assert_string_equal(str(t, "build_id"), str(b, "id"));
	assert_string_equal(str(t, "id"), "pmemfi:" RUN ":i.dax.pass");
	assert_string_equal(str(t, "environment.misc.kernel_cmdline"), "console=ttyS0 nokaslr");
	/* A KCIDB path holds [.a-zA-Z0-9_-] only; the id keeps the name. */
	t = test(k, "pmemfi.i.dax.odd_name_random_5_x");
	assert_string_equal(str(t, "id"), "pmemfi:" RUN ":i.dax.odd name:random:5/x");
	/* No nulls in KCIDB: kernel.image is null in the manifest and must not appear. */
	assert_null(strstr(a, "null"));
	co_id = xstrdup(str(co, "id"));
	b_id = xstrdup(str(b, "id"));
	json_object_put(k);

	/* The same run written again, or through the results/latest symlink: the same bytes. */
	json_object_put(write_kcidb(&fx, NULL, &again));
	assert_string_equal(a, again);
	free(again);
	link = xasprintf("%s/latest", fx.parent);
	assert_int_equal(symlink(RUN, link), 0);
	json_object_put(write_kcidb(&fx, link, &again));
	assert_string_equal(a, again);
	free(again);
	free(link);

	/* Another config of the same source: another build of the same checkout. */
	kern = json_object_object_get(fx.manifest, "kernel");
	json_object_object_add(kern, "config_hash", json_object_new_string("75d8a42a84bae2c0"));
	k = write_kcidb(&fx, NULL, NULL);
	assert_string_equal(str(json_object_array_get_idx(json_object_object_get(k, "checkouts"), 0), "id"), co_id);
	assert_string_not_equal(str(json_object_array_get_idx(json_object_object_get(k, "builds"), 0), "id"), b_id);
	json_object_put(k);

	/* A git tree: its commit; a clean one has no patchset on top. */
	json_object_object_add(kern, "source",
			       json_object_new_string("git:0123456789abcdef0123456789abcdef01234567"));
	k = write_kcidb(&fx, NULL, NULL);
	co = json_object_array_get_idx(json_object_object_get(k, "checkouts"), 0);
	assert_string_not_equal(str(co, "id"), co_id);
	assert_string_equal(str(co, "git_commit_hash"), "0123456789abcdef0123456789abcdef01234567");
	assert_string_equal(str(co, "patchset_hash"), "");
	assert_null(str(co, "tree_name"));
	json_object_put(k);
	json_object_object_add(kern, "source",
			       json_object_new_string("git:0123456789abcdef0123456789abcdef01234567+dirty-00ff"));
	k = write_kcidb(&fx, NULL, NULL);
	co = json_object_array_get_idx(json_object_object_get(k, "checkouts"), 0);
	assert_string_equal(str(co, "git_commit_hash"), "0123456789abcdef0123456789abcdef01234567");
	assert_null(str(co, "patchset_hash"));
	json_object_put(k);

	free(co_id);
	free(b_id);
	free(a);
	fixture_free(&fx);
}

/* Kernel text in log_excerpt: at most 16384 characters, valid UTF-8, the start kept. */
static void excerpts(void **state)
{
	struct fixture fx;
	struct json_object *k, *t;
	struct strbuf big = STRBUF_INIT;
	const char *e;

	(void)state;
	fixture_init(&fx, "complete");
	strbuf_addstr(&big, "BUG: first line \x01\xff\xc3(\n");
	while (big.len < 100000)
		strbuf_addstr(&big, "\xe2\x82\xac");	/* 3 bytes, 1 character */
	t = add_test(&fx, "x.dax.bug", "dax", "bug", NULL);
	add_report(&fx, t, big.buf, big.len);
	t = add_test(&fx, "x.dax.fail", "dax", "fail", "counters: HardwareCorrupted grew by 4 kB");
	put_file(&fx, "tests/x.dax.fail.ktap", "KTAP version 1\nnot ok 1 x.dax.fail\n", 35);
	t = add_test(&fx, "x.dax.hang", "dax", "timeout", "no end within the test timeout");

	k = write_kcidb(&fx, NULL, NULL);
	e = str(test(k, "pmemfi.x.dax.bug"), "log_excerpt");
	/* The schema's maxLength counts characters: U+FFFD for a bad byte is one. */
	assert_true(utf8_chars(e) <= 16384);
	assert_true(strlen(e) > 16384 - 100);
	/* \x01 stays (JSON escapes it); the bytes that are not UTF-8 are U+FFFD. */
	assert_int_equal(strncmp(e, "BUG: first line \x01\xef\xbf\xbd\xef\xbf\xbd(\n\xe2\x82\xac", 28), 0);
	assert_non_null(strstr(e, "\xe2\x82\xac\n[... "));
	assert_non_null(strstr(e, " more bytes in reports/x.dax.bug.txt]\n"));
	e = str(test(k, "pmemfi.x.dax.fail"), "log_excerpt");
	assert_string_equal(e, "counters: HardwareCorrupted grew by 4 kB\n\nKTAP version 1\nnot ok 1 x.dax.fail\n");
	assert_string_equal(str(test(k, "pmemfi.x.dax.hang"), "log_excerpt"), "no end within the test timeout\n");
	json_object_put(k);
	strbuf_release(&big);
	fixture_free(&fx);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(statuses),
		cmocka_unit_test(ids),
		cmocka_unit_test(excerpts),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
