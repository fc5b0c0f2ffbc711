#!/bin/sh
# The harness's VM loop against a fake QEMU (tests/fakes/fake-qemu.c):
# crash recovery, attribution, watchdogs, retry, QEMU failing to start, and
# an interrupted run. No VM is booted, so this takes seconds.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu

k="$tmp/bzImage"
fake_bzimage "$k"

# fake MODE NAME [options]: run the devdax corrupt-pfn cells; $S is its summary.
fake() {
	mode=$1 name=$2; shift 2
	FAKE_QEMU_MODE=$mode PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi run \
		--kernel "$k" --accel tcg --seed zero --tests '*devdax*corrupt-pfn*' \
		--results "$tmp/$name" "$@" > "$tmp/$name.out" 2>&1
	rc=$?
	S="$tmp/$name/latest/summary.json"
}
verdicts() { jq -r '[.tests[].verdict] | group_by(.) | map("\(.[0])=\(length)") | join(" ")' "$S"; }

fake pass pass
check "pass: exit 0 ($rc)" [ "$rc" = 0 ]
check "pass: 8 pass in one VM ($(verdicts))" [ "$(verdicts) vms=$(jq .timing.vms "$S")" = "pass=8 vms=1" ]

fake crash:C-first crash
check "crash: exit 1 ($rc)" [ "$rc" = 1 ]
check "crash: the crashing cell is a bug titled at the RIP" \
	[ "$(jq -r '.tests[] | select(.name | test("C-first")) | "\(.verdict)|\(.title)"' "$S")" = \
	  "bug|BUG: unable to handle page fault in fake_crash" ]
check "crash: the other cells ran in a second VM ($(verdicts))" \
	[ "$(verdicts) vms=$(jq .timing.vms "$S")" = "bug=1 pass=7 vms=2" ]
check "crash: the report is saved" grep -q fake_crash "$tmp/crash/latest/reports/one-nvdimm.devdax.dev.2M.corrupt-pfn.C-first.zero.txt"

fake hang:B-mid hang --timeout-test 2
check "hang: exit 1 ($rc)" [ "$rc" = 1 ]
check "hang: the hung cell times out, the rest pass ($(verdicts))" [ "$(verdicts)" = "pass=7 timeout=1" ]
check "hang: the guest was asked for its blocked tasks first" \
	grep -q "sysrq: Show Blocked State" "$tmp/hang/latest/console/vm-01.log"
check "hang: the timeout names the cell" \
	[ "$(jq -r '.tests[] | select(.verdict == "timeout") | .name' "$S")" = one-nvdimm.devdax.dev.2M.corrupt-pfn.B-mid.zero ]

fake silent silent --timeout-boot 2
check "silent guest: exit 1 ($rc)" [ "$rc" = 1 ]
check "silent guest: retried once, then every cell is an error ($(verdicts))" \
	[ "$(verdicts) vms=$(jq .timing.vms "$S")" = "error=8 vms=2" ]
check "silent guest: the reason says so" quiet jq -e '.tests[0].reason | test("did not start: no hello")' "$S"

fake hang:A-first silence --timeout-silence 2 --timeout-test 60
check "no output at all: the silence watchdog ends the test ($(verdicts))" [ "$(verdicts)" = "pass=7 timeout=1" ]

fake nostart nostart
check "QEMU fails to start: exit 3 ($rc)" [ "$rc" = 3 ]
check "QEMU fails to start: the error quotes QEMU" grep -q 'QEMU failed to start: .*fake failure to start' "$tmp/nostart.out"
check "QEMU fails to start: summary says infra-error" [ "$(jq -r .status "$S")" = infra-error ]

# compare: last night (all pass) against tonight (one crash), and back.
harness/pmemfi compare "$tmp/pass/latest" "$tmp/crash/latest" > "$tmp/cmp.out" 2>&1
rc=$?
check "compare: a new failure exits 1 ($rc)" [ "$rc" = 1 ]
check "compare: names the new bug and its title" \
	sh -c "grep -q '^new failures (1):' $tmp/cmp.out && grep -q 'corrupt-pfn.C-first.zero: pass -> bug' $tmp/cmp.out &&
	       grep -q 'BUG: unable to handle page fault in fake_crash' $tmp/cmp.out"
harness/pmemfi compare "$tmp/crash/latest/summary.json" "$tmp/pass/latest" > "$tmp/cmp2.out" 2>&1
rc=$?
check "compare: the other way round it is a fix, exit 0 ($rc)" \
	sh -c "[ $rc = 0 ] && grep -q '^fixed (1):' $tmp/cmp2.out"
check "compare: --json lists the change" \
	[ "$(harness/pmemfi compare --json "$tmp/pass/latest" "$tmp/crash/latest" | jq -r '.[0].change + " " + .[0].b')" = "new bug" ]
expect_exit 2 "compare: not a run" harness/pmemfi compare /nonexistent "$tmp/pass/latest"

# On a terminal: one status line rewritten in place; only trouble gets a line.
FAKE_QEMU_MODE=crash:C-first PMEMFI_QEMU="$PWD/build/tests/fake-qemu" script -qec \
	"harness/pmemfi run --kernel $k --accel tcg --seed zero --tests '*devdax*corrupt-pfn*' --results $tmp/tty" \
	/dev/null > "$tmp/tty.out" 2>&1
check "tty: a status line with counts, elapsed time and ETA" \
	grep -q 'pmemfi: 8/8 tests, 1 failed, 0 known, [0-9]*m[0-9]*s elapsed, ETA -' "$tmp/tty.out"
check "tty: the bug gets its own line, the passes do not" \
	[ "$(grep -c '\[ *[0-9]*/8\] bug ' "$tmp/tty.out") $(grep -c '\[ *[0-9]*/8\] pass ' "$tmp/tty.out")" = "1 0" ]
check "not a terminal: a line per test" [ "$(grep -c '^\[ *[0-9]*/8\] ' "$tmp/crash.out")" = 8 ]

# bisect-step maps verdicts to git bisect run's 0 good / 1 bad / 125 skip / 128 abort.
step() {
	mode=$1; shift
	FAKE_QEMU_MODE=$mode PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi bisect-step \
		--kernel "$k" --accel tcg --seed zero --tests '*devdax*corrupt-pfn.A-first*,*C-mid*' \
		--results "$tmp/bisect" "$@" > "$tmp/bisect.out" 2>&1
	echo $?
}
check "bisect-step: a clean run is good" [ "$(step pass)" = 0 ]
check "bisect-step: a crash is bad" [ "$(step crash:A-first)" = 1 ]
check "bisect-step: a crash with the --bad title is bad" [ "$(step crash:A-first --bad fake_crash)" = 1 ]
check "bisect-step: another crash than --bad names is skip" [ "$(step crash:A-first --bad action_result)" = 125 ]
check "bisect-step: a kernel that never starts is skip" [ "$(step silent --timeout-boot 2)" = 125 ]
check "bisect-step: no kernel to test is skip" [ "$(step pass --kernel /nonexistent/bzImage)" = 125 ]
check "bisect-step: bad usage stops the bisection" [ "$(step pass --frobnicate)" = 128 ]

# ^C in the middle: exit 130, the results so far are kept.
interrupted_fake_run "$tmp/int" '*devdax*corrupt-pfn*' zero
S="$tmp/int/latest/summary.json"
check "interrupted: exit 130 ($rc)" [ "$rc" = 130 ]
check "interrupted: status and the finished tests are kept" \
	[ "$(jq -r .status "$S") $(jq '.tests | length' "$S")" = "interrupted 2" ]
finish
