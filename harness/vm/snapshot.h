/* SPDX-License-Identifier: GPL-2.0 */
/*
 * snapshot.h - save a stopped VM's device state to a file, and load it
 * into a fresh QEMU started with "-incoming defer".
 *
 * This is QEMU migration with the x-ignore-shared capability: RAM and
 * NVDIMMs on memory-backend-file,share=on stay in their files, so the state
 * is a few hundred KiB and saving or loading it takes a fraction of a
 * second. QEMU 7.2 has no "file:" URI, and rejects the capability as a
 * -global, so both go over QMP and the URI is "exec:cat". The loading QEMU
 * must have the same machine, devices and backends (share=off is allowed:
 * the clone then reads the files and never writes them).
 */
#ifndef PMEMFI_SNAPSHOT_H
#define PMEMFI_SNAPSHOT_H

struct qmp;

/*
 * Stop the VM and write its state to @state. The VM stays stopped. 0, or
 * -1 with a reason.
 */
int snapshot_save(struct qmp *q, const char *state, double timeout, char *err, int errlen);

/*
 * Load @state into the waiting QEMU behind @q and let it run. 0, or -1
 * with a reason (QEMU usually exits when a load fails).
 */
int snapshot_load(struct qmp *q, const char *state, double timeout, char *err, int errlen);

#endif
