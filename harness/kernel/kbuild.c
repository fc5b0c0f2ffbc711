// SPDX-License-Identifier: GPL-2.0
#include "kernel/kbuild.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/build_progress.h"
#include "kernel/build_steps.h"
#include "kernel/kconfig.h"
#include "lib/lock.h"
#include "lib/util.h"

static const char *base_name(const char *path)
{
	const char *s = strrchr(path, '/');

	return s ? s + 1 : path;
}

static int hash_named_file(const char *path, uint64_t *h)
{
	const char *name = base_name(path);

	*h = fnv1a64(name, strlen(name) + 1, *h);
	return fnv1a64_file(path, h);
}

int kbuild_key(const struct kbuild_req *req, uint64_t *key, char *err, int errlen)
{
	uint64_t h = FNV1A64_INIT;

	h = fnv1a64(req->tree_id, strlen(req->tree_id) + 1, h);
	for (int i = 0; i < req->nr_fragments; i++)
		if (hash_named_file(req->fragments[i], &h))
			return error_code(EXIT_USAGE, err, errlen,
					  "config fragment %s: %s", req->fragments[i], strerror(errno));
	/*
	 * "stacked": since patches that change the same file stack, a kernel
	 * cached before (the later patch applied to the pristine file) is not
	 * this one.
	 */
	h = fnv1a64("patches stacked", 16, h);
	for (int i = 0; i < req->nr_patches; i++)
		if (hash_named_file(req->patches[i], &h))
			return error_code(EXIT_USAGE, err, errlen,
					  "patch %s: %s", req->patches[i], strerror(errno));
	*key = h;
	return 0;
}

char *kbuild_tree_identity(const char *tree)
{
	char *git_dir = xasprintf("%s/.git", tree), *id;
	struct strbuf out = STRBUF_INIT;

	if (file_exists(git_dir) || dir_exists(git_dir)) {
		char *head[] = { "git", "-C", (char *)tree, "rev-parse", "HEAD", NULL };
		char *diff[] = { "git", "-C", (char *)tree, "diff", "HEAD", NULL };

		free(git_dir);
		if (run_cmd(head, NULL, "-", &out) == 0 && out.len >= 40) {
			char sha[41];
			uint64_t h = FNV1A64_INIT;

			memcpy(sha, out.buf, 40);
			sha[40] = '\0';
			strbuf_reset(&out);
			run_cmd(diff, NULL, "-", &out);
			h = fnv1a64(out.buf, out.len, h);
			id = out.len ? xasprintf("git:%s+dirty-%016" PRIx64, sha, h) : xasprintf("git:%s", sha);
			strbuf_release(&out);
			return id;
		}
		strbuf_release(&out);
		return xasprintf("git:unknown-%s", tree);
	}
	free(git_dir);
	/* An unpacked tarball: its version and a hash of its file list, sizes and mtimes. */
	{
		char *argv[] = { "find", (char *)tree, "-type", "f", "-not", "-path", "*/.git/*",
				 "-printf", "%P %s %T@\\n", NULL };
		uint64_t h = FNV1A64_INIT;
		char ver[64] = "unknown";

		build_steps_tree_version(tree, ver, sizeof(ver));
		run_cmd(argv, NULL, "-", &out);
		h = fnv1a64(out.buf, out.len, h);
		strbuf_release(&out);
		return xasprintf("tree:%s:%016" PRIx64, ver, h);
	}
}

/* Files a -p1 patch touches ("+++ b/path"), newline-separated. */
static int patch_files(const char *patch, struct strbuf *files)
{
	struct strbuf sb = STRBUF_INIT;
	int rc = read_file(patch, &sb);

	for (char *line = sb.buf; !rc && line && *line;) {
		char *end = strchr(line, '\n');

		if (end)
			*end = '\0';
		if (!strncmp(line, "+++ b/", 6)) {
			char *path = line + 6;

			path[strcspn(path, "\t")] = '\0';
			strbuf_addf(files, "%s\n", path);
		}
		line = end ? end + 1 : NULL;
	}
	strbuf_release(&sb);
	return rc;
}

/* Is @line one of the lines of @lines ("a\nb\n")? */
static int line_in(const char *lines, const char *line)
{
	size_t n = strlen(line);

	for (const char *p = lines; (p = strstr(p, line)); p += n)
		if ((p == lines || p[-1] == '\n') && p[n] == '\n')
			return 1;
	return 0;
}

