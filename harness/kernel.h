/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kernel.h - where the kernel under test comes from.
 *
 * Providers, by --kernel value:
 *   debian[:VERSION]  Debian's prebuilt linux-image-6.12*-amd64-unsigned,
 *                     fetched with apt-get download and unpacked into the
 *                     cache (never installed on the host)
 *   PATH              a bzImage used as is; --modules DIR gives the
 *                     directory holding lib/modules/<release> if modular
 *
 * The result is everything later stages need: the image, the modules, the
 * release, and what the manifest records about its identity.
 */
#ifndef PMEMFI_KERNEL_H
#define PMEMFI_KERNEL_H

struct kernel {
	char *spec;		/* as given */
	char *id;		/* short, for the results directory: debian-6.12.117+deb12-amd64 */
	char *image;		/* bzImage / vmlinuz */
	char *modroot;		/* holds lib/modules/<release>; NULL: no modules */
	char *release;		/* uname -r; NULL when it cannot be told */
	char *source;		/* source identity */
	char *config;		/* .config path, or NULL */
	char *config_hash;	/* of the .config, or NULL */
	char *sanitizers;	/* "KASAN DEBUG_VM_PGFLAGS ...", "none", or "unknown" */
};

/*
 * Resolve @spec into @k, fetching into @cache when needed. Returns 0, or
 * an exit code (EXIT_USAGE for a bad spec or missing file, EXIT_INFRA when
 * fetching failed) with a one-line reason in @err.
 */
int kernel_resolve(const char *spec, const char *modules, const char *cache,
		   struct kernel *k, char *err, int errlen);

void kernel_free(struct kernel *k);

/* The release string embedded in an x86 bzImage header, or NULL. */
char *kernel_image_release(const char *image);

/* The sanitizer/debug options enabled in a .config, space-separated. */
char *kernel_config_sanitizers(const char *config);

#endif
