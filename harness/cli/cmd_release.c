// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi release [--kernel K]... [--repeat N] [--baseline DIR] [run options]:
 * release qualification (modes/release.h). Every kernel runs the profile N
 * times, each repeat an ordinary "pmemfi run" (modes/subrun.h) under
 * RESULTS/<stamp>-release/<kernel>/rN; the release's verdict goes to
 * stdout and to release.txt, release.html and release.json beside them.
 */
#include <errno.h>
#include <json-c/json.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "cli/options.h"
#include "lib/json.h"
#include "lib/util.h"
#include "lib/stop.h"
#include "modes/release_page.h"
#include "results/history.h"
#include "modes/subrun.h"

#define MAX_KERNELS 16

/*
 * What a release qualifies by default: the stock kernel, the instrumented
 * one, and the instrumented one with the memmap-kasan detector fragment.
 */
static const char *const default_kernels[] = { "debian", "kasan", "kasan@memmap-kasan" };

struct release_args {
	const char *kernels[MAX_KERNELS];
	int nr_kernels, repeat;
	const char *baseline, *results, *profile, *tests;
	struct strvec pass;	/* options for every run */
};

static void parse_args(struct release_args *a, int argc, char **argv)
{
	const char *v;

	memset(a, 0, sizeof(*a));
	a->repeat = 3;
	a->results = "results";
	a->profile = "release";
	for (int i = 1; i < argc; i++) {
		if (opt_is_help(argv[i])) {
			opt_help("release");
			exit(EXIT_OK);
		} else if ((v = options_value("release", argc, argv, &i, "--kernel"))) {
			if (a->nr_kernels == MAX_KERNELS || !*v)
				die(EXIT_USAGE, "release: --kernel '%s': empty, or more than %d kernels", v, MAX_KERNELS);
			a->kernels[a->nr_kernels++] = v;
		} else if ((v = options_value("release", argc, argv, &i, "--repeat"))) {
			char *end;

			a->repeat = strtol(v, &end, 10);
			if (*end || a->repeat < 1 || a->repeat > 100)
				die(EXIT_USAGE, "release: --repeat '%s' is not a number of runs (1-100)", v);
		} else if ((v = options_value("release", argc, argv, &i, "--baseline"))) {
			a->baseline = v;
		} else if ((v = options_value("release", argc, argv, &i, "--results"))) {
			a->results = v;
		} else if ((v = options_value("release", argc, argv, &i, "--profile"))) {
			a->profile = v;
		} else if (!strcmp(argv[i], "--list") || !strcmp(argv[i], "--canaries")) {
			die(EXIT_USAGE, "release: %s is an option of pmemfi run, not of a release", argv[i]);
		} else {
			if ((v = options_value("release", argc, argv, &i, "--tests"))) {
				a->tests = v;
				strvec_push(&a->pass, "--tests");
			}
			strvec_push(&a->pass, v ? v : argv[i]);
		}
	}
	if (!a->nr_kernels) {
		a->nr_kernels = sizeof(default_kernels) / sizeof(default_kernels[0]);
		memcpy(a->kernels, default_kernels, sizeof(default_kernels));
	}
}

/* The options of one run of kernel @label ("SPEC@FRAGMENT..."); @in gets its spec and fragments. */
static void run_args(const struct release_args *a, const char *label, struct rel_kernel_info *in,
		     struct strvec *out)
{
	char *spec = xstrdup(label), *at = strchr(spec, '@'), *frag;

	if (at)
		*at++ = '\0';
	struct strvec patches = STRVEC_INIT;

