// SPDX-License-Identifier: GPL-2.0
#include "kernel/kernel.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/debarchive.h"
#include "kernel/kbuild.h"
#include "kernel/kconfig.h"
#include "kernel/prebuilt.h"
#include "lib/lock.h"
#include "lib/util.h"

#define DEB_PREFIX "linux-image-"
#define DEB_SUFFIX "-amd64-unsigned"

char *kernel_image_release(const char *image)
{
	unsigned char hdr[0x210];
	char ver[256];
	FILE *f = fopen(image, "rb");
	unsigned off;
	size_t n;

	if (!f)
		return NULL;
	n = fread(hdr, 1, sizeof(hdr), f);
	/* x86 boot protocol: "HdrS" at 0x202, kernel_version at 0x20e. */
	if (n != sizeof(hdr) || memcmp(hdr + 0x202, "HdrS", 4)) {
		fclose(f);
		return NULL;
	}
	off = (hdr[0x20e] | hdr[0x20f] << 8) + 0x200;
	if (fseek(f, off, SEEK_SET) || !fgets(ver, sizeof(ver), f)) {
		fclose(f);
		return NULL;
	}
	fclose(f);
	ver[strcspn(ver, " ")] = '\0';
	return ver[0] ? xstrdup(ver) : NULL;
}

char *kernel_config_sanitizers(const char *config)
{
	static const char *const syms[] = {
		"KASAN", "KFENCE", "UBSAN", "KMSAN", "DEBUG_VM", "DEBUG_VM_PGFLAGS",
		"PROVE_LOCKING", "PAGE_OWNER", NULL,
	};
	struct strbuf cfg = STRBUF_INIT, out = STRBUF_INIT;

	/* A leading newline lets every line be matched as "\nCONFIG_X=y\n". */
	strbuf_addstr(&cfg, "\n");
	if (!config || read_file(config, &cfg)) {
		strbuf_release(&cfg);
		return xstrdup("unknown");
	}
	for (const char *const *s = syms; *s; s++) {
		char *needle = xasprintf("\nCONFIG_%s=y\n", *s);

		if (strstr(cfg.buf, needle))
			strbuf_addf(&out, "%s%s", out.len ? " " : "", *s);
		free(needle);
	}
	strbuf_release(&cfg);
	if (!out.len)
		strbuf_addstr(&out, "none");
	return strbuf_detach(&out);
}

static char *hash_file_hex(const char *path)
{
	uint64_t h = FNV1A64_INIT;

	if (!path || fnv1a64_file(path, &h))
		return NULL;
	return xasprintf("%016" PRIx64, h);
}

void kernel_set_config(struct kernel *k, const char *config)
{
	if (config && file_exists(config)) {
		k->config = xstrdup(config);
		k->config_hash = hash_file_hex(config);
	}
	k->sanitizers = kernel_config_sanitizers(k->config);
}

/* Newest "linux-image-6.12.N+deb12-amd64-unsigned" in apt's lists, or NULL. */
static char *newest_debian_package(void)
{
	char *argv[] = { "apt-cache", "search", "--names-only",
			 "^linux-image-6\\.12\\.[0-9]+\\+deb12-amd64-unsigned$", NULL };
	struct strbuf out = STRBUF_INIT;
	char *best = NULL, *line, *save = NULL;

	if (run_cmd(argv, NULL, "-", &out) != 0) {
		strbuf_release(&out);
		return NULL;
	}
	for (line = strtok_r(out.buf, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		line[strcspn(line, " ")] = '\0';
		if (!best || strverscmp(line, best) > 0) {
			free(best);
			best = xstrdup(line);
		}
	}
	strbuf_release(&out);
	return best;
}

/* Newest release already unpacked in the cache (offline fallback). */
static char *newest_cached_release(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char *best = NULL;

	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		char *ready = xasprintf("%s/%s/ready", dir, e->d_name);

		if (e->d_name[0] != '.' && file_exists(ready) &&
		    (!best || strverscmp(e->d_name, best) > 0)) {
			free(best);
			best = xstrdup(e->d_name);
		}
		free(ready);
	}
	closedir(d);
	return best;
}

/*
 * The packages that hold the kernel of image package @deb: itself, and
 * since Debian 13's split (linux-image-R is a metapackage) the
 * linux-base-R, linux-binary-R and linux-modules-R it depends on.
 */
