#!/bin/sh
# --shard K/N and pmemfi merge against the fake QEMU: shards 1/2 and 2/2 of
# the quick profile merged equal the unsharded run (same cells, same
# verdicts, every output format), with and without a crash; a missing,
# duplicate, foreign or unfinished shard is refused. No VM is booted.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
fake_setup

# run MODE NAME [options]: the quick profile; $rc its exit status.
run() { FAKE_CELLS="--profile quick" fake_run "$@"; }

# What must not differ between a run and its merged shards: each test's
# name, verdict, reason and reports, by name; the counts; the planned list.
cells() {
	jq -S '{planned, counts: (.counts | del(.max_skipped_percent)), known_issues, status,
		tests: [.tests[] | {name, verdict, reason, title, reports, setup_reports, namespace, seed}] | sort_by(.name)}' \
		"$1/summary.json"
}
# The derived formats without what only timing, VM numbering and the run
# directory's name change (a failed cell's repro command names the directory).
formats() {
	sed -E 's/[0-9]+\.[0-9]+//g; s/vm-[0-9]+\.log lines [0-9]+-[0-9]+//g; s/T[0-9:]{8}//g;
		s/(\.\/run\.sh repro )[^ ]+ /\1RUN_DIR /' "$1/results.ktap" "$1/junit.xml"
	jq -S '[.tests[] | {id: (.id | sub("^pmemfi:[^:]*:"; "")), status, path}] | sort_by(.id)' "$1/kcidb.json"
}

# same WHOLE MERGED DESC: the merged run equals the unsharded one.
same() {
	cells "$1" > "$tmp/a.json"; cells "$2" > "$tmp/b.json"
	check "$3: same cells, verdicts and counts ($(jq -c .counts "$tmp/a.json"))" cmp -s "$tmp/a.json" "$tmp/b.json"
	formats "$1" > "$tmp/a.txt"; formats "$2" > "$tmp/b.txt"
	check "$3: same KTAP, junit and KCIDB tests" cmp -s "$tmp/a.txt" "$tmp/b.txt"
}

for mode in pass crash:A-first; do
	tag=${mode%%:*}
	run "$mode" "whole-$tag"
	want=$rc
	run "$mode" "s1-$tag" --shard 1/2
	run "$mode" "s2-$tag" --shard 2/2
	check "$mode: the shards split the 36 cells ($(jq '.tests | length' "$tmp/s1-$tag/latest/summary.json")+$(jq '.tests | length' "$tmp/s2-$tag/latest/summary.json"))" \
		[ "$(jq '.tests | length' "$tmp/s1-$tag/latest/summary.json") $(jq '.tests | length' "$tmp/s2-$tag/latest/summary.json")" = "18 18" ]
	harness/pmemfi merge "$tmp/s2-$tag/latest" "$tmp/s1-$tag/latest" --results "$tmp/m-$tag" > "$tmp/m-$tag.out" 2>&1
	rc=$?
	check "$mode: merge exits as the run did ($rc, run $want)" [ "$rc" = "$want" ]
	same "$tmp/whole-$tag/latest" "$tmp/m-$tag/latest" "$mode"
	M="$tmp/m-$tag/latest"
	check "$mode: every test's console is a file of the merged run" \
		sh -c "for c in \$(jq -r '.tests[].console' $M/summary.json | sort -u); do [ -s $M/\$c ] || exit 1; done"
	vms=$(( $(jq .timing.vms "$tmp/s1-$tag/latest/summary.json") + $(jq .timing.vms "$tmp/s2-$tag/latest/summary.json") ))
	check "$mode: the merged VMs are the shards', each its own console ($vms)" \
		[ "$(jq .timing.vms "$M/summary.json") $(jq '[.tests[].console] | unique | length' "$M/summary.json") $(ls "$M"/console/*.log | grep -vc qemu)" = "$vms $vms $vms" ]
done
M="$tmp/m-crash/latest"
check "crash: a report file's console line points at the renumbered VM's log" \
	sh -c "t=\$(jq -r '.tests[] | select(.name == \"one-nvdimm.fsdax.dev.2M.corrupt-pfn.A-first.ff\") | .console' $M/summary.json) &&
	       grep -q \"console: \$t lines\" $M/reports/one-nvdimm.fsdax.dev.2M.corrupt-pfn.A-first.ff.txt &&
	       grep -q fake_crash $M/\$t"

