// SPDX-License-Identifier: GPL-2.0
#include "known.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

static void add_word(char ***v, int *n, const char *w)
{
	*v = xrealloc(*v, (*n + 1) * sizeof(**v));
	(*v)[(*n)++] = xstrdup(w);
}

/* Split @val on blanks into @v (globs never contain blanks). */
static void add_words(char ***v, int *n, char *val)
{
	char *save = NULL;

	for (char *w = strtok_r(val, " \t", &save); w; w = strtok_r(NULL, " \t", &save))
		add_word(v, n, w);
}

static int is_sig(const char *s)
{
	int n = 0;

	for (; isxdigit((unsigned char)*s) && !isupper((unsigned char)*s); s++)
		n++;
	return n == 16 && !*s;
}

static int check_entry(const struct known_set *set, const struct known_issue *k, char *err, int errlen)
{
	if (!k->nr_titles && !k->nr_sigs)
		snprintf(err, errlen, "%s:%d: [%s] needs a title or sig line", set->path, k->line, k->id);
	else if (!k->reason)
		snprintf(err, errlen, "%s:%d: [%s] needs a reason line", set->path, k->line, k->id);
	else
		return 0;
	return -1;
}

static int parse_line(struct known_set *set, char *line, int lineno, char *err, int errlen)
{
	struct known_issue *k = set->nr ? &set->v[set->nr - 1] : NULL;
	char *key = line, *val;

	if (*line == '[') {
		char *end = strchr(line, ']');

		if (!end || end == line + 1 || end[1]) {
			snprintf(err, errlen, "%s:%d: want '[id]'", set->path, lineno);
			return -1;
		}
		*end = '\0';
		for (int i = 0; i < set->nr; i++)
			if (!strcmp(set->v[i].id, line + 1)) {
				snprintf(err, errlen, "%s:%d: [%s] again (first at line %d)", set->path, lineno,
					 line + 1, set->v[i].line);
				return -1;
			}
		if (k && check_entry(set, k, err, errlen))
			return -1;
		set->v = xrealloc(set->v, (set->nr + 1) * sizeof(*set->v));
		k = &set->v[set->nr++];
		memset(k, 0, sizeof(*k));
		k->id = xstrdup(line + 1);
		k->line = lineno;
		return 0;
	}
	val = line + strcspn(line, " \t");
	if (*val)
		*val++ = '\0';
	val += strspn(val, " \t");
	if (!k) {
		snprintf(err, errlen, "%s:%d: '%s' before the first [id]", set->path, lineno, key);
		return -1;
	}
	if (!*val) {
		snprintf(err, errlen, "%s:%d: '%s' needs a value", set->path, lineno, key);
		return -1;
	}
	if (!strcmp(key, "title")) {
		add_word(&k->titles, &k->nr_titles, val);
	} else if (!strcmp(key, "sig")) {
		if (!is_sig(val)) {
			snprintf(err, errlen, "%s:%d: sig '%s' is not 16 lower-case hex digits", set->path,
				 lineno, val);
			return -1;
		}
		add_word(&k->sigs, &k->nr_sigs, val);
	} else if (!strcmp(key, "tests")) {
		add_words(&k->tests, &k->nr_tests, val);
	} else if (!strcmp(key, "repro")) {
		add_words(&k->repro, &k->nr_repro, val);
	} else if (!strcmp(key, "kernels")) {
		add_words(&k->kernels, &k->nr_kernels, val);
	} else if (!strcmp(key, "link") || !strcmp(key, "reason")) {
		char **dst = !strcmp(key, "link") ? &k->link : &k->reason;

		if (*dst) {
			snprintf(err, errlen, "%s:%d: a second '%s' line", set->path, lineno, key);
			return -1;
		}
		*dst = xstrdup(val);
	} else {
		snprintf(err, errlen, "%s:%d: unknown key '%s' (title sig tests repro kernels link reason)",
			 set->path, lineno, key);
		return -1;
	}
	return 0;
}

