// SPDX-License-Identifier: GPL-2.0
#include "verdict/known.h"

#include <ctype.h>
#include <errno.h>
#include <fnmatch.h>
#include <json-c/json.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/names.h"
#include "console/report.h"
#include "lib/util.h"

static int is_sig(const char *s)
{
	int n = 0;

	for (; isxdigit((unsigned char)*s) && !isupper((unsigned char)*s); s++)
		n++;
	return n == 16 && !*s;
}

/* Does a word of the "actions" key name something a cell does? */
static int action_known(const char *w)
{
	const struct injector_info *inj = names_injector(w);

	if (inj)
		return 1;
	if (!strncmp(w, "stress-", 7))
		return names_stress_known(w + 7);
	return !strcmp(w, "layout");
}

static int is_paging(const char *s)
{
	return !strcmp(s, "4") || !strcmp(s, "5");
}

static int is_on_off(const char *s)
{
	return !strcmp(s, "on") || !strcmp(s, "off");
}

/* Split @val on blanks into @w, each word checked by @ok (NULL: any). */
static int add_words(struct strvec *w, char *val, int (*ok)(const char *), const char *what,
		     const char *path, int lineno, char *err, int errlen)
{
	char *save = NULL;

	for (char *s = strtok_r(val, " \t", &save); s; s = strtok_r(NULL, " \t", &save)) {
		if (ok && !ok(s))
			return error_set(err, errlen, "%s:%d: unknown %s '%s'%s", path, lineno, what, s,
					 ok == is_paging ? " (4, 5)" : ok == is_on_off ? " (on, off)" : "");
		strvec_push(w, s);
	}
	return 0;
}

static int is_map(const char *s)
{
	return !strcmp(s, "dev") || !strcmp(s, "mem");
}

static int is_mode(const char *s)
{
	return names_mode_known(s);
}

/* The leading "MAJOR.MINOR[.PATCH]" of a release, as one comparable number; -1: none. */
static long long release_version(const char *s, const char **end)
{
	long long v = 0;
	int parts = 0;

	while (parts < 3 && isdigit((unsigned char)*s)) {
		long n = strtol(s, (char **)&s, 10);

		if (n > 99999)
			return -1;
		v = v * 100000 + n;
		parts++;
		if (*s != '.' || !isdigit((unsigned char)s[1]))
			break;
		s++;
	}
	if (end)
		*end = s;
	if (parts < 2)
		return -1;
	while (parts++ < 3)
		v *= 100000;
	return v;
}

/* A "FROM..[TO]" or "..TO" word: releases >= FROM and < TO. 1 in, 0 out, -1 not a range. */
static int in_range(const char *range, const char *release)
{
	const char *dots = strstr(range, ".."), *end;
	long long from = -1, to = -1, v;

	if (!dots)
		return -1;
	if (dots > range && ((from = release_version(range, &end)) < 0 || end != dots))
		return -1;
	if (dots[2] && ((to = release_version(dots + 2, &end)) < 0 || *end))
		return -1;
	v = release ? release_version(release, NULL) : -1;
	return v >= 0 && v >= from && (to < 0 || v < to);
}

/* Is @release in @k's kernels (globs and ranges; none: every kernel)? */
static int kernel_in_scope(const struct known_issue *k, const char *release)
{
	for (int i = 0; i < k->kernels.nr; i++) {
		int r = in_range(k->kernels.v[i], release);

		if (r == 1 || (r < 0 && release && !fnmatch(k->kernels.v[i], release, 0)))
			return 1;
	}
	return !k->kernels.nr;
}

/* A kernels word: a glob (6.12*) or a range (6.3.., 6.3..7.4, ..6.12). */
static int is_kernels_word(const char *s)
{
	return !strstr(s, "..") || in_range(s, NULL) == 0;
}

/* A fix word: a patch's name under configs/patches (no path, no suffix). */
static int is_patch_name(const char *s)
{
	return *s && !strchr(s, '/') && !strstr(s, ".patch");
}

