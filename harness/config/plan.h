/* SPDX-License-Identifier: GPL-2.0 */
/*
 * plan.h - from configs/ to the list of test cells a run executes.
 *
 * A topology (configs/topologies/NAME) says what QEMU emulates; a profile
 * (configs/profiles/NAME) says which namespaces to create, which injectors
 * to aim at which pfn points, and which media seeds to use; the expectation
 * table (configs/expectations) gives every cell its expected outcome.
 * Expansion is deterministic, and every cell has a stable name:
 *
 *   <topology>.<mode>.<map>.<align>.<injector>.<point>.<seed>
 *   <topology>.<mode>.<map>.<align>.layout.<seed>     (namespace setup check)
 *   <topology>.<mode>.<map>.<align>.stress-<kind>.<seed>
 *   nfit_test.nfit.<mode>.<test>.<point>     (profile "nfit" lines)
 *
 * where <topology> is "<name>+<tag>" for a namespace with tag= (two
 * namespaces that share mode, map and align: other NUMA node, legacy pmem,
 * an unaligned start).
 *
 * Errors are one line naming the file and line; the caller exits 2.
 */
#ifndef PMEMFI_PLAN_H
#define PMEMFI_PLAN_H

#include <stdint.h>

#include "common/expect.h"
#include "common/seed.h"

#define PLAN_MAX_NVDIMMS	8
#define PLAN_MAX_NAMESPACES	16
#define PLAN_MAX_INJECTS	64
#define PLAN_MAX_SEEDS		8
#define PLAN_MAX_FRAGMENTS	4
/* Longest namespace name, and cell name (they travel in control messages). */
#define PLAN_MAX_NS_NAME	48
#define PLAN_MAX_NAME		200

/*
 * A pmem device, whose regions namespaces are made on (profile region=N:
 * the Nth of these lines): a QEMU NVDIMM ("nvdimm"), a virtio-pmem device
 * ("virtio-pmem": one label-less namespace, the whole device), or a CXL
 * type-3 device with persistent memory behind its own host bridge and
 * root port ("cxl-pmem": the guest commits a CXL region, which becomes an
 * NVDIMM region with labels in the device's label storage area).
 */
enum topo_pmem_kind { TOPO_NVDIMM, TOPO_VIRTIO_PMEM, TOPO_CXL_PMEM };

struct topo_nvdimm {
	enum topo_pmem_kind kind;
	uint64_t size;
	uint64_t label_size;	/* NVDIMM, CXL: the label storage area */
	int node;		/* NVDIMM: -1: QEMU's default */
};

/* The topology's line name of a pmem device kind, and the guest's bus provider. */
const char *plan_pmem_kind_name(enum topo_pmem_kind kind);
const char *plan_pmem_provider(enum topo_pmem_kind kind);

/* Legacy (e820) pmem carved from RAM with memmap=SIZE!START. */
struct topo_legacy {
	uint64_t start;
	uint64_t size;
};

#define PLAN_MAX_LEGACY		2
#define PLAN_MAX_NODES		4

struct topology {
	char *name;
	char *path;		/* the file it was read from */
	uint64_t memory;
	int cpus;
	int numa;		/* NUMA nodes sharing the RAM evenly; 0: none */
	/*
	 * "numa N ram-nodes=M": only the first M nodes have RAM (shared
	 * evenly) and the CPUs; the others hold device memory alone, so that
	 * nothing allocates from memory onlined there (kmem). 0: all N.
	 */
	int ram_nodes;
	/*
	 * Page-table levels the guest CPU offers: 4 (no LA57: the default) or
	 * 5. With 5, a 6.12 KASAN kernel can report wild-memory-access during
	 * boot (known issue la57-identify-cpu-window).
	 */
	int paging;
	/*
	 * 1: no nokaslr, so a kernel with KASLR randomizes as distributions
	 * boot (x86 never randomizes a KASAN kernel's memory layout); 0 (the
	 * default): nokaslr, the same addresses every boot.
	 */
	int kaslr;
	struct topo_nvdimm nvdimm[PLAN_MAX_NVDIMMS];
	int nr_nvdimm;
	struct topo_legacy legacy[PLAN_MAX_LEGACY];
	int nr_legacy;
	/* RAM from a file even with nothing to seed: a template VM's RAM is kept. */
	int ram_file;
	/* "nvme cmb=SIZE": an NVMe controller whose memory buffer is P2PDMA memory; 0: none. */
	uint64_t nvme_cmb;
	/*
	 * "hmm [coherent=START]": test_hmm's devices, DEVICE_PRIVATE memory
	 * (devices 0 and 1) and, with coherent=, DEVICE_COHERENT memory on
	 * 2 x 256M of RAM at START that the kernel is told to leave alone
	 * (devices 2 and 3).
	 */
	int hmm;
	uint64_t hmm_coherent;
	/* "kmem": devdax may be onlined as System RAM with its memmap inside it. */
	int kmem;
};