static void image_parts(const char *deb, const char *release, struct strvec *out)
{
	char *f[] = { "dpkg-deb", "-f", (char *)deb, "Depends", NULL };
	struct strbuf dep = STRBUF_INIT;
	char *save = NULL;

	if (run_cmd(f, NULL, "-", &dep))
		return;
	for (char *d = strtok_r(dep.buf, ",|", &save); d; d = strtok_r(NULL, ",|", &save)) {
		d += strspn(d, " \n");
		d[strcspn(d, " \n(")] = '\0';
		for (const char *const *part = (const char *const[]){ "base", "binary", "modules", NULL }; *part;
		     part++) {
			char *want = xasprintf("linux-%s-%s", *part, release);

			if (!strcmp(d, want))
				strvec_push(out, d);
			free(want);
		}
	}
	strbuf_release(&dep);
}

/* Download @p and unpack it into @root; with @parts, add the packages it is split into. */
static int fetch_part(const struct debarchive *a, const struct deb_pkg *p, const char *dir, const char *root,
		      struct strvec *parts, const char *release, char *err, int errlen)
{
	char *deb = NULL, *log = xasprintf("%s/fetch.log", dir);
	int rc = debarchive_download(a, p, dir, &deb, err, errlen);

	if (!rc) {
		char *x[] = { "dpkg-deb", "-x", deb, (char *)root, NULL };

		if (parts)
			image_parts(deb, release, parts);
		if (run_cmd(x, NULL, log, NULL))
			rc = error_code(EXIT_INFRA, err, errlen, "unpacking %s failed, see %s", p->name, log);
		unlink(deb);
	}
	free(deb);
	free(log);
	return rc;
}

/*
 * Where an unpacked image package has its pieces: Debian 12 puts them in
 * /boot and /lib/modules, Debian 13's split packages all under
 * /usr/lib/modules/RELEASE (vmlinuz and config beside the modules).
 */
static void image_paths(const char *dir, const char *release, char **image, char **config, char **modroot)
{
	char *merged = xasprintf("%s/root/usr/lib/modules/%s/vmlinuz", dir, release);

	if (file_exists(merged)) {
		*image = merged;
		*config = xasprintf("%s/root/usr/lib/modules/%s/config", dir, release);
		*modroot = xasprintf("%s/root/usr", dir);
		return;
	}
	free(merged);
	*image = xasprintf("%s/root/boot/vmlinuz-%s", dir, release);
	*config = xasprintf("%s/root/boot/config-%s", dir, release);
	*modroot = xasprintf("%s/root", dir);
}

/* Download and unpack Debian's image package @p (and its parts) into @dir/root, then depmod. */
static int fetch_debian(const struct debarchive *a, const struct deb_pkg *p, const char *release,
			const char *dir, char *err, int errlen)
{
	char *log = xasprintf("%s/fetch.log", dir), *root = xasprintf("%s/root", dir), *ready;
	char *image = NULL, *config = NULL, *modroot = NULL;
	struct strvec parts = STRVEC_INIT;
	int rc = fetch_part(a, p, dir, root, &parts, release, err, errlen);

	for (int i = 0; !rc && i < parts.nr; i++) {
		struct deb_pkg part = { .name = parts.v[i], .version = p->version, .suite = p->suite,
					.private_lists = p->private_lists };

		rc = fetch_part(a, &part, dir, root, NULL, release, err, errlen);
	}
	if (!rc) {
		char *dm[] = { "depmod", "-b", NULL, (char *)release, NULL };

		image_paths(dir, release, &image, &config, &modroot);
		dm[2] = modroot;
		if (!file_exists(image))
			rc = error_code(EXIT_INFRA, err, errlen, "%s: no kernel image in it (nor in %s)", p->name,
					parts.nr ? "its linux-binary package" : "a package it depends on");
		else if (run_cmd(dm, NULL, log, NULL))
			rc = error_code(EXIT_INFRA, err, errlen, "depmod for %s failed, see %s", p->name, log);
	}
	if (!rc) {
		ready = xasprintf("%s/ready", dir);
		if (write_file(ready, p->version, strlen(p->version)))
			rc = error_code(EXIT_INFRA, err, errlen, "%s: cannot write the ready mark", dir);
		free(ready);
	}
	strvec_clear(&parts);
	free(image);
	free(config);
	free(modroot);
	free(log);
	free(root);
	return rc;
}

/*
 * Lock "@dir.lock" for @what, whose progress shows in @progress: a second
 * pmemfi waits for the first (lock.h), then finds its work done. The
 * lock's fd, or -1 with @err.
 */
