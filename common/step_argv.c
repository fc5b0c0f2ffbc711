// SPDX-License-Identifier: GPL-2.0
#include "step_argv.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

const struct step_opt_info step_opts[STEP_NR_OPTS] = {
	[STEP_OPT_INIT_LABELS] = { "init-labels", NULL, NULL, "write fresh labels to every pmem region" },
	[STEP_OPT_PLACEHOLDER] = { "placeholder", NULL, NULL, "take --size of a region with a raw namespace --name" },
	[STEP_OPT_NAME] = { "name", "NAME", NULL, "the namespace's short name, for --ns of later steps" },
	[STEP_OPT_MODE] = { "mode", "MODE", "devdax|fsdax|kmem|private|coherent|p2pdma",
			    "the namespace mode, or what other device memory is (docs/device-memory.md)" },
	[STEP_OPT_MAP] = { "map", "dev|mem", "dev|mem", "where the memmap lives: on the device, or in RAM" },
	[STEP_OPT_ALIGN] = { "align", "SIZE", NULL, "the namespace alignment (4K, 2M, 1G)" },
	[STEP_OPT_SIZE] = { "size", "SIZE", NULL, "the namespace size (512M)" },
	[STEP_OPT_REGION] = { "region", "N|legacy|hmm|nvme", NULL,
			      "the Nth pmem device of --provider's kind, e820 legacy pmem, test_hmm's memory or the NVMe CMB (default: the first NVDIMM that fits)" },
	[STEP_OPT_PROVIDER] = { "provider", "NAME", NULL,
				"the bus provider of --region's pmem device: virtio-pmem, CXL (default: NVDIMMs)" },
	[STEP_OPT_NO_INFO_BLOCK] = { "no-info-block", NULL, NULL, "do not check the info block on the media" },
	[STEP_OPT_SEED_A] = { "seed-a", "ff@A|random:N@A", NULL, "seed the class A struct pages" },
	[STEP_OPT_NS] = { "ns", "NAME", NULL, "a namespace an ns_setup step created (--name)" },
	[STEP_OPT_INJECTOR] = { "injector", "INJECTOR", NULL, "how to inject (common/names.c)" },
	[STEP_OPT_WALKER] = { "walker", "WALKER", NULL, "which pfn walker reads the pfn (common/names.c)" },
	[STEP_OPT_TEST] = { "test", "TEST", NULL, "which nfit_test test (nfit-*, common/names.c)" },
	[STEP_OPT_KIND] = { "kind", "KIND", NULL, "which stress loop (common/names.c)" },
	[STEP_OPT_POINT] = { "point", "POINT", NULL, "the pfn point (common/layout.h)" },
	[STEP_OPT_EXPECT] = { "expect", "RESULT", NULL, "the result configs/expectations expects" },
	[STEP_OPT_POISONS] = { "poisons", "yes|no", "yes|no", "check the counters: is a page poisoned" },
	[STEP_OPT_ITERATIONS] = { "iterations", "N", NULL, "at most N rounds (default 100)" },
	[STEP_OPT_SECONDS] = { "seconds", "S", NULL, "at most S seconds (default 30)" },
	[STEP_OPT_THREADS] = { "threads", "T", NULL, "T threads besides the main one (default 2, at most 64)" },
};

#define REQ 1

