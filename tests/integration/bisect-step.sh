#!/bin/sh
# Every exit code "pmemfi bisect-step" gives "git bisect run", one row each,
# against the fake QEMU and a fake kernel tree (no VM, no compiler): 0
# good, 1 bad, 125 skip, 128 bad usage wherever it is found, 129 the host
# failed (QEMU, the image, the results, the cache), 130 ^C at any stage.
# "pmemfi run" gets the same cases where its answer differs.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu
export PMEMFI_QEMU="$PWD/build/tests/fake-qemu" PMEMFI_CACHE="$tmp/cache"

k="$tmp/bzImage"
fake_bzimage "$k"
# The kernel's config beside it: the harness holds skips to it.
fake_config "$tmp/config-6.12.0-fake"
tree="$tmp/linux"
fake_tree "$tree"
cells='*devdax*corrupt-pfn.A-first*,*devdax*corrupt-pfn.C-mid*'

# step MODE ARGS...: bisect-step on the fake QEMU in MODE; prints its exit code.
step() {
	mode=$1; shift
	FAKE_QEMU_MODE=$mode harness/pmemfi bisect-step --accel tcg --seed zero --tests "$cells" \
		--results "$tmp/r" "$@" > "$tmp/step.out" 2>&1
	echo $?
}
# row WANT DESCRIPTION MODE ARGS...: one row of the table.
row() {
	want=$1 desc=$2; shift 2
	got=$(step "$@")
	if [ "$got" = "$want" ]; then
		ok "$desc: $got"
	else
		not_ok "$desc: $got, want $want; $(tail -2 "$tmp/step.out" | tr '\n' ' ')"
	fi
}

row 0   "every selected test passed: good" pass --kernel "$k"
row 1   "a kernel report in a selected test: bad" crash:A-first --kernel "$k"
row 1   "the report --bad names: bad" crash:A-first --kernel "$k" --signature fake_crash
row 125 "only another report than --bad names: skip" crash:A-first --kernel "$k" --signature action_result
row 1   "a failed check, no --bad: bad" leak:C-mid --kernel "$k"
row 1   "--bad names the failure: bad" leak:C-mid --kernel "$k" --signature HardwareCorrupted
row 1   "setup crashed before any test, no --bad: bad" crash:setup.devdax --kernel "$k"
row 1   "setup crashed with the title --bad names: bad" crash:setup.devdax --kernel "$k" --signature fake_crash
row 125 "a hang, no --bad: cannot tell, skip" hang:C-mid --kernel "$k" --timeout-test 2
row 1   "a hang with --bad timeout: bad" hang:C-mid --kernel "$k" --timeout-test 2 --signature timeout
# A kernel with no config beside it: its skips are skips (with the
# config, the harness holds them to it and they become errors).
mkdir "$tmp/noconfig"
fake_bzimage "$tmp/noconfig/bzImage"
row 125 "every test skipped: skip, not good" skip:corrupt-pfn --kernel "$tmp/noconfig/bzImage"
row 125 "one test skipped, the other passed: skip, not good" skip:C-mid --kernel "$tmp/noconfig/bzImage"
row 125 "a skip the kernel's config contradicts (an error): skip" skip:C-mid --kernel "$k"
row 125 "a boot report no known issue explains: skip" bootreport --kernel "$k" --known-issues none
row 0   "a boot report configs/known-issues explains (LA57 window, 5-level paging): good" bootreport --kernel "$k" \
	--paging 5
row 125 "the same boot report on a 4-level guest, outside the entry's scope: skip" bootreport --kernel "$k"
row 1   "a boot report --bad names: bad" bootreport --kernel "$k" --signature do_raw_spin_lock
row 0   "a boot report that a clean retry shows to be a flake: good" bootflake:"$tmp/flake1" --kernel "$k" \
	--known-issues none
