// SPDX-License-Identifier: GPL-2.0
#include "lab.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"

#define POLL_MS	2000

int lava_run(char *const argv[], const char *out)
{
	int st;
	pid_t pid = fork();

	if (pid < 0)
		return -1;
	if (!pid) {
		int fd = out ? open(out, O_WRONLY | O_CREAT | O_TRUNC, 0644) : -1;

		if (out && (fd < 0 || dup2(fd, STDOUT_FILENO) < 0))
			_exit(126);
		execvp(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) && !WEXITSTATUS(st) ? 0 : -1;
}

/* lavacli -i IDENTITY jobs VERB ARG [--yaml|--raw], its output in @out. */
static int lavacli(const struct lava_conf *c, const char *verb, const char *arg, const char *flag,
		   const char *out)
{
	char *argv[] = { "lavacli", "-i", (char *)c->identity, "jobs", (char *)verb,
			 (char *)(flag ? flag : arg), (char *)(flag ? arg : NULL), NULL };

	return lava_run(argv, out);
}

/* The value of "key: value" in a YAML file (lavacli's --yaml show), or "". */
static void yaml_value(const char *path, const char *key, char *out, int outlen)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p;
	size_t kl = strlen(key);

	*out = 0;
	if (read_file(path, &sb))
		return;
	for (p = sb.buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : NULL) {
		if (!strncmp(p, key, kl) && p[kl] == ':') {
			p += kl + 1 + strspn(p + kl + 1, " '\"");
			snprintf(out, outlen, "%.*s", (int)strcspn(p, "'\"\n"), p);
			break;
		}
	}
	strbuf_release(&sb);
}

int lava_run_job(const struct lava_conf *c, const struct lava_job *j, struct peer *p,
		 char *health, int hlen, char *err, int errlen)
{
	char *tmp = xasprintf("%s.show", j->yaml), id[32], state[64];
	int rc = -1;

	if (lavacli(c, "submit", j->yaml, NULL, tmp)) {
		snprintf(err, errlen, "lavacli -i %s jobs submit %s failed", c->identity, j->yaml);
		goto out;
	}
	{
		struct strbuf sb = STRBUF_INIT;

		read_file(tmp, &sb);
		snprintf(id, sizeof(id), "%.*s", (int)strcspn(sb.buf, "\n"), sb.buf);
		strbuf_release(&sb);
	}
	fprintf(stderr, "pmemfi-lava-vm: job %s (%d steps) submitted as %s\n", j->key, j->nr_steps, id);
	for (;;) {
		if (peer_service(p, POLL_MS)) {
			lavacli(c, "cancel", id, NULL, NULL);
			snprintf(err, errlen, "the harness stopped the VM: LAVA job %s canceled", id);
			goto out;
		}
		if (lavacli(c, "show", id, "--yaml", tmp))
			continue;	/* the server may be busy; its job is still there */
		yaml_value(tmp, "state", state, sizeof(state));
		if (!strcmp(state, "Finished"))
			break;
	}
	yaml_value(tmp, "health", health, hlen);
	if (lavacli(c, "logs", id, "--raw", j->log)) {
		snprintf(err, errlen, "lavacli jobs logs --raw %s failed", id);
		goto out;
	}
	fprintf(stderr, "pmemfi-lava-vm: job %s finished: %s\n", id, health);
	rc = 0;
out:
	unlink(tmp);
	free(tmp);
	return rc;
}
