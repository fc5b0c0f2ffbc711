// SPDX-License-Identifier: GPL-2.0
/*
 * ns_setup - create one pmem namespace the way the profile asks, check its
 * layout three ways, and save its state for the injection tests.
 *
 * The three views of where data starts must agree: the formula of
 * nd_pfn_init() (common/layout.c), the pfn/dax device resource in sysfs,
 * and the dataoff field of the info block on the media. The pfn classes
 * are printed as a "pmemfi-layout:" diagnostic line that the harness keeps.
 * Other device memory (modes kmem, private, coherent, p2pdma: lib/devmem.h)
 * is set up, checked against what else the kernel says about it, and saved
 * the same way.
 *
 *   ns_setup --init-labels      (after committing any CXL region)
 *   ns_setup --name devdax --mode devdax --map dev --align 2M --size 512M
 *            [--region N|legacy] [--provider virtio-pmem|CXL] [--no-info-block]
 *   ns_setup --name hmm --mode private --map mem --align 4K --size 256M --region hmm
 *   ns_setup --placeholder --name gap-1 --size 512M [--region N]
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndctl/libndctl.h>

#include "../common/step_argv.h"
#include "lib/devmem.h"
#include "lib/ktap.h"
#include "lib/ns.h"

/* " kind=kmem block_size=0x8000000" for a layout of another kind than a pfn claim's. */
static const char *layout_kind_words(const struct layout *l)
{
	static char buf[80];

	if (l->kind == LAYOUT_PFN)
		return "";
	snprintf(buf, sizeof(buf), " kind=%s", layout_kind_name(l->kind));
	if (l->kind == LAYOUT_KMEM)
		snprintf(buf + strlen(buf), sizeof(buf) - strlen(buf), " block_size=%#" PRIx64, l->block_size);
	return buf;
}

static void print_layout(const struct ns_state *st)
{
	const struct layout *l = &st->layout;
	struct layout_class c[3];

	for (int i = 0; i < 3; i++)
		layout_class(l, "ABC"[i], &c[i]);
	ktap_diag("pmemfi-layout: ns=%s mode=%s map=%s align=%#" PRIx64 " region=%s node=%d namespace=%s dev=%s"
		  " start=%#" PRIx64 " size=%#" PRIx64 " dataoff=%#" PRIx64 " end_trunc=%#" PRIx64
		  " A=%#" PRIx64 "-%#" PRIx64 " B=%#" PRIx64 "-%#" PRIx64 " C=%#" PRIx64 "-%#" PRIx64 "%s",
		  st->name, st->mode, l->map == LAYOUT_MAP_DEV ? "dev" : "mem", l->align,
		  st->region, st->node, st->ns_dev, st->dev, l->start, l->size, l->dataoff, l->end_trunc,
		  c[0].first, c[0].last, c[1].first, c[1].last, c[2].first, c[2].last, layout_kind_words(l));
	/* A pfn class that is not one run: every block's memmap pages (kmem). */
	if (l->kind == LAYOUT_KMEM && c[1].count)
		ktap_diag("pmemfi-layout: ns=%s B is the first %#" PRIx64 " pfns of each block of %#" PRIx64 " pfns: %#" PRIx64
			  " pfns in all", st->name, l->dataoff / 4096, l->block_size / 4096, c[1].count);
}

/* The namespace of the step, from its arguments (see common/step_argv.h for the forms). */
static void parse(int argc, char **argv, struct ns_spec *spec, int *init_labels, int *placeholder,
		  int *info_block)
{
	struct step_args a;
	const char *map, *region;

	step_parse_or_exit(STEP_NS_SETUP, argc, argv, &a);
	*init_labels = a.val[STEP_OPT_INIT_LABELS] != NULL;
	*placeholder = a.val[STEP_OPT_PLACEHOLDER] != NULL;
	*info_block = !a.val[STEP_OPT_NO_INFO_BLOCK];
	spec->name = a.val[STEP_OPT_NAME];
	spec->mode = a.val[STEP_OPT_MODE];
	spec->seed_a = a.val[STEP_OPT_SEED_A];
	map = a.val[STEP_OPT_MAP];
	spec->map = map && !strcmp(map, "mem") ? LAYOUT_MAP_MEM : LAYOUT_MAP_DEV;
	if (a.val[STEP_OPT_ALIGN] && layout_parse_size(a.val[STEP_OPT_ALIGN], &spec->align))
		step_usage_error(STEP_NS_SETUP, "--align '%s': not a size", a.val[STEP_OPT_ALIGN]);
	if (a.val[STEP_OPT_SIZE] && layout_parse_size(a.val[STEP_OPT_SIZE], &spec->size))
		step_usage_error(STEP_NS_SETUP, "--size '%s': not a size", a.val[STEP_OPT_SIZE]);
	region = a.val[STEP_OPT_REGION];
	spec->bus = a.val[STEP_OPT_PROVIDER];
	if (region && !strcmp(region, "legacy"))
		spec->legacy = 1;
	else if (region && (!strcmp(region, "hmm") || !strcmp(region, "nvme")))
		spec->where = region;
	else if (region)
		spec->region = atoi(region);
	if (spec->mode && ns_mode_is_devmem(spec->mode) != (spec->where || !strcmp(spec->mode, "kmem")))
		step_usage_error(STEP_NS_SETUP, "--mode %s and --region %s do not go together", spec->mode,
				 region ? region : "(none)");
	if (*placeholder && (!spec->name || !spec->size || spec->legacy))
		step_usage_error(STEP_NS_SETUP, "--placeholder needs --name and --size, and not --region legacy");
	if (!*init_labels && !*placeholder && (!spec->name || !spec->mode || !spec->align || !spec->size))
		step_usage_error(STEP_NS_SETUP, "a namespace needs --name, --mode, --align and --size");
}

