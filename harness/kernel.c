// SPDX-License-Identifier: GPL-2.0
#include "kernel.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define fail(code, ...) do { snprintf(err, errlen, __VA_ARGS__); return code; } while (0)

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

static void fill_config(struct kernel *k, const char *config)
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

static int fetch_debian(const char *pkg, const char *release, const char *dir,
			char *err, int errlen)
{
	char *log = xasprintf("%s/fetch.log", dir), *root = xasprintf("%s/root", dir);
	char *deb = NULL, *pattern, *ready;
	struct strbuf version = STRBUF_INIT;
	DIR *d;
	struct dirent *e;
	int rc = 0;

	msg("fetching Debian kernel %s (apt-get download, not installed)", pkg);
	if (mkdir_p(dir))
		fail(EXIT_INFRA, "%s: cannot create", dir);
	{
		char *argv[] = { "apt-get", "download", "-q", (char *)pkg, NULL };

		if (run_cmd(argv, dir, log, NULL) != 0)
			rc = -1;
	}
	pattern = xasprintf("%s_", pkg);
	d = rc ? NULL : opendir(dir);
	while (d && (e = readdir(d)))
		if (!strncmp(e->d_name, pattern, strlen(pattern)) && strstr(e->d_name, ".deb"))
			deb = xasprintf("%s/%s", dir, e->d_name);
	if (d)
		closedir(d);
	free(pattern);
	if (!deb) {
		snprintf(err, errlen, "apt-get download %s failed, see %s", pkg, log);
		free(log);
		free(root);
		return EXIT_INFRA;
	}
	{
		char *x[] = { "dpkg-deb", "-x", deb, root, NULL };
		char *f[] = { "dpkg-deb", "-f", deb, "Version", NULL };
		char *dm[] = { "depmod", "-b", root, (char *)release, NULL };

		if (run_cmd(x, NULL, log, NULL) || run_cmd(f, NULL, "-", &version) ||
		    run_cmd(dm, NULL, log, NULL))
			rc = -1;
	}
	unlink(deb);
	free(deb);
	if (rc) {
		snprintf(err, errlen, "unpacking %s failed, see %s", pkg, log);
		free(log);
		free(root);
		strbuf_release(&version);
		return EXIT_INFRA;
	}
	ready = xasprintf("%s/ready", dir);
	rc = write_file(ready, version.buf, version.len);
	free(ready);
	free(log);
	free(root);
	strbuf_release(&version);
	if (rc)
		fail(EXIT_INFRA, "%s: cannot write the ready mark", dir);
	return 0;
}

static int resolve_debian(const char *spec, const char *cache, struct kernel *k,
			  char *err, int errlen)
{
	char *base = xasprintf("%s/kernels/debian", cache);
	char *pkg = NULL, *release, *dir, *ready;
	struct strbuf version = STRBUF_INIT;
	int rc;

	if (spec[6] == ':') {
		const char *v = spec + 7;

		if (!*v || strchr(v, '/') || strchr(v, ' '))
			fail(EXIT_USAGE, "bad Debian kernel version '%s' (e.g. debian:6.12.117)", v);
		pkg = xasprintf(DEB_PREFIX "%s+deb12" DEB_SUFFIX, v);
	} else if (spec[6]) {
		fail(EXIT_USAGE, "unknown kernel '%s' (debian, debian:VERSION, or a bzImage path)", spec);
	} else {
		pkg = newest_debian_package();
		/* A fresh machine may never have fetched apt's lists. */
		if (!pkg && geteuid() == 0) {
			char *argv[] = { "apt-get", "update", "-q", NULL };

			msg("no Debian 6.12 kernel in apt's lists; running apt-get update");
			if (run_cmd(argv, NULL, "-", NULL) == 0)
				pkg = newest_debian_package();
		}
	}
	if (pkg) {
		release = xasprintf("%.*s", (int)(strlen(pkg) - strlen(DEB_PREFIX) - strlen("-unsigned")),
				    pkg + strlen(DEB_PREFIX));
	} else {
		release = newest_cached_release(base);
		if (!release) {
			free(base);
			fail(EXIT_INFRA, "no linux-image-6.12.*+deb12-amd64-unsigned in apt's lists and none cached (run apt-get update)");
		}
		pkg = xasprintf(DEB_PREFIX "%s-unsigned", release);
	}
	dir = xasprintf("%s/%s", base, release);
	ready = xasprintf("%s/ready", dir);
	rc = file_exists(ready) ? 0 : fetch_debian(pkg, release, dir, err, errlen);
	if (!rc && read_file(ready, &version))
		rc = EXIT_INFRA;
	if (!rc) {
		char *config = xasprintf("%s/root/boot/config-%s", dir, release);

		while (version.len && (version.buf[version.len - 1] == '\n'))
			version.buf[--version.len] = '\0';
		k->id = xasprintf("debian-%s", release);
		k->image = xasprintf("%s/root/boot/vmlinuz-%s", dir, release);
		k->modroot = xasprintf("%s/root", dir);
		k->release = xstrdup(release);
		k->source = xasprintf("debian:%s=%s", pkg, version.buf);
		fill_config(k, config);
		free(config);
		if (!file_exists(k->image))
			rc = (snprintf(err, errlen, "%s: missing after unpacking", k->image), EXIT_INFRA);
	}
	strbuf_release(&version);
	free(ready);
	free(dir);
	free(release);
	free(pkg);
	free(base);
	return rc;
}

