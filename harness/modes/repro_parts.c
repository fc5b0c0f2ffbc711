// SPDX-License-Identifier: GPL-2.0
/*
 * The files of one reproducer but repro.sh: repro.c put together from the
 * checkout's repro/ parts and the cell, README, and what the run kept
 * (kernel.config, the cell's console and report, the kernel's modules).
 */
#include <errno.h>
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/names.h"
#include "lib/json.h"
#include "lib/util.h"
#include "modes/repro_parts.h"
#include "results/rerun.h"
#include "results/results.h"
#include "results/run_record.h"

/* nfit_test cells: selftests/nfit_errors.c's namespace, on bus nfit_test.0, region 0. */
#define NFIT_BUS	"nfit_test.0"
#define NFIT_NS_SIZE	(32ULL << 20)
#define NFIT_ALIGN	4096ULL

int repro_is_nfit(const struct repro_cell *rc)
{
	return plan_cell_is_nfit(rc->c);
}

int repro_part(const struct repro_cell *rc, const char *name, struct strbuf *sb, char *err, int errlen)
{
	char *path = xasprintf("%s/repro/%s", rc->repo, name);
	struct strbuf part = STRBUF_INIT;
	int r = read_file(path, &part);

	if (r)
		error_set(err, errlen, "%s: %s (the reproducer's parts are in the checkout's repro/)", path,
			  strerror(-r));
	else
		strbuf_addstr(sb, part.buf);
	strbuf_release(&part);
	free(path);
	return r ? -1 : 0;
}

/* A C string literal of @s, or NULL. */
static void c_str(struct strbuf *sb, const char *s)
{
	if (!s) {
		strbuf_addstr(sb, "NULL");
		return;
	}
	strbuf_addstr(sb, "\"");
	for (; *s; s++)
		strbuf_addf(sb, *s == '"' || *s == '\\' ? "\\%c" : "%c", *s);
	strbuf_addstr(sb, "\"");
}

static void want_row(struct strbuf *sb, const char *name, const char *mode, const char *map, uint64_t align,
		     uint64_t size, int region, const char *seed_a)
{
	strbuf_addstr(sb, "\t{ ");
	c_str(sb, name);
	strbuf_addstr(sb, ", ");
	c_str(sb, mode);
	strbuf_addstr(sb, ", ");
	c_str(sb, map);
	strbuf_addf(sb, ", %#" PRIx64 ", %#" PRIx64 ", %d, ", align, size, region);
	c_str(sb, seed_a);
	strbuf_addstr(sb, " },\n");
}

/*
 * want[]: the namespaces a VM running only this cell creates, in order, as
 * pmemfi's setup steps do (guest/steps.c): a raw placeholder for one it
 * does not need before one it does. Returns the cell's index in it.
 */
static int want_table(const struct repro_cell *rc, struct strbuf *sb)
{
	const struct profile *pr = &rc->plan.profile;
	enum plan_ns_use use[PLAN_MAX_NAMESPACES];
	int pending = rc->c - rc->plan.cells, n = 0, at = -1;
	const char *seed_a = strstr(rc->c->seed, "@A") ? rc->c->seed : NULL;

	strbuf_addstr(sb, "/* The namespaces the run's VM created for the cell, in its order. */\n"
			  "static const struct ns_want want[] = {\n"
			  "\t/* name, mode (NULL: a raw placeholder), map, align, size, region, class A seed */\n");
	if (repro_is_nfit(rc)) {
		int offset = !strcmp(rc->c->action, "nfit-meta-offset");

		if (offset)
			want_row(sb, "nfit-gap", NULL, "dev", 0, NFIT_NS_SIZE / 2, 0, NULL);
		want_row(sb, "nfit", rc->c->ns->mode, "dev", NFIT_ALIGN, offset ? NFIT_NS_SIZE / 2 : NFIT_NS_SIZE, 0,
			 NULL);
		strbuf_addstr(sb, "};\n\n");
		return offset;
	}
	plan_namespace_uses(&rc->plan, &pending, 1, use);
	for (int i = 0; i < pr->nr_ns; i++) {
		const struct ns_def *ns = &pr->ns[i];
		char *gap = xasprintf("gap-%s", ns->name);

		if (use[i] == PLAN_NS_PLACEHOLDER) {
			want_row(sb, gap, NULL, "dev", 0, ns->size, ns->region, NULL);
			n++;
		}
		free(gap);
		if (use[i] != PLAN_NS_CREATE)
			continue;
		if (ns == rc->c->ns)
			at = n;
		want_row(sb, ns->name, ns->mode, ns->map, ns->align, ns->size, ns->legacy ? -2 : ns->region, seed_a);
		n++;
	}
	strbuf_addstr(sb, "};\n\n");
	return at;
}

