// SPDX-License-Identifier: GPL-2.0
#include "results/results.h"

#include <errno.h>
#include <json-c/json.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "console/report_json.h"
#include "verdict/known.h"
#include "results/outputs.h"
#include "config/plan.h"
#include "console/report.h"
#include "lib/util.h"
#include "results/run_record.h"

char *results_path(const struct results *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	strbuf_addf(&sb, "%s/", r->dir);
	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	return strbuf_detach(&sb);
}

int results_create(struct results *r, const char *base, const char *kernel_id, char *err, int errlen)
{
	char stamp[32], *latest;
	static const char *const subdirs[] = { "console", "reports", "tests", NULL };

	memset(r, 0, sizeof(*r));
	utc_stamp(stamp, sizeof(stamp), 1);
	if (mkdir_p(base)) {
		snprintf(err, errlen, "%s: cannot create the results directory: %s", base, strerror(errno));
		return -1;
	}
	r->dir = xasprintf("%s/%s-%s", base, stamp, kernel_id);
	/* Two runs in the same second get distinct directories. */
	for (int i = 2; dir_exists(r->dir); i++) {
		free(r->dir);
		r->dir = xasprintf("%s/%s-%s.%d", base, stamp, kernel_id, i);
	}
	for (const char *const *s = subdirs; *s; s++) {
		char *p = results_path(r, "%s", *s);
		int rc = mkdir_p(p);

		free(p);
		if (rc) {
			snprintf(err, errlen, "%s: cannot create: %s", r->dir, strerror(-rc));
			return -1;
		}
	}
	latest = xasprintf("%s/latest", base);
	unlink(latest);
	if (symlink(strrchr(r->dir, '/') + 1, latest))
		msg("warning: cannot update %s: %s", latest, strerror(errno));
	free(latest);
	r->tests = json_object_new_array();
	r->run_reports = json_object_new_array();
	r->notes = json_object_new_array();
	r->started = now_mono();
	r->status = xstrdup("running");
	return 0;
}

int results_open(struct results *r, const char *base, const char *kernel_id,
		 const struct plan *plan, char *err, int errlen)
{
	if (results_create(r, base, kernel_id, err, errlen))
		return -1;
	r->total = plan->nr_cells;
	r->planned = json_object_new_array();
	for (int i = 0; i < plan->nr_cells; i++) {
		struct json_object *o = json_object_new_object();

		json_object_object_add(o, "name", json_object_new_string(plan->cells[i].name));
		json_object_object_add(o, "namespace", json_object_new_string(plan->cells[i].ns->name));
		/* A shard's cells say where they go in the merged plan (merge.h). */
		if (plan->shard.n)
			json_object_object_add(o, "plan_index", json_object_new_int(plan->cells[i].plan_index));
		json_object_array_add(r->planned, o);
	}
	return 0;
}

void results_write_failed(struct results *r, const char *path, int errnum)
{
	if (r->write_error)
		return;
	r->write_error = xasprintf("cannot write %s: %s", path, strerror(errnum));
	msg("%s", r->write_error);
}

/* Open @path for writing; a failure is noted (results_write_failed()). */
static FILE *open_out(struct results *r, const char *path, const char *mode)
{
	FILE *f = fopen(path, mode);

	if (!f)
		results_write_failed(r, path, errno);
	return f;
}

/* Close what open_out() gave; a failed write or close is noted. */
static void close_out(struct results *r, FILE *f, const char *path)
{
	int bad = ferror(f), err = errno;

	if (fclose(f) || bad)
		results_write_failed(r, path, bad && err ? err : errno);
}

static void write_json(struct results *r, const char *name, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PRETTY |
						       JSON_C_TO_STRING_NOSLASHESCAPE);
	char *path = results_path(r, "%s", name);
	struct strbuf sb = STRBUF_INIT;
	int rc;

	strbuf_addf(&sb, "%s\n", s);
	rc = write_file(path, sb.buf, sb.len);
	if (rc)
		results_write_failed(r, path, -rc);
	strbuf_release(&sb);
	free(path);
}

void results_keep_file(struct results *r, const char *from, const char *rel)
{
	char *to = results_path(r, "%s", rel), *dir = xstrdup(to);
	struct strbuf sb = STRBUF_INIT;
	int rc;

	*strrchr(dir, '/') = '\0';
	rc = read_file(from, &sb);
	if (rc)
		msg("warning: cannot keep %s in the run directory: %s", from, strerror(-rc));
	else if ((rc = mkdir_p(dir)) || (rc = write_file(to, sb.buf, sb.len)))
		results_write_failed(r, to, -rc);
	strbuf_release(&sb);
	free(dir);
	free(to);
}