/* A seen word: a release, starting with its version. */
static int is_release(const char *s)
{
	return release_version(s, NULL) >= 0 && !strpbrk(s, "*?[");
}

static int check_entry(const struct known_set *set, const struct known_issue *k, char *err, int errlen)
{
	const char *p = set->path, *id = k->id;

	if (!k->titles.nr && !k->sigs.nr && !k->failures.nr)
		return error_set(err, errlen,
				 "%s:%d: [%s] needs a title, sig or failure line", p, k->line, id);
	if (!k->reason)
		return error_set(err, errlen, "%s:%d: [%s] needs a reason line", p, k->line, id);
	if (k->stage == KNOWN_TEST && !k->actions.nr)
		return error_set(err, errlen,
				 "%s:%d: [%s] needs an actions line: the injectors or tests where the bug can happen",
				 p, k->line, id);
	for (int i = 0; i < k->seen.nr; i++)
		if (!kernel_in_scope(k, k->seen.v[i]))
			return error_set(err, errlen, "%s:%d: [%s] was seen on %s, which its kernels line leaves out",
					 p, k->line, id, k->seen.v[i]);
	if (k->intermittent && k->repro.nr)
		return error_set(err, errlen,
				 "%s:%d: [%s] is intermittent: it cannot also always reproduce (repro)", p, k->line, id);
	if (k->stage == KNOWN_BOOT && (k->actions.nr || k->points.nr || k->maps.nr || k->modes.nr ||
				       k->tests.nr || k->repro.nr || k->failures.nr))
		return error_set(err, errlen,
				 "%s:%d: [%s] is a boot report: no cell scope, repro or failure lines", p, k->line, id);
	return 0;
}

/* A title or failure glob must name what it matches, not start with a wildcard. */
static int literal_start(const char *glob)
{
	return *glob && !strchr("*?[", *glob);
}

/* The keys whose value is a list of words, each checked by @ok when set. */
static const struct word_key {
	const char *key;
	size_t off;
	int (*ok)(const char *);
	const char *what;
} word_keys[] = {
	{ "actions", offsetof(struct known_issue, actions), action_known, "action" },
	{ "points", offsetof(struct known_issue, points), names_class_known, "point or class" },
	{ "map", offsetof(struct known_issue, maps), is_map, "map (dev, mem)" },
	{ "mode", offsetof(struct known_issue, modes), is_mode, "mode (fsdax, devdax, kmem, private, coherent, p2pdma)" },
	{ "tests", offsetof(struct known_issue, tests), NULL, NULL },
	{ "repro", offsetof(struct known_issue, repro), NULL, NULL },
	{ "kernels", offsetof(struct known_issue, kernels), is_kernels_word, "kernel glob or range (6.3.., 6.3..7.4)" },
	{ "seen", offsetof(struct known_issue, seen), is_release, "kernel release (6.12.117, 7.3.4)" },
	{ "fix", offsetof(struct known_issue, fixes), is_patch_name, "patch name (configs/patches/NAME.patch)" },
	{ "paging", offsetof(struct known_issue, paging), is_paging, "paging" },
	{ "kaslr", offsetof(struct known_issue, kaslr), is_on_off, "kaslr" },
};

static const struct word_key *word_key(const char *key)
{
	for (size_t i = 0; i < sizeof(word_keys) / sizeof(word_keys[0]); i++)
		if (!strcmp(word_keys[i].key, key))
			return &word_keys[i];
	return NULL;
}

