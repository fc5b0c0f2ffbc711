// SPDX-License-Identifier: GPL-2.0
#include "results/history.h"

#include <dirent.h>
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "results/compare.h"
#include "results/run_record.h"

const char *history_profile(const struct run_record *r)
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
		 struct run_record **out)
{
	struct run_record *v = NULL;
	int nr = 0, alloc = 0;
	struct strvec names = STRVEC_INIT;
	char *self_name = self ? run_name(self) : NULL;

	history_names(results, &names);
	qsort(names.v, names.nr, sizeof(char *), newest_first);
	for (int i = 0; i < names.nr && (!max || nr < max); i++) {
		char *dir = xasprintf("%s/%s", results, names.v[i]), *why, err[256];
		struct run_record r;

		/* Started at or after @self: not in its past. */
		if (self_name && strcmp(names.v[i], self_name) >= 0) {
			free(dir);
			continue;
		}
		if (!dir_exists(dir) || run_record_load(dir, &r, err, sizeof(err))) {
			free(dir);
			continue;
		}
		free(dir);
		why = compare_incomplete(r.summary);
		if (why || (profile && (!history_profile(&r) || strcmp(history_profile(&r), profile)))) {
			free(why);
			run_record_free(&r);
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

void history_free(struct run_record *v, int n)
{
	for (int i = 0; i < n; i++)
		run_record_free(&v[i]);
	free(v);
}
