// SPDX-License-Identifier: GPL-2.0
#include "vm/snapshot.h"

#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "vm/qmp.h"
#include "lib/util.h"

/* Seconds one QMP command may take. */
#define QMP_TIMEOUT	5.0

/* Run @cmd, ignoring what it returns: 0 or -1 with a reason. */
static int qmp_do(struct qmp *q, const char *cmd, struct json_object *args, char *err, int errlen)
{
	struct json_object *r = qmp_execute(q, cmd, args, QMP_TIMEOUT, err, errlen);

	if (!r)
		return -1;
	json_object_put(r);
	return 0;
}

static int ignore_shared(struct qmp *q, char *err, int errlen)
{
	struct json_object *args = json_object_new_object(), *caps = json_object_new_array();
	struct json_object *cap = json_object_new_object();

	json_object_object_add(cap, "capability", json_object_new_string("x-ignore-shared"));
	json_object_object_add(cap, "state", json_object_new_boolean(1));
	json_object_array_add(caps, cap);
	json_object_object_add(args, "capabilities", caps);
	return qmp_do(q, "migrate-set-capabilities", args, err, errlen);
}

/* @cmd then 'PATH', as "uri": QEMU hands what follows "exec:" to /bin/sh. */
static struct json_object *exec_uri(const char *cmd, const char *path)
{
	struct json_object *args = json_object_new_object();
	struct strbuf q = STRBUF_INIT;
	char *uri;

	strbuf_addstr(&q, "'");
	for (const char *c = path; *c; c++)
		if (*c == '\'')
			strbuf_addstr(&q, "'\\''");
		else
			strbuf_add(&q, c, 1);
	strbuf_addstr(&q, "'");
	uri = xasprintf("exec:%s%s", cmd, q.buf);
	json_object_object_add(args, "uri", json_object_new_string(uri));
	free(uri);
	strbuf_release(&q);
	return args;
}

/* The string member @key of QMP command @cmd's answer, in @out. */
static int qmp_string(struct qmp *q, const char *cmd, const char *key, char *out, int outlen,
		      char *err, int errlen)
{
	struct json_object *r = qmp_execute(q, cmd, NULL, QMP_TIMEOUT, err, errlen), *v;

	if (!r)
		return -1;
	snprintf(out, outlen, "%s",
		 json_object_object_get_ex(r, key, &v) ? json_object_get_string(v) : "?");
	json_object_put(r);
	return 0;
}

int snapshot_save(struct qmp *q, const char *state, double timeout, char *err, int errlen)
{
	double deadline = now_mono() + timeout;
	char status[64];

	if (qmp_do(q, "stop", NULL, err, errlen) || ignore_shared(q, err, errlen) ||
	    qmp_do(q, "migrate", exec_uri("cat > ", state), err, errlen))
		return -1;
	for (;;) {
		if (qmp_string(q, "query-migrate", "status", status, sizeof(status), err, errlen))
			return -1;
		if (!strcmp(status, "completed"))
			return 0;
		if (!strcmp(status, "failed") || !strcmp(status, "cancelled"))
			return error_set(err, errlen, "saving the VM state to %s: migration %s", state, status);
		if (now_mono() > deadline)
			return error_set(err, errlen, "saving the VM state to %s: not done within %.0f s",
					 state, timeout);
		usleep(10000);
	}
}

int snapshot_load(struct qmp *q, const char *state, double timeout, char *err, int errlen)
{
	double deadline = now_mono() + timeout;
	char status[64];

	if (ignore_shared(q, err, errlen) ||
	    qmp_do(q, "migrate-incoming", exec_uri("cat ", state), err, errlen))
		return -1;
	for (;;) {
		if (qmp_string(q, "query-status", "status", status, sizeof(status), err, errlen))
			return -1;
		if (!strcmp(status, "paused"))
			return qmp_do(q, "cont", NULL, err, errlen);
		if (!strcmp(status, "running"))
			return 0;
		if (strcmp(status, "inmigrate"))
			return error_set(err, errlen, "loading %s: the VM is %s", state, status);
		if (now_mono() > deadline)
			return error_set(err, errlen, "loading %s: not done within %.0f s", state, timeout);
		usleep(10000);
	}
}
