// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi release [--kernel K]... [--repeat N] [--baseline DIR] [run options]:
 * release qualification (modes/release.h). Every kernel runs the profile N
 * times, each repeat an ordinary "pmemfi run" (modes/subrun.h) under
 * RESULTS/<stamp>-release/<kernel>/rN; the release's verdict goes to
 * stdout and to release.txt, release.html and release.json beside them.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "cli/options.h"
#include "lib/util.h"
#include "modes/release_run.h"

/*
 * What a release qualifies by default: the stock kernel, the instrumented
 * one, and the instrumented one with the memmap-kasan detector fragment.
 */
static const char *const default_kernels[] = { "debian", "kasan", "kasan@memmap-kasan" };

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

/* Parse the options, set up each kernel's run options, then the release directory. */
static void release_init(struct release *R, int argc, char **argv)
{
	memset(R, 0, sizeof(*R));
	parse_args(&R->a, argc, argv);
	for (int i = 0; i < R->a.nr_kernels; i++) {
		release_kernel_init(&R->k[i], R->a.kernels[i]);
		run_args(&R->a, R->a.kernels[i], &R->info[i], &R->args[i]);
	}
	check_args(&R->a, R->args, R->a.nr_kernels);
	release_open(R);
}

int cmd_release(int argc, char **argv)
{
	static struct release R;

	release_init(&R, argc, argv);
	return release_run(&R);
}
