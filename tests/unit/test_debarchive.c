// SPDX-License-Identifier: GPL-2.0
/* Debian archive access: the host's archive, version matching. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>

#include "kernel/debarchive.h"

static void check_archive(const char *deb822, const char *list, const char *uri, const char *keyring)
{
	char *u, *k;

	debarchive_archive_of(deb822, list, &u, &k);
	assert_string_equal(u, uri);
	assert_string_equal(k, keyring);
	free(u);
	free(k);
}

/* This machine's /etc/apt/sources.list.d/debian.sources, as seen on 2026-12-06. */
static const char bookworm_sources[] =
	"Types: deb\n"
	"# http://snapshot.debian.org/archive/debian/20250520T000000Z\n"
	"URIs: http://deb.debian.org/debian\n"
	"Suites: bookworm bookworm-updates\n"
	"Components: main\n"
	"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n"
	"\n"
	"Types: deb\n"
	"URIs: http://deb.debian.org/debian-security\n"
	"Suites: bookworm-security\n"
	"Components: main\n"
	"Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg\n";

static void host_archive(void **state)
{
	(void)state;
	check_archive(bookworm_sources, NULL, "http://deb.debian.org/debian",
		      "/usr/share/keyrings/debian-archive-keyring.gpg");
	/* The security stanza first: the next one is the archive. */
	check_archive("URIs: http://security.debian.org/debian-security\nSuites: bookworm-security\n\n"
		      "URIs: http://mirror.example/debian\nSigned-By: /etc/k.gpg\n", NULL,
		      "http://mirror.example/debian", "/etc/k.gpg");
	/* A one-line sources.list, with options; an inline key is not a path. */
	check_archive(NULL, "# comment\ndeb [arch=amd64 signed-by=/x.gpg] http://mirror.example/debian bookworm main\n",
		      "http://mirror.example/debian", "/usr/share/keyrings/debian-archive-keyring.gpg");
	check_archive("URIs: http://m.example/debian\nSigned-By:\n -----BEGIN PGP PUBLIC KEY BLOCK-----\n", NULL,
		      "http://m.example/debian", "/usr/share/keyrings/debian-archive-keyring.gpg");
	/* Nothing configured: Debian's own. */
	check_archive(NULL, NULL, "http://deb.debian.org/debian", "/usr/share/keyrings/debian-archive-keyring.gpg");
	check_archive("", "deb http://deb.debian.org/debian-security bookworm-security main\n",
		      "http://deb.debian.org/debian", "/usr/share/keyrings/debian-archive-keyring.gpg");
}

static void upstream_version(void **state)
{
	(void)state;
	assert_true(deb_upstream_matches("7.3.4-1~bpo13+1", "7.3.4"));
	assert_true(deb_upstream_matches("7.3.4-1~bpo13+1", "7.3"));
	assert_true(deb_upstream_matches("7.2.13-1", "7.2.13"));
	assert_true(deb_upstream_matches("1:7.2.13-1", "7.2.13"));
	assert_false(deb_upstream_matches("7.2.13-1", "7.2.1"));
	assert_false(deb_upstream_matches("7.2.13-1", "7.2.12"));
	assert_false(deb_upstream_matches("7.3.4-1~bpo13+1", "7.3.4-1~bpo13+2"));
	assert_false(deb_upstream_matches("17.3.4-1", "7.3"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(host_archive),
		cmocka_unit_test(upstream_version),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
