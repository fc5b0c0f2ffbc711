// SPDX-License-Identifier: GPL-2.0
#include "modes/mail.h"

#include <ctype.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "modes/repro_parts.h"
#include "results/outputs.h"
#include "results/rerun.h"
#include "results/results.h"
#include "results/run_record.h"

struct mail {
	const struct mail_opts *o;
	struct json_object *manifest, *summary, *t, *bisect;
	struct repro_cell rc;
	const char *title;	/* the report's, or the failed check's reason */
	struct strbuf report;	/* the report's text, decoded when it was */
	int decoded;
	char pfn[32];		/* the pfn the run injected at, or "" */
};

/* The report block of the cell's report file: decoded when it was, else raw. */
static void load_report(struct mail *m)
{
	const char *rel = json_str(m->t, "report");
	char *path = rel ? xasprintf("%s/%s", m->o->run, rel) : NULL;
	struct strbuf f = STRBUF_INIT;
	struct out_stack st;
	size_t off, len, head;

	if (path && !read_file(path, &f)) {
		out_report_block(&f, NULL, &off, &len);
		out_report_stack(&f, off, len, &st);
		m->decoded = st.decoded_len > 0;
		if (m->decoded) {
			strbuf_add(&m->report, f.buf + st.decoded, st.decoded_len);
		} else {
			/* Raw: the lines after the header. */
			const char *body = strstr(f.buf + off, "\n\n");

			head = body ? (size_t)(body + 2 - f.buf) : off;
			strbuf_add(&m->report, f.buf + head, off + len > head ? off + len - head : 0);
		}
	}
	strbuf_release(&f);
	free(path);
}

/* The pfn of the test's "# pmemfi-inject: ... pfn=0x..." line. */
static void load_pfn(struct mail *m)
{
	char *path = xasprintf("%s/tests/%s.ktap", m->o->run, json_str_or(m->t, "name", "?"));
	struct strbuf f = STRBUF_INIT;
	const char *p;

	if (!read_file(path, &f) && (p = strstr(f.buf, "pmemfi-inject:")) && (p = strstr(p, " pfn=")))
		snprintf(m->pfn, sizeof(m->pfn), "%.*s", (int)strcspn(p + 5, " \n"), p + 5);
	strbuf_release(&f);
	free(path);
}

/* The bisection's culprit: its trial of role "culprit". */
static struct json_object *culprit_trial(struct json_object *b)
{
	struct json_object *trials = json_array(b, "trials");

	for (size_t i = 0; trials && i < json_object_array_length(trials); i++)
		if (!strcmp(json_str_or(json_object_array_get_idx(trials, i), "role", ""), "culprit"))
			return json_object_array_get_idx(trials, i);
	return NULL;
}

/* The files to ask get_maintainer.pl about: the culprit's, else the decoded stack's. */
static void stack_files(const struct mail *m, const char *tree, struct strvec *files)
{
	const char *culprit = json_str(m->bisect, "culprit");
	int frames = 0;

	if (culprit && tree) {
		char *argv[] = { "git", "-C", (char *)tree, "show", "--name-only", "--format=", (char *)culprit, NULL };
		struct strbuf out = STRBUF_INIT;

		if (!run_cmd(argv, NULL, "-", &out))
			for (char *l = strtok(out.buf, "\n"); l; l = strtok(NULL, "\n"))
				strvec_push_unique(files, l);
		strbuf_release(&out);
		if (files->nr)
			return;
	}
	/*
	 * "func (mm/memory-failure.c:1234 ...)": the files of the RIP and of
	 * the first reliable frames ("?" ones are stack noise), inlined
	 * callers' included.
	 */
	for (const char *l = m->report.buf, *nl; l && *l && frames < 3; l = nl ? nl + 1 : NULL) {
		const char *open = strchr(l, '('), *close;

		nl = strchr(l, '\n');
		if (!open || (nl && open > nl) || l[strspn(l, " ")] == '?' || !(close = strchr(open, ')')))
			continue;
		for (const char *p = open + 1, *had = NULL; p < close; p += strcspn(p, " )"), p += *p == ' ') {
			size_t n = strcspn(p, ": )");
			char *f = xasprintf("%.*s", (int)n, p);

			if (p[n] == ':' && isdigit((unsigned char)p[n + 1]) && strchr(f, '/') && f[0] != '/') {
				strvec_push_unique(files, f);
				frames += !had;
				had = p;
			}
			free(f);
		}
	}
}

