// SPDX-License-Identifier: GPL-2.0
/*
 * pfn_walkers - read what a pfn walker says about one pfn of a namespace
 * set up by ns_setup, and check it against the expectation the harness
 * took from configs/expectations.
 *
 *   pfn_walkers --ns legacy --walker kpageflags --point A-first --expect nopage
 *
 * Walkers take any pfn below max_pfn, so on legacy pmem (memmap=SIZE!START,
 * inside RAM) they visit ZONE_DEVICE pfns whose struct pages were never
 * initialized (class A) or are stubs (class B). A walker that reads such a
 * struct page shows up as a kernel report (the harness watches the
 * console) or as a result claiming an online page where there is none.
 *
 * Results: kpageflags "nopage" (KPF_NOPAGE alone) or "flags:0x..";
 * kpagecount "count:N"; kpagecgroup "ino:N"; page-idle "idle:0|1" after
 * setting the bit; page-owner "absent" when the first allocated page the
 * kernel reports from the pfn on lies past the namespace, else "present";
 * pagetypeinfo "ok" when it reads to the end. "eof" for a pfn at or past
 * max_pfn.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "../common/names.h"
#include "../common/step_argv.h"
#include "../common/walk.h"
#include "lib/ktap.h"
#include "lib/ns.h"

/* Read the u64 entry of @pfn from a /proc/kpage* file: 1 read, 0 eof, -errno. */
static int read_entry(const char *path, uint64_t pfn, uint64_t *val)
{
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -errno;
	n = pread(fd, val, sizeof(*val), pfn * sizeof(*val));
	close(fd);
	if (n < 0)
		return -errno;
	return n == sizeof(*val);
}

static void walk_kpage(const char *walker, const char *path, uint64_t pfn, char cls,
		       char *out, size_t len)
{
	uint64_t v;
	int rc = read_entry(path, pfn, &v);

	if (rc == -ENOENT)
		ktap_skip_needs(names_injector(walker)->needs, "%s missing", path);
	ASSERT_TRUE(rc >= 0, "%s: %s", path, strerror(-rc));
	if (!rc) {
		snprintf(out, len, "eof");
		return;
	}
	if (!strcmp(walker, "kpageflags")) {
		/* The failure the walkers exist to catch, said plainly. */
		EXPECT_TRUE(!walk_kpageflags(v, out, len) || cls != 'A',
			    "kpageflags claims class A pfn %#" PRIx64 " is a page: %#" PRIx64, pfn, v);
	} else if (!strcmp(walker, "kpagecount")) {
		snprintf(out, len, "count:%" PRIu64, v);
	} else {
		snprintf(out, len, "ino:%" PRIu64, v);
	}
}

/* Set the pfn's idle bit (the kernel skips pages it does not own), read it back. */
static void walk_page_idle(uint64_t pfn, char *out, size_t len)
{
	const char *path = "/sys/kernel/mm/page_idle/bitmap";
	uint64_t chunk = ~0ULL, off = pfn / 64 * sizeof(chunk);
	int fd = open(path, O_RDWR);
	ssize_t n;

	if (fd < 0 && errno == ENOENT)
		ktap_skip_needs(names_injector("page-idle")->needs, "%s missing", path);
	ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
	n = pwrite(fd, &chunk, sizeof(chunk), off);
	ASSERT_TRUE(n >= 0, "%s: write at pfn %#" PRIx64 ": %s", path, pfn, strerror(errno));
	chunk = 0;
	n = pread(fd, &chunk, sizeof(chunk), off);
	close(fd);
	ASSERT_TRUE(n >= 0, "%s: read at pfn %#" PRIx64 ": %s", path, pfn, strerror(errno));
	if (n == 0)
		snprintf(out, len, "eof");
	else
		snprintf(out, len, "idle:%d", (int)(chunk >> (pfn % 64) & 1));
}

/*
 * read_page_owner() takes a non-zero file offset as the pfn to start at,
 * and scans on from there to the first allocated page it knows.
 */
