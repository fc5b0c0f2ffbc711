// SPDX-License-Identifier: GPL-2.0
/* Profiles and topologies: expansion into named cells, and bad input. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "config/plan.h"
#include "lib/util.h"

static char dir[] = "/tmp/pmemfi-test-plan.XXXXXX";

static int setup(void **state)
{
	char *sub;

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	sub = xasprintf("%s/profiles", dir);
	mkdir_p(sub);
	free(sub);
	sub = xasprintf("%s/topologies", dir);
	mkdir_p(sub);
	free(sub);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	return rm_rf(dir);
}

static void put(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);

	assert_int_equal(write_file(path, text, strlen(text)), 0);
	free(path);
}

static const char topo[] = "memory 1G\ncpus 2\nnvdimm size=1G label-size=128K\n";
static const char expectations[] =
	"corrupt-pfn A * dev ENXIO * no\n"
	"corrupt-pfn C * * EBUSY \"dax page: Failed\" no\n"
	"madv-hwpoison C-mapped * * SIGBUS:BUS_MCEERR_AR \"dax page: Recovered\" yes\n";

static void shipped_quick_profile(void **state)
{
	struct plan p;
	char err[256];

	(void)state;
	if (plan_load(&p, "configs", "quick", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	/* 2 namespaces x (layout + 8 corrupt-pfn + 8 hard-offline + 1 madvise). */
	assert_int_equal(p.nr_cells, 36);
	assert_string_equal(p.cells[0].name, "one-nvdimm.devdax.dev.2M.layout.ff");
	assert_int_equal(p.cells[0].kind, CELL_LAYOUT);
	assert_string_equal(p.cells[1].name, "one-nvdimm.devdax.dev.2M.corrupt-pfn.A-first.ff");
	assert_string_equal(p.cells[1].expect_result, "ENXIO");
	/* fsdax: the file's cell right after the layout (fsdax_file_cells_first). */
	assert_string_equal(p.cells[19].name, "one-nvdimm.fsdax.dev.2M.madv-hwpoison.C-mapped.ff");
	assert_string_equal(p.cells[19].expect_result, "SIGBUS:BUS_MCEERR_AR");
	assert_string_equal(p.cells[19].expect_mf, "dax page: Recovered");
	assert_string_equal(p.cells[35].name, "one-nvdimm.fsdax.dev.2M.hard-offline.C-last.ff");
	assert_int_equal(p.topo.nr_nvdimm, 1);
	assert_int_equal(p.topo.nvdimm[0].size, 1ULL << 30);
	assert_int_equal(plan_filter(&p, "*.A-first.*"), 4);
	assert_int_equal(plan_filter(&p, "fsdax"), 2);
	assert_int_equal(plan_filter(&p, "*corrupt-pfn*,nothing"), 1);
	assert_int_equal(plan_filter(&p, "nothing-matches"), 0);
	plan_free(&p);
}