/* Put @rel back as it is in the tree (a private copy, not a link). */
static int restore_file(const char *tree, const char *src, const char *rel)
{
	char *from = xasprintf("%s/%s", tree, rel), *to = xasprintf("%s/%s", src, rel);
	char *argv[] = { "cp", "--remove-destination", from, to, NULL };
	int rc = 0;

	if (file_exists(from))
		rc = run_cmd(argv, NULL, NULL, NULL);
	else
		unlink(to);
	free(from);
	free(to);
	return rc;
}

/* A clean git identity ("git:<sha>"), or NULL. */
static const char *clean_git_sha(const char *id)
{
	return !strncmp(id, "git:", 4) && strlen(id) == 44 ? id + 4 : NULL;
}

/*
 * Bring @src from the tree at commit @old to the tree as it is now (@req's
 * identity, also a clean commit): only the files git says differ get new
 * copies, so make rebuilds what changed, as in a developer's tree, instead
 * of relinking some 80000 files per bisection step. Returns 0, or -1 when
 * git cannot tell (the caller relinks everything).
 */
static int update_from_git(const struct kbuild_req *req, const char *src, const char *old, const char *log)
{
	char *argv[] = { "git", "-C", (char *)req->tree, "diff", "--name-only", "--no-renames", "-z",
			 (char *)old, (char *)clean_git_sha(req->tree_id), NULL };
	struct strbuf out = STRBUF_INIT;
	int rc = run_cmd(argv, NULL, "-", &out) ? -1 : 0, n = 0;

	for (size_t i = 0; !rc && i < out.len; i += strlen(out.buf + i) + 1) {
		const char *rel = out.buf + i;
		char *dst = xasprintf("%s/%s", src, rel), *dir = xstrdup(dst);

		*strrchr(dir, '/') = '\0';
		if (mkdir_p(dir) || restore_file(req->tree, src, rel))
			rc = -1;
		free(dir);
		free(dst);
		n++;
	}
	if (!rc)
		info("updated %d changed file%s of %s in its work copy", n, n == 1 ? "" : "s", req->tree);
	else
		msg("cannot update the work copy of %s from git (see %s): relinking it", req->tree, log);
	strbuf_release(&out);
	return rc;
}

/* Make @src a fresh hard-linked (else copied) copy of the tree, without .git. */
static int link_copy(const struct kbuild_req *req, const char *src, const char *log, char *err, int errlen)
{
	char *link[] = { "cp", "-al", (char *)req->tree, (char *)src, NULL };
	char *full[] = { "cp", "-a", (char *)req->tree, (char *)src, NULL };
	char *git;

	info("linking a work copy of %s into %s", req->tree, src);
	rm_rf(src);
	/* Hard links need one file system; otherwise pay for a full copy. */
	if (run_cmd(link, NULL, log, NULL)) {
		msg("cannot hard-link %s into the cache; copying it (slow)", req->tree);
		rm_rf(src);
		if (run_cmd(full, NULL, log, NULL))
			return error_code(EXIT_INFRA, err, errlen, "cannot copy %s to %s, see %s", req->tree, src, log);
	}
	/*
	 * No git in the copy: the kernel's setlocalversion would read it (and
	 * git may write to its index), and a bisection step's kernel must
	 * depend on its sources only.
	 */
	git = xasprintf("%s/.git", src);
	rm_rf(git);
	free(git);
	return 0;
}

/*
 * Make <work>/src the tree plus @patches: refresh the copy when the tree
 * changed (only what git says changed, between two commits of a git
 * tree), undo the previous patches, apply these.
 */
