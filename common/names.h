/* SPDX-License-Identifier: GPL-2.0 */
/*
 * names.h - the vocabulary shared by configs/, the harness and the guest
 * tests: injectors and pfn points. A name unknown here is an error
 * wherever it appears.
 */
#ifndef PMEMFI_NAMES_H
#define PMEMFI_NAMES_H

/* The injector works on a page the test has mapped (point C-mapped only). */
#define INJ_MAPPED	0x1
/* The injector needs the host (QEMU machine-check injection). */
#define INJ_HOST	0x2
/*
 * Not an injector: a pfn walker that reads what the kernel says about the
 * pfn. Only legacy pmem lies below max_pfn, where walkers look.
 */
#define INJ_WALK	0x4
/*
 * An ndctl error-injection test on the kernel's nfit_test bus (profile
 * "nfit" lines): poison as the NVDIMM's ARS reports it, not memory_failure().
 */
#define INJ_NFIT	0x8
/*
 * Not an injector: a page-table walker run over the test's own mapping
 * (with INJ_MAPPED: point C-mapped), reading or aging it as a user might
 * (/proc/self/smaps, mincore(), MADV_COLD...). Its outcome says whether
 * the page stayed mapped: "kept", or "lost" when the next access faulted
 * (a walk that splits a DAX PUD unmaps it).
 */
#define INJ_VMA	0x10

struct injector_info {
	const char *name;
	unsigned int flags;
	const char *what;	/* one line for --help and the README */
	/*
	 * What the kernel must have for it: a CONFIG_ symbol, or "nfit_test"
	 * (the test modules). A guest test that finds the interface missing
	 * skips "(needs <this>)"; the harness turns that skip into an error
	 * when it knows the kernel has it.
	 */
	const char *needs;
};

/* NULL-terminated by a zero entry. */
extern const struct injector_info names_injectors[];

/* The injector called @name, or NULL. */
const struct injector_info *names_injector(const char *name);

/* A pfn point: A-first ... C-last, C-mapped, C-huge, below, above. */
int names_point_known(const char *point);

/* A class as the expectation table names it: A, B, C, or any point. */
int names_class_known(const char *class);

/*
 * Namespace modes (profile "namespace ... mode=", the expectation table's
 * mode column): devdax and fsdax on pmem, and the other device memory
 * (docs/device-memory.md): kmem, private, coherent, p2pdma.
 */
int names_mode_known(const char *mode);

/* Stress kinds (profile "stress KIND" lines), NULL-terminated. */
extern const char *const names_stress_kinds[];

/* Is @kind a stress kind? */
int names_stress_known(const char *kind);

#endif
