// SPDX-License-Identifier: GPL-2.0
#include "verdict/verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "kernel/kconfig.h"
#include "console/report.h"
#include "lib/util.h"

#define R(name, clean, trouble, report, known, ran, ktap_ok, directive, kcidb, waived, junit, bisect) \
	{ name, clean, trouble, report, known, ran, ktap_ok, waived, directive, kcidb, VJ_##junit, VB_##bisect }
static const struct verdict_info table[V_NR] = {
	/*                      clean trouble report known ran ktap_ok directive kcidb waived junit bisect */
	[V_PASS]    = R("pass",    1, 0, 0, 0, 1, 1, NULL,      "PASS",  0, PASSED,  GOOD),
	[V_FAIL]    = R("fail",    0, 1, 0, 0, 1, 0, NULL,      "FAIL",  0, FAILURE, BAD),
	[V_BUG]     = R("bug",     0, 1, 1, 0, 1, 0, NULL,      "FAIL",  0, FAILURE, BAD),
	[V_XFAIL]   = R("xfail",   0, 0, 1, 1, 1, 1, "XFAIL",   "FAIL",  1, SKIPPED, BAD),
	[V_XPASS]   = R("xpass",   1, 0, 0, 1, 1, 1, NULL,      "PASS",  0, PASSED,  GOOD),
	[V_SKIP]    = R("skip",    0, 0, 0, 0, 0, 1, "SKIP",    "SKIP",  0, SKIPPED, SKIP),
	[V_TIMEOUT] = R("timeout", 0, 1, 0, 0, 1, 0, "TIMEOUT", "ERROR", 0, ERROR,   SKIP),
	[V_ERROR]   = R("error",   0, 1, 0, 0, 1, 0, "ERROR",   "ERROR", 0, ERROR,   SKIP),
};
#undef R

const struct verdict_info *verdict_info(enum verdict v)
{
	return &table[v >= 0 && v < V_NR ? v : V_ERROR];
}

const char *verdict_name(enum verdict v)
{
	return v >= 0 && v < V_NR ? table[v].name : "unknown";
}

enum verdict verdict_from_name(const char *name)
{
	for (int v = 0; name && v < V_NR; v++)
		if (!strcmp(table[v].name, name))
			return v;
	return V_NR;
}

const struct verdict_info *verdict_info_of(const char *name)
{
	return verdict_info(verdict_from_name(name));
}

const char *verdict_mf_text(const char *line)
{
	static const char key[] = ": recovery action for ";
	const char *s = strstr(line, "Memory failure: "), *p;

	if (!s)
		return NULL;
	p = strstr(s, key);
	return p ? p + strlen(key) : NULL;
}

/* The reason a KTAP test gave: "# SKIP why" or its "# FAIL: ..." lines. */
static char *output_reason(const struct step_result *r, const char *tag)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < r->nr_output; i++) {
		const char *l = r->output[i], *p;

		if (!strcmp(tag, "SKIP") && (p = strstr(l, "# SKIP "))) {
			strbuf_reset(&sb);
			strbuf_addstr(&sb, p + 7);
			break;
		}
		if (!strcmp(tag, "FAIL") && (p = strstr(l, "# FAIL: "))) {
			if (sb.len)
				strbuf_addstr(&sb, "; ");
			strbuf_addstr(&sb, p + 8);
		}
	}
	return strbuf_detach(&sb);
}

static void set(struct verdict_out *out, enum verdict v, char *reason)
{
	out->v = v;
	out->reason = reason;
}

/*
 * A skip whose "(needs WHAT)" the harness knows the kernel has: the
 * interface was missing for another reason, which the skip would hide.
 * Returns why it is an error, or NULL.
 */
static char *skip_contradicted(const struct step_result *r, const char *reason)
{
	const char *p = strstr(reason, "(needs "), *v;
	char need[64];
	size_t n;

	if (!p)
		return NULL;
	p += 7;
	n = strcspn(p, ")");
	if (p[n] != ')' || n == 0 || n >= sizeof(need))
		return NULL;
	memcpy(need, p, n);
	need[n] = '\0';
	if (!strcmp(need, "nfit_test") && r->have_nfit)
		return xasprintf("the nfit_test modules were loaded, yet the test skipped: %s", reason);
	if (!strncmp(need, "CONFIG_", 7) && r->config) {
		v = kconfig_get(r->config, need + 7);
		if (!strcmp(v, "y") || !strcmp(v, "m"))
			return xasprintf("the kernel has %s=%s, yet the test skipped: %s", need, v, reason);
	}
	return NULL;
}

