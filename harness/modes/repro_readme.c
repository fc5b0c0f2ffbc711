// SPDX-License-Identifier: GPL-2.0
/*
 * What a reproducer reproduces (repro_target(): the run's kernel report of
 * the cell, or its failed check) and its README.
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/names.h"
#include "console/console.h"
#include "console/report.h"
#include "lib/json.h"
#include "lib/util.h"
#include "modes/repro_parts.h"
#include "results/rerun.h"
#include "results/results.h"
#include "results/run_record.h"

void repro_target_of(const struct report *rep, char *const *lines, struct repro_target *tg)
{
	memset(tg, 0, sizeof(*tg));
	tg->seen = 1;
	snprintf(tg->title, sizeof(tg->title), "%s", rep->title);
	snprintf(tg->kind, sizeof(tg->kind), "%s", rep->kind);
	for (int l = rep->start_line; l <= rep->end_line; l++) {
		const char *msg = report_strip_prefix(lines[l - 1]);
		int k = report_kind_of(lines[l - 1]);

		if (k >= 0 && !tg->header[0])
			snprintf(tg->header, sizeof(tg->header), "%s", msg);
		if (k >= 0 && !strcmp(report_kind_name(k), rep->kind) && !tg->text_line[0])
			snprintf(tg->text_line, sizeof(tg->text_line), "%s", msg);
	}
}

/* Its header line and the line that gave it its text, from the cell's console lines. */
static int report_target(const struct repro_cell *rc, const char *title, struct repro_target *tg, char *err,
			 int errlen)
{
	const char *rel = json_str(rc->t, "console");
	int begin = json_int(rc->t, "console_begin", 0), end = json_int(rc->t, "console_end", 0);
	char *path = xasprintf("%s/%s", rc->run, rel ? rel : "?");
	struct console_log log;
	struct report_set set = { 0 };
	int r = console_load(path, &log);

	if (!r && begin >= 1 && end <= log.nr && begin <= end)
		report_scan(log.lines + begin - 1, end - begin + 1, &set);
	for (int i = 0; i < set.nr && !tg->kind[0]; i++)
		if (!strcmp(set.v[i].title, title))
			repro_target_of(&set.v[i], log.lines + begin - 1, tg);
	if (!r)
		console_free(&log);
	report_set_free(&set);
	free(path);
	if (!tg->kind[0])
		return error_set(err, errlen, "%s: the report \"%s\" is not in its console lines (%s %d-%d)",
				 json_str(rc->t, "name"), title, rel ? rel : "no console", begin, end);
	return 0;
}

int repro_target(const struct repro_cell *rc, struct repro_target *tg, char *err, int errlen)
{
	const char *title = json_str(rc->t, "title"), *reason = json_str(rc->t, "reason"), *at;

	char *ktap;
	struct strbuf out = STRBUF_INIT;

	memset(tg, 0, sizeof(*tg));
	if (title)
		return report_target(rc, title, tg, err, errlen);
	/*
	 * The checks repro.c makes with memory_failure.c's words: its first
	 * "# FAIL: selftests/memory_failure.c:300: WHAT" in the test's KTAP
	 * (the verdict's reason may be a known issue's rewording).
	 */
	ktap = xasprintf("%s/tests/%s.ktap", rc->run, rc->c->name);
	for (char *l = read_file(ktap, &out) ? NULL : out.buf; l && *l && !tg->failure[0]; l += strcspn(l, "\n"), l += *l == '\n') {
		char *fail = strstr(l, "# FAIL: "), *src = fail ? strstr(fail, "memory_failure.c:") : NULL;
		size_t n = strcspn(l, "\n");

		at = src ? strstr(src, ": ") : NULL;
		if (at && at < l + n)
			snprintf(tg->failure, sizeof(tg->failure), "%.*s", (int)(l + n - at - 2), at + 2);
	}
	strbuf_release(&out);
	free(ktap);
	if (tg->failure[0])
		return 0;
	return error_set(err, errlen, "%s: no reproducer: its failure (%s) is neither a kernel report nor a check"
			 " repro.c makes", json_str(rc->t, "name"), reason ? reason : "no reason");
}

