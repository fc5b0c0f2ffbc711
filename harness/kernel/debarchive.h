/* SPDX-License-Identifier: GPL-2.0 */
/*
 * debarchive.h - Debian packages by name, from the host's apt lists or
 * from newer Debian suites the host does not list.
 *
 * The host is Debian 12; newer kernels (linux-source-7.3 in
 * trixie-backports, linux-image-7.3.4+deb13-amd64, ...) live in the same
 * archive. They are read through a private apt configuration under
 * CACHE/apt/ (sources.list, lists/, cache/), never the system's: the
 * archive URI and keyring are the ones the host's apt uses for Debian, the
 * suites those of CONFIGS/debian-suites. A lookup asks the host's lists
 * first, then the private ones; the newest version (dpkg's order) wins.
 * The private lists are refreshed when missing, older than a day, or when
 * the suites changed; an archive that cannot be reached leaves the lists
 * as they were (a cached package still resolves).
 *
 * Packages are downloaded (apt-get download) and unpacked by the caller,
 * never installed.
 */
#ifndef PMEMFI_DEBARCHIVE_H
#define PMEMFI_DEBARCHIVE_H

struct deb_pkg {
	char *name;	/* linux-source-7.3 */
	char *version;	/* 7.3.4-1~bpo13+1 */
	char *suite;	/* trixie-backports; "the host's lists" for those */
	int private_lists;	/* found in pmemfi's own lists, not the host's */
};

struct debarchive {
	const char *cache;	/* ~/.cache/pmemfi */
	const char *configs;	/* holds debian-suites */
};

/*
 * The newest package named exactly @name, or, when @name_re is set, whose
 * name matches that extended regular expression (apt-cache search
 * --names-only). With @upstream, only versions whose upstream part (before
 * the last '-') is @upstream or starts with "@upstream." count. Returns 0
 * and fills @out; 1 when there is none (@err says where it looked);
 * EXIT_INFRA when apt could not be asked.
 */
int debarchive_find(const struct debarchive *a, const char *name, const char *name_re, const char *upstream,
		    struct deb_pkg *out, char *err, int errlen);

/*
 * Download @p into @dir (created); the .deb's path in *@deb. Says in one
 * line what it fetches from which suite.
 */
int debarchive_download(const struct debarchive *a, const struct deb_pkg *p, const char *dir, char **deb,
			char *err, int errlen);

/* The suites of CONFIGS/debian-suites, space-separated (for messages). Caller frees. */
char *debarchive_suites(const struct debarchive *a);

void deb_pkg_free(struct deb_pkg *p);

/*
 * The Debian archive of a host's apt configuration: the URI and keyring of
 * the first deb822 stanza (@deb822: debian.sources) or, without one, the
 * first "deb" line (@list: sources.list) that is not the security archive;
 * else deb.debian.org and Debian's archive keyring. Either may be NULL.
 */
void debarchive_archive_of(const char *deb822, const char *list, char **uri, char **keyring);

/* Is Debian version @version (7.3.4-1~bpo13+1) of upstream version @upstream (7.3.4, or 7.3)? */
int deb_upstream_matches(const char *version, const char *upstream);

#endif
