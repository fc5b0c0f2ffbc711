// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi release once its options are parsed (cli/cmd_release.c): every
 * repeat of every kernel as a run (modes/subrun.h), settled under the
 * release directory, and the release's pages rewritten after each
 * (modes/release_run.h).
 */
#include <errno.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/json.h"
#include "lib/util.h"
#include "lib/stop.h"
#include "modes/release_run.h"
#include "results/history.h"
#include "modes/subrun.h"

/* The kernels of a finished release's release.json (@path: its directory or the file). */
static int load_baseline(const char *path, struct rel_kernel **out)
{
	char *file = dir_exists(path) ? xasprintf("%s/release.json", path) : xstrdup(path);
	struct json_object *o;
	const char *status;
	int n;

	if (!file_exists(file))
		die(EXIT_USAGE, "release: --baseline %s: no release.json there (not a release directory)", path);
	o = json_object_from_file(file);
	n = release_kernels_from_json(o, out);
	if (n < 0)
		die(EXIT_USAGE, "release: --baseline %s: not a pmemfi release.json", file);
	status = json_str_or(o, "status", "unknown");
	if (strcmp(status, "complete"))
		die(EXIT_USAGE, "release: --baseline %s is not a baseline: status %s", path, status);
	json_object_put(o);
	free(file);
	return n;
}

/* Render @p with @fn into @dir/@name; an unwritable page is an infrastructure error. */
static int write_one(const struct release_page *p, const char *name,
		     void (*fn)(FILE *, const struct release_page *))
{
	char *path = xasprintf("%s/%s", p->dir, name), *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	int rc;

	fn(f, p);
	fclose(f);
	rc = write_file(path, buf, len);
	if (rc)
		msg("release: %s: cannot write: %s", path, strerror(-rc));
	free(buf);
	free(path);
	return rc ? -1 : 0;
}

static void put_json(FILE *f, const struct release_page *p)
{
	struct json_object *o = release_page_json(p);

	fprintf(f, "%s\n", json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY | JSON_C_TO_STRING_NOSLASHESCAPE));
	json_object_put(o);
}

/* Judge what has run so far and write the three files. Returns -1 when one could not be written. */
static int write_pages(struct release_page *p, const struct rel_kernel *base, int nr_base,
		       struct release_verdict *v, double t0)
{
	release_verdict_free(v);
	release_qualify(p->k, p->nr, base, nr_base, v);
	p->v = v;
	p->wall = now_mono() - t0;
	return write_one(p, "release.json", put_json) | write_one(p, "release.txt", release_page_text) |
	       write_one(p, "release.html", release_page_html);
}

/* A directory name for kernel @label: its characters but '/'. */
static char *kernel_dirname(const char *label)
{
	char *s = xstrdup(label);

	for (char *c = s; *c; c++)
		if (*c == '/' || *c == ' ')
			*c = '_';
	return s[0] == '.' ? (s[0] = '_', s) : s;
}

/*
 * Move run directory @dir to @kd/rN under the release, as the page names
 * it; the run's "latest" link would point at the old name.
 */
static char *settle_run(const char *release, const char *dir, const char *kd, int n)
{
	char *to = xasprintf("%s/%s/r%d", release, kd, n), *latest = xasprintf("%s/%s/latest", release, kd);

	unlink(latest);
	free(latest);
	if (rename(dir, to)) {
		msg("release: %s: cannot rename to %s: %s", dir, to, strerror(errno));
		free(to);
		return xstrdup(dir);
	}
	return to;
}

/* The kernel's id and sanitizers, from the first run's manifest. */
static void kernel_identity(struct rel_kernel_info *in, struct json_object *manifest)
{
	struct json_object *k = json_get(manifest, "kernel");

	if (!in->id && json_str(k, "id"))
		in->id = xstrdup(json_str(k, "id"));
	if (!in->sanitizers && json_str(k, "sanitizers"))
		in->sanitizers = xstrdup(json_str(k, "sanitizers"));
}

/* Add run directory @dir as repeat @r of kernel @i. Returns -1 when it is no finished run. */
static int add_repeat(struct release *R, int i, const char *dir, struct rel_run *run, const char *kd, int r)
{
	char *moved = settle_run(R->page.dir, dir, kd, r), err[512];
	struct run_record pr;
	int rc = 0;

	run->dir = xstrdup(moved + strlen(R->page.dir) + 1);
	if (run_record_load(moved, &pr, err, sizeof(err))) {
		msg("release: kernel %s, repeat %d: %s", R->k[i].label, r, err);
		free(moved);
		return -1;
	}
	release_add_run(&R->k[i], pr.summary);
	kernel_identity(&R->info[i], pr.manifest);
	rc = strcmp(json_str_or(pr.summary, "status", "?"), "complete") ? -1 : 0;
	run_record_free(&pr);
	free(moved);
	return rc;
}

