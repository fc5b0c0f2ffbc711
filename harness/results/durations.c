// SPDX-License-Identifier: GPL-2.0
/*
 * durations.c - config/shard.h's durations, read from an earlier run's
 * summary.json: the shards are planned in config/, the record they are
 * weighed by is read here, in the results stage that owns it.
 */
#include "results/durations.h"

#include <json-c/json.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "lib/json.h"
#include "lib/util.h"
#include "results/run_record.h"

static int by_value(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* Is @v a number of seconds (finite, not negative)? Sets *@secs. */
static int seconds(struct json_object *v, double *secs)
{
	if (!json_object_is_type(v, json_type_double) && !json_object_is_type(v, json_type_int))
		return 0;
	*secs = json_object_get_double(v);
	return isfinite(*secs) && *secs >= 0;
}

/* The median of @v (seconds, timing.@what), 0 when empty; -1 with @err when one is not seconds. */
static int median_of(struct json_object *v, const char *path, const char *what, double *m,
		     char *err, int errlen)
{
	size_t n = v ? json_object_array_length(v) : 0;
	double *a = xcalloc(n + 1, sizeof(*a));

	for (size_t i = 0; i < n; i++) {
		if (!seconds(json_object_array_get_idx(v, i), &a[i])) {
			free(a);
			return error_set(err, errlen, "--durations %s: timing.%s: %s is not a number of seconds",
					 path, what, json_object_to_json_string(json_object_array_get_idx(v, i)));
		}
	}
	qsort(a, n, sizeof(*a), by_value);
	*m = n ? a[n / 2] : 0;
	free(a);
	return 0;
}

/* What starting the next VM cost in that run: a restore when it had them, else a boot. */
static int restart_cost(struct json_object *root, const char *path, double *restart, char *err, int errlen)
{
	struct json_object *timing = json_get(root, "timing"), *restores = json_array(timing, "restore_seconds");

	if (restores && json_object_array_length(restores))
		return median_of(restores, path, "restore_seconds", restart, err, errlen);
	return median_of(json_array(timing, "first_test_seconds"), path, "first_test_seconds", restart, err,
			 errlen);
}

int shard_durations_load(struct shard_durations *d, const char *path, char *err, int errlen)
{
	struct json_object *root = json_object_from_file(path), *tests;
	double restart;
	size_t n;

	memset(d, 0, sizeof(*d));
	tests = root ? json_array(root, "tests") : NULL;
	if (!tests) {
		json_object_put(root);
		return error_set(err, errlen, "--durations %s: not a summary.json of a run", path);
	}
	if (restart_cost(root, path, &restart, err, errlen)) {
		json_object_put(root);
		return -1;
	}
	n = json_object_array_length(tests);
	d->v = xcalloc(n + 1, sizeof(*d->v));
	for (size_t i = 0; i < n; i++) {
		struct json_object *t = json_object_array_get_idx(tests, i), *v;
		const char *name = json_str(t, "name");
		double secs = 0;

		if (!name)
			continue;
		/* A negative weight would leave cells in no shard at all. */
		if (json_object_object_get_ex(t, "duration", &v) && !seconds(v, &secs)) {
			error_set(err, errlen, "--durations %s: test %s: duration %s is not a number of seconds",
				  path, name, json_object_to_json_string(v));
			json_object_put(root);
			shard_durations_free(d);
			return -1;
		}
		/* A test that ended its VM: the next one starts afresh. */
		if (json_get(t, "title") || run_test_verdict(t) == V_TIMEOUT)
			secs += restart;
		d->v[d->nr].name = xstrdup(name);
		d->v[d->nr++].tenths = (long)(secs * 10 + 0.5) + 1;
	}
	json_object_put(root);
	shard_durations_sort(d);
	return 0;
}