row 125 "a VM unfit to test (a module did not load): skip" initerror --kernel "$k"
row 125 "the kernel never boots: skip" silent --kernel "$k" --timeout-boot 2
# The host failing is no answer about the commit: stop the bisection (129),
# never skip every commit for hours.
row 129 "QEMU does not start: stop" nostart --kernel "$k"
mkdir -p "$tmp/cache-noimage"
: > "$tmp/cache-noimage/images"
PMEMFI_CACHE="$tmp/cache-noimage" row 129 "the guest image cannot be built: stop" pass --kernel "$k"
if [ "$(id -u)" = 0 ] && mkdir "$tmp/full" && mount -t tmpfs -o size=256k tmpfs "$tmp/full" &&
   dd if=/dev/zero of="$tmp/full/filler" bs=1k count=216 2>/dev/null; then
	FAKE_QEMU_MODE=pass harness/pmemfi bisect-step --accel tcg --seed zero --tests "$cells" --kernel "$k" \
		--results "$tmp/full" > "$tmp/step.out" 2>&1
	rc=$?
	check "results that cannot be written: stop, exit 129 ($rc), the file named" \
		sh -c "[ $rc = 129 ] && grep -q 'cannot write .*/full/.*: No space left on device' $tmp/step.out"
	umount "$tmp/full"
else
	not_ok "results that cannot be written: needs root to mount a small tmpfs"
fi

row 128 "a bad option: stop" pass --kernel "$k" --frobnicate
row 128 "--bad without a text: stop" pass --kernel "$k" --signature
row 128 "a kernel image that is not there (found late): stop" pass --kernel /nonexistent/bzImage
row 128 "an unknown kernel: stop" pass --kernel frobnicate
row 128 "a tree that is not there: stop" pass --kernel-tree /nonexistent
touch "$tree/drop-kasan"
row 125 "a requested config symbol this tree cannot set: skip" pass --kernel-tree "$tree"
rm "$tree/drop-kasan"
touch "$tree/fail-build"
row 125 "the kernel does not build: skip" pass --kernel-tree "$tree"
rm "$tree/fail-build"
# The kernel built, the host could not keep it: that is no commit's fault.
mkdir -p "$tmp/cache-noentry/kernels"
: > "$tmp/cache-noentry/kernels/build"
PMEMFI_CACHE="$tmp/cache-noentry" row 129 "the cache cannot take the kernel: stop" pass --kernel-tree "$tree"
row 0   "a tree that builds and passes: good" pass --kernel-tree "$tree"

# ^C: during the kernel build, and during the tests; bisect-step and run.
# interrupt WANT DESCRIPTION WAIT-FOR CMD...: ^C once WAIT-FOR is in the output.
interrupt() {
	want=$1 desc=$2; shift 2
	interrupt_when "$tmp/int.out" "$@"
	# At once, not after the build or the test would have ended by itself.
	if [ "$rc" = "$want" ] && [ "$secs" -le 10 ]; then
		ok "$desc: $rc after $secs s"
	else
		not_ok "$desc: $rc after $secs s, want $want within 10 s"
	fi
}
touch "$tree/slow-build"
rm -rf "$tmp/cache"
interrupt 130 "bisect-step, ^C during the kernel build" "building the kernel" \
	harness/pmemfi bisect-step --kernel-tree "$tree" --tests "$cells" --results "$tmp/r"
check "the build was stopped, not left running" sh -c "! pgrep -fx 'sleep 61' >/dev/null"
interrupt 130 "run, ^C during the kernel build" "building the kernel" \
	harness/pmemfi run --kernel-tree "$tree" --tests "$cells" --results "$tmp/r"
rm "$tree/slow-build"
interrupt 130 "bisect-step, ^C during the tests" "A-first" \
	env FAKE_QEMU_MODE=hang:C-mid harness/pmemfi bisect-step --kernel "$k" --accel tcg --seed zero \
	--tests "$cells" --results "$tmp/r"
finish
