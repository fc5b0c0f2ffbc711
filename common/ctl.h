/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ctl.h - the guest<->host control protocol, spoken over a virtio-serial
 * port named CTL_PORT_NAME (a UNIX socket on the host side).
 *
 * One message per line, words separated by single spaces, at most
 * CTL_LINE_MAX bytes. The last field of "out" is free text; every other
 * field is a word without spaces or control characters.
 *
 *   guest -> host                      host -> guest
 *   hello <version> <release>          run <step> <argv0> [args...]
 *   begin <step>                       go | hold
 *   out <step> <text>                  ack <token> ok | ack <token> err <why>
 *   end <step> exit:<n> | signal:<n>
 *   mce <token> <phys-addr> <kind>     sysrq <key>
 *   ready | done
 *
 * The host answers "hello" with the plan: "run" lines, then "go". The
 * guest runs the steps in order, bracketing each with begin/end here and
 * with "pmemfi: begin/end <step>" markers in the kernel log, which is what
 * attributes console reports to a step. A test that needs the host (a
 * machine check) sends "mce" and waits for the matching "ack". When a step
 * hangs, the host sends "sysrq w" (and the like) so that the kernel log
 * shows where tasks are blocked before the VM is stopped.
 *
 * A plan may come in batches: "hold" instead of "go" ends a batch the
 * guest runs and then answers with "ready", blocked reading the next batch.
 * That quiescent point is where the host saves a template VM (session.h):
 * a VM restored from it resumes in that read and takes the next batch.
 */
#ifndef PMEMFI_CTL_H
#define PMEMFI_CTL_H

#include <stddef.h>

#define CTL_PORT_NAME	"org.pmemfi.ctl"
#define CTL_VERSION	2
#define CTL_LINE_MAX	4000
#define CTL_MAX_ARGS	32
#define CTL_MAX_STEPS	4096	/* "run" lines in one plan */

/*
 * Without a control port (a LAVA job: the plan is in the initramfs), the
 * guest writes each guest -> host message to the kernel log as one line,
 * this prefix then the message, at most CTL_KMSG_MAX bytes (the smallest
 * record /dev/kmsg takes, 6.1's LOG_LINE_MAX); the host reads them back
 * out of the console and strips them from it.
 *
 * There, with no host to time a step out, the guest does what the host
 * would: after pmemfi.step_timeout=S seconds (kernel command line) it
 * asks for blocked tasks (sysrq w), waits CTL_SYSRQ_GRACE seconds, says
 * "stall <step>" and powers off; the host then sees the step hang.
 */
#define CTL_CONSOLE_PREFIX	"pmemfi-ctl: "
#define CTL_SYSRQ_GRACE		5
#define CTL_KMSG_MAX		992

enum ctl_verb {
	CTL_UNKNOWN, CTL_HELLO, CTL_BEGIN, CTL_OUT, CTL_END, CTL_MCE, CTL_DONE,
	CTL_RUN, CTL_GO, CTL_ACK, CTL_SYSRQ, CTL_HOLD, CTL_READY,
};

/* A parsed message; pointers point into the line that was parsed. */
struct ctl_msg {
	enum ctl_verb verb;
	int argc;
	char *argv[CTL_MAX_ARGS];	/* the words after the verb */
	char *text;			/* "out": everything after the step name */
};

/*
 * Parse @line in place. Returns 0, or -1 when the verb is unknown or a
 * message has the wrong number of words.
 */
int ctl_parse(char *line, struct ctl_msg *m);

/* Is @s usable as one word of a message (non-empty, printable, no space)? */
int ctl_word_ok(const char *s);

/* Write one message line to @fd (a newline is added). 0 or -errno. */
int ctl_send(int fd, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
