// SPDX-License-Identifier: GPL-2.0
#include "ctl.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static const struct {
	const char *name;
	enum ctl_verb verb;
	int min, max;		/* words after the verb; -1: unbounded */
} verbs[] = {
	{ "hello", CTL_HELLO, 2, 2 },
	{ "begin", CTL_BEGIN, 1, 1 },
	{ "out", CTL_OUT, 1, 1 },
	{ "end", CTL_END, 2, 2 },
	{ "mce", CTL_MCE, 3, 3 },
	{ "done", CTL_DONE, 0, 0 },
	{ "run", CTL_RUN, 2, CTL_MAX_ARGS },
	{ "go", CTL_GO, 0, 0 },
	{ "hold", CTL_HOLD, 0, 0 },
	{ "ready", CTL_READY, 0, 0 },
	{ "ack", CTL_ACK, 1, 1 },
	{ "sysrq", CTL_SYSRQ, 1, 1 },
};

int ctl_word_ok(const char *s)
{
	if (!s || !*s)
		return 0;
	for (; *s; s++)
		if (*s <= ' ' || *s == 0x7f)
			return 0;
	return 1;
}

int ctl_parse(char *line, struct ctl_msg *m)
{
	char *p = line, *word;
	size_t i;

	memset(m, 0, sizeof(*m));
	word = strsep(&p, " ");
	for (i = 0; i < sizeof(verbs) / sizeof(verbs[0]); i++)
		if (!strcmp(word, verbs[i].name))
			break;
	if (i == sizeof(verbs) / sizeof(verbs[0]))
		return -1;
	m->verb = verbs[i].verb;
	while (p && m->argc < CTL_MAX_ARGS) {
		/* "out" and "ack": the rest after the first word is free text. */
		if ((m->verb == CTL_OUT || m->verb == CTL_ACK) && m->argc == 1) {
			m->text = p;
			break;
		}
		word = strsep(&p, " ");
		if (!*word)
			return -1;
		m->argv[m->argc++] = word;
	}
	if (p && !m->text)
		return -1;	/* more words than CTL_MAX_ARGS */
	if (m->verb == CTL_OUT && !m->text)
		m->text = "";
	if (m->argc < verbs[i].min || (verbs[i].max >= 0 && m->argc > verbs[i].max))
		return -1;
	if (m->verb == CTL_ACK && !m->text)
		return -1;
	return 0;
}

int ctl_send(int fd, const char *fmt, ...)
{
	char buf[CTL_LINE_MAX + 2];
	va_list ap;
	int n;
	size_t off = 0;

	va_start(ap, fmt);
	n = vsnprintf(buf, CTL_LINE_MAX + 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return -EINVAL;
	if ((size_t)n > CTL_LINE_MAX)
		n = CTL_LINE_MAX;
	/* A newline inside would split the message; the protocol is one line. */
	for (int i = 0; i < n; i++)
		if (buf[i] == '\n' || buf[i] == '\r')
			buf[i] = ' ';
	buf[n++] = '\n';
	while (off < (size_t)n) {
		ssize_t w = write(fd, buf + off, n - off);

		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		off += w;
	}
	return 0;
}