int repro_alternates(const struct repro_cell *rc, const struct repro_target *tg, struct repro_target *alt, int max)
{
	struct json_object *reps = json_array(rc->t, "reports");
	const char *id = reps ? json_str(json_object_array_get_idx(reps, 0), "known") : NULL;
	char *path = xasprintf("%s/%s/known-issues", rc->run, RESULTS_CONFIGS), *head = NULL;
	struct strbuf known = STRBUF_INIT;
	const char *at, *end;
	int n = 0;

	if (!tg->title[0] || !id || read_file(path, &known))
		goto out;
	head = xasprintf("[%s]\n", id);
	at = strstr(known.buf, head);
	end = at ? strstr(at + 1, "\n[") : NULL;
	for (const char *l = at; l && (!end || l < end) && n < max; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		const char *kinds[8], *title = l + strlen("title");
		char t[256];
		int nk;

		if (strncmp(l, "title", 5) || (l[5] != ' ' && l[5] != '\t'))
			continue;
		title += strspn(title, " \t");
		snprintf(t, sizeof(t), "%.*s", (int)strcspn(title, "\n"), title);
		nk = strcmp(t, tg->title) ? report_title_kinds(t, kinds, 8) : 0;
		for (int k = 0; k < nk && n < max; k++, n++) {
			memset(&alt[n], 0, sizeof(alt[n]));
			snprintf(alt[n].title, sizeof(alt[n].title), "%s", t);
			snprintf(alt[n].kind, sizeof(alt[n].kind), "%s", kinds[k]);
		}
	}
out:
	strbuf_release(&known);
	free(head);
	free(path);
	return n;
}

/* What the cell does, in words. */
static void what_it_does(const struct repro_cell *rc, struct strbuf *sb)
{
	const struct cell *c = rc->c;
	char align[16], size[16];

	plan_size_name(c->ns->align, align, sizeof(align));
	plan_size_name(c->ns->size, size, sizeof(size));
	strbuf_addf(sb, "What the cell does (repro.c, in this order):\n"
			"  - fresh namespace labels on every NVDIMM, then the namespaces the run's VM\n"
			"    made before this one (want[] in repro.c: raw placeholders for those the\n"
			"    cell does not use), so that each lands at the address it had in the run;\n"
			"  - namespace %s: %s, map=%s, align %s, size %s%s;\n", c->ns->name, c->ns->mode, c->ns->map,
		    align, size, repro_is_nfit(rc) ? " on the nfit_test bus" : "");
	if (c->kind == CELL_STRESS)
		strbuf_addf(sb, "  - the %s stress loop: up to %ld rounds or %d s, a thread injecting\n"
				"    (corrupt-pfn) while the namespace is reconfigured under it.\n",
			    c->stress->kind, c->stress->iterations, c->stress->seconds);
	else if (c->kind == CELL_NFIT)
		strbuf_addf(sb, "  - %s at %s: a load through a DAX mapping of the namespace.\n", c->action, c->point);
	else if (repro_is_walk(rc))
		strbuf_addf(sb, "  - %s: map and write a data page of the namespace (point %s),\n"
				"    then: %s\n    Nothing is injected. A correct kernel gives: %s.\n",
			    c->action, c->point, names_injector(c->action)->what, c->expect_result);
	else
		strbuf_addf(sb, "  - %s at point %s (its pfn computed from the namespace as the kernel laid\n"
				"    it out), then a touch of the page when it is mapped. A correct kernel\n"
				"    gives: %s.\n", c->action, c->point, c->expect_result);
	if (c->kind == CELL_INJECT && c->point && !strcmp(c->point, "C-mapped"))
		strbuf_addstr(sb, "  The run's VM maps a fresh page for each C-mapped test (the next 2M\n"
				  "  granule, or 2M page of a 1G one); alone in its VM, repro.c maps the\n"
				  "  first, so its pfn may differ from the run's by such a step.\n");
}

/* The known issues that excused the cell in the run, with their reasons. */
static void known_lines(const struct repro_cell *rc, struct strbuf *sb)
{
	struct json_object *reps = json_array(rc->t, "reports");

	for (size_t i = 0; reps && i < json_object_array_length(reps); i++) {
		const char *id = json_str(json_object_array_get_idx(reps, i), "known");

		if (id && !strstr(sb->buf, id))
			strbuf_addf(sb, "Known issue: %s (configs/known-issues of pmemfi)%s.\n", id,
				    rc->c->kind == CELL_STRESS ? "; a race: a run of the reproducer may miss it, run it again" : "");
	}
}

