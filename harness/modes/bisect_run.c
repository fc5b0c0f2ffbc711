// SPDX-License-Identifier: GPL-2.0
#include "modes/bisect_run.h"

#include <inttypes.h>
#include <json-c/json.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/stop.h"
#include "modes/release.h"
#include "modes/subrun.h"
#include "results/history.h"
#include "verdict/verdict.h"
#include "results/run_record.h"

/* One commit as tested: the runs of its kernel and what they say. */
struct trial {
	char sha[41];
	char *subject;
	const char *role;		/* "bad end", "good end", "step", "parent", "revert" */
	enum bisect_answer answer;
	int runs, bad, good, skip;	/* runs, and each run's answer */
	int no_kernel;			/* the tree gave no kernel: build or config failed */
	int usage;			/* ... because the run refused its options or config (exit 2) */
	uint64_t image;			/* hash of its bzImage and modules (kernel.hash); 0: none */
	int same_as;			/* index of an earlier trial of the same bzImage, or -1 */
	double build, boot, test, wall;	/* seconds */
	struct strvec others;		/* other signatures its runs showed */
	struct strvec dirs;		/* its run directories */
};

struct bisection {
	const struct bisect_req *req;
	char *dir;			/* results/<stamp>-bisect */
	char *orig;			/* the tree's HEAD before: branch name or sha */
	int started;			/* git bisect start ran */
	struct bisect_target target;
	char target_action[64];		/* storage for target.action */
	char *learned;			/* the learned title (a copy) */
	struct trial *v;
	int nr, alloc;
	struct strvec candidates;	/* git's "could be any of" */
	int culprit, parent, revert;	/* trial indices, -1: none */
	int revert_conflict;		/* the culprit does not revert cleanly */
	double t0;
};

/* git -C tree ARGS... (NULL-terminated); output into @out when not NULL. */
static int git(const struct bisection *b, struct strbuf *out, ...)
{
	struct strvec argv = STRVEC_INIT;
	const char *a;
	va_list ap;
	int rc;

	strvec_push(&argv, "git");
	strvec_push(&argv, "-C");
	strvec_push(&argv, b->req->tree);
	va_start(ap, out);
	while ((a = va_arg(ap, const char *)))
		strvec_push(&argv, a);
	va_end(ap);
	if (out)
		strbuf_reset(out);
	rc = run_cmd(argv.v, NULL, out ? "-" : "/dev/null", out);
	strvec_clear(&argv);
	if (out)
		while (out->len && out->buf[out->len - 1] == '\n')
			out->buf[--out->len] = '\0';
	return rc;
}

/* The full sha of @rev, or -1. */
static int resolve(const struct bisection *b, const char *rev, char sha[41])
{
	struct strbuf out = STRBUF_INIT;
	char *spec = xasprintf("%s^{commit}", rev);
	int rc = git(b, &out, "rev-parse", "-q", "--verify", spec, NULL) || out.len != 40 ? -1 : 0;

	if (!rc)
		memcpy(sha, out.buf, 41);
	free(spec);
	strbuf_release(&out);
	return rc;
}

static char *subject_of(const struct bisection *b, const char *sha)
{
	struct strbuf out = STRBUF_INIT;

	git(b, &out, "log", "-1", "--format=%s", sha, NULL);
	return strbuf_detach(&out);
}

