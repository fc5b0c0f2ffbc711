// SPDX-License-Identifier: GPL-2.0
/*
 * repro.sh of a reproducer: the checkout's repro/repro.sh.in with the
 * cell's parts filled in: the media as the run seeded them, the modules,
 * QEMU's argv as the run built it (vm/vm.h, without the harness's sockets),
 * and the matcher (repro/match.awk) with the rule of the run's report
 * (console/report.h's report_rule()) or the failed check's words.
 */
#include <ctype.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "common/seed.h"
#include "console/console.h"
#include "console/report.h"
#include "lib/json.h"
#include "lib/util.h"
#include "modes/repro_parts.h"
#include "vm/vm.h"
#include "results/run_record.h"

/* Replace the first "@KEY@" of @sb with @val. */
static void fill(struct strbuf *sb, const char *key, const char *val)
{
	char *at = strstr(sb->buf, key);
	struct strbuf out = STRBUF_INIT;

	if (!at)
		return;
	strbuf_add(&out, sb->buf, at - sb->buf);
	strbuf_addstr(&out, val);
	strbuf_addstr(&out, at + strlen(key));
	strbuf_release(sb);
	*sb = out;
}

/* @s as one shell word: "$work/..." and "$kernel" stay variables, the rest is quoted. */
static void sh_word(struct strbuf *sb, const char *s)
{
	if (strstr(s, "@W@") || strstr(s, "@K@")) {
		strbuf_addstr(sb, "\"");
		for (; *s; s++) {
			if (!strncmp(s, "@W@", 3) || !strncmp(s, "@K@", 3)) {
				strbuf_addstr(sb, s[1] == 'W' ? "$work" : "$kernel");
				s += 2;
			} else {
				strbuf_addf(sb, strchr("\"$`\\", *s) ? "\\%c" : "%c", *s);
			}
		}
		strbuf_addstr(sb, "\"");
		return;
	}
	strbuf_addstr(sb, "'");
	for (; *s; s++)
		strbuf_addstr(sb, *s == '\'' ? "'\\''" : (char[]){ *s, 0 });
	strbuf_addstr(sb, "'");
}

static const struct topology *topology(const struct repro_cell *rc)
{
	return repro_is_nfit(rc) ? &plan_nfit_topology : &rc->plan.topo;
}

/* "set -- ARGS": QEMU's argv of the run's VM, its console on stdout, no harness sockets. */
static void qemu_args(const struct repro_cell *rc, struct strbuf *sb)
{
	const struct topology *t = topology(rc);
	struct json_object *q = json_get(rc->manifest, "qemu"), *k = json_get(rc->manifest, "kernel");
	int nr = t->nr_nvdimm + plan_ram_files(t);
	char **media = xcalloc(nr + 1, sizeof(char *)), **argv;
	struct vm_config cfg = {
		.qemu = "qemu", .accel = json_str_or(q, "accel", "tcg"), .topo = t, .media = media,
		.kernel = "@K@", .initrd = "@W@/initramfs.cpio", .append = json_str_or(k, "cmdline", "console=ttyS0"),
	};

	for (int i = 0; i < nr; i++)
		media[i] = i < t->nr_nvdimm ? xasprintf("@W@/nvdimm%d.img", i)
					    : xasprintf("@W@/ram%d.img", i - t->nr_nvdimm);
	argv = vm_build_argv(&cfg, NULL, NULL);
	strbuf_addstr(sb, "set --");
	for (char **a = argv + 1; *a; a++) {
		strbuf_addstr(sb, a[0][0] == '-' ? " \\\n\t" : " ");
		sh_word(sb, *a);
	}
	vm_free_argv(argv);
	for (int i = 0; i < nr; i++)
		free(media[i]);
	free(media);
}

/* The media files, seeded as media_prepare() seeded the run's (guest/media.h). */
static void media_lines(const struct repro_cell *rc, struct strbuf *sb)
{
	const struct topology *t = topology(rc);
	int kind, class_a, nr_ram = plan_ram_files(t);
	uint64_t value;
	const char *seed = rc->c->seed;

	/* A class A seed ("ff@A") is the guest's to write: the media are zero. */
	if (seed_parse(seed, &kind, &value, &class_a) || class_a)
		seed = "zero";
	if (!t->nr_nvdimm && !nr_ram)
		strbuf_addstr(sb, "# None: no NVDIMMs in this VM, the nfit_test bus is kernel memory.\n");
	for (int i = 0; i < t->nr_nvdimm; i++)
		strbuf_addf(sb, "\"$root/repro\" --seed-media \"$work/nvdimm%d.img\" %" PRIu64 " 0 %" PRIu64 " %s\n", i,
			    t->nvdimm[i].size, t->nvdimm[i].size, seed);
	for (int i = 0; i < nr_ram; i++)
		strbuf_addf(sb, "\"$root/repro\" --seed-media \"$work/ram%d.img\" %" PRIu64 " 0 0 zero\n", i,
			    t->memory / nr_ram);
	for (int i = 0; i < t->nr_legacy; i++) {
		uint64_t off;
		int f;

		plan_legacy_place(t, &t->legacy[i], &f, &off);
		strbuf_addf(sb, "\"$root/repro\" --seed-media \"$work/ram%d.img\" 0 %" PRIu64 " %" PRIu64 " %s\n", f,
			    off, off + t->legacy[i].size, seed);
	}
}

