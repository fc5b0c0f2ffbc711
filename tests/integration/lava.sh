#!/bin/sh
# The LAVA mode against a real LAVA lab (issue 15): tools/lava-local.sh
# starts one on this machine from Debian's packages, "pmemfi lava submit"
# runs cells as its jobs in 2 shards, and the verdicts, reasons and titles
# must be the local run's, a crash included (the crash ends its job; the
# shard's remaining cells are the next job). Then "lava import" plays the
# same logs back without the lab, and "lava jobs" writes definitions only.
# About 3 minutes here once the packages are in (their install: about 2).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
started=
cleanup() {
	[ -n "$started" ] && tools/lava-local.sh stop >/dev/null 2>&1
	rm -rf "$tmp"
}
trap cleanup EXIT

t0=$(date +%s)
if tools/lava-local.sh start > "$tmp/lab.out" 2>&1; then
	started=1
	ok "the local lab starts ($(($(date +%s) - t0)) s): $(tail -1 "$tmp/lab.out")"
else
	not_ok "the local lab does not start: $(tail -3 "$tmp/lab.out")"
	finish
	exit 1
fi

# Two blocks (devdax, fsdax), each with a crash (A-first: the action_result
# page fault on Debian's 6.12) and cells after it.
cells='devdax.dev.2M.corrupt-pfn.A-first,devdax.dev.2M.corrupt-pfn.C-first,fsdax.dev.2M.corrupt-pfn.A-first,fsdax.dev.2M.corrupt-pfn.C-first'
verdicts() { jq -r '.tests[] | "\(.name) \(.verdict) \(.reason // "") \(.title // "")"' "$1" | sort; }

harness/pmemfi run --kernel debian --tests "$cells" --results "$tmp/local" > "$tmp/local.out" 2>&1
verdicts "$tmp/local/latest/summary.json" > "$tmp/local.v"

t0=$(date +%s)
harness/pmemfi lava submit --jobs 2 --compress none --job-files "$tmp/jobs" --kernel debian \
	--tests "$cells" --results "$tmp/lava" > "$tmp/lava.out" 2>&1
rc=$?
secs=$(($(date +%s) - t0))
verdicts "$tmp/lava/latest/summary.json" > "$tmp/lava.v"
njobs=$(ls "$tmp/jobs"/*.log 2>/dev/null | wc -l)
check "lava submit --jobs 2: exit 0 ($rc) in $secs s, $njobs LAVA jobs (2 crashes: 4)" \
	[ "$rc $njobs" = "0 4" ]
check "the same $(wc -l < "$tmp/local.v") verdicts, reasons and titles as the local run ($(diff "$tmp/local.v" "$tmp/lava.v" | grep -c '^[<>]') lines differ)" \
	sh -c "[ -s $tmp/local.v ] && [ \$(wc -l < $tmp/local.v) = 4 ] && diff $tmp/local.v $tmp/lava.v"
check "the crash keeps its title and cell: $(grep 'A-first' "$tmp/lava.v" | head -1)" \
	grep -q 'devdax.dev.2M.corrupt-pfn.A-first.ff xfail .*BUG: unable to handle page fault in action_result' "$tmp/lava.v"
check "the LAVA console is the guest's: no control lines, a kernel banner" \
	sh -c "! grep -q 'pmemfi-ctl:' $tmp/lava/latest/console/vm-*.log && grep -q 'Linux version' $tmp/lava/latest/console/vm-01.log"
art=${PMEMFI_CACHE:-$HOME/.cache/pmemfi}/lava-local/artifacts
left=0
for log in "$tmp"/jobs/*.log; do
	[ -e "$art/$(basename "$log" .log)" ] && left=$((left + 1))
done
check "every job's staged files are removed once it ran ($left left)" [ $left = 0 ]

# LAVA's own results: each step by its exit status, from the monitor.
for id in $(sed -n 's/.*submitted as \([0-9]*\).*/\1/p' "$tmp"/lava/latest/console/vm-*.qemu.log); do
	PATH=/usr/sbin:/usr/bin:/sbin:/bin lavacli -i pmemfi-local results "$id"
done > "$tmp/results.txt" 2>&1
check "lavacli results list the steps ($(grep -c '^\* pmemfi' "$tmp/results.txt") pmemfi results), the cells after a crash pass" \
	grep -qE 'pmemfi\..*corrupt_pfn_c_first.* \[pass\]' "$tmp/results.txt"

# The logs played back without the lab: the same verdicts.
harness/pmemfi lava import --job-files "$tmp/jobs" --jobs 2 --kernel debian --tests "$cells" \
	--results "$tmp/import" > "$tmp/import.out" 2>&1
rc=$?
verdicts "$tmp/import/latest/summary.json" > "$tmp/import.v"
check "lava import of those logs: exit 0 ($rc), the same verdicts ($(diff "$tmp/local.v" "$tmp/import.v" | grep -c '^[<>]') lines differ)" \
	sh -c "[ $rc = 0 ] && diff $tmp/local.v $tmp/import.v"

# Definitions only: one job per shard, nothing submitted.
harness/pmemfi lava jobs --job-files "$tmp/defs" --jobs 2 --kernel debian --tests "$cells" \
	> "$tmp/defs.out" 2>&1
rc=$?
check "lava jobs: exit 0 ($rc), 2 job definitions for 2 shards: $(tail -1 "$tmp/defs.out")" \
	sh -c "[ $rc = 0 ] && [ \$(ls $tmp/defs/*.yaml | wc -l) = 2 ] && grep -q 'nvdimm,id=nvdimm0' $tmp/defs/*.yaml"
# Those stay staged for the lab that is to run them; not this one.
for y in "$tmp"/defs/*.yaml; do
	rm -rf "${art:?}/$(basename "$y" .yaml)"
done
expect_exit 2 "lava with an unknown verb" "submit, jobs or import" harness/pmemfi lava frobnicate
expect_exit 2 "lava import without --job-files" "import needs --job-files" harness/pmemfi lava import --kernel debian

t0=$(date +%s)
tools/lava-local.sh stop > /dev/null 2>&1
started=
check "the lab stops: nothing of it is left running ($(($(date +%s) - t0)) s)" \
	sh -c "! pgrep -f 'lava-server manage [l]ava-scheduler|[l]ava-worker --name pmemfi-worker|[g]unicorn: master .lava_server' >/dev/null"
finish