static int dir_lock(const char *dir, const char *what, const char *progress, char *err, int errlen)
{
	char *lockpath = xasprintf("%s.lock", dir);
	int waited, lock = mkdir_p(dir) ? -1 : lock_take(lockpath, what, progress, &waited);

	if (lock < 0)
		error_code(EXIT_INFRA, err, errlen, "%s: cannot lock: %s", lockpath, strerror(errno));
	free(lockpath);
	return lock;
}

/*
 * The flavour at the end of a Debian version ("6.12.117-cloud": "cloud"),
 * or NULL for the generic amd64 one. Debian 12 builds amd64, cloud-amd64
 * and rt-amd64 (apt-cache search linux-image-6.12).
 */
static const char *debian_flavour(const char *v)
{
	static const char *const flavours[] = { "cloud", "rt", NULL };
	const char *dash = strrchr(v, '-');

	for (int i = 0; dash && flavours[i]; i++)
		if (!strcmp(dash + 1, flavours[i]))
			return dash + 1;
	return NULL;
}

/* @s[0..@n) with the characters of an extended regex escaped. Caller frees. */
static char *regex_escape(const char *s, int n)
{
	struct strbuf out = STRBUF_INIT;

	for (int i = 0; i < n; i++) {
		if (strchr(".+*?()[]{}|^$\\", s[i]))
			strbuf_addstr(&out, "\\");
		strbuf_add(&out, s + i, 1);
	}
	return strbuf_detach(&out);
}

/* The kernel release of image package @name: "linux-image-R[-unsigned]". */
static char *image_release(const char *name)
{
	size_t n = strlen(name) - strlen(DEB_PREFIX);

	if (n > strlen("-unsigned") && !strcmp(name + strlen(name) - strlen("-unsigned"), "-unsigned"))
		n -= strlen("-unsigned");
	return xasprintf("%.*s", (int)n, name + strlen(DEB_PREFIX));
}

/*
 * The image package of "debian:@v": Debian 12's own name for it (6.12
 * packages by version, 6.1 by ABI) when it is cached or in the host's
 * lists, else the newest linux-image-V[.N][+debNN]-[FLAVOUR-]amd64[-unsigned]
 * of any suite (Debian 13 and later: linux-image-7.3.4+deb13-amd64).
 * @p->version is empty for a cached package (its ready mark has it).
 */
static int debian_image_pkg(const struct debarchive *a, const char *v, const char *base, struct deb_pkg *p,
			    char *err, int errlen)
{
	const char *flavour = debian_flavour(v);
	int vlen = flavour ? (int)(flavour - v - 1) : (int)strlen(v), rc;
	char *name = xasprintf(DEB_PREFIX "%.*s%s%s%s" DEB_SUFFIX, vlen, v, strstr(v, ".0-") ? "" : "+deb12",
			       flavour ? "-" : "", flavour ? flavour : "");
	char *release = image_release(name), *ready = xasprintf("%s/%s/ready", base, release), *esc, *re;

	memset(p, 0, sizeof(*p));
	if (file_exists(ready)) {
		p->name = name;
		p->version = xstrdup("");
		p->suite = xstrdup("the cache");
		free(release);
		free(ready);
		return 0;
	}
	free(release);
	free(ready);
	esc = regex_escape(v, vlen);
	re = xasprintf("^" DEB_PREFIX "%s(\\.[0-9]+)?(\\+deb[0-9]+)?-%s%samd64(-unsigned)?$", esc,
		       flavour ? flavour : "", flavour ? "-" : "");
	rc = debarchive_find(a, NULL, re, NULL, p, err, errlen);
	if (rc == 1) {
		char *suites = debarchive_suites(a);

		rc = error_code(EXIT_USAGE, err, errlen,
				"debian:%s: no Debian kernel image linux-image-%.*s*%s%s in the host's apt lists or "
				"Debian's %s", v, vlen, v, flavour ? " of flavour " : "", flavour ? flavour : "", suites);
		free(suites);
	}
	free(esc);
	free(re);
	free(name);
	return rc;
}

/*
 * Fetch Debian's image package @p (its version looked up when not known)
 * into @dir, under @dir's lock: a second pmemfi waits, then finds it there.
 */
static int fetch_locked(const struct debarchive *a, struct deb_pkg *p, const char *release, const char *dir,
			char *err, int errlen)
{
	char *what = xasprintf("fetching %s", p->name), *log = xasprintf("%s/fetch.log", dir);
	char *ready = xasprintf("%s/ready", dir);
	int lock = dir_lock(dir, what, log, err, errlen), rc = lock < 0 ? EXIT_INFRA : 0;

	if (!rc && !file_exists(ready) && !p->version) {
		struct deb_pkg found;

		rc = debarchive_find(a, p->name, NULL, NULL, &found, err, errlen);
		deb_pkg_free(p);
		*p = found;
	}
	if (!rc && !file_exists(ready))
		rc = fetch_debian(a, p, release, dir, err, errlen);
	lock_release(lock);
	free(what);
	free(log);
	free(ready);
	return rc;
}

