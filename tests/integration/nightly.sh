#!/bin/sh
# pmemfi nightly (issue 13, "Nightly"; docs/modes/nightly.md): one results
# directory, five nights against the fake QEMU (tests/fakes/fake-qemu.c,
# no VM boots, seconds each), then two real nights on Debian's kernel:
#  1. the first night: no baseline, exit by the run's own verdicts (0);
#  2. the same kernel again: no change, exit 0;
#  3. a cell that crashes once and passes on its reruns: flaky 0/2, exit 0;
#  4. a cell that crashes every time: new 2/2 after two reruns, exit 1; the
#     flaky cell of night 3 passes: a fix;
#  5. all pass again: the fix is reported, exit 0; --baseline picks night 2.
# compare.json records the classes and counts; the reruns sit in
# RUN/reruns/. Then Debian's stock kernel, two nights of four cells: the
# second reports no change (about 1 minute in all).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap '[ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu
[ -x harness/pmemfi ] || make -s harness/pmemfi

k="$tmp/bzImage"
fake_bzimage "$k"
R="$tmp/results"

# night MODE NAME [options]: a nightly of the devdax corrupt-pfn cells; $rc,
# $out (its output), $run (its run directory), $C (its compare.json).
night() {
	mode=$1 name=$2; shift 2
	FAKE_QEMU_MODE=$mode PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi nightly \
		--kernel "$k" --accel tcg --profile quick --seed zero --tests '*devdax*corrupt-pfn*' \
		--results "$R" "$@" > "$tmp/$name.out" 2>&1
	rc=$?
	out="$tmp/$name.out"
	run=$(sed -n 's/^== nightly: \(\/.*\)$/\1/p' "$out")
	C="$run/compare.json"
	# Run directories are named by the second they start in.
	sleep 1
}
report() { sed -n '/^== nightly: \//,$p' "$out"; }
cell=one-nvdimm.devdax.dev.2M.corrupt-pfn

night pass first
check "first night: exit 0 ($rc)" [ "$rc" = 0 ]
check "first night: says there is no baseline" grep -q '^   no baseline: no earlier complete run of this profile' "$out"
check "first night: compare.json has no baseline and no changes" \
	[ "$(jq -c '[.baseline, (.changes | length), .regressed]' "$C")" = '[null,0,false]' ]
first=$run

night pass second
check "same kernel again: exit 0 ($rc)" [ "$rc" = 0 ]
check "same kernel again: the baseline is the first night" grep -q "^   baseline: $first (the newest earlier" "$out"
check "same kernel again: no changes, nothing differs" \
	sh -c "grep -q '^no changes$' $out && grep -q '^   same kernel, config, profile, seeds' $out"
check "the comparison comes first in the nightly's report" \
	[ "$(report | sed -n 3p)" = "no changes" ]
second=$run

rm -f "$tmp/once"
night "crash:C-first+once:$tmp/once" flaky
check "a cell that fails once: exit 0 ($rc)" [ "$rc" = 0 ]
check "... listed as a new failure, classified flaky 0/2" \
	grep -q "^  $cell.C-first.zero: pass -> bug \[flaky 0/2\]$" "$out"
check "... two reruns of that cell alone, in RUN/reruns" \
	[ "$(ls -d "$run"/reruns/2*/ | wc -l) $(jq '.tests | length' "$run"/reruns/latest/summary.json)" = "2 1" ]
