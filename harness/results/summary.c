// SPDX-License-Identifier: GPL-2.0
#include "results/summary.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include <json-c/json.h>

#include "lib/json.h"
#include "lib/util.h"
#include "results/rerun.h"
#include "verdict/verdict.h"
#include "results/run_record.h"

/* Skip a "path/file.c:123: " prefix, if @s starts with one. */
static const char *skip_source(const char *s)
{
	const char *colon = strstr(s, ".c:");
	const char *p;

	if (!colon || strchr(s, ' ') < colon)
		return s;
	for (p = colon + 3; isdigit((unsigned char)*p); p++)
		;
	return p > colon + 3 && p[0] == ':' && p[1] == ' ' ? p + 2 : s;
}

char *summary_headline(const char *reason)
{
	const char *s = skip_source(reason);
	size_t len = strcspn(s, ";");
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < len; i++) {
		if (s[i] == '0' && s[i + 1] == 'x' && isxdigit((unsigned char)s[i + 2])) {
			strbuf_addf(&sb, "0x…");
			for (i += 2; i + 1 < len && isxdigit((unsigned char)s[i + 1]); i++)
				;
			continue;
		}
		strbuf_addf(&sb, "%c", s[i]);
	}
	return strbuf_detach(&sb);
}

int summary_groups(struct json_object *tests, struct summary_group **groups)
{
	size_t n = json_object_array_length(tests);
	int nr = 0, alloc = 0;

	*groups = NULL;
	for (size_t i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i);
		const char *verdict = run_test_verdict_name(t), *title = json_str(t, "title");
		const char *reason = json_str(t, "reason"), *name = json_str(t, "name");
		char *headline;
		int g;

		if (!verdict || run_test_verdict(t) == V_PASS)
			continue;
		/* A kernel report's title is its identity; otherwise the reason. */
		headline = title && *title ? xstrdup(title) : summary_headline(reason ? reason : "");
		for (g = 0; g < nr; g++)
			if (!strcmp((*groups)[g].verdict, verdict) && !strcmp((*groups)[g].headline, headline))
				break;
		if (g == nr) {
			GROW(*groups, nr, alloc);
			memset(&(*groups)[nr], 0, sizeof(**groups));
			(*groups)[nr].verdict = xstrdup(verdict);
			(*groups)[nr].headline = headline;
			nr++;
		} else {
			free(headline);
		}
		if ((*groups)[g].count < SUMMARY_EXAMPLES)
			(*groups)[g].examples[(*groups)[g].count] = name;
		(*groups)[g].count++;
	}
	return nr;
}

void summary_free(struct summary_group *groups, int n)
{
	for (int i = 0; i < n; i++) {
		free(groups[i].verdict);
		free(groups[i].headline);
	}
	free(groups);
}

/* Under a failed cell: the command that reruns it and the one that writes its reproducer. */
static void print_commands(FILE *f, struct json_object *tests, const char *name, struct json_object *manifest,
			   const char *dir)
{
	struct json_object *t = json_find(tests, "name", name);
	char *rerun, *repro;

	if (!t || !rerun_failed(t))
		return;
	rerun = rerun_command(manifest, t);
	repro = rerun_repro_command(dir, t);
	if (rerun)
		fprintf(f, "                  rerun: %s\n", rerun);
	fprintf(f, "                  repro: %s\n", repro);
	free(rerun);
	free(repro);
}

void summary_print(FILE *f, struct json_object *tests, struct json_object *manifest, const char *dir)
{
	struct summary_group *g;
	int n = summary_groups(tests, &g);

	for (int i = 0; i < n; i++) {
		int shown = g[i].count < SUMMARY_EXAMPLES ? g[i].count : SUMMARY_EXAMPLES;

		fprintf(f, "   %-7s %3dx %s\n", g[i].verdict, g[i].count, g[i].headline);
		for (int j = 0; j < shown; j++) {
			fprintf(f, "                %s\n", g[i].examples[j]);
			print_commands(f, tests, g[i].examples[j], manifest, dir);
		}
		if (g[i].count > shown)
			fprintf(f, "                ... and %d more (summary.json; each one's rerun and repro"
				   " commands: index.html, junit.xml)\n", g[i].count - shown);
	}
	summary_free(g, n);
}

void summary_print_counts(FILE *f, const int *counts, int vms)
{
	for (int v = 0; v < V_NR; v++)
		if (counts[v])
			fprintf(f, " %d %s", counts[v], verdict_name(v));
	fprintf(f, " (%d VMs)\n", vms);
}
