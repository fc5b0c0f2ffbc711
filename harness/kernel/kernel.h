/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel.h - where the kernel under test comes from.
 *
 * Providers, by --kernel value:
 *   kasan             built from Debian's linux-source-6.12 (installed on
 *                     the host) with the fragments base, kasan, debug-vm
 *                     and debug-info (configs/kernel/) plus any
 *                     --fragment, and any patches (canaries)
 *   kasan:SERIES      the same from Debian's linux-source-SERIES (7.3: the
 *   kasan:VERSION     newest 7.3.N; 7.2.12: that version), found in the
 *                     host's apt lists or a newer Debian suite
 *                     (configs/debian-suites, kernel/debarchive.h),
 *                     downloaded and unpacked into the cache
 *   debian[:VERSION]  Debian's prebuilt image (linux-image-6.12*-amd64-
 *                     unsigned by default; debian:7.3 the newest 7.3.N of
 *                     a newer suite), fetched with apt-get download and
 *                     unpacked into the cache (never installed on the host)
 *   PATH              a bzImage used as is; --modules DIR gives the
 *                     directory holding lib/modules/<release> if modular
 * and --kernel-tree DIR: any kernel source tree, built like kasan.
 *
 * The result is everything later stages need: the image, the modules
 * (and for a kernel built here, the nfit_test modules), the release, and
 * what the manifest records about its identity.
 */
#ifndef PMEMFI_KERNEL_H
#define PMEMFI_KERNEL_H

#include <string.h>

struct kernel {
	char *spec;		/* as given */
	char *id;		/* short, for the results directory: debian-6.12.117+deb12-amd64 */
	char *image;		/* bzImage / vmlinuz */
	char *modroot;		/* holds lib/modules/<release>; NULL: no modules */
	char *release;		/* uname -r; NULL when it cannot be told */
	char *source;		/* source identity */
	char *tree;		/* the source tree it was built from, or NULL (prebuilt) */
	char *config;		/* .config path, or NULL */
	char *config_hash;	/* of the .config, or NULL */
	char *sanitizers;	/* "KASAN DEBUG_VM_PGFLAGS ...", "none", or "unknown" */
	char *nfit_modules;	/* the nfit_test .ko files (one directory), or NULL */
	char *nfit_why;		/* why there are none, or NULL */
	int nfit_na;		/* none can be: the nfit_test cells do not apply to it (not built here) */
	char *dropped_config;	/* requested symbols the tree predates, "CONFIG_X=y (frag), ...", or NULL */
	double build_seconds;	/* the time kbuild() took to build it here; 0: reused or prebuilt */
	/*
	 * What decodes a report's stack to file:line (console/symbolize.h),
	 * kept with a kernel built here: its vmlinux and modules with DWARF
	 * line tables, and the kernel's own scripts/decode_stacktrace.sh.
	 * NULL, with @symbols_why saying why, when there are none (a
	 * prebuilt kernel, an entry cached without them).
	 */
	char *vmlinux;
	char *debug_modules;	/* directory of the unstripped .ko files */
	char *nfit_debug_modules;	/* the same for the nfit_test builds, or NULL */
	char *decoder;		/* scripts/decode_stacktrace.sh of its tree */
	char *symbols_why;
};

struct kernel_spec {
	const char *kernel;	/* --kernel */
	const char *modules;	/* --modules, with --kernel PATH */
	const char *tree;	/* --kernel-tree */
	const char *configs;	/* where kernel/<fragment>.config and patches/<patch> live */
	const char *const *fragments;	/* extra fragment names (--fragment) */
	int nr_fragments;
	const char *const *patches;	/* patch names under configs/patches */
	int nr_patches;
	const char *cache;
	int nfit;		/* the plan has nfit_test cells: build their modules */
};

/*
 * kernel_resolve()'s answer when the tree cannot give the kernel asked
 * for: a requested config symbol that does not stick, a patch that does
 * not apply. "run" exits 2 for it, "bisect-step" 125 (this commit cannot
 * be tested, which is not a usage error). Never an exit status itself.
 */
#define KERNEL_UNSUITABLE 4

/* The --kernel values, for messages. */
#define KERNEL_NAMES "kasan, kasan:SERIES (kasan:7.3), debian, debian:VERSION (debian:6.12.117, debian:7.3), " \
	"or a bzImage path"

/*
 * kernel_resolve()'s answer when the tree does not build (make failed:
 * configuring it or compiling it). "run" exits 3 for it, as for any
 * kernel it could not get, "bisect-step" 125 (this commit cannot be
 * tested); a failure of the host (a copy, the cache, a lock) stays
 * EXIT_INFRA, which stops a bisection. Never an exit status itself.
 */
#define KERNEL_UNBUILDABLE 5

/*
 * Why the nfit_test cells cannot apply to the kernel of --kernel @kernel
 * / --kernel-tree @tree (their modules are built with a kernel built
 * here), or NULL when they can.
 */
const char *kernel_nfit_not_applicable(const char *kernel, const char *tree);

/* Is @tree a kernel source tree (what kbuild needs of it)? */
int kernel_is_tree(const char *tree);

/* The fragments every built kernel gets, in order. */
extern const char *const kernel_base_fragments[];

/* Is the kernel of --kernel @kernel / --kernel-tree @tree built here? */
static inline int kernel_built_here(const char *kernel, const char *tree)
{
	return tree || (!strncmp(kernel, "kasan", 5) && (!kernel[5] || kernel[5] == ':'));
}

/*
 * Resolve @spec into @k, fetching or building into the cache when needed.
 * Returns 0, or EXIT_USAGE (a bad spec, a missing file), KERNEL_UNSUITABLE,
 * KERNEL_UNBUILDABLE or EXIT_INFRA (fetching failed, the host failed) with
 * a one-line reason in @err.
 */
int kernel_resolve(const struct kernel_spec *spec, struct kernel *k, char *err, int errlen);

void kernel_free(struct kernel *k);

/*
 * The unpacked source tree of kernel @spec->kernel ("kasan", "kasan:7.3"),
 * fetched and unpacked into the cache when it is not there yet, and its
 * identity ("debian:linux-source-7.3=7.3.4-1~bpo13+1"). Returns 0, or
 * EXIT_USAGE / EXIT_INFRA with a one-line reason in @err.
 */
int kernel_source(const struct kernel_spec *spec, char **tree, char **id, char *err, int errlen);

/* Set @k's config to the file @config (NULL or missing: none), its hash and sanitizers. */
void kernel_set_config(struct kernel *k, const char *config);

/* The release string embedded in an x86 bzImage header, or NULL. */
char *kernel_image_release(const char *image);

/* The sanitizer/debug options enabled in a .config, space-separated. */
char *kernel_config_sanitizers(const char *config);

#endif
