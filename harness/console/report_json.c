// SPDX-License-Identifier: GPL-2.0
#include "console/report_json.h"

#include <json-c/json.h>

#include "console/report.h"

struct json_object *report_to_json(const struct report *r)
{
	struct json_object *o = json_object_new_object();

	json_object_object_add(o, "title", json_object_new_string(r->title));
	json_object_object_add(o, "type", json_object_new_string(r->type));
	json_object_object_add(o, "frame", json_object_new_string(r->frame));
	json_object_object_add(o, "signature", json_object_new_string(r->signature));
	json_object_object_add(o, "corrupted", json_object_new_boolean(r->corrupted));
	if (r->corrupted_reason)
		json_object_object_add(o, "corrupted_reason",
				       json_object_new_string(r->corrupted_reason));
	json_object_object_add(o, "start_line", json_object_new_int(r->start_line));
	json_object_object_add(o, "end_line", json_object_new_int(r->end_line));
	return o;
}