static int prepare_source(const struct kbuild_req *req, const char *work, const char *src,
			  const char *log, char *err, int errlen)
{
	char *idfile = xasprintf("%s/tree-id", work), *patched = xasprintf("%s/patched-files", work);
	struct strbuf id = STRBUF_INIT, files = STRBUF_INIT;
	int rc = 0;

	if (read_file(idfile, &id) || strcmp(id.buf, req->tree_id) || !dir_exists(src)) {
		int fresh = !dir_exists(src) || !clean_git_sha(id.buf) || !clean_git_sha(req->tree_id) ||
			    update_from_git(req, src, clean_git_sha(id.buf), log);

		if (fresh) {
			unlink(patched);
			rc = link_copy(req, src, log, err, errlen);
			if (rc)
				goto out;
		}
		write_file(idfile, req->tree_id, strlen(req->tree_id));
	}
	/* Undo the previous variant. */
	if (!read_file(patched, &files)) {
		for (char *f = strtok(files.buf, "\n"); f; f = strtok(NULL, "\n"))
			restore_file(req->tree, src, f);
	}
	strbuf_reset(&files);
	unlink(patched);
	for (int i = 0; i < req->nr_patches && !rc; i++) {
		struct strbuf these = STRBUF_INIT;
		char *argv[] = { "patch", "-p1", "-N", "--no-backup-if-mismatch", "-s", "-d", (char *)src,
				 "-i", req->patches[i], NULL };

		patch_files(req->patches[i], &these);
		/*
		 * A private copy of each file before patch writes it (the copy
		 * links to the tree), except where an earlier patch of this
		 * set already made one: patches stack (fix-counters on
		 * fix-stats), so that file stays as the earlier patch left it.
		 */
		for (char *f = strtok(these.buf, "\n"); f; f = strtok(NULL, "\n")) {
			if (line_in(files.buf, f))
				continue;
			restore_file(req->tree, src, f);
			strbuf_addf(&files, "%s\n", f);
		}
		write_file(patched, files.buf, files.len);
		if (run_cmd(argv, NULL, log, NULL)) {
			rc = error_code(KERNEL_UNSUITABLE, err, errlen,
					"patch %s does not apply to %s, see %s", req->patches[i],
					req->tree_id, log);
		}
		strbuf_release(&these);
	}
out:
	strbuf_release(&id);
	strbuf_release(&files);
	free(idfile);
	free(patched);
	return rc;
}

/*
 * make -C @src O=@build ARGS... (NULL-terminated), output appended to @log;
 * with @bp, its progress shown while it runs.
 */
static int make(struct build_progress *bp, const char *src, const char *build, const char *log, ...)
{
	char *argv[24], *o = xasprintf("O=%s", build), *a;
	int n = 0, rc;
	va_list ap;

	argv[n++] = "make";
	argv[n++] = "-C";
	argv[n++] = (char *)src;
	argv[n++] = o;
	va_start(ap, log);
	while ((a = va_arg(ap, char *)) && n < 23)
		argv[n++] = a;
	va_end(ap);
	argv[n] = NULL;
	rc = run_cmd_ticking(argv, NULL, log, NULL, bp ? build_progress_tick : NULL, bp);
	if (bp)
		build_progress_end(bp);
	free(o);
	return rc;
}

static int configure(const struct kbuild_req *req, const char *src, const char *build,
		     const char *log, char *err, int errlen)
{
	char *merge = xasprintf("%s/scripts/kconfig/merge_config.sh", src);
	char *config = xasprintf("%s/.config", build);
	char *dropped_file = xasprintf("%s/dropped-config", build);
	struct kconfig want = { 0 }, final = { 0 };
	struct strbuf report = STRBUF_INIT, dropped = STRBUF_INIT;
	char **argv = xcalloc(req->nr_fragments + 6, sizeof(char *));
	int n = 0, rc = 0, bad;

	if (make(NULL, src, build, log, "tinyconfig", NULL)) {
		rc = error_code(KERNEL_UNBUILDABLE, err, errlen, "make tinyconfig failed in %s, see %s", src, log);
		goto out;
	}
	argv[n++] = merge;
	argv[n++] = "-m";
	argv[n++] = "-O";
	argv[n++] = (char *)build;
	argv[n++] = config;
	for (int i = 0; i < req->nr_fragments; i++) {
		argv[n++] = req->fragments[i];
		if (kconfig_load(&want, req->fragments[i])) {
			rc = error_code(EXIT_USAGE, err, errlen,
					"config fragment %s: %s", req->fragments[i], strerror(errno));
			goto out;
		}
	}
	if (run_cmd(argv, src, log, NULL) || make(NULL, src, build, log, "olddefconfig", NULL)) {
		rc = error_code(KERNEL_UNBUILDABLE, err, errlen, "merging the config fragments failed, see %s", log);
		goto out;
	}
	if (kconfig_load(&final, config)) {
		rc = error_code(EXIT_INFRA, err, errlen, "%s: cannot read the merged config", config);
		goto out;
	}
	bad = kconfig_verify(&want, &final, src, &report, &dropped);
	/* Kept with the kernel: a run of it says what its config lacks. */
	if (dropped.len) {
		msg("this tree predates %s: not in its Kconfig, dropped (docs/kernels-choosing.md)", dropped.buf);
		write_file(dropped_file, dropped.buf, dropped.len);
	} else {
		unlink(dropped_file);
	}
	if (bad) {
		/* Every symbol that did not stick, one line each, then the exit. */
		fprintf(stderr, "%s", report.buf);
		rc = error_code(KERNEL_UNSUITABLE, err, errlen,
				"%d requested config symbol%s did not stick in %s (listed above)",
				bad, bad > 1 ? "s" : "", config);
	}
out:
	strbuf_release(&report);
	strbuf_release(&dropped);
	free(dropped_file);
	kconfig_free(&want);
	kconfig_free(&final);
	free(argv);
	free(merge);
	free(config);
	return rc;
}

