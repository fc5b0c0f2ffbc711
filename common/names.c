// SPDX-License-Identifier: GPL-2.0
#include "names.h"

#include <string.h>

const struct injector_info names_injectors[] = {
	{ "corrupt-pfn", 0, "hwpoison debugfs corrupt-pfn (memory_failure())" },
	{ "corrupt-pfn-filter", 0, "corrupt-pfn with corrupt-filter-enable=1 (shake_folio() first)" },
	{ "unpoison", 0, "hwpoison debugfs unpoison-pfn" },
	{ "hard-offline", 0, "/sys/devices/system/memory/hard_offline_page" },
	{ "soft-offline", 0, "/sys/devices/system/memory/soft_offline_page" },
	{ "madv-hwpoison", INJ_MAPPED, "madvise(MADV_HWPOISON) on a mapped page" },
	{ "madv-soft-offline", INJ_MAPPED, "madvise(MADV_SOFT_OFFLINE) on a mapped page" },
	{ "mce-ao", INJ_HOST, "host machine check, action optional (SRAO), through QMP" },
	{ "mce-ar", INJ_HOST | INJ_MAPPED, "host machine check, action required (SRAR), while the test reads the page" },
	{ "kpageflags", INJ_WALK, "read the pfn's /proc/kpageflags entry" },
	{ "kpagecount", INJ_WALK, "read the pfn's /proc/kpagecount entry" },
	{ "kpagecgroup", INJ_WALK, "read the pfn's /proc/kpagecgroup entry (CONFIG_MEMCG)" },
	{ "page-idle", INJ_WALK, "set, then read the pfn's bit of /sys/kernel/mm/page_idle/bitmap" },
	{ "page-owner", INJ_WALK, "read /sys/kernel/debug/page_owner from the pfn on (page_owner=on)" },
	{ "pagetypeinfo", INJ_WALK, "read /proc/pagetypeinfo (walks every pageblock)" },
	{ "nfit-inject", INJ_NFIT, "nfit_test: ndctl inject-error into a data block, status, ARS scrub, badblocks, read, clear" },
	{ "nfit-inject-notify", INJ_NFIT, "nfit-inject with NDCTL_NS_INJECT_NOTIFY (the bus rescans by itself)" },
	{ "nfit-load", INJ_NFIT, "nfit-inject plus a load through a DAX mapping of the poisoned block" },
	{ "nfit-mmap", INJ_NFIT, "nfit-inject plus a load through a page-cache mapping (fsdax without DAX)" },
	{ "nfit-reconfigure", INJ_NFIT, "nfit_test: a scrubbed error left in place, the namespace reclaimed in the other mode" },
	{ "nfit-meta", INJ_NFIT, "nfit_test: inject into the info block or memmap space in raw mode, then enable" },
	{ "nfit-meta-offset", INJ_NFIT, "nfit-meta on a namespace that starts halfway into its region" },
	{ NULL, 0, NULL },
};

static const char *const points[] = {
	"A-first", "A-last", "B-first", "B-mid", "B-last", "C-first", "C-mid", "C-last",
	"C-mapped", "C-huge", "below", "above", NULL,
};

const struct injector_info *names_injector(const char *name)
{
	for (const struct injector_info *i = names_injectors; i->name; i++)
		if (!strcmp(i->name, name))
			return i;
	return NULL;
}

int names_point_known(const char *point)
{
	for (const char *const *p = points; *p; p++)
		if (!strcmp(*p, point))
			return 1;
	return 0;
}

int names_class_known(const char *class)
{
	return !strcmp(class, "A") || !strcmp(class, "B") || !strcmp(class, "C") ||
	       names_point_known(class);
}