int known_load(struct known_set *set, const char *path, char *err, int errlen)
{
	struct strbuf sb = STRBUF_INIT;
	int lineno = 0, rc;

	memset(set, 0, sizeof(*set));
	set->path = xstrdup(path);
	rc = read_file(path, &sb);
	if (rc) {
		snprintf(err, errlen, "%s: cannot read the known issues: %s", path, strerror(-rc));
		goto out;
	}
	for (char *line = sb.buf, *next; line && !rc; line = next) {
		char *end;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		line += strspn(line, " \t");
		end = line + strlen(line);
		while (end > line && isspace((unsigned char)end[-1]))
			*--end = '\0';
		if (*line && *line != '#')
			rc = parse_line(set, line, lineno, err, errlen);
	}
	if (!rc && set->nr)
		rc = check_entry(set, &set->v[set->nr - 1], err, errlen);
out:
	strbuf_release(&sb);
	if (rc)
		known_free(set);
	return rc ? -1 : 0;
}

static void free_words(char **v, int n)
{
	for (int i = 0; i < n; i++)
		free(v[i]);
	free(v);
}

void known_free(struct known_set *set)
{
	for (int i = 0; i < set->nr; i++) {
		struct known_issue *k = &set->v[i];

		free(k->id);
		free_words(k->titles, k->nr_titles);
		free_words(k->sigs, k->nr_sigs);
		free_words(k->tests, k->nr_tests);
		free_words(k->repro, k->nr_repro);
		free_words(k->kernels, k->nr_kernels);
		free(k->link);
		free(k->reason);
	}
	free(set->v);
	free(set->path);
	memset(set, 0, sizeof(*set));
}

/* Does any glob of @v match @s? An empty list matches everything when @all. */
static int any_glob(char *const *v, int n, const char *s, int all)
{
	if (!n)
		return all;
	for (int i = 0; i < n; i++)
		if (!fnmatch(v[i], s, 0))
			return 1;
	return 0;
}

static int report_matches(const struct known_issue *k, const struct report *r)
{
	for (int i = 0; i < k->nr_sigs; i++)
		if (!strcmp(k->sigs[i], r->signature))
			return 1;
	return any_glob(k->titles, k->nr_titles, r->title, 0);
}

static struct known_issue *find(struct known_set *set, const char *release, const char *test,
				 const struct report *r)
{
	for (int i = 0; set && i < set->nr; i++) {
		struct known_issue *k = &set->v[i];

		if (any_glob(k->kernels, k->nr_kernels, release, 1) && any_glob(k->tests, k->nr_tests, test, 1) &&
		    (r ? !r->corrupted && report_matches(k, r) : any_glob(k->repro, k->nr_repro, test, 0)))
			return k;
	}
	return NULL;
}

void known_apply(struct known_set *set, const char *release, const char *test,
		 const struct report *const *reports, int nr_reports, struct verdict_out *out)
{
	struct known_issue *k = NULL;

	release = release ? release : "";
	if (out->v == V_BUG) {
		/* Every report must be known: one unknown report keeps it a bug. */
		for (int i = 0; i < nr_reports; i++) {
			k = find(set, release, test, reports[i]);
			if (!k) {
				out->report = reports[i];
				free(out->reason);
				out->reason = xstrdup(reports[i]->title);
				return;
			}
		}
		if (!k)
			return;
		free(out->reason);
		out->reason = xasprintf("%s (known issue %s)", out->report->title, k->id);
		out->v = V_XFAIL;
		k->xfails++;
	} else if (out->v == V_PASS && (k = find(set, release, test, NULL))) {
		free(out->reason);
		out->reason = xasprintf("known issue %s did not reproduce: %s", k->id, k->reason);
		out->v = V_XPASS;
		k->xpasses++;
	}
}

struct json_object *known_to_json(const struct known_set *set, const char *release)
{
	struct json_object *a = json_object_new_array();

	for (int i = 0; set && i < set->nr; i++) {
		const struct known_issue *k = &set->v[i];
		struct json_object *o;

		if (!any_glob(k->kernels, k->nr_kernels, release ? release : "", 1))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_string(k->id));
		json_object_object_add(o, "reason", json_object_new_string(k->reason));
		if (k->link)
			json_object_object_add(o, "link", json_object_new_string(k->link));
		json_object_object_add(o, "xfail", json_object_new_int(k->xfails));
		json_object_object_add(o, "xpass", json_object_new_int(k->xpasses));
		json_object_array_add(a, o);
	}
	return a;
}