static int copy(const char *from, const char *to)
{
	char *argv[] = { "cp", (char *)from, (char *)to, NULL };

	return run_cmd(argv, NULL, NULL, NULL);
}

static void nfit_from_entry(const char *entry, struct kernel *k);

/* Point @k at what decodes its reports (kernel.h), or say why there is none. */
static void debug_from_entry(const char *entry, struct kernel *k)
{
	char *vmlinux = xasprintf("%s/vmlinux", entry), *mods = xasprintf("%s/debug", entry);
	char *decoder = xasprintf("%s/decode_stacktrace.sh", entry);

	if (file_exists(vmlinux) && file_exists(decoder)) {
		k->vmlinux = vmlinux;
		k->decoder = decoder;
		k->debug_modules = dir_exists(mods) ? mods : NULL;
		if (!k->debug_modules)
			free(mods);
		return;
	}
	k->symbols_why = xasprintf("%s keeps no vmlinux and decode_stacktrace.sh (built before they were kept:"
				   " remove the entry to rebuild it)", entry);
	free(vmlinux);
	free(mods);
	free(decoder);
}

/* Fill @k from a finished cache entry. */
static int from_entry(const char *entry, struct kernel *k, char *err, int errlen)
{
	char *ready = xasprintf("%s/ready", entry);
	struct strbuf sb = STRBUF_INIT;
	char *nl;

	if (read_file(ready, &sb)) {
		free(ready);
		strbuf_release(&sb);
		return error_code(EXIT_INFRA, err, errlen, "%s: not a finished build", entry);
	}
	free(ready);
	nl = strchr(sb.buf, '\n');
	if (nl)
		*nl = '\0';
	k->release = xstrdup(sb.buf);
	k->image = xasprintf("%s/bzImage", entry);
	k->config = xasprintf("%s/config", entry);
	k->modroot = xasprintf("%s/mod", entry);
	if (!dir_exists(k->modroot)) {
		free(k->modroot);
		k->modroot = NULL;
	}
	nfit_from_entry(entry, k);
	debug_from_entry(entry, k);
	strbuf_reset(&sb);
	{
		char *dropped = xasprintf("%s/dropped-config", entry);

		if (!read_file(dropped, &sb) && sb.len)
			k->dropped_config = strbuf_detach(&sb);
		free(dropped);
	}
	strbuf_release(&sb);
	return 0;
}

/*
 * The kernel's nfit_test modules (tools/testing/nvdimm), built against the
 * kernel of @entry from @build. They replace libnvdimm, nfit, nd_pmem,
 * dax_pmem and device_dax, so they live apart, in <entry>/nfit, and only a
 * VM that asks for them loads them. The sources are copied out of @src:
 * an external build writes its objects beside its sources, and the work
 * copy is hard-linked to the tree. A failure is recorded, not fatal: only
 * the nfit_test group needs them. Returns 0 or -1 with @why.
 */
