// SPDX-License-Identifier: GPL-2.0
#include "lib/stop.h"

volatile sig_atomic_t stop_requested;
static int catching;

static void on_signal(int sig)
{
	(void)sig;
	stop_requested = 1;
}

void stop_catch(void)
{
	struct sigaction sa = { .sa_handler = on_signal };

	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	catching = 1;
}

int stop_catching(void)
{
	return catching;
}