check "... compare.json: flaky, 0/2, not a regression, what each rerun saw" \
	[ "$(jq -c ".changes[] | select(.name == \"$cell.C-first.zero\") | [.class, .fail_runs, .regression, .reruns_seen]" "$C")" = \
	  '["flaky","0/2",false,["pass","pass"]]' ]
check "... counted: 0 new, 1 flaky" [ "$(jq -c '[.counts.new, .counts.flaky, .regressed]' "$C")" = '[0,1,false]' ]

night crash:C-mid new
check "a cell that fails every time: exit 1 ($rc)" [ "$rc" = 1 ]
check "... new 2/2 after two reruns, with its title" \
	sh -c "grep -q '^  $cell.C-mid.zero: pass -> bug \[new 2/2\]$' $out &&
	       grep -q '^      BUG: unable to handle page fault in fake_crash$' $out"
check "... last night's flaky cell passes: a fix" grep -q "^  $cell.C-first.zero: bug -> pass$" "$out"
check "... compare.json: new, 2/2, a regression" \
	[ "$(jq -c ".changes[] | select(.name == \"$cell.C-mid.zero\") | [.class, .fail_runs, .regression]" "$C")" = '["new","2/2",true]' ]
check "... the summary line counts it" grep -q '^== nightly: 1 new, 0 flaky, 2 changes: exit 1$' "$out"

night pass fixed
check "all pass again: exit 0 ($rc)" [ "$rc" = 0 ]
check "... the fix is reported" sh -c "grep -q '^fixed (1):' $out && grep -q '^  $cell.C-mid.zero: bug -> pass$' $out"
check "... and counted in compare.json" [ "$(jq .counts.changes.fixed "$C")" = 1 ]

night pass named --baseline "$second"
check "--baseline RUN: that run is the baseline, no changes, exit 0 ($rc)" \
	sh -c "[ $rc = 0 ] && grep -q '^   baseline: $second (--baseline)$' $out && grep -q '^no changes$' $out"

# Another --tests selection is another comparison: no baseline yet.
night pass other --tests '*devdax*hard-offline*'
check "another --tests selection: no baseline, exit 0 ($rc)" \
	sh -c "[ $rc = 0 ] && grep -q '^   no baseline:' $out"

# A cell that never passes, failing otherwise on its reruns (a crash
# tonight, a failed check on each rerun): a regression, not a flake.
R="$tmp/results-otherwise"
night pass otherwise-base --known-issues none
rm -f "$tmp/once-otherwise"
night "crash:C-first+once:$tmp/once-otherwise+leak:C-first" otherwise --known-issues none
check "a cell that fails every run, otherwise on its reruns: exit 1 ($rc)" [ "$rc" = 1 ]
check "... new 2/2, not flaky" grep -q "^  $cell.C-first.zero: pass -> bug \[new 2/2\]$" "$out"
check "... compare.json: new, a regression, what each rerun saw" \
	[ "$(jq -c ".changes[] | select(.name == \"$cell.C-first.zero\") | [.class, .fail_runs, .regression, (.reruns_seen | map(sub(\":.*\"; \"\")))]" "$C")" = \
	  '["new","2/2",true,["fail","fail"]]' ]
R="$tmp/results"

# The nightly profile on a kernel not built here (a bzImage, as --kernel
# debian): its nfit_test cells cannot apply to it. They skip as not
# applicable, which is no lost coverage and not counted against the
# profile's 1% of skips: green when nothing failed, red when a cell fails.
NA='nfit_test,*devdax.dev.2M.corrupt-pfn.C-first*,*devdax.dev.2M.corrupt-pfn.C-mid*,*devdax.dev.2M.corrupt-pfn.C-last*'
na_night() {
	name=$1 mode=$2; shift 2
	FAKE_QEMU_MODE=$mode PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi nightly --kernel "$k" \
		--accel tcg --tests "$NA" --results "$tmp/results-na-$name" "$@" > "$tmp/na-$name.out" 2>&1
	rc=$?
	S=$(ls -d "$tmp/results-na-$name"/2*/summary.json | head -1)
}
na_night clean pass
check "nightly on a kernel not built here, nothing failed: exit 0 ($rc)" [ "$rc" = 0 ]
check "... the 26 nfit_test cells are not applicable, not counted as skips" \
	[ "$(jq -c '[.counts.not_applicable, .counts.skip, ([.tests[] | select(.applicable == false)] | length)]' "$S")" = '[26,26,26]' ]
check "... and the summary says so" grep -q '^   26 not applicable to this kernel (nfit_test needs a kernel built from source): not counted as skips$' "$tmp/na-clean.out"
na_night crash crash:C-mid
check "... and a cell that crashes: exit 1 ($rc)" [ "$rc" = 1 ]
harness/pmemfi run --profile nightly --kernel "$k" --list > "$tmp/na-list.out"
check "--list says which cells will skip on that kernel, and why" \
	[ "$(grep -c 'not applicable to this kernel: nfit_test needs a kernel built from source (will skip)$' "$tmp/na-list.out") $(grep -c '^nfit_test' "$tmp/na-list.out")" = "26 26" ]
check "--list for a kernel built here does not" [ "$(harness/pmemfi run --profile nightly --list | grep -c 'not applicable')" = 0 ]
FAKE_QEMU_MODE=skip:C-first PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi nightly --kernel "$k" \
	--accel tcg --tests "$NA" --results "$tmp/results-na-skip" > "$tmp/na-skip.out" 2>&1
rc=$?
check "... but a skip of a cell that does apply still counts: exit 1 ($rc)" \
	sh -c "[ $rc = 1 ] && grep -q 'skipped 3 of 9 applicable tests' $tmp/na-skip.out"

# Bad usage: exit 2 naming the option, before any run.
expect_exit 2 "--rerun out of range" "nightly: --repeat: '99' is not a number of reruns" \
	harness/pmemfi nightly --repeat 99
expect_exit 2 "an unfinished --baseline" "nightly: --baseline .* is not a baseline: status interrupted" \
	sh -c "mkdir -p $tmp/int && echo '{\"status\": \"interrupted\", \"tests\": []}' > $tmp/int/summary.json &&
	       harness/pmemfi nightly --baseline $tmp/int"
expect_exit 2 "a run option that is wrong" "nightly: unknown option '--bogus'" harness/pmemfi nightly --bogus
# ^C during the night's run: 130, and no comparison.
interrupt_when "$tmp/int-night.out" A-last env FAKE_QEMU_MODE=hang:B-first PMEMFI_QEMU="$PWD/build/tests/fake-qemu" \
	harness/pmemfi nightly --kernel "$k" --accel tcg --profile quick --seed zero --tests '*devdax*corrupt-pfn*' \
	--results "$tmp/results-int"
check "^C during the night: exit 130 ($rc), no comparison" \
	sh -c "[ $rc = 130 ] && ! grep -q '^== nightly: [0-9]* new' $tmp/int-night.out"
# QEMU does not start: the run's infrastructure error is the night's.
night nostart nostart
check "QEMU fails to start: exit 3, no comparison ($rc)" \
	sh -c "[ $rc = 3 ] && grep -q 'ended with exit 3: no comparison' $out"

# SKIP_DEBIAN=1: the fake nights only (seconds), for work on the logic.
[ -n "$SKIP_DEBIAN" ] && { finish; exit; }
# Debian's kernel (fetched once, never built) under the fake QEMU: the
# nightly profile's nfit_test cells are not applicable to it, so a night
# where nothing failed is green, and one where a cell crashes is red.
for m in pass crash:C-mid; do
	FAKE_QEMU_MODE=$m PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi nightly --kernel debian \
		--accel tcg --tests "$NA" --results "$tmp/debian-na-${m%%:*}" > "$tmp/debian-na.out" 2>&1
	eval "narc_${m%%:*}=$?"
done
check "Debian's kernel, fake QEMU, nothing failed: exit 0 ($narc_pass), the nfit_test cells not applicable" \
	sh -c "[ $narc_pass = 0 ] && jq -e '.counts.not_applicable == 26' $tmp/debian-na-pass/2*/summary.json >/dev/null"
check "Debian's kernel, fake QEMU, a cell crashes: exit 1 ($narc_crash)" [ "$narc_crash" = 1 ]
# Two nights on Debian's stock kernel (a real VM): the second sees no change.
D="$tmp/debian"
for i in 1 2; do
	./run.sh nightly --kernel debian --profile quick --seed zero --tests '*devdax*hard-offline*' \
		--results "$D" > "$tmp/debian$i.out" 2>&1
	eval "drc$i=$?"
	sleep 1
done
check "Debian's kernel, night 1: exit 0 ($drc1), no baseline" \
	sh -c "[ $drc1 = 0 ] && grep -q '^   no baseline:' $tmp/debian1.out"
check "Debian's kernel, night 2: exit 0 ($drc2), no changes" \
	sh -c "[ $drc2 = 0 ] && grep -q '^no changes$' $tmp/debian2.out"
sed -n '/^== nightly: \//,$p' "$tmp/debian2.out"
finish
