/* SPDX-License-Identifier: GPL-2.0 */
/*
 * lock.h - an exclusive lock between pmemfi processes on something the
 * cache holds (a kernel's work tree, an unpacked source, a fetched kernel,
 * a guest image) that tells a waiter whom it waits for. The holder writes
 * its pid, what it does and where its progress shows into the lock file;
 * another pmemfi that finds the lock taken says so at once (one line:
 * "waiting for pid N (WHAT; progress: FILE)"), again each minute, and
 * when it gets the lock it looks at the cache again before doing the work
 * itself: what the first one made is reused, not made twice.
 */
#ifndef PMEMFI_LOCK_H
#define PMEMFI_LOCK_H

/*
 * Take the lock file @path for @what (a phrase: "kernel build of X")
 * whose progress is in @progress (a log, or NULL). Returns its fd, or -1
 * with errno (EINTR: a stop was asked for while it waited). *@waited is
 * the pid of the process that held it (-1 when it did not say), 0 when
 * none did: when not 0, the caller's work may be done now.
 */
int lock_take(const char *path, const char *what, const char *progress, int *waited);

/* Release the lock taken by lock_take() (-1: none). */
void lock_release(int fd);

#endif