static const struct {
	const char *name;
	struct { enum step_opt opt; int required; } uses[12];	/* ends at STEP_OPT_NONE */
} progs[STEP_NR_PROGS] = {
	[STEP_NS_SETUP] = { "ns_setup", {
		{ STEP_OPT_INIT_LABELS }, { STEP_OPT_PLACEHOLDER }, { STEP_OPT_NAME }, { STEP_OPT_MODE },
		{ STEP_OPT_MAP }, { STEP_OPT_ALIGN }, { STEP_OPT_SIZE }, { STEP_OPT_REGION },
		{ STEP_OPT_PROVIDER }, { STEP_OPT_NO_INFO_BLOCK }, { STEP_OPT_SEED_A } } },
	[STEP_MEMORY_FAILURE] = { "memory_failure", {
		{ STEP_OPT_NS, REQ }, { STEP_OPT_INJECTOR, REQ }, { STEP_OPT_POINT, REQ },
		{ STEP_OPT_EXPECT, REQ }, { STEP_OPT_POISONS } } },
	[STEP_PFN_WALKERS] = { "pfn_walkers", {
		{ STEP_OPT_NS, REQ }, { STEP_OPT_WALKER, REQ }, { STEP_OPT_POINT, REQ },
		{ STEP_OPT_EXPECT, REQ } } },
	[STEP_STRESS] = { "stress", {
		{ STEP_OPT_NS, REQ }, { STEP_OPT_KIND, REQ }, { STEP_OPT_ITERATIONS },
		{ STEP_OPT_SECONDS }, { STEP_OPT_THREADS } } },
	[STEP_NFIT_ERRORS] = { "nfit_errors", {
		{ STEP_OPT_MODE, REQ }, { STEP_OPT_TEST, REQ }, { STEP_OPT_POINT, REQ },
		{ STEP_OPT_EXPECT, REQ } } },
};

const char *step_prog_name(enum step_prog prog)
{
	return prog < STEP_NR_PROGS ? progs[prog].name : NULL;
}

int step_prog_find(const char *name)
{
	for (int p = 0; p < STEP_NR_PROGS; p++)
		if (!strcmp(progs[p].name, name))
			return p;
	return -1;
}

/* The program's use of @opt: 0 none, 1 optional, 2 required. */
static int use_of(enum step_prog prog, enum step_opt opt)
{
	if (prog >= STEP_NR_PROGS || opt == STEP_OPT_NONE)
		return 0;
	for (int i = 0; progs[prog].uses[i].opt; i++)
		if (progs[prog].uses[i].opt == opt)
			return 1 + progs[prog].uses[i].required;
	return 0;
}

int step_prog_takes(enum step_prog prog, enum step_opt opt)
{
	return use_of(prog, opt) > 0;
}

int step_prog_requires(enum step_prog prog, enum step_opt opt)
{
	return use_of(prog, opt) == 2;
}

static int fail(char *err, size_t len, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
static int fail(char *err, size_t len, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, len, fmt, ap);
	va_end(ap);
	return -1;
}

static enum step_opt find_opt(const char *s, size_t n)
{
	for (int o = 1; o < STEP_NR_OPTS; o++)
		if (strlen(step_opts[o].name) == n && !strncmp(step_opts[o].name, s, n))
			return o;
	return STEP_OPT_NONE;
}

/* Is @val one of the "|"-separated @choices? */
static int chosen(const char *choices, const char *val)
{
	size_t n = strlen(val);

	for (const char *c = choices; *c; c += strcspn(c, "|"), c += *c == '|')
		if (strcspn(c, "|") == n && !strncmp(c, val, n))
			return 1;
	return 0;
}

int step_parse(enum step_prog prog, int argc, char *const argv[], struct step_args *a,
	       char *err, size_t errlen)
{
	memset(a, 0, sizeof(*a));
	a->prog = prog;
	for (int i = 1; i < argc; i++) {
		const char *arg, *eq, *val = "";
		enum step_opt opt;

		if (strncmp(argv[i], "--", 2) || !argv[i][2])
			return fail(err, errlen, "unexpected argument '%s'", argv[i]);
		arg = argv[i] + 2;
		eq = strchr(arg, '=');
		if (!strcmp(arg, "help"))
			return STEP_HELP;
		opt = find_opt(arg, eq ? (size_t)(eq - arg) : strlen(arg));
		if (!step_prog_takes(prog, opt))
			return fail(err, errlen, "unknown option '%s'", argv[i]);
		if (!step_opts[opt].arg && eq)
			return fail(err, errlen, "--%s takes no value", step_opts[opt].name);
		if (step_opts[opt].arg) {
			if (!eq && i + 1 >= argc)
				return fail(err, errlen, "--%s needs a value", step_opts[opt].name);
			val = eq ? eq + 1 : argv[++i];
		}
		if (step_opts[opt].choices && !chosen(step_opts[opt].choices, val))
			return fail(err, errlen, "--%s '%s': not %s", step_opts[opt].name, val,
				    step_opts[opt].choices);
		a->val[opt] = val;
	}
	for (int i = 0; progs[prog].uses[i].opt; i++)
		if (progs[prog].uses[i].required && !a->val[progs[prog].uses[i].opt])
			return fail(err, errlen, "--%s is required", step_opts[progs[prog].uses[i].opt].name);
	return 0;
}

