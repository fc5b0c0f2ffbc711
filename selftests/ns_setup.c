// SPDX-License-Identifier: GPL-2.0
/*
 * ns_setup - create one pmem namespace the way the profile asks, check its
 * layout three ways, and save its state for the injection tests.
 *
 * The three views of where data starts must agree: the formula of
 * nd_pfn_init() (common/layout.c), the pfn/dax device resource in sysfs,
 * and the dataoff field of the info block on the media. The pfn classes
 * are printed as a "pmemfi-layout:" diagnostic line that the harness keeps.
 *
 *   ns_setup --init-labels
 *   ns_setup --name devdax --mode devdax --map dev --align 2M --size 512M
 *            [--region N|legacy] [--no-info-block]
 *   ns_setup --placeholder --name gap-1 --size 512M [--region N]
 */
#include <getopt.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <ndctl/libndctl.h>

#include "lib/ktap.h"
#include "lib/ns.h"

static void print_layout(const struct ns_state *st)
{
	const struct layout *l = &st->layout;
	struct layout_class c[3];

	for (int i = 0; i < 3; i++)
		layout_class(l, "ABC"[i], &c[i]);
	ktap_diag("pmemfi-layout: ns=%s mode=%s map=%s align=%#" PRIx64 " region=%s node=%d namespace=%s dev=%s"
		  " start=%#" PRIx64 " size=%#" PRIx64 " dataoff=%#" PRIx64 " end_trunc=%#" PRIx64
		  " A=%#" PRIx64 "-%#" PRIx64 " B=%#" PRIx64 "-%#" PRIx64 " C=%#" PRIx64 "-%#" PRIx64,
		  st->name, st->mode, l->map == LAYOUT_MAP_DEV ? "dev" : "mem", l->align,
		  st->region, st->node, st->ns_dev, st->dev, l->start, l->size, l->dataoff, l->end_trunc,
		  c[0].first, c[0].last, c[1].first, c[1].last, c[2].first, c[2].last);
}

static void usage(void)
{
	fprintf(stderr, "usage: ns_setup --init-labels\n"
		"       ns_setup --name N --mode devdax|fsdax --map dev|mem --align A --size S [--region I|legacy]\n"
		"                [--no-info-block] [--seed-a ff@A|random:N@A]\n"
		"       ns_setup --placeholder --name N --size S [--region I]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "init-labels", no_argument, NULL, 'I' },
		{ "name", required_argument, NULL, 'n' },
		{ "mode", required_argument, NULL, 'm' },
		{ "map", required_argument, NULL, 'M' },
		{ "align", required_argument, NULL, 'a' },
		{ "size", required_argument, NULL, 's' },
		{ "region", required_argument, NULL, 'r' },
		{ "no-info-block", no_argument, NULL, 'N' },
		{ "placeholder", no_argument, NULL, 'P' },
		{ "seed-a", required_argument, NULL, 'S' },
		{ NULL, 0, NULL, 0 },
	};
	struct ns_spec spec = { .region = -1, .map = LAYOUT_MAP_DEV };
	const char *test = getenv("PMEMFI_TEST");
	int init_labels = 0, info_block = 1, placeholder = 0, c;
	struct ndctl_ctx *ctx;
	struct ns_state st;
	char err[256];

	while ((c = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (c) {
		case 'I': init_labels = 1; break;
		case 'n': spec.name = optarg; break;
		case 'm': spec.mode = optarg; break;
		case 'M':
			if (!strcmp(optarg, "dev"))
				spec.map = LAYOUT_MAP_DEV;
			else if (!strcmp(optarg, "mem"))
				spec.map = LAYOUT_MAP_MEM;
			else
				usage();
			break;
		case 'a': if (layout_parse_size(optarg, &spec.align)) usage(); break;
		case 's': if (layout_parse_size(optarg, &spec.size)) usage(); break;
		case 'r':
			if (!strcmp(optarg, "legacy"))
				spec.legacy = 1;
			else
				spec.region = atoi(optarg);
			break;
		case 'N': info_block = 0; break;
		case 'P': placeholder = 1; break;
		case 'S': spec.seed_a = optarg; break;
		default: usage();
		}
	}
	if (placeholder && (!spec.name || !spec.size || spec.legacy))
		usage();
	if (!init_labels && !placeholder && (!spec.name || !spec.mode || !spec.align || !spec.size))
		usage();

	ktap_begin(test ? test : init_labels ? "init-labels" : spec.name);
	ASSERT_TRUE(ndctl_new(&ctx) == 0, "ndctl_new failed (is libnvdimm loaded?)");
	if (init_labels) {
		ASSERT_TRUE(ns_init_labels(ctx, err, sizeof(err)) == 0, "%s", err);
		ktap_finish();
	}
	if (placeholder) {
		ASSERT_TRUE(ns_reserve(ctx, &spec, err, sizeof(err)) == 0, "%s", err);
		ktap_finish();
	}

	ASSERT_TRUE(ns_create(ctx, &spec, &st, err, sizeof(err)) == 0, "%s", err);
	print_layout(&st);
	if (spec.seed_a)
		ktap_diag("class A struct pages seeded: %s", st.seed_a);
	if (info_block) {
		char sig[17];
		uint64_t dataoff;
		const char *want = strcmp(spec.mode, "devdax") ? "NVDIMM_PFN_INFO" : "NVDIMM_DAX_INFO";

		ASSERT_TRUE(ns_read_info_block(ctx, &st, sig, &dataoff, err, sizeof(err)) == 0, "%s", err);
		EXPECT_TRUE(!strcmp(sig, want), "%s: info block signature '%s', want '%s'",
			    st.ns_dev, sig, want);
		EXPECT_TRUE(dataoff == st.layout.dataoff,
			    "%s: info block dataoff %#" PRIx64 " != computed %#" PRIx64,
			    st.ns_dev, dataoff, st.layout.dataoff);
	}
	EXPECT_TRUE(st.data_start == st.layout.start + st.layout.dataoff,
		    "%s: %s data starts at %#" PRIx64 ", computed %#" PRIx64, st.ns_dev, st.dev,
		    st.data_start, st.layout.start + st.layout.dataoff);
	EXPECT_TRUE(st.data_size == st.layout.size - st.layout.dataoff - st.layout.end_trunc,
		    "%s: %s data size %#" PRIx64 ", computed %#" PRIx64, st.ns_dev, st.dev,
		    st.data_size, st.layout.size - st.layout.dataoff - st.layout.end_trunc);
	if (!strcmp(spec.mode, "fsdax"))
		ASSERT_TRUE(ns_mount_dax_fs(&st, 1, err, sizeof(err)) == 0, "%s", err);
	ASSERT_TRUE(ns_state_save(&st, err, sizeof(err)) == 0, "%s", err);
	ndctl_unref(ctx);
	ktap_finish();
}