/* The cell: what repro.c does after the setup. */
static void cell_struct(const struct repro_cell *rc, struct strbuf *sb, int ns)
{
	const struct cell *c = rc->c;
	int walk = c->action && names_injector(c->action) && (names_injector(c->action)->flags & INJ_WALK);
	const char *poisons = c->kind == CELL_INJECT && rc->plan.profile.check_counters && !walk &&
			      strcmp(c->expect_poisons, "*") ? c->expect_poisons : NULL;

	strbuf_addstr(sb, "static const struct cell cell = {\n\t.name = ");
	c_str(sb, c->name);
	strbuf_addstr(sb, ",\n\t.bus = ");
	c_str(sb, repro_is_nfit(rc) ? NFIT_BUS : "ACPI.NFIT");
	strbuf_addf(sb, ",\n\t.labels = 1,\n\t.ns = %d,\n\t.action = ", ns);
	c_str(sb, c->kind == CELL_STRESS ? c->stress->kind : c->action);
	strbuf_addstr(sb, ",\n\t.point = ");
	c_str(sb, c->point);
	strbuf_addstr(sb, ",\n\t.expect = ");
	c_str(sb, c->expect_result);
	strbuf_addstr(sb, ",\n\t.poisons = ");
	c_str(sb, poisons);
	if (c->kind == CELL_STRESS)
		strbuf_addf(sb, ",\n\t.iterations = %ld,\n\t.seconds = %d,\n\t.threads = %d", c->stress->iterations,
			    c->stress->seconds, c->stress->threads);
	strbuf_addstr(sb, ",\n};\n\n");
}

/* The comment repro.c starts with. */
static void c_header(const struct repro_cell *rc, struct strbuf *sb)
{
	struct json_object *k = json_get(rc->manifest, "kernel");
	const char *title = json_str(rc->t, "title");

	strbuf_addf(sb, "// SPDX-License-Identifier: GPL-2.0\n/*\n * %s\n *\n", title ? title : json_str_or(rc->t, "reason", "?"));
	strbuf_addf(sb, " * The steps of pmemfi cell %s (verdict %s), run\n * %s, kernel %s (%s),\n"
			" * as one program: sysfs writes and ioctls, no library. repro.sh builds it\n"
			" * static (cc -static -O2 -o repro repro.c -lpthread) and runs it in the VM;\n"
			" * on the host it seeds the media files. README says more.\n */\n",
		    rc->c->name, run_test_verdict_or(rc->t, "?"), rc->run_name, json_str_or(k, "id", "?"),
		    json_str_or(k, "release", "?"));
}

/* A page-table walker cell (vma-*): it maps a page and walks, injects nothing. */
int repro_is_walk(const struct repro_cell *rc)
{
	const struct injector_info *i = rc->c->action ? names_injector(rc->c->action) : NULL;

	return rc->c->kind == CELL_INJECT && i && (i->flags & INJ_VMA);
}

/* The action part of repro.c for the cell's kind (mapped.c: what inject.c and vma.c share). */
static const char *action_part(const struct repro_cell *rc)
{
	if (rc->c->kind == CELL_STRESS)
		return "stress.c";
	if (rc->c->kind == CELL_NFIT)
		return "nfit.c";
	return repro_is_walk(rc) ? "vma.c" : "inject.c";
}

static int write_c(const struct repro_cell *rc, char *err, int errlen)
{
	struct strbuf sb = STRBUF_INIT;
	char *path = xasprintf("%s/repro.c", rc->dir);
	int ns, r;

	c_header(rc, &sb);
	r = repro_part(rc, "head.c", &sb, err, errlen);
	strbuf_addstr(&sb, "\n");
	ns = want_table(rc, &sb);
	cell_struct(rc, &sb, ns);
	if (!r)
		r = repro_part(rc, "setup.c", &sb, err, errlen);
	strbuf_addstr(&sb, "\n");
	if (!r && rc->c->kind == CELL_INJECT) {
		r = repro_part(rc, "mapped.c", &sb, err, errlen);
		strbuf_addstr(&sb, "\n");
	}
	if (!r)
		r = repro_part(rc, action_part(rc), &sb, err, errlen);
	if (!r && (r = write_file(path, sb.buf, sb.len)))
		error_set(err, errlen, "cannot write %s: %s", path, strerror(-r));
	strbuf_release(&sb);
	free(path);
	return r ? -1 : 0;
}