void results_keep_inputs(struct results *r, const char *config, const char *configs, const struct plan *plan,
			 const char *known)
{
	char *topo = strchr(plan->profile.topology, '/') ? xstrdup(plan->profile.topology)
			 : xasprintf("%s/topologies/%s", configs, plan->profile.topology);
	char *expect = xasprintf("%s/expectations", configs);
	char *rel;

	if (config)
		results_keep_file(r, config, RESULTS_KERNEL_CONFIG);
	rel = xasprintf(RESULTS_CONFIGS "/profiles/%s", plan->profile.name);
	results_keep_file(r, plan->profile.path, rel);
	free(rel);
	rel = xasprintf(RESULTS_CONFIGS "/topologies/%s", plan->topo.name);
	results_keep_file(r, topo, rel);
	free(rel);
	results_keep_file(r, expect, RESULTS_CONFIGS "/expectations");
	if (known)
		results_keep_file(r, known, RESULTS_CONFIGS "/known-issues");
	free(topo);
	free(expect);
}

void results_manifest(struct results *r, struct json_object *manifest)
{
	write_json(r, "manifest.json", manifest);
	json_object_put(r->manifest);
	r->manifest = manifest;
}

static void add_str(struct json_object *o, const char *key, const char *v)
{
	if (v)
		json_object_object_add(o, key, json_object_new_string(v));
}

/* tests/NAME.ktap: what the guest printed for the test. */
static void write_ktap(struct results *r, const char *name, char *const *output, int nr_output)
{
	char *path = results_path(r, "tests/%s.ktap", name);
	FILE *f = open_out(r, path, "w");

	if (f) {
		for (int i = 0; i < nr_output; i++)
			fprintf(f, "%s\n", output[i]);
		close_out(r, f, path);
	}
	free(path);
}

/* "reports": every report attributed to the test, with the known issue it matched. */
static void add_reports(struct json_object *o, const struct test_record *t)
{
	struct json_object *a;

	if (!t->nr_reports)
		return;
	a = json_object_new_array();
	for (int i = 0; i < t->nr_reports; i++) {
		struct json_object *rep = json_object_new_object();

		add_str(rep, "title", t->reports[i]->title);
		add_str(rep, "type", t->reports[i]->type);
		add_str(rep, "signature", t->reports[i]->signature);
		if (t->known && t->known[i])
			add_str(rep, "known", t->known[i]->id);
		json_object_array_add(a, rep);
	}
	json_object_object_add(o, "reports", a);
}

/* The failed setup step the test needed, and the titles of its reports. */
static void add_setup(struct json_object *o, const struct test_record *t)
{
	struct json_object *a;

	if (!t->setup_step && !t->setup_titles)
		return;
	a = json_object_new_array();
	add_str(o, "setup_step", t->setup_step);
	for (int i = 0; i < t->nr_setup_reports; i++)
		json_object_array_add(a, json_object_new_string(t->setup_reports[i]->title));
	for (int i = 0; t->setup_titles && i < t->setup_titles->nr; i++)
		json_object_array_add(a, json_object_new_string(t->setup_titles->v[i]));
	json_object_object_add(o, "setup_reports", a);
}

/* The headline report, and where its console lines are (reports/NAME.txt). */
static void add_headline(struct json_object *o, const struct test_record *t)
{
	char *rp;

	if (!t->report)
		return;
	add_str(o, "title", t->report->title);
	add_str(o, "type", t->report->type);
	add_str(o, "frame", t->report->frame);
	add_str(o, "signature", t->report->signature);
	rp = xasprintf("reports/%s.txt", t->cell->name);
	add_str(o, "report", rp);
	free(rp);
}

/* What the cell is: namespace and seed, and its stress kind or injection and expectation. */
static void add_cell_info(struct json_object *o, const struct test_record *t)
{
	const struct cell *c = t->cell;
	struct json_object *e;

	add_str(o, "namespace", c->ns->name);
	add_str(o, "seed", c->seed);
	if (c->kind == CELL_STRESS)
		add_str(o, "stress", c->stress->kind);
	if (c->kind != CELL_INJECT)
		return;
	add_str(o, "injector", c->action);
	add_str(o, "point", c->point);
	e = json_object_new_object();
	add_str(e, "result", c->expect_result);
	add_str(e, "memory_failure", c->expect_mf ? c->expect_mf : "-");
	json_object_object_add(e, "line", json_object_new_int(c->expect_line));
	json_object_object_add(o, "expected", e);
	add_str(o, "outcome", t->outcome);
}

