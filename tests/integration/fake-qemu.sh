#!/bin/sh
# The harness's VM loop against a fake QEMU (tests/fakes/fake-qemu.c):
# crash recovery, attribution, watchdogs, retry, QEMU failing to start, and
# an interrupted run. No VM is booted, so this takes seconds.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
fake_setup

fake() { fake_run "$@"; }
verdicts() { jq -r '[.tests[].verdict] | group_by(.) | map("\(.[0])=\(length)") | join(" ")' "$S"; }

fake pass pass
check "pass: exit 0 ($rc)" [ "$rc" = 0 ]
# With restores (the default) a group's first VM is its template, saved
# after setup; the cells run in VMs restored from it (restore.sh).
check "pass: 8 pass in one boot and one restore ($(verdicts))" \
	[ "$(verdicts) $(jq -r '"vms=\(.timing.vms) restores=\(.timing.restores)"' "$S")" = "pass=8 vms=2 restores=1" ]

# The kernel command line: nokaslr unless --kaslr on (or the topology) says so.
check "pass: the guest booted with nokaslr, the manifest says kaslr false" \
	quiet jq -e '(.kernel.cmdline | test("(^| )nokaslr( |$)")) and (.profile.kaslr == false)' "$tmp/pass/latest/manifest.json"
fake pass kaslr --kaslr on
check "kaslr on: exit 0 ($rc), no nokaslr, the manifest says kaslr true" \
	sh -c '[ "$1" = 0 ] && jq -e "(.kernel.cmdline | contains(\"nokaslr\") | not) and .profile.kaslr" "$2" >/dev/null' - "$rc" "$tmp/kaslr/latest/manifest.json"

fake crash:C-first crash
check "crash: exit 1 ($rc)" [ "$rc" = 1 ]
check "crash: the crashing cell is a bug titled at the RIP" \
	[ "$(jq -r '.tests[] | select(.name | test("C-first")) | "\(.verdict)|\(.title)"' "$S")" = \
	  "bug|BUG: unable to handle page fault in fake_crash" ]
check "crash: the other cells ran in a second restored VM ($(verdicts))" \
	[ "$(verdicts) vms=$(jq .timing.vms "$S")" = "bug=1 pass=7 vms=3" ]
check "crash: the report is the test's, not one outside the tests" [ "$(jq .counts.run_reports "$S")" = 0 ]
check "crash: the report is saved" grep -q fake_crash "$tmp/crash/latest/reports/one-nvdimm.devdax.dev.2M.corrupt-pfn.C-first.zero.txt"

fake hang:B-mid hang --timeout-test 2
check "hang: exit 1 ($rc)" [ "$rc" = 1 ]
check "hang: the hung cell times out, the rest pass ($(verdicts))" [ "$(verdicts)" = "pass=7 timeout=1" ]
check "hang: the guest was asked for its blocked tasks first" \
	grep -q "sysrq: Show Blocked State" "$tmp/hang/latest/console/vm-02.log"
check "hang: the timeout names the cell" \
	[ "$(jq -r '.tests[] | select(.verdict == "timeout") | .name' "$S")" = one-nvdimm.devdax.dev.2M.corrupt-pfn.B-mid.zero ]

# A step that ends late, during the sysrq grace: the next cell begins in a
# VM about to be stopped. It is not that cell's error: it runs again.
fake slow:B-mid slow --timeout-test 1
check "slow: the late cell times out, the one begun after it passes in the next VM ($(verdicts))" \
	[ "$(verdicts)" = "pass=7 timeout=1" ]

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
	[ "$(harness/pmemfi compare --json "$tmp/pass/latest" "$tmp/crash/latest" | jq -r '.changes[0].change + " " + .changes[0].b + " \(.regressed)"')" = "new bug true" ]
