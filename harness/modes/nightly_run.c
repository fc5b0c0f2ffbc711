// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi nightly once its options are parsed (cli/cmd_nightly.c): the run,
 * its baseline, the reruns of each would-be new failure, the report and
 * compare.json (modes/nightly.h).
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "lib/stop.h"
#include "modes/nightly.h"
#include "modes/subrun.h"

/* Run pmemfi run with @args (a strvec is NULL-terminated) into @parent. */
static int run_into(const struct strvec *args, const char *parent, char **dir)
{
	int rc = subrun(args->v, parent, dir);

	return stop_requested ? EXIT_INTERRUPTED : rc;
}

/* Rerun @tests @o->reruns times into RUN/reruns; their summaries into @out. Returns 0 or an exit code. */
static int rerun(const struct nightly_opts *o, const char *run_dir, const char *tests,
		 struct json_object **out, int *nr)
{
	char *parent = xasprintf("%s/reruns", run_dir);
	int rc = 0;

	*nr = 0;
	for (int i = 0; i < o->reruns && !rc; i++) {
		struct strvec args = STRVEC_INIT;
		struct run_record r;
		char *dir, err[512];

		for (int j = 0; j < o->rerun_args.nr; j++)
			strvec_push(&args, o->rerun_args.v[j]);
		strvec_push(&args, "--tests");
		strvec_push(&args, tests);
		printf("\n== nightly: rerun %d of %d: %s\n", i + 1, o->reruns, tests);
		rc = run_into(&args, parent, &dir);
		strvec_clear(&args);
		if (rc == EXIT_OK || rc == EXIT_FAILED) {
			rc = 0;
			if (!dir || run_record_load(dir, &r, err, sizeof(err))) {
				msg("nightly: rerun %d in %s: %s", i + 1, parent, dir ? err : "no run directory");
				rc = EXIT_INFRA;
			} else {
				out[(*nr)++] = json_object_get(r.summary);
				run_record_free(&r);
			}
		} else {
			msg("nightly: rerun %d in %s ended with exit %d: no classification", i + 1, parent, rc);
		}
		free(dir);
	}
	free(parent);
	return rc;
}

/* The matched known issues of tonight with their scope: what excused which cells where. */
static void print_known(struct json_object *summary)
{
	struct json_object *a = json_array(summary, "known_issues");

	for (size_t i = 0; a && i < json_object_array_length(a); i++) {
		struct json_object *k = json_object_array_get_idx(a, i);

		if (json_int(k, "xfail", 0) || json_int(k, "xpass", 0) || json_int(k, "matched", 0))
			printf("   known   %s: %d xfail, %d xpass; scope: %s\n", json_str_or(k, "id", "?"),
			       json_int(k, "xfail", 0), json_int(k, "xpass", 0), json_str_or(k, "scope", "?"));
	}
}

static void print_report(const struct nightly *n, const struct run_record *run, const struct run_record *base,
			 const char *why_base, const struct strvec *differs, int reruns)
{
	printf("\n== nightly: %s\n", run->dir);
	if (!base->dir) {
		printf("   no baseline: %s; the first night: exit by the run's own verdicts\n", why_base);
	} else {
		printf("   baseline: %s (%s)\n", base->dir, why_base);
		compare_print(stdout, n->changes, n->nr, nightly_note, (void *)n);
		if (nightly_count(n, NC_NEW) || nightly_count(n, NC_FLAKY))
			printf("   reruns: %d of each new failure in %s/reruns: %d new, %d flaky\n", reruns,
			       run->dir, nightly_count(n, NC_NEW), nightly_count(n, NC_FLAKY));
		if (!differs->nr)
			printf("   same kernel, config, profile, seeds, pmemfi revision and QEMU as the baseline\n");
		for (int i = 0; i < differs->nr; i++)
			printf("   differs from the baseline: %s\n", differs->v[i]);
	}
	print_known(run->summary);
}

