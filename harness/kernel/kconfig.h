/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kconfig.h - config fragments: what they ask for, whether the final
 * .config gives it, and why not when Kconfig can tell.
 *
 * A fragment holds "CONFIG_X=value" and "# CONFIG_X is not set" lines;
 * later fragments override earlier ones. A symbol that did not stick after
 * olddefconfig is an error: a silently dropped KASAN is the worst failure
 * this suite can have.
 */
#ifndef PMEMFI_KCONFIG_H
#define PMEMFI_KCONFIG_H

struct strbuf;
struct strvec;

struct kconfig_sym {
	char *name;		/* without CONFIG_ */
	char *value;		/* "y", "m", "n" (not set), "\"string\"", "123" */
	char *origin;		/* fragment file that asked for it (requests only) */
};

struct kconfig {
	struct kconfig_sym *v;
	int nr, alloc;
};

/* Add the lines of @text (from @origin) to @kc; a later value replaces an earlier one. */
void kconfig_parse(struct kconfig *kc, const char *text, const char *origin);

/*
 * The kernel patches a fragment needs: one "# pmemfi-patch: NAME" line per
 * patch (NAME under configs/patches, without ".patch"), applied in order
 * after the canary's own patches and hashed into the build's cache key.
 * Pushes each NAME onto @names. Returns 0 or -errno.
 */
int kconfig_fragment_patches(const char *path, struct strvec *names);

/* Load a file into @kc. Returns 0 or -errno. */
int kconfig_load(struct kconfig *kc, const char *path);

/* The value of @name ("n" when absent). */
const char *kconfig_get(const struct kconfig *kc, const char *name);

void kconfig_free(struct kconfig *kc);

/*
 * Compare the requests with the final config. Appends one line per symbol
 * that did not stick to @report ("CONFIG_X=y (base.config) is not set"),
 * explained from the Kconfig files under @srctree when given. Returns the
 * number of symbols that did not stick.
 *
 * The rule for older trees: a request for a symbol that no Kconfig file
 * under @srctree defines (the tree predates it) is not a failure when
 * @dropped is given; it is appended there ("CONFIG_X=y (kasan.config)",
 * comma-separated) for the caller to warn about and record. A symbol the
 * tree defines that did not stick always counts.
 */
int kconfig_verify(const struct kconfig *want, const struct kconfig *final,
		   const char *srctree, struct strbuf *report, struct strbuf *dropped);

/*
 * The "depends on" conditions of @name in the Kconfig files under
 * @srctree, with the final value of every symbol they mention, e.g.
 * "depends on !SLUB_TINY [SLUB_TINY=y]", or a line saying it has none.
 * Caller frees; NULL when no Kconfig file under @srctree defines it.
 */
char *kconfig_explain(const char *srctree, const char *name, const struct kconfig *final);

#endif
