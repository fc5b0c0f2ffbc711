/* SPDX-License-Identifier: GPL-2.0 */
/* cmds.h - the pmemfi subcommands; each takes its own argv (argv[0] = name). */
#ifndef PMEMFI_CMDS_H
#define PMEMFI_CMDS_H

int cmd_run(int argc, char **argv);
int cmd_report(int argc, char **argv);
int cmd_bisect_step(int argc, char **argv);
int cmd_compare(int argc, char **argv);
int cmd_bisect(int argc, char **argv);
int cmd_nightly(int argc, char **argv);
int cmd_release(int argc, char **argv);
int cmd_merge(int argc, char **argv);
int cmd_lava(int argc, char **argv);
int cmd_source(int argc, char **argv);
int cmd_repro(int argc, char **argv);
int cmd_completion(int argc, char **argv);

#endif