static int parse_line(struct known_set *set, char *line, int lineno, char *err, int errlen)
{
	struct known_issue *k = set->nr ? &set->v[set->nr - 1] : NULL;
	const char *path = set->path;
	char *key = line, *val;

	if (*line == '[') {
		char *end = strchr(line, ']');

		if (!end || end == line + 1 || end[1])
			return error_set(err, errlen, "%s:%d: want '[id]'", path, lineno);
		*end = '\0';
		for (int i = 0; i < set->nr; i++)
			if (!strcmp(set->v[i].id, line + 1))
				return error_set(err, errlen,
						 "%s:%d: [%s] again (first at line %d)", path, lineno, line + 1, set->v[i].line);
		if (k && check_entry(set, k, err, errlen))
			return -1;
		GROW(set->v, set->nr, set->alloc);
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
	if (!k)
		return error_set(err, errlen, "%s:%d: '%s' before the first [id]", path, lineno, key);
	if (!strcmp(key, "intermittent")) {
		if (*val)
			return error_set(err, errlen, "%s:%d: 'intermittent' takes no value", path, lineno);
		k->intermittent = 1;
		return 0;
	}
	if (!*val)
		return error_set(err, errlen, "%s:%d: '%s' needs a value", path, lineno, key);
	if (!strcmp(key, "title") || !strcmp(key, "failure")) {
		if (!literal_start(val))
			return error_set(err, errlen,
					 "%s:%d: %s '%s' starts with a wildcard: name the report type or check as seen",
					 path, lineno, key, val);
		strvec_push(!strcmp(key, "title") ? &k->titles : &k->failures, val);
	} else if (!strcmp(key, "sig")) {
		if (!is_sig(val))
			return error_set(err, errlen,
					 "%s:%d: sig '%s' is not 16 lower-case hex digits", path, lineno, val);
		strvec_push(&k->sigs, val);
	} else if (!strcmp(key, "stage")) {
		if (strcmp(val, "boot") && strcmp(val, "test"))
			return error_set(err, errlen,
					 "%s:%d: stage must be boot or test, not '%s'", path, lineno, val);
		k->stage = !strcmp(val, "boot") ? KNOWN_BOOT : KNOWN_TEST;
	} else if (word_key(key)) {
		const struct word_key *w = word_key(key);

		return add_words((struct strvec *)((char *)k + w->off), val, w->ok, w->what, path, lineno, err,
				 errlen);
	} else if (!strcmp(key, "finding")) {
		char *end;
		long n = strtol(val, &end, 10);

		if (*end || n < 1 || n > 999 || k->finding)
			return error_set(err, errlen, "%s:%d: finding wants one number (1-999), not '%s'", path,
					 lineno, val);
		k->finding = n;
	} else if (!strcmp(key, "link") || !strcmp(key, "reason")) {
		char **dst = !strcmp(key, "link") ? &k->link : &k->reason;

		if (*dst)
			return error_set(err, errlen, "%s:%d: a second '%s' line", path, lineno, key);
		*dst = xstrdup(val);
	} else {
		return error_set(err, errlen,
				 "%s:%d: unknown key '%s' (title sig failure stage actions points map mode tests repro kernels seen fix finding paging kaslr intermittent link reason)",
				 path, lineno, key);
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

void known_free(struct known_set *set)
{
	for (int i = 0; i < set->nr; i++) {
		struct known_issue *k = &set->v[i];
		struct strvec *lists[] = { &k->titles, &k->sigs, &k->failures, &k->actions, &k->points,
					   &k->maps, &k->modes, &k->tests, &k->repro, &k->kernels, &k->seen, &k->fixes,
					   &k->paging, &k->kaslr };

		free(k->id);
		for (size_t j = 0; j < sizeof(lists) / sizeof(lists[0]); j++)
			strvec_clear(lists[j]);
		free(k->link);
		free(k->reason);
	}
	free(set->v);
	free(set->path);
	memset(set, 0, sizeof(*set));
}

void known_boot(struct known_set *set, int paging, int kaslr)
{
	snprintf(set->paging, sizeof(set->paging), "%d", paging);
	snprintf(set->kaslr, sizeof(set->kaslr), "%s", kaslr ? "on" : "off");
}

void known_reset(struct known_set *set)
{
	for (int i = 0; set && i < set->nr; i++)
		set->v[i].xfails = set->v[i].xpasses = set->v[i].matched = set->v[i].cells = 0;
}

/* Does a glob of @w match @s? An empty list matches everything when @all. */
static int any_glob(const struct strvec *w, const char *s, int all)
{
	if (!w->nr)
		return all;
	for (int i = 0; i < w->nr; i++)
		if (s && !fnmatch(w->v[i], s, 0))
			return 1;
	return 0;
}

static int any_word(const struct strvec *w, const char *s)
{
	return !w->nr || (s && strvec_has(w, s));
}

/* What @c does, as the "actions" key names it; @buf holds "stress-KIND". */
static const char *cell_action(const struct cell *c, char *buf, size_t len)
{
	switch (c->kind) {
	case CELL_LAYOUT:
		return "layout";
	case CELL_STRESS:
		snprintf(buf, len, "stress-%s", c->stress->kind);
		return buf;
	default:
		return c->action;
	}
}

/* Is @c in @k's cells? A point word matches its class (A: A-first, A-last). */
static int in_scope(const struct known_issue *k, const struct cell *c)
{
	char buf[64], cls[2] = { 0 };
	const char *point = c->kind == CELL_INJECT || c->kind == CELL_NFIT ? c->point : NULL;

	if (point && point[0] && point[1] == '-')
		cls[0] = point[0];
	return any_word(&k->actions, cell_action(c, buf, sizeof(buf))) &&
	       (!k->points.nr || any_word(&k->points, point) || any_word(&k->points, cls)) &&
	       any_word(&k->maps, c->ns->map) && any_word(&k->modes, c->ns->mode) &&
	       any_glob(&k->tests, c->name, 1);
}

/* Does @k apply to the boot of @set's guests (an unsaid boot: every one)? */
static int boot_in_scope(const struct known_set *set, const struct known_issue *k)
{
	return (!set->paging[0] || any_word(&k->paging, set->paging)) &&
	       (!set->kaslr[0] || any_word(&k->kaslr, set->kaslr));
}

static int applies(const struct known_set *set, const struct known_issue *k, const char *release,
		   const struct cell *c)
{
	return kernel_in_scope(k, release) && boot_in_scope(set, k) &&
	       (c ? k->stage == KNOWN_TEST && in_scope(k, c) : k->stage == KNOWN_BOOT);
}

static int report_matches(const struct known_issue *k, const struct report *r)
{
	if (r->corrupted)
		return 0;
	return strvec_has(&k->sigs, r->signature) || any_glob(&k->titles, r->title, 0);
}

static struct known_issue *find_report(struct known_set *set, const char *release, const struct cell *c,
				       const struct report *r)
{
	for (int i = 0; set && i < set->nr; i++)
		if (applies(set, &set->v[i], release, c) && report_matches(&set->v[i], r))
			return &set->v[i];
	return NULL;
}

static struct known_issue *find_failure(struct known_set *set, const char *release, const struct cell *c,
					const char *failure)
{
	for (int i = 0; set && i < set->nr; i++)
		if (applies(set, &set->v[i], release, c) && any_glob(&set->v[i].failures, failure, 0))
			return &set->v[i];
	return NULL;
}

/* Count @k once for this test, however many of its reports it matched. */
static void tally(struct known_issue **seen, int *nr, struct known_issue *k)
{
	k->matched++;
	for (int i = 0; i < *nr; i++)
		if (seen[i] == k)
			return;
	seen[(*nr)++] = k;
}

/* "memory_failure.c:183: text" -> "text": where a check sits is not what it says. */
static const char *failure_text(const char *s)
{
	const char *p = s + strcspn(s, ": ");

	if (p > s && p[0] == ':' && isdigit((unsigned char)p[1])) {
		p++;
		while (isdigit((unsigned char)*p))
			p++;
		if (p[0] == ':' && p[1] == ' ')
			return p + 2;
	}
	return s;
}

/*
 * A fail whose every check (the reason's "; "-separated parts) is known.
 * Returns the new reason, or NULL when one is not.
 */
static char *known_failures(struct known_set *set, const char *release, const struct cell *c,
			    const char *reason, struct known_issue **seen, int *nr_seen)
{
	struct known_issue *hits[32], *k;
	struct strbuf sb = STRBUF_INIT;
	char *copy = xstrdup(reason), *save = NULL;
	int n = 0, ok = 1;

	for (char *part = strtok_r(copy, ";", &save); part && ok; part = strtok_r(NULL, ";", &save)) {
		const char *text = failure_text(part + strspn(part, " "));

		/* More failed checks than are ever excused: not known. */
		k = n < (int)(sizeof(hits) / sizeof(hits[0])) ? find_failure(set, release, c, text) : NULL;
		ok = k != NULL;
		if (ok) {
			strbuf_addf(&sb, "%s%s (known issue %s)", n ? "; " : "", text, k->id);
			hits[n++] = k;
		}
	}
	free(copy);
	if (!ok || !n) {
		strbuf_release(&sb);
		return NULL;
	}
	for (int i = 0; i < n; i++)
		tally(seen, nr_seen, hits[i]);
	return strbuf_detach(&sb);
}

/*
 * A bug whose every report @k[] names: what the test came to apart from
 * them decides. Nothing else wrong (or a skip): xfail; failed checks an
 * entry names too: xfail; anything else (another failed check, a timeout,
 * an error) stays that, the reports excused in its reason.
 */
static void known_bug(struct known_set *set, const char *release, const struct cell *c,
		      const struct report *const *reports, struct known_issue *const *k, int nr_reports,
		      struct known_issue **seen, int *nr_seen, struct verdict_out *out)
{
	const struct verdict_info *rest = verdict_info(out->rest);
	struct strbuf sb = STRBUF_INIT;
	char *why = NULL;

	for (int i = 0; i < nr_reports; i++) {
		strbuf_addf(&sb, "%s%s (known issue %s)", i ? "; " : "", reports[i]->title, k[i]->id);
		tally(seen, nr_seen, k[i]);
	}
	if (out->rest == V_FAIL && out->rest_reason)
		why = known_failures(set, release, c, out->rest_reason, seen, nr_seen);
	free(out->reason);
	if (!rest->trouble || why) {
		out->v = V_XFAIL;
		if (why)
			strbuf_addf(&sb, "; %s", why);
		out->reason = strbuf_detach(&sb);
	} else {
		out->v = out->rest;
		out->report = NULL;
		out->reason = xasprintf("%s; %s", out->rest_reason ? out->rest_reason : verdict_name(out->rest),
					sb.buf);
		strbuf_release(&sb);
	}
	free(why);
}

void known_apply(struct known_set *set, const char *release, const struct cell *c,
		 const struct report *const *reports, int nr_reports,
		 const struct known_issue **matched, struct verdict_out *out)
{
	struct known_issue **seen = xcalloc(nr_reports + 32, sizeof(*seen)), *k;
	struct known_issue **hit = xcalloc(nr_reports + 1, sizeof(*hit));
	int nr_seen = 0, unknown = -1;
	char *why;

	release = release ? release : "";
	for (int i = 0; set && out->v != V_SKIP && i < set->nr; i++)
		if (applies(set, &set->v[i], release, c))
			set->v[i].cells++;
	for (int i = 0; i < nr_reports; i++) {
		hit[i] = find_report(set, release, c, reports[i]);
		if (matched)
			matched[i] = hit[i];
		if (!hit[i] && unknown < 0)
			unknown = i;
	}
	if (out->v == V_BUG && unknown >= 0) {
		/* One unknown report keeps it a bug, titled by that report. */
		out->report = reports[unknown];
		free(out->reason);
		out->reason = xstrdup(reports[unknown]->title);
	} else if (out->v == V_BUG && nr_reports) {
		known_bug(set, release, c, reports, hit, nr_reports, seen, &nr_seen, out);
	} else if (out->v == V_FAIL && out->reason &&
		   (why = known_failures(set, release, c, out->reason, seen, &nr_seen))) {
		free(out->reason);
		out->reason = why;
		out->v = V_XFAIL;
	} else if (out->v == V_PASS) {
		for (int i = 0; set && i < set->nr; i++) {
			k = &set->v[i];
			/* An intermittent entry has no repro list: its pass stays a pass. */
			if (k->intermittent || !applies(set, k, release, c) || !any_glob(&k->repro, c->name, 0))
				continue;
			free(out->reason);
			out->reason = xasprintf("known issue %s did not reproduce: %s", k->id, k->reason);
			out->v = V_XPASS;
			k->xpasses++;
			break;
		}
	}
	/* Matched reports count whatever the verdict; the test counts only as an xfail. */
	for (int i = 0; out->v == V_XFAIL && i < nr_seen; i++)
		seen[i]->xfails++;
	free(hit);
	free(seen);
}

const struct known_issue *known_find_boot(struct known_set *set, const char *release,
					  const struct report *r)
{
	return find_report(set, release ? release : "", NULL, r);
}

const struct known_issue *known_match_boot(struct known_set *set, const char *release,
					   const struct report *r)
{
	struct known_issue *k = find_report(set, release ? release : "", NULL, r);

	if (k)
		k->matched++;
	return k;
}

static void add_scope_words(struct strbuf *sb, const char *key, const struct strvec *v)
{
	if (!v->nr)
		return;
	strbuf_addf(sb, "%s%s", sb->len ? "; " : "", key);
	for (int i = 0; i < v->nr; i++)
		strbuf_addf(sb, " %s", v->v[i]);
}

char *known_scope(const struct known_issue *k)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_addstr(&sb, k->kernels.nr ? "" : "every kernel");
	add_scope_words(&sb, "kernels", &k->kernels);
	if (k->stage == KNOWN_BOOT)
		strbuf_addstr(&sb, "; at boot");
	add_scope_words(&sb, "paging", &k->paging);
	add_scope_words(&sb, "kaslr", &k->kaslr);
	add_scope_words(&sb, "actions", &k->actions);
	add_scope_words(&sb, "points", &k->points);
	add_scope_words(&sb, "map", &k->maps);
	add_scope_words(&sb, "mode", &k->modes);
	add_scope_words(&sb, "tests", &k->tests);
	if (k->intermittent)
		strbuf_addstr(&sb, "; intermittent");
	return strbuf_detach(&sb);
}

struct json_object *known_to_json(const struct known_set *set, const char *release)
{
	struct json_object *a = json_object_new_array();

	for (int i = 0; set && i < set->nr; i++) {
		const struct known_issue *k = &set->v[i];
		struct json_object *o;
		char *scope;

		if (!kernel_in_scope(k, release) || !boot_in_scope(set, k))
			continue;
		o = json_object_new_object();
		json_object_object_add(o, "id", json_object_new_string(k->id));
		json_object_object_add(o, "reason", json_object_new_string(k->reason));
		json_object_object_add(o, "stage", json_object_new_string(k->stage == KNOWN_BOOT ? "boot" : "test"));
		if (k->link)
			json_object_object_add(o, "link", json_object_new_string(k->link));
		scope = known_scope(k);
		json_object_object_add(o, "scope", json_object_new_string(scope));
		free(scope);
		json_object_object_add(o, "intermittent", json_object_new_boolean(k->intermittent));
		json_object_object_add(o, "xfail", json_object_new_int(k->xfails));
		json_object_object_add(o, "xpass", json_object_new_int(k->xpasses));
		json_object_object_add(o, "matched", json_object_new_int(k->matched));
		json_object_object_add(o, "cells", json_object_new_int(k->cells));
		if (k->finding)
			json_object_object_add(o, "finding", json_object_new_int(k->finding));
		if (k->fixes.nr) {
			struct json_object *f = json_object_new_array();

			for (int j = 0; j < k->fixes.nr; j++)
				json_object_array_add(f, json_object_new_string(k->fixes.v[j]));
			json_object_object_add(o, "fix", f);
		}
		json_object_array_add(a, o);
	}
	return a;
}
