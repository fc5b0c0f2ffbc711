/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vm_args.h - the QEMU command line the harness builds (harness/vm/vm.c),
 * read back as what a LAVA qemu job needs: the boot files, the memory
 * size, the media files with the backend options that map them, and the
 * rest of the machine as extra options.
 *
 * What LAVA's qemu device type sets itself is dropped: the console
 * (-nographic gives the serial port on stdio), the monitor, the network.
 * So are the harness's own sockets: a job has no control port or QMP to
 * the harness; the guest's messages come back in the console instead
 * (CTL_CONSOLE_PREFIX).
 */
#ifndef PMEMFI_LAVA_VM_ARGS_H
#define PMEMFI_LAVA_VM_ARGS_H

#define VM_ARGS_MAX_MEDIA	16
#define VM_ARGS_MAX_EXTRA	64

struct vm_media {
	char *path;		/* the file the harness prepared */
	char *name;		/* deploy image name: nvdimm0, ram0, ... */
	char *object;		/* -object value, mem-path={name} */
};

struct vm_args {
	const char *kernel, *initrd, *append;
	const char *memory;	/* -m value */
	const char *ctl_path, *qmp_path;
	int incoming;		/* -incoming: a restore, which a job cannot do */
	struct vm_media media[VM_ARGS_MAX_MEDIA];
	int nr_media;
	char *extra[VM_ARGS_MAX_EXTRA];	/* "-opt value" each */
	int nr_extra;
};

/* Parse @argv (QEMU's, without argv[0]). 0, or -1 with a reason in @err. */
int vm_args_parse(struct vm_args *a, char **argv, char *err, int errlen);

#endif
