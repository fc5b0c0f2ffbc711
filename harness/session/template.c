// SPDX-License-Identifier: GPL-2.0
#include "session/template.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "lib/util.h"

/* The pc machine keeps RAM below this guest-physical address in one piece. */
#define PC_LOWMEM_LIMIT	0xe0000000ULL

void template_init(struct template *t, const char *workdir, int n, const char *seed, int nfit,
		   const struct topology *topo)
{
	memset(t, 0, sizeof(*t));
	t->seed = seed;
	t->nfit = nfit;
	t->dir = xasprintf("%s/template-%d", workdir, n);
	t->state_file = xasprintf("%s/state", t->dir);
	t->topo = *topo;
	t->topo.ram_file = 1;
}

static void add(struct template *t, const char *ns, int file, uint64_t offset, uint64_t len)
{
	struct template_region *r;

	t->regions = xrealloc(t->regions, (t->nr_regions + 1) * sizeof(*t->regions));
	r = &t->regions[t->nr_regions++];
	r->ns = xstrdup(ns);
	r->file = file;
	r->offset = offset;
	r->len = len;
	r->hash = 0;
}

int template_add_region(struct template *t, const char *ns, uint64_t start, uint64_t len,
			const uint64_t *dimm_addr, char *err, int errlen)
{
	const struct topology *topo = &t->topo;
	int nr_ram = plan_ram_files(topo);

	for (int i = 0; i < topo->nr_nvdimm; i++)
		if (start >= dimm_addr[i] && start + len <= dimm_addr[i] + topo->nvdimm[i].size) {
			add(t, ns, i, start - dimm_addr[i], len);
			return 0;
		}
	/* Legacy pmem is RAM: flat from 0 on the pc machine below its low-memory limit. */
	if (nr_ram && topo->memory < PC_LOWMEM_LIMIT && start + len <= topo->memory) {
		uint64_t per = topo->memory / nr_ram;

		if (start / per == (start + len - 1) / per) {
			add(t, ns, topo->nr_nvdimm + (int)(start / per), start % per, len);
			return 0;
		}
	}
	return error_set(err, errlen, "namespace %s: no media file holds %#llx-%#llx", ns,
			 (unsigned long long)start, (unsigned long long)(start + len));
}

/* FNV-1a over @len bytes of @path at @offset. 0, or -1 with a reason. */
static int hash_range(const char *path, uint64_t offset, uint64_t len, uint64_t *hash, char *err,
		      int errlen)
{
	static char buf[1 << 16];
	uint64_t h = 0xcbf29ce484222325ULL;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return error_set(err, errlen, "%s: %s", path, strerror(errno));
	while (len) {
		ssize_t n = pread(fd, buf, len < sizeof(buf) ? len : sizeof(buf), offset);

		if (n <= 0) {
			close(fd);
			return error_set(err, errlen, "%s: cannot read at %#llx: %s", path,
					 (unsigned long long)offset, n ? strerror(errno) : "end of file");
		}
		for (ssize_t i = 0; i < n; i++)
			h = (h ^ (unsigned char)buf[i]) * 0x100000001b3ULL;
		offset += n;
		len -= n;
	}
	close(fd);
	*hash = h;
	return 0;
}

int template_seal(struct template *t, char *err, int errlen)
{
	for (int i = 0; i < t->nr_regions; i++) {
		struct template_region *r = &t->regions[i];

		if (hash_range(t->media[r->file], r->offset, r->len, &r->hash, err, errlen))
			return -1;
	}
	return 0;
}

int template_verify(const struct template *t, char *err, int errlen)
{
	for (int i = 0; i < t->nr_regions; i++) {
		const struct template_region *r = &t->regions[i];
		uint64_t h;

		if (hash_range(t->media[r->file], r->offset, r->len, &h, err, errlen))
			return -1;
		if (h != r->hash)
			return error_set(err, errlen,
					 "namespace %s: its metadata in %s (%#llx+%#llx) changed since the template was saved",
					 r->ns, t->media[r->file], (unsigned long long)r->offset,
					 (unsigned long long)r->len);
	}
	return 0;
}

void template_free(struct template *t)
{
	for (int i = 0; t->media && t->media[i]; i++) {
		unlink(t->media[i]);
		free(t->media[i]);
	}
	free(t->media);
	for (int i = 0; i < t->nr_regions; i++)
		free(t->regions[i].ns);
	free(t->regions);
	if (t->state_file)
		unlink(t->state_file);
	if (t->dir)
		rmdir(t->dir);
	free(t->state_file);
	free(t->dir);
	free(t->vm_fault);
	t->media = NULL;
	t->regions = NULL;
	t->nr_regions = 0;
	t->state_file = t->dir = t->vm_fault = NULL;
}