/* Refuse what a bisection cannot start from; 0 or EXIT_USAGE with a message. */
static int check_tree(struct bisection *b, char good[41], char bad[41])
{
	const struct bisect_req *r = b->req;
	struct strbuf out = STRBUF_INIT;
	int rc = EXIT_USAGE;

	if (git(b, &out, "rev-parse", "--is-inside-work-tree", NULL) || strcmp(out.buf, "true"))
		msg("bisect: --kernel-tree %s: not a git work tree", r->tree);
	else if (!kernel_is_tree(r->tree))
		msg("bisect: --kernel-tree %s: not a kernel source tree (no scripts/kconfig/merge_config.sh)", r->tree);
	else if (git(b, &out, "status", "--porcelain", "--untracked-files=no", NULL) || out.len)
		msg("bisect: --kernel-tree %s has uncommitted changes (commit or stash them first)", r->tree);
	else if (!git(b, NULL, "bisect", "log", NULL))
		msg("bisect: --kernel-tree %s is already bisecting (git bisect reset first)", r->tree);
	else if (resolve(b, r->good, good))
		msg("bisect: --good %s: no such revision in %s", r->good, r->tree);
	else if (resolve(b, r->bad, bad))
		msg("bisect: --bad %s: no such revision in %s", r->bad, r->tree);
	else if (!strcmp(good, bad) || git(b, NULL, "merge-base", "--is-ancestor", good, bad, NULL))
		msg("bisect: --good %s is not an ancestor of --bad %s", r->good, r->bad);
	else
		rc = 0;
	strbuf_release(&out);
	return rc;
}

/* Remember HEAD as a branch name (or a sha when detached), to go back to. */
static void remember_head(struct bisection *b)
{
	struct strbuf out = STRBUF_INIT;

	if (git(b, &out, "symbolic-ref", "-q", "--short", "HEAD", NULL))
		git(b, &out, "rev-parse", "HEAD", NULL);
	b->orig = strbuf_detach(&out);
}

/* Leave the tree as it was found. */
static void restore_tree(struct bisection *b)
{
	if (b->started)
		git(b, NULL, "bisect", "reset", NULL);
	b->started = 0;
	git(b, NULL, "revert", "--abort", NULL);
	if (git(b, NULL, "checkout", "-q", b->orig, NULL))
		msg("bisect: could not check %s out again in %s", b->orig, b->req->tree);
}

/* A new trial of @sha; returns its index (b->v moves as it grows). */
static int new_trial(struct bisection *b, const char *sha, const char *role)
{
	struct trial *t;

	GROW(b->v, b->nr + 1, b->alloc);
	t = &b->v[b->nr];
	memset(t, 0, sizeof(*t));
	memcpy(t->sha, sha, 41);
	t->subject = subject_of(b, sha);
	t->role = role;
	t->answer = BISECT_SKIP;
	t->same_as = -1;
	return b->nr++;
}

/* An earlier trial of the same kernel, byte for byte, that gave an answer; or -1. */
static int same_kernel(const struct bisection *b, int i)
{
	const struct trial *t = &b->v[i];

	for (int j = 0; j < i; j++) {
		const struct trial *o = &b->v[j];

		if (o->image && o->image == t->image && o->same_as < 0 && o->answer != BISECT_SKIP)
			return j;
	}
	return -1;
}

/* Titles (else reasons) of the tests of @summary that went wrong, but not with the target. */
static void other_signatures(const struct bisection *b, struct json_object *summary, struct strvec *out)
{
	struct json_object *tests = json_array(summary, "tests");

	for (size_t i = 0; tests && i < json_object_array_length(tests); i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const struct verdict_info *v = verdict_info(run_test_verdict(t));
		const char *what = json_str(t, "title") ? json_str(t, "title") : json_str(t, "reason");

		if (v->bisect != VB_GOOD && v->ran && what && !bisect_test_bad(t, &b->target))
			strvec_push_unique(out, what);
	}
}

/* Judge run directory @dir for trial @t: its answer, times and kernel. */
static enum bisect_answer judge_run(struct bisection *b, struct trial *t, const char *dir)
{
	struct run_record r;
	struct strbuf why = STRBUF_INIT;
	struct json_object *timing, *kernel;
	enum bisect_answer a = BISECT_SKIP;
	char err[512];

