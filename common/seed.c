// SPDX-License-Identifier: GPL-2.0
#include "seed.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

int seed_parse(const char *s, int *kind, uint64_t *value, int *class_a)
{
	size_t n = strlen(s);
	char buf[64], *end;

	*value = 0;
	if (class_a)
		*class_a = 0;
	if (n >= sizeof(buf))
		return -1;
	memcpy(buf, s, n + 1);
	if (n > 2 && !strcmp(buf + n - 2, "@A")) {
		buf[n - 2] = '\0';
		/* Zero is what the rest of the medium holds anyway. */
		if (!class_a || !strcmp(buf, "zero"))
			return -1;
		*class_a = 1;
	}
	if (!strcmp(buf, "zero")) {
		*kind = SEED_ZERO;
		return 0;
	}
	if (!strcmp(buf, "ff")) {
		*kind = SEED_FF;
		return 0;
	}
	if (!strncmp(buf, "random:", 7) && buf[7] && buf[7] != '-') {
		errno = 0;
		*value = strtoull(buf + 7, &end, 0);
		if (errno || *end)
			return -1;
		*kind = SEED_RANDOM;
		return 0;
	}
	return -1;
}

/* xorshift64*, position-addressed so any chunk can be generated alone. */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	return x * 0x2545f4914f6cdd1dULL;
}

void seed_pattern(int kind, uint64_t value, uint64_t offset, unsigned char *buf, size_t len)
{
	if (kind == SEED_ZERO) {
		memset(buf, 0, len);
		return;
	}
	if (kind == SEED_FF) {
		memset(buf, 0xff, len);
		return;
	}
	for (size_t i = 0; i < len; i += 8) {
		uint64_t w = mix((value ^ 0x9e3779b97f4a7c15ULL) + (offset + i) / 8 + 1);
		size_t n = len - i < 8 ? len - i : 8;

		memcpy(buf + i, &w, n);
	}
}
