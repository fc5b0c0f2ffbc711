// SPDX-License-Identifier: GPL-2.0
#include "config/plan.h"

#include <errno.h>
#include <fnmatch.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "common/ctl.h"
#include "common/layout.h"
#include "common/names.h"
#include "lib/util.h"

/* Split a line into words in place; '#' starts a comment. */
static int split(char *line, char **w, int max)
{
	int n = 0;
	char *save = NULL, *tok;

	if (strchr(line, '#'))
		*strchr(line, '#') = '\0';
	for (tok = strtok_r(line, " \t\r", &save); tok && n < max; tok = strtok_r(NULL, " \t\r", &save))
		w[n++] = tok;
	return tok ? max + 1 : n;
}

/* "key=value" into @val when the word starts with "key=". */
static const char *kv(const char *word, const char *key)
{
	size_t n = strlen(key);

	return !strncmp(word, key, n) && word[n] == '=' ? word + n + 1 : NULL;
}

typedef int (*line_fn)(void *ctx, const char *file, int lineno, char **w, int n,
		       char *err, int errlen);

static int for_each_line(const char *path, line_fn fn, void *ctx, char *err, int errlen)
{
	struct strbuf sb = STRBUF_INIT;
	char *line, *next, *w[64];
	int lineno = 0, rc = read_file(path, &sb);

	if (rc) {
		strbuf_release(&sb);
		return error_set(err, errlen, "%s: %s", path, strerror(-rc));
	}
	for (line = sb.buf; line && !rc; line = next) {
		int n;

		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		lineno++;
		n = split(line, w, 64);
		if (n > 64) {
			rc = error_set(err, errlen, "%s:%d: too many words", path, lineno);
		} else if (n) {
			rc = fn(ctx, path, lineno, w, n, err, errlen);
		}
	}
	strbuf_release(&sb);
	return rc;
}

static int parse_size(const char *file, int lineno, const char *what, const char *s,
		      uint64_t *out, char *err, int errlen)
{
	if (!s || layout_parse_size(s, out) || !*out)
		return error_set(err, errlen,
				 "%s:%d: bad %s '%s' (want e.g. 2M, 512M, 1G)", file, lineno, what, s ? s : "");
	return 0;
}

/*
 * A config file's directives: a line's first word, the parser of the line
 * (line_fn, given the whole line), and the only number of words it takes
 * (0: any). A line that matches none is an error.
 */
struct directive {
	const char *name;
	int words;
	line_fn parse;
};

static int unknown_line(const char *what, const char *file, int lineno, const char *word,
			char *err, int errlen)
{
	return error_set(err, errlen, "%s:%d: unknown %s line '%s'", file, lineno, what, word);
}

/* Parse a line of a @what file with its directive in @table (ended by a NULL name). */
static int directive_line(const struct directive *table, const char *what, void *ctx,
			  const char *file, int lineno, char **w, int n, char *err, int errlen)
{
	for (const struct directive *d = table; d->name; d++)
		if (!strcmp(w[0], d->name) && (!d->words || n == d->words))
			return d->parse(ctx, file, lineno, w, n, err, errlen);
	return unknown_line(what, file, lineno, w[0], err, errlen);
}

static int topo_memory(void *ctx, const char *file, int lineno, char **w, int n,
		       char *err, int errlen)
{
	struct topology *t = ctx;

	(void)n;
	return parse_size(file, lineno, "memory", w[1], &t->memory, err, errlen);
}

static int topo_cpus(void *ctx, const char *file, int lineno, char **w, int n,
		     char *err, int errlen)
{
	struct topology *t = ctx;

	(void)n;
	t->cpus = atoi(w[1]);
	if (t->cpus < 1 || t->cpus > 64)
		return error_set(err, errlen, "%s:%d: cpus must be 1..64", file, lineno);
	return 0;
}

static int topo_paging(void *ctx, const char *file, int lineno, char **w, int n,
		       char *err, int errlen)
{
	struct topology *t = ctx;

	(void)n;
	t->paging = atoi(w[1]);
	if (strcmp(w[1], "4") && strcmp(w[1], "5"))
		return error_set(err, errlen,
				 "%s:%d: paging must be 4 or 5 (levels of page tables)", file, lineno);
	return 0;
}

static int topo_kaslr(void *ctx, const char *file, int lineno, char **w, int n,
		      char *err, int errlen)
{
	struct topology *t = ctx;

	(void)n;
	if (strcmp(w[1], "on") && strcmp(w[1], "off"))
		return error_set(err, errlen, "%s:%d: kaslr must be on or off", file, lineno);
	t->kaslr = !strcmp(w[1], "on");
	return 0;
}

/* "numa N [ram-nodes=M]" */
static int topo_numa(void *ctx, const char *file, int lineno, char **w, int n,
		     char *err, int errlen)
{
	struct topology *t = ctx;
	const char *v = n == 3 ? kv(w[2], "ram-nodes") : NULL;

	if (n < 2 || n > 3 || (n == 3 && !v))
		return error_set(err, errlen, "%s:%d: numa takes a node count and an optional ram-nodes=M",
				 file, lineno);
	t->numa = atoi(w[1]);
	if (t->numa < 1 || t->numa > PLAN_MAX_NODES)
		return error_set(err, errlen,
				 "%s:%d: numa must be 1..%d nodes", file, lineno, PLAN_MAX_NODES);
	t->ram_nodes = v ? atoi(v) : 0;
	if (v && (t->ram_nodes < 1 || t->ram_nodes > t->numa))
		return error_set(err, errlen, "%s:%d: ram-nodes must be 1..%d (the first nodes get the RAM)",
				 file, lineno, t->numa);
	return 0;
}

static const char *const pmem_kinds[][2] = {
	[TOPO_NVDIMM] = { "nvdimm", "ACPI.NFIT" },
	[TOPO_VIRTIO_PMEM] = { "virtio-pmem", "virtio-pmem" },
	[TOPO_CXL_PMEM] = { "cxl-pmem", "CXL" },
};

const char *plan_pmem_kind_name(enum topo_pmem_kind kind)
{
	return pmem_kinds[kind][0];
}

const char *plan_pmem_provider(enum topo_pmem_kind kind)
{
	return pmem_kinds[kind][1];
}

int plan_has_pmem_kind(const struct topology *t, enum topo_pmem_kind kind)
{
	for (int i = 0; i < t->nr_nvdimm; i++)
		if (t->nvdimm[i].kind == kind)
			return 1;
	return 0;
}

int plan_topology_has_devmem(const struct topology *t)
{
	return plan_has_pmem_kind(t, TOPO_VIRTIO_PMEM) || plan_has_pmem_kind(t, TOPO_CXL_PMEM) ||
	       t->nvme_cmb || t->hmm || t->kmem;
}

int plan_ram_nodes(const struct topology *t)
{
	return t->ram_nodes ? t->ram_nodes : t->numa;
}

