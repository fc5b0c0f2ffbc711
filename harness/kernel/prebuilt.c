// SPDX-License-Identifier: GPL-2.0
#include "kernel/prebuilt.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "kernel/kconfig.h"
#include "kernel/kernel.h"
#include "lib/util.h"

#define MAY_LACK "# pmemfi-prebuilt-may-lack:"

/* Is @name listed on a MAY_LACK line of @base? */
static int may_lack(const char *base, const char *name)
{
	size_t len = strlen(name);

	for (const char *p = strstr(base, MAY_LACK); p; p = strstr(p + 1, MAY_LACK)) {
		const char *end = strchrnul(p, '\n');

		for (const char *w = p + strlen(MAY_LACK); w < end; w++)
			if (!strncmp(w, name, len) && (w[len] == ' ' || w + len == end) && w[-1] == ' ')
				return 1;
	}
	return 0;
}

int prebuilt_check(const struct kconfig *final, const char *base, int modular, char *err, int errlen)
{
	struct kconfig want = { 0 };
	struct strbuf missing = STRBUF_INIT, mods = STRBUF_INIT;
	int nr_missing = 0, nr_mods = 0;

	kconfig_parse(&want, base, "base.config");
	for (int i = 0; i < want.nr; i++) {
		const char *need = want.v[i].value, *have = kconfig_get(final, want.v[i].name);

		if ((strcmp(need, "y") && strcmp(need, "m")) || may_lack(base, want.v[i].name))
			continue;
		if (!strcmp(have, "n"))
			strbuf_addf(&missing, "%sCONFIG_%s", nr_missing++ ? ", " : "", want.v[i].name);
		else if (!strcmp(have, "m"))
			strbuf_addf(&mods, "%sCONFIG_%s", nr_mods++ ? ", " : "", want.v[i].name);
	}
	kconfig_free(&want);
	if (nr_missing)
		snprintf(err, errlen, "lacks %s, which the suite needs (configs/kernel/base.config)", missing.buf);
	else if (nr_mods && !modular)
		snprintf(err, errlen, "has %s as module%s, and no module tree was given (--modules DIR)", mods.buf,
			 nr_mods > 1 ? "s" : "");
	strbuf_release(&missing);
	strbuf_release(&mods);
	return nr_missing || (nr_mods && !modular);
}

/* @n bytes at @off of @f into @buf (caller frees), or NULL. */
static unsigned char *read_at(FILE *f, long off, size_t n)
{
	unsigned char *buf = xmalloc(n ? n : 1);

	if (fseek(f, off, SEEK_SET) || fread(buf, 1, n, f) != n) {
		free(buf);
		return NULL;
	}
	return buf;
}

static uint32_t le32(const unsigned char *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (uint32_t)p[3] << 24;
}

/* The decompressor of a bzImage payload, by its magic (the kernel's own choices). */
static const char *decompressor(const unsigned char *p, size_t n)
{
	static const struct {
		const char *magic;
		size_t len;
		const char *cmd;
	} kinds[] = {
		{ "\x1f\x8b", 2, "gzip -dc" }, { "\xfd" "7zXZ", 5, "xz -dc" },
		{ "\x28\xb5\x2f\xfd", 4, "zstd -dc" }, { "\x02\x21\x4c\x18", 4, "lz4 -dc" },
		{ "BZh", 3, "bzip2 -dc" }, { "\x5d\x00\x00", 3, "xz --format=lzma -dc" },
		{ "\x89LZO", 4, "lzop -dc" },
	};

	for (size_t i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++)
		if (n >= kinds[i].len && !memcmp(p, kinds[i].magic, kinds[i].len))
			return kinds[i].cmd;
	return NULL;
}