/* The VM that ran the test, and its lines in that VM's console log. */
static void add_console(struct json_object *o, const struct test_record *t)
{
	json_object_object_add(o, "vm", json_object_new_int(t->vm));
	if (t->vm) {
		char *console = xasprintf("console/vm-%02d.log", t->vm);

		add_str(o, "console", console);
		free(console);
	}
	if (t->console_begin) {
		json_object_object_add(o, "console_begin", json_object_new_int(t->console_begin));
		json_object_object_add(o, "console_end", json_object_new_int(t->console_end));
	}
}

void results_add_test(struct results *r, const struct test_record *t,
		      char *const *output, int nr_output)
{
	struct json_object *o = json_object_new_object();

	r->counts[t->v]++;
	r->not_applicable += t->not_applicable;
	r->done++;
	write_ktap(r, t->cell->name, output, nr_output);

	add_str(o, "name", t->cell->name);
	run_test_set_verdict(o, t->v);
	add_str(o, "reason", t->reason);
	add_reports(o, t);
	add_setup(o, t);
	add_headline(o, t);
	add_cell_info(o, t);
	add_console(o, t);
	if (t->not_applicable)
		json_object_object_add(o, "applicable", json_object_new_boolean(0));
	json_object_object_add(o, "duration", json_object_new_double(t->duration));
	json_object_array_add(r->tests, o);
}

void results_add_report(struct results *r, const char *name, int vm, const struct report *rep,
			char *const *lines, const struct strvec *decoded, const char *stack,
			int attributed, const char *known)
{
	char *path = results_path(r, "reports/%s.txt", name);
	FILE *f = open_out(r, path, "a");

	if (f) {
		fprintf(f, "title: %s\ntype: %s\nframe: %s\nsignature: %s\n", rep->title, rep->type,
			rep->frame, rep->signature);
		if (rep->corrupted)
			fprintf(f, "corrupted: %s\n", rep->corrupted_reason);
		fprintf(f, "console: console/vm-%02d.log lines %d-%d\n", vm, rep->start_line, rep->end_line);
		if (stack)
			fprintf(f, "stack: %s\n", stack);
		fprintf(f, "\n");
		/* Decoded first: where an excerpt is cut (KCIDB's), the file:line survive. */
		for (int i = 0; decoded && i < decoded->nr; i++)
			fprintf(f, "%s%s", decoded->v[i], i + 1 == decoded->nr ? "\n\nraw:\n" : "\n");
		for (int i = rep->start_line - 1; i < rep->end_line; i++)
			fprintf(f, "%s\n", lines[i]);
		fprintf(f, "\n");
		close_out(r, f, path);
	}
	free(path);
	if (!attributed) {
		struct json_object *o = report_to_json(rep);

		add_str(o, "where", name);
		add_str(o, "known", known);
		json_object_object_add(o, "vm", json_object_new_int(vm));
		json_object_array_add(r->run_reports, o);
		if (known)
			r->nr_known_run_reports++;
		else
			r->nr_run_reports++;
	}
}

void results_note(struct results *r, const char *fmt, ...)
{
	struct strbuf sb = STRBUF_INIT;
	va_list ap;

	va_start(ap, fmt);
	strbuf_vaddf(&sb, fmt, ap);
	va_end(ap);
	msg("note: %s", sb.buf);
	json_object_array_add(r->notes, json_object_new_string(sb.buf));
	strbuf_release(&sb);
}

/* The run reports of @vm's boot, each passed to @fn. */
static void each_boot_report(struct results *r, int vm, void (*fn)(struct results *, struct json_object *, void *),
			     void *arg)
{
	for (size_t i = 0; i < json_object_array_length(r->run_reports); i++) {
		struct json_object *o = json_object_array_get_idx(r->run_reports, i), *v, *w, *k;

		if (json_object_object_get_ex(o, "vm", &v) && json_object_get_int(v) == vm &&
		    json_object_object_get_ex(o, "where", &w) && !strncmp(json_object_get_string(w), "boot-", 5) &&
		    !json_object_object_get_ex(o, "known", &k))
			fn(r, o, arg);
	}
}

