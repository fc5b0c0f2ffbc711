# Shared helpers for the integration tests (POSIX sh, sourced).
# Each test prints "ok"/"not ok" lines and exits non-zero on any failure.

failures=0
checks=0

ok() { checks=$((checks + 1)); echo "ok $checks - $*"; }
not_ok() { checks=$((checks + 1)); failures=$((failures + 1)); echo "not ok $checks - $*"; }

# check DESCRIPTION COMMAND...: the command must succeed.
check() {
	desc=$1; shift
	if "$@"; then ok "$desc"; else not_ok "$desc"; fi
}

# quiet COMMAND...: run it with stdout discarded (for check).
quiet() { "$@" >/dev/null; }

# expect_exit CODE DESCRIPTION COMMAND...: exit status and a one-line error.
expect_exit() {
	want=$1 desc=$2; shift 2
	err=$("$@" 2>&1 >/dev/null); got=$?
	lines=$(printf '%s\n' "$err" | grep -c .)
	if [ "$got" = "$want" ] && [ "$lines" -le 1 ]; then
		ok "$desc: exit $got: $err"
	else
		not_ok "$desc: exit $got (want $want), $lines lines: $err"
	fi
}

finish() {
	echo "# $checks checks, $failures failed"
	[ "$failures" -eq 0 ]
}

# fake_bzimage FILE: a kernel for the fake QEMU; a bzImage header is all
# the harness reads of it.
fake_bzimage() {
	head -c 2048 /dev/zero > "$1"
	printf 'HdrS' | dd of="$1" bs=1 seek=$((0x202)) conv=notrunc 2>/dev/null
	printf '\000\002' | dd of="$1" bs=1 seek=$((0x20e)) conv=notrunc 2>/dev/null
	printf '6.12.0-fake (fake) #1' | dd of="$1" bs=1 seek=$((0x400)) conv=notrunc 2>/dev/null
}

# interrupted_fake_run DIR TESTS SEEDS: a fake-QEMU run (kernel $k) whose
# B-first cell hangs, interrupted with ^C once A-last has a verdict; $rc is
# its exit status, DIR.out its output.
interrupted_fake_run() {
	FAKE_QEMU_MODE=hang:B-first PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi run \
		--kernel "$k" --accel tcg --seed "$3" --tests "$2" --results "$1" > "$1.out" 2>&1 &
	pid=$!
	for _ in $(seq 50); do
		grep -q 'A-last' "$1.out" 2>/dev/null && break
		sleep 0.2
	done
	kill -INT "$pid"
	wait "$pid"
	rc=$?
}