expect_exit 2 "compare: not a run" "/nonexistent: no such run directory" harness/pmemfi compare /nonexistent "$tmp/pass/latest"
# A summary.json that is not one a run writes: exit 2 naming what is wrong, never "no changes".
jq '.tests[2].verdict = null' "$tmp/pass/latest/summary.json" > "$tmp/null-verdict.json"
expect_exit 2 "compare: a test whose verdict is null" "null-verdict.json: tests\[2\] \(one-nvdimm.devdax.dev.2M.corrupt-pfn.B-first.zero\): no verdict" \
	harness/pmemfi compare "$tmp/pass/latest" "$tmp/null-verdict.json"
jq 'del(.tests[0].verdict)' "$tmp/pass/latest/summary.json" > "$tmp/no-verdict.json"
expect_exit 2 "compare: a test without a verdict, as the baseline" "no-verdict.json: tests\[0\] \(.*\): no verdict" \
	harness/pmemfi compare "$tmp/no-verdict.json" "$tmp/pass/latest"
jq '.tests[1].verdict = "green"' "$tmp/pass/latest/summary.json" > "$tmp/bad-verdict.json"
expect_exit 2 "compare: a verdict that is none of pmemfi's" "bad-verdict.json: tests\[1\] \(.*\): verdict 'green' is not a verdict" \
	harness/pmemfi compare "$tmp/pass/latest" "$tmp/bad-verdict.json"
jq '.tests = {}' "$tmp/pass/latest/summary.json" > "$tmp/tests-object.json"
expect_exit 2 "compare: tests that is not an array" "tests-object.json: \"tests\" is not an array" \
	harness/pmemfi compare "$tmp/pass/latest" "$tmp/tests-object.json"

# On a terminal: one status line rewritten in place; only trouble gets a line.
FAKE_QEMU_MODE=crash:C-first PMEMFI_QEMU="$PWD/build/tests/fake-qemu" script -qec \
	"harness/pmemfi run --kernel $k --accel tcg --seed zero --tests '*devdax*corrupt-pfn*' --results $tmp/tty" \
	/dev/null > "$tmp/tty.out" 2>&1
check "tty: a status line with counts, elapsed time and ETA" \
	grep -q 'pmemfi: 8/8 tests, 1 failed, 0 known, 0 skipped, [0-9]*m[0-9]*s elapsed, ETA -' "$tmp/tty.out"
check "tty: the bug gets its own line, the passes do not" \
	[ "$(grep -c '\[ *[0-9]*/8\] bug ' "$tmp/tty.out") $(grep -c '\[ *[0-9]*/8\] pass ' "$tmp/tty.out")" = "1 0" ]
check "not a terminal: a line per test" [ "$(grep -c '^\[ *[0-9]*/8\] ' "$tmp/crash.out")" = 8 ]

# ^C in the middle: exit 130, the results so far are kept.
interrupted_fake_run "$tmp/int" '*devdax*corrupt-pfn*' zero
S="$tmp/int/latest/summary.json"
check "interrupted: exit 130 ($rc)" [ "$rc" = 130 ]
check "interrupted: status and the finished tests are kept" \
	[ "$(jq -r .status "$S") $(jq '.tests | length' "$S")" = "interrupted 2" ]
# An interrupted tonight is no clean comparison; it is no baseline either.
harness/pmemfi compare "$tmp/pass/latest" "$tmp/int/latest" > "$tmp/cmp3.out" 2>&1
rc=$?
check "compare: an unfinished B exits 1 ($rc) and says why" \
	sh -c "[ $rc = 1 ] && grep -q 'did not finish (status interrupted: 2 of 8 tests ran)' $tmp/cmp3.out"
check "compare: the tests B lost are listed as no longer run" grep -q '^no longer run (6):' "$tmp/cmp3.out"
# Unfinished, and nothing else changed: the status alone makes it exit 1.
mkdir "$tmp/unfinished"
jq '.status = "interrupted"' "$tmp/pass/latest/summary.json" > "$tmp/unfinished/summary.json"
harness/pmemfi compare "$tmp/pass/latest" "$tmp/unfinished" > "$tmp/cmp4.out" 2>&1
rc=$?
check "compare: an unfinished B with every test as A had: exit 1 ($rc), no changes, said why" \
	sh -c "[ $rc = 1 ] && grep -q '^no changes$' $tmp/cmp4.out && grep -q 'did not finish (status interrupted: 8 of 8 tests ran)' $tmp/cmp4.out"