static void hold(struct results *r, struct json_object *o, void *arg)
{
	(void)arg;
	json_object_object_add(o, "retried", json_object_new_boolean(1));
	r->nr_run_reports--;
	r->nr_held++;
}

void results_boot_retry(struct results *r, int vm)
{
	each_boot_report(r, vm, hold, NULL);
}

struct retried {
	int vm, clean;
};

static void settle(struct results *r, struct json_object *o, void *arg)
{
	const struct retried *how = arg;
	char *why;

	r->nr_held--;
	if (!how->clean) {
		r->nr_run_reports++;
		return;
	}
	why = xasprintf("clean on retry in vm-%02d", how->vm);
	json_object_object_add(o, "flake", json_object_new_string(why));
	free(why);
	r->nr_boot_flakes++;
}

void results_boot_retried(struct results *r, int vm, int retry_vm, int clean)
{
	struct retried how = { retry_vm, clean };

	each_boot_report(r, vm, settle, &how);
}

void results_add_injection(struct results *r, int vm, const char *test, const char *what,
			   const char *result)
{
	char *path = results_path(r, "injections.txt"), stamp[32];
	FILE *f = open_out(r, path, "a");

	utc_stamp(stamp, sizeof(stamp), 0);
	if (f) {
		fprintf(f, "%s vm-%02d %s: %s -> %s\n", stamp, vm, test, what, result);
		close_out(r, f, path);
	}
	free(path);
}

void results_add_layout(struct results *r, const char *line)
{
	char *path = results_path(r, "layout.txt");
	FILE *f = open_out(r, path, "a");

	if (f) {
		fprintf(f, "%s\n", line);
		close_out(r, f, path);
	}
	free(path);
}

/*
 * The derived formats, each written to a temporary file and renamed, so a
 * reader never sees half a file and a failed write keeps the previous one.
 */