/* Only a pass so far: the memory-failure lines against the expectation. */
static void decide_mf(const struct cell *c, const struct step_result *r, struct verdict_out *out)
{
	if (c->kind == CELL_INJECT && !c->expect_mf && r->nr_mf) {
		set(out, V_FAIL, xasprintf("unexpected memory-failure line: recovery action for %s", r->mf[0]));
		return;
	}
	if (c->kind == CELL_INJECT && c->expect_mf && strcmp(c->expect_mf, "*")) {
		for (int i = 0; i < r->nr_mf; i++)
			if (!strcmp(r->mf[i], c->expect_mf)) {
				set(out, V_PASS, NULL);
				return;
			}
		set(out, V_FAIL, r->nr_mf ? xasprintf("memory-failure line 'recovery action for %s', expected '%s'",
						      r->mf[0], c->expect_mf)
					  : xasprintf("no memory-failure line, expected 'recovery action for %s'",
						      c->expect_mf));
		return;
	}
	set(out, V_PASS, NULL);
}

/*
 * What the test came to, its kernel reports aside. @reported: it had some,
 * and a VM that ended in the middle of the test ended by them (oops=panic).
 */
static void decide_rest(const struct cell *c, const struct step_result *r, int reported,
			struct verdict_out *out)
{
	if (r->vm_fault) {
		set(out, V_ERROR, xasprintf("the VM was not fit to test: %s", r->vm_fault));
		return;
	}
	if (r->setup_failed) {
		set(out, V_ERROR, xasprintf("setup failed: %s", r->setup_failed));
		return;
	}
	if (r->setup_skipped) {
		char *why = xasprintf("setup skipped: %s", r->setup_skipped), *error = skip_contradicted(r, why);

		if (error)
			free(why);
		set(out, error ? V_ERROR : V_SKIP, error ? error : why);
		return;
	}
	if (!r->began) {
		set(out, V_ERROR, xstrdup(r->vm_died ? r->vm_died : "never started"));
		return;
	}
	if (r->timed_out) {
		set(out, V_TIMEOUT, xstrdup("no end within the test timeout"));
		return;
	}
	if (!r->ended) {
		if (reported)
			set(out, V_PASS, NULL);
		else
			set(out, V_ERROR, xasprintf("the VM ended during the test: %s",
						    r->vm_died ? r->vm_died : "no reason known"));
		return;
	}
	if (r->term_signal) {
		set(out, V_FAIL, xasprintf("the test was killed by signal %d", r->term_signal));
		return;
	}
	if (r->exit_code == 4) {
		char *why = output_reason(r, "SKIP"), *error = skip_contradicted(r, why);

		if (error)
			free(why);
		set(out, error ? V_ERROR : V_SKIP, error ? error : why);
		return;
	}
	if (r->exit_code) {
		char *why = output_reason(r, "FAIL");

		set(out, V_FAIL, *why ? why : xasprintf("exit status %d", r->exit_code));
		if (!*why)
			free(why);
		return;
	}
	decide_mf(c, r, out);
}

void verdict_decide(const struct cell *c, const struct step_result *r, struct verdict_out *out)
{
	memset(out, 0, sizeof(*out));
	if (r->not_run) {
		set(out, V_SKIP, r->not_applicable ? xasprintf("not applicable to this kernel: %s", r->not_run)
						   : xstrdup(r->not_run));
		return;
	}
	decide_rest(c, r, r->nr_reports > 0, out);
	/* A kernel report outranks everything the test itself concluded. */
	if (r->nr_reports) {
		out->rest = out->v;
		out->rest_reason = out->reason;
		out->report = r->reports[0];
		set(out, V_BUG, xasprintf("%s%s", r->reports[0]->title,
					  r->reports[0]->corrupted ? " (corrupted report)" : ""));
	}
}

void verdict_out_free(struct verdict_out *out)
{
	free(out->reason);
	free(out->rest_reason);
	out->reason = out->rest_reason = NULL;
}
