// SPDX-License-Identifier: GPL-2.0
#include "kernel/kernel.h"

#include <dirent.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/kbuild.h"
#include "kernel/kconfig.h"
#include "kernel/prebuilt.h"
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
		return error_code(EXIT_INFRA, err, errlen, "%s: cannot create", dir);
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
		return error_code(EXIT_INFRA, err, errlen, "%s: cannot write the ready mark", dir);
	return 0;
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

static int resolve_debian(const char *spec, const char *cache, struct kernel *k,
			  char *err, int errlen)
{
	char *base = xasprintf("%s/kernels/debian", cache);
	char *pkg = NULL, *release, *dir, *ready;
	struct strbuf version = STRBUF_INIT;
	int rc;

	if (spec[6] == ':') {
		const char *v = spec + 7;

		const char *flavour = debian_flavour(v);
		int vlen = flavour ? (int)(flavour - v - 1) : (int)strlen(v);

		if (!*v || strchr(v, '/') || strchr(v, ' '))
			return error_code(EXIT_USAGE, err, errlen,
					  "bad Debian kernel version '%s' (e.g. debian:6.12.117, debian:6.1.0-47, "
					  "debian:6.12.117-cloud)", v);
		/* 6.12 packages are named by version (6.12.117), 6.1 by ABI (6.1.0-47). */
		pkg = xasprintf(DEB_PREFIX "%.*s%s%s%s" DEB_SUFFIX, vlen, v, strstr(v, ".0-") ? "" : "+deb12",
				flavour ? "-" : "", flavour ? flavour : "");
	} else if (spec[6]) {
		return error_code(EXIT_USAGE, err, errlen,
				  "unknown kernel '%s' (kasan, debian, debian:VERSION, or a bzImage path)", spec);
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
			return error_code(EXIT_INFRA, err, errlen,
					  "no linux-image-6.12.*+deb12-amd64-unsigned in apt's lists and none cached (run apt-get update)");
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
		kernel_set_config(k, config);
		free(config);
		if (!file_exists(k->image))
			rc = error_code(EXIT_INFRA, err, errlen, "%s: missing after unpacking", k->image);
	}
	strbuf_release(&version);
	free(ready);
	free(dir);
	free(release);
	free(pkg);
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

const char *const kernel_base_fragments[] = { "base", "kasan", "debug-vm", NULL };

#define DEBIAN_SOURCE "linux-source-6.12"

/* Debian's kernel source, unpacked once into the cache. Sets @tree and @id. */
static int debian_source(const char *cache, char **tree, char **id, char *err, int errlen)
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
		char *tar[] = { "tar", "-C", dir, "-xf", tarball, NULL };

		msg("unpacking %s %s into %s", DEBIAN_SOURCE, version.buf, dir);
		rm_rf(dir);
		if (mkdir_p(dir) || run_cmd(tar, NULL, log, NULL) || !dir_exists(*tree)) {
			rc = error_code(EXIT_INFRA, err, errlen, "unpacking %s failed, see %s", tarball, log);
		} else {
			write_file(ready, version.buf, version.len);
		}
		free(log);
	}
	free(ready);
	free(dir);
	strbuf_release(&version);
	return rc;
}

/* kasan or --kernel-tree: build @tree with the fragments and patches. */
static int resolve_build(const struct kernel_spec *spec, const char *flavour, const char *tree,
			 const char *tree_id, struct kernel *k, char *err, int errlen)
{
	struct kbuild_req req = { .tree = tree, .tree_id = tree_id, .cache = spec->cache, .nfit = spec->nfit };
	struct strbuf suffix = STRBUF_INIT;
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
		req.patches[req.nr_patches++] = xasprintf("%s/patches/%s.patch", spec->configs,
							 spec->patches[i]);
		strbuf_addf(&suffix, "+%s", spec->patches[i]);
	}
	for (int i = 0; i < frag_patches.nr; i++)
		req.patches[req.nr_patches++] = xasprintf("%s/patches/%s.patch", spec->configs,
							 frag_patches.v[i]);
	strvec_clear(&frag_patches);
	rc = 0;
	for (int i = 0; i < req.nr_fragments && !rc; i++)
		if (!file_exists(req.fragments[i]))
			rc = error_code(EXIT_USAGE, err, errlen, "config fragment %s not found", req.fragments[i]);
	for (int i = 0; i < req.nr_patches && !rc; i++)
		if (!file_exists(req.patches[i]))
			rc = error_code(EXIT_USAGE, err, errlen, "patch %s not found", req.patches[i]);
	if (!rc)
		rc = kbuild(&req, k, err, errlen);
	if (!rc) {
		k->id = xasprintf("%s-%s%s", flavour, k->release, suffix.buf);
		char *config = k->config;

		k->source = xasprintf("%s%s", tree_id, suffix.buf);
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
	if (!k->nfit_modules && !k->nfit_why)
		k->nfit_why = xstrdup("nfit_test needs a kernel built from source");
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
		char *tree = abs_path(spec->tree), *mk, *id;
		int rc;

		if (!tree || !dir_exists(tree)) {
			free(tree);
			return error_code(EXIT_USAGE, err, errlen,
					  "--kernel-tree %s: no such directory", spec->tree);
		}
		mk = xasprintf("%s/scripts/kconfig/merge_config.sh", tree);
		rc = file_exists(mk);
		free(mk);
		if (!rc) {
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
	if (!strcmp(kernel, "kasan")) {
		char *tree = NULL, *id = NULL;
		int rc = debian_source(spec->cache, &tree, &id, err, errlen);

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
		return resolve_prebuilt(spec, resolve_debian(kernel, spec->cache, k, err, errlen), k, err, errlen);
	}
	if (!strchr(kernel, '/') && !file_exists(kernel))
		return error_code(EXIT_USAGE, err, errlen,
				  "unknown kernel '%s' (kasan, debian, debian:VERSION, or a bzImage path)", kernel);
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
	free(k->config);
	free(k->config_hash);
	free(k->sanitizers);
	free(k->nfit_modules);
	free(k->nfit_why);
	free(k->dropped_config);
	memset(k, 0, sizeof(*k));
}