/* "legacy size=SIZE start=START": e820 pmem carved from RAM. */
static int topo_legacy(void *ctx, const char *file, int lineno, char **w, int n,
		       char *err, int errlen)
{
	struct topology *t = ctx;
	struct topo_legacy *l;

	if (t->nr_legacy == PLAN_MAX_LEGACY)
		return error_set(err, errlen,
				 "%s:%d: more than %d legacy ranges", file, lineno, PLAN_MAX_LEGACY);
	l = &t->legacy[t->nr_legacy++];
	for (int i = 1; i < n; i++) {
		const char *v;

		if ((v = kv(w[i], "size"))) {
			if (parse_size(file, lineno, "size", v, &l->size, err, errlen))
				return -1;
		} else if ((v = kv(w[i], "start"))) {
			if (parse_size(file, lineno, "start", v, &l->start, err, errlen))
				return -1;
		} else {
			return error_set(err, errlen,
					 "%s:%d: unknown legacy setting '%s'", file, lineno, w[i]);
		}
	}
	/* e820 pmem is claimed whole and mapped by sections. */
	if (!l->size || !l->start || l->size % (128 << 20) || l->start % (128 << 20))
		return error_set(err, errlen,
				 "%s:%d: legacy needs size= and start=, multiples of 128M", file, lineno);
	return 0;
}

/*
 * A pmem device: "nvdimm size=SIZE [label-size=SIZE] [node=N]",
 * "virtio-pmem size=SIZE" or "cxl-pmem size=SIZE [label-size=SIZE]".
 */
static int topo_nvdimm(void *ctx, const char *file, int lineno, char **w, int n,
		       char *err, int errlen)
{
	struct topology *t = ctx;
	struct topo_nvdimm *d;
	enum topo_pmem_kind kind = TOPO_NVDIMM;
	uint64_t unit;

	while (strcmp(w[0], plan_pmem_kind_name(kind)))
		kind++;
	if (t->nr_nvdimm == PLAN_MAX_NVDIMMS)
		return error_set(err, errlen,
				 "%s:%d: more than %d pmem devices", file, lineno, PLAN_MAX_NVDIMMS);
	d = &t->nvdimm[t->nr_nvdimm++];
	d->kind = kind;
	d->node = -1;
	d->label_size = kind == TOPO_VIRTIO_PMEM ? 0 : 128 << 10;
	for (int i = 1; i < n; i++) {
		const char *v;

		if ((v = kv(w[i], "size"))) {
			if (parse_size(file, lineno, "size", v, &d->size, err, errlen))
				return -1;
		} else if ((v = kv(w[i], "label-size")) && kind != TOPO_VIRTIO_PMEM) {
			if (parse_size(file, lineno, "label-size", v, &d->label_size, err, errlen))
				return -1;
		} else if ((v = kv(w[i], "node")) && kind == TOPO_NVDIMM) {
			d->node = atoi(v);
		} else {
			return error_set(err, errlen,
					 "%s:%d: unknown %s setting '%s'", file, lineno, w[0], w[i]);
		}
	}
	/* A CXL region is whole 256M granules of its window. */
	unit = kind == TOPO_CXL_PMEM ? 256 << 20 : 2 << 20;
	if (!d->size || d->size % unit)
		return error_set(err, errlen,
				 "%s:%d: %s needs size=, a multiple of %lluM", file, lineno, w[0],
				 (unsigned long long)(unit >> 20));
	return 0;
}

/* "nvme cmb=SIZE": an NVMe controller with a memory buffer for P2PDMA. */
static int topo_nvme(void *ctx, const char *file, int lineno, char **w, int n,
		     char *err, int errlen)
{
	struct topology *t = ctx;
	const char *v = kv(w[1], "cmb");

	(void)n;
	if (!v || parse_size(file, lineno, "cmb", v, &t->nvme_cmb, err, errlen))
		return v ? -1 : error_set(err, errlen, "%s:%d: nvme takes cmb=SIZE", file, lineno);
	/* The driver maps a CMB only when its size and BAR are 2M-aligned. */
	if (t->nvme_cmb < (2 << 20) || (t->nvme_cmb & (t->nvme_cmb - 1)))
		return error_set(err, errlen, "%s:%d: nvme cmb= must be a power of two of at least 2M",
				 file, lineno);
	return 0;
}

/* "hmm [coherent=START]": test_hmm's device memory. */
static int topo_hmm(void *ctx, const char *file, int lineno, char **w, int n,
		    char *err, int errlen)
{
	struct topology *t = ctx;
	const char *v = n == 2 ? kv(w[1], "coherent") : NULL;

	if (n > 2 || (n == 2 && !v))
		return error_set(err, errlen, "%s:%d: hmm takes an optional coherent=START", file, lineno);
	t->hmm = 1;
	if (v && parse_size(file, lineno, "coherent", v, &t->hmm_coherent, err, errlen))
		return -1;
	if (t->hmm_coherent % PLAN_HMM_CHUNK)
		return error_set(err, errlen, "%s:%d: hmm coherent= must be 256M-aligned", file, lineno);
	return 0;
}

static int topo_kmem(void *ctx, const char *file, int lineno, char **w, int n,
		     char *err, int errlen)
{
	struct topology *t = ctx;

	(void)file;
	(void)lineno;
	(void)w;
	(void)n;
	(void)err;
	(void)errlen;
	t->kmem = 1;
	return 0;
}

static const struct directive topo_directives[] = {
	{ "memory", 2, topo_memory },
	{ "cpus", 2, topo_cpus },
	{ "paging", 2, topo_paging },
	{ "kaslr", 2, topo_kaslr },
	{ "numa", 0, topo_numa },
	{ "legacy", 0, topo_legacy },
	{ "nvdimm", 0, topo_nvdimm },
	{ "virtio-pmem", 0, topo_nvdimm },
	{ "cxl-pmem", 0, topo_nvdimm },
	{ "nvme", 2, topo_nvme },
	{ "hmm", 0, topo_hmm },
	{ "kmem", 1, topo_kmem },
	{ NULL, 0, NULL },
};

static int topo_line(void *ctx, const char *file, int lineno, char **w, int n,
		     char *err, int errlen)
{
	return directive_line(topo_directives, "topology", ctx, file, lineno, w, n, err, errlen);
}

/* What only the whole topology can tell. */
static int topo_check(const struct topology *t, char *err, int errlen)
{
	const char *name = t->name;

	if (!t->nr_nvdimm && !t->nr_legacy && !t->hmm && !t->nvme_cmb)
		return error_set(err, errlen, "topology %s has no pmem device, legacy range, hmm or nvme", name);
	for (int i = 0; i < t->nr_nvdimm; i++)
		if (t->nvdimm[i].node >= (t->numa ? t->numa : 1))
			return error_set(err, errlen,
					 "topology %s: nvdimm %d on node %d, but there are %d nodes (numa N)",
					 name, i, t->nvdimm[i].node, t->numa ? t->numa : 1);
	if (t->numa && t->memory % ((uint64_t)plan_ram_nodes(t) << 21))
		return error_set(err, errlen, "topology %s: memory must split into 2M-aligned nodes", name);
	for (int i = 0, cxl = 0; i < t->nr_nvdimm; i++)
		if (t->nvdimm[i].kind == TOPO_CXL_PMEM && ++cxl > 1)
			return error_set(err, errlen, "topology %s: at most one cxl-pmem device", name);
	if (plan_has_pmem_kind(t, TOPO_CXL_PMEM) && t->nr_legacy)
		return error_set(err, errlen,
				 "topology %s: cxl-pmem needs the q35 machine, legacy ranges the pc machine", name);
	/* Below both machines' 32-bit PCI hole RAM is linear. */
	if (t->hmm_coherent && (t->hmm_coherent + 2 * PLAN_HMM_CHUNK > t->memory ||
				t->hmm_coherent + 2 * PLAN_HMM_CHUNK > (2ULL << 30)))
		return error_set(err, errlen,
				 "topology %s: hmm coherent= needs 512M of RAM there, below 2G", name);
	for (int i = 0; i < t->nr_legacy; i++) {
		const struct topo_legacy *l = &t->legacy[i];
		uint64_t node = t->numa ? t->memory / plan_ram_nodes(t) : t->memory;

		/* Below QEMU pc's 3.5 GiB hole RAM is linear: guest address = file offset. */
		if (t->memory > (3ULL << 30))
			return error_set(err, errlen,
					 "topology %s: legacy ranges need memory of at most 3G", name);
		if (l->start + l->size > t->memory)
			return error_set(err, errlen,
					 "topology %s: legacy range %d ends beyond RAM", name, i);
		if (l->start / node != (l->start + l->size - 1) / node)
			return error_set(err, errlen,
					 "topology %s: legacy range %d spans two NUMA nodes", name, i);
		for (int j = 0; j < i; j++)
			if (l->start < t->legacy[j].start + t->legacy[j].size &&
			    t->legacy[j].start < l->start + l->size)
				return error_set(err, errlen,
						 "topology %s: legacy ranges %d and %d overlap", name, j, i);
	}
	return 0;
}

