// SPDX-License-Identifier: GPL-2.0
#include "lib/lock.h"
#include "lib/stop.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <time.h>
#include <unistd.h>

#include "lib/util.h"

/* How often a waiter tries the lock, and how long it gives a new holder to say who it is. */
#define LOCK_POLL_NS	200000000L
#define LOCK_SAY_WITHIN	2.0
/* A waiter says it still waits this often. */
#define LOCK_REMIND	60.0

/* Say who we are in the lock file: the next waiter reads it. */
static void say_holder(int fd, const char *what, const char *progress)
{
	char buf[2048];
	int n = snprintf(buf, sizeof(buf), "pid %d\nwhat %s\nprogress %s\n", (int)getpid(), what,
			 progress ? progress : "-");

	if (ftruncate(fd, 0) || pwrite(fd, buf, n < (int)sizeof(buf) ? n : (int)sizeof(buf) - 1, 0) < 0)
		info("cannot say who holds the lock: %s", strerror(errno));
}

/* The value of @key in the holder's lines @text, into @out. */
static void holder_field(const char *text, const char *key, char *out, size_t len)
{
	size_t n = strlen(key);

	snprintf(out, len, "?");
	for (const char *l = text; l && *l; l = strchr(l, '\n') ? strchr(l, '\n') + 1 : NULL)
		if (!strncmp(l, key, n) && l[n] == ' ') {
			snprintf(out, len, "%.*s", (int)strcspn(l + n + 1, "\n"), l + n + 1);
			return;
		}
}

/*
 * "waiting for pid N (WHAT; progress: FILE)", once the holder has said who
 * it is (or after a while). Returns its pid, -1 when it did not say.
 */
static int say_waiting(int fd, const char *path, double since, int again)
{
	char buf[2048], pid[32], what[1024], progress[1024];
	ssize_t n;

	for (;;) {
		n = pread(fd, buf, sizeof(buf) - 1, 0);
		buf[n > 0 ? n : 0] = '\0';
		if (strstr(buf, "progress ") || now_mono() - since >= LOCK_SAY_WITHIN)
			break;
		usleep(50000);
	}
	holder_field(buf, "pid", pid, sizeof(pid));
	holder_field(buf, "what", what, sizeof(what));
	holder_field(buf, "progress", progress, sizeof(progress));
	if (atoi(pid) <= 0) {
		/* A holder that writes no pid: a pmemfi from before lock holders said who they are. */
		msg("%swaiting for a process that did not say who it is to release %s", again ? "still " : "", path);
		return -1;
	}
	msg("%swaiting for pid %s (%s; progress: %s) to release %s", again ? "still " : "", pid, what, progress,
	    path);
	return atoi(pid);
}

int lock_take(const char *path, const char *what, const char *progress, int *waited)
{
	int fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	double since = now_mono(), said;
	struct timespec poll = { 0, LOCK_POLL_NS };

	*waited = 0;
	if (fd < 0)
		return -1;
	if (flock(fd, LOCK_EX | LOCK_NB)) {
		if (errno != EWOULDBLOCK) {
			close(fd);
			return -1;
		}
		*waited = say_waiting(fd, path, since, 0);
		said = now_mono();
		while (flock(fd, LOCK_EX | LOCK_NB)) {
			if (errno != EWOULDBLOCK || stop_requested) {
				errno = errno == EWOULDBLOCK ? EINTR : errno;
				close(fd);
				return -1;
			}
			if (now_mono() - said >= LOCK_REMIND) {
				say_waiting(fd, path, now_mono() - LOCK_SAY_WITHIN, 1);
				said = now_mono();
			}
			nanosleep(&poll, NULL);
		}
		msg("%s is free after %.0f s: looking at the cache again", path, now_mono() - since);
	}
	say_holder(fd, what, progress);
	return fd;
}

void lock_release(int fd)
{
	if (fd >= 0)
		close(fd);
}