/* Repeat @r of kernel @i: its exit status as the release counts it. */
static int one_repeat(struct release *R, int i, int r)
{
	struct rel_kernel_info *in = &R->info[i];
	char *kd = kernel_dirname(R->k[i].label), *kdir = xasprintf("%s/%s", R->page.dir, kd), *dir;
	struct rel_run *run;
	double t = now_mono();
	int rc;

	printf("\n== release: kernel %s, repeat %d of %d\n", R->k[i].label, r, R->a.repeat);
	rc = subrun(R->args[i].v, kdir, &dir);
	GROW(in->runs, in->nr_runs, in->alloc_runs);
	run = &in->runs[in->nr_runs++];
	*run = (struct rel_run){ NULL, rc, now_mono() - t };
	if (!dir && rc != EXIT_USAGE && rc != EXIT_INTERRUPTED) {
		free(in->error);
		in->error = xasprintf("no run (exit %d): the kernel could not be fetched or built, or the run "
				      "could not start (its output says which)", rc);
		rc = EXIT_INFRA;
	} else if (dir && add_repeat(R, i, dir, run, kd, r) && rc != EXIT_INTERRUPTED) {
		rc = EXIT_INFRA;
	}
	free(dir);
	free(kdir);
	free(kd);
	return rc;
}

/* The baseline, the release directory and its page, once the options are set (release_init()). */
void release_open(struct release *R)
{
	char stamp[32];

	if (R->a.baseline)
		R->nr_base = load_baseline(R->a.baseline, &R->base);
	utc_stamp(stamp, sizeof(stamp), 1);
	R->page.dir = xasprintf("%s/%s-release", R->a.results, stamp);
	if (mkdir_p(R->page.dir))
		die(EXIT_USAGE, "release: %s: cannot create: %s", R->page.dir, strerror(errno));
	R->page.profile = R->a.profile;
	R->page.tests = R->a.tests;
	R->page.baseline = R->a.baseline;
	R->page.repeat = R->a.repeat;
	R->page.status = "running";
	R->page.k = R->k;
	R->page.info = R->info;
	R->t0 = now_mono();
	stop_catch();
}

/* Run every repeat of every kernel; returns the worst exit that is not a verdict (0 when none). */
static int release_runs(struct release *R, const char **infra_kernel)
{
	int infra = 0;

	for (int i = 0; i < R->a.nr_kernels; i++) {
		R->page.nr = i + 1;
		for (int r = 1; r <= R->a.repeat; r++) {
			int rc = one_repeat(R, i, r);

			if (write_pages(&R->page, R->base, R->nr_base, &R->v, R->t0))
				infra = 1;
			if (rc == EXIT_INTERRUPTED || stop_requested)
				return EXIT_INTERRUPTED;
			if (rc == EXIT_USAGE)
				return EXIT_USAGE;
			if (rc == EXIT_INFRA) {
				infra = 1;
				*infra_kernel = R->k[i].label;
			}
			/* A kernel that could not be had at all will not be had on a retry. */
			if (R->info[i].error)
				break;
		}
	}
	return infra ? EXIT_INFRA : 0;
}

static void release_free(struct release *R)
{
	for (int i = 0; i < R->a.nr_kernels; i++) {
		release_kernel_free(&R->k[i]);
		strvec_clear(&R->args[i]);
		strvec_clear(&R->info[i].fragments);
		for (int r = 0; r < R->info[i].nr_runs; r++)
			free(R->info[i].runs[r].dir);
		free(R->info[i].runs);
		free(R->info[i].id);
		free(R->info[i].sanitizers);
		free(R->info[i].error);
	}
	for (int i = 0; i < R->nr_base; i++)
		release_kernel_free(&R->base[i]);
	free(R->base);
	release_verdict_free(&R->v);
	strvec_clear(&R->a.pass);
	free((char *)R->page.dir);
}

int release_run(struct release *R)
{
	const char *infra_kernel = NULL;
	int rc;

	printf("pmemfi release: %d kernel%s x %d repeats of profile %s, in %s\n", R->a.nr_kernels,
	       R->a.nr_kernels == 1 ? "" : "s", R->a.repeat, R->a.profile, R->page.dir);
	rc = release_runs(R, &infra_kernel);
	/* A run refused its options (a profile, a seed): nothing ran, nothing to keep. */
	if (rc == EXIT_USAGE && !R->k[0].repeats && R->page.nr == 1) {
		rm_rf(R->page.dir);
		msg("release: the run refused its options (above): nothing was run");
		release_free(R);
		return EXIT_USAGE;
	}
	R->page.status = rc == EXIT_INTERRUPTED ? "interrupted" : rc == EXIT_USAGE ? "bad-usage" :
			rc == EXIT_INFRA ? "infra-error" : "complete";
	if (write_pages(&R->page, R->base, R->nr_base, &R->v, R->t0) && !rc)
		rc = EXIT_INFRA;
	printf("\n");
	release_page_text(stdout, &R->page);
	printf("   page: %s/release.html\n", R->page.dir);
	for (int i = 0; rc == EXIT_INFRA && i < R->page.nr; i++) {
		if (R->info[i].error || R->k[i].label == infra_kernel)
			msg("release: kernel %s: %s", R->k[i].label,
			    R->info[i].error ? R->info[i].error : "a run broke off (see its output)");
	}
	if (rc == EXIT_INTERRUPTED)
		msg("release: interrupted; the runs so far are in %s", R->page.dir);
	if (!rc)
		rc = R->v.qualified ? EXIT_OK : EXIT_FAILED;
	release_free(R);
	return rc;
}
