// SPDX-License-Identifier: GPL-2.0
/* Kernel providers: a given bzImage, its release, its config; bad specs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "kernel/kernel.h"
#include "lib/util.h"

static char dir[] = "/tmp/pmemfi-test-kernel.XXXXXX";

static int resolve(const char *kernel, const char *modules, struct kernel *k, char *err)
{
	struct kernel_spec spec = { .kernel = kernel, .modules = modules, .configs = "configs",
				    .cache = "/nonexistent-cache" };

	return kernel_resolve(&spec, k, err, 256);
}

/* A file with the x86 boot header fields pmemfi reads (boot protocol 2.x). */
static char *fake_bzimage(const char *release)
{
	unsigned char img[0x600] = { 0 };
	char *path = xasprintf("%s/bzImage", dir);
	int off = 0x400 - 0x200;

	memcpy(img + 0x202, "HdrS", 4);
	img[0x20e] = off & 0xff;
	img[0x20f] = off >> 8;
	snprintf((char *)img + 0x400, 0x100, "%s (builder@host) #1 SMP", release);
	assert_int_equal(write_file(path, (char *)img, sizeof(img)), 0);
	return path;
}

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

static void given_image(void **state)
{
	char *img = fake_bzimage("6.12.117-pmemfi"), *cfg = xasprintf("%s/config-6.12.117-pmemfi", dir);
	char *mods = xasprintf("%s/lib/modules/6.12.117-pmemfi", dir), err[256];
	const char config[] = "CONFIG_X=y\nCONFIG_KASAN=y\nCONFIG_DEBUG_VM=y\n# CONFIG_KFENCE is not set\n";
	struct kernel k;

	(void)state;
	assert_int_equal(write_file(cfg, config, strlen(config)), 0);
	mkdir_p(mods);
	assert_int_equal(resolve(img, dir, &k, err), 0);
	assert_string_equal(k.release, "6.12.117-pmemfi");
	assert_string_equal(k.id, "bzimage-6.12.117-pmemfi");
	assert_string_equal(k.sanitizers, "KASAN DEBUG_VM");
	assert_non_null(k.config_hash);
	assert_non_null(strstr(k.modroot, "pmemfi-test-kernel"));
	kernel_free(&k);
	/* --modules may also name lib/modules/<release> itself. */
	assert_int_equal(resolve(img, mods, &k, err), 0);
	{
		char *real = abs_path(dir);

		assert_string_equal(k.modroot, real);
		free(real);
	}
	kernel_free(&k);
	free(img);
	free(cfg);
	free(mods);
}

static void bad(const char *spec, const char *modules, int code, const char *needle)
{
	struct kernel k;
	char err[256] = "";

	assert_int_equal(resolve(spec, modules, &k, err), code);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not mention '%s'", err, needle);
	kernel_free(&k);
}

static void bad_specs(void **state)
{
	char *notimg = xasprintf("%s/not-a-kernel", dir), *img = fake_bzimage("6.1.0");

	(void)state;
	assert_int_equal(write_file(notimg, "hello", 5), 0);
	bad("/no/such/bzImage", NULL, EXIT_USAGE, "no such file");
	bad(notimg, NULL, EXIT_USAGE, "not an x86 bzImage");
	bad("kasan-please", NULL, EXIT_USAGE, "unknown kernel 'kasan-please'");
	bad("debianx", NULL, EXIT_USAGE, "unknown kernel");
	bad("debian:6.12 1", NULL, EXIT_USAGE, "bad Debian kernel version");
	bad("debian", "/tmp", EXIT_USAGE, "--modules goes with --kernel PATH");
	bad(img, "/no/such/dir", EXIT_USAGE, "no such directory");
	bad(img, dir, EXIT_USAGE, "has no lib/modules/6.1.0");
	{
		const char *frag[] = { "ubsan" };
		struct kernel_spec spec = { .kernel = "debian", .configs = "configs", .fragments = frag,
					    .nr_fragments = 1, .cache = "/nonexistent-cache" };
		struct kernel k;
		char err[256];

		assert_int_equal(kernel_resolve(&spec, &k, err, sizeof(err)), EXIT_USAGE);
		assert_non_null(strstr(err, "need a kernel built here"));
		kernel_free(&k);
		spec.kernel = "kasan";
		spec.tree = "/no/such/tree";
		assert_int_equal(kernel_resolve(&spec, &k, err, sizeof(err)), EXIT_USAGE);
		assert_non_null(strstr(err, "--kernel-tree /no/such/tree: no such directory"));
		kernel_free(&k);
		spec.tree = dir;
		assert_int_equal(kernel_resolve(&spec, &k, err, sizeof(err)), EXIT_USAGE);
		assert_non_null(strstr(err, "not a kernel source tree"));
		kernel_free(&k);
	}
	free(notimg);
	free(img);
}

static void sanitizers(void **state)
{
	char *cfg = xasprintf("%s/cfg", dir), *s;

	(void)state;
	assert_int_equal(write_file(cfg, "CONFIG_A=y\n", 11), 0);
	s = kernel_config_sanitizers(cfg);
	assert_string_equal(s, "none");
	free(s);
	s = kernel_config_sanitizers(NULL);
	assert_string_equal(s, "unknown");
	free(s);
	free(cfg);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(given_image),
		cmocka_unit_test(bad_specs),
		cmocka_unit_test(sanitizers),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
