#!/bin/sh
# Debian's own 6.1 kernel, as a new user points the suite at it (issue 16):
# an unpacked package's module tree has no modules.dep, and 6.1 builds
# virtio_pci and virtio_console as modules. Both must just work, and a
# kernel without virtio_console must say so in one line, and one without
# memory failure (the cloud flavour) is refused before any VM. About 3 minutes
# (the package is fetched once into ~/.cache/pmemfi/kernels/debian/).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

abi=$(apt-cache search --names-only '^linux-image-6\.1\.0-[0-9]+-amd64-unsigned$' 2>/dev/null |
	sed -n 's/^linux-image-\(6\.1\.0-[0-9]*\)-amd64-unsigned .*/\1/p' | sort -t- -k2 -n | tail -1)
if [ -z "$abi" ]; then
	not_ok "no linux-image-6.1.0-*-amd64-unsigned in apt's lists (apt-get update?)"
	# Debian's cloud flavour of 6.1 has no memory failure: refused before any VM.
harness/pmemfi run --kernel "debian:$abi-cloud" --results "$tmp/cloud" > "$tmp/cloud.out" 2>&1
rc=$?
check "debian:$abi-cloud: exit 2 ($rc), one line naming CONFIG_MEMORY_FAILURE, no VM" \
	sh -c "[ $rc = 2 ] && grep -q 'lacks .*CONFIG_MEMORY_FAILURE' $tmp/cloud.out && [ ! -e $tmp/cloud/latest ]"
finish
fi
# The provider fetches and unpacks it (and runs depmod, as an installer would).
harness/pmemfi run --kernel "debian:$abi" --tests '*devdax*corrupt-pfn*' --seed ff,zero \
	--results "$tmp/provider" > "$tmp/provider.out" 2>&1
rc=$?
check "debian:$abi: exit 0 ($rc), every cell passes (6.1 predates the action_result bug)" \
	[ "$rc $(jq -r '[.tests[].verdict] | unique | join(",")' "$tmp/provider/latest/summary.json")" = "0 pass" ]

# As the user did: the package unpacked by hand, --kernel PATH --modules DIR.
root=${PMEMFI_CACHE:-$HOME/.cache/pmemfi}/kernels/debian/$abi-amd64/root
cp -a "$root" "$tmp/root"
rm -f "$tmp/root/lib/modules/$abi-amd64"/modules.dep*
harness/pmemfi run --kernel "$tmp/root/boot/vmlinuz-$abi-amd64" --modules "$tmp/root" \
	--tests '*devdax*corrupt-pfn*' --results "$tmp/path" > "$tmp/path.out" 2>&1
rc=$?
check "--modules without modules.dep: depmod makes one, exit 0 ($rc), 8 pass" \
	sh -c "[ $rc = 0 ] && [ -s $tmp/root/lib/modules/$abi-amd64/modules.dep ] && [ \$(jq .counts.pass $tmp/path/latest/summary.json) = 8 ]"

# A module tree without virtio_console: the runner cannot reach the host.
find "$tmp/root/lib/modules/$abi-amd64" -name 'virtio_console.ko*' -delete
depmod -b "$tmp/root" "$abi-amd64"
harness/pmemfi run --kernel "$tmp/root/boot/vmlinuz-$abi-amd64" --modules "$tmp/root" \
	--tests '*devdax*corrupt-pfn.A-first*' --timeout-boot 60 --results "$tmp/novirtio" > "$tmp/novirtio.out" 2>&1
rc=$?
check "no virtio_console: exit 1 ($rc), the cell is an error naming the module" \
	sh -c "[ $rc = 1 ] && jq -e '.tests[0].verdict == \"error\" and (.tests[0].reason | test(\"virtio_console: not in this kernel\"))' $tmp/novirtio/latest/summary.json >/dev/null"
# Debian's cloud flavour of 6.1 has no memory failure: refused before any VM.
harness/pmemfi run --kernel "debian:$abi-cloud" --results "$tmp/cloud" > "$tmp/cloud.out" 2>&1
rc=$?
check "debian:$abi-cloud: exit 2 ($rc), one line naming CONFIG_MEMORY_FAILURE, no VM" \
	sh -c "[ $rc = 2 ] && grep -q 'lacks .*CONFIG_MEMORY_FAILURE' $tmp/cloud.out && [ ! -e $tmp/cloud/latest ]"
finish
