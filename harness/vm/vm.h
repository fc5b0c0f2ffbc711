/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm.h - one QEMU process: its command line, start, and stop.
 *
 * The serial console is QEMU's stdout (a pipe to the harness); the control
 * port and QMP are UNIX sockets the harness listens on before QEMU starts,
 * so there is no race with QEMU creating them. QEMU's stderr goes to a log.
 */
#ifndef PMEMFI_VM_H
#define PMEMFI_VM_H

#include <sys/types.h>

#include "config/plan.h"

struct qmp;

struct vm_config {
	const char *qemu;		/* qemu-system-x86_64 */
	const char *accel;		/* "tcg" or "kvm" */
	const struct topology *topo;
	char *const *media;		/* media_prepare(): NVDIMM files, then RAM files */
	const char *kernel;
	const char *initrd;
	const char *append;
	const char *sockdir;		/* short directory for ctl.sock and qmp.sock */
	const char *qemu_log;		/* where QEMU's stderr goes */
	/*
	 * A clone of a template VM (vm/snapshot.h): QEMU waits for its state
	 * ("-incoming defer") and maps @media privately (share=off), so the
	 * template's files are read, never written.
	 */
	int clone;
	/*
	 * The plan the VM will be sent, as "run" lines: given to QEMU's
	 * process as $PMEMFI_VM_PLAN for a stand-in that must know it before
	 * the guest says hello (lava/pmemfi-lava-vm.c). NULL: none.
	 */
	const char *plan;
	int step_timeout;	/* ...and the seconds a step may take, $PMEMFI_VM_STEP_TIMEOUT */
};

struct vm {
	pid_t pid;			/* 0 once reaped */
	int console_fd;			/* -1 once closed */
	int ctl_fd;
	struct qmp *qmp;
	char **argv;
	double started;
	int exit_status;		/* as from waitpid, once reaped */
};

/*
 * The QEMU argv for @cfg (NULL-terminated; free with vm_free_argv). Without
 * @ctl_path and @qmp_path, no control port and no QMP: a VM that only
 * prints its console (a reproducer's, modes/repro.h).
 */
char **vm_build_argv(const struct vm_config *cfg, const char *ctl_path, const char *qmp_path);
void vm_free_argv(char **argv);
/* The argv as one shell-quoted line (caller frees). */
char *vm_argv_string(char *const *argv);

/* Is /dev/kvm there and usable by this process? */
int vm_kvm_usable(void);

/*
 * Does @kernel really boot under KVM here? /dev/kvm can exist and pass
 * simple checks while QEMU dies with "KVM internal error" (nested setups),
 * so boot the kernel without an initrd and wait for its "VFS" panic.
 */
int vm_kvm_boots(const char *qemu, const char *kernel, double timeout);

/*
 * Start QEMU and wait (up to @timeout s) for it to connect the control and
 * QMP sockets. Returns 0, or -1 with a reason naming QEMU's log.
 */
int vm_start(const struct vm_config *cfg, struct vm *vm, double timeout, char *err, int errlen);

/* Reap QEMU if it has exited. Returns 1 when it has, 0 if still running. */
int vm_poll_exit(struct vm *vm);

/* Wait up to @timeout s for QEMU to exit by itself: 1 when it has. */
int vm_wait_exit(struct vm *vm, double timeout);

/* The last line of QEMU's log @log, with its path, in @out: 0, or -1 when it is empty. */
int vm_last_words(const char *log, char *out, int outlen);

/*
 * End the QEMU process: QMP quit, then SIGKILL if it is not gone after
 * @grace s. The console pipe stays open so the caller can drain it.
 * Safe to call twice, and on a VM that already exited.
 */
void vm_terminate(struct vm *vm, double grace);

/* vm_terminate(), then close every descriptor. Safe to call twice. */
void vm_stop(struct vm *vm, double grace);

#endif
