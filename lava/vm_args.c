// SPDX-License-Identifier: GPL-2.0
#include "vm_args.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The value of key @key in a QEMU "a=b,c=d" option string, or NULL (caller frees). */
static char *opt_value(const char *opts, const char *key)
{
	size_t kl = strlen(key);

	for (const char *p = opts; p && *p; p = strchr(p, ',') ? strchr(p, ',') + 1 : NULL) {
		if (!strncmp(p, key, kl) && p[kl] == '=') {
			const char *v = p + kl + 1, *e = strchr(v, ',');

			return strndup(v, e ? (size_t)(e - v) : strlen(v));
		}
	}
	return NULL;
}

static int add_extra(struct vm_args *a, const char *opt, const char *val, char *err, int errlen)
{
	char *s;

	if (a->nr_extra == VM_ARGS_MAX_EXTRA) {
		snprintf(err, errlen, "more than %d QEMU options", VM_ARGS_MAX_EXTRA);
		return -1;
	}
	if ((val && strpbrk(val, " '\"")) || asprintf(&s, val ? "%s %s" : "%s", opt, val) < 0) {
		snprintf(err, errlen, "QEMU option %s %s: a space or quote cannot go into a job", opt,
			 val ? val : "");
		return -1;
	}
	a->extra[a->nr_extra++] = s;
	return 0;
}

/* A memory-backend-file: its file becomes a deploy image, mem-path={name}. */
static int add_media(struct vm_args *a, const char *val, char *err, int errlen)
{
	char *id = opt_value(val, "id"), *path = opt_value(val, "mem-path");
	struct vm_media *m = &a->media[a->nr_media];
	const char *at;

	if (!id || !path || a->nr_media == VM_ARGS_MAX_MEDIA) {
		snprintf(err, errlen, "memory backend %s: no id or mem-path, or too many", val);
		free(id);
		free(path);
		return -1;
	}
	/* A deploy image's name, letters and digits: mem0 -> nvdimm0, ram0 stays. */
	if (asprintf(&m->name, "%s%s", !strncmp(id, "mem", 3) ? "nvdimm" : "",
		     id + (!strncmp(id, "mem", 3) ? 3 : 0)) < 0)
		return -1;
	at = strstr(val, "mem-path=");
	if (asprintf(&m->object, "%.*smem-path={%s}%s", (int)(at - val), val, m->name,
		     at + strlen("mem-path=") + strlen(path)) < 0)
		return -1;
	m->path = path;
	free(id);
	a->nr_media++;
	return 0;
}

/* -chardev socket,id=ctl|qmp,path=...: the harness's sockets. */
static void chardev(struct vm_args *a, const char *val)
{
	char *id = opt_value(val, "id");

	if (id && !strcmp(id, "ctl"))
		a->ctl_path = opt_value(val, "path");
	else if (id && !strcmp(id, "qmp"))
		a->qmp_path = opt_value(val, "path");
	free(id);
}

/*
 * Device memory beyond NVDIMMs (virtio-pmem, CXL, the NVMe CMB): its
 * backing files and devices have no place in a job's deploy images.
 */
static int devmem_option(const char *opt, const char *val)
{
	static const char *const devices[] = { "virtio-pmem-pci", "nvme,", "pxb-cxl", "cxl-", NULL };

	if (!strcmp(opt, "-drive"))
		return 1;
	for (int i = 0; !strcmp(opt, "-device") && devices[i]; i++)
		if (!strncmp(val, devices[i], strlen(devices[i])))
			return 1;
	return 0;
}

int vm_args_parse(struct vm_args *a, char **argv, char *err, int errlen)
{
	/* Options LAVA's qemu device type gives itself, or a job cannot have. */
	static const char *const dropped[] = {
		"-display", "-serial", "-mon", "-nic", "-monitor", NULL,
	};
	static const char *const flags[] = { "-nodefaults", "-no-user-config", NULL };

	memset(a, 0, sizeof(*a));
	for (char **p = argv; *p; p++) {
		const char *o = *p, *v = p[1];
		int skip = 0;

		if (!strcmp(o, "-no-reboot")) {
			if (add_extra(a, o, NULL, err, errlen))
				return -1;
			continue;
		}
		for (int i = 0; flags[i]; i++)
			skip |= !strcmp(o, flags[i]);
		if (skip)
			continue;
		if (!v) {
			snprintf(err, errlen, "QEMU option %s without a value", o);
			return -1;
		}
		p++;
		for (int i = 0; dropped[i]; i++)
			skip |= !strcmp(o, dropped[i]);
		if (skip)
			continue;
		if (!strcmp(o, "-kernel"))
			a->kernel = v;
		else if (!strcmp(o, "-initrd"))
			a->initrd = v;
		else if (!strcmp(o, "-append"))
			a->append = v;
		else if (!strcmp(o, "-m"))
			a->memory = v;
		else if (!strcmp(o, "-incoming"))
			a->incoming = 1;
		else if (!strcmp(o, "-chardev"))
			chardev(a, v);
		else if (!strcmp(o, "-object") && !strncmp(v, "memory-backend-file,", 20)) {
			if (add_media(a, v, err, errlen))
				return -1;
		} else if (!strcmp(o, "-device") && (!strncmp(v, "virtio-serial", 13) ||
						    !strncmp(v, "virtserialport", 14))) {
			continue;	/* the control port: no harness at the other end */
		} else if (devmem_option(o, v)) {
			snprintf(err, errlen, "QEMU option %s %.60s: a LAVA job emulates NVDIMMs and legacy pmem "
				 "only, not other device memory (docs/device-memory.md)", o, v);
			return -1;
		} else if (add_extra(a, o, v, err, errlen)) {
			return -1;
		}
	}
	if (!a->kernel || !a->initrd || !a->append || !a->memory || !a->ctl_path || !a->qmp_path) {
		snprintf(err, errlen, "the command line lacks -kernel, -initrd, -append, -m or the harness's sockets");
		return -1;
	}
	return 0;
}
