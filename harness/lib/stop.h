/* SPDX-License-Identifier: GPL-2.0 */
/*
 * stop.h - the process's one stop flag: ^C (SIGINT), SIGTERM and SIGHUP,
 * every way a run is asked to stop, set it once stop_catch() is called.
 * Each command calls stop_catch() and reads stop_requested; the VM loop,
 * the machine-check injection, the lock waits, the sub-runs of the modes
 * and the commands run_cmd() starts all look at this one flag.
 */
#ifndef PMEMFI_STOP_H
#define PMEMFI_STOP_H

#include <signal.h>

extern volatile sig_atomic_t stop_requested;

/*
 * Catch the three signals into stop_requested (no SA_RESTART: a blocking
 * wait ends, so the stop reaches it). From then on, the commands
 * run_cmd() starts run in a process group of their own, ended with
 * SIGTERM as soon as a stop comes, so a ^C during a kernel build stops
 * the build, not only the harness.
 */
void stop_catch(void);

/* Has stop_catch() been called? */
int stop_catching(void);

#endif