s1="$tmp/s1-pass/latest" s2="$tmp/s2-pass/latest"
expect_exit 2 "a missing shard" "merge: shard 2/2 missing \(of the plan of .*s1-pass" harness/pmemfi merge "$s1" --results "$tmp/bad"
expect_exit 2 "a duplicate shard" "s1-crash/latest: duplicate shard 1/2" harness/pmemfi merge "$s1" "$tmp/s1-crash/latest" "$s2" --results "$tmp/bad"
run pass foreign --shard 2/2 --tests '*devdax*'
expect_exit 2 "a foreign shard" "foreign/latest: foreign shard: its profile.tests is \"\*devdax\*\", .*s1-pass/latest's is null" harness/pmemfi merge "$s1" "$tmp/foreign/latest" --results "$tmp/bad"
# Quick has two blocks: of three shards, 2/3 is empty, and still merges.
run pass other --shard 2/3
check "an empty shard runs nothing and finishes ($(jq -r '"\(.tests | length) \(.status)"' "$tmp/other/latest/summary.json"))" \
	[ "$(jq -r '"\(.tests | length) \(.status)"' "$tmp/other/latest/summary.json")" = "0 complete" ]
run pass third1 --shard 1/3
run pass third3 --shard 3/3
harness/pmemfi merge "$tmp/third3/latest" "$tmp/other/latest" "$tmp/third1/latest" --results "$tmp/m-thirds" > "$tmp/m-thirds.out" 2>&1
same "$tmp/whole-pass/latest" "$tmp/m-thirds/latest" "three shards, one empty"
M="$tmp/m-thirds/latest"
vms=$(( $(jq .timing.vms "$tmp/third1/latest/summary.json") + $(jq .timing.vms "$tmp/third3/latest/summary.json") ))
check "three shards: the VMs numbered on across them, each its own console ($vms)" \
	[ "$(jq .timing.vms "$M/summary.json") $(jq '[.tests[].console] | unique | length' "$M/summary.json") $(ls "$M"/console/*.log | grep -vc qemu)" = "$vms $vms $vms" ]
check "... shard 3/3's first VM follows shard 1/3's last" \
	[ "$(jq -r '.tests[] | select(.name == "'"$(jq -r '.tests[0].name' "$tmp/third3/latest/summary.json")"'") | .vm' "$M/summary.json")" = \
	  "$(( $(jq .timing.vms "$tmp/third1/latest/summary.json") + $(jq .tests[0].vm "$tmp/third3/latest/summary.json") ))" ]
expect_exit 2 "a shard of another N" "other/latest: foreign shard: its shard.n is 3" harness/pmemfi merge "$s1" "$tmp/other/latest" --results "$tmp/bad"
expect_exit 2 "an unsharded run" "whole-pass/latest: not a shard" harness/pmemfi merge "$s1" "$tmp/whole-pass/latest" --results "$tmp/bad"
expect_exit 2 "not a run directory" "$tmp: not a run directory" harness/pmemfi merge "$s1" "$tmp" --results "$tmp/bad"
interrupt_when "$tmp/int.out" A-last env FAKE_QEMU_MODE=hang:B-first PMEMFI_QEMU="$PWD/build/tests/fake-qemu" \
	harness/pmemfi run --kernel "$k" --accel tcg --shard 2/2 --results "$tmp/int"
expect_exit 2 "an unfinished shard" "int/latest: unfinished shard \(status interrupted" harness/pmemfi merge "$s1" "$tmp/int/latest" --results "$tmp/bad"
check "a refused merge writes nothing" [ ! -e "$tmp/bad" ]
# A shard that says complete but lacks a test of its planned cells (the
# devdax corrupt-pfn cells on zeroed media, which all pass).
fake_run pass l1 --shard 1/2
fake_run pass l2 --shard 2/2
cp -r "$(readlink -f "$tmp/l2/latest")" "$tmp/lacking"
jq 'del(.tests[1])' "$tmp/l2/latest/summary.json" > "$tmp/lacking/summary.json"
lacks=$(jq -r '.tests[1].name' "$tmp/l2/latest/summary.json")
harness/pmemfi merge "$tmp/l1/latest" "$tmp/l2/latest" --results "$tmp/m-l" > "$tmp/m-l.out" 2>&1
rc=$?
check "merge of shards whose every test passed: exit 0 ($rc)" [ "$rc" = 0 ]
harness/pmemfi merge "$tmp/s1-crash/latest" "$tmp/s2-crash/latest" --results "$tmp/m-c2" > "$tmp/m-c2.out" 2>&1
rc=$?
check "merge of shards with a crash: exit 1 ($rc)" [ "$rc" = 1 ]
expect_exit 3 "merge into a results directory that cannot be made" "merge: .*/dev/null/x" \
	harness/pmemfi merge "$tmp/l1/latest" "$tmp/l2/latest" --results /dev/null/x
