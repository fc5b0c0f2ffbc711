#!/bin/sh
# pmemfi release (issue 13, "Release qualification"): every cell of every
# kernel gets a stability class over its repeats, the page names the
# kernels, and the exit status says qualified (0) or not (1).
#  - against the fake QEMU (seconds): a flaky cell, a boot flake, a kernel
#    that does not build (3, named), a run that cannot start QEMU (3), bad
#    usage (2) and a baseline that is not one;
#  - on Debian's prebuilt kernel (cached, no build; about 3 minutes; not
#    with SKIP_DEBIAN=1): a
#    quick-profile subset 3 times, qualified with only a known issue, then a
#    planted failure (a --configs copy whose expectation the kernel does
#    not meet) against that release as the baseline: not qualified, and
#    the cell named as a new failure.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
[ -n "$RELEASE_KEEP" ] || trap 'rm -rf "$tmp"' EXIT
[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu

k="$tmp/bzImage"
fake_bzimage "$k"

# A QEMU that is the fake one in mode $FAKE_QEMU_MODE, but crashes at
# C-first in run number $CRASH_RUN only: every run asks "--version" once first.
cat > "$tmp/qemu" <<EOS
#!/bin/sh
if [ "\$1" = --version ]; then echo x >> "$tmp/runs"; fi
[ "\$(wc -l < "$tmp/runs")" = "\${CRASH_RUN:-0}" ] && FAKE_QEMU_MODE=crash:C-first
export FAKE_QEMU_MODE
exec "$PWD/build/tests/fake-qemu" "\$@"
EOS
chmod +x "$tmp/qemu"

# fake NAME [options]: a release of the fake kernel's devdax corrupt-pfn cells; $J is its release.json.
fake() {
	name=$1; shift
	: > "$tmp/runs"
	CRASH_RUN=${crash:-0} PMEMFI_QEMU="$tmp/qemu" FAKE_QEMU_MODE=${mode:-pass} harness/pmemfi release --kernel "$k" --profile quick \
		--accel tcg --seed zero --tests '*devdax*corrupt-pfn*' --results "$tmp/$name" "$@" \
		> "$tmp/$name.out" 2> "$tmp/$name.err"
	rc=$?
	R=$(ls -d "$tmp/$name"/*-release 2>/dev/null | head -1)
	J="$R/release.json"
}
class() { jq -r --arg c "$1" '[.kernels[].cells[] | select(.name | contains($c)) | .class] | join(" ")' "$J"; }

crash=2 fake flaky
crash=0
check "fake, one crash in 3 repeats: exit 1 ($rc), not qualified" \
	[ "$rc $(jq -r .verdict "$J")" = "1 NOT QUALIFIED" ]
check "... the crashed cell is flaky ($(class C-first))" [ "$(class C-first)" = flaky ]
check "... its verdicts pass bug pass, failure rate [0.0615, 0.7923]" \
	[ "$(jq -r '.kernels[].cells[] | select(.name | contains("C-first")) |
		"\(.verdicts | join(" ")) \(.failure_rate_95 | map(. * 10000 | round) | join(" "))"' "$J")" = \
	  "pass bug pass 615 7923" ]
check "... the bug's signature is 1:3 in the kernel's table" \
	[ "$(jq -r '.kernels[].signatures[] | select(.signature | startswith("bug:")) | "\(.fail):\(.runs)"' "$J")" = 1:3 ]
check "... every other cell is stable-pass, the clean ones bound below 0.5615" \
	[ "$(jq -r '[.kernels[].cells[] | select(.class == "stable-pass")] | length' "$J") $(jq .confidence.cell_upper_95 "$J" | cut -c1-6)" = "7 0.5614" ]
check "... three run directories r1..r3" [ "$(ls -d "$R"/*/r[123] | wc -l)" = 3 ]
check "... the page says why" grep -q "NOT QUALIFIED: 1 new flake" "$R/release.txt"
base=$R

mode=pass fake clean --baseline "$base"
check "fake, all clean against that baseline: exit 0 ($rc), a fix listed" \
	[ "$rc $(jq -r '[.changes[].change] | join(" ")' "$J")" = "0 fixed" ]
# Coverage lost against the baseline: the C cells now skip (within the
# share --max-skipped allows, so that the loss alone decides).
mode=skip:C- fake lost --baseline "$base" --repeat 1 --max-skipped 100%
check "fake, cells that ran in the baseline skip now: exit 1 ($rc), not qualified" \
	[ "$rc $(jq -r .verdict "$J")" = "1 NOT QUALIFIED" ]
check "... each is lost coverage, named with its classes" \
	[ "$(jq -r '[.changes[] | select(.change == "lost") | "\(.cell | sub(".*corrupt-pfn."; "")):\(.was)>\(.now)"] | sort | join(" ")' "$J")" = \
	  "C-first.zero:flaky>stable-skip C-last.zero:stable-pass>stable-skip C-mid.zero:stable-pass>stable-skip" ]
check "... and the verdict line says so" grep -q "NOT QUALIFIED: 3 cells lost coverage" "$R/release.txt"

# Every cell skips in every repeat (each run exits 1): a skip is never a pass.
mode=skip:corrupt-pfn fake allskip --repeat 2
check "fake, every cell skipped in every repeat: exit 1 ($rc), not qualified" \
	[ "$rc $(jq -r .verdict "$J")" = "1 NOT QUALIFIED" ]
check "... the verdict line says why" \
	grep -q "NOT QUALIFIED: .*2 of 2 repeats of kernel .*bzImage skipped more than the 0% of tests the profile allows" "$R/release.txt"
check "... release.json counts the repeats over the skip share" \
	[ "$(jq '.kernels[0].over_skipped' "$J")" = 2 ]

# ^C in the middle of a repeat: exit 130, the runs so far kept, and said where.
interrupt_when "$tmp/int.out" A-last env PMEMFI_QEMU="$tmp/qemu" FAKE_QEMU_MODE=hang:B-first \
	harness/pmemfi release --kernel "$k" --profile quick --accel tcg --seed zero --tests '*devdax*corrupt-pfn*' \
	--results "$tmp/int"
check "^C during a repeat: exit 130 ($rc), says where the runs so far are" \
	sh -c "[ $rc = 130 ] && grep -q '^pmemfi: release: interrupted; the runs so far are in $tmp/int/.*-release$' $tmp/int.out"

mode=nostart fake nostart --repeat 1
check "QEMU does not start: exit 3 ($rc)" [ "$rc" = 3 ]
check "... the kernel is named" grep -q "release: kernel $k: a run broke off" "$tmp/nostart.err"

fake_tree "$tmp/tree"
touch "$tmp/tree/fail-build"
PMEMFI_CACHE="$tmp/cache" harness/pmemfi release --kernel kasan --kernel-tree "$tmp/tree" --repeat 2 \
	--profile quick --results "$tmp/nobuild" > "$tmp/nobuild.out" 2> "$tmp/nobuild.err"
rc=$?
check "kernel that does not build: exit 3 ($rc), named" \
	sh -c "[ $rc = 3 ] && grep -q 'release: kernel kasan: no run (exit 3): the kernel could not be fetched or built' $tmp/nobuild.err"
check "... tried once, not per repeat" [ "$(grep -c '== release: kernel kasan, repeat' "$tmp/nobuild.out")" = 1 ]

expect_exit 2 "--repeat 0" "repeat '0'" harness/pmemfi release --repeat 0
expect_exit 2 "an option run does not know" "kernel debian: unknown option '--bogus'" \
	harness/pmemfi release --kernel debian --bogus
expect_exit 2 "an empty fragment" "kernel kasan@: --fragment" harness/pmemfi release --kernel kasan@
expect_exit 2 "--baseline that is no release" "no release.json" harness/pmemfi release --baseline "$tmp"
jq '.status = "interrupted"' "$base/release.json" > "$tmp/release.json"
expect_exit 2 "--baseline that did not finish" "not a baseline: status interrupted" \
	harness/pmemfi release --baseline "$tmp/release.json"

harness/pmemfi release --kernel debian --profile quick --seed bogus --results "$tmp/bu" > /dev/null 2> "$tmp/bu.err"
rc=$?
check "a seed the run refuses: exit 2 ($rc), its reason, no release directory left" \
	sh -c "[ $rc = 2 ] && grep -q \"bad seed 'bogus'\" $tmp/bu.err && [ -z \"\$(ls $tmp/bu)\" ]"

# SKIP_DEBIAN=1: the fake releases only (seconds).
[ -n "$SKIP_DEBIAN" ] && { finish; exit; }
# Debian's kernel: two class A cells (the known action_result bug: xfail)
# and two data cells (pass), 3 times.
subset='*corrupt-pfn.A-first*,*devdax*C-mid*'
harness/pmemfi release --kernel debian --profile quick --tests "$subset" --repeat 3 \
	--results "$tmp/deb" > "$tmp/deb.out" 2>&1
rc=$?
R=$(ls -d "$tmp/deb"/*-release | head -1)
J="$R/release.json"
sed -n '/^== pmemfi release/,$p' "$tmp/deb.out"
check "debian: exit 0 ($rc), QUALIFIED" [ "$rc $(jq -r .verdict "$J")" = "0 QUALIFIED" ]
check "debian: 4 cells x 3 repeats" [ "$(jq -r '.kernels[0] | "\(.cells | length) \(.repeats)"' "$J")" = "4 3" ]
check "debian: every cell has a stability class" \
	[ "$(jq '[.kernels[].cells[] | select(.class | test("^(stable-(pass|known|fail|skip)|flaky(-known)?)$"))] | length' "$J")" = 4 ]
check "debian: 2 stable-known (the known issue 3:3), 2 stable-pass" \
	[ "$(jq -r '.kernels[0].classes | "\(.["stable-known"]) \(.["stable-pass"])"' "$J")" = "2 2" ]
check "debian: action-result-info-block hit in 3:3 repeats, 6 xfail" \
	[ "$(jq -r '.kernels[0].known_issues[] | select(.id == "action-result-info-block") | "\(.runs) \(.xfail)"' "$J")" = "3 6" ]
check "debian: release.txt is what stdout ended with" \
	sh -c "sed -n '/^== pmemfi release/,\$p' $tmp/deb.out | grep -v '^   page: ' | cmp -s - $R/release.txt"
check "debian: release.html names the kernel and its id" \
	sh -c "grep -q '<td>debian</td><td>debian-6.12' $R/release.html && grep -q 'QUALIFIED</h1>' $R/release.html"
check "debian: the page links each run's page" [ "$(grep -o 'href="debian/r[123]/index.html"' "$R/release.html" | wc -l)" = 3 ]
check "debian: the page fetches nothing" [ -z "$(grep -oE '(src|href)="[a-z]+:' "$R/release.html")" ]
base=$R

# Planted: the data cells' expected outcome changed, so the kernel fails them.
cp -r configs "$tmp/configs"
sed -i 's/^\(corrupt-pfn  *C  *\*  *\*  *\)EBUSY/\1ENXIO/' "$tmp/configs/expectations"
harness/pmemfi release --kernel debian --profile quick --tests "$subset" --repeat 1 --configs "$tmp/configs" \
	--baseline "$base" --results "$tmp/planted" > "$tmp/planted.out" 2>&1
rc=$?
J=$(ls -d "$tmp/planted"/*-release | head -1)/release.json
sed -n '/^== pmemfi release/,/^known issues/p' "$tmp/planted.out"
check "planted: exit 1 ($rc), NOT QUALIFIED" [ "$rc $(jq -r .verdict "$J")" = "1 NOT QUALIFIED" ]
check "planted: the C-mid corrupt-pfn cell is the new failure, stable-pass before" \
	[ "$(jq -r '.changes[] | select(.change == "new-failure") | "\(.cell) \(.was) \(.now)"' "$J")" = \
	  "one-nvdimm.devdax.dev.2M.corrupt-pfn.C-mid.ff stable-pass stable-fail" ]
finish