/* The gzip stream between "IKCFG_ST" and "IKCFG_ED" in @path, gunzipped into @out. */
static int ikconfig_from_vmlinux(const char *path, const char *out)
{
	struct strbuf v = STRBUF_INIT;
	char *gz = xasprintf("%s.gz", out);
	const char *st, *ed;
	int rc = -1;

	if (!read_file(path, &v) && (st = memmem(v.buf, v.len, "IKCFG_ST", 8)) &&
	    (ed = memmem(st, v.buf + v.len - st, "IKCFG_ED", 8)) &&
	    !write_file(gz, st + 8, ed - st - 8)) {
		char *cmd = xasprintf("gzip -dc < '%s' > '%s'", gz, out);
		char *argv[] = { "sh", "-c", cmd, NULL };

		rc = run_cmd(argv, NULL, "-", NULL) ? -1 : 0;
		free(cmd);
	}
	unlink(gz);
	free(gz);
	strbuf_release(&v);
	return rc;
}

int prebuilt_image_ikconfig(const char *image, const char *out)
{
	FILE *f = fopen(image, "rb");
	unsigned char *hdr = f ? read_at(f, 0, 0x250) : NULL, *payload = NULL;
	char *packed = xasprintf("%s.payload", out), *vmlinux = xasprintf("%s.vmlinux", out);
	const char *how;
	int rc = -1;

	/* Boot protocol 2.08+: payload_offset and payload_length, from the protected-mode code. */
	if (hdr && !memcmp(hdr + 0x202, "HdrS", 4) && (hdr[0x206] | hdr[0x207] << 8) >= 0x208) {
		long setup = ((hdr[0x1f1] ? hdr[0x1f1] : 4) + 1) * 512L;
		uint32_t len = le32(hdr + 0x24c);

		payload = read_at(f, setup + le32(hdr + 0x248), len);
		how = payload ? decompressor(payload, len) : NULL;
		if (how && !write_file(packed, (char *)payload, len)) {
			/* The payload may end in a size field: a decompressor's complaint is not fatal. */
			char *cmd = xasprintf("%s < '%s' > '%s' 2>/dev/null", how, packed, vmlinux);
			char *argv[] = { "sh", "-c", cmd, NULL };

			run_cmd(argv, NULL, "-", NULL);
			rc = ikconfig_from_vmlinux(vmlinux, out);
			free(cmd);
		}
	}
	if (f)
		fclose(f);
	unlink(packed);
	unlink(vmlinux);
	free(packed);
	free(vmlinux);
	free(hdr);
	free(payload);
	return rc;
}

int prebuilt_find_config(struct kernel *k, const char *cache)
{
	char *dir = xstrdup(k->image), *c[6] = { 0 }, *ik;
	uint64_t h = FNV1A64_INIT;
	int n = 0, rc = -1;

	*strrchr(dir, '/') = '\0';
	c[n++] = xasprintf("%s/config-%s", dir, k->release);
	/* The build tree's (arch/x86/boot/bzImage), or one beside the image. */
	c[n++] = xasprintf("%s/../../../.config", dir);
	c[n++] = xasprintf("%s/.config", dir);
	if (k->modroot) {
		c[n++] = xasprintf("%s/boot/config-%s", k->modroot, k->release);
		c[n++] = xasprintf("%s/lib/modules/%s/config", k->modroot, k->release);
		c[n++] = xasprintf("%s/lib/modules/%s/build/.config", k->modroot, k->release);
	}
	for (int i = 0; i < n && rc; i++)
		if (file_exists(c[i])) {
			kernel_set_config(k, c[i]);
			rc = 0;
		}
	for (int i = 0; i < n; i++)
		free(c[i]);
	free(dir);
	if (!rc || fnv1a64_file(k->image, &h))
		return rc;
	dir = xasprintf("%s/kernels/ikconfig", cache);
	ik = xasprintf("%s/%016" PRIx64 ".config", dir, h);
	if (file_exists(ik) || (!mkdir_p(dir) && !prebuilt_image_ikconfig(k->image, ik))) {
		kernel_set_config(k, ik);
		rc = 0;
	}
	free(dir);
	free(ik);
	return rc;
}