/* DIR may be a root holding lib/modules/<release>, or that directory itself. */
static int resolve_modules(const char *modules, struct kernel *k, char *err, int errlen)
{
	char *abs = abs_path(modules), *sub;

	if (!abs || !dir_exists(abs)) {
		free(abs);
		fail(EXIT_USAGE, "--modules %s: no such directory", modules);
	}
	sub = xasprintf("%s/lib/modules/%s", abs, k->release);
	if (dir_exists(sub)) {
		k->modroot = abs;
		free(sub);
		return 0;
	}
	free(sub);
	sub = xasprintf("/lib/modules/%s", k->release);
	if (strlen(abs) > strlen(sub) && !strcmp(abs + strlen(abs) - strlen(sub), sub)) {
		k->modroot = xasprintf("%.*s", (int)(strlen(abs) - strlen(sub)), abs);
		free(sub);
		free(abs);
		return 0;
	}
	free(sub);
	free(abs);
	fail(EXIT_USAGE, "--modules %s: has no lib/modules/%s for this kernel", modules, k->release);
}

static int resolve_image(const char *spec, const char *modules, struct kernel *k,
			 char *err, int errlen)
{
	char *dir, *config;

	k->image = abs_path(spec);
	if (!k->image || !file_exists(k->image))
		fail(EXIT_USAGE, "kernel image %s: no such file", spec);
	k->release = kernel_image_release(k->image);
	if (!k->release)
		fail(EXIT_USAGE, "kernel image %s: not an x86 bzImage (no HdrS header)", spec);
	if (modules && resolve_modules(modules, k, err, errlen))
		return EXIT_USAGE;
	k->id = xasprintf("bzimage-%s", k->release);
	k->source = xasprintf("file:%s", k->image);
	/* A config beside the image, or the build tree's (arch/x86/boot/bzImage). */
	dir = xstrdup(k->image);
	*strrchr(dir, '/') = '\0';
	config = xasprintf("%s/config-%s", dir, k->release);
	if (!file_exists(config)) {
		free(config);
		config = xasprintf("%s/../../../.config", dir);
	}
	if (!file_exists(config)) {
		free(config);
		config = xasprintf("%s/.config", dir);
	}
	fill_config(k, config);
	free(config);
	free(dir);
	return 0;
}

int kernel_resolve(const char *spec, const char *modules, const char *cache,
		   struct kernel *k, char *err, int errlen)
{
	memset(k, 0, sizeof(*k));
	k->spec = xstrdup(spec);
	if (!strncmp(spec, "debian", 6) && (spec[6] == '\0' || spec[6] == ':')) {
		if (modules)
			fail(EXIT_USAGE, "--modules goes with --kernel PATH, not with %s", spec);
		return resolve_debian(spec, cache, k, err, errlen);
	}
	if (!strchr(spec, '/') && !file_exists(spec))
		fail(EXIT_USAGE, "unknown kernel '%s' (debian, debian:VERSION, or a bzImage path)", spec);
	return resolve_image(spec, modules, k, err, errlen);
}

void kernel_free(struct kernel *k)
{
	free(k->spec);
	free(k->id);
	free(k->image);
	free(k->modroot);
	free(k->release);
	free(k->source);
	free(k->config);
	free(k->config_hash);
	free(k->sanitizers);
	memset(k, 0, sizeof(*k));
}
