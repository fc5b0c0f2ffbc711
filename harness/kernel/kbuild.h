/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kbuild.h - build a kernel from a source tree with config fragments and
 * patches, and cache the result.
 *
 * Cache layout under <cache>/kernels/build/<key>/: bzImage, config,
 * System.map, mod/lib/modules/<release>/ (stripped, for the guest),
 * build.log, nfit/extra/ (the kernel's nfit_test modules, built with
 * M=tools/testing/nvdimm against the same build; nfit.failed says why
 * when they could not be), what decodes reports to file:line: vmlinux,
 * debug/ (every module as built) and nfit/debug/ with their DWARF, and
 * the tree's decode_stacktrace.sh; and "ready" (written last). A kernel cached before nfit_test modules were
 * built gets them on its next use, from its work tree. The key hashes the source identity, the fragments (names and
 * contents, in order) and the patches, so an unchanged key reuses the
 * kernel without running make at all.
 *
 * Builds happen in <cache>/work/<tree key>/: a hard-linked copy of the
 * source with the patches applied (patched files are private copies), and
 * one O= directory per fragment set. Every variant of a tree is built at
 * the same paths, so switching patches recompiles only what they touch,
 * and ccache serves what make cannot: its base directory is <cache>/work
 * (CCACHE_BASEDIR, unless set), so another tree's build of the same
 * sources (a bisection's git tree) hits too. Kernels are reproducible:
 * the same sources give a byte-identical bzImage.
 */
#ifndef PMEMFI_KBUILD_H
#define PMEMFI_KBUILD_H

#include <stdint.h>

#include "kernel/kernel.h"

struct kbuild_req {
	const char *tree;		/* kernel source tree (never modified) */
	const char *tree_id;		/* its identity: package version or git HEAD+diff hash */
	char **fragments;		/* config fragment paths, applied in order */
	int nr_fragments;
	char **patches;			/* patch paths (-p1), applied in order */
	int nr_patches;
	const char *cache;		/* ~/.cache/pmemfi */
	int jobs;			/* make -j; 0: cores + 1 */
	int nfit;			/* also build the nfit_test modules (a cell needs them) */
	const char *steps_table;	/* configs/kernel/build-steps (build_steps.h), or NULL */
};

/* The cache key of a request (fragment and patch contents included). */
int kbuild_key(const struct kbuild_req *req, uint64_t *key, char *err, int errlen);

/*
 * Build (or reuse) the kernel of @req and fill @k. Returns 0,
 * KERNEL_UNSUITABLE when a requested config symbol did not stick (each one
 * is listed on stderr) or a patch does not apply, EXIT_USAGE when a
 * fragment or patch cannot be read, KERNEL_UNBUILDABLE when make failed
 * (@err names the log), or EXIT_INFRA when the host did (a copy, the
 * cache, the lock).
 */
int kbuild(const struct kbuild_req *req, struct kernel *k, char *err, int errlen);

/* Identity of a source tree: "git:<HEAD>[+<diff hash>]" or "tree:<version>:<stat hash>". */
char *kbuild_tree_identity(const char *tree);

#endif
