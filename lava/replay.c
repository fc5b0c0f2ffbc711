// SPDX-License-Identifier: GPL-2.0
#include "replay.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include <json-c/json.h>

#include "common/ctl.h"
#include "lib/util.h"

static int connect_unix(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);

	snprintf(sa.sun_path, sizeof(sa.sun_path), "%s", path);
	if (fd >= 0 && connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		fd = -1;
	}
	return fd;
}

static void qmp_say(struct peer *p, const char *json)
{
	if (dprintf(p->qmp, "%s\r\n", json) < 0)
		p->quit = 1;
}

int peer_open(struct peer *p, const char *ctl_path, const char *qmp_path, char *err, int errlen)
{
	memset(p, 0, sizeof(*p));
	p->ctl = connect_unix(ctl_path);
	p->qmp = p->ctl < 0 ? -1 : connect_unix(qmp_path);
	if (p->qmp < 0) {
		snprintf(err, errlen, "cannot connect to %s or %s: %s", ctl_path, qmp_path, strerror(errno));
		return -1;
	}
	qmp_say(p, "{\"QMP\": {\"version\": {\"qemu\": {\"micro\": 0, \"minor\": 0, \"major\": 0}, "
		   "\"package\": \"pmemfi-lava-vm\"}, \"capabilities\": []}}");
	return 0;
}

/* One QMP command: every one succeeds (there is no VM here to act on), "quit" ends us. */
static void qmp_command(struct peer *p, const char *line)
{
	struct json_object *o = json_tokener_parse(line), *ex = NULL;
	const char *cmd = o && json_object_object_get_ex(o, "execute", &ex) ? json_object_get_string(ex) : "";

	if (!strcmp(cmd, "human-monitor-command"))
		qmp_say(p, "{\"return\": \"\"}");
	else if (*cmd)
		qmp_say(p, "{\"return\": {}}");
	if (!strcmp(cmd, "quit"))
		p->quit = 1;
	json_object_put(o);
}

int peer_service(struct peer *p, int ms)
{
	struct pollfd f[2] = { { .fd = p->qmp, .events = POLLIN }, { .fd = p->ctl, .events = POLLIN } };
	char junk[4096];

	if (poll(f, 2, ms) <= 0)
		return p->quit;
	if (f[1].revents && read(p->ctl, junk, sizeof(junk)) <= 0)
		p->ctl = -1;	/* the plan is already in the job; nothing else comes */
	if (f[0].revents) {
		ssize_t n = read(p->qmp, p->qbuf + p->qlen, sizeof(p->qbuf) - 1 - p->qlen);
		char *nl;

		if (n <= 0)
			return p->quit = 1;
		p->qlen += n;
		p->qbuf[p->qlen] = 0;
		while ((nl = strchr(p->qbuf, '\n'))) {
			*nl = 0;
			qmp_command(p, p->qbuf);
			p->qlen -= nl + 1 - p->qbuf;
			memmove(p->qbuf, nl + 1, p->qlen + 1);
		}
		if (p->qlen == (int)sizeof(p->qbuf) - 1)
			p->qlen = 0;
	}
	return p->quit;
}

/* The message of a guest line "[ time] pmemfi-ctl: MSG", or NULL. */
static const char *ctl_message(const char *line)
{
	const char *s = line;

	if (*s == '[' && (s = strchr(s, ']')))
		s += 1 + (s[1] == ' ');
	else
		s = line;
	return strncmp(s, CTL_CONSOLE_PREFIX, strlen(CTL_CONSOLE_PREFIX)) ? NULL
									 : s + strlen(CTL_CONSOLE_PREFIX);
}

struct replay {
	struct peer *p;
	int in_step;		/* a "begin" without its "end" */
	int powered_off;
	int timed_out;		/* LAVA stopped the job for its timeout */
	int stalled;		/* the guest gave up on a step ("stall") */
	int finalising;		/* LAVA's clean-up: what it types is echoed, not the guest's */
	/* A step is played at the pace the job ran it, so its duration is the job's. */
	double step_dt, step_now;
	double dt;		/* the entry's time in the job, seconds */
};