static int resolve_debian(const char *spec, const struct debarchive *a, struct kernel *k, char *err, int errlen)
{
	char *base = xasprintf("%s/kernels/debian", a->cache);
	char *release = NULL, *dir = NULL, *ready = NULL;
	struct strbuf version = STRBUF_INIT;
	struct deb_pkg p = { 0 };
	int rc = 0;

	if (spec[6] == ':') {
		const char *v = spec + 7;

		if (!*v || strchr(v, '/') || strchr(v, ' ') || !isdigit((unsigned char)*v))
			rc = error_code(EXIT_USAGE, err, errlen,
					"bad Debian kernel version '%s' (e.g. debian:6.12.117, debian:6.1.0-47, "
					"debian:6.12.117-cloud, debian:7.3)", v);
		else
			rc = debian_image_pkg(a, v, base, &p, err, errlen);
	} else if (spec[6]) {
		rc = error_code(EXIT_USAGE, err, errlen, "unknown kernel '%s' (%s)", spec, KERNEL_NAMES);
	} else {
		p.name = newest_debian_package();
		/* A fresh machine may never have fetched apt's lists. */
		if (!p.name && geteuid() == 0) {
			char *argv[] = { "apt-get", "update", "-q", NULL };

			msg("no Debian 6.12 kernel in apt's lists; running apt-get update");
			if (run_cmd(argv, NULL, "-", NULL) == 0)
				p.name = newest_debian_package();
		}
		if (!p.name) {
			release = newest_cached_release(base);
			if (!release)
				rc = error_code(EXIT_INFRA, err, errlen,
						"no linux-image-6.12.*+deb12-amd64-unsigned in apt's lists and none cached (run apt-get update)");
			else
				p.name = xasprintf(DEB_PREFIX "%s-unsigned", release);
		}
	}
	if (!rc && !release)
		release = image_release(p.name);
	if (!rc) {
		dir = xasprintf("%s/%s", base, release);
		ready = xasprintf("%s/ready", dir);
	}
	if (!rc && !file_exists(ready))
		rc = fetch_locked(a, &p, release, dir, err, errlen);
	if (!rc && read_file(ready, &version))
		rc = EXIT_INFRA;
	if (!rc) {
		char *config;

		while (version.len && (version.buf[version.len - 1] == '\n'))
			version.buf[--version.len] = '\0';
		k->id = xasprintf("debian-%s", release);
		image_paths(dir, release, &k->image, &config, &k->modroot);
		k->release = xstrdup(release);
		k->source = xasprintf("debian:%s=%s", p.name, version.buf);
		kernel_set_config(k, config);
		free(config);
		if (!file_exists(k->image))
			rc = error_code(EXIT_INFRA, err, errlen, "%s: missing after unpacking", k->image);
	}
	deb_pkg_free(&p);
	strbuf_release(&version);
	free(ready);
	free(dir);
	free(release);
	free(base);
	return rc;
}

/*
 * A module tree unpacked from a package has no modules.dep: Debian's
 * leaves depmod to the installer, and without it the image gets no
 * modules and the guest no nvdimm stack. Make one, as the installer would.
 */
static int ensure_modules_dep(const char *modules, struct kernel *k, char *err, int errlen)
{
	char *dep = xasprintf("%s/lib/modules/%s/modules.dep", k->modroot, k->release);
	char *argv[] = { "depmod", "-b", k->modroot, k->release, NULL };
	int rc = 0;

	if (!file_exists(dep)) {
		info("--modules %s: no modules.dep; running depmod -b %s %s", modules, k->modroot, k->release);
		if (run_cmd(argv, NULL, "-", NULL) || !file_exists(dep))
			rc = error_code(EXIT_USAGE, err, errlen,
					"--modules %s: no modules.dep, and depmod -b %s %s could not make one",
					modules, k->modroot, k->release);
	}
	free(dep);
	return rc;
}

