// SPDX-License-Identifier: GPL-2.0
/*
 * render-html RUN [OUT]: index.html for run directory RUN from its
 * summary.json and manifest.json, as results.c writes it after every VM,
 * to OUT (default stdout). For looking at the page on a finished run
 * after a change to out_html*.c without booting anything
 * (tests/integration/html-render.sh).
 */
#include <json-c/json.h>
#include <stdio.h>
#include <stdlib.h>

#include "results/history.h"
#include "results/outputs.h"

int main(int argc, char **argv)
{
	struct run_record run;
	char err[512];
	FILE *f;
	int rc;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: render-html RUN [OUT]\n");
		return 2;
	}
	if (run_record_load(argv[1], &run, err, sizeof(err))) {
		fprintf(stderr, "render-html: %s\n", err);
		return 2;
	}
	f = argc == 3 ? fopen(argv[2], "w") : stdout;
	if (!f) {
		perror(argv[2]);
		return 1;
	}
	rc = html_write(f, run.dir, run.summary, run.manifest);
	if (fclose(f) || rc) {
		fprintf(stderr, "render-html: writing the page failed\n");
		rc = 1;
	}
	run_record_free(&run);
	return rc;
}
