// SPDX-License-Identifier: GPL-2.0
#include "verdict.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "report.h"
#include "util.h"

static const char *const names[V_NR] = {
	"pass", "fail", "bug", "xfail", "xpass", "skip", "timeout", "error",
};

const char *verdict_name(enum verdict v)
{
	return v >= 0 && v < V_NR ? names[v] : "unknown";
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

void verdict_decide(const struct cell *c, const struct step_result *r, struct verdict_out *out)
{
	memset(out, 0, sizeof(*out));
	/* A kernel report outranks everything the test itself concluded. */
	for (int i = 0; i < r->nr_reports; i++) {
		out->report = r->reports[i];
		set(out, V_BUG, xasprintf("%s%s", r->reports[i]->title,
					  r->reports[i]->corrupted ? " (corrupted report)" : ""));
		return;
	}
	if (r->setup_failed) {
		set(out, V_ERROR, xasprintf("setup failed: %s", r->setup_failed));
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
		set(out, V_ERROR, xasprintf("the VM ended during the test: %s",
					    r->vm_died ? r->vm_died : "no reason known"));
		return;
	}
	if (r->term_signal) {
		set(out, V_FAIL, xasprintf("the test was killed by signal %d", r->term_signal));
		return;
	}
	if (r->exit_code == 4) {
		set(out, V_SKIP, output_reason(r, "SKIP"));
		return;
	}
	if (r->exit_code) {
		char *why = output_reason(r, "FAIL");

		set(out, V_FAIL, *why ? why : xasprintf("exit status %d", r->exit_code));
		if (!*why)
			free(why);
		return;
	}
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
