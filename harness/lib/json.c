// SPDX-License-Identifier: GPL-2.0
#include "lib/json.h"

#include <string.h>

#include <json-c/json.h>

#include "lib/util.h"

struct json_object *json_get(struct json_object *o, const char *key)
{
	struct json_object *v;

	return o && json_object_object_get_ex(o, key, &v) ? v : NULL;
}

const char *json_str(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_string) ? json_object_get_string(v) : NULL;
}

const char *json_str_or(struct json_object *o, const char *key, const char *dflt)
{
	const char *s = json_str(o, key);

	return s ? s : dflt;
}

int json_int(struct json_object *o, const char *key, int dflt)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_int) ? json_object_get_int(v) : dflt;
}

struct json_object *json_array(struct json_object *o, const char *key)
{
	struct json_object *v = json_get(o, key);

	return v && json_object_is_type(v, json_type_array) ? v : NULL;
}

struct json_object *json_find(struct json_object *arr, const char *key, const char *value)
{
	for (size_t i = 0; arr && i < json_object_array_length(arr); i++) {
		struct json_object *o = json_object_array_get_idx(arr, i);
		const char *s = json_str(o, key);

		if (s && !strcmp(s, value))
			return o;
	}
	return NULL;
}

struct json_object *json_process_argv(void)
{
	struct json_object *a = json_object_new_array();
	struct strbuf sb = STRBUF_INIT;

	if (!read_file("/proc/self/cmdline", &sb))
		for (size_t i = 0; i < sb.len; i += strlen(sb.buf + i) + 1)
			json_object_array_add(a, json_object_new_string(sb.buf + i));
	strbuf_release(&sb);
	return a;
}
