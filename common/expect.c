// SPDX-License-Identifier: GPL-2.0
#include "expect.h"
#include "names.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NR_FIELDS 7

static const char *const maps[] = { "dev", "mem", NULL };

static int in_list(const char *s, const char *const *list)
{
	if (!strcmp(s, "*"))
		return 1;
	for (; *list; list++)
		if (!strcmp(s, *list))
			return 1;
	return 0;
}

int expect_result_valid(const char *s)
{
	const char *p;

	if (!strcmp(s, "ok"))
		return 1;
	/* A walker's observation: a lowercase word, optionally ":value". */
	if (islower((unsigned char)s[0])) {
		for (p = s; *p && *p != ':'; p++)
			if (!islower((unsigned char)*p) && *p != '-')
				return 0;
		if (*p == ':')
			for (p++; *p; p++)
				if (!isalnum((unsigned char)*p) && *p != '-')
					return 0;
		return p[-1] != ':';
	}
	if (s[0] == 'E' && s[1]) {
		for (p = s + 1; *p; p++)
			if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p))
				return 0;
		return 1;
	}
	if (!strncmp(s, "SIG", 3) && s[3]) {
		for (p = s + 3; *p && *p != ':'; p++)
			if (!isupper((unsigned char)*p))
				return 0;
		if (p == s + 3)
			return 0;
		if (*p == ':') {
			if (!p[1])
				return 0;
			for (p++; *p; p++)
				if (!isupper((unsigned char)*p) && !isdigit((unsigned char)*p) && *p != '_')
					return 0;
		}
		return 1;
	}
	return 0;
}

/*
 * Split @line into at most @max fields: runs of non-blank characters, or a
 * double-quoted string (no escapes; it may not contain a quote). Returns the
 * number of fields, or -1 on an unterminated quote. Modifies @line.
 */
static int split_fields(char *line, char **field, int max)
{
	int n = 0;
	char *p = line;

	for (;;) {
		while (*p == ' ' || *p == '\t')
			p++;
		if (!*p || *p == '#')
			return n;
		if (n == max)
			return max + 1;
		if (*p == '"') {
			char *q = strchr(p + 1, '"');

			if (!q)
				return -1;
			*q = '\0';
			field[n++] = p + 1;
			p = q + 1;
			if (*p && *p != ' ' && *p != '\t')
				return -1;
			continue;
		}
		field[n++] = p;
		while (*p && *p != ' ' && *p != '\t')
			p++;
		if (*p)
			*p++ = '\0';
	}
}

static char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d) {
		perror("pmemfi: strdup");
		exit(3);
	}
	return d;
}

static int add_row(struct expect_table *t, char **f, int lineno)
{
	struct expect_row *r, *rows;

	rows = realloc(t->rows, (t->nr + 1) * sizeof(*rows));
	if (!rows)
		return -1;
	t->rows = rows;
	r = &t->rows[t->nr++];
	r->injector = xstrdup(f[0]);
	r->class = xstrdup(f[1]);
	r->mode = xstrdup(f[2]);
	r->map = xstrdup(f[3]);
	r->result = xstrdup(f[4]);
	r->mf_line = strcmp(f[5], "-") ? xstrdup(f[5]) : NULL;
	r->poisons = xstrdup(f[6]);
	r->lineno = lineno;
	return 0;
}

