// SPDX-License-Identifier: GPL-2.0
#include "names.h"

#include <string.h>

const struct injector_info names_injectors[] = {
	{ "corrupt-pfn", 0, "hwpoison debugfs corrupt-pfn (memory_failure())", "CONFIG_HWPOISON_INJECT" },
	{ "corrupt-pfn-filter", 0, "corrupt-pfn with corrupt-filter-enable=1 (shake_folio() first)", "CONFIG_HWPOISON_INJECT" },
	{ "unpoison", 0, "hwpoison debugfs unpoison-pfn", "CONFIG_HWPOISON_INJECT" },
	{ "corrupt-unpoison", 0, "corrupt-pfn, then unpoison-pfn on the same pfn: the unpoison's result", "CONFIG_HWPOISON_INJECT" },
	{ "hard-offline", 0, "/sys/devices/system/memory/hard_offline_page", "CONFIG_MEMORY_FAILURE" },
	{ "soft-offline", 0, "/sys/devices/system/memory/soft_offline_page", "CONFIG_MEMORY_FAILURE" },
	{ "madv-hwpoison", INJ_MAPPED, "madvise(MADV_HWPOISON) on a mapped page", "CONFIG_MEMORY_FAILURE" },
	{ "madv-soft-offline", INJ_MAPPED, "madvise(MADV_SOFT_OFFLINE) on a mapped page", "CONFIG_MEMORY_FAILURE" },
	{ "hotremove", 0, "kmem: corrupt-pfn, offline the pfn's memory block, online it again, remove and re-add the device's memory", "CONFIG_MEMORY_HOTREMOVE" },
	{ "mce-ao", INJ_HOST, "host machine check, action optional (SRAO), through QMP", "CONFIG_X86_MCE" },
	{ "mce-ar", INJ_HOST | INJ_MAPPED, "host machine check, action required (SRAR), while the test reads the page", "CONFIG_X86_MCE" },
	{ "kpageflags", INJ_WALK, "read the pfn's /proc/kpageflags entry", "CONFIG_PROC_PAGE_MONITOR" },
	{ "kpagecount", INJ_WALK, "read the pfn's /proc/kpagecount entry", "CONFIG_PROC_PAGE_MONITOR" },
	{ "kpagecgroup", INJ_WALK, "read the pfn's /proc/kpagecgroup entry (CONFIG_MEMCG)", "CONFIG_MEMCG" },
	{ "page-idle", INJ_WALK, "set, then read the pfn's bit of /sys/kernel/mm/page_idle/bitmap", "CONFIG_IDLE_PAGE_TRACKING" },
	{ "page-owner", INJ_WALK, "read /sys/kernel/debug/page_owner from the pfn on (page_owner=on)", "CONFIG_PAGE_OWNER" },
	{ "pagetypeinfo", INJ_WALK, "read /proc/pagetypeinfo (walks every pageblock)", "CONFIG_PROC_FS" },
	{ "vma-pagemap", INJ_MAPPED | INJ_VMA, "read the page's /proc/self/pagemap entry; is the page still mapped?", "CONFIG_PROC_PAGE_MONITOR" },
	{ "vma-pagemap-scan", INJ_MAPPED | INJ_VMA, "ioctl(PAGEMAP_SCAN) over the mapping; still mapped?", "PAGEMAP_SCAN (6.7)" },
	{ "vma-smaps", INJ_MAPPED | INJ_VMA, "read /proc/self/smaps; still mapped?", "CONFIG_PROC_PAGE_MONITOR" },
	{ "vma-numa-maps", INJ_MAPPED | INJ_VMA, "read /proc/self/numa_maps; still mapped?", "CONFIG_NUMA" },
	{ "vma-clear-refs", INJ_MAPPED | INJ_VMA, "write 1 to /proc/self/clear_refs; still mapped?", "CONFIG_PROC_PAGE_MONITOR" },
	{ "vma-mincore", INJ_MAPPED | INJ_VMA, "mincore() over the mapping; still mapped?", "CONFIG_MMU" },
	{ "vma-madv-cold", INJ_MAPPED | INJ_VMA, "madvise(MADV_COLD) over the mapping; still mapped?", "CONFIG_ADVISE_SYSCALLS" },
	{ "vma-madv-pageout", INJ_MAPPED | INJ_VMA, "madvise(MADV_PAGEOUT) over the mapping; still mapped?", "CONFIG_ADVISE_SYSCALLS" },
	{ "nfit-inject", INJ_NFIT, "nfit_test: ndctl inject-error into a data block, status, ARS scrub, badblocks, read, clear", "nfit_test" },
	{ "nfit-inject-notify", INJ_NFIT, "nfit-inject with NDCTL_NS_INJECT_NOTIFY (the bus rescans by itself)", "nfit_test" },
	{ "nfit-load", INJ_NFIT, "nfit-inject plus a load through a DAX mapping of the poisoned block", "nfit_test" },
	{ "nfit-mmap", INJ_NFIT, "nfit-inject plus a load through a page-cache mapping (fsdax without DAX)", "nfit_test" },
	{ "nfit-reconfigure", INJ_NFIT, "nfit_test: a scrubbed error left in place, the namespace reclaimed in the other mode", "nfit_test" },
	{ "nfit-meta", INJ_NFIT, "nfit_test: inject into the info block or memmap space in raw mode, then enable", "nfit_test" },
	{ "nfit-meta-offset", INJ_NFIT, "nfit-meta on a namespace that starts halfway into its region", "nfit_test" },
	{ NULL, 0, NULL, NULL },
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

static const char *const modes[] = {
	"devdax", "fsdax", "kmem", "private", "coherent", "p2pdma", NULL,
};

int names_mode_known(const char *mode)
{
	for (const char *const *m = modes; *m; m++)
		if (!strcmp(*m, mode))
			return 1;
	return 0;
}

const char *const names_stress_kinds[] = {
	"inject-unpoison", "mappers", "reconfigure", "disable-race", "hotplug", NULL,
};

int names_stress_known(const char *kind)
{
	for (const char *const *k = names_stress_kinds; *k; k++)
		if (!strcmp(*k, kind))
			return 1;
	return 0;
}
