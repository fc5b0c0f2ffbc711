// SPDX-License-Identifier: GPL-2.0
#include "guest/image.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/build_progress.h"
#include "lib/lock.h"
#include "lib/util.h"

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Hash the files of @dir in name order, names included. */
static int hash_dir(const char *dir, uint64_t *h)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct strvec names = STRVEC_INIT;
	int rc = 0;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		strvec_push(&names, e->d_name);
	}
	closedir(d);
	if (names.nr)
		qsort(names.v, names.nr, sizeof(*names.v), cmp_str);
	for (int i = 0; i < names.nr; i++) {
		char *path = xasprintf("%s/%s", dir, names.v[i]);

		*h = fnv1a64(names.v[i], strlen(names.v[i]) + 1, *h);
		if (fnv1a64_file(path, h))
			rc = -1;
		free(path);
	}
	strvec_clear(&names);
	return rc;
}

/* "nd_pmem" of "kernel/drivers/nvdimm/nd_pmem.ko.xz", as modprobe names it ('-' is '_'); caller frees. */
static char *module_name(const char *path)
{
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	char *name = strndup(base, strcspn(base, "."));

	for (char *c = name; *c; c++)
		if (*c == '-')
			*c = '_';
	return name;
}

/* The module names of vm-images/modules (one a line, # comments) into @out. */
static int listed_modules(const char *repo, struct strvec *out)
{
	char *path = xasprintf("%s/vm-images/modules", repo);
	struct strbuf sb = STRBUF_INIT;
	int rc = read_file(path, &sb);

	for (char *save = NULL, *l = rc ? NULL : strtok_r(sb.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
		l += strspn(l, " \t");
		l[strcspn(l, " \t#")] = '\0';
		if (*l) {
			char *name = module_name(l);

			strvec_push(out, name);
			free(name);
		}
	}
	strbuf_release(&sb);
	free(path);
	return rc;
}

/*
 * The files of the modules the image carries: each listed module of @k's
 * tree and what modules.dep says it needs (paths relative to the tree's
 * lib/modules/<release>), sorted, each once.
 */
static void carried_modules(const struct kernel *k, const struct strvec *listed, struct strvec *files)
{
	char *dep = xasprintf("%s/lib/modules/%s/modules.dep", k->modroot, k->release);
	struct strbuf sb = STRBUF_INIT;

	if (!read_file(dep, &sb)) {
		for (char *save = NULL, *l = strtok_r(sb.buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
			char *colon = strchr(l, ':'), *name, *s2 = NULL;

			if (!colon)
				continue;
			*colon = '\0';
			name = module_name(l);
			if (strvec_has(listed, name)) {
				strvec_push_unique(files, l);
				for (char *d = strtok_r(colon + 1, " \t", &s2); d; d = strtok_r(NULL, " \t", &s2))
					strvec_push_unique(files, d);
			}
			free(name);
		}
	}
	if (files->nr)
		qsort(files->v, files->nr, sizeof(*files->v), cmp_str);
	strbuf_release(&sb);
	free(dep);
}

/* Fold the contents of the modules the image carries into @h. 0, or -1 naming the one unreadable. */
static int modules_hash(const struct kernel *k, const char *repo, uint64_t *h, char *err, int errlen)
{
	struct strvec listed = STRVEC_INIT, files = STRVEC_INIT;
	int rc = 0;

	if (!k->modroot || !k->release)
		return 0;
	if (listed_modules(repo, &listed))
		rc = error_set(err, errlen, "%s/vm-images/modules: missing (incomplete checkout?)", repo);
	carried_modules(k, &listed, &files);
	for (int i = 0; i < files.nr && !rc; i++) {
		char *path = xasprintf("%s/lib/modules/%s/%s", k->modroot, k->release, files.v[i]);

		*h = fnv1a64(files.v[i], strlen(files.v[i]) + 1, *h);
		if (fnv1a64_file(path, h))
			rc = error_set(err, errlen, "%s: cannot read this module of the kernel", path);
		free(path);
	}
	strvec_clear(&listed);
	strvec_clear(&files);
	return rc;
}

int image_kernel_hash(const struct kernel *k, const char *repo, char hash[17], char *err, int errlen)
{
	uint64_t h = FNV1A64_INIT;

	if (fnv1a64_file(k->image, &h))
		return error_code(EXIT_INFRA, err, errlen, "%s: cannot read the kernel image", k->image);
	if (modules_hash(k, repo, &h, err, errlen))
		return EXIT_INFRA;
	if (k->nfit_modules) {
		h = fnv1a64("nfit", 5, h);
		if (hash_dir(k->nfit_modules, &h))
			return error_code(EXIT_INFRA, err, errlen, "%s: cannot read the nfit_test modules",
					  k->nfit_modules);
	}
	snprintf(hash, 17, "%016" PRIx64, h);
	return 0;
}

/*
 * Hash into @h what goes into the image (image.h lists it). Returns 0, or
 * EXIT_INFRA when a part is missing.
 */
static int image_hash(const struct kernel *k, const char *repo, const char *bin, uint64_t *h,
		      char *err, int errlen)
{
	static const char *const inputs[] = {
		"vm-images/build-initramfs.sh", "vm-images/init", "vm-images/modules", NULL,
	};

	for (const char *const *in = inputs; *in; in++) {
		char *p = xasprintf("%s/%s", repo, *in);
		int rc = fnv1a64_file(p, h);

		free(p);
		if (rc)
			return error_code(EXIT_INFRA, err, errlen,
					  "%s/%s: missing (incomplete checkout?)", repo, *in);
	}
	if (hash_dir(bin, h))
		return error_code(EXIT_INFRA, err, errlen, "%s: guest programs missing (run make)", bin);
	*h = fnv1a64(k->release ? k->release : "-", strlen(k->release ? k->release : "-") + 1, *h);
	if (k->modroot) {
		char *dep = xasprintf("%s/lib/modules/%s/modules.dep", k->modroot, k->release);

		*h = fnv1a64(k->modroot, strlen(k->modroot) + 1, *h);
		fnv1a64_file(dep, h);
		free(dep);
		/* A module rebuilt in place keeps its path and modules.dep, not its contents. */
		if (modules_hash(k, repo, h, err, errlen))
			return EXIT_INFRA;
	}
	if (k->nfit_modules) {
		*h = fnv1a64("nfit", 5, *h);
		if (hash_dir(k->nfit_modules, h))
			return error_code(EXIT_INFRA, err, errlen, "%s: cannot read the nfit_test modules",
					  k->nfit_modules);
	}
	return 0;
}

/* Run vm-images/build-initramfs.sh for @k into @out, its output in @log; its status. */
static int run_build_script(const struct kernel *k, const char *repo, char *bin, char *out,
			    const char *log)
{
	char *script = xasprintf("%s/vm-images/build-initramfs.sh", repo);
	char *argv[12] = { script, "--release", k->release ? k->release : "unknown",
			   "--bin", bin, "--out", out };
	struct build_progress bp;
	int n = 7, rc;

	if (k->modroot) {
		argv[n++] = "--mod-root";
		argv[n++] = k->modroot;
	}
	if (k->nfit_modules) {
		argv[n++] = "--nfit";
		argv[n++] = k->nfit_modules;
	}
	argv[n] = NULL;

	unlink(log);
	build_progress_start(&bp, "guest image", log, 0);
	rc = run_cmd_ticking(argv, NULL, log, NULL, build_progress_tick, &bp);
	build_progress_end(&bp);
	free(script);
	return rc;
}

int image_build(const struct kernel *k, const char *repo, const char *cache,
		char **path, char *err, int errlen)
{
	char *bin = xasprintf("%s/build/guest", repo), *dir, *out, *log, *lockpath;
	uint64_t h = FNV1A64_INIT;
	int rc = image_hash(k, repo, bin, &h, err, errlen), lock, waited;

	if (rc) {
		free(bin);
		return rc;
	}
	dir = xasprintf("%s/images", cache);
	out = xasprintf("%s/%016" PRIx64 ".cpio", dir, h);
	log = xasprintf("%s/%016" PRIx64 ".log", dir, h);
	*path = out;
	if (file_exists(out)) {
		info("reusing guest image %s", out);
		rc = 0;
		goto done;
	}
	if (mkdir_p(dir)) {
		rc = error_code(EXIT_INFRA, err, errlen, "%s: cannot create", dir);
		goto done;
	}
	/* Another pmemfi may be building this very image: wait for it, then take its. */
	lockpath = xasprintf("%s/%016" PRIx64 ".lock", dir, h);
	lock = lock_take(lockpath, "guest image build", log, &waited);
	if (lock < 0)
		rc = error_code(EXIT_INFRA, err, errlen, "%s: cannot lock: %s", lockpath, strerror(errno));
	else if (!file_exists(out) && (rc = run_build_script(k, repo, bin, out, log)))
		rc = error_code(EXIT_INFRA, err, errlen,
				"building the guest image failed (status %d), see %s", rc, log);
	lock_release(lock);
	free(lockpath);
done:
	free(log);
	free(dir);
	free(bin);
	return rc;
}
