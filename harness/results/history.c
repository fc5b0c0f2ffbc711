// SPDX-License-Identifier: GPL-2.0
#include "results/history.h"

#include <dirent.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "results/compare.h"

int history_load_run(const char *dir, struct past_run *out, char *err, int errlen)
{
	size_t len = strlen(dir);
	char *base = len > 13 && !strcmp(dir + len - 13, "/summary.json") ? strndup(dir, len - 13) : xstrdup(dir);
	char *summary = xasprintf("%s/summary.json", base), *manifest = xasprintf("%s/manifest.json", base);
	char why[256] = "";
	int rc = 0;

	memset(out, 0, sizeof(*out));
	if (!file_exists(summary)) {
		rc = error_set(err, errlen, "%s: not a run directory (no summary.json)", base);
		goto out;
	}
	out->summary = json_object_from_file(summary);
	if (!out->summary || !json_get(out->summary, "tests") ||
	    compare_check_summary(out->summary, why, sizeof(why))) {
		json_object_put(out->summary);
		out->summary = NULL;
		rc = error_set(err, errlen, "%s: not a pmemfi summary.json%s%s", summary, why[0] ? ": " : "", why);
		goto out;
	}
	out->manifest = file_exists(manifest) ? json_object_from_file(manifest) : NULL;
	out->dir = base;
	base = NULL;
out:
	free(base);
	free(summary);
	free(manifest);
	return rc;
}

const char *history_profile(const struct past_run *r)
{
	return json_str(json_get(r->manifest, "profile"), "name");
}

static int newest_first(const void *a, const void *b)
{
	return -strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * The run directory's own name for @path as a user or a mode writes it:
 * "results/latest" is a link to it, "results/RUN/" has a trailing slash.
 * Caller frees.
 */
static char *run_name(const char *path)
{
	char *p = abs_path(path), *s;
	size_t n;

	if (!p)
		p = xstrdup(path);
	n = strlen(p);
	while (n > 1 && p[n - 1] == '/')
		p[--n] = '\0';
	s = strrchr(p, '/');
	if (s && s[1])
		memmove(p, s + 1, strlen(s + 1) + 1);
	return p;
}

void history_names(const char *results, struct strvec *names)
{
	DIR *d = opendir(results);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		/* "latest" is a link to a run listed anyway. */
		if (e->d_name[0] != '.' && strcmp(e->d_name, "latest"))
			strvec_push(names, e->d_name);
	}
	if (d)
		closedir(d);
}

int history_list(const char *results, const char *profile, const char *self, int max,
		 struct past_run **out)
{
	struct past_run *v = NULL;
	int nr = 0, alloc = 0;
	struct strvec names = STRVEC_INIT;
	char *self_name = self ? run_name(self) : NULL;

	history_names(results, &names);
	qsort(names.v, names.nr, sizeof(char *), newest_first);
	for (int i = 0; i < names.nr && (!max || nr < max); i++) {
		char *dir = xasprintf("%s/%s", results, names.v[i]), *why, err[256];
		struct past_run r;

		/* Started at or after @self: not in its past. */
		if (self_name && strcmp(names.v[i], self_name) >= 0) {
			free(dir);
			continue;
		}
		if (!dir_exists(dir) || history_load_run(dir, &r, err, sizeof(err))) {
			free(dir);
			continue;
		}
		free(dir);
		why = compare_incomplete(r.summary);
		if (why || (profile && (!history_profile(&r) || strcmp(history_profile(&r), profile)))) {
			free(why);
			history_release(&r);
			continue;
		}
		GROW(v, nr + 1, alloc);
		v[nr++] = r;
	}
	strvec_clear(&names);
	free(self_name);
	*out = v;
	return nr;
}

void history_release(struct past_run *r)
{
	free(r->dir);
	json_object_put(r->summary);
	json_object_put(r->manifest);
	memset(r, 0, sizeof(*r));
}

void history_free(struct past_run *v, int n)
{
	for (int i = 0; i < n; i++)
		history_release(&v[i]);
	free(v);
}