	if (run_record_load(dir, &r, err, sizeof(err))) {
		msg("bisect: %s", err);
		return BISECT_SKIP;
	}
	timing = json_get(r.summary, "timing");
	kernel = json_get(r.manifest, "kernel");
	t->build += json_object_get_double(json_get(kernel, "build_seconds"));
	t->boot += json_object_get_double(json_get(timing, "boot_total"));
	t->test += json_object_get_double(json_get(timing, "elapsed")) -
		   json_object_get_double(json_get(timing, "boot_total"));
	/* The kernel is its image and its modules (kernel.hash, image_kernel_hash()). */
	if (json_str(kernel, "hash"))
		t->image = strtoull(json_str(kernel, "hash"), NULL, 16);
	if (!b->target.text && !bisect_learn(r.summary, &b->target, b->target_action,
					     sizeof(b->target_action))) {
		b->learned = xstrdup(b->target.text);
		b->target.text = b->learned;
		msg("bisect: the target, learned from the bad end: \"%s\" in %s cells of class %c",
		    b->target.text, b->target.action ? b->target.action : "any",
		    b->target.point_class ? b->target.point_class : '?');
	}
	if (b->target.text)
		a = bisect_judge(r.summary, &b->target, &why);
	other_signatures(b, r.summary, &t->others);
	info("bisect: %s: %s", dir, why.buf);
	strbuf_release(&why);
	run_record_free(&r);
	return a;
}

/* One run of the checked-out kernel into trial @i; -1 when interrupted. */
static int run_once(struct bisection *b, int i)
{
	struct strvec args = STRVEC_INIT;
	char *parent = xasprintf("%s/runs/%.12s", b->dir, b->v[i].sha), *dir = NULL;
	double t0 = now_mono();
	enum bisect_answer a = BISECT_SKIP;
	int rc;

	strvec_push(&args, "--kernel-tree");
	strvec_push(&args, b->req->tree);
	for (char **r = b->req->run_args; r && *r; r++)
		strvec_push(&args, *r);
	rc = subrun(args.v, parent, &dir);
	strvec_clear(&args);
	free(parent);
	if (rc == EXIT_INTERRUPTED || stop_requested) {
		free(dir);
		return -1;
	}
	if (dir) {
		a = judge_run(b, &b->v[i], dir);
		strvec_push(&b->v[i].dirs, dir);
	} else {
		/* No run directory: the kernel never was (build, config, patch). */
		b->v[i].no_kernel = 1;
		b->v[i].usage = rc == EXIT_USAGE;
	}
	free(dir);
	b->v[i].runs++;
	b->v[i].wall += now_mono() - t0;
	b->v[i].bad += a == BISECT_BAD;
	b->v[i].good += a == BISECT_GOOD;
	b->v[i].skip += a == BISECT_SKIP;
	return 0;
}

static const char *answer_name(enum bisect_answer a)
{
	return a == BISECT_GOOD ? "good" : a == BISECT_BAD ? "bad" : "skip";
}

/*
 * Test @sha: @n runs; with @all clear, fewer when one shows the target or
 * when an earlier trial had the same kernel. Returns the
 * trial's index, or -1 when interrupted.
 */
static int test_commit(struct bisection *b, const char *sha, const char *role, int n, int all)
{
	int i, same = -1;

	if (git(b, NULL, "checkout", "-q", "--detach", sha, NULL)) {
		msg("bisect: cannot check %.12s out in %s", sha, b->req->tree);
		return -1;
	}
	i = new_trial(b, sha, role);
	printf("\n== bisect: %s %.12s %s\n", role, sha, b->v[i].subject);
	fflush(stdout);
	for (int k = 0; k < n; k++) {
		if (run_once(b, i))
			return -1;
		if (b->v[i].no_kernel || (b->v[i].bad && !all))
			break;
		/* A confirmation (@all) runs the kernel again, whatever it equals. */
		same = k == 0 && !all ? same_kernel(b, i) : -1;
		if (same >= 0)
			break;
	}
	struct trial *t = &b->v[i];

	if (same >= 0) {
		t->same_as = same;
		t->answer = b->v[same].answer;
	} else {
		t->answer = t->bad ? BISECT_BAD : t->good == n ? BISECT_GOOD : BISECT_SKIP;
	}
	printf("== bisect: %.12s is %s: %d of %d run%s show%s the target%s%s%s\n", sha,
	       answer_name(t->answer), t->bad, t->runs, t->runs == 1 ? "" : "s", t->bad == 1 ? "s" : "",
	       t->no_kernel ? " (no kernel: it did not build or could not be configured)" : "",
	       same >= 0 ? ", the kernel of " : "", same >= 0 ? b->v[same].sha : "");
	for (int k = 0; k < t->others.nr; k++)
		printf("   also seen (not the target): %s\n", t->others.v[k]);
	fflush(stdout);
	return i;
}