const struct topology plan_nfit_topology = {
	.name = PLAN_NFIT_TOPOLOGY, .memory = PLAN_NFIT_MEMORY, .cpus = 2,
};

int plan_ram_files(const struct topology *t)
{
	if (t->numa)
		return plan_ram_nodes(t);
	return t->nr_legacy || t->ram_file ? 1 : 0;
}

void plan_legacy_place(const struct topology *t, const struct topo_legacy *l,
		       int *file, uint64_t *offset)
{
	uint64_t node = t->numa ? t->memory / plan_ram_nodes(t) : t->memory;

	*file = l->start / node;
	*offset = l->start % node;
}

static int parse_timeouts(void *ctx, const char *file, int lineno, char **w, int n,
			  char *err, int errlen)
{
	struct profile *p = ctx;

	for (int i = 1; i < n; i++) {
		const char *v;
		int *dst;

		if ((v = kv(w[i], "boot")))
			dst = &p->timeout_boot;
		else if ((v = kv(w[i], "test")))
			dst = &p->timeout_test;
		else if ((v = kv(w[i], "silence")))
			dst = &p->timeout_silence;
		else
			return error_set(err, errlen,
					 "%s:%d: unknown timeout '%s' (boot=, test=, silence=)", file, lineno, w[i]);
		*dst = atoi(v);
		if (*dst < 1)
			return error_set(err, errlen,
					 "%s:%d: timeout '%s' must be a positive number of seconds", file, lineno, w[i]);
	}
	return 0;
}

static int parse_namespace(void *ctx, const char *file, int lineno, char **w, int n,
			   char *err, int errlen)
{
	struct profile *p = ctx;
	struct ns_def *ns;

	if (p->nr_ns == PLAN_MAX_NAMESPACES)
		return error_set(err, errlen,
				 "%s:%d: more than %d namespaces", file, lineno, PLAN_MAX_NAMESPACES);
	if (n < 2 || strchr(w[1], '='))
		return error_set(err, errlen, "%s:%d: namespace needs a name first", file, lineno);
	if (strlen(w[1]) > PLAN_MAX_NS_NAME || !ctl_word_ok(w[1]))
		return error_set(err, errlen,
				 "%s:%d: namespace name '%.60s' must be a word of at most %d bytes", file, lineno, w[1],
				 PLAN_MAX_NS_NAME);
	ns = &p->ns[p->nr_ns++];
	ns->name = xstrdup(w[1]);
	ns->region = -1;
	for (int i = 2; i < n; i++) {
		const char *v;

		if ((v = kv(w[i], "mode"))) {
			if (!names_mode_known(v))
				return error_set(err, errlen,
						 "%s:%d: mode must be devdax, fsdax, kmem, private, coherent or p2pdma, not '%s'",
						 file, lineno, v);
			ns->mode = xstrdup(v);
		} else if ((v = kv(w[i], "map"))) {
			if (strcmp(v, "dev") && strcmp(v, "mem"))
				return error_set(err, errlen,
						 "%s:%d: map must be dev or mem, not '%s'", file, lineno, v);
			ns->map = xstrdup(v);
		} else if ((v = kv(w[i], "align"))) {
			if (parse_size(file, lineno, "align", v, &ns->align, err, errlen))
				return -1;
		} else if ((v = kv(w[i], "size"))) {
			if (parse_size(file, lineno, "size", v, &ns->size, err, errlen))
				return -1;
		} else if ((v = kv(w[i], "tag"))) {
			if (!*v || strpbrk(v, ". \t/"))
				return error_set(err, errlen,
						 "%s:%d: tag '%s' must be a word without dots", file, lineno, v);
			ns->tag = xstrdup(v);
		} else if ((v = kv(w[i], "region"))) {
			if (!strcmp(v, "legacy"))
				ns->legacy = 1;
			else if (!strcmp(v, "hmm"))
				ns->hmm = 1;
			else if (!strcmp(v, "nvme"))
				ns->nvme = 1;
			else
				ns->region = atoi(v);
		} else {
			return error_set(err, errlen,
					 "%s:%d: unknown namespace setting '%s'", file, lineno, w[i]);
		}
	}
	if (!ns->mode || !ns->map || !ns->align || !ns->size)
		return error_set(err, errlen,
				 "%s:%d: namespace %s needs mode=, map=, align= and size=", file, lineno, ns->name);
	if (ns->align & (ns->align - 1))
		return error_set(err, errlen, "%s:%d: align must be a power of two", file, lineno);
	for (int i = 0; i < p->nr_ns - 1; i++)
		if (!strcmp(p->ns[i].name, ns->name))
			return error_set(err, errlen,
					 "%s:%d: namespace %s defined twice", file, lineno, ns->name);
	return 0;
}

static int parse_stress(void *ctx, const char *file, int lineno, char **w, int n,
			char *err, int errlen)
{
	struct profile *p = ctx;
	struct stress_def *sd;

	if (p->nr_stress == PLAN_MAX_STRESS)
		return error_set(err, errlen,
				 "%s:%d: more than %d stress lines", file, lineno, PLAN_MAX_STRESS);
	if (n < 2)
		return error_set(err, errlen, "%s:%d: stress needs a kind", file, lineno);
	if (!names_stress_known(w[1])) {
		char kinds[160] = "";

		for (const char *const *k = names_stress_kinds; *k; k++)
			snprintf(kinds + strlen(kinds), sizeof(kinds) - strlen(kinds), "%s%s",
				 k == names_stress_kinds ? "" : ", ", *k);
		return error_set(err, errlen, "%s:%d: unknown stress kind '%s' (%s)", file, lineno, w[1], kinds);
	}
	sd = &p->stress[p->nr_stress++];
	*sd = (struct stress_def){ .kind = xstrdup(w[1]), .iterations = 100, .seconds = 30, .threads = 2 };
	for (int i = 2; i < n; i++) {
		const char *v;

		if ((v = kv(w[i], "iterations")))
			sd->iterations = atol(v);
		else if ((v = kv(w[i], "seconds")))
			sd->seconds = atoi(v);
		else if ((v = kv(w[i], "threads")))
			sd->threads = atoi(v);
		else if ((v = kv(w[i], "ns")) && *v && !sd->only)
			sd->only = xstrdup(v);
		else
			return error_set(err, errlen,
					 "%s:%d: unknown stress setting '%s' (iterations=, seconds=, threads=, ns=)",
					 file, lineno, w[i]);
	}
	if (sd->iterations < 1 || sd->seconds < 1 || sd->threads < 1 || sd->threads > 64)
		return error_set(err, errlen,
				 "%s:%d: stress iterations and seconds must be positive, threads 1..64", file, lineno);
	return 0;
}

