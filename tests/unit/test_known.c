// SPDX-License-Identifier: GPL-2.0
/* configs/known-issues: parsing, its errors, scoping, and xfail/xpass decisions. */
#include <dirent.h>
#include <fnmatch.h>
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "verdict/known.h"
#include "console/report.h"
#include "lib/util.h"

static const char good[] =
	"# comment\n"
	"[ar]\n"
	"title    BUG: unable to handle page fault in action_result\n"
	"title    kernel BUG in action_result\n"
	"actions  corrupt-pfn hard-offline\n"
	"points   A\n"
	"map      dev\n"
	"repro    *.corrupt-pfn.A-*.ff\n"
	"kernels  6.1[0-9]*\n"
	"link     https://example.org/x\n"
	"reason   reads an uninitialized struct page\n"
	"\n"
	"[sig-only]\n"
	"  sig 0123456789abcdef   \n"
	"actions  corrupt-pfn\n"
	"reason   by signature\n"
	"\n"
	"[counters]\n"
	"failure  nothing was poisoned but HardwareCorrupted grew by 4 kB\n"
	"failure  nothing was poisoned but the node memory_failure total grew by *\n"
	"actions  corrupt-pfn\n"
	"points   C\n"
	"reason   rejected injections still count\n"
	"\n"
	"[stress]\n"
	"title    kernel BUG in action_result\n"
	"actions  stress-reconfigure\n"
	"reason   race\n"
	"\n"
	"[boot]\n"
	"stage    boot\n"
	"title    KASAN: wild-memory-access in do_raw_spin_lock\n"
	"reason   LA57 window\n";

static int load(struct known_set *set, const char *text, char *err, int errlen)
{
	char path[] = "/tmp/pmemfi-test-known.XXXXXX";
	int fd = mkstemp(path), rc;

	close(fd);
	write_file(path, text, strlen(text));
	rc = known_load(set, path, err, errlen);
	unlink(path);
	return rc;
}

static struct report mkreport(const char *title, const char *sig, int corrupted)
{
	struct report r = { .type = "bug", .title = (char *)title, .frame = "", .corrupted = corrupted };

	strcpy(r.signature, sig);
	return r;
}

static struct ns_def dev_ns = { .name = "d", .mode = "devdax", .map = "dev" };
static struct ns_def mem_ns = { .name = "m", .mode = "devdax", .map = "mem" };
static struct ns_def nfit_ns = { .name = "nfit-devdax", .mode = "devdax", .map = "dev" };
static struct stress_def reconf = { .kind = "reconfigure" };

/* An injection cell "t.<mode>.<map>.2M.<action>.<point>.<seed>". */
static struct cell mkcell(const struct ns_def *ns, const char *action, const char *point, const char *seed)
{
	static char names[8][128];
	static int next;
	char *name = names[next++ % 8];

	snprintf(name, 128, "t.%s.%s.2M.%s.%s.%s", ns->mode, ns->map, action, point, seed);
	return (struct cell){ .name = name, .kind = CELL_INJECT, .ns = ns, .action = (char *)action,
			      .point = (char *)point, .seed = seed };
}

/* The verdict known_apply() leaves for cell @c with these reports. */
static enum verdict apply(struct known_set *set, const char *release, const struct cell *c, enum verdict v,
			  const char *reason, const struct report *reps, int n, char **why)
{
	const struct report *ptrs[4];
	const struct known_issue *matched[4] = { 0 };
	struct verdict_out out = { .v = v, .reason = xstrdup(reason ? reason : "orig"),
				   .report = n ? &reps[0] : NULL };

	for (int i = 0; i < n; i++)
		ptrs[i] = &reps[i];
	known_apply(set, release, c, ptrs, n, matched, &out);
	for (int i = 0; i < n; i++)
		if (out.v == V_XFAIL && !matched[i])
			fail_msg("xfail, but report %d matched no entry", i);
	if (why)
		*why = out.reason;
	else
		free(out.reason);
	return out.v;
}