/* test_hmm's chunk: the memory of one device. */
#define PLAN_HMM_CHUNK		(256ULL << 20)

/* Nodes with RAM (and CPUs): ram-nodes, else every node, else 0 (no NUMA). */
int plan_ram_nodes(const struct topology *t);

/* Does the topology have a pmem device of @kind? */
int plan_has_pmem_kind(const struct topology *t, enum topo_pmem_kind kind);

/*
 * Does it have device memory beyond NVDIMMs and legacy pmem (virtio-pmem,
 * CXL, nvme, hmm, kmem)? The reproducers and LAVA jobs know only those two.
 */
int plan_topology_has_devmem(const struct topology *t);

/*
 * What the topology's devices need on the guest kernel's command line
 * (modules to load as pmemfi.load=, their parameters, memory reservations),
 * "" when nothing; the caller frees it.
 */
char *plan_kernel_args(const struct topology *t);

/*
 * RAM backing files the VM needs: one per NUMA node (or one) when the
 * harness must seed RAM (legacy pmem), QEMU needs per-node RAM or the RAM
 * is to be kept (ram_file); 0 when plain -m RAM will do.
 */
int plan_ram_files(const struct topology *t);

/* The legacy range @l within RAM file @file at byte @offset. */
void plan_legacy_place(const struct topology *t, const struct topo_legacy *l,
		       int *file, uint64_t *offset);

/*
 * A namespace, or device memory of another kind (docs/device-memory.md):
 * mode devdax or fsdax on a pmem device, kmem (a devdax namespace onlined
 * as System RAM; map=dev: memmap_on_memory), private or coherent
 * (test_hmm's device memory: region=hmm), p2pdma (the NVMe CMB:
 * region=nvme).
 */
struct ns_def {
	char *name;
	char *mode;		/* devdax | fsdax | kmem | private | coherent | p2pdma */
	char *map;		/* dev | mem */
	uint64_t align;
	uint64_t size;
	int region;		/* -1: first NFIT region with room */
	int legacy;		/* region=legacy: the e820 region, whole */
	int hmm;		/* region=hmm: test_hmm's memory */
	int nvme;		/* region=nvme: the NVMe controller's memory buffer */
	char *tag;		/* tag=: appended to the topology in cell names */
};

/* The bus provider of @ns's pmem region ("virtio-pmem", "CXL"), or NULL for an NVDIMM's. */
const char *plan_ns_provider(const struct topology *t, const struct ns_def *ns);
/* ...and which of that kind's devices it is (region=N counts every pmem device). */
int plan_ns_region_rank(const struct topology *t, const struct ns_def *ns);

struct inject_def {
	char *injector;
	char **points;
	int nr_points;
	char *only;		/* ns=A,B: only these namespaces; NULL: all */
};

struct stress_def {
	char *kind;		/* inject-unpoison | mappers | reconfigure | disable-race | hotplug */
	long iterations;
	int seconds;
	int threads;
	char *only;		/* ns=A,B: only these namespaces; NULL: all */
};

#define PLAN_MAX_STRESS		8

/*
 * The nfit_test group: ndctl error injection on the kernel's emulated
 * NVDIMM bus, in a VM of its own (test modules instead of the nvdimm
 * stack, no QEMU NVDIMMs, no seeded media: nfit_test's media is kernel
 * memory). Each "nfit TEST POINT..." line runs on an fsdax and a devdax
 * namespace with map=dev, align 2M; the cells take the first seed only.
 */
#define PLAN_NFIT_TOPOLOGY	"nfit_test"
#define PLAN_NFIT_MEMORY	(2ULL << 30)
#define PLAN_MAX_NFIT		8

/* The topology of an nfit_test VM: RAM for the test buses, no NVDIMMs. */
extern const struct topology plan_nfit_topology;

