/* SPDX-License-Identifier: GPL-2.0 */
/*
 * expect.h - the expectation table: what a correct kernel does when a given
 * injector hits a given pfn class of a given namespace.
 *
 * File format (configs/expectations), one row per line, '#' comments:
 *
 *   injector  class  mode  map  result  memory-failure-line  poisons
 *
 * injector, class, mode and map are names or '*'. result is "ok", an errno
 * name (ENXIO), a signal with its si_code (SIGBUS:BUS_MCEERR_AR), or for a
 * pfn walker what it saw, a lowercase word with an optional value
 * (nopage, count:0).
 * memory-failure-line is a double-quoted text that the console must show
 * between the test's markers after "Memory failure: <pfn>: recovery action
 * for ", '-' when no such line may appear, or '*' when it does not matter.
 * poisons is "yes" when a page becomes poisoned (HardwareCorrupted and the
 * per-node memory_failure counters grow by one page), "no" when they must
 * not change, "*" when it does not matter; profiles with "check counters"
 * hold the kernel to it. The first matching row wins, so specific rows go
 * above general ones.
 *
 * Invariants: a loaded table owns all its strings; rows keep file order;
 * every row has all six fields; lookups never modify the table.
 */
#ifndef PMEMFI_EXPECT_H
#define PMEMFI_EXPECT_H

struct expect_row {
	char *injector;
	char *class;
	char *mode;
	char *map;
	char *result;
	char *mf_line;		/* NULL for '-', "*" for don't care */
	char *poisons;		/* "yes", "no" or "*" */
	int lineno;
};

struct expect_table {
	char *path;
	struct expect_row *rows;
	int nr;
};

/*
 * Load @path. Returns 0, or -1 with a one-line reason naming the file and
 * line in @err. Known injectors, classes and modes are checked so that a
 * typo is an error at startup, not a row that silently never matches.
 */
int expect_load(struct expect_table *t, const char *path, char *err, int errlen);

/* Parse a table held in memory (@name is used in messages). */
int expect_parse(struct expect_table *t, const char *name, const char *text,
		 char *err, int errlen);

void expect_free(struct expect_table *t);

/* The first row matching the cell, or NULL when the table has no answer. */
const struct expect_row *expect_lookup(const struct expect_table *t,
				       const char *injector, const char *class,
				       const char *mode, const char *map);

/* Is @s a result the guest can check: ok, E<NAME>, or SIG<NAME>[:<code>]? */
int expect_result_valid(const char *s);

#endif
