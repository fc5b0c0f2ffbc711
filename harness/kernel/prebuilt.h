/* SPDX-License-Identifier: GPL-2.0 */
/*
 * prebuilt.h - a kernel not built here (--kernel PATH, --kernel debian:...):
 * where its config is, and whether it has what the suite needs, told
 * before the first VM instead of by every cell's error.
 *
 * What the suite needs is configs/kernel/base.config: every symbol it sets
 * to y or m must be y or m (built in or a module, either serves), except
 * those named on a "# pmemfi-prebuilt-may-lack: SYM..." line there (what
 * a kernel built here gets, but a given one may do without). A needed
 * symbol that is a module needs a module tree (--modules).
 */
#ifndef PMEMFI_PREBUILT_H
#define PMEMFI_PREBUILT_H

struct kernel;
struct kconfig;

/*
 * The config of @k: config-<release> beside the image or under the module
 * tree's boot/, the module tree's lib/modules/<release>/config or build/.config,
 * else the image's own (CONFIG_IKCONFIG), extracted into @cache. Sets
 * k->config (and its hash) when found; returns 0 when found, -1 if not.
 */
int prebuilt_find_config(struct kernel *k, const char *cache);

/*
 * The config embedded in the bzImage @image (CONFIG_IKCONFIG), written to
 * @out. Returns 0, or -1 when the image has none or it cannot be read.
 */
int prebuilt_image_ikconfig(const char *image, const char *out);

/*
 * Check @final against the needs in @base (base.config's text): one line
 * in @err naming every missing symbol, or, when @modular is 0, the needed
 * symbols that are modules. Returns 0, or 1 with @err set.
 */
int prebuilt_check(const struct kconfig *final, const char *base, int modular, char *err, int errlen);

#endif