/* "nfit TEST POINT...": an ndctl error-injection test on the nfit_test bus. */
static int parse_nfit(void *ctx, const char *file, int lineno, char **w, int n,
		      char *err, int errlen)
{
	struct profile *p = ctx;
	const struct injector_info *inj;
	struct nfit_def *nd;
	int meta;

	if (p->nr_nfit == PLAN_MAX_NFIT)
		return error_set(err, errlen, "%s:%d: more than %d nfit lines", file, lineno, PLAN_MAX_NFIT);
	if (n < 3)
		return error_set(err, errlen,
				 "%s:%d: nfit needs a test and at least one point", file, lineno);
	inj = names_injector(w[1]);
	if (!inj || !(inj->flags & INJ_NFIT))
		return error_set(err, errlen,
				 "%s:%d: unknown nfit test '%s' (nfit-inject, nfit-inject-notify, nfit-load, nfit-mmap, nfit-reconfigure, nfit-meta, nfit-meta-offset)",
				 file, lineno, w[1]);
	meta = !strncmp(w[1], "nfit-meta", 9);
	nd = &p->nfit[p->nr_nfit++];
	nd->test = xstrdup(w[1]);
	nd->points = xcalloc(n - 2, sizeof(char *));
	for (int i = 2; i < n; i++) {
		const char *v = kv(w[i], "mode");
		int ok;

		if (v) {
			if (nd->mode || (strcmp(v, "fsdax") && strcmp(v, "devdax")))
				return error_set(err, errlen,
						 "%s:%d: one mode=fsdax or mode=devdax per nfit line", file, lineno);
			nd->mode = xstrdup(v);
			continue;
		}
		ok = meta ? !strcmp(w[i], "A-first") || !strcmp(w[i], "B-mid")
			      : !strcmp(w[i], "C-first") || !strcmp(w[i], "C-mid") || !strcmp(w[i], "C-last");

		if (!ok)
			return error_set(err, errlen,
					 "%s:%d: %s takes points %s, not '%s'", file, lineno, w[1],
					 meta ? "A-first B-mid" : "C-first C-mid C-last", w[i]);
		nd->points[nd->nr_points++] = xstrdup(w[i]);
	}
	if (!nd->nr_points)
		return error_set(err, errlen,
				 "%s:%d: nfit needs a test and at least one point", file, lineno);
	return 0;
}

/* "topology NAME": a file under configs/topologies, or a path. */
static int parse_topology(void *ctx, const char *file, int lineno, char **w, int n,
			  char *err, int errlen)
{
	struct profile *p = ctx;

	(void)file;
	(void)lineno;
	(void)n;
	(void)err;
	(void)errlen;
	free(p->topology);
	p->topology = xstrdup(w[1]);
	return 0;
}

static int parse_seeds(void *ctx, const char *file, int lineno, char **w, int n,
		       char *err, int errlen)
{
	struct profile *p = ctx;

	/* The limit is on all seeds lines together. */
	if (n < 2 || p->nr_seeds + n - 1 > PLAN_MAX_SEEDS)
		return error_set(err, errlen,
				 "%s:%d: seeds: at most %d seeds in all (%d before this line)", file, lineno,
				 PLAN_MAX_SEEDS, p->nr_seeds);
	for (int i = 1; i < n; i++) {
		int kind, class_a;
		uint64_t v;

		if (seed_parse(w[i], &kind, &v, &class_a))
			return error_set(err, errlen,
					 "%s:%d: bad seed '%s' (zero, ff, random:N; ff@A, random:N@A)", file, lineno, w[i]);
		p->seeds[p->nr_seeds++] = xstrdup(w[i]);
	}
	return 0;
}

/* Can injector @inj, as @name, aim at pfn point @point? */
static int inject_point_ok(const struct injector_info *inj, const char *name, const char *point,
			   const char *file, int lineno, char *err, int errlen)
{
	if (!names_point_known(point))
		return error_set(err, errlen, "%s:%d: unknown pfn point '%s'", file, lineno, point);
	if ((inj->flags & INJ_MAPPED) && strcmp(point, "C-mapped"))
		return error_set(err, errlen,
				 "%s:%d: %s needs a mapped page: point C-mapped", file, lineno, name);
	if ((inj->flags & INJ_WALK) && (!strcmp(point, "C-mapped") ||
	    !strcmp(point, "below") || !strcmp(point, "above")))
		return error_set(err, errlen,
				 "%s:%d: walker %s reads namespace pfns: not %s", file, lineno, name, point);
	return 0;
}

/* "inject INJECTOR POINT... [ns=NAME[,NAME]]" */
static int parse_inject(void *ctx, const char *file, int lineno, char **w, int n,
			char *err, int errlen)
{
	struct profile *p = ctx;
	const struct injector_info *inj;
	struct inject_def *in;

	if (p->nr_inject == PLAN_MAX_INJECTS)
		return error_set(err, errlen,
				 "%s:%d: more than %d inject lines", file, lineno, PLAN_MAX_INJECTS);
	if (n < 3)
		return error_set(err, errlen,
				 "%s:%d: inject needs an injector and at least one point", file, lineno);
	inj = names_injector(w[1]);
	if (!inj)
		return error_set(err, errlen, "%s:%d: unknown injector '%s'", file, lineno, w[1]);
	if (inj->flags & INJ_NFIT)
		return error_set(err, errlen,
				 "%s:%d: %s runs on the nfit_test bus: use an nfit line", file, lineno, w[1]);
	in = &p->inject[p->nr_inject++];
	in->injector = xstrdup(w[1]);
	in->points = xcalloc(n - 2, sizeof(char *));
	for (int i = 2; i < n; i++) {
		const char *v = kv(w[i], "ns");

		if (v) {
			if (in->only || !*v)
				return error_set(err, errlen,
						 "%s:%d: one ns=NAME[,NAME] per inject line", file, lineno);
			in->only = xstrdup(v);
			continue;
		}
		if (inject_point_ok(inj, w[1], w[i], file, lineno, err, errlen))
			return -1;
		in->points[in->nr_points++] = xstrdup(w[i]);
	}
	if (!in->nr_points)
		return error_set(err, errlen,
				 "%s:%d: inject needs an injector and at least one point", file, lineno);
	return 0;
}

static int parse_max_skipped(void *ctx, const char *file, int lineno, char **w, int n,
			     char *err, int errlen)
{
	struct profile *p = ctx;

	p->max_skipped = n == 2 ? util_percent(w[1]) : -1;
	if (p->max_skipped < 0)
		return error_set(err, errlen,
				 "%s:%d: max-skipped takes a share like 5%% (0-100%%)", file, lineno);
	return 0;
}

