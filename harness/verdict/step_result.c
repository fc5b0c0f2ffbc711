// SPDX-License-Identifier: GPL-2.0
#include "verdict/step_result.h"

#include <stdlib.h>
#include <string.h>

#include "lib/util.h"

static void push(char ***v, int *nr, int *alloc, const char *str)
{
	GROW(*v, *nr, *alloc);
	(*v)[(*nr)++] = xstrdup(str);
}

void step_result_add_output(struct step_result *r, const char *line)
{
	if (r->nr_output >= STEP_MAX_OUTPUT) {
		r->out_dropped++;
		return;
	}
	push(&r->output, &r->nr_output, &r->out_alloc, line);
}

void step_result_add_mf(struct step_result *r, const char *text)
{
	push(&r->mf, &r->nr_mf, &r->mf_alloc, text);
}

void step_result_add_report(struct step_result *r, const struct report *rep)
{
	GROW(r->reports, r->nr_reports, r->reports_alloc);
	r->reports[r->nr_reports++] = rep;
}

void step_result_free(struct step_result *r)
{
	for (int j = 0; j < r->nr_output; j++)
		free(r->output[j]);
	free(r->output);
	for (int j = 0; j < r->nr_mf; j++)
		free(r->mf[j]);
	free(r->mf);
	free(r->reports);
	memset(r, 0, sizeof(*r));
}
