// SPDX-License-Identifier: GPL-2.0
#include "job.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "common/ctl.h"
#include "lab.h"
#include "lib/util.h"

#define PLAN_IN_IMAGE	"etc/pmemfi/plan"	/* vm-images/init runs it without a host */
#define DEPLOY_ALLOWANCE 600	/* seconds to fetch and unpack the files */
#define BOOT_ALLOWANCE	600	/* seconds from QEMU's start to the first step, under TCG */

static int count_steps(const char *plan)
{
	int n = 0;

	for (const char *p = plan; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL)
		n += !strncmp(p, "run ", 4);
	return n;
}

int lava_job_init(struct lava_job *j, const struct lava_conf *c, const struct vm_args *a,
		  const char *plan_path, char *err, int errlen)
{
	uint64_t h = FNV1A64_INIT, hk, hi;
	struct strbuf sb = STRBUF_INIT;
	size_t len;

	memset(j, 0, sizeof(*j));
	if (!plan_path || read_file(plan_path, &sb)) {
		snprintf(err, errlen, "no plan for this VM ($PMEMFI_VM_PLAN %s): only a cold VM can be a job",
			 plan_path ? plan_path : "unset");
		return -1;
	}
	j->plan = sb.buf;
	len = sb.len;
	if (fnv1a64_file(a->kernel, &hk) || fnv1a64_file(a->initrd, &hi)) {
		snprintf(err, errlen, "cannot read %s or %s: %s", a->kernel, a->initrd, strerror(errno));
		return -1;
	}
	h = fnv1a64(j->plan, len, h);
	h = fnv1a64(&hk, sizeof(hk), h);
	h = fnv1a64(&hi, sizeof(hi), h);
	h = fnv1a64(a->append, strlen(a->append), h);
	h = fnv1a64(&c->step_timeout, sizeof(c->step_timeout), h);
	h = fnv1a64(a->memory, strlen(a->memory), h);
	for (int i = 0; i < a->nr_extra; i++)
		h = fnv1a64(a->extra[i], strlen(a->extra[i]) + 1, h);
	for (int i = 0; i < a->nr_media; i++)
		h = fnv1a64(a->media[i].object, strlen(a->media[i].object) + 1, h);
	snprintf(j->key, sizeof(j->key), "%016llx", (unsigned long long)h);
	j->yaml = xasprintf("%s/%s.yaml", c->dir, j->key);
	j->log = xasprintf("%s/%s.log", c->dir, j->key);
	j->nr_steps = count_steps(j->plan);
	return 0;
}

/* One newc cpio entry; @data NULL with @len 0 ends the archive's name list. */
static void cpio_entry(FILE *f, const char *name, unsigned mode, const char *data, size_t len)
{
	size_t nl = strlen(name) + 1;
	static const char zero[4];

	fprintf(f, "070701%08X%08X%08X%08X%08X%08X%08zX%08X%08X%08X%08X%08zX%08X",
		0u, mode, 0u, 0u, 1u, 0u, len, 0u, 0u, 0u, 0u, nl, 0u);
	fwrite(name, 1, nl, f);
	fwrite(zero, 1, (4 - (110 + nl) % 4) % 4, f);
	fwrite(data, 1, len, f);
	fwrite(zero, 1, (4 - len % 4) % 4, f);
}

/* The image with the plan appended: the kernel unpacks concatenated archives in order. */
static int plan_initrd(const struct lava_job *j, const char *initrd, const char *out)
{
	char *argv[] = { "cp", "--", (char *)initrd, (char *)out, NULL };
	FILE *f;

	if (lava_run(argv, NULL) || !(f = fopen(out, "a")))
		return -1;
	cpio_entry(f, PLAN_IN_IMAGE, 0100644, j->plan, strlen(j->plan));
	cpio_entry(f, "TRAILER!!!", 0, "", 0);
	return fclose(f);
}

static int stage(const struct lava_job *j, const struct lava_conf *c, const struct vm_args *a,
		 const char *dir)
{
	char *p;
	int rc;

	mkdir(dir, 0755);
	p = xasprintf("%s/kernel", dir);
	unlink(p);
	rc = link(a->kernel, p) && symlink(a->kernel, p);
	free(p);
	p = xasprintf("%s/initrd.cpio", dir);
	rc = rc || plan_initrd(j, a->initrd, p);
	free(p);
	for (int i = 0; !rc && i < a->nr_media; i++) {
		/* Seeded media are mostly one byte repeated: they compress to almost nothing. */
		char *gz[] = { "gzip", "-1", "-c", "--", a->media[i].path, NULL };

		p = xasprintf("%s/%s%s", dir, a->media[i].name, c->gzip ? ".gz" : "");
		unlink(p);
		if (c->gzip) {
			rc = lava_run(gz, p);
		} else if (link(a->media[i].path, p)) {
			/* Another file system: a copy (sparse where the media are). */
			char *cp[] = { "cp", "--sparse=always", "--", a->media[i].path, p, NULL };

			rc = lava_run(cp, NULL);
		}
		free(p);
	}
	return rc;
}