/* Both ends first: bad must show the target (learning it), good must be good. */
static int check_ends(struct bisection *b, const char *good, const char *bad)
{
	int n = b->req->repeat, ib, ig;

	ib = test_commit(b, bad, "bad end", n, 1);
	if (ib < 0)
		return EXIT_INTERRUPTED;
	if (b->v[ib].usage) {
		msg("bisect: the bad end's run refused its options or this tree's config (its message is above)");
		return EXIT_USAGE;
	}
	if (b->v[ib].no_kernel) {
		msg("bisect: the bad end %.12s gives no kernel (see its build log)", bad);
		return EXIT_INFRA;
	}
	if (b->v[ib].answer != BISECT_BAD) {
		msg("bisect: the bad end %.12s does not show %s%s%s in %d runs", bad,
		    b->target.text ? "\"" : "a kernel report or failure",
		    b->target.text ? b->target.text : "", b->target.text ? "\"" : "", b->v[ib].runs);
		return BISECT_ENDS;
	}
	ig = test_commit(b, good, "good end", n, 0);
	if (ig < 0)
		return EXIT_INTERRUPTED;
	if (b->v[ig].no_kernel) {
		msg("bisect: the good end %.12s gives no kernel (see its build log)", good);
		return EXIT_INFRA;
	}
	if (b->v[ig].answer != BISECT_GOOD) {
		msg("bisect: the good end %.12s is not good: %d of %d runs show the target, %d could not tell",
		    good, b->v[ig].bad, b->v[ig].runs, b->v[ig].skip);
		return BISECT_ENDS;
	}
	return 0;
}

/* Parse what git bisect said: the culprit, or the candidates. 1 when done. */
static int bisect_done(struct bisection *b, const char *out)
{
	const char *p = strstr(out, " is the first bad commit");
	char sha[41];

	if (p && p - out >= 40) {
		memcpy(sha, p - 40, 40);
		sha[40] = '\0';
		strvec_push(&b->candidates, sha);
		return 1;
	}
	p = strstr(out, "could be any of:\n");
	if (!p)
		return 0;
	for (p += 17; strlen(p) >= 40 && strspn(p, "0123456789abcdef") >= 40; p += 41) {
		snprintf(sha, sizeof(sha), "%.40s", p);
		strvec_push(&b->candidates, sha);
	}
	return 1;
}

/* git bisect between the ends, one test_commit() per step. */
static int bisect_steps(struct bisection *b, const char *good, const char *bad)
{
	struct strbuf out = STRBUF_INIT;
	char head[41], *log;
	int rc = 0;

	if (git(b, &out, "bisect", "start", bad, good, NULL)) {
		msg("bisect: git bisect start failed in %s: %s", b->req->tree, out.buf);
		strbuf_release(&out);
		return EXIT_INFRA;
	}
	b->started = 1;
	for (int step = 0; !bisect_done(b, out.buf); step++) {
		int i;

		if (step == 64 || resolve(b, "HEAD", head)) {
			msg("bisect: git bisect did not converge in %s", b->req->tree);
			rc = EXIT_INFRA;
			break;
		}
		i = test_commit(b, head, "step", b->req->repeat, 0);
		if (i < 0) {
			rc = EXIT_INTERRUPTED;
			break;
		}
		git(b, &out, "bisect", answer_name(b->v[i].answer), NULL);
	}
	git(b, &out, "bisect", "log", NULL);
	log = xasprintf("%s/git-bisect.log", b->dir);
	write_file(log, out.buf, out.len);
	free(log);
	strbuf_release(&out);
	restore_tree(b);
	return rc;
}

