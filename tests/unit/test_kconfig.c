// SPDX-License-Identifier: GPL-2.0
/*
 * Config fragments: merging (later wins), the dropped-symbol check, and its
 * explanation from the tree's Kconfig; the build cache key.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/kbuild.h"
#include "kernel/kconfig.h"
#include "lib/util.h"

static char dir[] = "/tmp/pmemfi-test-kconfig.XXXXXX";

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rm_rf(dir);
}

static void put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name), *slash = strrchr(path, '/');

	*slash = '\0';
	mkdir_p(path);
	*slash = '/';
	assert_int_equal(write_file(path, text, strlen(text)), 0);
	free(path);
}

static void merging(void **state)
{
	struct kconfig kc = { 0 };

	(void)state;
	kconfig_parse(&kc, "# a comment\nCONFIG_A=y\nCONFIG_B=m\n# CONFIG_C is not set\n"
			   "CONFIG_S=\"x y\"\n", "base.config");
	kconfig_parse(&kc, "CONFIG_A=n\nCONFIG_C=y\n  CONFIG_D=12  \n", "kasan.config");
	assert_int_equal(kc.nr, 5);
	assert_string_equal(kconfig_get(&kc, "A"), "n");
	assert_string_equal(kconfig_get(&kc, "B"), "m");
	assert_string_equal(kconfig_get(&kc, "C"), "y");
	assert_string_equal(kconfig_get(&kc, "D"), "12");
	assert_string_equal(kconfig_get(&kc, "S"), "\"x y\"");
	assert_string_equal(kconfig_get(&kc, "NOT_THERE"), "n");
	/* The fragment that asked last is the origin. */
	assert_string_equal(kc.v[2].origin, "kasan.config");
	kconfig_free(&kc);
}

/* The failure the suite exists to refuse: tinyconfig's SLUB_TINY drops KASAN. */
static void dropped_kasan_is_explained(void **state)
{
	struct kconfig want = { 0 }, final = { 0 };
	struct strbuf report = STRBUF_INIT;

	(void)state;
	put("tree/lib/Kconfig.kasan", "menuconfig KASAN\n\tbool \"KASAN\"\n\tdepends on HAVE_ARCH_KASAN\n"
				      "\tdepends on !SLUB_TINY\n\thelp\n\t  text\n\nconfig OTHER\n\tbool\n");
	put("tree/mm/Kconfig", "config SLUB_TINY\n\tbool \"tiny\"\n");
	kconfig_parse(&want, "CONFIG_KASAN=y\nCONFIG_NUMA=y\n# CONFIG_GONE is not set\nCONFIG_OK=m\n", "kasan.config");
	kconfig_parse(&final, "CONFIG_HAVE_ARCH_KASAN=y\nCONFIG_SLUB_TINY=y\nCONFIG_NUMA=y\nCONFIG_OK=m\n", ".config");
	{
		char *tree = xasprintf("%s/tree", dir);

		assert_int_equal(kconfig_verify(&want, &final, tree, &report, NULL), 1);
		free(tree);
	}
	assert_string_equal(report.buf,
			    "CONFIG_KASAN=y (kasan.config) is not set: depends on HAVE_ARCH_KASAN && "
			    "!SLUB_TINY [HAVE_ARCH_KASAN=y SLUB_TINY=y]\n");
	strbuf_release(&report);
	/* A symbol the tree does not know is said to be unknown. */
	kconfig_free(&want);
	kconfig_parse(&want, "CONFIG_TYPO=y\n", "base.config");
	{
		char *tree = xasprintf("%s/tree", dir);

		assert_int_equal(kconfig_verify(&want, &final, tree, &report, NULL), 1);
		free(tree);
	}
	assert_non_null(strstr(report.buf, "CONFIG_TYPO=y (base.config) is not set: no such symbol"));
	strbuf_release(&report);
	/*
	 * An older tree's rule: a symbol it predates is dropped, not fatal; one
	 * it defines (OTHER, with no depends on) still is.
	 */
	kconfig_free(&want);
	kconfig_parse(&want, "CONFIG_TYPO=y\nCONFIG_OTHER=y\n", "debug-vm.config");
	{
		char *tree = xasprintf("%s/tree", dir);
		struct strbuf dropped = STRBUF_INIT;

		assert_int_equal(kconfig_verify(&want, &final, tree, &report, &dropped), 1);
		assert_string_equal(dropped.buf, "CONFIG_TYPO=y (debug-vm.config)");
		assert_string_equal(report.buf, "CONFIG_OTHER=y (debug-vm.config) is not set: no depends on "
				    "(selected by another symbol, or without a prompt)\n");
		{
			char *other = kconfig_explain(tree, "OTHER", &final);

			assert_non_null(other);
			assert_null(kconfig_explain(tree, "TYPO", &final));
			free(other);
		}
		strbuf_release(&dropped);
		free(tree);
	}
	strbuf_release(&report);
	/* A value that changed rather than vanished. */
	kconfig_free(&want);
	kconfig_parse(&want, "CONFIG_OK=y\n", "base.config");
	assert_int_equal(kconfig_verify(&want, &final, NULL, &report, NULL), 1);
	assert_string_equal(report.buf, "CONFIG_OK=y (base.config) became m\n");
	strbuf_release(&report);
	kconfig_free(&want);
	kconfig_free(&final);
}