void lava_job_unstage(const struct lava_job *j, const struct lava_conf *c)
{
	char *dir = xasprintf("%s/%s", c->artifacts, j->key);
	char *argv[] = { "rm", "-rf", "--", dir, NULL };

	lava_run(argv, NULL);
	free(dir);
}

/* LAVA's results for the lab's own pages: each step by its exit status (not a verdict). */
static void write_monitor(FILE *f, long timeout)
{
	fprintf(f, "- test:\n"
		   "    timeout: {seconds: %ld}\n"
		   "    monitors:\n"
		   "    - name: pmemfi\n"
		   "      start: '" CTL_CONSOLE_PREFIX "hello'\n"
		   "      end: '" CTL_CONSOLE_PREFIX "done'\n"
		   "      pattern: '" CTL_CONSOLE_PREFIX "end (?P<test_case_id>\\S+) "
		   "(?P<result>exit:0(?!\\d)|exit:4(?!\\d)|exit|signal)'\n"
		   "      fixupdict: {'exit:0': pass, 'exit:4': skip, exit: fail, signal: fail}\n", timeout);
}

/*
 * What the job may take: the guest ends a step at the test timeout (plus
 * its sysrq grace), so a job needs at most its boot and that per step; the
 * user's limit caps it.
 */
static long job_timeout(const struct lava_job *j, const struct lava_conf *c)
{
	long t = BOOT_ALLOWANCE + (long)j->nr_steps * (c->step_timeout + CTL_SYSRQ_GRACE);

	return c->step_timeout > 0 && t < c->timeout ? t : c->timeout;
}

int lava_job_write(const struct lava_job *j, const struct lava_conf *c, const struct vm_args *a,
		   char *err, int errlen)
{
	char *dir = xasprintf("%s/%s", c->artifacts, j->key);
	long timeout = job_timeout(j, c);
	FILE *f;

	if (stage(j, c, a, dir)) {
		snprintf(err, errlen, "cannot stage the job's files in %s: %s", dir, strerror(errno));
		free(dir);
		return -1;
	}
	free(dir);
	f = fopen(j->yaml, "w");
	if (!f) {
		snprintf(err, errlen, "%s: %s", j->yaml, strerror(errno));
		return -1;
	}
	fprintf(f, "# pmemfi VM, %d steps (lava/job.h)\n"
		   "device_type: %s\njob_name: pmemfi-%s\npriority: medium\nvisibility: public\n"
		   "timeouts:\n  job: {seconds: %ld}\n  action: {seconds: %ld}\n"
		   "context:\n  arch: amd64\n  memory: '%s'\n  extra_options:\n",
		j->nr_steps, c->device_type, j->key, timeout + DEPLOY_ALLOWANCE, timeout, a->memory);
	for (int i = 0; i < a->nr_extra; i++)
		fprintf(f, "  - '%s'\n", a->extra[i]);
	fprintf(f, "actions:\n- deploy:\n    timeout: {seconds: %d}\n    to: tmpfs\n    images:\n"
		   "      kernel:\n        image_arg: '-kernel {kernel} -append \"%s pmemfi.step_timeout=%d\"'\n"
		   "        url: %s/%s/kernel\n"
		   "      ramdisk:\n        image_arg: '-initrd {ramdisk}'\n        url: %s/%s/initrd.cpio\n",
		DEPLOY_ALLOWANCE, a->append, c->step_timeout, c->url, j->key, c->url, j->key);
	for (int i = 0; i < a->nr_media; i++)
		fprintf(f, "      %s:\n        image_arg: '-object %s'\n        url: %s/%s/%s%s\n%s",
			a->media[i].name, a->media[i].object, c->url, j->key, a->media[i].name,
			c->gzip ? ".gz" : "", c->gzip ? "        compression: gz\n" : "");
	fprintf(f, "- boot:\n    method: qemu\n    media: tmpfs\n    timeout: {seconds: %d}\n", BOOT_ALLOWANCE);
	write_monitor(f, timeout);
	if (fclose(f)) {
		snprintf(err, errlen, "%s: %s", j->yaml, strerror(errno));
		return -1;
	}
	return 0;
}