/* The newest good trial of @sha with @n runs of its own, or -1. */
static int tested_good(const struct bisection *b, const char *sha, int n)
{
	for (int i = b->nr - 1; i >= 0; i--)
		if (!strcmp(b->v[i].sha, sha) && b->v[i].answer == BISECT_GOOD && b->v[i].good >= n)
			return i;
	return -1;
}

/*
 * The culprit reverted on top of the bad end, tested; 0 or EXIT_INTERRUPTED.
 * The revert commit takes the bad end's date, so the same bisection makes
 * the same commit again and finds its kernel in the cache.
 */
static int revert_check(struct bisection *b, const char *bad, const char *culprit)
{
	static const char *const who[][2] = {
		{ "GIT_AUTHOR_NAME", "pmemfi" }, { "GIT_AUTHOR_EMAIL", "pmemfi@invalid" },
		{ "GIT_COMMITTER_NAME", "pmemfi" }, { "GIT_COMMITTER_EMAIL", "pmemfi@invalid" },
	};
	struct strbuf when = STRBUF_INIT;
	char head[41], *date;
	int failed;

	git(b, &when, "log", "-1", "--format=@%ct +0000", bad, NULL);
	date = strbuf_detach(&when);
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++)
		setenv(who[i][0], who[i][1], 1);
	setenv("GIT_AUTHOR_DATE", date, 1);
	setenv("GIT_COMMITTER_DATE", date, 1);
	failed = git(b, NULL, "checkout", "-q", "--detach", bad, NULL) ||
		 git(b, NULL, "revert", "--no-edit", culprit, NULL) || resolve(b, "HEAD", head);
	for (size_t i = 0; i < sizeof(who) / sizeof(who[0]); i++)
		unsetenv(who[i][0]);
	unsetenv("GIT_AUTHOR_DATE");
	unsetenv("GIT_COMMITTER_DATE");
	free(date);
	if (failed) {
		git(b, NULL, "revert", "--abort", NULL);
		b->revert_conflict = 1;
		return 0;
	}
	b->revert = test_commit(b, head, "revert", b->req->repeat, 1);
	return b->revert < 0 ? EXIT_INTERRUPTED : 0;
}

/* Confirm a single culprit: again N times, its parent N times, its revert. */
static int confirm(struct bisection *b, const char *bad)
{
	int n = b->req->repeat;
	char parent[41], *spec = xasprintf("%s^", b->candidates.v[0]);

	b->culprit = test_commit(b, b->candidates.v[0], "culprit", n, 1);
	if (b->culprit < 0 || resolve(b, spec, parent)) {
		free(spec);
		return b->culprit < 0 ? EXIT_INTERRUPTED : EXIT_INFRA;
	}
	free(spec);
	b->parent = tested_good(b, parent, n);
	if (b->parent < 0)
		b->parent = test_commit(b, parent, "parent", n, 1);
	if (b->parent < 0)
		return EXIT_INTERRUPTED;
	return revert_check(b, bad, b->v[b->culprit].sha);
}

/*
 * Reproduction rate at the bad end and the culprit (@rate) and the lower
 * bound of its 95% Wilson interval (@low); the confidence of the good
 * answers, at that bound: a rate seen in a few runs is not known, so a
 * result that rests on few runs is not trusted.
 */
static double confidence(const struct bisection *b, double *rate, double *low)
{
	int runs = 0, bad = 0;
	double c = 1;

	for (int i = 0; i < b->nr; i++) {
		if (!strcmp(b->v[i].role, "bad end") || !strcmp(b->v[i].role, "culprit")) {
			runs += b->v[i].runs;
			bad += b->v[i].bad;
		}
	}
	*rate = runs ? (double)bad / runs : 0;
	*low = release_wilson(bad, runs, RELEASE_Z95).lo;
	for (int i = 0; i < b->nr; i++)
		if (b->v[i].answer == BISECT_GOOD && b->v[i].same_as < 0)
			c *= 1 - pow(1 - *low, b->v[i].good);
	return c;
}