static const char rel[] = "6.12.117-pmemfi";

static void parse_and_apply(void **state)
{
	struct known_set set;
	char err[256], *why;
	struct report fault = mkreport("BUG: unable to handle page fault in action_result", "1111111111111111", 0);
	struct report kbug = mkreport("kernel BUG in action_result", "5555555555555555", 0);
	struct report warn = mkreport("WARNING in action_result", "6666666666666666", 0);
	struct report other = mkreport("KASAN: null-ptr-deref in dax_lock_folio", "0123456789abcdef", 0);
	struct report unknown = mkreport("WARNING in foo", "2222222222222222", 0);
	struct report corrupt = mkreport("kernel BUG in action_result", "1111111111111111", 1);
	struct report two[2] = { fault, unknown }, known2[2] = { fault, other };
	struct cell a = mkcell(&dev_ns, "corrupt-pfn", "A-first", "ff");

	(void)state;
	if (load(&set, good, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(set.nr, 5);
	assert_string_equal(set.v[0].id, "ar");
	assert_int_equal(set.v[0].titles.nr, 2);
	assert_int_equal(set.v[0].actions.nr, 2);
	assert_int_equal(set.v[4].stage, KNOWN_BOOT);

	/* A matching bug on a matching kernel and cell: xfail, title kept in the reason. */
	assert_int_equal(apply(&set, rel, &a, V_BUG, NULL, &fault, 1, &why), V_XFAIL);
	assert_string_equal(why, "BUG: unable to handle page fault in action_result (known issue ar)");
	free(why);
	/* Another report type in the same function is another bug. */
	assert_int_equal(apply(&set, rel, &a, V_BUG, NULL, &warn, 1, NULL), V_BUG);
	/* The same report where the mechanism cannot be: map=mem (initialized struct pages)... */
	{
		struct cell m = mkcell(&mem_ns, "corrupt-pfn", "A-first", "ff");

		assert_int_equal(apply(&set, rel, &m, V_BUG, NULL, &fault, 1, NULL), V_BUG);
		/* ...whose repro list does not reach it either: a pass stays a pass. */
		assert_int_equal(apply(&set, rel, &m, V_PASS, NULL, NULL, 0, NULL), V_PASS);
	}
	/* ...an nfit_test cell, another class, another injector. */
	{
		struct cell n = { .name = "nfit_test.nfit.devdax.meta.A-first", .kind = CELL_NFIT, .ns = &nfit_ns,
				  .action = "nfit-meta", .point = "A-first" };
		struct cell b = mkcell(&dev_ns, "corrupt-pfn", "B-mid", "ff");
		struct cell f = mkcell(&dev_ns, "corrupt-pfn-filter", "A-first", "ff");

		assert_int_equal(apply(&set, rel, &n, V_BUG, NULL, &fault, 1, NULL), V_BUG);
		assert_int_equal(apply(&set, rel, &b, V_BUG, NULL, &fault, 1, NULL), V_BUG);
		assert_int_equal(apply(&set, rel, &f, V_BUG, NULL, &fault, 1, NULL), V_BUG);
	}
	/* Another kernel, a corrupted report: still a bug. */
	assert_int_equal(apply(&set, "6.1.0", &a, V_BUG, NULL, &fault, 1, NULL), V_BUG);
	assert_int_equal(apply(&set, rel, &a, V_BUG, NULL, &corrupt, 1, NULL), V_BUG);
	/* One unknown report among known ones keeps it a bug, titled by the unknown one. */
	assert_int_equal(apply(&set, rel, &a, V_BUG, NULL, two, 2, &why), V_BUG);
	assert_string_equal(why, "WARNING in foo");
	free(why);
	/* Two reports of two entries: the reason names both, both are tallied. */
	set.v[0].xfails = set.v[1].xfails = 0;
	assert_int_equal(apply(&set, rel, &a, V_BUG, NULL, known2, 2, &why), V_XFAIL);
	assert_string_equal(why, "BUG: unable to handle page fault in action_result (known issue ar); "
				 "KASAN: null-ptr-deref in dax_lock_folio (known issue sig-only)");
	free(why);
	assert_int_equal(set.v[0].xfails, 1);
	assert_int_equal(set.v[1].xfails, 1);
	/* Two reports of one entry count that test once. */
	{
		struct report both[2] = { fault, kbug };

		assert_int_equal(apply(&set, rel, &a, V_BUG, NULL, both, 2, NULL), V_XFAIL);
		assert_int_equal(set.v[0].xfails, 2);
	}
	/* A pass in the repro scope is an xpass; outside it, a pass. */
	assert_int_equal(apply(&set, rel, &a, V_PASS, NULL, NULL, 0, &why), V_XPASS);
	assert_non_null(strstr(why, "known issue ar did not reproduce"));
	free(why);
	{
		struct cell z = mkcell(&dev_ns, "corrupt-pfn", "A-first", "zero");

		assert_int_equal(apply(&set, rel, &z, V_PASS, NULL, NULL, 0, NULL), V_PASS);
	}
	assert_int_equal(apply(&set, "6.1.0", &a, V_PASS, NULL, NULL, 0, NULL), V_PASS);
	known_free(&set);
}

/* Failed checks: every one must be known, in scope, for an xfail. */
static void failures(void **state)
{
	struct known_set set;
	char err[256], *why;
	struct cell c = mkcell(&dev_ns, "corrupt-pfn", "C-mid", "ff");
	struct cell a = mkcell(&dev_ns, "corrupt-pfn", "A-first", "ff");
	const char *leak = "memory_failure.c:183: nothing was poisoned but HardwareCorrupted grew by 4 kB";
	const char *both = "memory_failure.c:183: nothing was poisoned but HardwareCorrupted grew by 4 kB; "
			   "memory_failure.c:185: nothing was poisoned but the node memory_failure total grew by 1";
	const char *mixed = "memory_failure.c:183: nothing was poisoned but HardwareCorrupted grew by 4 kB; "
			    "memory_failure.c:290: corrupt-pfn at C-mid (pfn 0x1): got ok, expected EBUSY";

	(void)state;
	if (load(&set, good, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(apply(&set, rel, &c, V_FAIL, leak, NULL, 0, &why), V_XFAIL);
	assert_string_equal(why, "nothing was poisoned but HardwareCorrupted grew by 4 kB (known issue counters)");
	free(why);
	assert_int_equal(apply(&set, rel, &c, V_FAIL, both, NULL, 0, NULL), V_XFAIL);
	assert_int_equal(set.v[2].xfails, 2);
	assert_int_equal(set.v[2].matched, 3);
	/* One unknown check keeps it a failure; so does a cell outside the scope. */
	assert_int_equal(apply(&set, rel, &c, V_FAIL, mixed, NULL, 0, NULL), V_FAIL);
	assert_int_equal(apply(&set, rel, &a, V_FAIL, leak, NULL, 0, NULL), V_FAIL);
	/* A report entry does not excuse a failure, nor a failure entry a report. */
	assert_int_equal(apply(&set, rel, &a, V_FAIL, "kernel BUG in action_result", NULL, 0, NULL), V_FAIL);
	known_free(&set);
}

/* The verdict known_apply() leaves for a bug whose test came to @rest apart from its reports. */
static enum verdict apply_rest(struct known_set *set, const struct cell *c, const struct report *rep,
			       enum verdict rest, const char *rest_reason, char **why)
{
	const struct report *ptrs[1] = { rep };
	struct verdict_out out = { .v = V_BUG, .reason = xstrdup(rep->title), .report = rep, .rest = rest,
				   .rest_reason = rest_reason ? xstrdup(rest_reason) : NULL };

	known_apply(set, rel, c, ptrs, 1, NULL, &out);
	*why = out.reason;
	out.reason = NULL;
	verdict_out_free(&out);
	return out.v;
}

/* A known report excuses the report, not what else went wrong in the test. */
static void known_report_and_more(void **state)
{
	struct known_set set;
	char err[256], *why;
	struct cell a = mkcell(&dev_ns, "corrupt-pfn", "A-first", "ff");
	struct cell c = mkcell(&dev_ns, "corrupt-pfn", "C-mid", "ff");
	struct report fault = mkreport("BUG: unable to handle page fault in action_result", "1111111111111111", 0);
	struct report other = mkreport("KASAN: null-ptr-deref in dax_lock_folio", "0123456789abcdef", 0);
	const char *leak = "memory_failure.c:183: nothing was poisoned but HardwareCorrupted grew by 4 kB";
	const char *unknown = "memory_failure.c:290: corrupt-pfn at C-mid (pfn 0x1): got ok, expected EBUSY";

	(void)state;
	if (load(&set, good, err, sizeof(err)))
		fail_msg("%s", err);
	/* Nothing else wrong (the report ended the VM: pass), or a skip: xfail. */
	assert_int_equal(apply_rest(&set, &a, &fault, V_PASS, NULL, &why), V_XFAIL);
	assert_string_equal(why, "BUG: unable to handle page fault in action_result (known issue ar)");
	free(why);
	assert_int_equal(apply_rest(&set, &a, &fault, V_SKIP, "needs X", &why), V_XFAIL);
	free(why);
	/* A failed check no entry names: a fail, the check first, the report excused. */
	set.v[0].xfails = 0;
	assert_int_equal(apply_rest(&set, &c, &other, V_FAIL, unknown, &why), V_FAIL);
	assert_string_equal(why, "memory_failure.c:290: corrupt-pfn at C-mid (pfn 0x1): got ok, expected EBUSY; "
				 "KASAN: null-ptr-deref in dax_lock_folio (known issue sig-only)");
	free(why);
	assert_int_equal(set.v[1].xfails, 0);
	/* A failed check an entry names too: xfail, both named. */
	assert_int_equal(apply_rest(&set, &c, &other, V_FAIL, leak, &why), V_XFAIL);
	assert_string_equal(why, "KASAN: null-ptr-deref in dax_lock_folio (known issue sig-only); "
				 "nothing was poisoned but HardwareCorrupted grew by 4 kB (known issue counters)");
	free(why);
	/* A timeout, a failed setup, an unfit VM stay what they are. */
	assert_int_equal(apply_rest(&set, &a, &fault, V_TIMEOUT, "no end within the test timeout", &why), V_TIMEOUT);
	assert_non_null(strstr(why, "no end within the test timeout; BUG: unable"));
	free(why);
	assert_int_equal(apply_rest(&set, &a, &fault, V_ERROR, "setup failed: x", &why), V_ERROR);
	free(why);
	known_free(&set);
}

/* The boot's scopes: paging and kaslr, for boot entries and test entries alike. */
static void boot_scopes(void **state)
{
	static const char text[] =
		"[la57]\nstage boot\npaging 5\nintermittent\ntitle KASAN: wild-memory-access in do_raw_spin_lock\nreason r\n"
		"[aslr]\nkaslr on\ntitle kernel BUG in action_result\nactions corrupt-pfn\nreason r\n";
	struct known_set set;
	char err[256], *scope;
	struct report burst = mkreport("KASAN: wild-memory-access in do_raw_spin_lock", "3333333333333333", 0);
	struct report kbug = mkreport("kernel BUG in action_result", "5555555555555555", 0);
	struct cell a = mkcell(&dev_ns, "corrupt-pfn", "A-first", "ff");

	(void)state;
	if (load(&set, text, err, sizeof(err)))
		fail_msg("%s", err);
	/* Until the boot is said, every boot is in scope. */
	assert_non_null(known_find_boot(&set, rel, &burst));
	known_boot(&set, 4, 0);
	assert_null(known_find_boot(&set, rel, &burst));
	assert_int_equal(apply(&set, rel, &a, V_BUG, NULL, &kbug, 1, NULL), V_BUG);
	known_boot(&set, 5, 1);
	assert_non_null(known_find_boot(&set, rel, &burst));
	assert_int_equal(apply(&set, rel, &a, V_BUG, NULL, &kbug, 1, NULL), V_XFAIL);
	scope = known_scope(&set.v[0]);
	assert_string_equal(scope, "every kernel; at boot; paging 5; intermittent");
	free(scope);
	scope = known_scope(&set.v[1]);
	assert_string_equal(scope, "every kernel; kaslr on; actions corrupt-pfn");
	free(scope);
	known_free(&set);
	/* A boot no guest has is refused, and says what there is. */
	assert_int_equal(load(&set, "[x]\nstage boot\nkaslr maybe\ntitle KASAN: x\nreason r\n", err, sizeof(err)), -1);
	assert_non_null(strstr(err, ":3: unknown kaslr 'maybe' (on, off)"));
}

/* Stress cells and reports before the first test. */
static void stress_and_boot(void **state)
{
	struct known_set set;
	char err[256];
	struct report kbug = mkreport("kernel BUG in action_result", "5555555555555555", 0);
	struct report burst = mkreport("KASAN: wild-memory-access in do_raw_spin_lock", "7777777777777777", 0);
	struct cell s = { .name = "t.devdax.dev.2M.stress-reconfigure.ff", .kind = CELL_STRESS, .ns = &dev_ns,
			  .stress = &reconf };
	const struct known_issue *k;

	(void)state;
	if (load(&set, good, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(apply(&set, rel, &s, V_BUG, NULL, &kbug, 1, NULL), V_XFAIL);
	/* A boot entry explains boot reports only, and only boot entries do. */
	assert_int_equal(apply(&set, rel, &s, V_BUG, NULL, &burst, 1, NULL), V_BUG);
	k = known_match_boot(&set, rel, &burst);
	assert_non_null(k);
	assert_string_equal(k->id, "boot");
	assert_int_equal(k->matched, 1);
	assert_null(known_match_boot(&set, rel, &kbug));
	known_free(&set);
}

static void bad_files(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ "title x\n", ":1: 'title' before the first [id]" },
		{ "[a]\nreason r\n", ":1: [a] needs a title, sig or failure line" },
		{ "[a]\ntitle t\nactions layout\n", ":1: [a] needs a reason line" },
		{ "[a]\ntitle t\nactions layout\n[b]\ntitle u\nreason r\n", ":1: [a] needs a reason line" },
		{ "[a]\ntitle t\nreason r\n", ":1: [a] needs an actions line" },
		{ "[a]\ntitle * in action_result\nactions layout\nreason r\n", ":2: title '* in action_result' starts with a wildcard" },
		{ "[a]\nfailure *grew*\nactions layout\nreason r\n", ":2: failure '*grew*' starts with a wildcard" },
		{ "[a]\ntitle t\nactions corrupt-pfn hammer\nreason r\n", ":3: unknown action 'hammer'" },
		{ "[a]\ntitle t\nactions stress-hammer\nreason r\n", ":3: unknown action 'stress-hammer'" },
		{ "[a]\ntitle t\nactions layout\npoints D\nreason r\n", ":4: unknown point or class 'D'" },
		{ "[a]\ntitle t\nactions layout\nmap disk\nreason r\n", ":4: unknown map (dev, mem) 'disk'" },
		{ "[a]\ntitle t\nactions layout\nmode raw\nreason r\n", ":4: unknown mode (fsdax, devdax, kmem, private, coherent, p2pdma) 'raw'" },
		{ "[a]\nstage early\n", ":2: stage must be boot or test" },
		{ "[a]\nstage boot\ntitle t\nactions layout\nreason r\n", ":1: [a] is a boot report: no cell scope" },
		{ "[a]\nsig 0123\nreason r\n", ":2: sig '0123' is not 16 lower-case hex digits" },
		{ "[a]\nsig 0123456789ABCDEF\nreason r\n", ":2: sig" },
		{ "[a]\ntitle t\nreason r\ncolour red\n", ":4: unknown key 'colour'" },
		{ "[a]\ntitle\nreason r\n", ":2: 'title' needs a value" },
		{ "[a]\ntitle t\nactions layout\nreason r\nreason s\n", ":5: a second 'reason' line" },
		{ "[a]\ntitle t\nactions layout\nreason r\n[a]\ntitle t\nreason r\n", ":5: [a] again (first at line 1)" },
		{ "[a]\ntitle t\nactions layout\nintermittent yes\nreason r\n", ":4: 'intermittent' takes no value" },
		{ "[a]\ntitle t\nactions layout\nintermittent\nrepro *\nreason r\n",
		  ":1: [a] is intermittent: it cannot also always reproduce (repro)" },
		{ "[a]\ntitle t\nactions layout\nkernels 6.3..7\nreason r\n",
		  ":4: unknown kernel glob or range (6.3.., 6.3..7.4) '6.3..7'" },
		{ "[a]\ntitle t\nactions layout\nkernels x..\nreason r\n", ":4: unknown kernel glob or range" },
		{ "[a]\ntitle t\nactions layout\nseen 6.12*\nreason r\n", ":4: unknown kernel release" },
		{ "[a]\ntitle t\nactions layout\nkernels 6.3..7.3\nseen 6.12.117 7.3.4\nreason r\n",
		  ":1: [a] was seen on 7.3.4, which its kernels line leaves out" },
		{ "[a\n", ":1: want '[id]'" },
		{ "[]\n", ":1: want '[id]'" },
	};
	struct known_set set;
	char err[256];

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (load(&set, cases[i].text, err, sizeof(err)) != -1)
			fail_msg("case %zu loaded", i);
		if (!strstr(err, cases[i].err))
			fail_msg("case %zu: '%s' lacks '%s'", i, err, cases[i].err);
	}
	assert_int_equal(known_load(&set, "/nonexistent/known", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "No such file"));
	/* An empty file is a valid, empty list. */
	assert_int_equal(load(&set, "# none yet\n", err, sizeof(err)), 0);
	assert_int_equal(set.nr, 0);
	known_free(&set);
}

/*
 * An intermittent entry (a known flake): its bug is xfail, and a pass
 * where it applies is a pass, not an xpass: nobody is told it is fixed.
 */
static void intermittent(void **state)
{
	static const char text[] =
		"[flake]\n"
		"title    KASAN: slab-use-after-free in dax_alive\n"
		"actions  corrupt-pfn\n"
		"map      mem\n"
		"kernels  6.12*\n"
		"intermittent\n"
		"reason   races a reconfiguration\n"
		"[always]\n"
		"title    kernel BUG in action_result\n"
		"actions  corrupt-pfn\n"
		"map      dev\n"
		"repro    *.A-first.*\n"
		"reason   always\n";
	struct report uaf = mkreport("KASAN: slab-use-after-free in dax_alive", "0000000000000001", 0);
	struct cell mem = mkcell(&mem_ns, "corrupt-pfn", "A-first", "ff");
	struct cell dev = mkcell(&dev_ns, "corrupt-pfn", "A-first", "ff");
	struct known_set set;
	struct json_object *j;
	char err[256], *why, *scope;

	(void)state;
	assert_int_equal(load(&set, text, err, sizeof(err)), 0);
	assert_true(set.v[0].intermittent);
	assert_false(set.v[1].intermittent);
	assert_int_equal(apply(&set, rel, &mem, V_BUG, NULL, &uaf, 1, &why), V_XFAIL);
	assert_non_null(strstr(why, "(known issue flake)"));
	free(why);
	assert_int_equal(apply(&set, rel, &mem, V_PASS, "ok", NULL, 0, NULL), V_PASS);
	/* A repro entry still turns its pass into an xpass. */
	assert_int_equal(apply(&set, rel, &dev, V_PASS, "ok", NULL, 0, NULL), V_XPASS);
	assert_int_equal(set.v[0].xfails, 1);
	assert_int_equal(set.v[0].xpasses, 0);
	scope = known_scope(&set.v[0]);
	assert_string_equal(scope, "kernels 6.12*; actions corrupt-pfn; map mem; intermittent");
	free(scope);
	scope = known_scope(&set.v[1]);
	assert_string_equal(scope, "every kernel; actions corrupt-pfn; map dev");
	free(scope);
	j = known_to_json(&set, rel);
	assert_true(json_object_get_boolean(json_object_object_get(json_object_array_get_idx(j, 0), "intermittent")));
	assert_string_equal(json_object_get_string(json_object_object_get(json_object_array_get_idx(j, 1), "scope")),
			    "every kernel; actions corrupt-pfn; map dev");
	json_object_put(j);
	known_free(&set);
}

/* The titles of every "#! report:" line of the golden logs (tests/golden). */
static int golden_titles(char ***out)
{
	DIR *d = opendir("tests/golden");
	struct dirent *e;
	int n = 0;

	*out = NULL;
	assert_non_null(d);
	while ((e = readdir(d))) {
		char *path, line[1024];
		FILE *f;

		if (!strstr(e->d_name, ".log"))
			continue;
		path = xasprintf("tests/golden/%s", e->d_name);
		f = fopen(path, "r");
		free(path);
		while (f && fgets(line, sizeof(line), f) && !strncmp(line, "#!", 2)) {
			char *t = strstr(line, "#! report: "), *bar, *end;

			if (!t || !(bar = strchr(t, '|')) || !(end = strchr(bar + 1, '|')))
				continue;
			while (end > bar + 1 && end[-1] == ' ')
				end--;
			*end = '\0';
			*out = xrealloc(*out, (n + 1) * sizeof(**out));
			(*out)[n++] = xstrdup(bar + 2);
		}
		if (f)
			fclose(f);
	}
	closedir(d);
	return n;
}

/* Every title of the shipped file was seen: a golden log shows a report it matches. */
static void shipped_titles_are_real(void **state)
{
	struct known_set set;
	char err[256], **titles;
	int n = golden_titles(&titles);

	(void)state;
	assert_true(n > 10);
	if (known_load(&set, "configs/known-issues", err, sizeof(err)))
		fail_msg("%s", err);
	for (int i = 0; i < set.nr; i++)
		for (int j = 0; j < set.v[i].titles.nr; j++) {
			int seen = 0;

			for (int k = 0; k < n && !seen; k++)
				seen = !fnmatch(set.v[i].titles.v[j], titles[k], 0);
			if (!seen)
				fail_msg("[%s] title '%s' matches no report of tests/golden/", set.v[i].id,
					 set.v[i].titles.v[j]);
		}
	for (int k = 0; k < n; k++)
		free(titles[k]);
	free(titles);
	known_free(&set);
}

/* Version ranges: FROM included, TO excluded, by the release's leading version. */
static void kernel_ranges(void **state)
{
	static const char text[] =
		"[open]\ntitle kernel BUG in action_result\nactions corrupt-pfn\nkernels 6.3..\n"
		"seen 6.12.117 7.3.4\nreason r\n"
		"[closed]\ntitle KASAN: x in y\nactions corrupt-pfn\nkernels ..6.1.100 6.12..7.3\nreason r\n";
	static const struct {
		const char *release, *title;
		enum verdict want;
	} cases[] = {
		{ "6.12.117-pmemfi", "kernel BUG in action_result", V_XFAIL },
		{ "7.3.4+deb13-amd64", "kernel BUG in action_result", V_XFAIL },
		{ "7.10.1", "kernel BUG in action_result", V_XFAIL },
		{ "6.3", "kernel BUG in action_result", V_XFAIL },
		{ "6.2.16", "kernel BUG in action_result", V_BUG },
		{ "6.1.0-47-amd64", "kernel BUG in action_result", V_BUG },
		{ "6.1.0-47-amd64", "KASAN: x in y", V_XFAIL },
		{ "6.1.192", "KASAN: x in y", V_BUG },
		{ "6.12.118", "KASAN: x in y", V_XFAIL },
		{ "7.2.13", "KASAN: x in y", V_XFAIL },
		{ "7.3.4-pmemfi", "KASAN: x in y", V_BUG },
		{ "7.3", "KASAN: x in y", V_BUG },
		{ "6.1.100", "KASAN: x in y", V_BUG },
		{ "6.1.99", "KASAN: x in y", V_XFAIL },
		{ "", "KASAN: x in y", V_BUG },
	};
	struct cell c = mkcell(&dev_ns, "corrupt-pfn", "A-first", "ff");
	struct known_set set;
	char err[256];

	(void)state;
	if (load(&set, text, err, sizeof(err)))
		fail_msg("%s", err);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct report r = mkreport(cases[i].title, "5555555555555555", 0);

		if (apply(&set, cases[i].release, &c, V_BUG, NULL, &r, 1, NULL) != cases[i].want)
			fail_msg("case %zu: %s on %s", i, cases[i].title, cases[i].release);
	}
	known_free(&set);
}

/* The shipped file loads, and its entries do what the canaries rely on. */
static void shipped(void **state)
{
	struct known_set set;
	char err[256];
	struct report ar = mkreport("BUG: unable to handle page fault in action_result", "3333333333333333", 0);
	struct report seedbug = mkreport("KASAN: null-ptr-deref in dax_lock_folio", "4444444444444444", 0);
	struct cell ho = mkcell(&dev_ns, "hard-offline", "A-last", "ff");
	struct cell cp = mkcell(&dev_ns, "corrupt-pfn", "A-first", "ff");
	struct cell mem = mkcell(&mem_ns, "corrupt-pfn", "A-first", "ff");

	(void)state;
	if (known_load(&set, "configs/known-issues", err, sizeof(err)))
		fail_msg("%s", err);
	assert_true(set.nr >= 3);
	assert_int_equal(apply(&set, "6.12.117+deb12-amd64", &ho, V_BUG, NULL, &ar, 1, NULL), V_XFAIL);
	assert_int_equal(apply(&set, rel, &cp, V_PASS, NULL, NULL, 0, NULL), V_XPASS);
	assert_int_equal(apply(&set, rel, &cp, V_BUG, NULL, &seedbug, 1, NULL), V_BUG);
	assert_int_equal(apply(&set, "6.1.0-30-amd64", &cp, V_BUG, NULL, &ar, 1, NULL), V_BUG);
	assert_int_equal(apply(&set, rel, &mem, V_BUG, NULL, &ar, 1, NULL), V_BUG);
	assert_int_equal(apply(&set, rel, &mem, V_PASS, NULL, NULL, 0, NULL), V_PASS);
	known_free(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_and_apply),
		cmocka_unit_test(failures),
		cmocka_unit_test(known_report_and_more),
		cmocka_unit_test(stress_and_boot),
		cmocka_unit_test(boot_scopes),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(intermittent),
		cmocka_unit_test(shipped_titles_are_real),
		cmocka_unit_test(kernel_ranges),
		cmocka_unit_test(shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