static int build_nfit(const char *entry, const char *src, const char *build, const char *jobs,
		      const char *cc, char *why, int whylen)
{
	static const char *const dirs[] = {
		"tools/testing/nvdimm", "drivers/nvdimm", "drivers/dax", "drivers/acpi/nfit", NULL,
	};
	char *out = xasprintf("%s/nfit", entry), *tmp = xasprintf("%s/nfit.tmp", entry);
	char *scratch = xasprintf("%s/nfit-src", entry), *log = xasprintf("%s/nfit.log", entry);
	char *m = xasprintf("M=%s/tools/testing/nvdimm", scratch), *failed = xasprintf("%s/nfit.failed", entry);
	/* Beside the cache entries: every kernel's nfit_test build is about the same size. */
	char *steps = xasprintf("%s/../nfit-build-steps", entry);
	struct build_progress bp;
	double t0 = now_mono();
	int rc = 0;

	rm_rf(scratch);
	rm_rf(tmp);
	unlink(log);
	for (int i = 0; dirs[i] && !rc; i++) {
		char *from = xasprintf("%s/%s", src, dirs[i]), *to = xasprintf("%s/%s", scratch, dirs[i]);
		char *argv[] = { "cp", "-a", from, to, NULL };

		*strrchr(to, '/') = '\0';
		rc = mkdir_p(to) || !dir_exists(from) || run_cmd(argv, NULL, log, NULL);
		free(from);
		free(to);
	}
	if (rc) {
		snprintf(why, whylen, "nfit_test sources missing in %s, see %s", src, log);
		goto out;
	}
	msg("building the nfit_test modules against %s; log: %s", build, log);
	build_progress_start(&bp, "nfit_test modules", log, build_progress_expect(steps));
	if (cc ? make(&bp, src, build, log, jobs, cc, m, "modules", NULL)
	       : make(&bp, src, build, log, jobs, m, "modules", NULL)) {
		snprintf(why, whylen, "building the nfit_test modules failed, see %s", log);
		rc = -1;
		goto out;
	}
	{
		/* debug/: as built, for decoding reports (console/symbolize.h); extra/: for the guest. */
		char *dst = xasprintf("%s/extra", tmp), *dbg = xasprintf("%s/debug", tmp);
		char *find = xasprintf("find %s/tools/testing/nvdimm -name '*.ko' -exec cp {} %s/ \\; "
				       "-exec strip --strip-debug {} \\; -exec cp {} %s/ \\;", scratch, dbg, dst);
		char *argv[] = { "sh", "-c", find, NULL };

		rc = mkdir_p(dst) || mkdir_p(dbg) || run_cmd(argv, NULL, log, NULL);
		free(find);
		free(dst);
		free(dbg);
	}
	if (rc || rename(tmp, out)) {
		snprintf(why, whylen, "installing the nfit_test modules into %s failed, see %s", out, log);
		rc = -1;
		goto out;
	}
	build_progress_remember(steps, bp.steps);
	msg("nfit_test modules built in %.0f s", now_mono() - t0);
out:
	if (rc)
		write_file(failed, why, strlen(why));
	rm_rf(scratch);
	rm_rf(tmp);
	free(out);
	free(tmp);
	free(scratch);
	free(log);
	free(m);
	free(failed);
	free(steps);
	return rc ? -1 : 0;
}

/* Point @k at the nfit_test modules of @entry, or say why there are none. */
static void nfit_from_entry(const char *entry, struct kernel *k)
{
	char *dir = xasprintf("%s/nfit/extra", entry), *failed = xasprintf("%s/nfit.failed", entry);
	struct strbuf sb = STRBUF_INIT;

	if (dir_exists(dir)) {
		char *dbg = xasprintf("%s/nfit/debug", entry);

		k->nfit_modules = dir;
		dir = NULL;
		if (dir_exists(dbg))
			k->nfit_debug_modules = dbg;
		else
			free(dbg);
	} else if (!read_file(failed, &sb)) {
		k->nfit_why = strbuf_detach(&sb);
	} else {
		k->nfit_why = xstrdup("the nfit_test modules were not built");
	}
	strbuf_release(&sb);
	free(dir);
	free(failed);
}

/*
 * ccache hashes the absolute paths of a compile unless they are under its
 * base directory: with the work trees under it, two trees' builds (a
 * bisection's tree and Debian's source, say) share every unchanged object.
 */
static void share_ccache(const char *cache)
{
	char *base = xasprintf("%s/work", cache);

	if (!getenv("CCACHE_BASEDIR"))
		setenv("CCACHE_BASEDIR", base, 1);
	free(base);
}

