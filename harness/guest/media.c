// SPDX-License-Identifier: GPL-2.0
#include "guest/media.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "common/seed.h"
#include "lib/util.h"

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
		return error_set(err, errlen, "%s: cannot stat the work directory: %s", dir, strerror(errno));
	}
	/* Slack for the console logs and sockets next to the images. */
	need += 64ULL << 20;
	if ((unsigned long long)have < need) {
		return error_set(err, errlen,
				 "%s: no space for the NVDIMM backing files: %llu MiB free, %llu MiB needed (use --workdir)",
				 dir, (unsigned long long)have >> 20, need >> 20);
	}
	return 0;
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
		return error_set(err, errlen, "%s: %s", path, strerror(errno));
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

			seed_pattern(kind, value, off - from, buf, n);
			if (pwrite(fd, buf, n, off) != (ssize_t)n) {
				rc = error_set(err, errlen, "%s: writing the seed at %llu: %s", path,
					       (unsigned long long)off, errno ? strerror(errno) : "short write");
			}
		}
		free(buf);
	}
	if (close(fd) && !rc) {
		rc = error_set(err, errlen, "%s: %s", path, strerror(errno));
	}
	return rc;
}

/* The NVMe drive holds nothing the tests look at: a small zeroed disk. */
#define NVME_DRIVE_SIZE	(16ULL << 20)

static int nr_cxl(const struct topology *t)
{
	int n = 0;

	for (int i = 0; i < t->nr_nvdimm; i++)
		n += t->nvdimm[i].kind == TOPO_CXL_PMEM;
	return n;
}

int media_cxl_label_index(const struct topology *t, int k)
{
	return t->nr_nvdimm + plan_ram_files(t) + k;
}

int media_nvme_index(const struct topology *t)
{
	return media_cxl_label_index(t, nr_cxl(t));
}

/* The zeroed files after the RAM files: CXL label areas, the NVMe drive. */
static int prepare_zeroed(const char *dir, const struct topology *t, char **paths, char *err, int errlen)
{
	for (int i = 0, k = 0; i < t->nr_nvdimm; i++) {
		char **path = &paths[media_cxl_label_index(t, k)];

		if (t->nvdimm[i].kind != TOPO_CXL_PMEM)
			continue;
		*path = xasprintf("%s/cxl-label%d.img", dir, k++);
		if (seed_file(*path, t->nvdimm[i].label_size, 0, 0, SEED_ZERO, 0, err, errlen))
			return -1;
	}
	if (t->nvme_cmb) {
		paths[media_nvme_index(t)] = xasprintf("%s/nvme.img", dir);
		if (seed_file(paths[media_nvme_index(t)], NVME_DRIVE_SIZE, 0, 0, SEED_ZERO, 0, err, errlen))
			return -1;
	}
	return 0;
}

int media_prepare(const char *dir, const struct topology *t, const char *seed,
		  char ***paths, char *err, int errlen)
{
	int nr_ram = plan_ram_files(t), kind, class_a;
	uint64_t value;

	*paths = NULL;
	if (seed_parse(seed, &kind, &value, &class_a)) {
		return error_set(err, errlen, "bad seed '%s'", seed);
	}
	/* The guest seeds the class A struct pages itself (ns_setup --seed-a). */
	if (class_a)
		kind = SEED_ZERO;
	*paths = xcalloc(media_nvme_index(t) + !!t->nvme_cmb + 1, sizeof(char *));
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
	return prepare_zeroed(dir, t, *paths, err, errlen);
}