/* The known issue's other titles, which repro.sh counts too (repro_alternates()). */
static void other_titles(const struct repro_cell *rc, struct strbuf *sb)
{
	struct repro_target tg = { 0 }, alt[8];
	int n;

	if (!json_str(rc->t, "title"))
		return;
	snprintf(tg.title, sizeof(tg.title), "%s", json_str(rc->t, "title"));
	n = repro_alternates(rc, &tg, alt, 8);
	for (int i = 0; i < n; i++)
		if (!i || strcmp(alt[i].title, alt[i - 1].title))
			strbuf_addf(sb, "%s    %s\n", i ? "" : "  The same bug's other titles (its known issue's) count as reproduced too:\n",
				    alt[i].title);
}

int repro_readme_write(const struct repro_cell *rc, char *err, int errlen)
{
	struct json_object *k = json_get(rc->manifest, "kernel");
	const char *title = json_str(rc->t, "title");
	char *path = xasprintf("%s/README", rc->dir), *rerun = rerun_command(rc->manifest, rc->t);
	struct strbuf sb = STRBUF_INIT;
	int r;

	strbuf_addf(&sb, "%s\n\n", title ? title : json_str_or(rc->t, "reason", "?"));
	strbuf_addf(&sb, "Found by pmemfi (fault injection into the kernel's persistent-memory code)\n"
			 "in cell %s of run %s\n(written %s): verdict %s.\n",
		    rc->c->name, rc->run_name, json_str_or(rc->manifest, "written", "?"), run_test_verdict_or(rc->t, "?"));
	known_lines(rc, &sb);
	strbuf_addf(&sb, "\nKernel: Linux version %s\n  release %s, source %s\n  config: kernel.config (hash %s)\n"
			 "  stacks: %s\n\n",
		    json_str_or(k, "version", "?"), json_str_or(k, "release", "?"), json_str_or(k, "source", "?"),
		    json_str_or(k, "config_hash", "?"), json_str_or(k, "symbols", "?"));
	what_it_does(rc, &sb);
	strbuf_addf(&sb, "\nHow to run it: ./repro.sh BZIMAGE [MODULES]\n"
			 "  It needs qemu-system-x86_64, a C compiler with a static libc (gcc,\n"
			 "  libc6-dev), busybox-static and cpio; nothing of pmemfi. It builds repro.c,\n"
			 "  seeds the NVDIMM files as the run did, builds an initramfs and boots\n"
			 "  BZIMAGE on the run's machine (QEMU %s, the same memory, NVDIMMs\n"
			 "  and kernel command line), printing the console. MODULES is the kernel's\n"
			 "  module tree (holding lib/modules/RELEASE); the default, ./modules, is the\n"
			 "  run kernel's, which fits any kernel of the same release and config.\n",
		    json_str_or(json_get(rc->manifest, "qemu"), "accel", "tcg"));
	if (repro_is_nfit(rc))
		strbuf_addstr(&sb, "  The kernel's nfit_test modules replace its nvdimm stack: NFIT_MODULES (default\n"
				   "  ./modules-nfit) is their tree; for another build of the kernel make them with\n"
				   "  make -C SRC O=BUILD M=tools/testing/nvdimm modules &&\n"
				   "  make -C SRC O=BUILD M=tools/testing/nvdimm INSTALL_MOD_PATH=DIR modules_install\n");
	strbuf_addf(&sb, "\nWhat to expect:\n"
			 "  Without the fix: %s, and repro.sh ends with\n"
			 "  \"REPRODUCED\" (exit 1).\n"
			 "  With the fix: repro.c ends with \"repro: done: every check passed\", no such\n"
			 "  report, and repro.sh says \"not reproduced\" (exit 0). Exit 2: it could not\n"
			 "  tell (the guest never got as far as the cell; the console says why).\n",
		    title ? "the console shows the report titled as above" : "repro.c prints \"repro: FAIL:\" with the words above");
	other_titles(rc, &sb);
	strbuf_addf(&sb, "\nFiles: repro.sh, repro.c, kernel.config, console.txt (the cell's console in the\n"
			 "run), report.txt (its report, the stack decoded when the kernel was built by\n"
			 "pmemfi)%s.\n", json_str(k, "modules") ? ", modules/ (the run kernel's modules)" : "");
	if (rerun)
		strbuf_addf(&sb, "\nThe same cell under pmemfi, from its checkout:\n  %s\n", rerun);
	r = write_file(path, sb.buf, sb.len);
	if (r)
		error_set(err, errlen, "cannot write %s: %s", path, strerror(-r));
	strbuf_release(&sb);
	free(rerun);
	free(path);
	return r ? -1 : 0;
}
