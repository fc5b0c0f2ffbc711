#!/bin/sh
# Kernel builds that go wrong, on a fake kernel tree (a Makefile and a
# merge_config.sh that only pretend): a requested config symbol that does
# not stick is listed with its Kconfig dependencies and stops the run with
# exit 2; a build failure is exit 3 with the path of the build log.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
tree="$tmp/linux"
fake_tree "$tree"
run() { PMEMFI_CACHE="$tmp/cache" harness/pmemfi run --kernel-tree "$tree" --tests A-first \
	--results "$tmp/results" > "$tmp/out" 2>&1; echo $?; }

touch "$tree/drop-kasan"
check "a dropped KASAN stops the run with exit 2" [ "$(run)" = 2 ]
check "it is listed with its dependency" \
	grep -q 'CONFIG_KASAN=y (kasan.config) is not set: depends on !SLUB_TINY \[SLUB_TINY=n\]' "$tmp/out"
check "and the error says how many symbols" grep -q '1 requested config symbol did not stick' "$tmp/out"
rm "$tree/drop-kasan"
# A symbol the tree predates (no Kconfig file defines it) is dropped with a
# warning, and the run's manifest says so; the build goes on.
touch "$tree/drop-debug-vm"
[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu
rc=$(FAKE_QEMU_MODE=pass PMEMFI_QEMU="$PWD/build/tests/fake-qemu" run)
check "a symbol the tree predates: the build goes on, exit 0 ($rc)" [ "$rc" = 0 ]
check "with one warning naming it and its fragment" \
	grep -q 'this tree predates CONFIG_DEBUG_VM=y (debug-vm.config): not in its Kconfig, dropped' "$tmp/out"
check "and the manifest records it" \
	quiet jq -e '.kernel.dropped_config == "CONFIG_DEBUG_VM=y (debug-vm.config)"' "$tmp/results/latest/manifest.json"
rm -r "$tree/drop-debug-vm" "$tmp/results"
# Patches that change one file stack: the second applies to the first's
# result (fix-counters on fix-stats), and the variant after them starts
# from the pristine file again.
cfg="$tmp/configs"
cp -r configs "$cfg"
printf 'one\n' > "$tree/stacked.txt"
mkpatch() { printf -- '--- a/stacked.txt\n+++ b/stacked.txt\n@@ -1 +1 @@\n-%s\n+%s\n' "$2" "$3" > "$cfg/patches/$1.patch"; }
mkpatch first one two
mkpatch second two three
prun() { FAKE_QEMU_MODE=pass PMEMFI_QEMU="$PWD/build/tests/fake-qemu" PMEMFI_CACHE="$tmp/cache" \
	harness/pmemfi run --configs "$cfg" --kernel-tree "$tree" --tests A-first --results "$tmp/presults" \
	"$@" > "$tmp/pout" 2>&1; echo $?; }
rc=$(prun --patch first --patch second)
check "two patches of one file: exit 0 ($rc)" [ "$rc" = 0 ]
check "the file is what the second made of the first's" [ "$(cat "$tmp"/cache/work/*/src/stacked.txt)" = three ]
rc=$(prun --patch second)
check "the second alone does not apply to the pristine file: exit 2 ($rc)" [ "$rc" = 2 ]
check "... and the error names the patch" grep -q 'patch .*/second.patch does not apply' "$tmp/pout"
# Two runs of one kernel at once on an empty cache: the second says whom
# it waits for (pid, what, progress file) within 5 s, and then reuses the
# kernel the first built instead of building it again.
echo 6 > "$tree/slow-build"
two() { FAKE_QEMU_MODE=pass PMEMFI_QEMU="$PWD/build/tests/fake-qemu" PMEMFI_CACHE="$tmp/cache2" exec \
	harness/pmemfi run --kernel-tree "$tree" --tests A-first --results "$tmp/r-$1" > "$tmp/two-$1.out" 2>&1; }
two first &
first=$!
for _ in $(seq 50); do grep -q 'building the kernel' "$tmp/two-first.out" && break; sleep 0.2; done
two second &
second=$!
t0=$(date +%s.%N)
for _ in $(seq 25); do grep -q "waiting for pid $first" "$tmp/two-second.out" && break; sleep 0.2; done
secs=$(echo "$(date +%s.%N) - $t0" | bc)
check "the second run says whom it waits for within 5 s (${secs} s): $(grep -o 'waiting for pid.*' "$tmp/two-second.out")" \
	sh -c "grep -q 'waiting for pid $first (kernel build of .*; progress: .*/build.log)' $tmp/two-second.out &&
	       [ \$(echo '$secs < 5' | bc) = 1 ]"
wait "$first"; rc1=$?
wait "$second"; rc2=$?
check "both pass (exit $rc1 and $rc2)" [ "$rc1 $rc2" = "0 0" ]
check "the second reused the kernel: no build of its own, build time 0, said so" \
	sh -c "! grep -q 'building the kernel' $tmp/two-second.out && grep -q 'reusing the kernel pid $first built' $tmp/two-second.out &&
	       jq -e '.kernel.build_seconds == 0' $tmp/r-second/latest/manifest.json >/dev/null"
check "the first one built it" quiet jq -e '.kernel.build_seconds > 5' "$tmp/r-first/latest/manifest.json"
rm "$tree/slow-build"
# The first build on a fresh cache knows its total from configs/kernel/build-steps
# (here a copy with the fake tree's version): "N of about M steps" and an ETA.
echo 16 > "$tree/print-steps"
cp -r configs "$tmp/configs-steps"
echo "6.12.0 base kasan debug-vm debug-info 20" >> "$tmp/configs-steps/kernel/build-steps"
FAKE_QEMU_MODE=pass PMEMFI_QEMU="$PWD/build/tests/fake-qemu" PMEMFI_CACHE="$tmp/cache3" script -qec \
	"harness/pmemfi run --configs $tmp/configs-steps --kernel-tree $tree --tests A-first --results $tmp/r3" \
	/dev/null > "$tmp/eta.out" 2>&1
check "a first build says its total at the start, from the shipped table" grep -q 'about 20 steps, the ETA follows' "$tmp/eta.out"
check "... and N of M steps with an ETA while it builds: $(grep -o 'kernel build: [0-9]* of about 20 steps[^\r]*' "$tmp/eta.out" | tail -1)" \
	grep -q 'kernel build: [0-9]* of about 20 steps ([0-9]*%), [0-9ms]* elapsed, about [0-9ms]* left' "$tmp/eta.out"
check "... and remembers its own count, by version and fragments" \
	grep -qx '6.12.0 base kasan debug-vm debug-info 16' "$tmp/cache3/kernels/build/kernel-build-steps"
rm "$tree/print-steps"
touch "$tree/fail-build"
check "a failing build is exit 3" [ "$(run)" = 3 ]
log=$(sed -n 's/.*the kernel build failed (status [0-9]*), see \(.*build.log\)$/\1/p' "$tmp/out")
check "the error names the build log ($log)" [ -n "$log" ]
check "the log holds the compiler's error" grep -q 'fake compile failure' "$log"
check "nothing was written to results/" [ ! -e "$tmp/results" ]
finish
