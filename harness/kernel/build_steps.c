// SPDX-License-Identifier: GPL-2.0
#include "kernel/build_steps.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

/* The key of line @text, "VERSION FRAG..." (its last word is the steps), into @key; the steps, or -1. */
static int parse_line(const char *text, char *key, size_t len)
{
	char *copy = xstrdup(text), *save = NULL, *words[64], *end;
	int n = 0, at = 0;
	long steps = -1;

	copy[strcspn(copy, "#")] = '\0';
	for (char *w = strtok_r(copy, " \t\r", &save); w && n < 64; w = strtok_r(NULL, " \t\r", &save))
		words[n++] = w;
	key[0] = '\0';
	if (n)
		steps = strtol(words[n - 1], &end, 10);
	if (!n || *end || steps <= 0)
		steps = -1;
	for (int i = 0; i < n - 1 && steps > 0 && at < (int)len; i++)
		at += snprintf(key + at, len - at, "%s%s", i ? " " : "", words[i]);
	free(copy);
	return (int)steps;
}

static void make_key(char *key, size_t len, const char *version, const char *const *frags, int n)
{
	int at = snprintf(key, len, "%s", version);

	for (int i = 0; i < n && at < (int)len; i++)
		at += snprintf(key + at, len - at, " %s", frags[i]);
}

/* "6.12" of "6.12.118 base kasan": the length of the major.minor prefix, 0 when none. */
static size_t minor_len(const char *key)
{
	size_t a = strspn(key, "0123456789");

	if (key[a] != '.')
		return 0;
	return a + 1 + strspn(key + a + 1, "0123456789");
}

/*
 * How well line key @k matches @want: 8 exact, 6 the same fragments and
 * major.minor, 4 the same version, 2 the same major.minor, 1 a bare
 * number (no key), 0 not at all.
 */
static int match(const char *k, const char *want)
{
	size_t kv = strcspn(k, " "), wv = strcspn(want, " "), km = minor_len(k);

	if (!*k)
		return 1;
	if (!strcmp(k, want))
		return 8;
	if (!km || km != minor_len(want) || strncmp(k, want, km))
		return 0;
	if (!strcmp(k + kv, want + wv))
		return 6;
	return kv == wv && !strncmp(k, want, kv) ? 4 : 2;
}

/* The steps of @file's best line for @want (the first of the best), and how good (*@how: match()). */
static int lookup(const char *file, const char *want, int *how)
{
	struct strbuf sb = STRBUF_INIT;
	int best = 0, steps;
	char key[512];

	*how = 0;
	if (!file || read_file(file, &sb))
		return 0;
	for (char *save = NULL, *l = strtok_r(sb.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		int m;

		steps = parse_line(l, key, sizeof(key));
		m = steps > 0 ? match(key, want) : 0;
		if (m > *how) {
			*how = m;
			best = steps;
		}
	}
	strbuf_release(&sb);
	return best;
}

int build_steps_expect(const char *table, const char *mine, const char *version, const char *const *frags, int n)
{
	char want[512];
	int how_mine, how_table, from_mine, from_table;

	make_key(want, sizeof(want), version, frags, n);
	from_mine = lookup(mine, want, &how_mine);
	from_table = lookup(table, want, &how_table);
	/* This machine's exact count, else the table's best, else whatever this machine knew. */
	if (how_mine == 8)
		return from_mine;
	return how_table && how_table >= how_mine ? from_table : from_mine;
}

void build_steps_remember(const char *mine, const char *version, const char *const *frags, int n, int steps)
{
	struct strbuf in = STRBUF_INIT, out = STRBUF_INIT;
	char want[512], key[512];

	if (steps <= 0)
		return;
	make_key(want, sizeof(want), version, frags, n);
	if (!read_file(mine, &in)) {
		/* This key's line goes, and a bare number of before keys. */
		for (char *save = NULL, *l = strtok_r(in.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save))
			if (parse_line(l, key, sizeof(key)) > 0 && *key && strcmp(key, want))
				strbuf_addf(&out, "%s\n", l);
	}
	strbuf_addf(&out, "%s %d\n", want, steps);
	write_file(mine, out.buf, out.len);
	strbuf_release(&in);
	strbuf_release(&out);
}

int build_steps_profile(const char *table, double *steps, double *time, int max)
{
	struct strbuf sb = STRBUF_INIT;
	int n = 0, bad = 0;

	if (!table || read_file(table, &sb))
		return 0;
	for (char *save = NULL, *l = strtok_r(sb.buf, "\n", &save); l && !n; l = strtok_r(NULL, "\n", &save)) {
		char *s2 = NULL;

		if (strncmp(l, "profile", 7) || (l[7] != ' ' && l[7] != '\t'))
			continue;
		l[strcspn(l, "#")] = '\0';
		for (char *w = strtok_r(l + 7, " \t", &s2); w && !bad; w = strtok_r(NULL, " \t", &s2)) {
			char *end;

			steps[n] = strtod(w, &end);
			bad = n == max || *end != ':';
			if (!bad)
				time[n] = strtod(end + 1, &end);
			/* Fractions, each past the one before. */
			bad = bad || *end || steps[n] <= (n ? steps[n - 1] : 0) || time[n] <= (n ? time[n - 1] : 0) ||
			      steps[n] >= 1 || time[n] >= 1;
			n += !bad;
		}
	}
	strbuf_release(&sb);
	return bad ? 0 : n;
}

int build_steps_tree_version(const char *tree, char *buf, int len)
{
	char *mk = xasprintf("%s/Makefile", tree);
	struct strbuf sb = STRBUF_INIT;
	int rc = -1;

	strbuf_addstr(&sb, "\n");
	if (!read_file(mk, &sb)) {
		const char *v = strstr(sb.buf, "\nVERSION = "), *p = strstr(sb.buf, "\nPATCHLEVEL = ");
		const char *s = strstr(sb.buf, "\nSUBLEVEL = ");

		if (v && p && s) {
			snprintf(buf, len, "%d.%d.%d", atoi(v + 11), atoi(p + 14), atoi(s + 12));
			rc = 0;
		}
	}
	strbuf_release(&sb);
	free(mk);
	return rc;
}