struct nfit_def {
	char *test;		/* nfit-inject | nfit-inject-notify | nfit-load | nfit-mmap | nfit-meta */
	char *mode;		/* mode=: only this namespace mode; NULL: fsdax and devdax */
	char **points;
	int nr_points;
};

struct profile {
	char *name;
	char *path;
	char *topology;
	char *seeds[PLAN_MAX_SEEDS];
	int nr_seeds;
	struct ns_def ns[PLAN_MAX_NAMESPACES];
	int nr_ns;
	struct inject_def inject[PLAN_MAX_INJECTS];
	int nr_inject;
	int timeout_boot, timeout_test, timeout_silence;	/* seconds */
	int check_counters;	/* "check counters": hold injections to the poisons column */
	int max_skipped;	/* "max-skipped N%": the share of cells that may skip (default 0) */
	struct stress_def stress[PLAN_MAX_STRESS];
	int nr_stress;
	struct nfit_def nfit[PLAN_MAX_NFIT];
	int nr_nfit;
	struct ns_def nfit_ns[2];	/* the fsdax and devdax namespaces the nfit cells name */
	/*
	 * "fragment NAME" lines: configs/kernel/NAME.config for every kernel
	 * built here with this profile, as if --fragment NAME were given (the
	 * nightly's memmap-kasan detector); a prebuilt kernel runs as it is.
	 */
	char *fragments[PLAN_MAX_FRAGMENTS];
	int nr_fragments;
};

enum cell_kind { CELL_LAYOUT, CELL_INJECT, CELL_STRESS, CELL_NFIT };

struct cell {
	char *name;
	enum cell_kind kind;
	const struct ns_def *ns;
	char *action;		/* CELL_INJECT: the injector or walker; CELL_NFIT: the test */
	char *point;		/* CELL_INJECT, CELL_NFIT */
	const struct stress_def *stress;	/* CELL_STRESS */
	const char *seed;
	/* From the expectation table (copies). */
	char *expect_result;
	char *expect_mf;	/* NULL: no memory-failure line allowed; "*": any */
	char *expect_poisons;	/* "yes", "no" or "*" */
	int expect_line;	/* line of configs/expectations */
	int plan_index;		/* --shard: its position in the whole plan (shard.h) */
};

struct plan {
	struct profile profile;
	struct topology topo;
	struct expect_table expect;
	struct cell *cells;
	int nr_cells, alloc_cells;
	/* --shard K/N: which part this is, of how many cells (shard.h); n 0: whole */
	struct {
		int k, n, total;
		char hash[17];
	} shard;
};

/*
 * Load profile @profile (a name under @configs/profiles, or a path), its
 * topology, and @configs/expectations, then expand the cells. @seed, if
 * not NULL, replaces the profile's seeds (comma-separated). Returns 0 or
 * -1 with @err.
 */
int plan_load(struct plan *p, const char *configs, const char *profile,
	      const char *seed, char *err, int errlen);

/* Keep only the cells matching one of the comma-separated fnmatch(3) patterns (or substrings). */
int plan_filter(struct plan *p, const char *pattern);

/* Keep only the cells i with @keep[i] set, in order. Returns how many. */
int plan_keep(struct plan *p, const char *keep);

void plan_free(struct plan *p);

/*
 * What a VM that runs the cells @pending does with each namespace of the
 * profile: create it (a pending cell uses it), stand a same-sized raw
 * placeholder in for it (a later namespace of its placement group is
 * created, and must land where it lands in every VM), or nothing.
 */
enum plan_ns_use { PLAN_NS_SKIP, PLAN_NS_PLACEHOLDER, PLAN_NS_CREATE };
void plan_namespace_uses(const struct plan *p, const int *pending, int nr_pending,
			 enum plan_ns_use use[PLAN_MAX_NAMESPACES]);


/* Is @c a cell of the nfit_test group (its own VM)? */
int plan_cell_is_nfit(const struct cell *c);

/* Does the plan (as filtered) have nfit_test cells? */
int plan_has_nfit(const struct plan *p);

/* "4K", "2M", "1G", or bytes: the align part of a cell name. */
void plan_size_name(uint64_t size, char *buf, int len);

/* The seed as it appears in cell names: "ff", "zero", "random-42", "ff-A". */
void plan_seed_name(const char *seed, char *buf, int len);

#endif