/* DIR may be a root holding lib/modules/<release>, or that directory itself. */
static int resolve_modules(const char *modules, struct kernel *k, char *err, int errlen)
{
	char *abs = abs_path(modules), *sub;

	if (!abs || !dir_exists(abs)) {
		free(abs);
		return error_code(EXIT_USAGE, err, errlen, "--modules %s: no such directory", modules);
	}
	sub = xasprintf("%s/lib/modules/%s", abs, k->release);
	if (dir_exists(sub)) {
		k->modroot = abs;
		free(sub);
		return ensure_modules_dep(modules, k, err, errlen);
	}
	free(sub);
	sub = xasprintf("/lib/modules/%s", k->release);
	if (strlen(abs) > strlen(sub) && !strcmp(abs + strlen(abs) - strlen(sub), sub)) {
		k->modroot = xasprintf("%.*s", (int)(strlen(abs) - strlen(sub)), abs);
		free(sub);
		free(abs);
		return ensure_modules_dep(modules, k, err, errlen);
	}
	free(sub);
	free(abs);
	return error_code(EXIT_USAGE, err, errlen,
			  "--modules %s: has no lib/modules/%s for this kernel", modules, k->release);
}

static int resolve_image(const char *spec, const char *modules, const char *cache, struct kernel *k,
			 char *err, int errlen)
{
	k->image = abs_path(spec);
	if (!k->image || !file_exists(k->image))
		return error_code(EXIT_USAGE, err, errlen, "kernel image %s: no such file", spec);
	k->release = kernel_image_release(k->image);
	if (!k->release)
		return error_code(EXIT_USAGE, err, errlen,
				  "kernel image %s: not an x86 bzImage (no HdrS header)", spec);
	if (modules && resolve_modules(modules, k, err, errlen))
		return EXIT_USAGE;
	k->id = xasprintf("bzimage-%s", k->release);
	k->source = xasprintf("file:%s", k->image);
	if (prebuilt_find_config(k, cache))
		kernel_set_config(k, NULL);
	return 0;
}

const char *const kernel_base_fragments[] = { "base", "kasan", "debug-vm", "debug-info", NULL };

/* The source package of the default kernel, installed by tools/install-deps.sh. */
#define DEBIAN_SOURCE "linux-source-6.12"

/* Unpack @tarball (a linux-source package's) into @dir once; its tree is @dir/@name. */
static int unpack_source(const char *name, const char *version, const char *tarball, const char *dir,
			 char *err, int errlen)
{
	char *ready = xasprintf("%s/ready", dir), *tree = xasprintf("%s/%s", dir, name);
	char *log = xasprintf("%s/unpack.log", dir);
	char *tar[] = { "tar", "-C", (char *)dir, "-xf", (char *)tarball, NULL };
	int rc = 0;

	msg("unpacking %s %s into %s", name, version, dir);
	if (mkdir_p(dir) || run_cmd(tar, NULL, log, NULL) || !dir_exists(tree))
		rc = error_code(EXIT_INFRA, err, errlen, "unpacking %s failed, see %s", tarball, log);
	else
		write_file(ready, version, strlen(version));
	free(ready);
	free(tree);
	free(log);
	return rc;
}

/* Debian's linux-source-6.12 as installed on the host. Sets @tree and @id. */
static int installed_source(const char *cache, char **tree, char **id, char *err, int errlen)
{
	char *argv[] = { "dpkg-query", "-W", "-f=${Version}", DEBIAN_SOURCE, NULL };
	char *tarball = "/usr/src/" DEBIAN_SOURCE ".tar.xz", *dir, *ready;
	struct strbuf version = STRBUF_INIT;
	int rc = 0;

	if (run_cmd(argv, NULL, "-", &version) || !version.len || !file_exists(tarball)) {
		strbuf_release(&version);
		return error_code(EXIT_USAGE, err, errlen,
				  "%s is not installed (apt-get install %s, or run ./run.sh)",
				  DEBIAN_SOURCE, DEBIAN_SOURCE);
	}
	dir = xasprintf("%s/src/%s-%s", cache, DEBIAN_SOURCE, version.buf);
	ready = xasprintf("%s/ready", dir);
	*tree = xasprintf("%s/%s", dir, DEBIAN_SOURCE);
	*id = xasprintf("debian:%s=%s", DEBIAN_SOURCE, version.buf);
	if (!file_exists(ready)) {
		char *log = xasprintf("%s/unpack.log", dir);
		int lock = dir_lock(dir, "unpacking " DEBIAN_SOURCE, log, err, errlen);

		if (lock < 0) {
			rc = EXIT_INFRA;
		} else if (!file_exists(ready)) {
			rm_rf(dir);
			rc = unpack_source(DEBIAN_SOURCE, version.buf, tarball, dir, err, errlen);
		}
		lock_release(lock);
		free(log);
	}
	free(ready);
	free(dir);
	strbuf_release(&version);
	return rc;
}