expect_exit 2 "a complete shard that lacks a cell" "lacking: complete shard lacks planned cell $lacks" \
	harness/pmemfi merge "$tmp/l1/latest" "$tmp/lacking" --results "$tmp/bad"
# Shards of different kernels or inputs under the same names: another
# bzImage of the same release (the same kernel id), another known-issue
# file, another --configs. Each is foreign.
k_saved=$k
k="$tmp/other-kernel/bzImage"
mkdir -p "$tmp/other-kernel"
fake_bzimage "$k"
printf 'another build\n' >> "$k"
fake_run pass otherk --shard 2/2
k=$k_saved
expect_exit 2 "a shard of another bzImage of the same release" "otherk/latest: foreign shard: its kernel.hash is \"[0-9a-f]{16}\"" \
	harness/pmemfi merge "$tmp/l1/latest" "$tmp/otherk/latest" --results "$tmp/bad"
printf '[x]\ntitle kernel BUG in foo\nactions corrupt-pfn\nreason r\n' > "$tmp/known-x"
fake_run pass otherknown --shard 2/2 --known-issues "$tmp/known-x"
expect_exit 2 "a shard run with another known-issue file" "otherknown/latest: foreign shard: its known_issues.hash is" \
	harness/pmemfi merge "$tmp/l1/latest" "$tmp/otherknown/latest" --results "$tmp/bad"
cp -r configs "$tmp/configs-other"
sed -i 's/^\(corrupt-pfn  *C  *\*  *\*  *\)EBUSY/\1ENXIO/' "$tmp/configs-other/expectations"
fake_run pass otherconfigs --shard 2/2 --configs "$tmp/configs-other"
expect_exit 2 "a shard run with another --configs" "otherconfigs/latest: foreign shard: its profile.configs_hash is" \
	harness/pmemfi merge "$tmp/l1/latest" "$tmp/otherconfigs/latest" --results "$tmp/bad"

# A --durations file with a negative duration would leave cells in no
# shard (and one with a duration that is no number of seconds): refused.
jq '.tests[2].duration = -1000' "$tmp/l2/latest/summary.json" > "$tmp/negative.json"
neg=$(jq -r ".tests[2].name" "$tmp/l2/latest/summary.json")
expect_exit 2 "--durations with a negative duration" "durations $tmp/negative.json: test $neg: duration -1000(.0)? is not a number of seconds" \
	harness/pmemfi run --kernel "$k" --seed zero --tests '*devdax*corrupt-pfn*' --shard 1/2 --durations "$tmp/negative.json" --list
jq '.tests[0].duration = "soon"' "$tmp/l2/latest/summary.json" > "$tmp/nan.json"
expect_exit 2 "--durations with a duration that is no number" "durations $tmp/nan.json: test .*: duration \"soon\" is not a number of seconds" \
	harness/pmemfi run --kernel "$k" --seed zero --tests '*devdax*corrupt-pfn*' --shard 1/2 --durations "$tmp/nan.json" --list
jq '.timing.restore_seconds = [-5]' "$tmp/l2/latest/summary.json" > "$tmp/negrestore.json"
expect_exit 2 "--durations with a negative restore time" "durations $tmp/negrestore.json: timing.restore_seconds: -5(.0)? is not a number of seconds" \
	harness/pmemfi run --kernel "$k" --seed zero --tests '*devdax*corrupt-pfn*' --shard 1/2 --durations "$tmp/negrestore.json" --list
expect_exit 2 "--shard out of range" "--shard: '3/2' is not K/N with 1 <= K <= N <= 64" harness/pmemfi run --kernel "$k" --shard 3/2 --list
finish
