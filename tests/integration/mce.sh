#!/bin/sh
# Host-injected machine checks on Debian's stock 6.12 (issue 4, point 2):
# the harness injects through QMP what the guest test asks for over the
# control port, the guest kernel takes it (mce: [Hardware Error]) into
# memory_failure(), and the same oracle as for the guest injectors judges
# it: on zeroed media the info-block pfn is rejected with the memory-
# failure line; on 0xff media it hits the action_result bug; an action-
# required check on a mapped page ends in SIGBUS BUS_MCEERR_AR.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

harness/pmemfi run --known-issues none --kernel debian --profile tests/integration/profiles/mce --results "$tmp" > "$tmp/out" 2>&1
rc=$?
run="$tmp/latest"
S="$run/summary.json"
sed -n '/^== pmemfi/,$p' "$tmp/out" | sed 's/^/# /'
v() { jq -r ".tests[] | select(.name == \"$1\") | .$2" "$S"; }
A=one-nvdimm.devdax.dev.2M.mce-ao.A-first

check "exit 1: the ff cell finds the bug ($rc)" [ "$rc" = 1 ]
check "every cell has a verdict" [ "$(jq '.tests | length' "$S")" = 8 ]

# What the host injected is recorded: at the A-first pfn's address, both seeds.
apfn=$(grep -o 'ns=devdax .* A=0x[0-9a-f]*' "$run/layout.txt" | head -1 | sed 's/.*A=//')
check "layout names the A-first pfn ($apfn)" [ -n "$apfn" ]
check "injections.txt has mce-ao at A-first's address, twice" \
	[ "$(grep -c "$A\..*: mce -b 0 9 .* $(printf '%#x' $((apfn * 4096))) 0x86 -> ok" "$run/injections.txt")" = 2 ]
check "injections.txt has an action-required status for mce-ar" \
	grep -q 'mce-ar.C-mapped.zero: mce -b 0 9 0xbd8' "$run/injections.txt"

# zero media: the machine check reaches memory_failure(), which rejects the pfn.
log=$(grep -l "begin $A.zero" "$run"/console/vm-*.log | grep -v qemu | head -1)
sed -n "/pmemfi: begin $A.zero/,/pmemfi: end $A.zero/p" "$log" > "$tmp/between"
check "zero: mce-ao at A-first passes" [ "$(v $A.zero verdict)" = pass ]
check "zero: the console shows the machine check" grep -q 'mce: \[Hardware Error\]' "$tmp/between"
check "zero: and memory_failure()'s line for that pfn" \
	grep -q "Memory failure: $apfn: recovery action for dax page" "$tmp/between"

# 0xff media: the same machine check hits the live bug, judged like corrupt-pfn.
check "ff: mce-ao at A-first is a bug in action_result" \
	[ "$(v $A.ff verdict)|$(v $A.ff title)" = "bug|BUG: unable to handle page fault in action_result" ]
check "ff: reached from the machine-check path" grep -q 'memory_failure' "$run/$(v $A.ff report)"

for seed in zero ff; do
	c=one-nvdimm.devdax.dev.2M.mce-ar.C-mapped.$seed
	# The ff VM crashed at A-first before; mce-ar ran in the next one.
	check "$seed: mce-ar on a mapped page: SIGBUS BUS_MCEERR_AR" \
		[ "$(v $c verdict)|$(v $c outcome | cut -d' ' -f1)" = "pass|SIGBUS:BUS_MCEERR_AR" ]
done
finish