/* "check counters", the one check there is. */
static int parse_check(void *ctx, const char *file, int lineno, char **w, int n,
		       char *err, int errlen)
{
	struct profile *p = ctx;

	(void)n;
	if (strcmp(w[1], "counters"))
		return unknown_line("profile", file, lineno, w[0], err, errlen);
	p->check_counters = 1;
	return 0;
}

static int parse_fragment(void *ctx, const char *file, int lineno, char **w, int n,
			  char *err, int errlen)
{
	struct profile *p = ctx;

	(void)n;
	if (p->nr_fragments == PLAN_MAX_FRAGMENTS || strchr(w[1], '/'))
		return error_set(err, errlen, "%s:%d: fragment '%s' is not a fragment name (at most %d)",
				 file, lineno, w[1], PLAN_MAX_FRAGMENTS);
	p->fragments[p->nr_fragments++] = xstrdup(w[1]);
	return 0;
}

static const struct directive profile_directives[] = {
	{ "topology", 2, parse_topology },
	{ "seeds", 0, parse_seeds },
	{ "namespace", 0, parse_namespace },
	{ "inject", 0, parse_inject },
	{ "timeout", 0, parse_timeouts },
	{ "stress", 0, parse_stress },
	{ "nfit", 0, parse_nfit },
	{ "max-skipped", 0, parse_max_skipped },
	{ "check", 2, parse_check },
	{ "fragment", 2, parse_fragment },
	{ NULL, 0, NULL },
};

static int profile_line(void *ctx, const char *file, int lineno, char **w, int n,
			char *err, int errlen)
{
	return directive_line(profile_directives, "profile", ctx, file, lineno, w, n, err, errlen);
}

void plan_size_name(uint64_t size, char *buf, int len)
{
	static const char units[] = "KMGT";
	int u = -1;

	while (size >= 1024 && size % 1024 == 0 && u < 3) {
		size /= 1024;
		u++;
	}
	if (u < 0)
		snprintf(buf, len, "%llu", (unsigned long long)size);
	else
		snprintf(buf, len, "%llu%c", (unsigned long long)size, units[u]);
}

void plan_seed_name(const char *seed, char *buf, int len)
{
	snprintf(buf, len, "%s", seed);
	for (char *p = buf; *p; p++)
		if (*p == ':' || *p == '@')
			*p = '-';
}

static char *path_in(const char *configs, const char *dir, const char *name)
{
	if (strchr(name, '/'))
		return xstrdup(name);
	return xasprintf("%s/%s/%s", configs, dir, name);
}

static void add_cell(struct plan *p, struct cell *c)
{
	GROW(p->cells, p->nr_cells, p->alloc_cells);
	p->cells[p->nr_cells++] = *c;
}

static void cell_free(struct cell *c)
{
	free(c->name);
	free(c->action);
	free(c->point);
	free(c->expect_result);
	free(c->expect_mf);
	free(c->expect_poisons);
}

/* Give @c its row of the expectation table and add it; a cell without one is an error. */
static int add_expected_cell(struct plan *p, struct cell *c, char *err, int errlen)
{
	const struct expect_row *row = expect_lookup(&p->expect, c->action, c->point, c->ns->mode,
						     c->ns->map);

	if (!row) {
		snprintf(err, errlen, "%s: no expectation for %s %s %s %s (cell %s)", p->expect.path,
			 c->action, c->point, c->ns->mode, c->ns->map, c->name);
		cell_free(c);
		return -1;
	}
	c->expect_result = xstrdup(row->result);
	c->expect_mf = row->mf_line ? xstrdup(row->mf_line) : NULL;
	c->expect_poisons = xstrdup(row->poisons);
	c->expect_line = row->lineno;
	add_cell(p, c);
	return 0;
}

/* Is @word one of the comma-separated @list? */
static int word_in_list(const char *word, const char *list)
{
	size_t n = strlen(word);

	for (const char *p = list; p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL)
		if (!strncmp(p, word, n) && (p[n] == ',' || !p[n]))
			return 1;
	return 0;
}

int plan_cell_is_nfit(const struct cell *c)
{
	return c->kind == CELL_NFIT;
}

int plan_has_nfit(const struct plan *p)
{
	for (int i = 0; i < p->nr_cells; i++)
		if (plan_cell_is_nfit(&p->cells[i]))
			return 1;
	return 0;
}

/* The nfit_test cells: every test and point on fsdax and devdax, first seed. */
static int expand_nfit(struct plan *p, char *err, int errlen)
{
	struct profile *pr = &p->profile;
	static const char *const modes[] = { "fsdax", "devdax" };

	if (!pr->nr_nfit)
		return 0;
	for (int m = 0; m < 2; m++) {
		struct ns_def *ns = &pr->nfit_ns[m];

		ns->name = xasprintf("nfit-%s", modes[m]);
		ns->mode = xstrdup(modes[m]);
		ns->map = xstrdup("dev");
		ns->align = 2 << 20;
		ns->region = -1;
	}
	for (int j = 0; j < pr->nr_nfit; j++) {
		const struct nfit_def *nd = &pr->nfit[j];

		for (int m = 0; m < 2; m++) {
			const struct ns_def *ns = &pr->nfit_ns[m];

			if (nd->mode && strcmp(nd->mode, ns->mode))
				continue;
			for (int k = 0; k < nd->nr_points; k++) {
				struct cell c = { 0 };

				c.kind = CELL_NFIT;
				c.ns = ns;
				c.seed = pr->seeds[0];
				c.action = xstrdup(nd->test);
				c.point = xstrdup(nd->points[k]);
				/* "nfit-inject" -> "inject": the group already says nfit. */
				c.name = xasprintf("%s.nfit.%s.%s.%s", PLAN_NFIT_TOPOLOGY, ns->mode,
						   nd->test + 5, nd->points[k]);
				if (add_expected_cell(p, &c, err, errlen))
					return -1;
			}
		}
	}
	return 0;
}

/* The stress cells of @ns and seed @s: no expectation row; they pass, poisons and all. */
static void expand_stress(struct plan *p, const struct ns_def *ns, int s, const char *prefix,
			  const char *seedname)
{
	const struct profile *pr = &p->profile;

	for (int j = 0; j < pr->nr_stress; j++) {
		struct cell c = { 0 };

		if (pr->stress[j].only && !word_in_list(ns->name, pr->stress[j].only))
			continue;
		c.kind = CELL_STRESS;
		c.ns = ns;
		c.seed = pr->seeds[s];
		c.stress = &pr->stress[j];
		c.name = xasprintf("%s.stress-%s.%s", prefix, pr->stress[j].kind, seedname);
		c.expect_result = xstrdup("ok");
		c.expect_mf = xstrdup("*");	/* it poisons on purpose */
		c.expect_poisons = xstrdup("*");
		add_cell(p, &c);
	}
}

/*
 * On fsdax, the cells that use the filesystem (C-mapped: a file is created,
 * mapped and poisoned) come first. Any other data pfn may hold ext4's own
 * blocks (C-first is its superblock), and a poisoned one fails a later
 * write-back at a moment set by timers, not by the cell: the cells after
 * it would fail or pass by timing.
 */
