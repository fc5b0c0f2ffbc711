// SPDX-License-Identifier: GPL-2.0
/* NVDIMM backing files: sizes, seed patterns, and the space check. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "common/seed.h"
#include "guest/media.h"
#include "lib/util.h"

static void patterns(void **state)
{
	unsigned char a[64], b[64], c[32];

	(void)state;
	seed_pattern(SEED_FF, 0, 0, a, sizeof(a));
	for (size_t i = 0; i < sizeof(a); i++)
		assert_int_equal(a[i], 0xff);
	seed_pattern(SEED_ZERO, 0, 0, a, sizeof(a));
	for (size_t i = 0; i < sizeof(a); i++)
		assert_int_equal(a[i], 0);
	/* random:N is a function of (N, offset): any chunk can be regenerated. */
	seed_pattern(SEED_RANDOM, 42, 4096, a, sizeof(a));
	seed_pattern(SEED_RANDOM, 42, 4096, b, sizeof(b));
	assert_memory_equal(a, b, sizeof(a));
	seed_pattern(SEED_RANDOM, 42, 4096 + 32, c, sizeof(c));
	assert_memory_equal(a + 32, c, sizeof(c));
	seed_pattern(SEED_RANDOM, 43, 4096, b, sizeof(b));
	assert_memory_not_equal(a, b, sizeof(a));
}

static void files(void **state)
{
	char dir[] = "/tmp/pmemfi-test-media.XXXXXX", err[256], **paths = NULL;
	struct topology t = { .nr_nvdimm = 2 };
	unsigned char buf[16];
	struct stat st;
	FILE *f;

	(void)state;
	assert_non_null(mkdtemp(dir));
	t.nvdimm[0].size = 4 << 20;
	t.nvdimm[1].size = 2 << 20;
	assert_int_equal(media_prepare(dir, &t, "ff", &paths, err, sizeof(err)), 0);
	assert_int_equal(stat(paths[0], &st), 0);
	assert_int_equal(st.st_size, 4 << 20);
	assert_int_equal(stat(paths[1], &st), 0);
	assert_int_equal(st.st_size, 2 << 20);
	f = fopen(paths[1], "rb");
	fseek(f, (2 << 20) - 16, SEEK_SET);
	assert_int_equal(fread(buf, 1, 16, f), 16);
	fclose(f);
	for (int i = 0; i < 16; i++)
		assert_int_equal(buf[i], 0xff);
	/* Reseeding replaces the content. */
	for (int i = 0; paths[i]; i++)
		free(paths[i]);
	free(paths);
	assert_int_equal(media_prepare(dir, &t, "zero", &paths, err, sizeof(err)), 0);
	f = fopen(paths[0], "rb");
	assert_int_equal(fread(buf, 1, 16, f), 16);
	fclose(f);
	for (int i = 0; i < 16; i++)
		assert_int_equal(buf[i], 0);
	for (int i = 0; paths[i]; i++)
		free(paths[i]);
	free(paths);
	assert_int_equal(media_prepare(dir, &t, "bogus", &paths, err, sizeof(err)), -1);
	free(paths);
	/* An NVDIMM bigger than any disk: a one-line error, before anything is written. */
	t.nvdimm[0].size = 1ULL << 62;
	assert_int_equal(media_check_space(dir, &t, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "no space for the NVDIMM backing files"));
	rm_rf(dir);
}

static unsigned char byte_at(const char *path, long off)
{
	unsigned char c = 0x5a;
	FILE *f = fopen(path, "rb");

	assert_non_null(f);
	assert_int_equal(fseek(f, off, SEEK_SET), 0);
	assert_int_equal(fread(&c, 1, 1, f), 1);
	fclose(f);
	return c;
}

/* Legacy pmem: RAM files per node, zero but for the seeded range. */
static void ram_files(void **state)
{
	char dir[] = "/tmp/pmemfi-test-media.XXXXXX", err[256], **paths = NULL;
	struct topology t = { .nr_nvdimm = 1, .memory = 8 << 20, .numa = 2, .nr_legacy = 1 };
	struct stat st;

	(void)state;
	assert_non_null(mkdtemp(dir));
	t.nvdimm[0].size = 2 << 20;
	/* Node 1 holds 4M..8M; the range 5M..6M is 1M into its file. */
	t.legacy[0].start = 5 << 20;
	t.legacy[0].size = 1 << 20;
	assert_int_equal(media_prepare(dir, &t, "ff", &paths, err, sizeof(err)), 0);
	assert_non_null(strstr(paths[1], "ram0.img"));
	assert_non_null(strstr(paths[2], "ram1.img"));
	assert_null(paths[3]);
	assert_int_equal(stat(paths[2], &st), 0);
	assert_int_equal(st.st_size, 4 << 20);
	assert_int_equal(byte_at(paths[1], 1 << 20), 0);
	assert_int_equal(byte_at(paths[2], (1 << 20) - 1), 0);
	assert_int_equal(byte_at(paths[2], 1 << 20), 0xff);
	assert_int_equal(byte_at(paths[2], (2 << 20) - 1), 0xff);
	assert_int_equal(byte_at(paths[2], 2 << 20), 0);
	assert_int_equal(byte_at(paths[0], 0), 0xff);
	for (int i = 0; paths[i]; i++)
		free(paths[i]);
	free(paths);
	/* RAM files count against the space too. */
	t.memory = 1ULL << 62;
	assert_int_equal(media_check_space(dir, &t, err, sizeof(err)), -1);
	rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(patterns),
		cmocka_unit_test(files),
		cmocka_unit_test(ram_files),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