static void write_outputs(struct results *r, struct json_object *summary)
{
	static const struct {
		const char *name;
		int (*write)(FILE *, const char *, struct json_object *, struct json_object *);
	} outs[] = {
		{ "results.ktap", ktap_write },
		{ "junit.xml", junit_write },
		{ "kcidb.json", kcidb_write },
		{ "index.html", html_write },
	};

	for (size_t i = 0; i < sizeof(outs) / sizeof(outs[0]); i++) {
		char *path = results_path(r, "%s", outs[i].name);
		char *tmp = results_path(r, ".%s.tmp", outs[i].name);
		FILE *f = fopen(tmp, "w");
		int rc = f ? outs[i].write(f, r->dir, summary, r->manifest) : -1, err = errno;

		if (f && fclose(f) && !rc) {
			rc = -1;
			err = errno;
		}
		if (!rc && rename(tmp, path)) {
			rc = -1;
			err = errno;
		}
		if (rc) {
			results_write_failed(r, path, err ? err : EIO);
			unlink(tmp);
		}
		free(tmp);
		free(path);
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}


static void add_seconds(struct json_object *timing, const char *key, const double *v, int nr)
{
	struct json_object *a = json_object_new_array();

	for (int i = 0; i < nr; i++)
		json_object_array_add(a, json_object_new_double(v[i]));
	json_object_object_add(timing, key, a);
}

void results_add_seconds(double **v, int *nr, double seconds)
{
	*v = xrealloc(*v, (*nr + 1) * sizeof(**v));
	(*v)[(*nr)++] = seconds;
}

/* @what_median, @what_max and @what_total of @v (seconds), when there are any. */
static void add_spread(struct json_object *timing, const char *what, const double *v, int nr)
{
	double *b;
	char key[64];

	if (!nr)
		return;
	b = xmalloc(nr * sizeof(*b));
	memcpy(b, v, nr * sizeof(*b));
	qsort(b, nr, sizeof(*b), cmp_double);
	snprintf(key, sizeof(key), "%s_median", what);
	json_object_object_add(timing, key, json_object_new_double(b[nr / 2]));
	snprintf(key, sizeof(key), "%s_max", what);
	json_object_object_add(timing, key, json_object_new_double(b[nr - 1]));
	snprintf(key, sizeof(key), "%s_total", what);
	json_object_object_add(timing, key, json_object_new_double(util_sum(b, nr)));
	free(b);
}

struct json_object *results_summary(const struct results *r)
{
	struct json_object *o = json_object_new_object(), *counts = json_object_new_object();
	struct json_object *timing = json_object_new_object();

	add_str(o, "status", r->status);
	add_str(o, "status_reason", r->status_reason);
	for (int v = 0; v < V_NR; v++)
		json_object_object_add(counts, verdict_name(v), json_object_new_int(r->counts[v]));
	json_object_object_add(counts, "total", json_object_new_int(r->total));
	json_object_object_add(counts, "done", json_object_new_int(r->done));
	json_object_object_add(counts, "not_applicable", json_object_new_int(r->not_applicable));
	json_object_object_add(counts, "run_reports", json_object_new_int(r->nr_run_reports));
	json_object_object_add(counts, "known_run_reports", json_object_new_int(r->nr_known_run_reports));
	json_object_object_add(counts, "boot_flakes", json_object_new_int(r->nr_boot_flakes));
	json_object_object_add(counts, "max_skipped_percent", json_object_new_int(r->max_skipped));
	json_object_object_add(o, "counts", counts);
	json_object_object_add(timing, "elapsed", json_object_new_double(now_mono() - r->started));
	json_object_object_add(timing, "vms", json_object_new_int(r->vms));
	add_spread(timing, "boot", r->boots, r->nr_boots);
	json_object_object_add(timing, "restores", json_object_new_int(r->nr_restores));
	add_spread(timing, "restore", r->restores, r->nr_restores);
	/* Each VM's, in order: what pmemfi merge joins. */
	add_seconds(timing, "boot_seconds", r->boots, r->nr_boots);
	add_seconds(timing, "restore_seconds", r->restores, r->nr_restores);
	add_seconds(timing, "first_test_seconds", r->first_tests, r->nr_first_tests);
	add_seconds(timing, "vm_seconds", r->vm_seconds, r->nr_vm_seconds);
	json_object_object_add(o, "timing", timing);
	json_object_object_add(o, "tests", json_object_get(r->tests));
	json_object_object_add(o, "run_reports", json_object_get(r->run_reports));
	json_object_object_add(o, "planned", json_object_get(r->planned));
	json_object_object_add(o, "notes", json_object_get(r->notes));
	if (r->known)
		json_object_object_add(o, "known_issues", known_to_json(r->known, r->release));
	else if (r->known_json)
		json_object_object_add(o, "known_issues", json_object_get(r->known_json));
	return o;
}

void results_write_summary(struct results *r)
{
	struct json_object *o = results_summary(r);

	write_json(r, "summary.json", o);
	write_outputs(r, o);
	json_object_put(o);
}

void results_close(struct results *r, const char *status, const char *reason)
{
	free(r->status);
	r->status = xstrdup(status);
	free(r->status_reason);
	r->status_reason = reason ? xstrdup(reason) : NULL;
	results_write_summary(r);
	json_object_put(r->tests);
	json_object_put(r->run_reports);
	json_object_put(r->planned);
	json_object_put(r->manifest);
	json_object_put(r->notes);
	json_object_put(r->known_json);
	r->tests = r->run_reports = r->planned = r->manifest = r->notes = r->known_json = NULL;
	free(r->boots);
	r->boots = NULL;
	free(r->restores);
	r->restores = NULL;
	free(r->first_tests);
	r->first_tests = NULL;
	free(r->vm_seconds);
	r->vm_seconds = NULL;
	free(r->status);
	free(r->status_reason);
	r->status = r->status_reason = NULL;
}

void results_free(struct results *r)
{
	free(r->write_error);
	free(r->dir);
	r->write_error = r->dir = NULL;
}

int results_skip_share_over(int skipped, int na, int done, int max_percent)
{
	/* Every test not applicable: the run tested nothing, which is no pass. */
	if (na > 0 && na >= done)
		return 100;
	skipped -= na;
	done -= na;
	if (done <= 0 || skipped * 100 <= max_percent * done)
		return -1;
	return skipped * 100 / done;
}

int results_skipped_over(const struct results *r)
{
	return results_skip_share_over(r->counts[V_SKIP], r->not_applicable, r->done, r->max_skipped);
}

int results_exit_code(const struct results *r)
{
	/* A planned test without a verdict did not pass either. */
	int bad = r->nr_run_reports + (r->done < r->total);

	for (int v = 0; v < V_NR; v++)
		bad += verdict_info(v)->trouble ? r->counts[v] : 0;
	return bad || results_skipped_over(r) >= 0 ? EXIT_FAILED : EXIT_OK;
}