static int inject_pass(const struct ns_def *ns, const char *point)
{
	return strcmp(ns->mode, "fsdax") || !strcmp(point, "C-mapped") ? 0 : 1;
}

/* The inject cells of pass @pass of namespace @ns and seed @s, with expectations. */
static int expand_inject_pass(struct plan *p, const struct ns_def *ns, int s, int pass,
			      const char *prefix, const char *seedname, char *err, int errlen)
{
	const struct profile *pr = &p->profile;

	for (int j = 0; j < pr->nr_inject; j++) {
		const struct inject_def *in = &pr->inject[j];
		const struct injector_info *inj = names_injector(in->injector);

		/*
		 * Walkers see only pfns below max_pfn: legacy pmem, and memory
		 * kmem hot-added as System RAM (which raises max_pfn).
		 */
		if ((inj->flags & INJ_WALK) && !ns->legacy && strcmp(ns->mode, "kmem"))
			continue;
		if (in->only && !word_in_list(ns->name, in->only))
			continue;
		for (int k = 0; k < in->nr_points; k++) {
			struct cell c = { 0 };

			/* The pfns next to legacy pmem are RAM: not ours to poison. */
			if (ns->legacy && (!strcmp(in->points[k], "below") ||
					   !strcmp(in->points[k], "above")))
				continue;
			if (inject_pass(ns, in->points[k]) != pass)
				continue;
			c.kind = CELL_INJECT;
			c.ns = ns;
			c.seed = pr->seeds[s];
			c.action = xstrdup(in->injector);
			c.point = xstrdup(in->points[k]);
			c.name = xasprintf("%s.%s.%s.%s", prefix, in->injector, in->points[k], seedname);
			if (add_expected_cell(p, &c, err, errlen))
				return -1;
		}
	}
	return 0;
}

/* The cells of namespace @ns and seed @s: layout, then stress, then inject. */
static int expand_namespace(struct plan *p, const struct ns_def *ns, int s, char *err, int errlen)
{
	const struct profile *pr = &p->profile;
	char seedname[64], align[16], prefix[256];
	struct cell c = { 0 };

	plan_seed_name(pr->seeds[s], seedname, sizeof(seedname));
	plan_size_name(ns->align, align, sizeof(align));
	snprintf(prefix, sizeof(prefix), "%s%s%s.%s.%s.%s", p->topo.name,
		 ns->tag ? "+" : "", ns->tag ? ns->tag : "", ns->mode, ns->map, align);
	c.kind = CELL_LAYOUT;
	c.ns = ns;
	c.seed = pr->seeds[s];
	c.name = xasprintf("%s.layout.%s", prefix, seedname);
	add_cell(p, &c);
	/*
	 * Stress right after setup: reconfiguring needs a readable info block,
	 * which a machine check at A-last (badblocks) takes away; stress keeps
	 * off the pfns later cells use.
	 */
	expand_stress(p, ns, s, prefix, seedname);
	for (int pass = 0; pass < 2; pass++)
		if (expand_inject_pass(p, ns, s, pass, prefix, seedname, err, errlen))
			return -1;
	return 0;
}

/* One VM runs a seed's cells after a setup step per namespace and the labels. */
static int check_steps_per_vm(const struct plan *p, char *err, int errlen)
{
	const struct profile *pr = &p->profile;

	for (int s = 0; s < pr->nr_seeds; s++) {
		int n = 0;

		for (int i = 0; i < p->nr_cells; i++)
			n += p->cells[i].seed == pr->seeds[s];
		if (n + 2 * pr->nr_ns + 1 > CTL_MAX_STEPS)
			return error_set(err, errlen,
					 "%s: seed %s has %d cells: more than one VM's plan holds (%d steps)", pr->path,
					 pr->seeds[s], n, CTL_MAX_STEPS);
	}
	return 0;
}

/* Cell names travel in control messages and name files: words, short, unique. */
static int check_cell_names(const struct plan *p, char *err, int errlen)
{
	for (int i = 0; i < p->nr_cells; i++) {
		if (!ctl_word_ok(p->cells[i].name))
			return error_set(err, errlen,
					 "cell name '%s' has a space or control character", p->cells[i].name);
		if (strlen(p->cells[i].name) > PLAN_MAX_NAME)
			return error_set(err, errlen,
					 "cell name '%.40s...' is longer than %d bytes", p->cells[i].name, PLAN_MAX_NAME);
		for (int j = 0; j < i; j++)
			if (!strcmp(p->cells[i].name, p->cells[j].name))
				return error_set(err, errlen,
						 "%s: two cells named %s (namespaces with the same mode, map and align need a tag=)",
						 p->profile.path, p->cells[i].name);
	}
	return 0;
}

static int expand(struct plan *p, char *err, int errlen)
{
	const struct profile *pr = &p->profile;

	for (int s = 0; s < pr->nr_seeds; s++)
		for (int i = 0; i < pr->nr_ns; i++)
			if (expand_namespace(p, &pr->ns[i], s, err, errlen))
				return -1;
	if (expand_nfit(p, err, errlen))
		return -1;
	if (check_steps_per_vm(p, err, errlen))
		return -1;
	return check_cell_names(p, err, errlen);
}

/* Does every ns=NAME of an inject or stress line name a namespace of the profile? */
static int check_only_lists(const struct profile *pr, char *err, int errlen)
{
	for (int i = 0; i < pr->nr_inject + pr->nr_stress; i++) {
		const char *only = i < pr->nr_inject ? pr->inject[i].only : pr->stress[i - pr->nr_inject].only;
		const char *what = i < pr->nr_inject ? pr->inject[i].injector
						     : pr->stress[i - pr->nr_inject].kind;

		for (const char *q = only; q; q = strchr(q, ',') ? strchr(q, ',') + 1 : NULL) {
			size_t len = strcspn(q, ",");
			int found = 0;

			for (int j = 0; j < pr->nr_ns; j++)
				found |= strlen(pr->ns[j].name) == len && !strncmp(pr->ns[j].name, q, len);
			if (!found)
				return error_set(err, errlen,
						 "%s: %s: no namespace '%.*s'", pr->path, what, (int)len, q);
		}
	}
	return 0;
}

/* What only the whole profile can tell (its seeds may still come from --seed). */
static int profile_check(const struct profile *pr, char *err, int errlen)
{
	if (!pr->topology)
		return error_set(err, errlen, "%s: no topology line", pr->path);
	for (int i = 0; i < pr->nr_stress; i++)
		if (pr->stress[i].seconds + 30 > pr->timeout_test)
			return error_set(err, errlen,
					 "%s: stress %s runs up to %d s: give timeout test= at least %d",
					 pr->path, pr->stress[i].kind, pr->stress[i].seconds, pr->stress[i].seconds + 30);
	if (!pr->nr_ns && !pr->nr_nfit)
		return error_set(err, errlen, "%s: no namespace line", pr->path);
	return check_only_lists(pr, err, errlen);
}

/* --seed S[,S...]: these seeds instead of the profile's. */
static int override_seeds(struct profile *pr, const char *seed, char *err, int errlen)
{
	char *copy = xstrdup(seed), *save = NULL, *tok;
	int kind, class_a;
	uint64_t v;

	for (int i = 0; i < pr->nr_seeds; i++)
		free(pr->seeds[i]);
	pr->nr_seeds = 0;
	for (tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
		if (seed_parse(tok, &kind, &v, &class_a) || pr->nr_seeds == PLAN_MAX_SEEDS) {
			snprintf(err, errlen, "bad seed '%s' (zero, ff, random:N; ff@A, random:N@A; at most %d)",
				 tok, PLAN_MAX_SEEDS);
			free(copy);
			return -1;
		}
		pr->seeds[pr->nr_seeds++] = xstrdup(tok);
	}
	free(copy);
	return 0;
}