check "compare --json: regressed, for the status alone" \
	[ "$(harness/pmemfi compare --json "$tmp/pass/latest" "$tmp/unfinished" | jq -c '[.regressed, (.changes | length), .incomplete]')" = \
	  '[true,0,"status interrupted: 8 of 8 tests ran"]' ]
expect_exit 2 "compare: an unfinished A is no baseline" "is not a baseline: status interrupted" harness/pmemfi compare "$tmp/int/latest" "$tmp/pass/latest"

# Skips that hide a failure. The kernel's config beside the image says it
# has HWPOISON_INJECT: a corrupt-pfn that skips for want of it is an error.
fake skip:corrupt-pfn noconfig
check "skips, kernel config unknown: the run fails, exit 1 ($rc): a skip is no pass" [ "$rc" = 1 ]
check "skips, kernel config unknown: every cell is a skip ($(verdicts))" [ "$(verdicts)" = "skip=8" ]
check "skips: the summary says the share is over the limit" grep -q 'skipped 8 of 8 tests (100%): more than the 0%' "$tmp/noconfig.out"
fake skip:corrupt-pfn allowed --max-skipped 100%
check "skips within --max-skipped: exit 0 ($rc)" [ "$rc" = 0 ]
fake_config "$tmp/config-6.12.0-fake"
fake skip:C-mid contradicted
check "a skip the config contradicts: error ($(verdicts)), exit $rc" [ "$(verdicts) $rc" = "error=1 pass=7 1" ]
check "and the reason names the symbol" \
	quiet jq -e '.tests[] | select(.verdict == "error") | .reason | test("the kernel has CONFIG_HWPOISON_INJECT=y, yet the test skipped")' "$S"
rm "$tmp/config-6.12.0-fake"

# A module that does not load: every test of that VM is an error.
fake initerror initerror
check "init error: every cell is an error ($(verdicts)), exit $rc" [ "$(verdicts) $rc" = "error=8 1" ]
check "init error: the reason quotes init" \
	quiet jq -e '.tests[0].reason == "the VM was not fit to test: modprobe nd_pmem failed"' "$S"

# Init's error and no hello (no control port): every VM would end so. The
# run stops after the first VM, for every seed, with init's reason.
FAKE_CELLS="--seed zero,ff --tests *devdax*corrupt-pfn*" fake initerror+silent broken --timeout-boot 3
check "a guest that cannot start: one VM, not one per seed and retry ($(jq .timing.vms "$S") VMs), exit $rc" \
	[ "$(jq .timing.vms "$S") $rc" = "1 1" ]
check "and all 16 cells of both seeds are errors quoting init ($(verdicts))" \
	quiet jq -e '([.tests[] | select(.verdict == "error" and (.reason | test("init: modprobe nd_pmem failed")))] | length) == 16' "$S"

# Known issues excuse failed checks too, as narrowly as reports.
printf '[leak]\nfailure  nothing was poisoned but HardwareCorrupted grew by 4 kB\nactions  corrupt-pfn\npoints   C\nmap dev\nreason   counted\n' > "$tmp/known"
fake leak:C-mid leak-known --known-issues "$tmp/known"
check "a known failed check: xfail, exit 0 ($(verdicts), $rc)" [ "$(verdicts) $rc" = "pass=7 xfail=1 0" ]
fake leak:A-first leak-scope --known-issues "$tmp/known"
check "the same check outside the entry's points: fail ($(verdicts), $rc)" [ "$(verdicts) $rc" = "fail=1 pass=7 1" ]