/* "2026-12-03T11:53:10.084908" as seconds since the day began (a job runs for less than a day). */
static double parse_dt(const char *s)
{
	int h, m;
	double sec;

	if (!s || !(s = strchr(s, 'T')) || sscanf(s + 1, "%d:%d:%lf", &h, &m, &sec) != 3)
		return 0;
	return h * 3600 + m * 60 + sec;
}

static void keep_pace(struct replay *r)
{
	double d = r->dt - r->step_dt;

	if (d < 0)
		d += 86400;	/* past midnight */
	while (r->in_step && d > now_mono() - r->step_now && d < 3600)
		peer_service(r->p, (int)((d - (now_mono() - r->step_now)) * 1000) + 1);
}

static void target_line(struct replay *r, const char *msg)
{
	const char *m = ctl_message(msg);

	keep_pace(r);
	if (!m) {
		printf("%s\n", msg);
		if (strstr(msg, "reboot: Power down") || strstr(msg, "reboot: Restarting system"))
			r->powered_off = 1;
		return;
	}
	fflush(stdout);
	if (!strncmp(m, "stall ", 6)) {
		r->stalled = 1;	/* the guest's own note: the harness times the step out itself */
		return;
	}
	if (!strncmp(m, "begin ", 6)) {
		r->in_step = 1;
		r->step_dt = r->dt;
		r->step_now = now_mono();
	}
	else if (!strncmp(m, "end ", 4))
		r->in_step = 0;
	if (r->p->ctl >= 0)
		ctl_send(r->p->ctl, "%s", m);
	/* Let the harness read the console so far before it sees the message's effect. */
	peer_service(r->p, 0);
}

/* The job's own failure, for the harness's log of this "QEMU": LAVA's words. */
static void job_error(struct json_object *res)
{
	struct json_object *c, *e, *t;

	if (json_object_object_get_ex(res, "case", &c) && !strcmp(json_object_get_string(c), "job") &&
	    json_object_object_get_ex(res, "error_msg", &e))
		fprintf(stderr, "pmemfi-lava-vm: LAVA says the job failed: %s (%s)\n", json_object_get_string(e),
			json_object_object_get_ex(res, "error_type", &t) ? json_object_get_string(t) : "?");
}

/* One entry of the raw log: "- {"dt": ..., "lvl": ..., "msg": ...}". */
static void log_entry(struct replay *r, const char *line)
{
	struct json_object *o, *lvl, *msg, *dt;
	const char *l, *m;

	if (strncmp(line, "- ", 2) || !(o = json_tokener_parse(line + 2)))
		return;
	if (json_object_object_get_ex(o, "dt", &dt))
		r->dt = parse_dt(json_object_get_string(dt));
	if (json_object_object_get_ex(o, "lvl", &lvl) && json_object_object_get_ex(o, "msg", &msg)) {
		l = json_object_get_string(lvl);
		m = json_object_get_string(msg);
		if (!strcmp(l, "target") && !r->finalising)
			target_line(r, m);
		else if (!strcmp(l, "info") && !strncmp(m, "Finalising connection", 21))
			r->finalising = 1;
		else if (!strcmp(l, "results"))
			job_error(msg);
		else if ((!strcmp(l, "error") || !strcmp(l, "exception") || !strcmp(l, "info")) &&
			 strstr(m, "timed out"))
			r->timed_out = 1;
	}
	json_object_put(o);
}

int replay_log(struct peer *p, const char *log, char *err, int errlen)
{
	struct replay r = { .p = p };
	FILE *f = fopen(log, "r");
	char *line = NULL;
	size_t cap = 0;

	if (!f) {
		snprintf(err, errlen, "%s: %s", log, strerror(errno));
		return -1;
	}
	while (getline(&line, &cap, f) > 0) {
		line[strcspn(line, "\r\n")] = 0;
		log_entry(&r, line);
	}
	free(line);
	fclose(f);
	fflush(stdout);
	/* A guest that gave up on a step, or was stopped in one by the job's timeout, hung. */
	return r.in_step && (r.stalled || (r.timed_out && !r.powered_off)) ? REPLAY_HUNG : REPLAY_EXITED;
}
