// SPDX-License-Identifier: GPL-2.0
/*
 * A reproducer's steps as the commands a maintainer would type: what
 * repro.c does, said with ndctl and echo, for a bug report's text.
 */
#include <inttypes.h>
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/names.h"
#include "common/seed.h"
#include "lib/json.h"
#include "lib/util.h"
#include "modes/repro_parts.h"

/* "1G NVDIMM with a 128K label area", "two 1G NVDIMMs ..." */
static void machine(const struct repro_cell *rc, struct strbuf *sb)
{
	const struct topology *t = plan_cell_is_nfit(rc->c) ? &plan_nfit_topology : &rc->plan.topo;
	struct json_object *q = json_get(rc->manifest, "qemu");
	char ram[16], nv[16], label[16];
	int kind, class_a;
	uint64_t value;

	plan_size_name(t->memory, ram, sizeof(ram));
	strbuf_addf(sb, "  1. Boot the kernel in QEMU (%s, %s) with %s of RAM, %d CPUs",
		    json_str_or(q, "version", "?"), json_str_or(q, "accel", "tcg"), ram, t->cpus);
	if (t->numa)
		strbuf_addf(sb, " on %d NUMA nodes", t->numa);
	for (int i = 0; i < t->nr_nvdimm; i++) {
		plan_size_name(t->nvdimm[i].size, nv, sizeof(nv));
		plan_size_name(t->nvdimm[i].label_size, label, sizeof(label));
		strbuf_addf(sb, ",\n     NVDIMM %d of %s (label area %s", i, nv, label);
		if (t->nvdimm[i].node >= 0)
			strbuf_addf(sb, ", node %d", t->nvdimm[i].node);
		strbuf_addstr(sb, ")");
	}
	for (int i = 0; i < t->nr_legacy; i++)
		strbuf_addf(sb, ",\n     legacy pmem memmap=%" PRIu64 "M!%" PRIu64 "M", t->legacy[i].size >> 20,
			    t->legacy[i].start >> 20);
	strbuf_addf(sb, ";\n     command line: %s\n",
		    json_str_or(json_get(rc->manifest, "kernel"), "cmdline", "?"));
	if (!seed_parse(rc->c->seed, &kind, &value, &class_a) && !class_a && kind != SEED_ZERO && t->nr_nvdimm)
		strbuf_addf(sb, "     The NVDIMM files are filled with %s before the boot (seed %s):\n"
				"     never-initialized struct pages hold what the media holds.\n",
			    kind == SEED_FF ? "0xff" : "a pseudo-random pattern", rc->c->seed);
	if (plan_cell_is_nfit(rc->c))
		strbuf_addstr(sb, "     No NVDIMMs: the kernel's nfit_test modules (tools/testing/nvdimm) replace\n"
				  "     the nvdimm stack and emulate their bus in kernel memory.\n");
}

/* "ndctl create-namespace ..." for each namespace the VM made, placeholders included. */
static void namespaces(const struct repro_cell *rc, struct strbuf *sb, int *step)
{
	const struct profile *pr = &rc->plan.profile;
	enum plan_ns_use use[PLAN_MAX_NAMESPACES];
	int pending = rc->c - rc->plan.cells;
	char align[16], size[16], region[48];

	if (plan_cell_is_nfit(rc->c)) {
		strbuf_addf(sb, "  %d. ndctl create-namespace -b nfit_test.0 -m %s -M dev -a 4K -s 32M\n", (*step)++,
			    rc->c->ns->mode);
		return;
	}
	strbuf_addf(sb, "  %d. ndctl disable-region all; ndctl init-labels all; ndctl enable-region all\n", (*step)++);
	plan_namespace_uses(&rc->plan, &pending, 1, use);
	for (int i = 0; i < pr->nr_ns; i++) {
		const struct ns_def *ns = &pr->ns[i];

		plan_size_name(ns->align, align, sizeof(align));
		plan_size_name(ns->size, size, sizeof(size));
		region[0] = '\0';
		if (ns->region >= 0)
			snprintf(region, sizeof(region), " -r <NVDIMM %d's region>", ns->region);
		if (use[i] == PLAN_NS_PLACEHOLDER)
			strbuf_addf(sb, "  %d. ndctl create-namespace%s -m raw -s %s   # only takes the room %s has in the run\n",
				    (*step)++, region, size, ns->name);
		else if (use[i] == PLAN_NS_CREATE && ns->legacy)
			strbuf_addf(sb, "  %d. ndctl create-namespace -e <the e820 namespace> -f -m %s -M %s -a %s\n",
				    (*step)++, ns->mode, ns->map, align);
		else if (use[i] == PLAN_NS_CREATE)
			strbuf_addf(sb, "  %d. ndctl create-namespace%s -m %s -M %s -a %s -s %s\n", (*step)++, region,
				    ns->mode, ns->map, align, size);
	}
}