/* make's -j for @req: its jobs, else one more than the cores. Caller frees. */
static char *make_jobs(const struct kbuild_req *req)
{
	return xasprintf("-j%d", req->jobs ? req->jobs : (int)sysconf(_SC_NPROCESSORS_ONLN) + 1);
}

/* The compiler for make: ccache when there is one. Caller frees. */
static char *make_cc(void)
{
	char *ccache = which("ccache"), *cc = ccache ? xstrdup("CC=ccache gcc") : NULL;

	free(ccache);
	return cc;
}

/*
 * Where @req builds: one work tree per source path (successive variants
 * share objects), one build directory per set of fragments in it.
 */
static void work_dirs(const struct kbuild_req *req, char **work, char **build, char **src)
{
	uint64_t tree_key = fnv1a64(req->tree, strlen(req->tree), FNV1A64_INIT), frag_key = FNV1A64_INIT;

	for (int i = 0; i < req->nr_fragments; i++)
		hash_named_file(req->fragments[i], &frag_key);
	*work = xasprintf("%s/work/%016" PRIx64, req->cache, tree_key);
	*build = xasprintf("%s/build-%016" PRIx64, *work, frag_key);
	*src = xasprintf("%s/src", *work);
}

/*
 * A kernel cached before nfit_test modules were built with it: build them
 * now from its work tree (patches of this variant applied again), once.
 */
static void nfit_for_cached(const struct kbuild_req *req, const char *entry)
{
	char *nfit = xasprintf("%s/nfit", entry), *failed = xasprintf("%s/nfit.failed", entry);
	char *work, *build, *src, *lockpath, *log, *jobs, *cc, why[512], err[512];
	int lock, waited = 0;

	if (dir_exists(nfit) || file_exists(failed)) {
		free(nfit);
		free(failed);
		return;
	}
	work_dirs(req, &work, &build, &src);
	share_ccache(req->cache);
	lockpath = xasprintf("%s/lock", work);
	log = xasprintf("%s/nfit-prepare.log", entry);
	jobs = make_jobs(req);
	cc = make_cc();
	lock = file_exists(lockpath) ? lock_take(lockpath, "nfit_test modules build", log, &waited) : -1;
	if (lock < 0) {
		snprintf(why, sizeof(why), "the kernel's work tree %s is gone (clear %s to rebuild)", work, entry);
		write_file(failed, why, strlen(why));
	} else if (waited && (dir_exists(nfit) || file_exists(failed))) {
		info("the nfit_test modules of %s were built meanwhile", entry);
	} else if (!dir_exists(build) || prepare_source(req, work, src, log, err, sizeof(err))) {
		snprintf(why, sizeof(why), "the kernel's build tree %s is gone or unusable", build);
		write_file(failed, why, strlen(why));
	} else {
		build_nfit(entry, src, build, jobs, cc, why, sizeof(why));
	}
	lock_release(lock);
	free(nfit);
	free(failed);
	free(work);
	free(build);
	free(src);
	free(lockpath);
	free(log);
	free(jobs);
	free(cc);
}

/*
 * Make the build reproducible: the same sources give a byte-identical
 * bzImage (no build time, user, host or build counter in it), so that a
 * bisection can tell a commit that changes nothing in the kernel.
 */
#define REPRO_VARS "KBUILD_BUILD_TIMESTAMP=Thu Jan  1 00:00:00 UTC 1970", \
	"KBUILD_BUILD_USER=pmemfi", "KBUILD_BUILD_HOST=pmemfi", "KBUILD_BUILD_VERSION=1"

/* The fragments' bare names ("kasan" of ".../kasan.config"): build_steps.h's keys. */
static void fragment_names(const struct kbuild_req *req, struct strvec *out)
{
	for (int i = 0; i < req->nr_fragments; i++) {
		const char *b = base_name(req->fragments[i]);

		strvec_pushf(out, "%.*s", (int)strcspn(b, "."), b);
	}
}