/*
 * "kasan:@v": Debian's linux-source-SERIES of series @v (7.3: the newest
 * 7.3.N) or of upstream version @v (7.2.12), from the host's lists or a
 * newer suite, downloaded and unpacked once into CACHE/src/. Sets @tree
 * and @id ("debian:linux-source-7.3=7.3.4-1~bpo13+1").
 */
static int archive_source(const struct debarchive *a, const char *v, char **tree, char **id, char *err,
			  int errlen)
{
	int major, minor, patch, used = 0, rc, lock = -1;
	char *name, *dir = NULL, *deb = NULL, *tarball = NULL, *root = NULL;
	struct deb_pkg p;

	if (sscanf(v, "%d.%d%n.%d%n", &major, &minor, &used, &patch, &used) < 2 || v[used] ||
	    !isdigit((unsigned char)*v))
		return error_code(EXIT_USAGE, err, errlen,
				  "kasan:%s: not a kernel series or version (e.g. kasan:7.3, kasan:7.2.12)", v);
	name = xasprintf("linux-source-%d.%d", major, minor);
	rc = debarchive_find(a, name, NULL, strchr(strchr(v, '.') + 1, '.') ? v : NULL, &p, err, errlen);
	if (rc == 1) {
		char *suites = debarchive_suites(a);

		rc = error_code(EXIT_USAGE, err, errlen, "kasan:%s: no %s%s%s in the host's apt lists or Debian's %s",
				v, name, strchr(strchr(v, '.') + 1, '.') ? " of version " : "",
				strchr(strchr(v, '.') + 1, '.') ? v : "", suites);
		free(suites);
	}
	if (!rc) {
		char *ready;

		dir = xasprintf("%s/src/%s-%s", a->cache, name, p.version);
		ready = xasprintf("%s/ready", dir);
		*tree = xasprintf("%s/%s", dir, name);
		*id = xasprintf("debian:%s=%s", name, p.version);
		if (!file_exists(ready)) {
			char *what = xasprintf("fetching and unpacking %s", name), *log = xasprintf("%s/unpack.log", dir);

			lock = dir_lock(dir, what, log, err, errlen);
			if (lock < 0)
				rc = EXIT_INFRA;
			else if (!file_exists(ready)) {
				rm_rf(dir);
				rc = debarchive_download(a, &p, dir, &deb, err, errlen);
			}
			free(what);
			free(log);
		}
		free(ready);
	}
	if (deb) {
		char *x[] = { "dpkg-deb", "-x", deb, NULL, NULL };

		root = xasprintf("%s/deb", dir);
		tarball = xasprintf("%s/usr/src/%s.tar.xz", root, name);
		x[3] = root;
		if (run_cmd(x, NULL, "-", NULL) || !file_exists(tarball))
			rc = error_code(EXIT_INFRA, err, errlen, "%s: no %s in it", deb, tarball + strlen(root));
		if (!rc)
			rc = unpack_source(name, p.version, tarball, dir, err, errlen);
		unlink(deb);
		rm_rf(root);
	}
	lock_release(lock);
	if (rc && *tree) {
		free(*tree);
		free(*id);
		*tree = *id = NULL;
	}
	deb_pkg_free(&p);
	free(name);
	free(dir);
	free(deb);
	free(tarball);
	free(root);
	return rc;
}

/* The source tree of "kasan" (the host's 6.12) or "kasan:V". */
int kernel_source(const struct kernel_spec *spec, char **tree, char **id, char *err, int errlen)
{
	const char *v = spec->kernel[5] == ':' ? spec->kernel + 6 : NULL;
	struct debarchive a = { .cache = spec->cache, .configs = spec->configs };

	*tree = *id = NULL;
	if (!kernel_built_here(spec->kernel, NULL))
		return error_code(EXIT_USAGE, err, errlen, "kernel %s: not built here from a source (kasan, kasan:SERIES)",
				  spec->kernel);
	if (!v || !strcmp(v, "6.12"))
		return installed_source(spec->cache, tree, id, err, errlen);
	return archive_source(&a, v, tree, id, err, errlen);
}

/* "7.3" for a tree whose Makefile says VERSION = 7, PATCHLEVEL = 3; NULL if it does not. */
static char *tree_series(const char *tree)
{
	char *path = xasprintf("%s/Makefile", tree), *series = NULL;
	struct strbuf mk = STRBUF_INIT;
	int version = -1, patchlevel = -1;
	char *save = NULL;

	if (!read_file(path, &mk))
		for (char *l = strtok_r(mk.buf, "\n", &save); l && (version < 0 || patchlevel < 0);
		     l = strtok_r(NULL, "\n", &save)) {
			sscanf(l, "VERSION = %d", &version);
			sscanf(l, "PATCHLEVEL = %d", &patchlevel);
		}
	if (version >= 0 && patchlevel >= 0)
		series = xasprintf("%d.%d", version, patchlevel);
	strbuf_release(&mk);
	free(path);
	return series;
}

