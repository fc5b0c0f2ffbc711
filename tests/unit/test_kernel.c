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
#include "kernel/prebuilt.h"
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

/* base.config's needs as built-in, then @extra: a config the suite takes. */
static void write_config(const char *path, const char *extra, const char *drop)
{
	struct strbuf base = STRBUF_INIT, out = STRBUF_INIT;

	assert_int_equal(read_file("configs/kernel/base.config", &base), 0);
	for (char *l = strtok(base.buf, "\n"); l; l = strtok(NULL, "\n")) {
		size_t n = strlen(l);

		if (strncmp(l, "CONFIG_", 7) || n < 2 || (drop && strstr(l, drop)))
			continue;
		if (!strcmp(l + n - 2, "=m"))
			strbuf_addf(&out, "%.*s=y\n", (int)n - 2, l);
		else if (!strcmp(l + n - 2, "=y"))
			strbuf_addf(&out, "%s\n", l);
	}
	strbuf_addstr(&out, extra);
	assert_int_equal(write_file(path, out.buf, out.len), 0);
	strbuf_release(&base);
	strbuf_release(&out);
}

static void given_image(void **state)
{
	char *img = fake_bzimage("6.12.117-pmemfi"), *cfg = xasprintf("%s/config-6.12.117-pmemfi", dir);
	char *mods = xasprintf("%s/lib/modules/6.12.117-pmemfi", dir), err[256];
	struct kernel k;

	(void)state;
	write_config(cfg, "CONFIG_X=y\nCONFIG_KASAN=y\nCONFIG_DEBUG_VM=y\n# CONFIG_KFENCE is not set\n", NULL);
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

/* A kernel not built here is checked against base.config before any VM. */
static void prebuilt_needs(void **state)
{
	char *img = fake_bzimage("6.1.0-cloud"), *cfg = xasprintf("%s/config-6.1.0-cloud", dir);
	char *mods = xasprintf("%s/lib/modules/6.1.0-cloud", dir), err[512];
	struct kernel k;

	(void)state;
	/* Debian's 6.1 cloud kernel: no memory failure at all. */
	write_config(cfg, "", "MEMORY_FAILURE");
	assert_int_equal(resolve(img, NULL, &k, err), KERNEL_UNSUITABLE);
	assert_non_null(strstr(err, "lacks CONFIG_MEMORY_FAILURE, which the suite needs"));
	assert_null(strstr(err, "DEVTMPFS_MOUNT"));
	kernel_free(&k);
	/* What base.config says a given kernel may lack is not asked for. */
	write_config(cfg, "", "DEVTMPFS_MOUNT");
	assert_int_equal(resolve(img, NULL, &k, err), 0);
	kernel_free(&k);
	/* Modules need a module tree. */
	write_config(cfg, "CONFIG_LIBNVDIMM=m\nCONFIG_DEV_DAX=m\n", NULL);
	assert_int_equal(resolve(img, NULL, &k, err), KERNEL_UNSUITABLE);
	assert_non_null(strstr(err, "has CONFIG_LIBNVDIMM, CONFIG_DEV_DAX as modules, and no module tree"));
	kernel_free(&k);
	mkdir_p(mods);
	assert_int_equal(write_file(xasprintf("%s/modules.dep", mods), "", 0), 0);
	assert_int_equal(resolve(img, dir, &k, err), 0);
	kernel_free(&k);
	/* No config anywhere: a warning, not a refusal. */
	unlink(cfg);
	assert_int_equal(resolve(img, NULL, &k, err), 0);
	assert_null(k.config);
	kernel_free(&k);
	free(img);
	free(cfg);
	free(mods);
}

/* CONFIG_IKCONFIG: the config gzipped between markers in the compressed vmlinux. */
static void image_ikconfig(void **state)
{
	char *work = xasprintf("%s/ik", dir), *cmd, *img = xasprintf("%s/bzImage", work);
	char *out = xasprintf("%s/config", work);
	struct strbuf got = STRBUF_INIT;

	(void)state;
	mkdir_p(work);
	cmd = xasprintf("cd %s && printf 'CONFIG_IKCONFIG=y\\nCONFIG_MEMORY_FAILURE=y\\n' | gzip -9n > cfg.gz && "
			"{ printf 'vmlinux text IKCFG_ST'; cat cfg.gz; printf 'IKCFG_ED more text'; } | gzip -9n > payload && "
			"head -c 2560 /dev/zero > bzImage && cat payload >> bzImage", work);
	assert_int_equal(system(cmd), 0);
	{
		/* setup_sects 4, protocol 2.15, payload at 0 past the 5 sectors, its length. */
		FILE *f = fopen(img, "r+b");
		long len;
		unsigned char v[4];

		fseek(f, 0, SEEK_END);
		len = ftell(f) - 2560;
		v[0] = len, v[1] = len >> 8, v[2] = len >> 16, v[3] = len >> 24;
		fseek(f, 0x1f1, SEEK_SET);
		fputc(4, f);
		fseek(f, 0x202, SEEK_SET);
		fwrite("HdrS\x0f\x02", 1, 6, f);
		fseek(f, 0x24c, SEEK_SET);
		fwrite(v, 1, 4, f);
		fclose(f);
	}
	assert_int_equal(prebuilt_image_ikconfig(img, out), 0);
	assert_int_equal(read_file(out, &got), 0);
	assert_string_equal(got.buf, "CONFIG_IKCONFIG=y\nCONFIG_MEMORY_FAILURE=y\n");
	/* An image without one. */
	assert_int_equal(prebuilt_image_ikconfig(fake_bzimage("6.1.0"), out), -1);
	strbuf_release(&got);
	free(cmd);
	free(img);
	free(out);
	free(work);
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
		cmocka_unit_test(prebuilt_needs),
		cmocka_unit_test(image_ikconfig),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