	release_label_patches(spec, &patches);
	if (patches.nr)
		spec[strcspn(spec, "+")] = '\0';
	strvec_push(out, "--kernel");
	strvec_push(out, spec);
	in->spec = out->v[out->nr - 1];
	for (int i = 0; i < patches.nr; i++) {
		strvec_push(out, "--patch");
		strvec_push(out, patches.v[i]);
	}
	strvec_clear(&patches);
	for (frag = at; frag; frag = at) {
		at = strchr(frag, '@');
		if (at)
			*at++ = '\0';
		strvec_push(out, "--fragment");
		strvec_push(out, frag);
		strvec_push(&in->fragments, frag);
	}
	strvec_push(out, "--profile");
	strvec_push(out, a->profile);
	for (int i = 0; i < a->pass.nr; i++)
		strvec_push(out, a->pass.v[i]);
	free(spec);
}

/* Everything a run would refuse, refused before any runs: exit 2. */
static void check_args(const struct release_args *a, struct strvec *args, int nr)
{
	char err[512];

	for (int i = 0; i < nr; i++) {
		struct strvec argv = STRVEC_INIT;
		struct run_options o;

		strvec_push(&argv, "run");
		for (int j = 0; j < args[i].nr; j++)
			strvec_push(&argv, args[i].v[j]);
		if (options_parse(&o, argv.nr, argv.v, err, sizeof(err)))
			die(EXIT_USAGE, "release: kernel %s: %s", a->kernels[i], err);
		strvec_clear(&argv);
	}
}

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

/* Everything one release holds. */
struct release {
	struct release_args a;
	struct strvec args[MAX_KERNELS];	/* each kernel's run options */
	struct rel_kernel k[MAX_KERNELS];
	struct rel_kernel_info info[MAX_KERNELS];
	struct rel_kernel *base;
	int nr_base;
	struct release_page page;
	struct release_verdict v;
	double t0;
};

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

/* Set up the release directory and each kernel's run options. */
static void release_init(struct release *R, int argc, char **argv)
{
	char stamp[32];

	memset(R, 0, sizeof(*R));
	parse_args(&R->a, argc, argv);
	for (int i = 0; i < R->a.nr_kernels; i++) {
		release_kernel_init(&R->k[i], R->a.kernels[i]);
		run_args(&R->a, R->a.kernels[i], &R->info[i], &R->args[i]);
	}
	check_args(&R->a, R->args, R->a.nr_kernels);
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

int cmd_release(int argc, char **argv)
{
	static struct release R;
	const char *infra_kernel = NULL;
	int rc;

	release_init(&R, argc, argv);
	printf("pmemfi release: %d kernel%s x %d repeats of profile %s, in %s\n", R.a.nr_kernels,
	       R.a.nr_kernels == 1 ? "" : "s", R.a.repeat, R.a.profile, R.page.dir);
	rc = release_runs(&R, &infra_kernel);
	/* A run refused its options (a profile, a seed): nothing ran, nothing to keep. */
	if (rc == EXIT_USAGE && !R.k[0].repeats && R.page.nr == 1) {
		rm_rf(R.page.dir);
		msg("release: the run refused its options (above): nothing was run");
		release_free(&R);
		return EXIT_USAGE;
	}
	R.page.status = rc == EXIT_INTERRUPTED ? "interrupted" : rc == EXIT_USAGE ? "bad-usage" :
			rc == EXIT_INFRA ? "infra-error" : "complete";
	if (write_pages(&R.page, R.base, R.nr_base, &R.v, R.t0) && !rc)
		rc = EXIT_INFRA;
	printf("\n");
	release_page_text(stdout, &R.page);
	printf("   page: %s/release.html\n", R.page.dir);
	for (int i = 0; rc == EXIT_INFRA && i < R.page.nr; i++) {
		if (R.info[i].error || R.k[i].label == infra_kernel)
			msg("release: kernel %s: %s", R.k[i].label,
			    R.info[i].error ? R.info[i].error : "a run broke off (see its output)");
	}
	if (rc == EXIT_INTERRUPTED)
		msg("release: interrupted; the runs so far are in %s", R.page.dir);
	if (!rc)
		rc = R.v.qualified ? EXIT_OK : EXIT_FAILED;
	release_free(&R);
	return rc;
}
