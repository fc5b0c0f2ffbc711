// SPDX-License-Identifier: GPL-2.0
/* The finding-by-kernel table of a release (release.h). */
#include <stdlib.h>
#include <string.h>

#include "kernel/kernel.h"
#include "modes/release.h"

const char *release_finding_state_name(enum rel_finding_state s)
{
	static const char *const names[RF_NR] = {
		[RF_NA] = "n/a", [RF_NOT_RUN] = "not run", [RF_CLEAN] = "not reproducible",
		[RF_FIXED] = "fixed by our patch", [RF_REPRODUCES] = "reproduces",
	};

	return s < RF_NR ? names[s] : "?";
}

void release_label_patches(const char *label, struct strvec *out)
{
	char *spec = xstrdup(label), *plus, *p;

	spec[strcspn(spec, "@")] = '\0';
	plus = strchr(spec, '+');
	if (plus) {
		*plus++ = '\0';
		if (kernel_built_here(spec, NULL))
			for (p = strtok(plus, "+"); p; p = strtok(NULL, "+"))
				strvec_push(out, p);
	}
	free(spec);
}

/* Was the kernel built with every patch of @fix (space-separated)? */
static int has_fix(const struct strvec *patches, const char *fix)
{
	char *copy = fix ? xstrdup(fix) : NULL, *save = NULL;
	int all = !!copy;

	for (char *w = copy ? strtok_r(copy, " ", &save) : NULL; w; w = strtok_r(NULL, " ", &save))
		all &= strvec_has(patches, w);
	free(copy);
	return all;
}

/* The state of finding @n on kernel @k: the strongest its entries give. */
static enum rel_finding_state state_of(const struct rel_kernel *k, int n)
{
	struct strvec patches = STRVEC_INIT;
	enum rel_finding_state st = RF_NA;
	int fixed = 0;

	release_label_patches(k->label, &patches);
	for (int i = 0; i < k->nr_entries; i++) {
		const struct rel_entry *e = &k->entries[i];
		enum rel_finding_state one = RF_NOT_RUN;

		if (e->finding != n)
			continue;
		fixed |= has_fix(&patches, e->fix);
		if (e->xfail)
			one = RF_REPRODUCES;
		else if (e->cells)
			one = RF_CLEAN;
		if (one > st)
			st = one;
	}
	strvec_clear(&patches);
	return st == RF_CLEAN && fixed ? RF_FIXED : st;
}

static int cmp_finding(const void *a, const void *b)
{
	return ((const struct rel_finding *)a)->finding - ((const struct rel_finding *)b)->finding;
}

int release_findings(const struct rel_kernel *k, int nr, struct rel_finding **out)
{
	struct rel_finding *v = NULL;
	int n = 0, alloc = 0;

	for (int i = 0; i < nr; i++)
		for (int j = 0; j < k[i].nr_entries; j++) {
			const struct rel_entry *e = &k[i].entries[j];
			int r;

			if (!e->finding)
				continue;
			for (r = 0; r < n && v[r].finding != e->finding; r++)
				;
			if (r == n) {
				GROW(v, n, alloc);
				memset(&v[n], 0, sizeof(v[n]));
				v[n].finding = e->finding;
				v[n].state = xcalloc(nr, sizeof(*v[n].state));
				n++;
			}
			strvec_push_unique(&v[r].ids, e->id);
		}
	if (n)
		qsort(v, n, sizeof(*v), cmp_finding);
	for (int r = 0; r < n; r++)
		for (int i = 0; i < nr; i++)
			v[r].state[i] = state_of(&k[i], v[r].finding);
	*out = v;
	return n;
}

void release_findings_free(struct rel_finding *f, int n)
{
	for (int i = 0; i < n; i++) {
		strvec_clear(&f[i].ids);
		free(f[i].state);
	}
	free(f);
}