# A known report excuses the report, not a failed check no entry names in
# the same cell, nor a hang: xfail needs every report and every check known.
printf '[uaf]\ntitle KASAN: slab-use-after-free in fake_reader\nactions corrupt-pfn\nreason r\n' > "$tmp/known-uaf"
fake report:C-mid report-known --known-issues "$tmp/known-uaf"
check "a known report: xfail, exit 0 ($(verdicts), $rc)" [ "$(verdicts) $rc" = "pass=7 xfail=1 0" ]
fake report:C-mid+leak:C-mid report-leak --known-issues "$tmp/known-uaf"
check "a known report and a failed check no entry names: fail, exit 1 ($(verdicts), $rc)" \
	[ "$(verdicts) $rc" = "fail=1 pass=7 1" ]
check "... the reason is the check, the report excused after it" \
	quiet jq -e '.tests[] | select(.verdict == "fail") | .reason |
		test("^memory_failure.c:183: nothing was poisoned but HardwareCorrupted grew by 4 kB; KASAN: slab-use-after-free in fake_reader \\(known issue uaf\\)$")' "$S"
cat "$tmp/known-uaf" "$tmp/known" > "$tmp/known-both"
fake report:C-mid+leak:C-mid report-leak-known --known-issues "$tmp/known-both"
check "... and with an entry for the check too: xfail, exit 0 ($(verdicts), $rc)" [ "$(verdicts) $rc" = "pass=7 xfail=1 0" ]
fake report:C-mid+hang:C-mid report-hang --known-issues "$tmp/known-uaf" --timeout-test 2
check "a known report and a hang: timeout, exit 1 ($(verdicts), $rc)" [ "$(verdicts) $rc" = "pass=7 timeout=1 1" ]

# A kernel report during boot: the VM is retried once. Clean on retry: a flake.
fake bootflake:"$tmp/flake-state" flake --known-issues none
check "boot flake: retried, exit 0 ($rc), every test passes ($(verdicts))" [ "$rc $(verdicts)" = "0 pass=8" ]
check "boot flake: counted and named, both consoles kept" \
	sh -c "jq -e '.counts.boot_flakes == 1 and .run_reports[0].flake == \"clean on retry in vm-02\"' $S >/dev/null &&
	       [ -s $tmp/flake/latest/console/vm-01.log ] && [ -s $tmp/flake/latest/console/vm-02.log ]"
check "boot flake: the summary shows it" grep -q 'flaky   boot-vm01: KASAN: wild-memory-access in do_raw_spin_lock (clean on retry in vm-02)' "$tmp/flake.out"
fake bootreport bootreport --known-issues none
check "a boot report that comes back: the run fails ($rc), tests still ran ($(verdicts))" [ "$rc $(verdicts)" = "1 pass=8" ]
check "both boots' reports count" [ "$(jq .counts.run_reports "$S")" = 2 ]
# compare reads the reports outside the tests too: one at every boot
# tonight, which run exits 1 for, is a regression, not "no changes".
harness/pmemfi compare "$tmp/pass/latest" "$tmp/bootreport/latest" > "$tmp/cmp-boot.out" 2>&1
rc=$?
check "compare: a new unexplained report outside the tests exits 1 ($rc), named" \
	sh -c "[ $rc = 1 ] && grep -q '^new reports outside the tests (1):' $tmp/cmp-boot.out &&
	       grep -q '^  boot-vm01: KASAN: wild-memory-access in do_raw_spin_lock' $tmp/cmp-boot.out"
check "compare --json: the report is a regression" \
	[ "$(harness/pmemfi compare --json "$tmp/pass/latest" "$tmp/bootreport/latest" | jq -c '[.regressed, .changes[0].change, .changes[0].now]')" = \
	  '[true,"report","KASAN: wild-memory-access in do_raw_spin_lock"]' ]
harness/pmemfi compare "$tmp/bootreport/latest" "$tmp/bootreport/latest" > "$tmp/cmp-boot2.out" 2>&1
rc=$?
check "compare: the same report in both runs is no change, exit 0 ($rc)" \
	sh -c "[ $rc = 0 ] && grep -q '^no changes$' $tmp/cmp-boot2.out"