/* The modules the run's guest loaded (vm-images/modules; the nfit_test ones first for such a cell). */
static int module_lines(const struct repro_cell *rc, struct strbuf *sb, char *err, int errlen)
{
	struct strbuf list = STRBUF_INIT, names = STRBUF_INIT;
	int r = repro_part(rc, "../vm-images/modules", &list, err, errlen);

	for (char *l = strtok(list.buf, "\n"); !r && l; l = strtok(NULL, "\n"))
		if (*l != '#' && strncmp(l, "virtio_", 7))
			strbuf_addf(&names, " %s", l);
	if (repro_is_nfit(rc))
		strbuf_addstr(sb, "# The kernel's nfit_test modules replace the nvdimm stack: NFIT_MODULES holds\n"
				  "# their tree (default ./modules-nfit; README says how to build them).\n"
				  "add_modules \"${NFIT_MODULES:-$here/modules-nfit}\" nfit_test nd_pmem nd_btt dax_pmem device_dax\n");
	strbuf_addf(sb, "if [ -d \"$modules/lib/modules/$release\" ]; then\n\tadd_modules \"$modules\"%s\n"
			"else\n\techo \"repro.sh: no modules of $release in $modules: the kernel must have its"
			" nvdimm stack built in\" >&2\nfi", names.buf);
	strbuf_release(&list);
	strbuf_release(&names);
	return r;
}

