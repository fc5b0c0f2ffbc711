// SPDX-License-Identifier: GPL-2.0
#include "kernel/kconfig.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "lib/util.h"

static struct kconfig_sym *find(const struct kconfig *kc, const char *name)
{
	for (int i = 0; i < kc->nr; i++)
		if (!strcmp(kc->v[i].name, name))
			return &kc->v[i];
	return NULL;
}

static void set(struct kconfig *kc, const char *name, size_t len, const char *value,
		const char *origin)
{
	char *n = xasprintf("%.*s", (int)len, name);
	struct kconfig_sym *s = find(kc, n);

	if (!s) {
		GROW(kc->v, kc->nr, kc->alloc);
		s = &kc->v[kc->nr++];
		s->name = n;
	} else {
		free(n);
		free(s->value);
		free(s->origin);
	}
	s->value = xstrdup(value);
	s->origin = origin ? xstrdup(origin) : NULL;
}

void kconfig_parse(struct kconfig *kc, const char *text, const char *origin)
{
	const char *line = text;

	while (line && *line) {
		const char *end = strchr(line, '\n');
		size_t len = end ? (size_t)(end - line) : strlen(line);
		char *l = xasprintf("%.*s", (int)len, line);
		char *p = l;

		while (*p == ' ' || *p == '\t')
			p++;
		if (!strncmp(p, "CONFIG_", 7) && strchr(p, '=')) {
			char *eq = strchr(p, '='), *v = eq + 1, *e = v + strlen(v);

			while (e > v && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
				*--e = '\0';
			set(kc, p + 7, eq - p - 7, v, origin);
		} else if (!strncmp(p, "# CONFIG_", 9) && strstr(p, " is not set")) {
			set(kc, p + 9, strstr(p, " is not set") - p - 9, "n", origin);
		}
		free(l);
		line = end ? end + 1 : NULL;
	}
}

int kconfig_load(struct kconfig *kc, const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	const char *base = strrchr(path, '/');
	int rc = read_file(path, &sb);

	if (!rc)
		kconfig_parse(kc, sb.buf, base ? base + 1 : path);
	strbuf_release(&sb);
	return rc;
}

int kconfig_fragment_patches(const char *path, struct strvec *names)
{
	static const char tag[] = "# pmemfi-patch:";
	struct strbuf sb = STRBUF_INIT;
	int rc = read_file(path, &sb);

	for (const char *line = rc ? NULL : sb.buf; line && *line;) {
		const char *end = strchr(line, '\n'), *name, *stop;

		if (!end)
			end = line + strlen(line);
		if (!strncmp(line, tag, sizeof(tag) - 1)) {
			for (name = line + sizeof(tag) - 1; name < end && isspace((unsigned char)*name);)
				name++;
			for (stop = end; stop > name && isspace((unsigned char)stop[-1]);)
				stop--;
			if (stop > name)
				strvec_pushf(names, "%.*s", (int)(stop - name), name);
		}
		line = *end ? end + 1 : NULL;
	}
	strbuf_release(&sb);
	return rc;
}

const char *kconfig_get(const struct kconfig *kc, const char *name)
{
	const struct kconfig_sym *s = find(kc, name);

	return s ? s->value : "n";
}

void kconfig_free(struct kconfig *kc)
{
	for (int i = 0; i < kc->nr; i++) {
		free(kc->v[i].name);
		free(kc->v[i].value);
		free(kc->v[i].origin);
	}
	free(kc->v);
	kc->v = NULL;
	kc->nr = kc->alloc = 0;
}

static int kconfig_file(const char *name)
{
	return !strncmp(name, "Kconfig", 7);
}

/*
 * Depth-first walk of the Kconfig files, skipping trees with none: the
 * "depends on" conditions of @name into @out, *@found set when it is defined.
 */
static void walk(const char *dir, const char *name, struct strbuf *out, int *found, int depth)
{
	static const char *const skip[] = { "Documentation", "tools", "samples", "LICENSES", ".git", NULL };
	DIR *d = opendir(dir);
	struct dirent *e;

	if (!d || depth > 12) {
		if (d)
			closedir(d);
		return;
	}
	while ((e = readdir(d))) {
		char *path;
		int skipped = e->d_name[0] == '.';

		for (const char *const *s = skip; *s && !skipped; s++)
			skipped = depth == 0 && !strcmp(e->d_name, *s);
		if (skipped)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		if (e->d_type == DT_DIR) {
			walk(path, name, out, found, depth + 1);
		} else if (kconfig_file(e->d_name)) {
			struct strbuf sb = STRBUF_INIT;
			char *hdr1 = xasprintf("\nconfig %s\n", name), *hdr2 = xasprintf("\nmenuconfig %s\n", name);
			const char *p;

			strbuf_addstr(&sb, "\n");
			if (!read_file(path, &sb) && ((p = strstr(sb.buf, hdr1)) || (p = strstr(sb.buf, hdr2)))) {
				/* The entry runs until the next line that starts a new one. */
				const char *line = strchr(p + 1, '\n') + 1;

				*found = 1;
				while (*line && (*line == '\t' || *line == ' ' || *line == '\n')) {
					const char *t = line, *end = strchr(line, '\n');

					while (*t == '\t' || *t == ' ')
						t++;
					if (!strncmp(t, "depends on ", 11)) {
						if (out->len)
							strbuf_addstr(out, " && ");
						strbuf_add(out, t + 11, (end ? end : t + strlen(t)) - t - 11);
					}
					if (!end)
						break;
					line = end + 1;
				}
			}
			free(hdr1);
			free(hdr2);
			strbuf_release(&sb);
		}
		free(path);
	}
	closedir(d);
}

char *kconfig_explain(const char *srctree, const char *name, const struct kconfig *final)
{
	struct strbuf deps = STRBUF_INIT, out = STRBUF_INIT;
	const char *p;
	int found = 0;

	walk(srctree, name, &deps, &found, 0);
	if (!deps.len) {
		strbuf_release(&deps);
		return found ? xstrdup("no depends on (selected by another symbol, or without a prompt)") : NULL;
	}
	strbuf_addf(&out, "depends on %s [", deps.buf);
	/* The value of every symbol the condition mentions. */
	for (p = deps.buf; *p;) {
		const char *s = p;

		if (!isupper((unsigned char)*p) && *p != '_') {
			p++;
			continue;
		}
		while (isalnum((unsigned char)*p) || *p == '_')
			p++;
		{
			char *sym = xasprintf("%.*s", (int)(p - s), s);
			char *needle = xasprintf("%s=", sym);

			if (!strstr(out.buf, needle))
				strbuf_addf(&out, "%s%s=%s", out.buf[out.len - 1] == '[' ? "" : " ", sym,
					    kconfig_get(final, sym));
			free(needle);
			free(sym);
		}
	}
	strbuf_addstr(&out, "]");
	strbuf_release(&deps);
	return strbuf_detach(&out);
}

int kconfig_verify(const struct kconfig *want, const struct kconfig *final,
		   const char *srctree, struct strbuf *report, struct strbuf *dropped)
{
	int bad = 0;

	for (int i = 0; i < want->nr; i++) {
		const struct kconfig_sym *w = &want->v[i];
		const char *got = kconfig_get(final, w->name);
		char *why;

		if (!strcmp(w->value, got))
			continue;
		/* One walk of the tree's Kconfig files: NULL is a symbol the tree does not define. */
		why = srctree ? kconfig_explain(srctree, w->name, final) : NULL;
		if (dropped && srctree && !why) {
			strbuf_addf(dropped, "%sCONFIG_%s=%s (%s)", dropped->len ? ", " : "", w->name, w->value,
				    w->origin ? w->origin : "?");
			continue;
		}
		bad++;
		strbuf_addf(report, "CONFIG_%s=%s (%s) %s%s", w->name, w->value,
			    w->origin ? w->origin : "?", strcmp(got, "n") ? "became " : "is not set",
			    strcmp(got, "n") ? got : "");
		if (why)
			strbuf_addf(report, ": %s", why);
		else if (srctree)
			strbuf_addstr(report, ": no such symbol in this tree's Kconfig");
		strbuf_addstr(report, "\n");
		free(why);
	}
	return bad;
}