printf '[burst]\nstage boot\ntitle KASAN: wild-memory-access in do_raw_spin_lock\nreason la57\n' > "$tmp/known-boot"
fake bootreport bootknown --known-issues "$tmp/known-boot"
check "a known boot report: no retry, exit 0 ($rc)" [ "$rc $(jq .timing.vms "$S") $(jq .counts.known_run_reports "$S")" = "0 2 1" ]

# A kernel with a module tree (--modules): a module rebuilt in place (the
# same path and modules.dep) is a new guest image, not the cached one.
fake_module "$tmp/mods" pass
PMEMFI_CACHE="$tmp/cache" fake_run "" mod-before --modules "$tmp/mods"
check "--modules: a module that passes: exit 0 ($rc)" [ "$rc" = 0 ]
fake_module "$tmp/mods" crash:C-first
PMEMFI_CACHE="$tmp/cache" fake_run "" mod-after --modules "$tmp/mods"
check "--modules: nd_pmem.ko rebuilt in place to crash: the image has it, exit 1 ($rc, $(verdicts))" \
	[ "$rc $(verdicts)" = "1 bug=1 pass=7" ]
check "... two guest images in the cache, one per module" [ "$(ls "$tmp/cache/images/"*.cpio | wc -l)" = 2 ]

# A boot issue's scope is the boot's: the shipped LA57 window entry says
# "paging 5", so the same report on a 4-level guest is not excused.
fake bootreport la57-4level
check "the LA57 window's report on a 4-level guest: not excused, exit 1 ($rc)" \
	[ "$rc $(jq '.counts.known_run_reports' "$S")" = "1 0" ]
fake bootreport la57-5level --paging 5
check "... on a 5-level guest: the known issue, exit 0 ($rc)" \
	[ "$rc $(jq -r '[.run_reports[].known] | unique | join(" ")' "$S")" = "0 la57-identify-cpu-window" ]
printf '[kaslr-boot]\nstage boot\nkaslr on\ntitle KASAN: wild-memory-access in do_raw_spin_lock\nreason r\n' > "$tmp/known-kaslr"
fake bootreport kaslr-off --known-issues "$tmp/known-kaslr"
check "a boot entry scoped to kaslr on, the guest booted nokaslr: not excused, exit 1 ($rc)" [ "$rc" = 1 ]
fake bootreport kaslr-on --known-issues "$tmp/known-kaslr" --kaslr on
check "... booted with KASLR: excused, exit 0 ($rc); the scope says so" \
	sh -c "[ $rc = 0 ] && jq -e '.known_issues[] | select(.id == \"kaslr-boot\") | .scope | test(\"kaslr on\")' $S >/dev/null"

# A 10 MB console line ending in the step's marker: the marker is kept.
fake flood:C-mid flood
check "flood: every verdict as without it ($(verdicts)), exit $rc" [ "$(verdicts) $rc" = "pass=8 0" ]
check "flood: the cut is said in the results" quiet jq -e '.notes[0] | test("bytes cut from overlong lines")' "$S"

# Results that cannot be written: exit 3 naming the file, never a green run.
if [ "$(id -u)" = 0 ]; then
	mkdir "$tmp/full"
	# Room for the run directory and a few files, not for the whole run.
	if mount -t tmpfs -o size=256k tmpfs "$tmp/full" &&
	   dd if=/dev/zero of="$tmp/full/filler" bs=1k count=216 2>/dev/null; then
		fake pass full --results "$tmp/full"
		check "results disk full: exit 3 ($rc)" [ "$rc" = 3 ]
		check "results disk full: the error names the file" grep -q 'cannot write .*/full/.*: No space left on device' "$tmp/full.out"
		umount "$tmp/full"
	else
		not_ok "results disk full: cannot mount a tmpfs as root"
	fi
else
	not_ok "results disk full: needs root to mount a small tmpfs"
fi
finish
