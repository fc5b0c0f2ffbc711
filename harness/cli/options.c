// SPDX-License-Identifier: GPL-2.0
#include "cli/options.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "config/shard.h"
#include "lib/util.h"

/* -j N: 0 (one per CPU) to SHARD_MAX, or -1. */
static int parse_jobs(const char *s)
{
	char *end;
	long n = strtol(s, &end, 10);

	return *s && !*end && n >= 0 && n <= SHARD_MAX ? (int)n : -1;
}

#define MAX_NAMES 16	/* the size of run_options' fragments[] and patches[] */

/* A --fragment or --patch NAME: a file name under configs/, at most MAX_NAMES. */
static int add_name(const char **v, int *n, const char *what, const char *name, char *err, int errlen)
{
	if (*n == MAX_NAMES || !*name || strchr(name, '/')) {
		return error_set(err, errlen,
				 "--%s: '%s' is not a %s name (at most %d)", what, name, what, MAX_NAMES);
	}
	v[(*n)++] = name;
	return 0;
}

static int parse_seconds(const char *name, const char *s, int *out, char *err, int errlen)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (*end || v < 1 || v > 86400) {
		return error_set(err, errlen, "--%s: '%s' is not a number of seconds (1-86400)", name, s);
	}
	*out = v;
	return 0;
}