/* The three views of where data starts: computed, sysfs, and the info block (@info_block). */
static void check_layout(struct ndctl_ctx *ctx, struct ns_state *st, const char *mode, int info_block)
{
	char err[256];

	if (info_block) {
		char sig[17];
		uint64_t dataoff;
		const char *want = strcmp(mode, "devdax") ? "NVDIMM_PFN_INFO" : "NVDIMM_DAX_INFO";

		ASSERT_TRUE(ns_read_info_block(ctx, st, sig, &dataoff, err, sizeof(err)) == 0, "%s", err);
		EXPECT_STREQ(sig, want, "%s: info block signature", st->ns_dev);
		EXPECT_EQ(dataoff, st->layout.dataoff, "%s: info block dataoff", st->ns_dev);
	}
	EXPECT_EQ(st->data_start, st->layout.start + st->layout.dataoff, "%s: %s data start",
		  st->ns_dev, st->dev);
	EXPECT_EQ(st->data_size, st->layout.size - st->layout.dataoff - st->layout.end_trunc,
		  "%s: %s data size", st->ns_dev, st->dev);
}

int main(int argc, char **argv)
{
	struct ns_spec spec = { .region = -1, .map = LAYOUT_MAP_DEV };
	const char *test = getenv("PMEMFI_TEST");
	int init_labels, info_block, placeholder;
	struct ndctl_ctx *ctx;
	struct ns_state st;
	char err[256];

	parse(argc, argv, &spec, &init_labels, &placeholder, &info_block);
	ktap_begin(test ? test : init_labels ? "init-labels" : spec.name);
	/* A CXL region becomes an nvdimm region, whose labels are initialized with the rest. */
	if (init_labels) {
		int n = devmem_cxl_regions(err, sizeof(err));

		ASSERT_TRUE(n >= 0, "%s", err);
		if (n)
			ktap_diag("%d CXL pmem region%s committed", n, n > 1 ? "s" : "");
	}
	ASSERT_TRUE(ndctl_new(&ctx) == 0, "ndctl_new failed (is libnvdimm loaded?)");
	if (init_labels) {
		ASSERT_TRUE(ns_init_labels(ctx, err, sizeof(err)) == 0, "%s", err);
		ktap_finish();
	}
	if (placeholder) {
		ASSERT_TRUE(ns_reserve(ctx, &spec, err, sizeof(err)) == 0, "%s", err);
		ktap_finish();
	}

	if (ns_mode_is_devmem(spec.mode)) {
		const char *needs;

		if (devmem_create(ctx, &spec, &st, &needs, err, sizeof(err)) && needs)
			ktap_skip_needs(needs, "%s", err);
		ASSERT_TRUE(!needs, "%s", err);
		print_layout(&st);
		devmem_check_layout(&st);
		ASSERT_TRUE(ns_state_save(&st, err, sizeof(err)) == 0, "%s", err);
		ndctl_unref(ctx);
		ktap_finish();
	}
	/* A virtio-pmem or CXL device whose region the kernel did not make: it lacks the driver. */
	if (spec.bus && !ns_provider_present(ctx, spec.bus))
		ktap_skip_needs(!strcmp(spec.bus, "CXL") ? "CONFIG_CXL_PMEM" : "CONFIG_VIRTIO_PMEM",
				"no pmem region of provider %s", spec.bus);
	ASSERT_TRUE(ns_create(ctx, &spec, &st, err, sizeof(err)) == 0, "%s", err);
	print_layout(&st);
	if (spec.seed_a)
		ktap_diag("class A struct pages seeded: %s", st.seed_a);
	check_layout(ctx, &st, spec.mode, info_block);
	if (!strcmp(spec.mode, "fsdax"))
		ASSERT_TRUE(ns_mount_dax_fs(&st, 1, err, sizeof(err)) == 0, "%s", err);
	ASSERT_TRUE(ns_state_save(&st, err, sizeof(err)) == 0, "%s", err);
	ndctl_unref(ctx);
	ktap_finish();
}
