#!/bin/sh
# Install the Debian packages pmemfi needs, if any are missing.
#   tools/install-deps.sh        what ./run.sh needs
#   tools/install-deps.sh test   that, plus what "make check" needs (cmocka, jq;
#                                python3 for kunit.py, python3-jsonschema for kcidb.json,
#                                xmllint, chromium for index.html)
#   tools/install-deps.sh fuzz   that, plus clang's libFuzzer for "make fuzz"
# Exit status: 0 ready, 2 packages missing and not root, 3 apt-get failed.
set -eu

RUN="build-essential pkg-config qemu-system-x86 ndctl daxctl libndctl-dev
libdaxctl-dev uuid-dev busybox-static libjson-c-dev cpio kmod e2fsprogs xz-utils
zstd git patch bc bison flex libelf-dev libssl-dev ccache linux-source-6.12"
TEST="libcmocka-dev jq python3 python3-jsonschema libxml2-utils chromium"
FUZZ="clang libclang-rt-14-dev"

want=$RUN
[ "${1:-}" = test ] && want="$RUN $TEST"
[ "${1:-}" = fuzz ] && want="$RUN $TEST $FUZZ"

missing=
for p in $want; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
if [ "$(id -u)" != 0 ]; then
	echo "install-deps: missing packages:$missing; install them as root (apt-get install$missing)" >&2
	exit 2
fi
echo "install-deps: installing$missing" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >&2 || { echo "install-deps: apt-get update failed" >&2; exit 3; }
# shellcheck disable=SC2086
apt-get install -y -q -o DPkg::Lock::Timeout=600 --no-install-recommends $missing >&2 ||
	{ echo "install-deps: apt-get install failed:$missing" >&2; exit 3; }