/* @s as an awk string literal. */
static void awk_str(struct strbuf *sb, const char *s)
{
	strbuf_addstr(sb, "\"");
	for (; s && *s; s++)
		strbuf_addf(sb, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
	strbuf_addstr(sb, "\"");
}

static void awk_var(struct strbuf *sb, const char *name, const char *val)
{
	strbuf_addf(sb, "\t%s = ", name);
	awk_str(sb, val);
	strbuf_addstr(sb, "\n");
}

/* The matcher's BEGIN: the run's title and its kind's rule, or the failed check. */
static void match_begin(const struct repro_target *tg, const char *frame, struct strbuf *sb)
{
	struct report_rule rule;
	char text[256];
	const char *what;

	strbuf_addstr(sb, "BEGIN {\n");
	awk_var(sb, "failure", tg->failure);
	awk_var(sb, "title", tg->title);
	if (tg->title[0] && !report_rule(tg->kind, &rule)) {
		size_t n = strlen(tg->title), f = frame ? strlen(frame) : 0;

		/* The title's text: all of it but " in FRAME". */
		snprintf(text, sizeof(text), "%.*s", (int)(f && n > f + 4 ? n - f - 4 : n), tg->title);
		strbuf_addf(sb, "\t# kind %s of harness/console/report.c%s\n", tg->kind,
			    tg->seen ? "" : "; another title of the known issue that excused the run's");
		awk_var(sb, "kindtext", text);
		/*
		 * The header (or the line that gives the text) holds what the
		 * title has beyond the kind's fixed start, as the run saw it.
		 */
		what = !strncmp(text, rule.title, strlen(rule.title)) ? text + strlen(rule.title) : text;
		awk_var(sb, "need", !tg->seen || strstr(rule.text[0] ? tg->text_line : tg->header, what) ? what : "");
		for (int i = 0; i < rule.nr_opens; i++) {
			strbuf_addf(sb, "\thead[%d] = ", i + 1);
			awk_str(sb, rule.opens[i][0]);
			strbuf_addf(sb, "; has1[%d] = ", i + 1);
			awk_str(sb, rule.opens[i][1]);
			strbuf_addf(sb, "; has2[%d] = ", i + 1);
			awk_str(sb, rule.opens[i][2]);
			strbuf_addstr(sb, "\n");
		}
		strbuf_addf(sb, "\tnheads = %d\n", rule.nr_opens);
		awk_var(sb, "text", rule.text[0] ? rule.text[0] : "");
		awk_var(sb, "text1", rule.text[1] ? rule.text[1] : "");
		awk_var(sb, "text2", rule.text[2] ? rule.text[2] : "");
		for (int i = 0; i < rule.nr_skip; i++) {
			strbuf_addf(sb, "%sskip[%d] = ", i % 4 ? " " : "\t", i + 1);
			awk_str(sb, rule.skip[i]);
			strbuf_addstr(sb, i % 4 == 3 || i + 1 == rule.nr_skip ? "\n" : ";");
		}
		strbuf_addf(sb, "\tnskip = %d; ngeneric = %d\n\thead_skip = %d; no_rip = %d; spins = %d\n", rule.nr_skip,
			    rule.nr_generic, rule.head_frame_skipped, rule.no_rip, rule.spins);
		for (int i = 0; rule.lock_keys && rule.lock_keys[i]; i++) {
			strbuf_addf(sb, "\tlockkey[%d] = ", i + 1);
			awk_str(sb, rule.lock_keys[i]);
			strbuf_addf(sb, "; nlockkeys = %d\n", i + 1);
		}
	}
	strbuf_addstr(sb, "}\n");
}

int repro_matcher(const char *repo, const struct repro_target *tg, const char *frame, struct strbuf *sb,
		  char *err, int errlen)
{
	struct repro_cell rc = { .repo = repo };

	match_begin(tg, frame, sb);
	return repro_part(&rc, "match.awk", sb, err, errlen);
}

/* One matcher per title the run's failure can show under: its own, then the known issue's others. */
static int matchers(const struct repro_cell *rc, const struct repro_target *tg, struct strbuf *sb, char *err,
		    int errlen)
{
	struct repro_target alt[8];
	int n = repro_alternates(rc, tg, alt, 8), r = 0;

	for (int i = 0; i <= n && !r; i++) {
		const struct repro_target *t = i ? &alt[i - 1] : tg;
		const char *in = strstr(t->title, " in "), *frame = i ? NULL : json_str(rc->t, "frame");

		/* A known issue's title: its frame is what follows its last " in ". */
		while (i && in && strstr(in + 4, " in "))
			in = strstr(in + 4, " in ");
		if (i && in)
			frame = in + 4;
		strbuf_addf(sb, "cat > \"$work/match%d.awk\" <<'EOF'\n", i + 1);
		r = repro_matcher(rc->repo, t, frame, sb, err, errlen);
		strbuf_addstr(sb, "EOF\n");
	}
	return r;
}

int repro_sh_write(const struct repro_cell *rc, char *err, int errlen)
{
	struct strbuf sb = STRBUF_INIT, part = STRBUF_INIT;
	struct repro_target tg;
	char *path = xasprintf("%s/repro.sh", rc->dir), num[32];
	const struct profile *pr = &rc->plan.profile;
	int r = repro_target(rc, &tg, err, errlen);

	if (!r)
		r = repro_part(rc, "repro.sh.in", &sb, err, errlen);
	if (!r) {
		strbuf_addf(&part, "# Reproducer of: %s\n# pmemfi cell %s of run %s (verdict %s).\n"
				   "# Generated by pmemfi repro; README says more.",
			    tg.title[0] ? tg.title : tg.failure, rc->c->name, rc->run_name, run_test_verdict_or(rc->t, "?"));
		fill(&sb, "@HEADER@", part.buf);
		snprintf(num, sizeof(num), "%d", pr->timeout_boot + pr->timeout_test +
			 (rc->c->kind == CELL_STRESS ? rc->c->stress->seconds : 0) + 60);
		fill(&sb, "@TIMEOUT@", num);
		fill(&sb, "@TIMEOUT@", num);
		strbuf_reset(&part);
		media_lines(rc, &part);
		fill(&sb, "@MEDIA@", part.buf);
		strbuf_reset(&part);
		r = module_lines(rc, &part, err, errlen);
		fill(&sb, "@MODULES@", part.buf);
		strbuf_reset(&part);
		qemu_args(rc, &part);
		fill(&sb, "@QEMU_ARGS@", part.buf);
		strbuf_reset(&part);
		if (!r)
			r = matchers(rc, &tg, &part, err, errlen);
		fill(&sb, "@MATCH@", part.buf);
		fill(&sb, "@TITLE_SAY@", tg.title[0] ? "the kernel reported it again" : "the check failed again");
	}
	if (!r && (r = write_file(path, sb.buf, sb.len)))
		error_set(err, errlen, "cannot write %s: %s", path, strerror(-r));
	if (!r)
		chmod(path, 0755);
	strbuf_release(&sb);
	strbuf_release(&part);
	free(path);
	return r ? -1 : 0;
}