/* make bzImage and modules in @build, with ccache when there is one. */
static int compile(const struct kbuild_req *req, const char *src, const char *build, const char *log,
		   char *err, int errlen)
{
	char *cc = make_cc(), *jobs, *vmlinux, *steps, version[64] = "unknown", about[64] = "";
	struct strvec names = STRVEC_INIT;
	struct build_progress bp;
	int rc, scratch, expect = 0;

	if (!cc)
		msg("ccache not found: building without it");
	jobs = make_jobs(req);
	/* An estimate only for a build from scratch: an incremental one has no measure. */
	vmlinux = xasprintf("%s/vmlinux", build);
	scratch = !file_exists(vmlinux);
	steps = xasprintf("%s/kernels/build/kernel-build-steps", req->cache);
	build_steps_tree_version(req->tree, version, sizeof(version));
	fragment_names(req, &names);
	if (scratch)
		expect = build_steps_expect(req->steps_table, steps, version, (const char *const *)names.v, names.nr);
	if (expect)
		snprintf(about, sizeof(about), "about %d steps, the ETA follows; ", expect);
	msg("building the kernel (%s, %d fragments, %d patches) in %s; %slog: %s", req->tree_id,
	    req->nr_fragments, req->nr_patches, build, about, log);
	build_progress_start(&bp, "kernel build", log, expect);
	if (expect)
		bp.nr_profile = build_steps_profile(req->steps_table, bp.profile_steps, bp.profile_time,
						    BUILD_PROGRESS_PROFILE_MAX);
	rc = cc ? make(&bp, src, build, log, jobs, cc, REPRO_VARS, "bzImage", "modules", NULL)
		: make(&bp, src, build, log, jobs, REPRO_VARS, "bzImage", "modules", NULL);
	if (!rc && scratch)
		build_steps_remember(steps, version, (const char *const *)names.v, names.nr, bp.steps);
	strvec_clear(&names);
	free(vmlinux);
	free(steps);
	free(jobs);
	free(cc);
	if (rc)
		return error_code(KERNEL_UNBUILDABLE, err, errlen, "the kernel build failed (status %d), see %s", rc, log);
	return 0;
}

/*
 * What decodes a report's stack (kernel.h): the vmlinux, the modules as
 * built (the guest gets stripped ones), and the tree's own decoder. Not
 * fatal: without them a report is only said to be undecoded.
 */
static void keep_debug(const char *src, const char *build, const char *log, const char *entry)
{
	char *vmlinux = xasprintf("%s/vmlinux", build), *to = xasprintf("%s/vmlinux", entry);
	char *script = xasprintf("%s/scripts/decode_stacktrace.sh", src);
	char *decoder = xasprintf("%s/decode_stacktrace.sh", entry), *dbg = xasprintf("%s/debug", entry);
	char *find = xasprintf("find %s -name '*.ko' -not -path '*/tools/*' -exec cp {} %s/ \\;", build, dbg);
	char *argv[] = { "sh", "-c", find, NULL };

	rm_rf(dbg);
	unlink(to);
	unlink(decoder);
	if (copy(vmlinux, to) || copy(script, decoder) || mkdir_p(dbg) || run_cmd(argv, NULL, log, NULL)) {
		info("cannot keep the vmlinux, modules and decode_stacktrace.sh in %s: reports will not be decoded",
		    entry);
		unlink(to);
		unlink(decoder);
	}
	free(vmlinux);
	free(to);
	free(script);
	free(decoder);
	free(dbg);
	free(find);
}