/*
 * configs/patches/NAME.patch is written against 6.12; a fix rebased onto
 * another series lives in configs/patches/SERIES/NAME.patch and is the one
 * a tree of that series gets.
 */
static char *patch_path(const char *configs, const char *series, const char *name)
{
	char *path = series ? xasprintf("%s/patches/%s/%s.patch", configs, series, name) : NULL;

	if (path && file_exists(path))
		return path;
	free(path);
	return xasprintf("%s/patches/%s.patch", configs, name);
}

/* kasan or --kernel-tree: build @tree with the fragments and patches. */
static int resolve_build(const struct kernel_spec *spec, const char *flavour, const char *tree,
			 const char *tree_id, struct kernel *k, char *err, int errlen)
{
	struct kbuild_req req = { .tree = tree, .tree_id = tree_id, .cache = spec->cache, .nfit = spec->nfit };
	char *steps_table = xasprintf("%s/kernel/build-steps", spec->configs);
	struct strbuf suffix = STRBUF_INIT;
	char *series = tree_series(tree);
	int rc;

	struct strvec frag_patches = STRVEC_INIT;

	/* A fragment may need kernel patches ("# pmemfi-patch: NAME" lines). */
	for (int i = 0; i < spec->nr_fragments; i++) {
		char *path = xasprintf("%s/kernel/%s.config", spec->configs, spec->fragments[i]);

		kconfig_fragment_patches(path, &frag_patches);
		free(path);
	}
	req.fragments = xcalloc(16 + spec->nr_fragments, sizeof(char *));
	req.patches = xcalloc(spec->nr_patches + frag_patches.nr + 1, sizeof(char *));
	for (int i = 0; kernel_base_fragments[i]; i++)
		req.fragments[req.nr_fragments++] = xasprintf("%s/kernel/%s.config", spec->configs,
								 kernel_base_fragments[i]);
	for (int i = 0; i < spec->nr_fragments; i++) {
		req.fragments[req.nr_fragments++] = xasprintf("%s/kernel/%s.config", spec->configs,
								 spec->fragments[i]);
		strbuf_addf(&suffix, "+%s", spec->fragments[i]);
	}
	for (int i = 0; i < spec->nr_patches; i++) {
		req.patches[req.nr_patches++] = patch_path(spec->configs, series, spec->patches[i]);
		strbuf_addf(&suffix, "+%s", spec->patches[i]);
	}
	for (int i = 0; i < frag_patches.nr; i++)
		req.patches[req.nr_patches++] = patch_path(spec->configs, series, frag_patches.v[i]);
	strvec_clear(&frag_patches);
	rc = 0;
	for (int i = 0; i < req.nr_fragments && !rc; i++)
		if (!file_exists(req.fragments[i]))
			rc = error_code(EXIT_USAGE, err, errlen, "config fragment %s not found", req.fragments[i]);
	for (int i = 0; i < req.nr_patches && !rc; i++)
		if (!file_exists(req.patches[i]))
			rc = error_code(EXIT_USAGE, err, errlen, "patch %s not found", req.patches[i]);
	req.steps_table = steps_table;
	if (!rc)
		rc = kbuild(&req, k, err, errlen);
	free(steps_table);
	if (!rc) {
		k->id = xasprintf("%s-%s%s", flavour, k->release, suffix.buf);
		char *config = k->config;

		k->source = xasprintf("%s%s", tree_id, suffix.buf);
		k->tree = xstrdup(tree);
		k->config = NULL;
		kernel_set_config(k, config);
		free(config);
	}
	for (int i = 0; i < req.nr_fragments; i++)
		free(req.fragments[i]);
	for (int i = 0; i < req.nr_patches; i++)
		free(req.patches[i]);
	free(req.fragments);
	free(req.patches);
	free(series);
	strbuf_release(&suffix);
	return rc;
}

/*
 * A kernel not built here: does its config have what the suite needs?
 * (A kernel built here was checked against its fragments.) The nfit_test
 * modules come only with a kernel built here.
 */