static struct json_object *trial_json(const struct bisection *b, const struct trial *t)
{
	struct json_object *o = json_object_new_object(), *others = json_object_new_array();
	struct json_object *dirs = json_object_new_array();

	json_object_object_add(o, "role", json_object_new_string(t->role));
	json_object_object_add(o, "commit", json_object_new_string(t->sha));
	json_object_object_add(o, "subject", json_object_new_string(t->subject));
	json_object_object_add(o, "answer", json_object_new_string(answer_name(t->answer)));
	json_object_object_add(o, "runs", json_object_new_int(t->runs));
	json_object_object_add(o, "runs_bad", json_object_new_int(t->bad));
	json_object_object_add(o, "runs_good", json_object_new_int(t->good));
	json_object_object_add(o, "runs_skip", json_object_new_int(t->skip));
	json_object_object_add(o, "no_kernel", json_object_new_boolean(t->no_kernel));
	if (t->same_as >= 0)
		json_object_object_add(o, "same_kernel_as", json_object_new_string(b->v[t->same_as].sha));
	json_object_object_add(o, "build_seconds", json_object_new_double(t->build));
	json_object_object_add(o, "boot_seconds", json_object_new_double(t->boot));
	json_object_object_add(o, "test_seconds", json_object_new_double(t->test));
	json_object_object_add(o, "wall_seconds", json_object_new_double(t->wall));
	for (int i = 0; i < t->others.nr; i++)
		json_object_array_add(others, json_object_new_string(t->others.v[i]));
	json_object_object_add(o, "other_signatures", others);
	for (int i = 0; i < t->dirs.nr; i++)
		json_object_array_add(dirs, json_object_new_string(t->dirs.v[i]));
	json_object_object_add(o, "run_dirs", dirs);
	return o;
}

/* What the checks after bisecting say; NULL members when they did not run. */
struct checks {
	char reproduces[16], parent_clean[16], revert[32];
	int noop, passed;
	double rate, rate_low, confidence;
};

static void judge_checks(const struct bisection *b, struct checks *c)
{
	const struct trial *cu = b->culprit >= 0 ? &b->v[b->culprit] : NULL;
	const struct trial *pa = b->parent >= 0 ? &b->v[b->parent] : NULL;
	const struct trial *re = b->revert >= 0 ? &b->v[b->revert] : NULL;
	int n = b->req->repeat;

	memset(c, 0, sizeof(*c));
	c->confidence = confidence(b, &c->rate, &c->rate_low);
	if (!cu || !pa)
		return;
	snprintf(c->reproduces, sizeof(c->reproduces), "%d/%d", cu->bad, cu->runs);
	snprintf(c->parent_clean, sizeof(c->parent_clean), "%d/%d", pa->good, pa->runs);
	if (re)
		snprintf(c->revert, sizeof(c->revert), "clean %d/%d", re->good, re->runs);
	else
		snprintf(c->revert, sizeof(c->revert), "%s", b->revert_conflict ? "does not revert" : "not run");
	c->noop = cu->image && cu->image == pa->image;
	c->passed = cu->bad == n && cu->runs == n && pa->good >= n && (!re || re->good == n) && !c->noop &&
		    c->confidence >= BISECT_MIN_CONFIDENCE;
}

static struct json_object *bisect_json(const struct bisection *b, const struct checks *c, int rc)
{
	struct json_object *o = json_object_new_object(), *t = json_object_new_object();
	struct json_object *steps = json_object_new_array(), *cand = json_object_new_array();
	char cls[2] = { b->target.point_class, 0 };

