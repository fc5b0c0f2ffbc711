#!/bin/sh
# run -j N against the fake QEMU (no VM boots, seconds): N shards at once,
# merged into one run that equals the serial run; a child that fails, a
# ^C, and bad -j values.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
fake_setup
FAKE_CELLS="--seed zero,ff"
fake() { fake_run "$@"; }
# A serial run lists its tests as they ran, a merged one in plan order: sort.
verdicts() { jq -r '.tests[] | "\(.name) \(.verdict) \(.reason // "") \(.title // "")"' "$1" | sort; }

fake crash:A-first serial
serial_rc=$rc
verdicts "$S" > "$tmp/serial.v"
fake crash:A-first par -j 2
check "-j 2: exit as the serial run ($rc, $serial_rc)" [ "$rc" = "$serial_rc" -a "$rc" = 1 ]
verdicts "$S" > "$tmp/par.v"
check "-j 2: the same $(wc -l < "$tmp/serial.v") cells, the same verdicts" \
	cmp -s "$tmp/serial.v" "$tmp/par.v"
M="$tmp/par/latest"
check "-j 2: one finished run directory with every output format" \
	sh -c "[ \$(jq -r .status $M/summary.json) = complete ] && [ -s $M/results.ktap ] && [ -s $M/junit.xml ] && [ -s $M/kcidb.json ] && [ -s $M/index.html ]"
check "-j 2: each VM's console is there under its own number" \
	[ "$(jq '[.tests[].console] | unique | map(select(. != null)) | length' "$S")" = "$(ls "$M"/console/vm-*.log | grep -vc qemu)" ]
check "-j 2: boots and restores are the shards' ($(jq -c '[(.timing.boot_seconds | length), .timing.restores]' "$S"))" \
	[ "$(jq '(.timing.boot_seconds | length) == 2 and .timing.restores == (.timing.vms - 2)' "$S")" = true ]
check "-j 2: the per-test lines are numbered for the whole run" \
	sh -c "grep -q '^\[ 72/72\]' $tmp/par.out && [ \$(grep -c '^\[ *[0-9]*/72\]' $tmp/par.out) = 72 ]"
check "-j 2: the shards' directories are gone once merged" sh -c "! ls -d $tmp/par/.parallel.* 2>/dev/null"

# A child that cannot start its VMs: exit 3, nothing merged, shards kept.
fake nostart nostart -j 2
check "-j 2, QEMU fails: exit 3 ($rc), the shards are kept and named" \
	sh -c "[ $rc = 3 ] && grep -q 'shard 1/2 ended with exit 3' $tmp/nostart.out && grep -q 'kept in .*/.parallel' $tmp/nostart.out"
interrupt_when "$tmp/int.out" "A-last" env FAKE_QEMU_MODE=hang:B-first PMEMFI_QEMU="$PWD/build/tests/fake-qemu" \
	harness/pmemfi run --kernel "$k" --accel tcg --seed zero,ff -j 2 --results "$tmp/int"
check "-j 2, ^C: exit 130 ($rc) within 10 s ($secs s), the shards keep what finished" \
	sh -c "[ $rc = 130 ] && [ $secs -le 10 ] && [ \$(jq -r .status $tmp/int/.parallel.*/shard-1/latest/summary.json) = interrupted ]"

fake pass shard -j 2 --shard 1/2
check "-j with --shard: exit 2 ($rc)" [ "$rc" = 2 ]
fake pass badj -j many
check "-j many: exit 2 ($rc) naming the value" sh -c "[ $rc = 2 ] && grep -q \"^pmemfi: -j: 'many' is not a number\" $tmp/badj.out"
finish
