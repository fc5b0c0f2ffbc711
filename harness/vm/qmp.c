// SPDX-License-Identifier: GPL-2.0
#include "vm/qmp.h"

#include <errno.h>
#include <json-c/json.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "lib/util.h"

#define QMP_MAX_MESSAGE (1 << 20)

struct qmp {
	int fd;
	struct strbuf in;	/* bytes received, not yet parsed */
};

/* Next complete JSON message, or NULL with @err on timeout/EOF/garbage. */
static struct json_object *read_message(struct qmp *q, double timeout, char *err, int errlen)
{
	double deadline = now_mono() + timeout;

	for (;;) {
		char *nl = memchr(q->in.buf, '\n', q->in.len), buf[4096];
		struct pollfd pfd = { .fd = q->fd, .events = POLLIN };
		double left;
		ssize_t n;

		if (nl) {
			size_t len = nl - q->in.buf + 1;
			struct json_object *o;

			*nl = '\0';
			o = json_tokener_parse(q->in.buf);
			memmove(q->in.buf, q->in.buf + len, q->in.len - len);
			q->in.len -= len;
			q->in.buf[q->in.len] = '\0';
			if (o)
				return o;
			continue;	/* not JSON: skip the line */
		}
		if (q->in.len > QMP_MAX_MESSAGE) {
			snprintf(err, errlen, "QMP: message longer than %d bytes", QMP_MAX_MESSAGE);
			return NULL;
		}
		left = deadline - now_mono();
		if (left <= 0 || poll(&pfd, 1, (int)(left * 1000) + 1) == 0) {
			snprintf(err, errlen, "QMP: no answer within %.0f s", timeout);
			return NULL;
		}
		n = read(q->fd, buf, sizeof(buf));
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			snprintf(err, errlen, "QMP: connection closed");
			return NULL;
		}
		strbuf_add(&q->in, buf, n);
	}
}

static int send_message(struct qmp *q, struct json_object *o)
{
	const char *s = json_object_to_json_string_ext(o, JSON_C_TO_STRING_PLAIN);
	size_t len = strlen(s), off = 0;

	while (off < len) {
		ssize_t n = write(q->fd, s + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		off += n;
	}
	return write(q->fd, "\n", 1) == 1 ? 0 : -EIO;
}

struct json_object *qmp_execute(struct qmp *q, const char *cmd, struct json_object *args,
				double timeout, char *err, int errlen)
{
	struct json_object *req = json_object_new_object(), *reply, *v;

	json_object_object_add(req, "execute", json_object_new_string(cmd));
	if (args)
		json_object_object_add(req, "arguments", args);
	if (send_message(q, req)) {
		json_object_put(req);
		snprintf(err, errlen, "QMP: cannot send %s", cmd);
		return NULL;
	}
	json_object_put(req);
	while ((reply = read_message(q, timeout, err, errlen))) {
		if (json_object_object_get_ex(reply, "return", &v)) {
			json_object_get(v);
			json_object_put(reply);
			return v;
		}
		if (json_object_object_get_ex(reply, "error", &v)) {
			struct json_object *cls = NULL, *desc = NULL;

			json_object_object_get_ex(v, "class", &cls);
			json_object_object_get_ex(v, "desc", &desc);
			snprintf(err, errlen, "QMP %s: %s: %s", cmd,
				 cls ? json_object_get_string(cls) : "error",
				 desc ? json_object_get_string(desc) : "");
			json_object_put(reply);
			return NULL;
		}
		json_object_put(reply);	/* an event */
	}
	return NULL;
}

struct qmp *qmp_open(int fd, double timeout, char *err, int errlen)
{
	struct qmp *q = xcalloc(1, sizeof(*q));
	struct json_object *greeting, *ret;

	q->fd = fd;
	q->in = (struct strbuf)STRBUF_INIT;
	greeting = read_message(q, timeout, err, errlen);
	if (!greeting || !json_object_object_get_ex(greeting, "QMP", NULL)) {
		if (greeting)
			snprintf(err, errlen, "QMP: no greeting");
		json_object_put(greeting);
		qmp_close(&q);
		return NULL;
	}
	json_object_put(greeting);
	ret = qmp_execute(q, "qmp_capabilities", NULL, timeout, err, errlen);
	if (!ret) {
		qmp_close(&q);
		return NULL;
	}
	json_object_put(ret);
	return q;
}

int qmp_hmp(struct qmp *q, const char *cmdline, char **out, double timeout,
	    char *err, int errlen)
{
	struct json_object *args = json_object_new_object(), *ret;

	json_object_object_add(args, "command-line", json_object_new_string(cmdline));
	ret = qmp_execute(q, "human-monitor-command", args, timeout, err, errlen);
	if (!ret)
		return -1;
	*out = xstrdup(json_object_get_string(ret));
	json_object_put(ret);
	return 0;
}

void qmp_close(struct qmp **q)
{
	if (!*q)
		return;
	if ((*q)->fd >= 0)
		close((*q)->fd);
	strbuf_release(&(*q)->in);
	free(*q);
	*q = NULL;
}
