// SPDX-License-Identifier: GPL-2.0
#include "walk.h"

#include <inttypes.h>
#include <stdio.h>

int walk_kpageflags(uint64_t flags, char *out, size_t len)
{
	if (flags == 1ULL << WALK_KPF_NOPAGE) {
		snprintf(out, len, "nopage");
		return 0;
	}
	snprintf(out, len, "flags:%#" PRIx64, flags);
	return 1;
}