static int resolve_prebuilt(const struct kernel_spec *spec, int rc, struct kernel *k, char *err, int errlen)
{
	char *base = xasprintf("%s/kernel/base.config", spec->configs);
	struct strbuf needs = STRBUF_INIT;
	struct kconfig final = { 0 };
	char why[1024];

	if (rc)
		goto out;
	if (!k->nfit_modules && !k->nfit_why) {
		k->nfit_why = xstrdup(kernel_nfit_not_applicable(spec->kernel, spec->tree));
		k->nfit_na = 1;
	}
	if (!k->vmlinux && !k->symbols_why)
		k->symbols_why = xstrdup("a prebuilt kernel: no vmlinux with debug info here");
	if (read_file(base, &needs)) {
		rc = error_code(EXIT_USAGE, err, errlen, "config fragment %s not found", base);
	} else if (!k->config || kconfig_load(&final, k->config)) {
		msg("cannot check the config of kernel %s: none beside it, in its module tree or in the image "
		    "(CONFIG_IKCONFIG); a missing option will show as the cells' errors", k->image);
	} else if (prebuilt_check(&final, needs.buf, k->modroot != NULL, why, sizeof(why))) {
		rc = error_code(KERNEL_UNSUITABLE, err, errlen, "kernel %s (config %s) %s", k->image, k->config, why);
	}
out:
	kconfig_free(&final);
	strbuf_release(&needs);
	free(base);
	return rc;
}

const char *kernel_nfit_not_applicable(const char *kernel, const char *tree)
{
	return kernel_built_here(kernel, tree) ? NULL : "nfit_test needs a kernel built from source";
}

int kernel_is_tree(const char *tree)
{
	char *mk = xasprintf("%s/scripts/kconfig/merge_config.sh", tree);
	int yes = file_exists(mk);

	free(mk);
	return yes;
}

int kernel_resolve(const struct kernel_spec *spec, struct kernel *k, char *err, int errlen)
{
	const char *kernel = spec->kernel;
	int building = kernel_built_here(kernel, spec->tree);

	memset(k, 0, sizeof(*k));
	k->spec = xstrdup(spec->tree ? spec->tree : kernel);
	if (!building && (spec->nr_fragments || spec->nr_patches))
		return error_code(EXIT_USAGE, err, errlen,
				  "--fragment and patches need a kernel built here (--kernel kasan or --kernel-tree)");
	if (spec->tree) {
		char *tree = abs_path(spec->tree), *id;
		int rc;

		if (!tree || !dir_exists(tree)) {
			free(tree);
			return error_code(EXIT_USAGE, err, errlen,
					  "--kernel-tree %s: no such directory", spec->tree);
		}
		if (!kernel_is_tree(tree)) {
			free(tree);
			return error_code(EXIT_USAGE, err, errlen,
					  "--kernel-tree %s: not a kernel source tree (no scripts/kconfig/merge_config.sh)",
					  spec->tree);
		}
		id = kbuild_tree_identity(tree);
		rc = resolve_build(spec, "tree", tree, id, k, err, errlen);
		free(id);
		free(tree);
		return rc;
	}
	if (kernel_built_here(kernel, NULL)) {
		char *tree = NULL, *id = NULL;
		int rc = kernel_source(spec, &tree, &id, err, errlen);

		if (!rc)
			rc = resolve_build(spec, "kasan", tree, id, k, err, errlen);
		free(tree);
		free(id);
		return rc;
	}
	if (!strncmp(kernel, "debian", 6) && (kernel[6] == '\0' || kernel[6] == ':')) {
		if (spec->modules)
			return error_code(EXIT_USAGE, err, errlen,
					  "--modules goes with --kernel PATH, not with %s", kernel);
		struct debarchive a = { .cache = spec->cache, .configs = spec->configs };

		return resolve_prebuilt(spec, resolve_debian(kernel, &a, k, err, errlen), k, err, errlen);
	}
	if (!strchr(kernel, '/') && !file_exists(kernel))
		return error_code(EXIT_USAGE, err, errlen,
				  "unknown kernel '%s' (%s)", kernel, KERNEL_NAMES);
	return resolve_prebuilt(spec, resolve_image(kernel, spec->modules, spec->cache, k, err, errlen), k, err,
			       errlen);
}

void kernel_free(struct kernel *k)
{
	free(k->spec);
	free(k->id);
	free(k->image);
	free(k->modroot);
	free(k->release);
	free(k->source);
	free(k->tree);
	free(k->config);
	free(k->config_hash);
	free(k->sanitizers);
	free(k->nfit_modules);
	free(k->nfit_why);
	free(k->dropped_config);
	free(k->vmlinux);
	free(k->debug_modules);
	free(k->nfit_debug_modules);
	free(k->decoder);
	free(k->symbols_why);
	memset(k, 0, sizeof(*k));
}
