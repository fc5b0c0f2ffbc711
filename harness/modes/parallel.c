// SPDX-License-Identifier: GPL-2.0
#include "modes/parallel.h"

#include <errno.h>
#include <json-c/json.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/json.h"
#include "lib/stop.h"
#include "lib/util.h"
#include "modes/subrun.h"
#include "results/history.h"
#include "results/merge.h"
#include "results/results.h"
#include "results/summary.h"

/* MiB a VM's QEMU needs beyond its guest RAM, and what the host keeps for itself. */
#define VM_OVERHEAD_MB	512
#define HOST_RESERVE_MB	1024

struct child {
	pid_t pid;
	int status;		/* exit status once reaped */
	char *parent;		/* its --results */
	char *log;		/* its stdout and stderr */
	long shown;		/* bytes of the log already looked at */
};

static long long mem_available_mb(void)
{
	char line[256];
	long long kb = -1;
	FILE *f = fopen("/proc/meminfo", "r");

	while (f && fgets(line, sizeof(line), f))
		if (sscanf(line, "MemAvailable: %lld kB", &kb) == 1)
			break;
	if (f)
		fclose(f);
	return kb < 0 ? -1 : kb >> 10;
}

int parallel_jobs(int want, long long vm_mb)
{
	long long avail = mem_available_mb();
	int n = want > 0 ? want : (int)sysconf(_SC_NPROCESSORS_ONLN);

	if (avail > 0 && vm_mb > 0) {
		long long fit = (avail - HOST_RESERVE_MB) / (vm_mb + VM_OVERHEAD_MB);

		if (fit < n)
			n = (int)fit;
	}
	return n < 1 ? 1 : n;
}

