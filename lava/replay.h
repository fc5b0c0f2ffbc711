/* SPDX-License-Identifier: GPL-2.0 */
/*
 * replay.h - the harness's side of a VM that ran as a LAVA job: this
 * program stands where QEMU would, so it holds the harness's control and
 * QMP sockets, answers QMP, and plays the job's log back: console lines
 * on stdout (QEMU's serial console), the guest's CTL_CONSOLE_PREFIX lines
 * on the control socket, in the order the job printed them. The harness
 * then attributes, judges and records as for any VM.
 */
#ifndef PMEMFI_LAVA_REPLAY_H
#define PMEMFI_LAVA_REPLAY_H

struct peer {
	int ctl, qmp;
	char qbuf[8192];
	int qlen;
	int quit;		/* the harness said "quit" */
};

/* Connect to the harness's sockets and greet it on QMP. 0, or -1 with a reason. */
int peer_open(struct peer *p, const char *ctl_path, const char *qmp_path, char *err, int errlen);

/* Answer QMP and drain the control socket for up to @ms ms; 1 once told to quit. */
int peer_service(struct peer *p, int ms);

enum replay_end {
	REPLAY_EXITED,		/* the VM ended (powered off, panicked): QEMU exits */
	REPLAY_HUNG,		/* the job was stopped while the guest ran: QEMU would still run */
};

/*
 * Play the LAVA log at @log (lavacli's --raw output) back to the harness.
 * Returns how the VM ended, or -1 with a reason when @log is unreadable.
 */
int replay_log(struct peer *p, const char *log, char *err, int errlen);

#endif