void step_usage(enum step_prog prog, FILE *f)
{
	fprintf(f, "usage: %s", progs[prog].name);
	for (int i = 0; progs[prog].uses[i].opt; i++) {
		const struct step_opt_info *o = &step_opts[progs[prog].uses[i].opt];
		int req = progs[prog].uses[i].required;

		fprintf(f, " %s--%s%s%s%s", req ? "" : "[", o->name, o->arg ? " " : "", o->arg ? o->arg : "",
			req ? "" : "]");
	}
	fprintf(f, "\n");
	for (int i = 0; progs[prog].uses[i].opt; i++) {
		const struct step_opt_info *o = &step_opts[progs[prog].uses[i].opt];

		fprintf(f, "  --%-14s %s\n", o->name, o->what);
	}
}

void step_usage_error(enum step_prog prog, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", progs[prog].name);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	step_usage(prog, stderr);
	exit(2);
}

void step_parse_or_exit(enum step_prog prog, int argc, char *const argv[], struct step_args *a)
{
	char err[160];
	int rc = step_parse(prog, argc, argv, a, err, sizeof(err));

	if (rc == STEP_HELP) {
		step_usage(prog, stdout);
		exit(0);
	}
	if (rc)
		step_usage_error(prog, "%s", err);
}

static void push(struct step_argv *v, const char *word)
{
	size_t n = strlen(word) + 1;

	if (v->err[0])
		return;
	if (v->argc >= STEP_ARGV_MAX || v->used + n > sizeof(v->buf)) {
		fail(v->err, sizeof(v->err), "%s: more than %d words or %zu bytes", progs[v->prog].name,
		     STEP_ARGV_MAX, sizeof(v->buf));
		return;
	}
	memcpy(v->buf + v->used, word, n);
	v->argv[v->argc++] = v->buf + v->used;
	v->argv[v->argc] = NULL;
	v->used += n;
}

void step_argv_init(struct step_argv *v, enum step_prog prog)
{
	memset(v, 0, sizeof(*v));
	v->prog = prog < STEP_NR_PROGS ? prog : 0;
	if (prog >= STEP_NR_PROGS)
		fail(v->err, sizeof(v->err), "no guest program %d", (int)prog);
	push(v, progs[v->prog].name);
}

/* Push "--name" when @prog takes @opt as a flag (@value 0) or with a value. */
static int push_opt(struct step_argv *v, enum step_opt opt, int value)
{
	char word[64];

	if (v->err[0])
		return -1;
	if (!step_prog_takes(v->prog, opt) || !step_opts[opt].arg != !value)
		return fail(v->err, sizeof(v->err), "%s takes no %s option %d", progs[v->prog].name,
			    value ? "valued" : "flag", (int)opt);
	snprintf(word, sizeof(word), "--%s", step_opts[opt].name);
	push(v, word);
	return 0;
}

void step_argv_flag(struct step_argv *v, enum step_opt opt)
{
	push_opt(v, opt, 0);
}

void step_argv_add(struct step_argv *v, enum step_opt opt, const char *fmt, ...)
{
	char value[CTL_LINE_MAX];
	va_list ap;

	if (push_opt(v, opt, 1))
		return;
	va_start(ap, fmt);
	vsnprintf(value, sizeof(value), fmt, ap);
	va_end(ap);
	if (!ctl_word_ok(value))
		fail(v->err, sizeof(v->err), "%s --%s '%.40s': not one word", progs[v->prog].name,
		     step_opts[opt].name, value);
	push(v, value);
}

int step_argv_check(struct step_argv *v)
{
	struct step_args a;
	char err[sizeof(v->err) - 32];

	if (v->err[0])
		return -1;
	if (step_parse(v->prog, v->argc, v->argv, &a, err, sizeof(err)) == 0)
		return 0;
	snprintf(v->err, sizeof(v->err), "%s: %s", progs[v->prog].name, err);
	return -1;
}
