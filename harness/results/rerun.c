// SPDX-License-Identifier: GPL-2.0
#include "results/rerun.h"

#include <json-c/json.h>
#include <stdlib.h>

#include "lib/json.h"
#include "lib/util.h"
#include "verdict/verdict.h"
#include "vm/vm.h"
#include "results/run_record.h"

int rerun_failed(struct json_object *t)
{
	const struct verdict_info *info = verdict_info(run_test_verdict(t));

	return run_test_verdict_name(t) && info->ran && !info->clean;
}

/* @v as one shell-quoted line. */
static char *quoted(struct strvec *v)
{
	char *s = vm_argv_string(v->v);

	strvec_clear(v);
	return s;
}

char *rerun_command(struct json_object *manifest, struct json_object *t)
{
	struct json_object *base = json_array(manifest, "rerun");
	const char *seed = json_str(t, "seed"), *name = json_str(t, "name");
	struct strvec v = STRVEC_INIT;

	if (!base || !name)
		return NULL;
	for (size_t i = 0; i < json_object_array_length(base); i++)
		strvec_push(&v, json_object_get_string(json_object_array_get_idx(base, i)));
	if (seed) {
		strvec_push(&v, "--seed");
		strvec_push(&v, seed);
	}
	strvec_push(&v, "--tests");
	strvec_push(&v, name);
	return quoted(&v);
}

char *rerun_repro_command(const char *dir, struct json_object *t)
{
	struct strvec v = STRVEC_INIT;

	strvec_push(&v, "./run.sh");
	strvec_push(&v, "repro");
	strvec_push(&v, dir);
	strvec_push(&v, "--tests");
	strvec_push(&v, json_str_or(t, "name", ""));
	return quoted(&v);
}
