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
touch "$tree/fail-build"
check "a failing build is exit 3" [ "$(run)" = 3 ]
log=$(sed -n 's/.*the kernel build failed (status [0-9]*), see \(.*build.log\)$/\1/p' "$tmp/out")
check "the error names the build log ($log)" [ -n "$log" ]
check "the log holds the compiler's error" grep -q 'fake compile failure' "$log"
check "nothing was written to results/" [ ! -e "$tmp/results" ]
finish
