// SPDX-License-Identifier: GPL-2.0
/*
 * pmemfi nightly [--baseline RUN] [--repeat N] [run options]: the nightly
 * profile as a normal run, compared with the last comparable night, each
 * would-be new failure rerun alone before it is believed
 * (modes/nightly.h). The comparison leads the report and goes to the run
 * directory as compare.json; reruns go to RUN/reruns/.
 *
 * Exit: 0 nothing regressed (flaky cells and fixes are listed, not
 * failed on); 1 a new failure confirmed by its reruns, lost coverage, a
 * test no longer run, or a new unexplained report outside the tests; on
 * the first night (no baseline) the run's own status; 2 bad usage; 3 the
 * run or a rerun hit an infrastructure error; 130 interrupted.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmds.h"
#include "cli/opt_table.h"
#include "cli/options.h"
#include "lib/util.h"
#include "modes/nightly.h"

/* A copy of @in without option @name and its value. */
static void without(const struct strvec *in, const char *name, struct strvec *out)
{
	for (int i = 0; i < in->nr; i++) {
		if (!options_value("nightly", in->nr, in->v, &i, name))
			strvec_push(out, in->v[i]);
	}
}

static void parse(int argc, char **argv, struct nightly_opts *o)
{
	struct strvec all = STRVEC_INIT;
	const char *v, *results = "results";
	int profile = 0;
	char err[256], *end;

	memset(o, 0, sizeof(*o));
	o->reruns = 2;
	strvec_push(&all, "run");
	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help")) {
			exit(opt_help("nightly"));
		} else if ((v = options_value("nightly", argc, argv, &i, "--baseline"))) {
			o->baseline = v;
		} else if ((v = options_value("nightly", argc, argv, &i, "--repeat"))) {
			o->reruns = strtol(v, &end, 10);
			if (!*v || *end || o->reruns < 0 || o->reruns > MAX_RERUNS)
				die(EXIT_USAGE, "nightly: --repeat: '%s' is not a number of reruns (0-%d)", v, MAX_RERUNS);
		} else if ((v = options_value("nightly", argc, argv, &i, "--results"))) {
			results = v;
		} else {
			profile |= !strncmp(argv[i], "--profile", 9);
			strvec_push(&all, argv[i]);
		}
	}
	/* The nightly profile unless told otherwise; options_parse() keeps the last --profile. */
	if (!profile) {
		strvec_push(&all, "--profile");
		strvec_push(&all, "nightly");
	}
	strvec_push(&all, "--results");
	strvec_push(&all, results);
	if (options_parse(&o->run, all.nr, all.v, err, sizeof(err)))
		die(EXIT_USAGE, "nightly: %s", err);
	if (o->run.list || o->run.canaries || o->run.help)
		die(EXIT_USAGE, "nightly: --list, --canaries and run's --help are not a nightly (use pmemfi run)");
	/* "run" and "--results DIR" are subrun()'s to add. */
	for (int i = 1; i < all.nr - 2; i++)
		strvec_push(&o->args, all.v[i]);
	without(&o->args, "--tests", &o->rerun_args);
	/* o->run points into @all's strings: they live as long as the process. */
}

int cmd_nightly(int argc, char **argv)
{
	struct nightly_opts o;

	parse(argc, argv, &o);
	return nightly_run(&o);
}
