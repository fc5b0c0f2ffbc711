// SPDX-License-Identifier: GPL-2.0
/*
 * kcidb.json: the run as a KernelCI KCIDB report (schema v4.3: checkouts,
 * builds, tests, issues, incidents), for kcidb-submit, so that pmemfi's
 * findings sit next to other CI systems' results for the same kernel. One
 * checkout (the kernel source), one build (that source and its .config),
 * one test per planned test, and one per kernel report outside any test.
 *
 * Triage is KCIDB's issues and incidents: every known issue that applies
 * to the kernel is an issue (culprit: the code, the kernel), and each test
 * it excused (xfail) an incident with present=true, each test where it
 * should have reproduced and did not (xpass) one with present=false. Tests
 * the harness could not run (error, MISS) are incidents of one more issue,
 * "pmemfi:harness", whose culprit is the harness: nobody should blame the
 * kernel for them without a look. The schema is pinned in
 * tests/schemas/kcidb-v4.3.json and checked by tests/integration/formats.sh.
 *
 * KCIDB merges objects by id, so ids are stable: the same source gives the
 * same checkout id and the same source and config the same build id in
 * every run; a test id is the run directory's name and the test's. No
 * property may be null in KCIDB, so what is not known is left out: a test's
 * start_time (summary.json has durations only), and log_url (the results
 * directory has no URL; misc has the paths in it).
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "results/outputs.h"
#include "results/rerun.h"
#include "verdict/verdict.h"
#include "lib/util.h"
#include "results/run_record.h"

#define ORIGIN "pmemfi"
/* The schema's maxLength for log_excerpt, in characters; bytes are never fewer. */
#define LOG_EXCERPT_MAX 16384

/*
 * A JSON string of @len bytes of kernel text: JSON must be UTF-8, the
 * console is whatever bytes the kernel printed, so each byte that is not
 * part of a valid sequence becomes U+FFFD. Control characters are fine:
 * json-c escapes them.
 */
static struct json_object *text(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + len;
	struct strbuf sb = STRBUF_INIT;
	struct json_object *o;

	while (p < end) {
		int n = out_utf8(p, end - p, NULL);

		if (n)
			strbuf_add(&sb, p, n);
		else
			strbuf_addstr(&sb, "\xef\xbf\xbd");
		p += n ? n : 1;
	}
	o = json_object_new_string_len(sb.buf, sb.len);
	strbuf_release(&sb);
	return o;
}

static void add_str(struct json_object *o, const char *key, const char *v)
{
	if (v)
		json_object_object_add(o, key, text(v, strlen(v)));
}

static void add_copy(struct json_object *to, struct json_object *from, const char *key)
{
	struct json_object *v = json_get(from, key);

	if (json_object_is_type(v, json_type_string))
		add_str(to, key, json_object_get_string(v));
	else if (v)
		json_object_object_add(to, key, json_object_get(v));
}

/*
 * log_excerpt: the first LOG_EXCERPT_MAX bytes of @len at @s or fewer, cut
 * on a character boundary, ending with where the rest is (@rest). The start
 * of a kernel report says the most.
 */