/* The shipped fragments parse and ask for what the suite relies on. */
static void shipped_fragments(void **state)
{
	struct kconfig kc = { 0 };

	(void)state;
	assert_int_equal(kconfig_load(&kc, "configs/kernel/base.config"), 0);
	assert_int_equal(kconfig_load(&kc, "configs/kernel/kasan.config"), 0);
	assert_int_equal(kconfig_load(&kc, "configs/kernel/debug-vm.config"), 0);
	assert_string_equal(kconfig_get(&kc, "KASAN"), "y");
	assert_string_equal(kconfig_get(&kc, "SLUB_TINY"), "n");
	assert_string_equal(kconfig_get(&kc, "DEBUG_VM_PGFLAGS"), "y");
	assert_string_equal(kconfig_get(&kc, "LIBNVDIMM"), "m");
	assert_string_equal(kconfig_get(&kc, "ADVISE_SYSCALLS"), "y");
	assert_string_equal(kconfig_get(&kc, "NUMA"), "y");
	kconfig_free(&kc);
}

/* "# pmemfi-patch: NAME" lines name the patches a fragment needs. */
static void fragment_patches(void **state)
{
	struct strvec names = STRVEC_INIT;

	(void)state;
	assert_int_equal(kconfig_fragment_patches("configs/kernel/memmap-kasan.config", &names), 0);
	assert_int_equal(names.nr, 1);
	assert_string_equal(names.v[0], "memmap-kasan");
	assert_int_equal(kconfig_fragment_patches("configs/kernel/kfence.config", &names), 0);
	assert_int_equal(names.nr, 1);
	assert_true(kconfig_fragment_patches("configs/kernel/no-such.config", &names) < 0);
	strvec_clear(&names);
}

static void cache_key(void **state)
{
	char *f1 = xasprintf("%s/base.config", dir), *f2 = xasprintf("%s/kasan.config", dir);
	char *p1 = xasprintf("%s/fix.patch", dir), err[256];
	char *frags[] = { f1, f2 }, *swapped[] = { f2, f1 }, *patches[] = { p1 };
	struct kbuild_req req = { .tree = "/src", .tree_id = "debian:linux-source-6.12=6.12.117-1",
				  .fragments = frags, .nr_fragments = 2, .cache = dir };
	uint64_t k1, k2;

	(void)state;
	put("base.config", "CONFIG_A=y\n");
	put("kasan.config", "CONFIG_KASAN=y\n");
	put("fix.patch", "--- a/x\n+++ b/x\n");
	assert_int_equal(kbuild_key(&req, &k1, err, sizeof(err)), 0);
	assert_int_equal(kbuild_key(&req, &k2, err, sizeof(err)), 0);
	assert_true(k1 == k2);
	/* Fragment content, fragment order, patches and the source all count. */
	put("kasan.config", "CONFIG_KASAN=y\nCONFIG_KASAN_INLINE=y\n");
	assert_int_equal(kbuild_key(&req, &k2, err, sizeof(err)), 0);
	assert_true(k1 != k2);
	k1 = k2;
	req.fragments = swapped;
	assert_int_equal(kbuild_key(&req, &k2, err, sizeof(err)), 0);
	assert_true(k1 != k2);
	req.fragments = frags;
	req.patches = patches;
	req.nr_patches = 1;
	assert_int_equal(kbuild_key(&req, &k2, err, sizeof(err)), 0);
	assert_true(k1 != k2);
	req.nr_patches = 0;
	req.tree_id = "debian:linux-source-6.12=6.12.119-1";
	assert_int_equal(kbuild_key(&req, &k2, err, sizeof(err)), 0);
	assert_true(k1 != k2);
	/* The path of the source is not identity: a moved tree is the same tree. */
	req.tree_id = "debian:linux-source-6.12=6.12.117-1";
	req.tree = "/elsewhere";
	assert_int_equal(kbuild_key(&req, &k2, err, sizeof(err)), 0);
	assert_true(k1 == k2);
	frags[1] = "/no/such.config";
	assert_int_equal(kbuild_key(&req, &k2, err, sizeof(err)), EXIT_USAGE);
	assert_non_null(strstr(err, "/no/such.config"));
	free(f1);
	free(f2);
	free(p1);
}

/* The identity of a git tree: HEAD, plus a hash of uncommitted changes. */
static void tree_identity(void **state)
{
	char *tree = xasprintf("%s/gittree", dir), *cmd, *id1, *id2, *id3;

	(void)state;
	put("gittree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 0\n");
	cmd = xasprintf("cd %s && git init -q && git -c user.email=a@b -c user.name=n add Makefile && "
			"git -c user.email=a@b -c user.name=n commit -qm x", tree);
	assert_int_equal(system(cmd), 0);
	free(cmd);
	id1 = kbuild_tree_identity(tree);
	assert_int_equal(strncmp(id1, "git:", 4), 0);
	assert_null(strchr(id1, '+'));
	put("gittree/Makefile", "VERSION = 6\nPATCHLEVEL = 12\nSUBLEVEL = 1\n");
	id2 = kbuild_tree_identity(tree);
	assert_non_null(strstr(id2, "+dirty-"));
	assert_int_equal(strncmp(id1, id2, 44), 0);
	cmd = xasprintf("%s/.git", tree);
	rm_rf(cmd);
	free(cmd);
	id3 = kbuild_tree_identity(tree);
	assert_int_equal(strncmp(id3, "tree:6.12.1:", 12), 0);
	free(id1);
	free(id2);
	free(id3);
	free(tree);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(merging),
		cmocka_unit_test(dropped_kasan_is_explained),
		cmocka_unit_test(shipped_fragments),
		cmocka_unit_test(fragment_patches),
		cmocka_unit_test(cache_key),
		cmocka_unit_test(tree_identity),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
