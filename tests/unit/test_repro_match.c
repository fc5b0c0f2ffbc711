// SPDX-License-Identifier: GPL-2.0
/*
 * A reproducer's matcher (repro.sh's awk, modes/repro_parts.h) finds
 * every report of every golden log by the title the report engine gives
 * it, as the harness would, and no title the log does not have: the
 * reproducer's "reproduced" is the harness's rule without the harness.
 */
#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "console/console.h"
#include "console/report.h"
#include "lib/util.h"
#include "modes/repro_parts.h"

static char dir[] = "/tmp/pmemfi-test-repro-match.XXXXXX";

/* awk's exit status for the matcher of @tg over @log: 1 shown, 0 not and done, 2 neither. */
static int match(const struct repro_target *tg, const char *frame, const char *log)
{
	struct strbuf awk = STRBUF_INIT;
	char err[256], *path = xasprintf("%s/m.awk", dir);
	char *argv[] = { "awk", "-f", path, (char *)log, NULL };
	int rc;

	assert_int_equal(repro_matcher(".", tg, frame, &awk, err, sizeof(err)), 0);
	assert_int_equal(write_file(path, awk.buf, awk.len), 0);
	rc = run_cmd(argv, NULL, "-", NULL);
	strbuf_release(&awk);
	free(path);
	return rc;
}

/*
 * A known issue's title, with no header seen (repro_alternates()): one of
 * the matchers of the kinds that can carry it finds the report too.
 */
static int by_title_only(const struct report *rep, const char *log)
{
	const char *kinds[8];
	int n = report_title_kinds(rep->title, kinds, 8), hit = 0;

	for (int k = 0; k < n && !hit; k++) {
		struct repro_target tg = { 0 };

		snprintf(tg.title, sizeof(tg.title), "%s", rep->title);
		snprintf(tg.kind, sizeof(tg.kind), "%s", kinds[k]);
		hit = match(&tg, rep->frame, log) == 1;
	}
	/* Lockdep's titles have no fixed start of their kind ("possible deadlock"): none to try. */
	return hit || !strcmp(rep->type, "lockdep");
}

struct golden {
	char *path;
	struct console_log log;
	struct report_set set;
};

static int load_golden(const char *sub, struct golden *g, int max)
{
	DIR *d = opendir(sub);
	struct dirent *e;
	int n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) && n < max) {
		if (!strstr(e->d_name, ".log"))
			continue;
		g[n].path = xasprintf("%s/%s", sub, e->d_name);
		assert_int_equal(console_load(g[n].path, &g[n].log), 0);
		report_scan(g[n].log.lines, g[n].log.nr, &g[n].set);
		n++;
	}
	closedir(d);
	return n;
}

/*
 * Does @g have @rep's title, or a report of its kind the engine found
 * corrupted (interleaved tasks, cut short)? The matcher does not tell
 * interleaved tasks apart: it may find the title there that the engine,
 * seeing the interleaving, left without a frame.
 */
static int has_title(const struct golden *g, const struct report *rep)
{
	for (int i = 0; i < g->set.nr; i++)
		if (!strcmp(g->set.v[i].title, rep->title) ||
		    (g->set.v[i].corrupted && !strcmp(g->set.v[i].kind, rep->kind)))
			return 1;
	return 0;
}

static void every_golden_report(void **state)
{
	static struct golden g[256];
	int n = load_golden("tests/golden", g, 128), found = 0, missed = 0, wrong = 0, tried = 0;

	(void)state;
	n += load_golden("tests/golden/synthetic", g + n, 128);
	for (int i = 0; i < n; i++) {
		for (int r = 0; r < g[i].set.nr; r++) {
			const struct report *rep = &g[i].set.v[r];
			struct repro_target tg;

			if (rep->corrupted)
				continue;
			repro_target_of(rep, g[i].log.lines, &tg);
			if (match(&tg, rep->frame, g[i].path) == 1 && by_title_only(rep, g[i].path)) {
				found++;
			} else {
				printf("# not found: %s: [%s] %s\n", g[i].path, rep->kind, rep->title);
				missed++;
			}
			/* The same matcher over another log without that title. */
			for (int j = (i + 1) % n, tries = 0; tries < 3; j = (j + 1) % n) {
				if (j == i || has_title(&g[j], rep))
					continue;
				tried++;
				tries++;
				if (match(&tg, rep->frame, g[j].path) == 1) {
					printf("# wrongly found in %s: [%s] %s\n", g[j].path, rep->kind, rep->title);
					wrong++;
				}
			}
		}
	}
	printf("# %d reports found, %d missed; %d other logs tried, %d wrongly matched\n", found, missed, tried,
	       wrong);
	assert_true(found > 50);
	assert_int_equal(missed, 0);
	assert_int_equal(wrong, 0);
	for (int i = 0; i < n; i++) {
		report_set_free(&g[i].set);
		console_free(&g[i].log);
		free(g[i].path);
	}
}

/* A failed check: the run's words, numbers aside, on a "repro: FAIL:" line. */
static void failed_check(void **state)
{
	struct repro_target tg = { 0 };
	char *log = xasprintf("%s/console", dir);
	const char *text = "[ 3.1] repro: FAIL: corrupt-pfn at B-mid (pfn 0x100302): got EBUSY, expected ENXIO\n"
			   "repro: done: a check failed\n";

	(void)state;
	snprintf(tg.failure, sizeof(tg.failure), "corrupt-pfn at B-mid (pfn 0x1fff02): got EBUSY, expected ENXIO");
	assert_int_equal(write_file(log, text, strlen(text)), 0);
	assert_int_equal(match(&tg, NULL, log), 1);
	snprintf(tg.failure, sizeof(tg.failure), "corrupt-pfn at B-mid (pfn 0x1fff02): got ok, expected ENXIO");
	assert_int_equal(match(&tg, NULL, log), 0);
	/* No end line: the program never got there. */
	assert_int_equal(write_file(log, text, strlen(text) - strlen("repro: done: a check failed\n")), 0);
	assert_int_equal(match(&tg, NULL, log), 2);
	free(log);
}

static int setup(void **state)
{
	(void)state;
	return mkdtemp(dir) ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	return rm_rf(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(every_golden_report),
		cmocka_unit_test(failed_check),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