static void add_excerpt(struct json_object *o, const char *s, size_t len, const char *rest)
{
	struct strbuf sb = STRBUF_INIT;
	char tail[256];
	size_t n = len;

	tail[0] = '\0';
	if (len > LOG_EXCERPT_MAX) {
		snprintf(tail, sizeof(tail), "\n[... %zu more bytes in %s]\n", len, rest);
		n = LOG_EXCERPT_MAX - strlen(tail);
		while (n && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--;
		snprintf(tail, sizeof(tail), "\n[... %zu more bytes in %s]\n", len - n, rest);
	}
	if (!n)
		return;
	strbuf_add(&sb, s, n);
	strbuf_addstr(&sb, tail);
	json_object_object_add(o, "log_excerpt", text(sb.buf, sb.len));
	strbuf_release(&sb);
}

static void add_report_excerpt(struct json_object *o, const char *dir, const char *rel, const char *console)
{
	char *path = xasprintf("%s/%s", dir, rel);
	struct strbuf f = STRBUF_INIT;
	size_t off, len;

	if (!read_file(path, &f)) {
		out_report_block(&f, console, &off, &len);
		add_excerpt(o, f.buf + off, len, rel);
	}
	strbuf_release(&f);
	free(path);
}

/* Why a test failed without a kernel report: pmemfi's reason, then what the guest printed. */
static void add_test_excerpt(struct json_object *o, const char *dir, struct json_object *t)
{
	const char *name = json_str(t, "name"), *reason = json_str(t, "reason");
	char *rel = xasprintf("tests/%s.ktap", name ? name : "");
	char *path = xasprintf("%s/%s", dir, rel);
	struct strbuf sb = STRBUF_INIT, f = STRBUF_INIT;

	if (reason)
		strbuf_addf(&sb, "%s\n", reason);
	if (name && !read_file(path, &f))
		strbuf_addf(&sb, "%s%s", sb.len ? "\n" : "", f.buf);
	add_excerpt(o, sb.buf, sb.len, rel);
	strbuf_release(&f);
	strbuf_release(&sb);
	free(path);
	free(rel);
}

/* "pmemfi." and @name with what a KCIDB path cannot hold ([.a-zA-Z0-9_-]) replaced. */
static char *test_path(const char *prefix, const char *name)
{
	char *p = xasprintf("%s%s", prefix, name), *q;

	for (q = p + strlen(prefix); *q; q++)
		if (!strchr("._-", *q) && !(*q >= 'a' && *q <= 'z') && !(*q >= 'A' && *q <= 'Z') &&
		    !(*q >= '0' && *q <= '9'))
			*q = '_';
	return p;
}

struct ctx {
	const char *dir, *run, *build_id;
	struct json_object *manifest;
	struct json_object *env;	/* shared by every test: where it ran */
	struct json_object *tests;
	struct json_object *incidents;
	int harness_faults;		/* incidents of the harness issue */
};

#define HARNESS_ISSUE ORIGIN ":harness"
#define ISSUE_VERSION 1

static char *issue_id(const char *known_id)
{
	return xasprintf(ORIGIN ":known:%s", known_id);
}

/* An incident of issue @issue in test @test_id: present or (an xpass) absent. */
static void incident(struct ctx *c, const char *test_id, const char *issue, int present)
{
	struct json_object *o = json_object_new_object();
	char *id = xasprintf("%s:%s", test_id, issue);

	add_str(o, "id", id);
	add_str(o, "origin", ORIGIN);
	add_str(o, "issue_id", issue);
	json_object_object_add(o, "issue_version", json_object_new_int(ISSUE_VERSION));
	add_str(o, "build_id", c->build_id);
	add_str(o, "test_id", test_id);
	json_object_object_add(o, "present", json_object_new_boolean(present));
	json_object_array_add(c->incidents, o);
	if (!strcmp(issue, HARNESS_ISSUE))
		c->harness_faults++;
	free(id);
}

/*
 * The known issues a test's reason names: "... (known issue ID)" for each
 * excused report or check (known.c), "known issue ID did not reproduce"
 * for an xpass.
 */
static void incidents_of(struct ctx *c, const char *test_id, enum verdict v, const char *reason)
{
	const char *p = reason;
	char *id;

	if (!reason)
		return;
	if (v == V_XPASS && !strncmp(reason, "known issue ", 12)) {
		id = xasprintf(ORIGIN ":known:%.*s", (int)strcspn(reason + 12, " "), reason + 12);
		incident(c, test_id, id, 0);
		free(id);
		return;
	}
	while (v == V_XFAIL && (p = strstr(p, "(known issue "))) {
		p += 13;
		id = xasprintf(ORIGIN ":known:%.*s", (int)strcspn(p, ")"), p);
		incident(c, test_id, id, 1);
		free(id);
	}
}

static struct json_object *test_new(const struct ctx *c, const char *id_tail, const char *path_prefix,
				    const char *name, const char *status)
{
	struct json_object *o = json_object_new_object();
	char *id = xasprintf(ORIGIN ":%s:%s", c->run, id_tail), *path = test_path(path_prefix, name);

	add_str(o, "id", id);
	add_str(o, "build_id", c->build_id);
	add_str(o, "origin", ORIGIN);
	add_str(o, "path", path);
	add_str(o, "status", status);
	if (c->env)
		json_object_object_add(o, "environment", json_object_get(c->env));
	json_object_array_add(c->tests, o);
	free(path);
	free(id);
	return o;
}

/*
 * KCIDB has PASS, FAIL, ERROR, MISS, SKIP (and DONE). xpass is a pass. An
 * xfail is FAIL: the kernel has the bug, and SKIP would say the test did
 * not run and hide a live bug from anyone triaging the kernel in KCIDB;
 * it is marked "waived" (v4.3: a status that should not alert anyone),
 * with misc.verdict "xfail". timeout and error leave the kernel's status
 * unknown: ERROR. (verdict.h's table says which.)
 */
static void test_done(struct ctx *c, struct json_object *t)
{
	static const char *const keys[] = {
		"reason", "title", "type", "frame", "signature", "namespace", "seed",
		"injector", "point", "stress", "expected", "outcome", "report", "console",
		"console_begin", "console_end", "vm", NULL,
	};
	const char *name = json_str(t, "name") ? json_str(t, "name") : "unknown";
	enum verdict v = run_test_verdict(t);
	const struct verdict_info *info = verdict_info(v);
	const char *rel = json_str(t, "report"), *comment = json_str(t, "title") ? json_str(t, "title") : json_str(t, "reason");
	struct json_object *o = test_new(c, name, ORIGIN ".", name, info->kcidb);
	struct json_object *misc = json_object_new_object(), *d = json_get(t, "duration");

	incidents_of(c, json_str(o, "id"), v, json_str(t, "reason"));
	if (v == V_ERROR || !run_test_verdict_name(t))
		incident(c, json_str(o, "id"), HARNESS_ISSUE, 1);

	add_str(o, "comment", comment);
	if (d)
		json_object_object_add(o, "duration", json_object_new_double(json_object_get_double(d)));
	if (info->kcidb_waived)
		json_object_object_add(o, "waived", json_object_new_boolean(1));
	if (rel && info->report)
		add_report_excerpt(o, c->dir, rel, NULL);
	else if (!info->clean && info->ran)
		add_test_excerpt(o, c->dir, t);
	if (run_test_verdict_name(t))
		run_misc_set_verdict(misc, run_test_verdict_name(t));
	for (int i = 0; keys[i]; i++)
		add_copy(misc, t, keys[i]);
	if (rerun_failed(t)) {
		char *rerun = rerun_command(c->manifest, t), *repro = rerun_repro_command(c->dir, t);

		add_str(misc, "rerun", rerun);
		add_str(misc, "repro", repro);
		free(rerun);
		free(repro);
	}
	json_object_object_add(o, "misc", misc);
}

static void test_missed(struct ctx *c, struct json_object *p, const char *why)
{
	const char *name = json_str(p, "name");
	struct json_object *o = test_new(c, name, ORIGIN ".", name, "MISS"), *misc = json_object_new_object();

	incident(c, json_str(o, "id"), HARNESS_ISSUE, 1);

	add_str(o, "comment", why);
	run_misc_set_verdict(misc, "not-run");
	add_copy(misc, p, "namespace");
	json_object_object_add(o, "misc", misc);
}

/* A kernel report outside any test (boot, teardown) is a failure of the kernel all the same. */
static void test_run_report(struct ctx *c, struct json_object *r, size_t i)
{
	static const char *const keys[] = {
		"title", "type", "frame", "signature", "corrupted", "where", "vm", "start_line", "end_line", NULL,
	};
	const char *where = json_str(r, "where") ? json_str(r, "where") : "unknown";
	char *tail = xasprintf("run-reports:%zu:%s", i, where);
	char *rel = xasprintf("reports/%s.txt", where);
	char *console = xasprintf("console: console/vm-%02d.log lines %d-%d\n",
				  json_object_get_int(json_get(r, "vm")), json_object_get_int(json_get(r, "start_line")),
				  json_object_get_int(json_get(r, "end_line")));
	struct json_object *o = test_new(c, tail, ORIGIN ".run-reports.", where, "FAIL");
	struct json_object *misc = json_object_new_object();

	add_str(o, "comment", json_str(r, "title"));
	if (json_str(r, "known")) {
		char *issue = issue_id(json_str(r, "known"));

		incident(c, json_str(o, "id"), issue, 1);
		free(issue);
	}
	add_report_excerpt(o, c->dir, rel, console);
	run_misc_set_verdict(misc, "bug");
	for (int k = 0; keys[k]; k++)
		add_copy(misc, r, keys[k]);
	add_str(misc, "report", rel);
	json_object_object_add(o, "misc", misc);
	free(console);
	free(rel);
	free(tail);
}

/* "x86_64-linux-gnu-gcc-12 (Debian 12.2.0-14) 12.2.0" from "REL (USER@HOST) (COMPILER, LD) #1 ...". */
static char *compiler(const char *version)
{
	const char *p = version ? strstr(version, ") (") : NULL, *e;
	int depth = 0;

	if (!p)
		return NULL;
	p += 3;
	for (e = p; *e && !(depth == 0 && (*e == ',' || *e == ')')); e++)
		depth += (*e == '(') - (*e == ')');
	return *e && e > p ? xasprintf("%.*s", (int)(e - p), p) : NULL;
}

static int is_sha1(const char *s)
{
	int n = 0;

	while ((*s >= '0' && *s <= '9') || (*s >= 'a' && *s <= 'f'))
		s++, n++;
	return n == 40 && (!*s || *s == '+');
}

/*
 * The checkout is the kernel source (kernel.source: "debian:PKG=VERSION",
 * "git:SHA[+dirty-HASH][+PATCH...]", "tree:VERSION:HASH" or "file:IMAGE");
 * the config is the build's, so two configs of one source are two builds
 * of one checkout. Returns the build id.
 */
static char *checkout_and_build(struct json_object *root, struct json_object *m)
{
	struct json_object *k = json_get(m, "kernel"), *co = json_object_new_object();
	struct json_object *b = json_object_new_object(), *misc = json_object_new_object();
	const char *source = json_str(k, "source") ? json_str(k, "source") : "unknown";
	const char *kid = json_str(k, "id") ? json_str(k, "id") : "unknown", *hash = json_str(k, "config_hash");
	uint64_t h = fnv1a64(source, strlen(source), FNV1A64_INIT);
	char *co_id = xasprintf(ORIGIN ":%016" PRIx64, h), *b_id, *flavour = xstrdup(kid);
	char *cc = compiler(json_str(k, "version"));

	add_str(co, "id", co_id);
	add_str(co, "origin", ORIGIN);
	if (!strncmp(source, "debian:", 7))
		add_str(co, "tree_name", "debian");
	if (!strncmp(source, "git:", 4) && is_sha1(source + 4)) {
		char sha[41];

		memcpy(sha, source + 4, 40);
		sha[40] = '\0';
		add_str(co, "git_commit_hash", sha);
		/* Uncommitted changes or pmemfi's patches on top: a patchset without a known hash. */
		if (!source[44])
			add_str(co, "patchset_hash", "");
	}
	add_str(co, "comment", source);
	json_object_object_add(co, "valid", json_object_new_boolean(1));
	json_object_object_add(root, "checkouts", json_object_new_array());
	json_object_array_add(json_get(root, "checkouts"), co);

	h = fnv1a64("\n", 1, h);
	h = fnv1a64(hash ? hash : "", hash ? strlen(hash) : 0, h);
	h = fnv1a64("\n", 1, h);
	h = fnv1a64(kid, strlen(kid), h);
	b_id = xasprintf(ORIGIN ":%s:%016" PRIx64, kid, h);
	add_str(b, "id", b_id);
	add_str(b, "checkout_id", co_id);
	add_str(b, "origin", ORIGIN);
	add_str(b, "architecture", "x86_64");
	/* "kasan", "debian", "tree", "bzimage": the flavour part of the kernel id. */
	flavour[strcspn(flavour, "-")] = '\0';
	add_str(b, "config_name", flavour);
	add_str(b, "compiler", cc);
	add_str(b, "comment", kid);
	json_object_object_add(b, "valid", json_object_new_boolean(1));
	add_copy(misc, k, "spec");
	add_copy(misc, k, "id");
	add_copy(misc, k, "release");
	add_copy(misc, k, "version");
	add_copy(misc, k, "config_hash");
	add_copy(misc, k, "sanitizers");
	json_object_object_add(b, "misc", misc);
	json_object_object_add(root, "builds", json_object_new_array());
	json_object_array_add(json_get(root, "builds"), b);

	free(cc);
	free(flavour);
	free(co_id);
	return b_id;
}

/* Where the tests ran: QEMU, the kernel command line, the host. */
static struct json_object *environment(struct json_object *m)
{
	struct json_object *q = json_get(m, "qemu"), *k = json_get(m, "kernel");
	struct json_object *env = json_object_new_object(), *misc = json_object_new_object();
	const char *host = json_str(json_get(m, "host"), "hostname");
	char *comment = xasprintf("QEMU (%s) on %s", json_str(q, "accel") ? json_str(q, "accel") : "?",
				  host ? host : "?");

	add_str(env, "comment", comment);
	add_str(misc, "qemu_version", json_str(q, "version"));
	add_str(misc, "qemu_accel", json_str(q, "accel"));
	add_str(misc, "kernel_cmdline", json_str(k, "cmdline"));
	add_str(misc, "profile", json_str(json_get(m, "profile"), "name"));
	add_str(misc, "pmemfi", json_str(m, "pmemfi"));
	json_object_object_add(env, "misc", misc);
	free(comment);
	return env;
}

/* The run directory's name, never that of the results/latest symlink: test ids carry it. */
static char *run_name(const char *dir)
{
	char *real = abs_path(dir), *p = real ? real : xstrdup(dir), *base;
	size_t n = strlen(p);

	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	base = xstrdup(strrchr(p, '/') ? strrchr(p, '/') + 1 : p);
	free(p);
	return base;
}

static struct json_object *issue_new(const char *id, const char *comment)
{
	struct json_object *o = json_object_new_object();

	add_str(o, "id", id);
	json_object_object_add(o, "version", json_object_new_int(ISSUE_VERSION));
	add_str(o, "origin", ORIGIN);
	add_str(o, "comment", comment);
	return o;
}

static struct json_object *culprit(int code, int harness)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "code", json_object_new_boolean(code));
	json_object_object_add(o, "tool", json_object_new_boolean(0));
	json_object_object_add(o, "harness", json_object_new_boolean(harness));
	return o;
}