/* To: maintainers and reviewers, Cc: lists and the rest, from the tree's get_maintainer.pl. */
static void recipients(const struct mail *m, FILE *f)
{
	const char *tree = m->o->tree ? m->o->tree : json_str(m->bisect, "tree");

	/* The tree the kernel was built from, when it is still there. */
	if (!tree)
		tree = json_str(json_get(m->manifest, "kernel"), "tree");
	struct strvec files = STRVEC_INIT, to = STRVEC_INIT, cc = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;
	char *script = tree ? xasprintf("%s/scripts/get_maintainer.pl", tree) : NULL;

	if (!script || !file_exists(script)) {
		fprintf(f, "X-Recipients: give pmemfi report --mail a kernel tree (--kernel-tree DIR) for the To: and Cc: of\n"
			   "  its scripts/get_maintainer.pl\n");
		free(script);
		return;
	}
	stack_files(m, tree, &files);
	{
		char **argv = xcalloc(files.nr + 6, sizeof(char *));
		int n = 0;

		argv[n++] = "perl";
		argv[n++] = script;
		argv[n++] = "--nogit";
		argv[n++] = "--nogit-fallback";
		argv[n++] = "-f";
		for (int i = 0; i < files.nr; i++)
			argv[n++] = files.v[i];
		run_cmd(argv, tree, "-", &out);
		free(argv);
	}
	for (char *l = strtok(out.buf, "\n"); l; l = strtok(NULL, "\n")) {
		char *role = strstr(l, " (");

		if (!strchr(l, '@'))
			continue;
		if (role)
			*role = '\0';
		strvec_push(role && (strstr(role + 2, "maintainer") || strstr(role + 2, "reviewer")) ? &to : &cc, l);
	}
	for (int k = 0; k < 2; k++) {
		struct strvec *v = k ? &cc : &to;

		fprintf(f, "%s", v->nr ? (k ? "Cc: " : "To: ") : "");
		for (int i = 0; i < v->nr; i++)
			fprintf(f, "%s%s", v->v[i], i + 1 < v->nr ? ",\n    " : "\n");
	}
	strbuf_release(&out);
	strvec_clear(&files);
	strvec_clear(&to);
	strvec_clear(&cc);
	free(script);
}

/* The kernel: version, source (and commit of a git tree), config, sanitizers. */
static void kernel_lines(const struct mail *m, FILE *f)
{
	struct json_object *k = json_get(m->manifest, "kernel");
	const char *source = json_str_or(k, "source", "?");

	fprintf(f, "Kernel:       Linux version %s\n", json_str_or(k, "version", "?"));
	if (!strncmp(source, "git:", 4))
		fprintf(f, "Git commit:   %.40s%s\n", source + 4, strstr(source, "+dirty") ? " (with local changes)" : "");
	else
		fprintf(f, "Source:       %s (no git tree)\n", source);
	fprintf(f, "Config:       kernel.config (the run's; pmemfi config hash %s), sanitizers: %s\n",
		json_str_or(k, "config_hash", "?"), json_str_or(k, "sanitizers", "?"));
	fprintf(f, "Stack:        %s\n", m->decoded ? "decoded with the kernel's scripts/decode_stacktrace.sh"
					 : json_str_or(k, "symbols", "not decoded"));
}

/* The reason line of known issue @id's stanza in @text ("[id]" ... "reason  ..."), or NULL. */
static const char *known_reason(const char *text, const char *id, int *len)
{
	char *head = xasprintf("[%s]\n", id);
	const char *at = strstr(text, head), *end, *reason;

	free(head);
	if (!at)
		return NULL;
	end = strstr(at + 1, "\n[");
	reason = strstr(at, "\nreason");
	if (!reason || (end && reason > end))
		return NULL;
	reason += strlen("\nreason");
	reason += strspn(reason, " \t");
	*len = strcspn(reason, "\n");
	return reason;
}

/* The known issues that excused it in the run: pmemfi's analysis of each. */
static void known_lines(const struct mail *m, FILE *f)
{
	struct json_object *reps = json_array(m->t, "reports");
	char *path = xasprintf("%s/%s/known-issues", m->o->run, RESULTS_CONFIGS);
	struct strbuf known = STRBUF_INIT, said = STRBUF_INIT;

	if (read_file(path, &known))
		reps = NULL;
	for (size_t i = 0; reps && i < json_object_array_length(reps); i++) {
		const char *id = json_str(json_object_array_get_idx(reps, i), "known"), *reason;
		int len;

		if (!id || strstr(said.buf ? said.buf : "", id) || !(reason = known_reason(known.buf, id, &len)))
			continue;
		fprintf(f, "\nWhat pmemfi's analysis of it (known issue %s) says:\n  %.*s\n", id, len, reason);
		strbuf_addf(&said, "%s\n", id);
	}
	strbuf_release(&known);
	strbuf_release(&said);
	free(path);
}