static void walk_page_owner(const struct ns_state *st, uint64_t pfn, char *out, size_t len)
{
	const char *path = "/sys/kernel/debug/page_owner";
	uint64_t end = (st->layout.start + st->layout.size) >> 12, found;
	static char buf[1 << 16];
	const char *rec;
	int fd = open(path, O_RDONLY);
	ssize_t n;

	if (fd < 0 && errno == ENOENT)
		ktap_skip_needs(names_injector("page-owner")->needs, "%s missing", path);
	ASSERT_TRUE(fd >= 0, "%s: %s", path, strerror(errno));
	n = pread(fd, buf, sizeof(buf) - 1, pfn);
	close(fd);
	if (n < 0 && errno == EINVAL)
		ktap_skip_needs(names_injector("page-owner")->needs, "page_owner is off (boot with page_owner=on)");
	ASSERT_TRUE(n >= 0, "%s: read from pfn %#" PRIx64 ": %s", path, pfn, strerror(errno));
	buf[n] = '\0';
	if (!n) {
		snprintf(out, len, "absent");
		return;
	}
	/* print_page_owner() says "PFN 0x%lx" on 6.12 and 7.3, "PFN %lu" on 6.1. */
	rec = strstr(buf, "PFN ");
	ASSERT_TRUE(rec && sscanf(rec, "PFN %" SCNi64, &found) == 1,
		    "no PFN in page_owner's record: %.160s", buf);
	ktap_diag("first allocated page from pfn %#" PRIx64 ": %#" PRIx64 " (namespace ends at %#" PRIx64 ")",
		  pfn, found, end);
	EXPECT_GE(found, pfn, "page_owner's first allocated page from pfn %#" PRIx64, pfn);
	snprintf(out, len, found < end ? "present" : "absent");
}

static void walk_pagetypeinfo(char *out, size_t len)
{
	char buf[4096];
	int fd = open("/proc/pagetypeinfo", O_RDONLY);
	ssize_t n;
	size_t total = 0;

	if (fd < 0 && errno == ENOENT)
		ktap_skip_needs(names_injector("pagetypeinfo")->needs, "/proc/pagetypeinfo missing");
	ASSERT_TRUE(fd >= 0, "/proc/pagetypeinfo: %s", strerror(errno));
	while ((n = read(fd, buf, sizeof(buf))) > 0)
		total += n;
	close(fd);
	ASSERT_TRUE(n == 0, "/proc/pagetypeinfo: %s", strerror(errno));
	ktap_diag("pagetypeinfo: %zu bytes", total);
	snprintf(out, len, total ? "ok" : "empty");
}

int main(int argc, char **argv)
{
	const char *ns, *walker, *point, *expect, *test = getenv("PMEMFI_TEST");
	const struct injector_info *info;
	struct step_args a;
	struct ns_state st;
	char err[256], out[64], cls;
	uint64_t pfn;

	step_parse_or_exit(STEP_PFN_WALKERS, argc, argv, &a);
	ns = a.val[STEP_OPT_NS];
	walker = a.val[STEP_OPT_WALKER];
	point = a.val[STEP_OPT_POINT];
	expect = a.val[STEP_OPT_EXPECT];
	info = names_injector(walker);
	if (!info || !(info->flags & INJ_WALK))
		step_usage_error(STEP_PFN_WALKERS, "unknown walker '%s'", walker);

	ktap_begin(test ? test : "pfn_walkers");
	ASSERT_TRUE(ns_state_load(ns, &st, err, sizeof(err)) == 0, "%s", err);
	ASSERT_TRUE(layout_point(&st.layout, point, &pfn) == 0, "%s: no pfn for point '%s'",
		    st.name, point);
	cls = layout_class_of(&st.layout, pfn);
	ktap_diag("pmemfi-walk: ns=%s walker=%s point=%s class=%c pfn=%#" PRIx64,
		  st.name, walker, point, cls ? cls : '-', pfn);

	if (!strcmp(walker, "kpageflags"))
		walk_kpage(walker, "/proc/kpageflags", pfn, cls, out, sizeof(out));
	else if (!strcmp(walker, "kpagecount"))
		walk_kpage(walker, "/proc/kpagecount", pfn, cls, out, sizeof(out));
	else if (!strcmp(walker, "kpagecgroup"))
		walk_kpage(walker, "/proc/kpagecgroup", pfn, cls, out, sizeof(out));
	else if (!strcmp(walker, "page-idle"))
		walk_page_idle(pfn, out, sizeof(out));
	else if (!strcmp(walker, "page-owner"))
		walk_page_owner(&st, pfn, out, sizeof(out));
	else
		walk_pagetypeinfo(out, sizeof(out));

	ktap_diag("outcome %s", out);
	EXPECT_STREQ(out, expect, "%s at %s (pfn %#" PRIx64 ")", walker, point, pfn);
	ktap_finish();
}