/* summary.json's known_issues (those for this kernel), and the harness's when it failed a test. */
static struct json_object *issues(struct json_object *summary, int harness_faults)
{
	struct json_object *a = json_object_new_array(), *known = json_array(summary, "known_issues");

	for (size_t i = 0; known && i < json_object_array_length(known); i++) {
		struct json_object *k = json_object_array_get_idx(known, i), *o, *misc;
		const char *link = json_str(k, "link");
		char *id;

		if (!json_str(k, "id"))
			continue;
		id = issue_id(json_str(k, "id"));
		o = issue_new(id, json_str(k, "reason"));
		/* The schema wants a URL; a README anchor stays in misc. */
		if (link && (!strncmp(link, "https://", 8) || !strncmp(link, "http://", 7)))
			add_str(o, "report_url", link);
		json_object_object_add(o, "culprit", culprit(1, 0));
		misc = json_object_new_object();
		add_copy(misc, k, "link");
		add_copy(misc, k, "scope");
		add_copy(misc, k, "stage");
		add_copy(misc, k, "intermittent");
		json_object_object_add(o, "misc", misc);
		json_object_array_add(a, o);
		free(id);
	}
	if (harness_faults) {
		struct json_object *o = issue_new(HARNESS_ISSUE, "the harness or the test's setup could not run "
						  "the test (pmemfi verdict error, or not run)");

		json_object_object_add(o, "culprit", culprit(0, 1));
		json_object_array_add(a, o);
	}
	return a;
}