	json_object_object_add(o, "tree", json_object_new_string(b->req->tree));
	json_object_object_add(o, "good", json_object_new_string(b->req->good));
	json_object_object_add(o, "bad", json_object_new_string(b->req->bad));
	json_object_object_add(o, "repeat", json_object_new_int(b->req->repeat));
	json_object_object_add(t, "text", b->target.text ? json_object_new_string(b->target.text) : NULL);
	json_object_object_add(t, "action", b->target.action ? json_object_new_string(b->target.action) : NULL);
	json_object_object_add(t, "class", cls[0] ? json_object_new_string(cls) : NULL);
	json_object_object_add(t, "learned", json_object_new_boolean(b->learned != NULL));
	json_object_object_add(o, "target", t);
	for (int i = 0; i < b->candidates.nr; i++)
		json_object_array_add(cand, json_object_new_string(b->candidates.v[i]));
	json_object_object_add(o, "candidates", cand);
	json_object_object_add(o, "culprit", b->candidates.nr == 1 ? json_object_new_string(b->candidates.v[0]) : NULL);
	json_object_object_add(o, "reproduces", c->reproduces[0] ? json_object_new_string(c->reproduces) : NULL);
	json_object_object_add(o, "parent_clean", c->parent_clean[0] ? json_object_new_string(c->parent_clean) : NULL);
	json_object_object_add(o, "revert", c->revert[0] ? json_object_new_string(c->revert) : NULL);
	json_object_object_add(o, "noop", json_object_new_boolean(c->noop));
	json_object_object_add(o, "reproduction_rate", json_object_new_double(c->rate));
	json_object_object_add(o, "reproduction_rate_low", json_object_new_double(c->rate_low));
	json_object_object_add(o, "confidence", json_object_new_double(c->confidence));
	for (int i = 0; i < b->nr; i++)
		json_object_array_add(steps, trial_json(b, &b->v[i]));
	json_object_object_add(o, "trials", steps);
	json_object_object_add(o, "elapsed", json_object_new_double(now_mono() - b->t0));
	json_object_object_add(o, "exit", json_object_new_int(rc));
	return o;
}

/* The one-screen report, to @f. */
static void print_report(FILE *f, const struct bisection *b, const struct checks *c, int rc)
{
	fprintf(f, "\n== pmemfi bisect %s: good %s, bad %s, %d run%s per commit\n", b->req->tree, b->req->good,
		b->req->bad, b->req->repeat, b->req->repeat == 1 ? "" : "s");
	if (b->target.text)
		fprintf(f, "target: \"%s\" in %s cells of pfn class %c%s\n", b->target.text,
			b->target.action ? b->target.action : "any", b->target.point_class ? b->target.point_class : '*',
			b->learned ? " (learned from the bad end)" : "");
	fprintf(f, "rule: bad when 1 of %d runs shows the target, good when %d of %d are clean of it\n\n",
		b->req->repeat, b->req->repeat, b->req->repeat);
	fprintf(f, "%-9s %-12s %-5s %-5s %7s %7s %7s  %s\n", "role", "commit", "is", "bad", "build", "boot",
		"test", "subject");
	for (int i = 0; i < b->nr; i++) {
		const struct trial *t = &b->v[i];
		char bad[16];

		snprintf(bad, sizeof(bad), "%d/%d", t->bad, t->runs);
		fprintf(f, "%-9s %.12s %-5s %-5s %6.0fs %6.0fs %6.0fs  %s%s%.12s%s\n", t->role, t->sha,
			answer_name(t->answer), bad, t->build, t->boot, t->test, t->subject,
			t->same_as >= 0 ? " (kernel of " : "", t->same_as >= 0 ? b->v[t->same_as].sha : "",
			t->same_as >= 0 ? ")" : "");
	}
	if (b->candidates.nr == 1) {
		fprintf(f, "\nfirst bad commit: %s\n", b->candidates.v[0]);
		fprintf(f, "  reproduces %s, parent clean %s, revert on the bad end: %s, kernel %s its parent's\n",
			c->reproduces, c->parent_clean, c->revert, c->noop ? "EQUALS (a no-op commit)" : "differs from");
	} else if (b->candidates.nr) {
		fprintf(f, "\nthe first bad commit could be any of (the others could not be tested):\n");
		for (int i = 0; i < b->candidates.nr; i++)
			fprintf(f, "  %s\n", b->candidates.v[i]);
	}
	/* Only a bisection that named commits has good answers to be confident in. */
	if (b->candidates.nr)
		fprintf(f, "confidence %.1f%% (reproduction rate %.2f at the bad end and the culprit, at least "
			"%.2f at 95%%)\n", 100 * c->confidence, c->rate, c->rate_low);
	fprintf(f, "%.0f s in all\n", now_mono() - b->t0);
	if (b->candidates.nr == 1 && c->confidence < BISECT_MIN_CONFIDENCE)
		fprintf(f, "  too few runs: below %.0f%%, a good answer may be a miss of the bug (a higher "
			"--repeat, say %d, tells)\n", 100 * BISECT_MIN_CONFIDENCE, b->req->repeat + 2);
	fprintf(f, "verdict: %s (exit %d)\n", rc == BISECT_FOUND ? "FOUND" : rc == BISECT_UNSURE ? "UNSURE" :
		rc == BISECT_ENDS ? "THE ENDS DO NOT BRACKET THE TARGET" : "NOT FINISHED", rc);
}

