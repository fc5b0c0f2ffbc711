// SPDX-License-Identifier: GPL-2.0
#include "media.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

#define CHUNK (1 << 20)

int media_check_space(const char *dir, const struct topology *t, char *err, int errlen)
{
	unsigned long long need = 0;
	long long have = free_bytes(dir);

	for (int i = 0; i < t->nr_nvdimm; i++)
		need += t->nvdimm[i].size;
	if (plan_ram_files(t))
		need += t->memory;
	if (have < 0) {
		snprintf(err, errlen, "%s: cannot stat the work directory: %s", dir, strerror(errno));
		return -1;
	}
	/* Slack for the console logs and sockets next to the images. */
	need += 64ULL << 20;
	if ((unsigned long long)have < need) {
		snprintf(err, errlen, "%s: no space for the NVDIMM backing files: %llu MiB free, %llu MiB needed (use --workdir)",
			 dir, (unsigned long long)have >> 20, need >> 20);
		return -1;
	}
	return 0;
}

/* xorshift64*, position-addressed so any chunk can be generated alone. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	return x * 0x2545f4914f6cdd1dULL;
}

void media_pattern(int kind, uint64_t value, uint64_t offset, unsigned char *buf, size_t len)
{
	if (kind == SEED_ZERO) {
		memset(buf, 0, len);
		return;
	}
	if (kind == SEED_FF) {
		memset(buf, 0xff, len);
		return;
	}
	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = mix((value ^ 0x9e3779b97f4a7c15ULL) + (offset + i) / 8 + 1);
		size_t n = len - i < 8 ? len - i : 8;

		memcpy(buf + i, &w, n);
	}
}

/*
 * Open @path, creating or emptying it when @size is not zero (sized to
 * @size: zero media is a sparse file, no writing needed), then write the
 * seed pattern over [@from, @to), addressed from @from.
 */
static int seed_file(const char *path, uint64_t size, uint64_t from, uint64_t to,
		     int kind, uint64_t value, char *err, int errlen)
{
	int fd = open(path, O_RDWR | O_CLOEXEC | (size ? O_CREAT | O_TRUNC : 0), 0600);
	unsigned char *buf;
	int rc = 0;

	if (fd < 0) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		return -1;
	}
	if (size && ftruncate(fd, size)) {
		snprintf(err, errlen, "%s: cannot size to %llu bytes: %s", path,
			 (unsigned long long)size, strerror(errno));
		close(fd);
		return -1;
	}
	if (kind != SEED_ZERO && from < to) {
		buf = xmalloc(CHUNK);
		for (uint64_t off = from; off < to && !rc; off += CHUNK) {
			size_t n = to - off < CHUNK ? to - off : CHUNK;

			media_pattern(kind, value, off - from, buf, n);
			if (pwrite(fd, buf, n, off) != (ssize_t)n) {
				snprintf(err, errlen, "%s: writing the seed at %llu: %s", path,
					 (unsigned long long)off, errno ? strerror(errno) : "short write");
				rc = -1;
			}
		}
		free(buf);
	}
	if (close(fd) && !rc) {
		snprintf(err, errlen, "%s: %s", path, strerror(errno));
		rc = -1;
	}
	return rc;
}

int media_prepare(const char *dir, const struct topology *t, const char *seed,
		  char ***paths, char *err, int errlen)
{
	int nr_ram = plan_ram_files(t), kind;
	uint64_t value;

	*paths = NULL;
	if (plan_parse_seed(seed, &kind, &value)) {
		snprintf(err, errlen, "bad seed '%s'", seed);
		return -1;
	}
	*paths = xcalloc(t->nr_nvdimm + nr_ram + 1, sizeof(char *));
	for (int i = 0; i < t->nr_nvdimm; i++) {
		(*paths)[i] = xasprintf("%s/nvdimm%d.img", dir, i);
		if (seed_file((*paths)[i], t->nvdimm[i].size, 0, t->nvdimm[i].size, kind, value,
			      err, errlen))
			return -1;
	}
	/* RAM starts zeroed as on a real boot; only legacy pmem gets the seed. */
	for (int i = 0; i < nr_ram; i++) {
		char **path = &(*paths)[t->nr_nvdimm + i];

		*path = xasprintf("%s/ram%d.img", dir, i);
		if (seed_file(*path, t->memory / nr_ram, 0, 0, kind, value, err, errlen))
			return -1;
	}
	for (int i = 0; i < t->nr_legacy; i++) {
		const struct topo_legacy *l = &t->legacy[i];
		uint64_t off;
		int f;

		plan_legacy_place(t, l, &f, &off);
		if (seed_file((*paths)[t->nr_nvdimm + f], 0, off, off + l->size, kind, value,
			       err, errlen))
			return -1;
	}
	return 0;
}