static int write_compare(const struct nightly *n, const struct run_record *run, const struct run_record *base,
			 const struct strvec *differs, int reruns)
{
	struct json_object *o = nightly_to_json(n, run->dir, base->dir, differs, reruns);
	char *path = xasprintf("%s/compare.json", run->dir);
	int rc = json_object_to_file_ext(path, o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE);

	if (rc)
		msg("nightly: cannot write %s: %s", path, strerror(errno));
	json_object_put(o);
	free(path);
	return rc ? EXIT_INFRA : 0;
}

/* The baseline: --baseline, else the newest comparable night; *@why says which. */
static void choose_baseline(const struct nightly_opts *o, const struct run_record *run, struct run_record *base,
			    const char **why)
{
	char err[512];

	if (o->baseline) {
		if (run_record_load(o->baseline, base, err, sizeof(err)))
			die(EXIT_USAGE, "nightly: --baseline: %s", err);
		*why = "--baseline";
	} else if (nightly_baseline(o->run.results, run->dir, run->manifest, base)) {
		*why = "no earlier complete run of this profile and --tests selection";
	} else {
		*why = "the newest earlier complete run of this profile and --tests selection";
	}
}

/* Compare, rerun, classify, report: the exit status of the night. */
static int judge(const struct nightly_opts *o, struct run_record *run, int run_rc)
{
	struct json_object *reruns[MAX_RERUNS];
	struct strvec differs = STRVEC_INIT;
	struct run_record base;
	struct nightly n;
	const char *why;
	char *tests;
	int nr = 0, rc = 0, wrc;

	choose_baseline(o, run, &base, &why);
	if (base.dir)
		nightly_compare(&n, base.summary, run->summary);
	else
		memset(&n, 0, sizeof(n));	/* the first night: nothing to compare with */
	tests = base.dir ? nightly_rerun_tests(&n) : NULL;
	if (tests && o->reruns)
		rc = rerun(o, run->dir, tests, reruns, &nr);
	nightly_classify(&n, reruns, nr);
	if (base.dir)
		nightly_differs(base.manifest, run->manifest, &differs);
	print_report(&n, run, &base, why, &differs, o->reruns);
	wrc = write_compare(&n, run, &base, &differs, o->reruns);
	if (!rc)
		rc = wrc ? wrc : !base.dir ? run_rc : nightly_regressed(&n) ? EXIT_FAILED : EXIT_OK;
	printf("== nightly: %d new, %d flaky, %d changes: exit %d\n", nightly_count(&n, NC_NEW),
	       nightly_count(&n, NC_FLAKY), n.nr, rc);
	for (int i = 0; i < nr; i++)
		json_object_put(reruns[i]);
	strvec_clear(&differs);
	nightly_free(&n);
	run_record_free(&base);
	free(tests);
	return rc;
}

int nightly_run(const struct nightly_opts *o)
{
	struct run_record run, base;
	char *dir, err[512], *why;
	int rc;

	/* A named baseline that is no baseline: say so before a night's work, not after. */
	if (o->baseline) {
		if (run_record_load(o->baseline, &base, err, sizeof(err)))
			die(EXIT_USAGE, "nightly: --baseline: %s", err);
		why = compare_incomplete(base.summary);
		if (why)
			die(EXIT_USAGE, "nightly: --baseline %s is not a baseline: %s", o->baseline, why);
		run_record_free(&base);
	}
	stop_catch();
	rc = run_into(&o->args, o->run.results, &dir);
	if (rc != EXIT_OK && rc != EXIT_FAILED) {
		/* Usage, infrastructure or ^C: the child said why; there is no night to judge. */
		if (dir)
			msg("nightly: %s ended with exit %d: no comparison", dir, rc);
		free(dir);
		return rc;
	}
	if (!dir || run_record_load(dir, &run, err, sizeof(err))) {
		msg("nightly: %s: %s", dir ? dir : o->run.results, dir ? err : "the run made no run directory");
		free(dir);
		return EXIT_INFRA;
	}
	free(dir);
	rc = judge(o, &run, rc);
	run_record_free(&run);
	return rc;
}
