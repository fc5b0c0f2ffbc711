/* SPDX-License-Identifier: GPL-2.0 */
/*
 * seed.h - media seeds (docs/architecture.md, "Memmap seeding"), shared by the harness,
 * which seeds the backing files, and the guest, which seeds just the class
 * A struct pages of a namespace.
 *
 *   zero | ff | random:N          the whole medium holds the pattern
 *   ff@A | random:N@A             the medium is zero but for the struct
 *                                 pages of the info-block (class A) pfns
 *
 * Struct pages that are never initialized hold what the medium held: 0xff
 * (a wild nid, a crash), zero (a plausible page), or xorshift64* output
 * addressed by offset, so that any stretch can be regenerated alone.
 */
#ifndef PMEMFI_SEED_H
#define PMEMFI_SEED_H

#include <stddef.h>
#include <stdint.h>

enum { SEED_ZERO, SEED_FF, SEED_RANDOM };

/*
 * Parse @s. Returns 0 with @kind and @value (N of random:N) set, and
 * @class_a (when not NULL) 1 for the "@A" form; -1 when @s is no seed.
 */
int seed_parse(const char *s, int *kind, uint64_t *value, int *class_a);

/* Fill @buf with the pattern of (@kind, @value) from byte @offset on. */
void seed_pattern(int kind, uint64_t value, uint64_t offset, unsigned char *buf, size_t len);

#endif
