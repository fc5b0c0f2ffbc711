// SPDX-License-Identifier: GPL-2.0
#include "kernel/debarchive.h"

#include <ctype.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

#define HOST_DEB822 "/etc/apt/sources.list.d/debian.sources"
#define HOST_LIST "/etc/apt/sources.list"
#define DEFAULT_URI "http://deb.debian.org/debian"
#define DEFAULT_KEYRING "/usr/share/keyrings/debian-archive-keyring.gpg"
/* Private lists older than this are refreshed (a new point release). */
#define LISTS_MAX_AGE (24 * 3600)

void deb_pkg_free(struct deb_pkg *p)
{
	free(p->name);
	free(p->version);
	free(p->suite);
	memset(p, 0, sizeof(*p));
}

static void read_suites(const struct debarchive *a, struct strvec *out)
{
	char *path = xasprintf("%s/debian-suites", a->configs);
	struct strbuf sb = STRBUF_INIT;
	char *save = NULL;

	if (!read_file(path, &sb))
		for (char *l = strtok_r(sb.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			l[strcspn(l, "# \t")] = '\0';
			if (*l)
				strvec_push(out, l);
		}
	strbuf_release(&sb);
	free(path);
}

char *debarchive_suites(const struct debarchive *a)
{
	struct strvec s = STRVEC_INIT;
	struct strbuf out = STRBUF_INIT;

	read_suites(a, &s);
	for (int i = 0; i < s.nr; i++)
		strbuf_addf(&out, "%s%s", i ? " " : "", s.v[i]);
	strvec_clear(&s);
	return strbuf_detach(&out);
}

/* The value of "Field: value" in a deb822 stanza, or NULL. Caller frees. */
static char *deb822_field(const char *stanza, const char *field)
{
	size_t n = strlen(field);

	for (const char *l = stanza; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL) {
		if (!strncasecmp(l, field, n) && l[n] == ':') {
			const char *v = l + n + 1;

			v += strspn(v, " \t");
			return xasprintf("%.*s", (int)strcspn(v, " \t\n"), v);
		}
		if (*l == '\n')
			break;
	}
	return NULL;
}

void debarchive_archive_of(const char *deb822, const char *list, char **uri, char **keyring)
{
	struct strbuf sb = STRBUF_INIT;

	*uri = *keyring = NULL;
	strbuf_addstr(&sb, deb822 ? deb822 : "");
	for (char *st = sb.buf; st && *st && !*uri; st = strstr(st, "\n\n") ? strstr(st, "\n\n") + 2 : NULL) {
		char *u = deb822_field(st, "URIs");

		if (u && !strstr(u, "security")) {
			*uri = u;
			*keyring = deb822_field(st, "Signed-By");
		} else {
			free(u);
		}
	}
	strbuf_reset(&sb);
	strbuf_addstr(&sb, list ? list : "");
	if (!*uri) {
		char *save = NULL;

		for (char *l = strtok_r(sb.buf, "\n", &save); l && !*uri; l = strtok_r(NULL, "\n", &save)) {
			char *w = l + 4;

			if (strncmp(l, "deb ", 4))
				continue;
			w += strspn(w, " \t");
			if (*w == '[' && strchr(w, ']'))
				w = strchr(w, ']') + 1;
			w += strspn(w, " \t");
			w[strcspn(w, " \t")] = '\0';
			if (*w && !strstr(w, "security"))
				*uri = xstrdup(w);
		}
	}
	strbuf_release(&sb);
	if (!*uri)
		*uri = xstrdup(DEFAULT_URI);
	if (!*keyring || **keyring != '/') {
		free(*keyring);
		*keyring = xstrdup(DEFAULT_KEYRING);
	}
}

/* The archive the host's apt reads Debian from. */
static void host_archive(char **uri, char **keyring)
{
	struct strbuf deb822 = STRBUF_INIT, list = STRBUF_INIT;

	read_file(HOST_DEB822, &deb822);
	read_file(HOST_LIST, &list);
	debarchive_archive_of(deb822.buf, list.buf, uri, keyring);
	strbuf_release(&deb822);
	strbuf_release(&list);
}

/* apt's options for the private configuration, after argv[0]. */
static void private_opts(const struct debarchive *a, struct strvec *argv)
{
	strvec_push(argv, "-o");
	strvec_pushf(argv, "Dir::Etc::SourceList=%s/apt/sources.list", a->cache);
	strvec_push(argv, "-o");
	strvec_push(argv, "Dir::Etc::SourceParts=/dev/null");
	strvec_push(argv, "-o");
	strvec_pushf(argv, "Dir::State::Lists=%s/apt/lists", a->cache);
	strvec_push(argv, "-o");
	strvec_pushf(argv, "Dir::Cache=%s/apt/cache", a->cache);
	strvec_push(argv, "-o");
	strvec_push(argv, "APT::Sandbox::User=root");
}

static int apt(const struct debarchive *a, int private_lists, const char *const *args, const char *cwd,
	       const char *log, struct strbuf *out)
{
	struct strvec argv = STRVEC_INIT;
	int rc;

	strvec_push(&argv, args[0]);
	if (private_lists)
		private_opts(a, &argv);
	for (int i = 1; args[i]; i++)
		strvec_push(&argv, args[i]);
	rc = run_cmd(argv.v, cwd, log, out);
	strvec_clear(&argv);
	return rc;
}

static int lock_apt_dir(const struct debarchive *a)
{
	char *dir = xasprintf("%s/apt", a->cache), *path = xasprintf("%s/lock", dir);
	int fd = -1;

	if (!mkdir_p(dir))
		fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd >= 0 && flock(fd, LOCK_EX)) {
		close(fd);
		fd = -1;
	}
	free(dir);
	free(path);
	return fd;
}

