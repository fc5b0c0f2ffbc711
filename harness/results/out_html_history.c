// SPDX-License-Identifier: GPL-2.0
/*
 * index.html's memory: the earlier finished runs of the same profile in
 * the results directory (history.h), and per cell a strip of its verdict
 * in each of them. A nightly reader asks "new, or has it always done
 * that?"; the strip answers without opening older pages. The run's own
 * directory has to be under the results directory it came from, which
 * results_open() guarantees.
 */
#include <json-c/json.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "results/history.h"
#include "results/out_html.h"
#include "verdict/verdict.h"

/*
 * The runs last loaded, for the results directory, profile and run they
 * were loaded for. results.c writes the page after every VM, and the
 * earlier runs are finished: read them once a run, not once a VM.
 */
static struct {
	char *results, *profile, *self;
	struct html_history h;
} cache;

static int cached(const char *results, const char *profile, const char *self)
{
	return cache.results && !strcmp(cache.results, results) && !strcmp(cache.profile, profile) &&
	       !strcmp(cache.self, self);
}

void html_history_load(struct html_history *h, const char *dir, struct json_object *manifest)
{
	const char *profile = json_str(json_get(manifest, "profile"), "name");
	const char *slash = dir ? strrchr(dir, '/') : NULL;
	char *parent;

	h->runs = NULL;
	h->nr = 0;
	/* A run without a recorded profile has nothing it can be compared with. */
	if (!profile || !slash)
		return;
	parent = slash == dir ? xstrdup("/") : xasprintf("%.*s", (int)(slash - dir), dir);
	if (cached(parent, profile, dir)) {
		free(parent);
		*h = cache.h;
		return;
	}
	history_free(cache.h.runs, cache.h.nr);
	free(cache.results);
	free(cache.profile);
	free(cache.self);
	cache.h.nr = history_list(parent, profile, dir, HTML_HISTORY_RUNS, &cache.h.runs);
	cache.results = parent;
	cache.profile = xstrdup(profile);
	cache.self = xstrdup(dir);
	*h = cache.h;
}

/* Cell @name's verdict class in earlier run @i (0: the oldest), "none" when it did not run. */
static const char *past_class(const struct html_history *h, int i, const char *name)
{
	struct json_object *tests = json_array(h->runs[h->nr - 1 - i].summary, "tests");
	struct json_object *t = json_find(tests, "name", name);

	return t ? html_verdict_class(t) : "none";
}

void html_history_strip(FILE *f, const struct html_history *h, const char *name)
{
	if (!h->nr)
		return;
	fputs("<span class=\"hist\">", f);
	for (int i = 0; i < h->nr; i++)
		fprintf(f, "<i class=\"v-%s\"></i>", past_class(h, i, name));
	fputs("</span>", f);
}

/*
 * Did the cell both pass and fail in the earlier runs and this one (@t)?
 * Known verdicts (xfail, xpass) and skips say nothing either way.
 */
int html_history_flaky(const struct html_history *h, const char *name, struct json_object *t)
{
	int clean = 0, trouble = 0;

	for (int i = 0; i <= h->nr && h->nr; i++) {
		const char *cls = i < h->nr ? past_class(h, i, name) : html_verdict_class(t);
		const struct verdict_info *vi = verdict_info(verdict_from_name(cls));

		if (!strcmp(cls, "none") || !strcmp(cls, "notrun") || vi->known)
			continue;
		clean |= vi->clean;
		trouble |= vi->trouble;
	}
	return clean && trouble;
}

void html_history_title(FILE *f, const struct html_history *h, const char *name,
			struct json_object *t)
{
	if (!h->nr)
		return;
	fputs(" | before, oldest first:", f);
	for (int i = 0; i < h->nr; i++) {
		const char *cls = past_class(h, i, name);

		fprintf(f, " %s", strcmp(cls, "none") ? cls : "-");
	}
	if (html_history_flaky(h, name, t))
		fputs(" (flaky)", f);
}