/* The profile @profile (a name under @configs/profiles, or a path), checked. */
static int profile_load(struct profile *pr, const char *configs, const char *profile,
			const char *seed, char *err, int errlen)
{
	char *path = path_in(configs, "profiles", profile);

	pr->path = path;
	pr->name = xstrdup(strrchr(path, '/') ? strrchr(path, '/') + 1 : path);
	pr->timeout_boot = pr->timeout_test = pr->timeout_silence = 120;
	if (!file_exists(path))
		return error_set(err, errlen, "profile '%s' not found (%s)", profile, path);
	if (for_each_line(path, profile_line, pr, err, errlen))
		return -1;
	if (profile_check(pr, err, errlen))
		return -1;
	if (seed && override_seeds(pr, seed, err, errlen))
		return -1;
	if (!pr->nr_seeds)
		return error_set(err, errlen, "%s: no seeds line and no --seed", path);
	return 0;
}

/* The profile's topology, under @configs/topologies or a path, checked. */
static int topology_load(struct plan *p, const char *configs, char *err, int errlen)
{
	const struct profile *pr = &p->profile;
	char *tpath = path_in(configs, "topologies", pr->topology);
	int rc;

	p->topo.name = xstrdup(strrchr(tpath, '/') ? strrchr(tpath, '/') + 1 : tpath);
	p->topo.memory = 1ULL << 30;
	p->topo.cpus = 2;
	p->topo.paging = 4;
	rc = file_exists(tpath) ? for_each_line(tpath, topo_line, &p->topo, err, errlen)
				: error_set(err, errlen, "%s: topology '%s' not found (%s)", pr->path,
					    pr->topology, tpath);
	p->topo.path = tpath;
	if (rc)
		return -1;
	return topo_check(&p->topo, err, errlen);
}

/* A region=legacy namespace is a legacy range of the topology, whole; in order. */
static int check_legacy_namespaces(const struct plan *p, char *err, int errlen)
{
	const struct profile *pr = &p->profile;

	for (int i = 0, legacy = 0; i < pr->nr_ns; i++) {
		const struct ns_def *ns = &pr->ns[i];

		if (!ns->legacy)
			continue;
		if (legacy == p->topo.nr_legacy)
			return error_set(err, errlen,
					 "%s: namespace %s: region=legacy needs one legacy range per such namespace in topology %s",
					 pr->path, ns->name, p->topo.name);
		if (ns->size != p->topo.legacy[legacy++].size)
			return error_set(err, errlen,
					 "%s: namespace %s: a legacy namespace is its whole range: size must be that of legacy range %d",
					 pr->path, ns->name, legacy - 1);
	}
	return 0;
}

const char *plan_ns_provider(const struct topology *t, const struct ns_def *ns)
{
	if (ns->region < 0 || ns->region >= t->nr_nvdimm || t->nvdimm[ns->region].kind == TOPO_NVDIMM)
		return NULL;
	return plan_pmem_provider(t->nvdimm[ns->region].kind);
}

int plan_ns_region_rank(const struct topology *t, const struct ns_def *ns)
{
	int rank = 0;

	for (int i = 0; i < ns->region; i++)
		rank += t->nvdimm[i].kind == t->nvdimm[ns->region].kind;
	return rank;
}

/* Where a namespace of @ns's mode may be, and what it must then be: NULL, or why not. */
static const char *ns_kind_misfit(const struct topology *t, const struct ns_def *ns)
{
	const struct topo_nvdimm *d = ns->region >= 0 && ns->region < t->nr_nvdimm ? &t->nvdimm[ns->region] : NULL;
	int pmem = !ns->hmm && !ns->nvme;

	if (ns->region >= t->nr_nvdimm)
		return "region=N names no pmem device line of the topology";
	if (!strcmp(ns->mode, "private") || !strcmp(ns->mode, "coherent")) {
		if (!ns->hmm || !t->hmm || (!strcmp(ns->mode, "coherent") && !t->hmm_coherent))
			return "test_hmm memory needs region=hmm and the topology's hmm line (coherent=START for coherent)";
		if (ns->size != PLAN_HMM_CHUNK || strcmp(ns->map, "mem"))
			return "test_hmm memory is one 256M chunk, its memmap in RAM: size=256M map=mem";
		return NULL;
	}
	if (!strcmp(ns->mode, "p2pdma")) {
		if (!ns->nvme || !t->nvme_cmb)
			return "p2pdma needs region=nvme and the topology's nvme line";
		if (ns->size != t->nvme_cmb || strcmp(ns->map, "mem"))
			return "p2pdma memory is the whole CMB, its memmap in RAM: size= the cmb, map=mem";
		return NULL;
	}
	if (!pmem)
		return "region=hmm is for modes private and coherent, region=nvme for p2pdma";
	if (!strcmp(ns->mode, "kmem") && (!t->kmem || !d || d->kind == TOPO_CXL_PMEM))
		return "kmem needs the topology's kmem line and region=N of an nvdimm or virtio-pmem";
	if (d && d->kind == TOPO_VIRTIO_PMEM && ns->size != d->size)
		return "a virtio-pmem namespace is the whole device: size must be the device's";
	return NULL;
}

static int check_namespace_kinds(const struct plan *p, char *err, int errlen)
{
	const struct profile *pr = &p->profile;

	for (int i = 0; i < pr->nr_ns; i++) {
		const char *why = ns_kind_misfit(&p->topo, &pr->ns[i]);

		if (why)
			return error_set(err, errlen, "%s: namespace %s (mode %s): %s", pr->path, pr->ns[i].name,
					 pr->ns[i].mode, why);
	}
	return 0;
}

/* The modules a topology's devices need, beyond vm-images/modules' own. */
static void kernel_modules(const struct topology *t, struct strbuf *mods)
{
	if (plan_has_pmem_kind(t, TOPO_VIRTIO_PMEM))
		strbuf_addstr(mods, ",virtio_pmem");
	if (plan_has_pmem_kind(t, TOPO_CXL_PMEM))
		strbuf_addstr(mods, ",cxl_port,cxl_acpi,cxl_pci,cxl_mem,cxl_pmem");
	if (t->nvme_cmb)
		strbuf_addstr(mods, ",nvme");
	if (t->hmm)
		strbuf_addstr(mods, ",test_hmm");
	if (t->kmem)
		strbuf_addstr(mods, ",kmem");
}