int expect_parse(struct expect_table *t, const char *name, const char *text,
		 char *err, int errlen)
{
	char *copy = xstrdup(text), *line, *next;
	char *f[NR_FIELDS];
	int lineno = 0, n, rc = -1;

	memset(t, 0, sizeof(*t));
	t->path = xstrdup(name);
	for (line = copy; line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		n = split_fields(line, f, NR_FIELDS);
		if (n == 0)
			continue;
		if (n != NR_FIELDS) {
			snprintf(err, errlen, "%s:%d: expected %d fields (injector class mode map result memory-failure-line poisons), got %s",
				 name, lineno, NR_FIELDS, n < 0 ? "an unterminated quote" : n > NR_FIELDS ? "more" : "fewer");
			goto out;
		}
		if (strcmp(f[0], "*") && !names_injector(f[0])) {
			snprintf(err, errlen, "%s:%d: unknown injector '%s'", name, lineno, f[0]);
			goto out;
		}
		if (strcmp(f[1], "*") && !names_class_known(f[1])) {
			snprintf(err, errlen, "%s:%d: unknown pfn class '%s'", name, lineno, f[1]);
			goto out;
		}
		if (strcmp(f[2], "*") && !names_mode_known(f[2])) {
			snprintf(err, errlen, "%s:%d: unknown mode '%s'", name, lineno, f[2]);
			goto out;
		}
		if (!in_list(f[3], maps)) {
			snprintf(err, errlen, "%s:%d: unknown map '%s'", name, lineno, f[3]);
			goto out;
		}
		if (!expect_result_valid(f[4])) {
			snprintf(err, errlen, "%s:%d: bad result '%s' (want ok, ENAME, SIGNAME:CODE or a walker's word[:value])",
				 name, lineno, f[4]);
			goto out;
		}
		/* Injectors return ok, an errno or a signal; walkers say what they saw. */
		if (strcmp(f[0], "*") && strcmp(f[4], "ok") &&
		    !(names_injector(f[0])->flags & (INJ_WALK | INJ_VMA)) != !islower((unsigned char)f[4][0])) {
			snprintf(err, errlen, "%s:%d: result '%s' does not fit %s %s", name, lineno, f[4],
				 names_injector(f[0])->flags & (INJ_WALK | INJ_VMA) ? "walker" : "injector", f[0]);
			goto out;
		}
		if (!*f[5]) {
			snprintf(err, errlen, "%s:%d: empty memory-failure line (use - for none, * for any)",
				 name, lineno);
			goto out;
		}
		if (strcmp(f[6], "yes") && strcmp(f[6], "no") && strcmp(f[6], "*")) {
			snprintf(err, errlen, "%s:%d: poisons must be yes, no or *, not '%s'", name, lineno, f[6]);
			goto out;
		}
		if (add_row(t, f, lineno)) {
			snprintf(err, errlen, "%s: out of memory", name);
			goto out;
		}
	}
	if (!t->nr) {
		snprintf(err, errlen, "%s: no expectation rows", name);
		goto out;
	}
	rc = 0;
out:
	free(copy);
	if (rc)
		expect_free(t);
	return rc;
}

int expect_load(struct expect_table *t, const char *path, char *err, int errlen)
{
	FILE *f = fopen(path, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	memset(t, 0, sizeof(*t));
	if (!f) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	do {
		if (len + 4096 + 1 > cap) {
			char *bigger;

			cap = cap ? cap * 2 : 8192;
			bigger = realloc(text, cap);
			if (!bigger) {
				free(text);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", path);
				return -1;
			}
			text = bigger;
		}
		n = fread(text + len, 1, 4096, f);
		len += n;
	} while (n == 4096);
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", path);
		free(text);
		fclose(f);
		return -1;
	}
	fclose(f);
	text[len] = '\0';
	if (strlen(text) != len) {
		snprintf(err, errlen, "%s: contains a NUL byte", path);
		free(text);
		return -1;
	}
	rc = expect_parse(t, path, text, err, errlen);
	free(text);
	return rc;
}

void expect_free(struct expect_table *t)
{
	for (int i = 0; i < t->nr; i++) {
		free(t->rows[i].injector);
		free(t->rows[i].class);
		free(t->rows[i].mode);
		free(t->rows[i].map);
		free(t->rows[i].result);
		free(t->rows[i].mf_line);
		free(t->rows[i].poisons);
	}
	free(t->rows);
	free(t->path);
	memset(t, 0, sizeof(*t));
}

static int match(const char *pattern, const char *s)
{
	return !strcmp(pattern, "*") || !strcmp(pattern, s);
}

/* A row's class matches the exact point ("C-mapped") or its class letter. */
static int match_class(const char *pattern, const char *point)
{
	if (match(pattern, point))
		return 1;
	return pattern[1] == '\0' && point[0] == pattern[0] && point[1] == '-';
}

const struct expect_row *expect_lookup(const struct expect_table *t,
				       const char *injector, const char *class,
				       const char *mode, const char *map)
{
	for (int i = 0; i < t->nr; i++) {
		const struct expect_row *r = &t->rows[i];

		if (match(r->injector, injector) && match_class(r->class, class) &&
		    match(r->mode, mode) && match(r->map, map))
			return r;
	}
	return NULL;
}