static void seeds_and_names(void **state)
{
	struct plan p;
	char err[256];

	(void)state;
	put("topologies/t", topo);
	put("expectations", expectations);
	put("profiles/p", "topology t\nseeds ff\nfragment memmap-kasan\n"
			  "namespace n mode=devdax map=dev align=1G size=2G\n"
			  "inject corrupt-pfn A-first C-mid\n");
	if (plan_load(&p, dir, "p", "zero,random:42", err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(p.profile.nr_fragments, 1);
	assert_string_equal(p.profile.fragments[0], "memmap-kasan");
	assert_int_equal(p.nr_cells, 6);
	assert_string_equal(p.cells[0].name, "t.devdax.dev.1G.layout.zero");
	assert_string_equal(p.cells[2].name, "t.devdax.dev.1G.corrupt-pfn.C-mid.zero");
	assert_string_equal(p.cells[2].expect_result, "EBUSY");
	assert_string_equal(p.cells[5].name, "t.devdax.dev.1G.corrupt-pfn.C-mid.random-42");
	assert_int_equal(p.cells[5].expect_line, 2);
	plan_free(&p);
}

/* On fsdax the filesystem's users run before any poison that may hit its blocks. */
static void fsdax_file_cells_first(void **state)
{
	struct plan p;
	char err[256];

	(void)state;
	put("topologies/t", topo);
	put("expectations", expectations);
	put("profiles/p", "topology t\nseeds ff\n"
			  "namespace d mode=devdax map=dev align=2M size=256M\n"
			  "namespace f mode=fsdax map=dev align=2M size=256M\n"
			  "inject corrupt-pfn C-first C-mapped\n"
			  "inject madv-hwpoison C-mapped\n");
	if (plan_load(&p, dir, "p", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(p.nr_cells, 8);
	/* devdax: the profile's order. */
	assert_string_equal(p.cells[1].name, "t.devdax.dev.2M.corrupt-pfn.C-first.ff");
	assert_string_equal(p.cells[2].name, "t.devdax.dev.2M.corrupt-pfn.C-mapped.ff");
	assert_string_equal(p.cells[3].name, "t.devdax.dev.2M.madv-hwpoison.C-mapped.ff");
	/* fsdax: C-mapped cells first, in the profile's order, then the rest. */
	assert_string_equal(p.cells[5].name, "t.fsdax.dev.2M.corrupt-pfn.C-mapped.ff");
	assert_string_equal(p.cells[6].name, "t.fsdax.dev.2M.madv-hwpoison.C-mapped.ff");
	assert_string_equal(p.cells[7].name, "t.fsdax.dev.2M.corrupt-pfn.C-first.ff");
	assert_int_equal(p.cells[7].expect_line, 2);
	plan_free(&p);
}

/* nfit lines: cells of their own group, named and expected per mode, first seed only. */
static void nfit_cells(void **state)
{
	static const char nfit_expect[] =
		"corrupt-pfn C * * EBUSY \"dax page: Failed\" no\n"
		"nfit-inject C * dev ok - no\n"
		"nfit-mmap C fsdax dev SIGBUS:BUS_ADRERR - no\n"
		"nfit-meta A * dev ENXIO - no\n"
		"nfit-meta-offset B * dev ok - no\n";
	struct plan p;
	char err[256];

	(void)state;
	put("topologies/t", topo);
	put("expectations", nfit_expect);
	put("profiles/p", "topology t\nseeds ff zero\n"
			  "namespace n mode=devdax map=dev align=2M size=256M\n"
			  "inject corrupt-pfn C-mid\n"
			  "nfit nfit-inject C-first C-last\n"
			  "nfit nfit-mmap C-mid mode=fsdax\n"
			  "nfit nfit-meta A-first\n"
			  "nfit nfit-meta-offset B-mid mode=devdax\n");
	if (plan_load(&p, dir, "p", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	/* 2 seeds x (layout + 1 inject), then 4 + 1 + 2 + 1 nfit cells. */
	assert_int_equal(p.nr_cells, 12);
	assert_string_equal(p.cells[11].name, "nfit_test.nfit.devdax.meta-offset.B-mid");
	assert_false(plan_cell_is_nfit(&p.cells[3]));
	assert_string_equal(p.cells[4].name, "nfit_test.nfit.fsdax.inject.C-first");
	assert_string_equal(p.cells[5].name, "nfit_test.nfit.fsdax.inject.C-last");
	assert_string_equal(p.cells[6].name, "nfit_test.nfit.devdax.inject.C-first");
	assert_string_equal(p.cells[8].name, "nfit_test.nfit.fsdax.mmap.C-mid");
	assert_string_equal(p.cells[8].expect_result, "SIGBUS:BUS_ADRERR");
	assert_string_equal(p.cells[10].name, "nfit_test.nfit.devdax.meta.A-first");
	assert_string_equal(p.cells[10].expect_result, "ENXIO");
	for (int i = 4; i < 12; i++) {
		assert_true(plan_cell_is_nfit(&p.cells[i]));
		assert_string_equal(p.cells[i].seed, "ff");
		assert_string_equal(p.cells[i].ns->map, "dev");
	}
	assert_string_equal(p.cells[10].ns->name, "nfit-devdax");
	plan_free(&p);

	/* A profile of nfit lines alone needs no namespace line. */
	put("profiles/p", "topology t\nseeds ff\nnfit nfit-inject C-mid\n");
	if (plan_load(&p, dir, "p", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(p.nr_cells, 2);
	plan_free(&p);
}

static const char topo_numa_legacy[] =
	"memory 2G\ncpus 2\nnuma 2\nkaslr on\nnvdimm size=1G node=0\nnvdimm size=1G node=1\n"
	"legacy size=256M start=1280M\n";

/* Tags, legacy namespaces, walkers: what reaches which namespace, and the names. */
static void topology_and_walkers(void **state)
{
	struct plan p;
	char err[256];
	uint64_t off;
	int file;

	(void)state;
	put("topologies/t2", topo_numa_legacy);
	put("expectations", "kpageflags * * * nopage - no\n"
			    "* below * * ENXIO - no\n"
			    "corrupt-pfn * * * EBUSY * no\n");
	put("profiles/p2", "topology t2\nseeds ff\n"
			   "namespace a mode=devdax map=dev align=2M size=256M\n"
			   "namespace b mode=devdax map=dev align=2M size=256M region=1 tag=node1\n"
			   "namespace l mode=fsdax map=mem align=4K size=256M region=legacy tag=legacy\n"
			   "inject kpageflags A-first\n"
			   "inject corrupt-pfn below C-mid\n");
	if (plan_load(&p, dir, "p2", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(p.topo.numa, 2);
	assert_int_equal(p.topo.kaslr, 1);
	assert_int_equal(p.topo.nvdimm[1].node, 1);
	assert_int_equal(p.topo.nr_legacy, 1);
	assert_int_equal(plan_ram_files(&p.topo), 2);
	/* 1280M is 256M into node 1's gigabyte. */
	plan_legacy_place(&p.topo, &p.topo.legacy[0], &file, &off);
	assert_int_equal(file, 1);
	assert_int_equal(off, 256ULL << 20);
	/* a, b: layout + 2 corrupt-pfn; l: layout + walker + C-mid (below is RAM). */
	assert_int_equal(p.nr_cells, 9);
	assert_string_equal(p.cells[0].name, "t2.devdax.dev.2M.layout.ff");
	assert_string_equal(p.cells[1].name, "t2.devdax.dev.2M.corrupt-pfn.below.ff");
	assert_string_equal(p.cells[3].name, "t2+node1.devdax.dev.2M.layout.ff");
	assert_string_equal(p.cells[6].name, "t2+legacy.fsdax.mem.4K.layout.ff");
	assert_string_equal(p.cells[7].name, "t2+legacy.fsdax.mem.4K.kpageflags.A-first.ff");
	assert_string_equal(p.cells[7].expect_result, "nopage");
	assert_string_equal(p.cells[8].name, "t2+legacy.fsdax.mem.4K.corrupt-pfn.C-mid.ff");
	assert_true(p.profile.ns[2].legacy);
	plan_free(&p);

	/* Plain topologies need no RAM file. */
	put("topologies/t", topo);
	put("profiles/p", "topology t\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=256M\n");
	put("expectations", expectations);
	if (plan_load(&p, dir, "p", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(plan_ram_files(&p.topo), 0);
	/* nokaslr unless the topology says kaslr on */
	assert_int_equal(p.topo.kaslr, 0);
	plan_free(&p);
}

/* ns= filters, stress cells, and which namespaces a VM creates. */
static void filters_stress_and_placement(void **state)
{
	enum plan_ns_use use[PLAN_MAX_NAMESPACES];
	int pending[4];
	struct plan p;
	char err[256];

	(void)state;
	put("topologies/t2", topo_numa_legacy);
	put("expectations", "corrupt-pfn * * * EBUSY * no\n");
	put("profiles/p3", "topology t2\nseeds ff\ntimeout test=60\n"
			   "namespace a mode=devdax map=dev align=2M size=256M region=0\n"
			   "namespace b mode=fsdax map=dev align=2M size=256M region=0\n"
			   "namespace c mode=devdax map=mem align=2M size=256M region=0\n"
			   "namespace d mode=devdax map=dev align=2M size=256M region=1 tag=node1\n"
			   "namespace l mode=devdax map=dev align=2M size=256M region=legacy tag=legacy\n"
			   "inject corrupt-pfn ns=b,d below\n"
			   "stress mappers iterations=5 seconds=20 threads=3 ns=a\n");
	if (plan_load(&p, dir, "p3", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	/* 5 layouts, 2 filtered injections, 1 stress cell. */
	assert_int_equal(p.nr_cells, 8);
	assert_string_equal(p.cells[1].name, "t2.devdax.dev.2M.stress-mappers.ff");
	assert_int_equal(p.cells[1].kind, CELL_STRESS);
	assert_int_equal(p.cells[1].stress->threads, 3);
	assert_int_equal(p.cells[1].stress->iterations, 5);
	assert_string_equal(p.cells[3].name, "t2.fsdax.dev.2M.corrupt-pfn.below.ff");
	assert_string_equal(p.cells[6].name, "t2+node1.devdax.dev.2M.corrupt-pfn.below.ff");

	/* Cells of c only: a and b become placeholders, d and l are not needed. */
	pending[0] = 4;		/* c's layout cell */
	assert_ptr_equal(p.cells[4].ns, &p.profile.ns[2]);
	plan_namespace_uses(&p, pending, 1, use);
	assert_int_equal(use[0], PLAN_NS_PLACEHOLDER);
	assert_int_equal(use[1], PLAN_NS_PLACEHOLDER);
	assert_int_equal(use[2], PLAN_NS_CREATE);
	assert_int_equal(use[3], PLAN_NS_SKIP);
	assert_int_equal(use[4], PLAN_NS_SKIP);
	/* Cells of d (another region) and l: nothing in region 0 is made. */
	pending[0] = 6;
	pending[1] = 7;
	plan_namespace_uses(&p, pending, 2, use);
	assert_int_equal(use[0], PLAN_NS_SKIP);
	assert_int_equal(use[2], PLAN_NS_SKIP);
	assert_int_equal(use[3], PLAN_NS_CREATE);
	assert_int_equal(use[4], PLAN_NS_CREATE);
	plan_free(&p);

	/* Any namespace placed "first region with room" puts all NFIT ones in one group. */
	put("profiles/p4", "topology t2\nseeds ff\n"
			   "namespace a mode=devdax map=dev align=2M size=256M region=1\n"
			   "namespace b mode=fsdax map=dev align=2M size=256M\n");
	if (plan_load(&p, dir, "p4", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	pending[0] = 1;
	plan_namespace_uses(&p, pending, 1, use);
	assert_int_equal(use[0], PLAN_NS_PLACEHOLDER);
	assert_int_equal(use[1], PLAN_NS_CREATE);
	plan_free(&p);
}

/* Loading @profile over topology @tname (@topology) fails, saying @needle. */
static void load_error(const char *tname, const char *topology, const char *profile,
		       const char *needle)
{
	struct plan p;
	char err[256] = "", *path = xasprintf("topologies/%s", tname);

	put(path, topology);
	free(path);
	put("expectations", expectations);
	put("profiles/bad", profile);
	assert_int_equal(plan_load(&p, dir, "bad", NULL, err, sizeof(err)), -1);
	if (!strstr(err, needle))
		fail_msg("error '%s' does not mention '%s'", err, needle);
	plan_free(&p);
}

static void bad_topology(const char *topology, const char *profile, const char *needle)
{
	load_error("bt", topology, profile, needle);
}

static void topology_errors(void **state)
{
	static const char pr[] = "topology bt\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=256M\n";
	static const char pr_legacy[] = "topology bt\nseeds ff\n"
		"namespace n mode=devdax map=dev align=2M size=128M region=legacy\n";

	(void)state;
	bad_topology("memory 1G\n", pr, "no pmem device, legacy range, hmm or nvme");
	bad_topology("kaslr yes\nnvdimm size=1G\n", pr, "kaslr must be on or off");
	bad_topology("numa 9\nnvdimm size=1G\n", pr, "numa must be 1..4");
	bad_topology("numa 2\nnvdimm size=1G node=2\n", pr, "nvdimm 0 on node 2, but there are 2 nodes");
	bad_topology("memory 1G\nlegacy size=100M start=512M\n", pr, "multiples of 128M");
	bad_topology("memory 1G\nlegacy size=256M start=896M\n", pr, "ends beyond RAM");
	bad_topology("memory 2G\nnuma 2\nlegacy size=256M start=896M\n", pr, "spans two NUMA nodes");
	bad_topology("memory 4G\nlegacy size=256M start=1G\n", pr, "at most 3G");
	bad_topology("memory 2G\nlegacy size=256M start=1G\nlegacy size=256M start=1152M\n", pr,
		     "legacy ranges 0 and 1 overlap");
	bad_topology("memory 2G\nlegacy frobs=1\n", pr, "unknown legacy setting 'frobs=1'");
	bad_topology("memory 2G\nlegacy size=256M start=1G\n", pr_legacy,
		     "size must be that of legacy range 0");
	bad_topology("memory 2G\nnvdimm size=1G\n", pr_legacy, "region=legacy needs one legacy range");
	bad_topology("memory 2G\nnvdimm size=1G\n",
		     "topology bt\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M tag=a.b\n",
		     "must be a word without dots");
	bad_topology("memory 2G\nnvdimm size=1G\n",
		     "topology bt\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M\n"
		     "namespace m mode=devdax map=dev align=2M size=128M\n",
		     "need a tag=");
	bad_topology("memory 2G\nnvdimm size=1G\n",
		     "topology bt\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M\n"
		     "inject kpageflags below\n",
		     "walker kpageflags reads namespace pfns: not below");
	bad_topology("memory 2G\nnvdimm size=1G\n",
		     "topology bt\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M\n"
		     "inject corrupt-pfn ns=m A-first\n", "corrupt-pfn: no namespace 'm'");
	bad_topology("memory 2G\nnvdimm size=1G\n",
		     "topology bt\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M\n"
		     "inject corrupt-pfn ns=n\n", "at least one point");
	bad_topology("memory 2G\nnvdimm size=1G\n",
		     "topology bt\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M\n"
		     "stress hammer\n", "unknown stress kind 'hammer'");
	bad_topology("memory 2G\nnvdimm size=1G\n",
		     "topology bt\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M\n"
		     "stress mappers threads=0\n", "threads 1..64");
	bad_topology("memory 2G\nnvdimm size=1G\n",
		     "topology bt\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M\n"
		     "stress mappers seconds=200\n", "give timeout test= at least 230");
}

static void bad_profile(const char *profile, const char *needle)
{
	load_error("t", topo, profile, needle);
}

static void errors(void **state)
{
	struct plan p;
	char err[256];
	static const char ns[] = "namespace n mode=devdax map=dev align=2M size=512M\n";
	char buf[512];

	(void)state;
	assert_int_equal(plan_load(&p, dir, "missing", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "profile 'missing' not found"));
	plan_free(&p);
	bad_profile("seeds ff\n", "no topology line");
	bad_profile("topology t\nseeds ff\n", "no namespace line");
	bad_profile("topology nope\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=1G\n",
		    "topology 'nope' not found");
	bad_profile("topology t\nseeds 0xff\n", "bad:2: bad seed '0xff'");
	bad_profile("topology t\nfragment ../kasan\n", "bad:2: fragment '../kasan' is not a fragment name");
	bad_profile("topology t\nseeds ff\nnamespace n mode=raw map=dev align=2M size=1G\n",
		    "mode must be devdax, fsdax, kmem, private, coherent or p2pdma, not 'raw'");
	bad_profile("topology t\nseeds ff\nnamespace n mode=devdax map=dev align=3M size=1G\n",
		    "power of two");
	bad_profile("topology t\nseeds ff\nnamespace n mode=devdax map=dev size=1G\n",
		    "needs mode=, map=, align= and size=");
	snprintf(buf, sizeof(buf), "topology t\nseeds ff\n%sinject corrupt-pfn D-first\n", ns);
	bad_profile(buf, "bad:4: unknown pfn point 'D-first'");
	snprintf(buf, sizeof(buf), "topology t\nseeds ff\n%sinject sledgehammer A-first\n", ns);
	bad_profile(buf, "unknown injector 'sledgehammer'");
	snprintf(buf, sizeof(buf), "topology t\nseeds ff\n%sinject madv-hwpoison A-first\n", ns);
	bad_profile(buf, "madv-hwpoison needs a mapped page");
	/* A cell the expectation table has no row for is an error, not a guess. */
	snprintf(buf, sizeof(buf), "topology t\nseeds ff\n%sinject hard-offline B-mid\n", ns);
	bad_profile(buf, "no expectation for hard-offline B-mid devdax dev");
	snprintf(buf, sizeof(buf), "topology t\nseeds ff\n%s%s", ns, ns);
	bad_profile(buf, "namespace n defined twice");
	snprintf(buf, sizeof(buf), "topology t\nseeds ff\n%stimeout test=0\n", ns);
	bad_profile(buf, "must be a positive number");
	put("topologies/t", "nvdimm size=1G label-size=128K colour=red\n");
	snprintf(buf, sizeof(buf), "topology t\nseeds ff\n%s", ns);
	put("profiles/bad", buf);
	assert_int_equal(plan_load(&p, dir, "bad", NULL, err, sizeof(err)), -1);
	assert_non_null(strstr(err, "unknown nvdimm setting 'colour=red'"));
	plan_free(&p);
}

static void nfit_errors(void **state)
{
	static const char head[] = "topology t\nseeds ff\n";
	char buf[256];

	(void)state;
	snprintf(buf, sizeof(buf), "%snfit nfit-bogus C-mid\n", head);
	bad_profile(buf, "unknown nfit test 'nfit-bogus'");
	snprintf(buf, sizeof(buf), "%snfit nfit-inject\n", head);
	bad_profile(buf, "nfit needs a test and at least one point");
	snprintf(buf, sizeof(buf), "%snfit nfit-inject A-first\n", head);
	bad_profile(buf, "nfit-inject takes points C-first C-mid C-last, not 'A-first'");
	snprintf(buf, sizeof(buf), "%snfit nfit-meta C-mid\n", head);
	bad_profile(buf, "nfit-meta takes points A-first B-mid, not 'C-mid'");
	snprintf(buf, sizeof(buf), "%snfit nfit-inject C-mid mode=raw\n", head);
	bad_profile(buf, "one mode=fsdax or mode=devdax per nfit line");
	snprintf(buf, sizeof(buf), "%snfit nfit-inject mode=fsdax\n", head);
	bad_profile(buf, "nfit needs a test and at least one point");
	snprintf(buf, sizeof(buf), "%snamespace n mode=devdax map=dev align=2M size=512M\n"
		 "inject nfit-inject C-mid\n", head);
	bad_profile(buf, "nfit-inject runs on the nfit_test bus: use an nfit line");
	/* The expectation table must answer every nfit cell. */
	snprintf(buf, sizeof(buf), "%snfit nfit-load C-mid\n", head);
	bad_profile(buf, "no expectation for nfit-load C-mid fsdax dev");
}

/*
 * The device-memory lane's profile (docs/device-memory.md): every kind
 * on its own topology, its cells named by kind (the tag) and mode, the
 * guest told where each is, and the kernel what the devices need.
 */
static void shipped_devmem_profile(void **state)
{
	struct plan p;
	char err[256], *args;
	int kinds[6] = { 0 };

	(void)state;
	if (plan_load(&p, "configs", "devmem", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(p.topo.nr_nvdimm, 3);
	assert_int_equal(p.topo.nvdimm[0].kind, TOPO_NVDIMM);
	assert_int_equal(p.topo.nvdimm[1].kind, TOPO_VIRTIO_PMEM);
	assert_int_equal(p.topo.nvdimm[2].kind, TOPO_CXL_PMEM);
	assert_int_equal(p.topo.numa, 2);
	assert_int_equal(plan_ram_nodes(&p.topo), 1);
	assert_int_equal(plan_ram_files(&p.topo), 1);
	assert_int_equal(p.topo.nvme_cmb, 64 << 20);
	assert_int_equal(p.topo.hmm_coherent, 1ULL << 30);
	assert_true(p.topo.kmem);
	for (int i = 0; i < p.nr_cells; i++) {
		static const char *const prefixes[] = { "devmem+virtio.devdax.", "devmem+cxl.", "devmem+kmem.kmem.dev.",
							"devmem+hmm.private.", "devmem+hmm.coherent.", "devmem+nvme.p2pdma." };

		for (int k = 0; k < 6; k++)
			kinds[k] += !strncmp(p.cells[i].name, prefixes[k], strlen(prefixes[k]));
	}
	for (int k = 0; k < 6; k++)
		assert_true(kinds[k] >= 5);
	/* The walkers run on kmem's blocks (hot-added RAM is below max_pfn). */
	assert_int_equal(plan_filter(&p, "devmem+kmem.kmem.dev.2M.kpageflags.B-first.ff"), 1);
	assert_string_equal(p.cells[0].expect_result, "flags:0x2000000000");
	plan_free(&p);
	if (plan_load(&p, "configs", "devmem", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	assert_null(plan_ns_provider(&p.topo, &p.profile.ns[3]));
	assert_string_equal(plan_ns_provider(&p.topo, &p.profile.ns[0]), "virtio-pmem");
	assert_string_equal(plan_ns_provider(&p.topo, &p.profile.ns[1]), "CXL");
	assert_int_equal(plan_ns_region_rank(&p.topo, &p.profile.ns[1]), 0);
	args = plan_kernel_args(&p.topo);
	assert_non_null(strstr(args, "pmemfi.load=virtio_pmem,cxl_port,cxl_acpi,cxl_pci,cxl_mem,cxl_pmem,nvme,test_hmm,kmem"));
	assert_non_null(strstr(args, "memmap=512M$0x40000000 test_hmm.spm_addr_dev0=0x40000000 "
				     "test_hmm.spm_addr_dev1=0x50000000"));
	assert_non_null(strstr(args, "memory_hotplug.memmap_on_memory=1 memhp_default_state=offline"));
	assert_non_null(strstr(args, "pcie_ports=compat no_timer_check"));
	free(args);
	plan_free(&p);
	/* A topology of NVDIMMs alone asks the kernel for nothing more. */
	if (plan_load(&p, "configs", "quick", NULL, err, sizeof(err)))
		fail_msg("%s", err);
	args = plan_kernel_args(&p.topo);
	assert_string_equal(args, "");
	free(args);
	plan_free(&p);
}

static void device_memory_errors(void **state)
{
	static const char dm[] = "memory 2G\nnvdimm size=1G\nvirtio-pmem size=512M\ncxl-pmem size=256M\n"
				 "nvme cmb=64M\nhmm coherent=1G\nkmem\n";
	/* A profile that loads on any topology: only the topology can be wrong. */
	static const char any[] = "topology bt\nseeds ff\nnfit nfit-inject C-mid\n";
	char buf[512];

	(void)state;
	bad_topology("cxl-pmem size=100M\n", any, "cxl-pmem needs size=, a multiple of 256M");
	bad_topology("cxl-pmem size=256M\ncxl-pmem size=256M\n", any,
		     "at most one cxl-pmem device");
	bad_topology("virtio-pmem size=1G node=1\n", any, "unknown virtio-pmem setting 'node=1'");
	bad_topology("nvme cmb=3M\n", any, "power of two of at least 2M");
	bad_topology("nvme size=4M\n", any, "nvme takes cmb=SIZE");
	bad_topology("hmm coherent=100M\n", any, "256M-aligned");
	bad_topology("memory 1G\nhmm coherent=768M\n", any,
		     "needs 512M of RAM there");
	bad_topology("numa 2 ram-nodes=3\nnvdimm size=1G\n", any, "ram-nodes must be 1..2");
	bad_topology("numa 2 ram=1\nnvdimm size=1G\n", any, "optional ram-nodes=M");
	bad_topology("memory 2G\ncxl-pmem size=256M\nlegacy size=256M start=1G\n",
		     any, "cxl-pmem needs the q35 machine");
	snprintf(buf, sizeof(buf), "topology bt\nseeds ff\nnamespace h mode=private map=mem align=4K size=256M\n");
	bad_topology(dm, buf, "namespace h (mode private): test_hmm memory needs region=hmm");
	snprintf(buf, sizeof(buf), "topology bt\nseeds ff\nnamespace h mode=private map=dev align=4K size=256M region=hmm\n");
	bad_topology(dm, buf, "size=256M map=mem");
	snprintf(buf, sizeof(buf), "topology bt\nseeds ff\nnamespace h mode=coherent map=mem align=4K size=256M region=hmm\n");
	bad_topology("memory 2G\nhmm\n", buf, "coherent=START for coherent");
	snprintf(buf, sizeof(buf), "topology bt\nseeds ff\nnamespace q mode=p2pdma map=mem align=4K size=32M region=nvme\n");
	bad_topology(dm, buf, "size= the cmb");
	snprintf(buf, sizeof(buf), "topology bt\nseeds ff\nnamespace q mode=devdax map=dev align=2M size=32M region=nvme\n");
	bad_topology(dm, buf, "region=nvme for p2pdma");
	snprintf(buf, sizeof(buf), "topology bt\nseeds ff\nnamespace k mode=kmem map=dev align=2M size=512M region=2\n");
	bad_topology(dm, buf, "region=N of an nvdimm or virtio-pmem");
	snprintf(buf, sizeof(buf), "topology bt\nseeds ff\nnamespace k mode=kmem map=dev align=2M size=512M region=0\n");
	bad_topology("memory 2G\nnvdimm size=1G\n", buf, "kmem needs the topology's kmem line");
	snprintf(buf, sizeof(buf), "topology bt\nseeds ff\nnamespace v mode=devdax map=dev align=2M size=256M region=1\n");
	bad_topology(dm, buf, "the whole device: size must be the device's");
	snprintf(buf, sizeof(buf), "topology bt\nseeds ff\nnamespace v mode=devdax map=dev align=2M size=256M region=7\n");
	bad_topology(dm, buf, "region=N names no pmem device line");
}

static void size_and_seed_names(void **state)
{
	char buf[32];
	int kind, a;
	uint64_t v;

	(void)state;
	plan_size_name(4096, buf, sizeof(buf));
	assert_string_equal(buf, "4K");
	plan_size_name(2 << 20, buf, sizeof(buf));
	assert_string_equal(buf, "2M");
	plan_size_name(1ULL << 30, buf, sizeof(buf));
	assert_string_equal(buf, "1G");
	plan_size_name(1000, buf, sizeof(buf));
	assert_string_equal(buf, "1000");
	plan_seed_name("random:9", buf, sizeof(buf));
	assert_string_equal(buf, "random-9");
	assert_int_equal(seed_parse("random:9", &kind, &v, &a), 0);
	assert_int_equal(a, 0);
	assert_int_equal(kind, SEED_RANDOM);
	assert_int_equal(v, 9);
	assert_int_equal(seed_parse("random:", &kind, &v, &a), -1);
	assert_int_equal(seed_parse("random:-1", &kind, &v, &a), -1);
	assert_int_equal(seed_parse("FF", &kind, &v, &a), -1);
	/* Just the class A struct pages: ff or random, never zero. */
	assert_int_equal(seed_parse("random:7@A", &kind, &v, &a), 0);
	assert_int_equal(kind, SEED_RANDOM);
	assert_int_equal(v, 7);
	assert_int_equal(a, 1);
	assert_int_equal(seed_parse("ff@A", &kind, &v, &a), 0);
	assert_int_equal(kind, SEED_FF);
	assert_int_equal(seed_parse("zero@A", &kind, &v, &a), -1);
	assert_int_equal(seed_parse("ff@B", &kind, &v, &a), -1);
	assert_int_equal(seed_parse("ff@A", &kind, &v, NULL), -1);
	plan_seed_name("random:9@A", buf, sizeof(buf));
	assert_string_equal(buf, "random-9-A");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(shipped_quick_profile),
		cmocka_unit_test(nfit_cells),
		cmocka_unit_test(nfit_errors),
		cmocka_unit_test(seeds_and_names),
		cmocka_unit_test(fsdax_file_cells_first),
		cmocka_unit_test(errors),
		cmocka_unit_test(shipped_devmem_profile),
		cmocka_unit_test(device_memory_errors),
		cmocka_unit_test(size_and_seed_names),
		cmocka_unit_test(topology_and_walkers),
		cmocka_unit_test(topology_errors),
		cmocka_unit_test(filters_stress_and_placement),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