/* What the cell does to the namespace. */
static void action(const struct repro_cell *rc, const char *pfn, struct strbuf *sb, int step)
{
	const struct cell *c = rc->c;
	const char *at = pfn ? pfn : "PFN";

	if (c->kind == CELL_STRESS) {
		strbuf_addf(sb, "  %d. While one thread writes pfns of the namespace's data (and, reconfigure,\n"
				"     its memmap space) to /sys/kernel/debug/hwpoison/corrupt-pfn without pause,\n"
				"     up to %ld times: ndctl disable-namespace; echo 1 > force_raw; enable (raw);\n"
				"     disable; echo 0 > force_raw; enable (back in %s mode)%s.\n", step,
			    c->stress->iterations, c->ns->mode,
			    strcmp(c->stress->kind, "reconfigure") ? "" : "; then to the other mode and back");
		return;
	}
	if (c->kind == CELL_NFIT) {
		strbuf_addf(sb, "  %d. mmap() one page of /dev/daxX.Y at the %s data page and load a byte of it\n"
				"     (nothing injected yet). A correct kernel gives: %s.\n", step, c->point,
			    strcmp(c->expect_result, "ok") ? c->expect_result : "the byte");
		return;
	}
	if (!strcmp(c->point, "C-mapped"))
		strbuf_addf(sb, "  %d. mmap() and write one data page of the namespace (%s): pfn %s.\n", step++,
			    strcmp(c->ns->mode, "devdax") ? "a 2M file of the ext4 -o dax filesystem on it" : "/dev/daxX.Y",
			    at);
	if (repro_is_walk(rc)) {
		strbuf_addf(sb, "  %d. Read the page twice (the pagemap lookup may have unmapped it), then\n"
				"     %s\n"
				"     (a read of the page that takes no page fault: kept). A correct kernel gives: %s.\n",
			    step, names_injector(c->action)->what, c->expect_result);
		return;
	}
	if (!strcmp(c->action, "corrupt-pfn-filter"))
		strbuf_addf(sb, "  %d. echo 1 > /sys/kernel/debug/hwpoison/corrupt-filter-enable\n", step++);
	if (!strncmp(c->action, "madv-", 5))
		strbuf_addf(sb, "  %d. madvise(page, 4096, %s), then read the page\n", step,
			    strcmp(c->action, "madv-hwpoison") ? "MADV_SOFT_OFFLINE" : "MADV_HWPOISON");
	else if (!strcmp(c->action, "hard-offline") || !strcmp(c->action, "soft-offline"))
		strbuf_addf(sb, "  %d. echo $((%s << 12)) > /sys/devices/system/memory/%s_offline_page\n", step, at,
			    strcmp(c->action, "hard-offline") ? "soft" : "hard");
	else
		strbuf_addf(sb, "  %d. echo %s > /sys/kernel/debug/hwpoison/%s\n", step, at,
			    strcmp(c->action, "unpoison") ? "corrupt-pfn" : "unpoison-pfn");
	strbuf_addf(sb, "     %s is the %s point of the namespace (pmemfi's names: A the info block,\n"
			"     B the memmap space, C the data). A correct kernel gives: %s.\n", at, c->point,
		    c->expect_result);
}

void repro_steps_text(const struct repro_cell *rc, const char *pfn, struct strbuf *sb)
{
	int step = 2;

	machine(rc, sb);
	namespaces(rc, sb, &step);
	action(rc, pfn, sb, step);
}
