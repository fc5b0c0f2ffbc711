/* SPDX-License-Identifier: GPL-2.0 */
/*
 * json.h - typed lookups in json-c objects, for the files the harness
 * reads back (summary.json, manifest.json). Every lookup is NULL-safe: @o
 * may be NULL or not an object. A member that is missing, JSON null or of
 * another type counts as absent.
 */
#ifndef PMEMFI_JSON_H
#define PMEMFI_JSON_H

struct json_object;

/* Member @key of @o, or NULL. */
struct json_object *json_get(struct json_object *o, const char *key);
/* String member @key of @o, or NULL. */
const char *json_str(struct json_object *o, const char *key);
/* String member @key of @o, or @dflt. */
const char *json_str_or(struct json_object *o, const char *key, const char *dflt);
/* Integer member @key of @o, or @dflt. */
int json_int(struct json_object *o, const char *key, int dflt);
/* Array member @key of @o, or NULL. */
struct json_object *json_array(struct json_object *o, const char *key);
/* The first object of array @arr (NULL: none) whose string @key is @value, or NULL. */
struct json_object *json_find(struct json_object *arr, const char *key, const char *value);

/* This process's argv, exactly as the kernel has it (/proc/self/cmdline), as a new array. */
struct json_object *json_process_argv(void);

#endif