char *plan_kernel_args(const struct topology *t)
{
	struct strbuf sb = STRBUF_INIT, mods = STRBUF_INIT;

	kernel_modules(t, &mods);
	if (mods.len)
		strbuf_addf(&sb, " pmemfi.load=%s", mods.buf + 1);
	/*
	 * QEMU 7.2's CXL devices fail the event-interrupt setup the kernel
	 * attempts when it owns CXL error handling: keep PCIe port services
	 * (and with them the _OSC request) off.
	 */
	if (plan_has_pmem_kind(t, TOPO_CXL_PMEM))
		strbuf_addstr(&sb, " pcie_ports=compat");
	/*
	 * CXL means the q35 machine, whose 8254 the kernel does not find on
	 * the IO-APIC; its fallback timer check then waits for ticks that a
	 * TCG guest starved of CPU does not get in time, and panics ("IO-APIC
	 * + timer doesn't work!": 1 of 13 boots of the devmem profile while
	 * kernels were building). Skip the check.
	 */
	if (plan_has_pmem_kind(t, TOPO_CXL_PMEM))
		strbuf_addstr(&sb, " no_timer_check");
	/* The CMB all P2PDMA memory: no submission queues of the driver's in it. */
	if (t->nvme_cmb)
		strbuf_addstr(&sb, " nvme.use_cmb_sqes=0");
	if (t->hmm_coherent)
		strbuf_addf(&sb, " memmap=%lluM$%#llx test_hmm.spm_addr_dev0=%#llx test_hmm.spm_addr_dev1=%#llx",
			    (unsigned long long)(2 * PLAN_HMM_CHUNK >> 20), (unsigned long long)t->hmm_coherent,
			    (unsigned long long)t->hmm_coherent,
			    (unsigned long long)(t->hmm_coherent + PLAN_HMM_CHUNK));
	/* Hot-added blocks stay offline for the guest to online where it wants. */
	if (t->kmem)
		strbuf_addstr(&sb, " memory_hotplug.memmap_on_memory=1 memhp_default_state=offline");
	strbuf_release(&mods);
	if (!sb.len)
		return xstrdup("");
	strbuf_reset(&mods);
	strbuf_addstr(&mods, sb.buf + 1);
	strbuf_release(&sb);
	return strbuf_detach(&mods);
}

int plan_load(struct plan *p, const char *configs, const char *profile,
	      const char *seed, char *err, int errlen)
{
	char *epath;
	int rc;

	memset(p, 0, sizeof(*p));
	if (profile_load(&p->profile, configs, profile, seed, err, errlen))
		return -1;
	if (topology_load(p, configs, err, errlen))
		return -1;
	if (check_legacy_namespaces(p, err, errlen) || check_namespace_kinds(p, err, errlen))
		return -1;
	epath = xasprintf("%s/expectations", configs);
	rc = expect_load(&p->expect, epath, err, errlen);
	free(epath);
	if (rc)
		return -1;
	return expand(p, err, errlen);
}

/* Does @name match one of the comma-separated globs or substrings? */
static int matches(const char *name, const char *patterns)
{
	char *copy = xstrdup(patterns), *save = NULL, *pat;
	int hit = 0;

	for (pat = strtok_r(copy, ",", &save); pat && !hit; pat = strtok_r(NULL, ",", &save))
		hit = fnmatch(pat, name, 0) == 0 || strstr(name, pat);
	free(copy);
	return hit;
}

/*
 * Namespaces share a placement group when creating one moves another:
 * those of one NVDIMM region, all NFIT ones when any is placed "first
 * region with room", and the legacy ones (claimed first-unclaimed).
 */
static int placement_group(const struct profile *pr, const struct ns_def *ns)
{
	if (ns->legacy)
		return -2;
	/* test_hmm's and the NVMe CMB's memory: one each, no namespaces to place. */
	if (ns->hmm || ns->nvme)
		return ns->hmm ? -3 - !strcmp(ns->mode, "coherent") : -5;
	for (int i = 0; i < pr->nr_ns; i++)
		if (!pr->ns[i].legacy && !pr->ns[i].hmm && !pr->ns[i].nvme && pr->ns[i].region < 0)
			return -1;
	return ns->region;
}

/*
 * What this VM does with each namespace of the profile: create it (its
 * cells are pending), stand a placeholder in for it (a later namespace of
 * its placement group is created, and must land where it lands in every
 * VM), or nothing. Legacy namespaces have no placeholder: an e820 region
 * is claimed whole, so every earlier one is created.
 */
void plan_namespace_uses(const struct plan *p, const int *pending, int nr_pending,
			   enum plan_ns_use use[PLAN_MAX_NAMESPACES])
{
	const struct profile *pr = &p->profile;

	for (int i = 0; i < pr->nr_ns; i++) {
		use[i] = PLAN_NS_SKIP;
		for (int j = 0; j < nr_pending && use[i] == PLAN_NS_SKIP; j++)
			if (p->cells[pending[j]].ns == &pr->ns[i])
				use[i] = PLAN_NS_CREATE;
	}
	for (int i = pr->nr_ns - 1; i >= 0; i--)
		for (int k = 0; k < i && use[i] == PLAN_NS_CREATE; k++)
			if (use[k] == PLAN_NS_SKIP &&
			    placement_group(pr, &pr->ns[k]) == placement_group(pr, &pr->ns[i]))
				use[k] = pr->ns[k].legacy ? PLAN_NS_CREATE : PLAN_NS_PLACEHOLDER;
}

int plan_filter(struct plan *p, const char *pattern)
{
	char *keep = xcalloc(p->nr_cells + 1, 1);
	int kept;

	for (int i = 0; i < p->nr_cells; i++)
		keep[i] = matches(p->cells[i].name, pattern);
	kept = plan_keep(p, keep);
	free(keep);
	return kept;
}

int plan_keep(struct plan *p, const char *keep)
{
	int kept = 0;

	for (int i = 0; i < p->nr_cells; i++) {
		if (keep[i])
			p->cells[kept++] = p->cells[i];
		else
			cell_free(&p->cells[i]);
	}
	p->nr_cells = kept;
	return kept;
}

void plan_free(struct plan *p)
{
	struct profile *pr = &p->profile;

	for (int i = 0; i < p->nr_cells; i++)
		cell_free(&p->cells[i]);
	free(p->cells);
	for (int i = 0; i < pr->nr_seeds; i++)
		free(pr->seeds[i]);
	for (int i = 0; i < pr->nr_fragments; i++)
		free(pr->fragments[i]);
	for (int i = 0; i < pr->nr_ns; i++) {
		free(pr->ns[i].name);
		free(pr->ns[i].mode);
		free(pr->ns[i].map);
		free(pr->ns[i].tag);
	}
	for (int i = 0; i < pr->nr_stress; i++) {
		free(pr->stress[i].kind);
		free(pr->stress[i].only);
	}
	for (int i = 0; i < pr->nr_inject; i++) {
		for (int j = 0; j < pr->inject[i].nr_points; j++)
			free(pr->inject[i].points[j]);
		free(pr->inject[i].points);
		free(pr->inject[i].injector);
		free(pr->inject[i].only);
	}
	for (int i = 0; i < pr->nr_nfit; i++) {
		for (int j = 0; j < pr->nfit[i].nr_points; j++)
			free(pr->nfit[i].points[j]);
		free(pr->nfit[i].points);
		free(pr->nfit[i].test);
		free(pr->nfit[i].mode);
	}
	for (int i = 0; i < 2; i++) {
		free(pr->nfit_ns[i].name);
		free(pr->nfit_ns[i].mode);
		free(pr->nfit_ns[i].map);
	}
	free(pr->topology);
	free(pr->name);
	free(pr->path);
	free(p->topo.name);
	free(p->topo.path);
	expect_free(&p->expect);
	memset(p, 0, sizeof(*p));
}