int options_parse(struct run_options *o, int argc, char **argv, char *err, int errlen)
{
	enum { O_MODULES = 256, O_PROFILE, O_SEED, O_RESULTS, O_WORKDIR, O_CONFIGS, O_ACCEL,
	       O_TESTS, O_LIST, O_TBOOT, O_TTEST, O_TSILENCE, O_KERNEL, O_TREE, O_FRAGMENT,
	       O_CANARIES, O_KNOWN, O_MAXSKIP, O_PAGING, O_KASLR, O_APPEND, O_PATCH, O_SHARD, O_NORESTORE, O_JOBS, O_DURATIONS };
	static const struct option longopts[] = {
		{ "kernel", required_argument, NULL, O_KERNEL },
		{ "modules", required_argument, NULL, O_MODULES },
		{ "kernel-tree", required_argument, NULL, O_TREE },
		{ "fragment", required_argument, NULL, O_FRAGMENT },
		{ "patch", required_argument, NULL, O_PATCH },
		{ "canaries", no_argument, NULL, O_CANARIES },
		{ "profile", required_argument, NULL, O_PROFILE },
		{ "seed", required_argument, NULL, O_SEED },
		{ "results", required_argument, NULL, O_RESULTS },
		{ "workdir", required_argument, NULL, O_WORKDIR },
		{ "configs", required_argument, NULL, O_CONFIGS },
		{ "accel", required_argument, NULL, O_ACCEL },
		{ "tests", required_argument, NULL, O_TESTS },
		{ "list", no_argument, NULL, O_LIST },
		{ "shard", required_argument, NULL, O_SHARD },
		{ "known-issues", required_argument, NULL, O_KNOWN },
		{ "timeout-boot", required_argument, NULL, O_TBOOT },
		{ "timeout-test", required_argument, NULL, O_TTEST },
		{ "timeout-silence", required_argument, NULL, O_TSILENCE },
		{ "max-skipped", required_argument, NULL, O_MAXSKIP },
		{ "paging", required_argument, NULL, O_PAGING },
		{ "kaslr", required_argument, NULL, O_KASLR },
		{ "append", required_argument, NULL, O_APPEND },
		{ "no-restore", no_argument, NULL, O_NORESTORE },
		{ "jobs", required_argument, NULL, 'j' },
		{ "durations", required_argument, NULL, O_DURATIONS },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	memset(o, 0, sizeof(*o));
	o->kernel = "kasan";
	o->profile = "quick";
	o->results = "results";
	o->accel = "auto";
	o->max_skipped = -1;
	o->kaslr = -1;
	o->jobs = 1;
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":vhj:", longopts, NULL)) != -1) {
		switch (c) {
		case O_KERNEL: o->kernel = optarg; break;
		case O_MODULES: o->modules = optarg; break;
		case O_TREE: o->tree = optarg; break;
		case O_FRAGMENT:
			if (add_name(o->fragments, &o->nr_fragments, "fragment", optarg, err, errlen))
				return -1;
			break;
		case O_PATCH:
			if (add_name(o->patches, &o->nr_patches, "patch", optarg, err, errlen))
				return -1;
			break;
		case O_CANARIES: o->canaries = 1; break;
		case O_APPEND:
			if (!*optarg || strpbrk(optarg, "\n\"'")) {
				return error_set(err, errlen,
						 "--append: '%s' is not kernel command line words", optarg);
			}
			o->append = optarg;
			break;
		case O_PROFILE: o->profile = optarg; break;
		case O_SEED: o->seed = optarg; break;
		case O_RESULTS: o->results = optarg; break;
		case O_WORKDIR: o->workdir = optarg; break;
		case O_CONFIGS: o->configs = optarg; break;
		case O_ACCEL:
			if (strcmp(optarg, "auto") && strcmp(optarg, "tcg") && strcmp(optarg, "kvm")) {
				return error_set(err, errlen,
						 "--accel: '%s' is not auto, tcg or kvm", optarg);
			}
			o->accel = optarg;
			break;
		case O_TESTS: o->tests = optarg; break;
		case O_LIST: o->list = 1; break;
		case O_SHARD:
			if (shard_parse(optarg, &o->shard_k, &o->shard_n, err, errlen))
				return -1;
			break;
		case O_KNOWN: o->known = optarg; break;
		case O_TBOOT:
			if (parse_seconds("timeout-boot", optarg, &o->timeout_boot, err, errlen))
				return -1;
			break;
		case O_TTEST:
			if (parse_seconds("timeout-test", optarg, &o->timeout_test, err, errlen))
				return -1;
			break;
		case O_TSILENCE:
			if (parse_seconds("timeout-silence", optarg, &o->timeout_silence, err, errlen))
				return -1;
			break;
		case O_MAXSKIP:
			o->max_skipped = util_percent(optarg);
			if (o->max_skipped < 0) {
				return error_set(err, errlen,
						 "--max-skipped: '%s' is not a share like 5%% (0-100%%)", optarg);
			}
			break;
		case O_PAGING:
			if (strcmp(optarg, "4") && strcmp(optarg, "5")) {
				return error_set(err, errlen, "--paging: '%s' is not 4 or 5", optarg);
			}
			o->paging = atoi(optarg);
			break;
		case O_KASLR:
			if (strcmp(optarg, "on") && strcmp(optarg, "off"))
				return error_set(err, errlen, "--kaslr: '%s' is not on or off", optarg);
			o->kaslr = !strcmp(optarg, "on");
			break;
		case O_NORESTORE: o->no_restore = 1; break;
		case O_DURATIONS: o->durations = optarg; break;
		case 'j':
			o->jobs = parse_jobs(optarg);
			if (o->jobs < 0)
				return error_set(err, errlen, "-j: '%s' is not a number of VMs (1-%d, or 0: one per CPU)",
						 optarg, SHARD_MAX);
			break;
		case 'v': o->verbose = 1; break;
		case 'h': o->help = 1; break;
		case ':':
			return error_set(err, errlen, "option '%s' needs a value", argv[optind - 1]);
		default:
			return error_set(err, errlen,
					 "unknown option '%s' (see pmemfi run --help)", argv[optind - 1]);
		}
	}
	if (optind < argc) {
		return error_set(err, errlen,
				 "unexpected argument '%s' (see pmemfi run --help)", argv[optind]);
	}
	if (!*o->kernel || !*o->profile || !*o->results) {
		return error_set(err, errlen, "--kernel, --profile and --results need a non-empty value");
	}
	return 0;
}

const char *options_value(const char *cmd, int argc, char **argv, int *i, const char *name)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) || (argv[*i][n] && argv[*i][n] != '='))
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (*i + 1 >= argc)
		die(EXIT_USAGE, "%s: option '%s' needs a value (see pmemfi %s --help)", cmd, name, cmd);
	return argv[++*i];
}