/* Copy what a run needs from @build into the cache entry @entry; "ready" last. */
static int install(const struct kbuild_req *req, const char *src, const char *build, const char *log,
		   const char *entry, double t0, char *err, int errlen)
{
	static const char *const files[][2] = {
		{ "arch/x86/boot/bzImage", "bzImage" }, { ".config", "config" }, { "System.map", "System.map" },
		{ "dropped-config", "dropped-config" },
	};
	char *mod = xasprintf("%s/mod", entry), *path = xasprintf("INSTALL_MOD_PATH=%s", mod);
	char *rel[] = { "make", "-s", "-C", (char *)src, NULL, "kernelrelease", NULL };
	char *o = xasprintf("O=%s", build), *to;
	struct strbuf release = STRBUF_INIT;
	int rc = 0;

	rel[4] = o;
	rm_rf(mod);
	if (run_cmd(rel, NULL, "-", &release) || !release.len ||
	    make(NULL, src, build, log, path, "INSTALL_MOD_STRIP=1", "modules_install", NULL))
		rc = error_code(KERNEL_UNBUILDABLE, err, errlen, "installing the built kernel failed, see %s", log);
	while (release.len && release.buf[release.len - 1] == '\n')
		release.buf[--release.len] = '\0';
	for (size_t i = 0; i < sizeof(files) / sizeof(files[0]) && !rc; i++) {
		char *from = xasprintf("%s/%s", build, files[i][0]);

		to = xasprintf("%s/%s", entry, files[i][1]);
		/* System.map only helps reading reports; dropped-config is there only if any were. */
		unlink(to);
		if ((!file_exists(from) || copy(from, to)) && i < 2)
			rc = error_code(EXIT_INFRA, err, errlen, "copying the built kernel into %s failed", entry);
		free(from);
		free(to);
	}
	to = xasprintf("%s/build.log", entry);
	copy(log, to);
	free(to);
	if (!rc)
		keep_debug(src, build, log, entry);
	if (!rc) {
		char *ready = xasprintf("%s/ready", entry);
		char *text = xasprintf("%s\n%s\nbuilt in %.0f s\n", release.buf, req->tree_id, now_mono() - t0);

		msg("kernel %s built in %.0f s", release.buf, now_mono() - t0);
		/* Only a plan with nfit cells pays for them (a minute here). */
		if (req->nfit) {
			char why[512], *j = make_jobs(req);
			char *c = make_cc();

			build_nfit(entry, src, build, j, c, why, sizeof(why));
			free(j);
			free(c);
		}
		write_file(ready, text, strlen(text));
		free(text);
		free(ready);
	}
	strbuf_release(&release);
	free(o);
	free(mod);
	free(path);
	return rc;
}

/* The cache entry of @req's key, when it is finished: reuse it. */
static int reuse(const struct kbuild_req *req, const char *entry, struct kernel *k, char *err, int errlen)
{
	char *ready = xasprintf("%s/ready", entry);
	int hit = file_exists(ready);

	free(ready);
	if (!hit)
		return -1;
	info("reusing the kernel built in %s", entry);
	if (req->nfit)
		nfit_for_cached(req, entry);
	return from_entry(entry, k, err, errlen);
}

int kbuild(const struct kbuild_req *req, struct kernel *k, char *err, int errlen)
{
	char *entry, *work, *src, *build, *log, *lockpath, *what;
	int lock, rc, waited;
	uint64_t key;
	double t0 = now_mono();

	rc = kbuild_key(req, &key, err, errlen);
	if (rc)
		return rc;
	entry = xasprintf("%s/kernels/build/%016" PRIx64, req->cache, key);
	rc = reuse(req, entry, k, err, errlen);
	if (rc >= 0) {
		free(entry);
		return rc;
	}
	work_dirs(req, &work, &build, &src);
	share_ccache(req->cache);
	log = xasprintf("%s/build.log", build);
	lockpath = xasprintf("%s/lock", work);
	if (mkdir_p(build) || mkdir_p(entry)) {
		rc = error_code(EXIT_INFRA, err, errlen, "%s: cannot create the build directories", work);
		goto out;
	}
	what = xasprintf("kernel build of %s, %d fragments, %d patches", req->tree_id, req->nr_fragments,
			 req->nr_patches);
	lock = lock_take(lockpath, what, log, &waited);
	free(what);
	if (lock < 0) {
		rc = error_code(EXIT_INFRA, err, errlen, "%s: cannot lock: %s", lockpath, strerror(errno));
		goto out;
	}
	/* Whom we waited for may have built this very kernel. */
	if (waited && (rc = reuse(req, entry, k, err, errlen)) >= 0) {
		msg("reusing the kernel pid %d built meanwhile: %s", waited, entry);
		lock_release(lock);
		goto out;
	}
	unlink(log);
	rc = prepare_source(req, work, src, log, err, errlen);
	if (!rc)
		rc = configure(req, src, build, log, err, errlen);
	if (!rc)
		rc = compile(req, src, build, log, err, errlen);
	if (!rc)
		rc = install(req, src, build, log, entry, t0, err, errlen);
	lock_release(lock);
	if (!rc)
		rc = from_entry(entry, k, err, errlen);
	if (!rc)
		k->build_seconds = now_mono() - t0;
out:
	free(entry);
	free(work);
	free(src);
	free(build);
	free(log);
	free(lockpath);
	return rc;
}
