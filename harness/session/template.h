/* SPDX-License-Identifier: GPL-2.0 */
/*
 * template.h - a VM group's template: a VM saved at the quiescent point
 * after its namespaces were set up (vm/snapshot.h), so that the group's
 * later VMs are restored from it in a fraction of a second instead of
 * booting and setting up again.
 *
 * The template owns its directory: the state file and the golden media,
 * which are the template VM's own RAM and NVDIMM files as they were when it
 * stopped. Clones map them privately and never write them. Before each
 * clone the metadata region of every namespace (info block and, with
 * map=dev, the struct pages: what setup wrote) is hashed against the hash
 * taken when the template was saved; a mismatch retires the template.
 */
#ifndef PMEMFI_TEMPLATE_H
#define PMEMFI_TEMPLATE_H

#include <stdint.h>

#include "config/plan.h"

enum template_state {
	TEMPLATE_NONE,		/* not made yet: the group's next VM boots and saves one */
	TEMPLATE_READY,		/* the group's VMs are restored from it */
	TEMPLATE_UNUSABLE,	/* could not be made or failed a check: the group boots cold */
};

/* A byte range of a golden media file that must not change. */
struct template_region {
	char *ns;		/* the namespace it belongs to */
	int file;		/* index into media */
	uint64_t offset, len;
	uint64_t hash;
};

struct template {
	const char *seed;	/* the group: media seed, and nfit_test or not */
	int nfit;
	enum template_state state;
	char *dir;		/* owns everything below */
	char *state_file;
	char **media;		/* media_prepare()'s paths, NULL-terminated */
	struct topology topo;	/* the group's topology, RAM from a file */
	char *vm_fault;		/* init's complaint in the template's boot: every clone has it */
	int vm_no;		/* the VM it was saved from */
	struct template_region *regions;
	int nr_regions;
};

/* A template for group (@seed, @nfit) of @topo, its files under @workdir/template-N. */
void template_init(struct template *t, const char *workdir, int n, const char *seed, int nfit,
		   const struct topology *topo);

/*
 * The metadata region of namespace @ns: @len bytes at guest-physical @start.
 * @dimm_addr holds each NVDIMM's guest-physical base (as QEMU placed it).
 * A range in no NVDIMM is looked up in RAM when RAM is one flat range.
 * Returns 0, or -1 with a reason when no media file holds it.
 */
int template_add_region(struct template *t, const char *ns, uint64_t start, uint64_t len,
			const uint64_t *dimm_addr, char *err, int errlen);

/* Hash every region (the VM is stopped). 0, or -1 with a reason. */
int template_seal(struct template *t, char *err, int errlen);

/* Are the regions as sealed? 0, or -1 naming the first that is not. */
int template_verify(const struct template *t, char *err, int errlen);

/* Delete the files and free what @t holds; its group and state stay. Safe twice. */
void template_free(struct template *t);

#endif