/* Lines @from..@to (1-based) of the run's @rel into @to_file. */
static int copy_lines(const struct repro_cell *rc, const char *rel, int from, int to, const char *to_file)
{
	char *path = xasprintf("%s/%s", rc->run, rel);
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	int line = 1, r = read_file(path, &in);

	for (char *p = in.buf; !r && p && *p; line++) {
		char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p + 1) : strlen(p);

		if (line >= from && line <= to)
			strbuf_add(&out, p, n);
		p = nl ? nl + 1 : NULL;
	}
	if (!r)
		r = write_file(to_file, out.buf, out.len);
	strbuf_release(&in);
	strbuf_release(&out);
	free(path);
	return r;
}

static int cp_r(const char *from, const char *to)
{
	char *argv[] = { "cp", "-a", (char *)from, (char *)to, NULL };

	return run_cmd(argv, NULL, NULL, NULL);
}

/*
 * What the run kept: its kernel.config, the cell's console lines and
 * kernel report, and the kernel's modules (modules/, and for an nfit_test
 * cell its test modules as a module tree: modules-nfit/).
 */
static int write_copies(const struct repro_cell *rc, char *err, int errlen)
{
	struct json_object *k = json_get(rc->manifest, "kernel");
	const char *console = json_str(rc->t, "console"), *mods = json_str(k, "modules"), *nfit = json_str(k, "nfit_modules");
	const char *release = json_str(k, "release");
	char *from = xasprintf("%s/%s", rc->run, RESULTS_KERNEL_CONFIG), *to = xasprintf("%s/kernel.config", rc->dir);
	int r = 0;

	if (file_exists(from) && cp_r(from, to))
		r = error_set(err, errlen, "cannot copy %s to %s", from, to);
	free(from);
	free(to);
	if (!r && console && json_int(rc->t, "console_begin", 0)) {
		to = xasprintf("%s/console.txt", rc->dir);
		if (copy_lines(rc, console, json_int(rc->t, "console_begin", 0), json_int(rc->t, "console_end", 0), to))
			r = error_set(err, errlen, "cannot write %s", to);
		free(to);
	}
	if (!r && json_str(rc->t, "report")) {
		from = xasprintf("%s/%s", rc->run, json_str(rc->t, "report"));
		to = xasprintf("%s/report.txt", rc->dir);
		if (cp_r(from, to))
			r = error_set(err, errlen, "cannot copy %s to %s", from, to);
		free(from);
		free(to);
	}
	if (!r && mods && dir_exists(mods)) {
		to = xasprintf("%s/modules", rc->dir);
		if (cp_r(mods, to))
			r = error_set(err, errlen, "cannot copy the modules %s to %s", mods, to);
		free(to);
	}
	if (!r && repro_is_nfit(rc) && nfit && release) {
		char *extra = xasprintf("%s/modules-nfit/lib/modules/%s/extra", rc->dir, release);
		char *base = xasprintf("%s/modules-nfit", rc->dir);
		char *cp = xasprintf("cp %s/*.ko %s/", nfit, extra);
		char *sh[] = { "sh", "-c", cp, NULL }, *depmod[] = { "depmod", "-b", base, (char *)release, NULL };

		/* depmod warns of the files a bare module tree lacks (modules.order...): not ours to say. */
		if (mkdir_p(extra) || run_cmd(sh, NULL, NULL, NULL) || run_cmd(depmod, NULL, "-", NULL))
			r = error_set(err, errlen, "cannot make the nfit_test module tree %s from %s", base, nfit);
		free(extra);
		free(base);
		free(cp);
	}
	return r ? -1 : 0;
}

int repro_parts_write(const struct repro_cell *rc, char *err, int errlen)
{
	if (write_c(rc, err, errlen) || repro_sh_write(rc, err, errlen) || write_copies(rc, err, errlen) ||
	    repro_readme_write(rc, err, errlen))
		return -1;
	return 0;
}