/*
 * Write the private sources list; refresh the lists when they are missing,
 * stale or for other suites. Returns 0, or -1 when there are no lists at
 * all and apt-get update failed (its log named in @err).
 */
static int ensure_lists(const struct debarchive *a, int force, char *err, int errlen)
{
	char *list = xasprintf("%s/apt/sources.list", a->cache), *stamp = xasprintf("%s/apt/updated", a->cache);
	char *log = xasprintf("%s/apt/update.log", a->cache), *uri, *keyring, *suites;
	struct strvec s = STRVEC_INIT;
	struct strbuf want = STRBUF_INIT, have = STRBUF_INIT;
	struct stat st;
	int rc = 0, fresh;

	read_suites(a, &s);
	host_archive(&uri, &keyring);
	for (int i = 0; i < s.nr; i++)
		strbuf_addf(&want, "deb [signed-by=%s] %s %s main\n", keyring, uri, s.v[i]);
	read_file(list, &have);
	fresh = !force && !strcmp(have.buf, want.buf) && !stat(stamp, &st) &&
		time(NULL) - st.st_mtime < LISTS_MAX_AGE;
	if (!fresh && s.nr) {
		static const char *const update[] = { "apt-get", "update", "-q", NULL };
		char *lists = xasprintf("%s/apt/lists/partial", a->cache);
		char *archives = xasprintf("%s/apt/cache/archives/partial", a->cache);

		suites = debarchive_suites(a);
		info("reading Debian's %s from %s (private apt lists in %s/apt)", suites, uri, a->cache);
		free(suites);
		if (mkdir_p(lists) || mkdir_p(archives) || write_file(list, want.buf, want.len)) {
			rc = error_set(err, errlen, "%s/apt: cannot create the private apt configuration", a->cache);
		} else {
			unlink(log);
			if (apt(a, 1, update, NULL, log, NULL) == 0)
				write_file(stamp, "", 0);
			else if (!file_exists(stamp))
				rc = error_set(err, errlen, "apt-get update of Debian's %s failed, see %s", uri, log);
			else
				msg("apt-get update failed (see %s); using the lists of an earlier update", log);
		}
		free(lists);
		free(archives);
	}
	strvec_clear(&s);
	strbuf_release(&want);
	strbuf_release(&have);
	free(uri);
	free(keyring);
	free(list);
	free(stamp);
	free(log);
	return rc;
}

/* dpkg's order: is @x newer than @y? */
static int newer(const char *x, const char *y)
{
	char *argv[] = { "dpkg", "--compare-versions", (char *)x, "gt", (char *)y, NULL };

	return run_cmd(argv, NULL, "-", NULL) == 0;
}

int deb_upstream_matches(const char *version, const char *upstream)
{
	const char *colon = strchr(version, ':'), *dash;
	size_t n = strlen(upstream);

	if (colon)
		version = colon + 1;
	dash = strrchr(version, '-');
	if (strncmp(version, upstream, n))
		return 0;
	return version + n == dash || !version[n] || version[n] == '.' || version[n] == '+';
}

/*
 * Lines of "apt-cache madison NAME": "NAME | VERSION | URI SUITE/main
 * amd64 Packages". Keeps the newest matching version in @best.
 */
static void pick_newest(const char *name, const char *madison, const char *upstream, int private_lists,
			struct deb_pkg *best)
{
	struct strbuf sb = STRBUF_INIT;
	char *save = NULL;