int kcidb_write(FILE *f, const char *dir, struct json_object *summary, struct json_object *manifest)
{
	struct json_object *planned = json_get(summary, "planned"), *tests = json_get(summary, "tests");
	struct json_object *reports = json_get(summary, "run_reports"), *root, *version, *done;
	const char *status = json_str(summary, "status");
	char *run, *build_id, *why = NULL;
	struct ctx c = { .dir = dir, .manifest = manifest };

	if (!tests)
		return -1;
	run = run_name(dir);
	c.run = run;

	root = json_object_new_object();
	version = json_object_new_object();
	json_object_object_add(version, "major", json_object_new_int(4));
	json_object_object_add(version, "minor", json_object_new_int(3));
	json_object_object_add(root, "version", version);
	build_id = checkout_and_build(root, manifest);
	c.build_id = build_id;
	c.env = environment(manifest);
	c.tests = json_object_new_array();
	json_object_object_add(root, "tests", c.tests);
	c.incidents = json_object_new_array();

	done = json_object_new_object();
	for (size_t i = 0; i < json_object_array_length(tests); i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);

		test_done(&c, t);
		if (json_str(t, "name"))
			json_object_object_add(done, json_str(t, "name"), NULL);
	}
	/* Planned tests a stopped run never reached; while it runs they are just not there yet. */
	if (!status || (strcmp(status, "running") && strcmp(status, "complete"))) {
		const char *r = json_str(summary, "status_reason");

		why = r ? xasprintf("not run (run %s: %s)", status ? status : "stopped", r)
			: xasprintf("not run (run %s)", status ? status : "stopped");
		for (size_t i = 0; planned && i < json_object_array_length(planned); i++) {
			struct json_object *p = json_object_array_get_idx(planned, i);

			if (json_str(p, "name") && !json_object_object_get_ex(done, json_str(p, "name"), NULL))
				test_missed(&c, p, why);
		}
	}
	for (size_t i = 0; reports && i < json_object_array_length(reports); i++)
		test_run_report(&c, json_object_array_get_idx(reports, i), i);
	json_object_object_add(root, "issues", issues(summary, c.harness_faults));
	json_object_object_add(root, "incidents", c.incidents);

	fprintf(f, "%s\n", json_object_to_json_string_ext(root, JSON_C_TO_STRING_PRETTY |
							  JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(done);
	json_object_put(root);
	json_object_put(c.env);
	free(build_id);
	free(run);
	free(why);
	return ferror(f) ? -1 : 0;
}
