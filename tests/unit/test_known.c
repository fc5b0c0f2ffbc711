// SPDX-License-Identifier: GPL-2.0
/* configs/known-issues: parsing, its errors, and xfail/xpass decisions. */
#include <json-c/json.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "../../harness/known.h"
#include "../../harness/report.h"
#include "../../harness/util.h"

static const char good[] =
	"# comment\n"
	"[ar]\n"
	"title    * in action_result\n"
	"tests    *.A-*\n"
	"repro    *.corrupt-pfn.A-*.ff\n"
	"kernels  6.1[0-9]*\n"
	"link     https://example.org/x\n"
	"reason   reads an uninitialized struct page\n"
	"\n"
	"[sig-only]\n"
	"  sig 0123456789abcdef   \n"
	"reason   by signature\n";

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

/* The verdict known_apply() leaves for a test with these reports. */
static enum verdict apply(struct known_set *set, const char *release, const char *test,
			  enum verdict v, const struct report *reps, int n, char **reason)
{
	const struct report *ptrs[4];
	struct verdict_out out = { .v = v, .reason = xstrdup("orig"), .report = n ? &reps[0] : NULL };

	for (int i = 0; i < n; i++)
		ptrs[i] = &reps[i];
	known_apply(set, release, test, ptrs, n, &out);
	if (reason)
		*reason = out.reason;
	else
		free(out.reason);
	return out.v;
}

static void parse_and_apply(void **state)
{
	struct known_set set;
	char err[256], *why;
	struct report ar = mkreport("kernel BUG in action_result", "1111111111111111", 0);
	struct report other = mkreport("KASAN: null-ptr-deref in dax_lock_folio", "0123456789abcdef", 0);
	struct report unknown = mkreport("WARNING in foo", "2222222222222222", 0);
	struct report corrupt = mkreport("kernel BUG in action_result", "1111111111111111", 1);
	struct report two[2] = { ar, unknown };
	const char *a = "n.devdax.dev.2M.corrupt-pfn.A-first.ff";

	(void)state;
	if (load(&set, good, err, sizeof(err)))
		fail_msg("%s", err);
	assert_int_equal(set.nr, 2);
	assert_string_equal(set.v[0].id, "ar");
	assert_int_equal(set.v[0].nr_titles, 1);
	assert_string_equal(set.v[0].titles[0], "* in action_result");
	assert_int_equal(set.v[1].nr_kernels, 0);

	/* A matching bug on a matching kernel and test: xfail, title kept in the reason. */
	assert_int_equal(apply(&set, "6.12.117-pmemfi", a, V_BUG, &ar, 1, &why), V_XFAIL);
	assert_string_equal(why, "kernel BUG in action_result (known issue ar)");
	free(why);
	/* Another kernel, another test, a corrupted report: still a bug. */
	assert_int_equal(apply(&set, "6.1.0", a, V_BUG, &ar, 1, NULL), V_BUG);
	assert_int_equal(apply(&set, "6.12.1", "n.devdax.dev.2M.corrupt-pfn.B-mid.ff", V_BUG, &ar, 1, NULL),
			 V_BUG);
	assert_int_equal(apply(&set, "6.12.1", a, V_BUG, &corrupt, 1, NULL), V_BUG);
	/* One unknown report among known ones keeps it a bug, titled by the unknown one. */
	assert_int_equal(apply(&set, "6.12.1", a, V_BUG, two, 2, &why), V_BUG);
	assert_string_equal(why, "WARNING in foo");
	free(why);
	/* A signature entry without tests or kernels applies everywhere. */
	assert_int_equal(apply(&set, "5.10", "x.y", V_BUG, &other, 1, NULL), V_XFAIL);
	/* A pass in the repro scope is an xpass; outside it, a pass. */
	assert_int_equal(apply(&set, "6.12.1", a, V_PASS, NULL, 0, &why), V_XPASS);
	assert_non_null(strstr(why, "known issue ar did not reproduce"));
	free(why);
	assert_int_equal(apply(&set, "6.12.1", "n.devdax.dev.2M.corrupt-pfn.A-first.zero", V_PASS, NULL, 0, NULL),
			 V_PASS);
	assert_int_equal(apply(&set, "6.1.0", a, V_PASS, NULL, 0, NULL), V_PASS);
	/* Failures are never excused. */
	assert_int_equal(apply(&set, "6.12.1", a, V_FAIL, NULL, 0, NULL), V_FAIL);

	assert_int_equal(set.v[0].xfails, 1);
	assert_int_equal(set.v[0].xpasses, 1);
	assert_int_equal(set.v[1].xfails, 1);
	{
		struct json_object *j = known_to_json(&set, "6.1.0");

		/* "ar" does not apply to 6.1: only the sig entry is listed. */
		assert_int_equal(json_object_array_length(j), 1);
		json_object_put(j);
	}
	known_free(&set);
}

static void bad_files(void **state)
{
	static const struct {
		const char *text, *err;
	} cases[] = {
		{ "title x\n", ":1: 'title' before the first [id]" },
		{ "[a]\nreason r\n", ":1: [a] needs a title or sig line" },
		{ "[a]\ntitle t\n", ":1: [a] needs a reason line" },
		{ "[a]\ntitle t\n[b]\ntitle u\nreason r\n", ":1: [a] needs a reason line" },
		{ "[a]\nsig 0123\nreason r\n", ":2: sig '0123' is not 16 lower-case hex digits" },
		{ "[a]\nsig 0123456789ABCDEF\nreason r\n", ":2: sig" },
		{ "[a]\ntitle t\nreason r\ncolour red\n", ":4: unknown key 'colour'" },
		{ "[a]\ntitle\nreason r\n", ":2: 'title' needs a value" },
		{ "[a]\ntitle t\nreason r\nreason s\n", ":4: a second 'reason' line" },
		{ "[a]\ntitle t\nreason r\n[a]\ntitle t\nreason r\n", ":4: [a] again (first at line 1)" },
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

/* The shipped file loads, and its entries do what the canaries rely on. */
static void shipped(void **state)
{
	struct known_set set;
	char err[256];
	struct report ar = mkreport("BUG: unable to handle page fault in action_result", "3333333333333333", 0);
	struct report seedbug = mkreport("KASAN: null-ptr-deref in dax_lock_folio", "4444444444444444", 0);

	(void)state;
	if (known_load(&set, "configs/known-issues", err, sizeof(err)))
		fail_msg("%s", err);
	assert_true(set.nr >= 3);
	assert_int_equal(apply(&set, "6.12.117+deb12-amd64", "one-nvdimm.devdax.dev.2M.hard-offline.A-last.ff",
			       V_BUG, &ar, 1, NULL), V_XFAIL);
	assert_int_equal(apply(&set, "6.12.117-pmemfi", "one-nvdimm.devdax.dev.2M.corrupt-pfn.A-first.ff",
			       V_PASS, NULL, 0, NULL), V_XPASS);
	assert_int_equal(apply(&set, "6.12.117-pmemfi", "one-nvdimm.devdax.dev.2M.corrupt-pfn.A-first.ff",
			       V_BUG, &seedbug, 1, NULL), V_BUG);
	assert_int_equal(apply(&set, "6.1.0-30-amd64", "one-nvdimm.devdax.dev.2M.corrupt-pfn.A-first.ff",
			       V_BUG, &ar, 1, NULL), V_BUG);
	known_free(&set);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_and_apply),
		cmocka_unit_test(bad_files),
		cmocka_unit_test(shipped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