	strbuf_addstr(&sb, madison);
	for (char *l = strtok_r(sb.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		char f[3][512];
		char *suite;

		if (sscanf(l, " %511[^ |] | %511[^ |] | %511[^\n]", f[0], f[1], f[2]) != 3 || strcmp(f[0], name) ||
		    strstr(f[2], "Sources"))
			continue;
		if (upstream && !deb_upstream_matches(f[1], upstream))
			continue;
		if (best->version && !newer(f[1], best->version))
			continue;
		suite = strchr(f[2], ' ');
		suite = suite ? suite + 1 : f[2];
		suite[strcspn(suite, "/ ")] = '\0';
		deb_pkg_free(best);
		best->name = xstrdup(name);
		best->version = xstrdup(f[1]);
		best->suite = xstrdup(private_lists ? suite : "the host's lists");
		best->private_lists = private_lists;
	}
	strbuf_release(&sb);
}

/* The names to look at: @name, or those apt-cache search finds for @name_re. */
static void candidate_names(const struct debarchive *a, int private_lists, const char *name,
			    const char *name_re, struct strvec *out)
{
	const char *const search[] = { "apt-cache", "search", "--names-only", name_re, NULL };
	struct strbuf sb = STRBUF_INIT;
	char *save = NULL;

	if (!name_re) {
		strvec_push(out, name);
		return;
	}
	if (apt(a, private_lists, search, NULL, "-", &sb) == 0)
		for (char *l = strtok_r(sb.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			l[strcspn(l, " ")] = '\0';
			strvec_push_unique(out, l);
		}
	strbuf_release(&sb);
}

static void find_in(const struct debarchive *a, int private_lists, const char *name, const char *name_re,
		    const char *upstream, struct deb_pkg *best)
{
	struct strvec names = STRVEC_INIT;

	candidate_names(a, private_lists, name, name_re, &names);
	for (int i = 0; i < names.nr; i++) {
		const char *const madison[] = { "apt-cache", "madison", names.v[i], NULL };
		struct strbuf sb = STRBUF_INIT;

		if (apt(a, private_lists, madison, NULL, "-", &sb) == 0)
			pick_newest(names.v[i], sb.buf, upstream, private_lists, best);
		strbuf_release(&sb);
	}
	strvec_clear(&names);
}

int debarchive_find(const struct debarchive *a, const char *name, const char *name_re, const char *upstream,
		    struct deb_pkg *out, char *err, int errlen)
{
	int lock, rc = 0;
	char *suites;

	memset(out, 0, sizeof(*out));
	find_in(a, 0, name, name_re, upstream, out);
	if (out->name)
		return 0;
	lock = lock_apt_dir(a);
	if (lock < 0)
		return error_code(EXIT_INFRA, err, errlen, "%s/apt: cannot create or lock", a->cache);
	if (ensure_lists(a, 0, err, errlen))
		rc = EXIT_INFRA;
	if (!rc)
		find_in(a, 1, name, name_re, upstream, out);
	/* Not there: the lists may predate it (a new point release). */
	if (!rc && !out->name && !ensure_lists(a, 1, err, errlen))
		find_in(a, 1, name, name_re, upstream, out);
	close(lock);
	if (rc || out->name)
		return rc;
	suites = debarchive_suites(a);
	error_set(err, errlen, "no package %s%s%s in Debian's lists (the host's and %s)", name_re ? name_re : name,
		  upstream ? " of version " : "", upstream ? upstream : "", suites);
	free(suites);
	return 1;
}

int debarchive_download(const struct debarchive *a, const struct deb_pkg *p, const char *dir, char **deb,
			char *err, int errlen)
{
	char *what = xasprintf("%s=%s", p->name, p->version), *log = xasprintf("%s/fetch.log", dir);
	char *prefix = xasprintf("%s_", p->name);
	const char *const download[] = { "apt-get", "download", "-q", what, NULL };
	struct strbuf ls = STRBUF_INIT;
	int lock = -1, rc;

	*deb = NULL;
	msg("fetching %s %s from Debian %s (apt-get download, not installed)", p->name, p->version, p->suite);
	if (mkdir_p(dir)) {
		rc = error_code(EXIT_INFRA, err, errlen, "%s: cannot create", dir);
		goto out;
	}
	if (p->private_lists && (lock = lock_apt_dir(a)) < 0) {
		rc = error_code(EXIT_INFRA, err, errlen, "%s/apt: cannot lock", a->cache);
		goto out;
	}
	rc = apt(a, p->private_lists, download, dir, log, NULL);
	if (lock >= 0)
		close(lock);
	if (!rc) {
		char *argv[] = { "ls", (char *)dir, NULL };
		char *save = NULL;

		run_cmd(argv, NULL, "-", &ls);
		for (char *l = strtok_r(ls.buf, "\n", &save); l && !*deb; l = strtok_r(NULL, "\n", &save))
			if (!strncmp(l, prefix, strlen(prefix)) && strstr(l, ".deb"))
				*deb = xasprintf("%s/%s", dir, l);
	}
	rc = *deb ? 0 : error_code(EXIT_INFRA, err, errlen, "apt-get download %s failed, see %s", what, log);
out:
	strbuf_release(&ls);
	free(what);
	free(log);
	free(prefix);
	return rc;
}
