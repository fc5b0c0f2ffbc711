/* SPDX-License-Identifier: GPL-2.0 */
/*
 * build_progress.h - how far a long build is, from its log: the steps kbuild
 * has printed ("  CC      mm/memory-failure.o"), against an estimate
 * (the steps of the last build from scratch), with the elapsed time and
 * an ETA; for other builds (the guest image) the elapsed time. On a
 * terminal one status line rewritten in place; otherwise a line a minute,
 * so that a CI log shows that a 20-minute build is alive.
 */
#ifndef PMEMFI_BUILD_PROGRESS_H
#define PMEMFI_BUILD_PROGRESS_H

#include <sys/types.h>

/* Points of a build's time profile: at @steps of its steps done, @time of its time has passed. */
#define BUILD_PROGRESS_PROFILE_MAX 16

struct build_progress {
	const char *what;	/* "kernel build", "nfit_test modules" */
	const char *log;	/* the make's log, appended to as it runs */
	off_t seen;		/* bytes of @log counted (up to a newline) */
	int steps;		/* step lines in it since the start */
	int expect;		/* steps a whole build takes; 0: not known */
	int tty;		/* stderr is a terminal */
	double t0, last_line;
	/*
	 * How the time spreads over the steps (fractions, ascending; none:
	 * evenly): a kernel build's first steps (headers, host tools) go
	 * faster than its middle, so an even spread would promise it early.
	 */
	double profile_steps[BUILD_PROGRESS_PROFILE_MAX], profile_time[BUILD_PROGRESS_PROFILE_MAX];
	int nr_profile;
};

/* Start watching @log, of which what is there now is not this make's. */
void build_progress_start(struct build_progress *bp, const char *what, const char *log, int expect);

/* Count what @log gained; show the status when it is due. run_cmd_ticking()'s tick. */
void build_progress_tick(void *bp);

/* The make ended: clear a terminal's status line. */
void build_progress_end(struct build_progress *bp);

/* The kbuild step lines in @text (whole lines only). */
int build_progress_count(const char *text, size_t len);

/* The status as a line, at @now (seconds, now_mono() clock). */
void build_progress_line(const struct build_progress *bp, double now, char *buf, size_t len);

/* The fraction of the build's time gone when @done of its steps are (the profile, else @done). */
double build_progress_time_at(const struct build_progress *bp, double done);

/* Steps of a build from scratch, kept in @file; 0 when not known. */
int build_progress_expect(const char *file);
void build_progress_remember(const char *file, int steps);

#endif