/*
 * bisect.json and bisect.txt in the bisect directory, the text on stdout
 * too. @rc is 0 when the bisection ran to its end; returns the exit status.
 */
static int write_report(const struct bisection *b, int rc)
{
	struct checks c;
	char *json = xasprintf("%s/bisect.json", b->dir), *txt = xasprintf("%s/bisect.txt", b->dir);
	struct json_object *o;
	FILE *f;

	judge_checks(b, &c);
	if (rc == 0)
		rc = b->candidates.nr == 1 && c.passed ? BISECT_FOUND : BISECT_UNSURE;
	o = bisect_json(b, &c, rc);
	if (json_object_to_file_ext(json, o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE))
		msg("bisect: cannot write %s", json);
	json_object_put(o);
	print_report(stdout, b, &c, rc);
	f = fopen(txt, "w");
	if (f) {
		print_report(f, b, &c, rc);
		fclose(f);
	}
	printf("bisect: %s\n", b->dir);
	free(json);
	free(txt);
	return rc;
}

static void bisection_free(struct bisection *b)
{
	for (int i = 0; i < b->nr; i++) {
		free(b->v[i].subject);
		strvec_clear(&b->v[i].others);
		strvec_clear(&b->v[i].dirs);
	}
	free(b->v);
	free(b->dir);
	free(b->orig);
	free(b->learned);
	strvec_clear(&b->candidates);
}

int bisect_run(const struct bisect_req *req)
{
	struct bisection b = { .req = req, .culprit = -1, .parent = -1, .revert = -1, .t0 = now_mono() };
	char good[41], bad[41], stamp[32];
	int rc = check_tree(&b, good, bad);

	if (rc)
		return rc;
	utc_stamp(stamp, sizeof(stamp), 1);
	b.dir = xasprintf("%s/%s-bisect", req->results, stamp);
	if (mkdir_p(b.dir)) {
		msg("bisect: %s: cannot create the bisect directory", b.dir);
		free(b.dir);
		return EXIT_USAGE;
	}
	remember_head(&b);
	b.target.text = req->signature;
	rc = check_ends(&b, good, bad);
	if (!rc)
		rc = bisect_steps(&b, good, bad);
	if (!rc && b.candidates.nr == 1)
		rc = confirm(&b, bad);
	restore_tree(&b);
	if (stop_requested)
		rc = EXIT_INTERRUPTED;
	if (rc == EXIT_USAGE) {
		/* The bad end's run refused its options: nothing ran, nothing to report or keep. */
		rm_rf(b.dir);
		bisection_free(&b);
		return rc;
	}
	rc = write_report(&b, rc);
	bisection_free(&b);
	return rc;
}
