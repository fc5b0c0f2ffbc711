// SPDX-License-Identifier: GPL-2.0
#include "modes/subrun.h"

#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "lib/util.h"

static volatile sig_atomic_t *stop_flag;

void subrun_stop_on(volatile sig_atomic_t *stop)
{
	stop_flag = stop;
}

/* Names in @dir, one strvec entry each, but "latest". */
static void list_dir(const char *dir, struct strvec *names)
{
	DIR *d = opendir(dir);
	struct dirent *e;

	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, "latest"))
			strvec_push(names, e->d_name);
	if (d)
		closedir(d);
}

static int listed(const struct strvec *names, const char *s)
{
	for (int i = 0; i < names->nr; i++)
		if (!strcmp(names->v[i], s))
			return 1;
	return 0;
}

int subrun(char *const args[], const char *parent, char **run_dir)
{
	struct strvec before = STRVEC_INIT, after = STRVEC_INIT, argv = STRVEC_INIT;
	char self[4096];
	ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
	int status = 0, rc;
	pid_t pid;

	*run_dir = NULL;
	if (n <= 0 || mkdir_p(parent))
		return EXIT_INFRA;
	self[n] = '\0';
	list_dir(parent, &before);
	strvec_push(&argv, self);
	strvec_push(&argv, "run");
	for (int i = 0; args[i]; i++)
		strvec_push(&argv, args[i]);
	strvec_push(&argv, "--results");
	strvec_push(&argv, parent);
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid == 0) {
		/*
		 * Not @self: a rebuild during a long release replaces that
		 * file, and the name then points at nothing or at other code.
		 */
		execv("/proc/self/exe", argv.v);
		fprintf(stderr, "pmemfi: cannot run %s: %s\n", self, strerror(errno));
		_exit(EXIT_INFRA);
	}
	while (pid > 0 && waitpid(pid, &status, 0) < 0) {
		if (errno != EINTR)
			break;
		/*
		 * A ^C at the terminal reached the child too; a SIGTERM to
		 * the mode alone did not: pass it on, then wait for the
		 * child to write its results.
		 */
		if (stop_flag && *stop_flag)
			kill(pid, SIGINT);
	}
	if (pid < 0)
		rc = EXIT_INFRA;
	else if (WIFSIGNALED(status) || (stop_flag && *stop_flag))
		rc = EXIT_INTERRUPTED;
	else
		rc = WEXITSTATUS(status);
	list_dir(parent, &after);
	for (int i = 0; i < after.nr && !*run_dir; i++)
		if (!listed(&before, after.v[i]))
			*run_dir = xasprintf("%s/%s", parent, after.v[i]);
	strvec_clear(&before);
	strvec_clear(&after);
	strvec_clear(&argv);
	return rc;
}