static void bisect_lines(const struct mail *m, FILE *f)
{
	struct json_object *c = culprit_trial(m->bisect);

	if (!m->bisect) {
		fprintf(f, "Bisection:    none given (pmemfi bisect, then --bisect its bisect.json)\n");
		return;
	}
	fprintf(f, "Bisected to:  %s (\"%s\")\n              between %s (good) and %s (bad) of %s;"
		   " confidence %.0f%%, reproduces %s, parent clean %s\n",
		json_str_or(m->bisect, "culprit", "no single commit"), json_str_or(c, "subject", "?"),
		json_str_or(m->bisect, "good", "?"), json_str_or(m->bisect, "bad", "?"),
		json_str_or(m->bisect, "tree", "?"), json_object_get_double(json_get(m->bisect, "confidence")) * 100,
		json_str_or(m->bisect, "reproduces", "?"), json_str_or(m->bisect, "parent_clean", "?"));
}

static void body(struct mail *m, FILE *f)
{
	struct strbuf steps = STRBUF_INIT;
	char *rerun = rerun_command(m->manifest, m->t), *repro = rerun_repro_command(m->o->run, m->t);

	fprintf(f, "\nHello,\n\npmemfi, a fault-injection test suite for the kernel's persistent-memory code\n"
		   "(pmem namespaces, ZONE_DEVICE and their struct pages), found this%s:\n\n",
		m->title == json_str(m->t, "title") ? " crash" : " failed check");
	kernel_lines(m, f);
	bisect_lines(m, f);
	fprintf(f, "Found by:     pmemfi cell %s (verdict %s), run %s (%s)\n",
		json_str_or(m->t, "name", "?"), run_test_verdict_or(m->t, "?"), m->o->run,
		json_str_or(m->manifest, "written", "?"));
	known_lines(m, f);
	while (m->report.len && m->report.buf[m->report.len - 1] == '\n')
		m->report.buf[--m->report.len] = '\0';
	if (m->report.len && !m->decoded)
		fprintf(f, "\nThe report, as the console has it (the kernel has no debug info here):\n");
	fprintf(f, "\n%s\n", m->report.len ? m->report.buf : json_str_or(m->t, "reason", "?"));
	repro_steps_text(&m->rc, m->pfn[0] ? m->pfn : NULL, &steps);
	fprintf(f, "\nHow to reproduce it (what the standalone reproducer does):\n%s", steps.buf);
	fprintf(f, "\nThe reproducer (repro.sh, repro.c: needs QEMU, gcc, busybox-static and cpio;\n"
		   "./repro.sh BZIMAGE exits 1 when it reproduces) is written by\n  %s\n", repro);
	if (rerun)
		fprintf(f, "and the cell runs again under pmemfi with\n  %s\n", rerun);
	fprintf(f, "\nThe kernel config and the full console are in the run directory.\n");
	strbuf_release(&steps);
	free(rerun);
	free(repro);
}

/* The bisection, when given, must be of this report's title. */
static int check_bisect(struct mail *m, char *err, int errlen)
{
	const char *text = json_str(json_get(m->bisect, "target"), "text");

	if (!m->bisect)
		return error_code(2, err, errlen, "%s: not a bisect.json", m->o->bisect);
	if (!text || !strstr(m->title, text))
		return error_code(2, err, errlen, "%s: its target \"%s\" is not this cell's title \"%s\"", m->o->bisect,
				  text ? text : "(learned, not recorded)", m->title);
	return 0;
}

int mail_write(FILE *f, const struct mail_opts *o, char *err, int errlen)
{
	struct mail m = { .o = o, .report = STRBUF_INIT };
	int rc = 0;

	m.manifest = run_record_json(o->run, "manifest.json");
	m.summary = run_record_json(o->run, "summary.json");
	m.t = json_find(json_array(m.summary, "tests"), "name", o->test);
	if (!m.manifest || !m.summary) {
		rc = error_code(2, err, errlen, "%s: not a pmemfi run directory", o->run);
	} else if (!m.t) {
		rc = error_code(2, err, errlen, "%s: no cell %s in the run", o->run, o->test);
	} else if (!rerun_failed(m.t)) {
		rc = error_code(2, err, errlen, "%s: cell %s did not fail (verdict %s)", o->run, o->test,
				run_test_verdict_or(m.t, "?"));
	} else if (repro_cell_open(&m.rc, o->run, m.manifest, m.t, err, errlen)) {
		rc = 2;
	}
	if (!rc) {
		m.title = json_str(m.t, "title") ? json_str(m.t, "title") : json_str_or(m.t, "reason", "?");
		m.bisect = o->bisect ? run_record_json(o->bisect, NULL) : NULL;
		if (o->bisect)
			rc = check_bisect(&m, err, errlen);
	}
	if (!rc) {
		load_report(&m);
		load_pfn(&m);
		recipients(&m, f);
		fprintf(f, "Subject: %s\n", m.title);
		body(&m, f);
	}
	if (m.rc.c)
		repro_cell_close(&m.rc);
	strbuf_release(&m.report);
	json_object_put(m.bisect);
	json_object_put(m.manifest);
	json_object_put(m.summary);
	return rc;
}