static int start_child(struct child *c, char *const *args, int k, int n)
{
	struct strvec argv = STRVEC_INIT;
	int fd;

	subrun_argv(&argv, args, c->parent);
	strvec_push(&argv, "--shard");
	strvec_pushf(&argv, "%d/%d", k, n);
	fd = open(c->log, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	fflush(stdout);
	fflush(stderr);
	c->pid = fd < 0 ? -1 : fork();
	if (c->pid == 0) {
		dup2(fd, STDOUT_FILENO);
		dup2(fd, STDERR_FILENO);
		execv(argv.v[0], argv.v);
		_exit(127);
	}
	if (fd >= 0)
		close(fd);
	strvec_clear(&argv);
	return c->pid < 0 ? -1 : 0;
}

/* "[ 12/36] ..." -> the text after the counter, or NULL. */
static const char *test_line(const char *l)
{
	int a, b, n = 0;

	return sscanf(l, "[%d/%d]%n", &a, &b, &n) == 2 && n ? l + n : NULL;
}

/*
 * Show what child @k wrote since last time: its per-test lines numbered
 * for the whole run (*@done of @total), its other lines as its own.
 */
static void show_new(struct child *c, int k, int *done, int total, double t0)
{
	struct strbuf sb = STRBUF_INIT;
	FILE *f = fopen(c->log, "r");
	char buf[8192], *line, *next;
	size_t got;

	/* Only what is new: the log of a long run grows all the while. */
	if (f && !fseek(f, c->shown, SEEK_SET))
		while ((got = fread(buf, 1, sizeof(buf), f)) > 0)
			strbuf_add(&sb, buf, got);
	if (f)
		fclose(f);
	for (line = sb.buf; line && (next = strchr(line, '\n')); line = next + 1) {
		const char *rest;

		*next = '\0';
		rest = test_line(line);
		if (rest) {
			double t = now_mono() - t0;

			++*done;
			printf("[%3d/%d]%s", *done, total, rest);
			if (*done < total)
				printf("  (ETA %.0f s)", t / *done * (total - *done));
			putchar('\n');
		} else if (*line && strncmp(line, "== pmemfi", 9) && line[0] != ' ') {
			printf("shard %d: %s\n", k, line);
		}
		c->shown += next + 1 - line;
	}
	fflush(stdout);
	strbuf_release(&sb);
}

/* Wait for every child, showing their progress. */
static void watch_children(struct child *c, int n, int total)
{
	double t0 = now_mono();
	int running = n, done = 0, stopped = 0;

	while (running) {
		usleep(200000);
		if (stop_requested && !stopped) {
			/* Each child keeps what it finished, as a run does on ^C. */
			for (int k = 0; k < n; k++)
				if (c[k].pid > 0)
					kill(c[k].pid, SIGINT);
			stopped = 1;
		}
		for (int k = 0; k < n; k++) {
			show_new(&c[k], k + 1, &done, total, t0);
			if (c[k].pid > 0 && waitpid(c[k].pid, &c[k].status, WNOHANG) == c[k].pid) {
				c[k].pid = 0;
				running--;
				show_new(&c[k], k + 1, &done, total, t0);
			}
		}
	}
}

/* Which exit that is not a verdict outweighs which: ^C, then the infrastructure, then usage. */
static int weight(int code)
{
	return code == EXIT_INTERRUPTED ? 3 : code == EXIT_USAGE ? 1 : 2;
}

/* The worst of the children's exits that is not a verdict: 2, 3, 130; 0 when none. */
static int child_failure(const struct child *c, int n)
{
	int rc = stop_requested ? EXIT_INTERRUPTED : 0;

	for (int k = 0; k < n; k++) {
		int st = c[k].status, code = WIFEXITED(st) ? WEXITSTATUS(st) : EXIT_INTERRUPTED;

		if (code == EXIT_OK || code == EXIT_FAILED)
			continue;
		msg("-j: shard %d/%d ended with exit %d (see %s)", k + 1, n, code, c[k].log);
		if (!rc || weight(code) > weight(rc))
			rc = code;
	}
	return rc;
}

/* Merge the children's runs under @results; the exit of the merged verdicts. */
static int merge_children(struct child *c, int n, const char *results, double t0)
{
	char **dirs = xcalloc(n + 1, sizeof(char *)), err[1024];
	struct results r;
	struct merge m;
	int rc = EXIT_INFRA;

	for (int k = 0; k < n; k++) {
		struct strvec names = STRVEC_INIT;

		history_names(c[k].parent, &names);
		dirs[k] = names.nr ? xasprintf("%s/%s", c[k].parent, names.v[0]) : xstrdup(c[k].parent);
		strvec_clear(&names);
	}
	if (merge_load(&m, dirs, n, err, sizeof(err))) {
		msg("-j: the shards do not merge: %s", err);
	} else if (merge_write(&m, results, &r, err, sizeof(err))) {
		msg("-j: %s", err);
		merge_free(&m);
	} else {
		/* The command that ran, not a shard's. */
		json_object_object_add(r.manifest, "argv", json_process_argv());
		results_manifest(&r, json_object_get(r.manifest));
		/* The wall time of the whole run, not the shards' sum. */
		r.started = t0;
		printf("\n== pmemfi: %d tests in %d shards at once:", r.done, n);
		summary_print_counts(stdout, r.counts, r.vms);
		summary_print(stdout, r.tests, r.manifest, r.dir);
		printf("   time: %.1f s in all\n   results: %s\n", now_mono() - t0, r.dir);
		rc = results_exit_code(&r);
		results_close(&r, "complete", NULL);
		if (r.write_error)
			rc = EXIT_INFRA;
		results_free(&r);
		merge_free(&m);
	}
	for (int k = 0; k < n; k++)
		free(dirs[k]);
	free(dirs);
	return rc;
}

int parallel_run(char *const *args, int jobs, int total, const char *results)
{
	char *tmp = xasprintf("%s/.parallel.XXXXXX", results);
	struct child *c = xcalloc(jobs, sizeof(*c));
	double t0 = now_mono();
	int rc = EXIT_INFRA;

	if (mkdir_p(results) || !mkdtemp(tmp)) {
		msg("-j: cannot make a directory in %s: %s", results, strerror(errno));
		free(tmp);
		free(c);
		return EXIT_INFRA;
	}
	for (int k = 0; k < jobs; k++) {
		c[k].parent = xasprintf("%s/shard-%d", tmp, k + 1);
		c[k].log = xasprintf("%s/shard-%d.log", tmp, k + 1);
		if (mkdir_p(c[k].parent) || start_child(&c[k], args, k + 1, jobs)) {
			msg("-j: cannot start shard %d: %s", k + 1, strerror(errno));
			c[k].pid = 0;
			c[k].status = EXIT_INFRA << 8;
		}
	}
	printf("pmemfi: -j %d: %d tests as %d shards at once, each its own VMs (logs in %s)\n", jobs,
	       total, jobs, tmp);
	watch_children(c, jobs, total);
	rc = child_failure(c, jobs);
	if (!rc)
		rc = merge_children(c, jobs, results, t0);
	if (rc == EXIT_OK || rc == EXIT_FAILED)
		rm_rf(tmp);
	else
		msg("-j: the shards' runs are kept in %s", tmp);
	for (int k = 0; k < jobs; k++) {
		free(c[k].parent);
		free(c[k].log);
	}
	free(c);
	free(tmp);
	return rc;
}
