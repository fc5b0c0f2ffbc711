/* SPDX-License-Identifier: GPL-2.0 */
/*
 * qmp.h - a small QMP client (json-c): the only way pmemfi controls a
 * running QEMU (quit, and machine-check injection through HMP "mce").
 */
#ifndef PMEMFI_QMP_H
#define PMEMFI_QMP_H

struct json_object;
struct qmp;

/* Take over connected socket @fd: read the greeting, negotiate capabilities. */
struct qmp *qmp_open(int fd, double timeout, char *err, int errlen);

/*
 * Run @cmd with @args (NULL for none; ownership passes to the call).
 * Returns the "return" member (caller json_object_put()s it), or NULL with
 * the error class and description in @err. Asynchronous events are skipped.
 */
struct json_object *qmp_execute(struct qmp *q, const char *cmd, struct json_object *args,
				double timeout, char *err, int errlen);

/* human-monitor-command: @cmdline's output in @out (caller frees), 0 or -1. */
int qmp_hmp(struct qmp *q, const char *cmdline, char **out, double timeout,
	    char *err, int errlen);

/* Close and free; sets *@q to NULL, so calling it twice is safe. */
void qmp_close(struct qmp **q);

#endif
