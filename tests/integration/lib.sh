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

# matches STRING PATTERN: STRING matches the shell PATTERN (a | in it is a literal).
# shellcheck disable=SC2254
matches() { case $1 in $2) return 0 ;; esac; return 1; }
# cell_outcomes SUMMARY REGEX: the distinct "verdict|title" (a report's title,
# else the failure's reason) of the cells of a summary.json whose name matches.
cell_outcomes() {
	jq -r "[.tests[] | select(.name | test(\"$2\")) | \"\(.verdict)|\(.title // .reason // \"\")\"] | unique | join(\";\")" "$1"
}

# quiet COMMAND...: run it with stdout discarded (for check).
quiet() { "$@" >/dev/null; }

# expect_exit CODE DESCRIPTION PATTERN COMMAND...: the exit status, and one
# line on stderr that matches PATTERN (grep -E): the message must name the
# object and the cause, not only exit with the right code.
expect_exit() {
	want=$1 desc=$2 pattern=$3; shift 3
	err=$("$@" 2>&1 >/dev/null); got=$?
	lines=$(printf '%s\n' "$err" | grep -c .)
	if [ "$got" = "$want" ] && [ "$lines" -le 1 ] && printf '%s\n' "$err" | grep -qE -- "$pattern"; then
		ok "$desc: exit $got: $err"
	else
		not_ok "$desc: exit $got (want $want), $lines lines, want /$pattern/: $err"
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

# fake_config FILE [LINE...]: a kernel config with what the suite needs of a
# kernel not built here (every y/m of configs/kernel/base.config, built in:
# a fake kernel has no module tree), then LINEs.
fake_config() {
	out=$1; shift
	sed -n 's/^\(CONFIG_[A-Z0-9_]*\)=[ym]$/\1=y/p' configs/kernel/base.config > "$out"
	for line; do echo "$line"; done >> "$out"
}

# interrupt_when OUT PATTERN COMMAND...: run COMMAND with its output in
# OUT, ^C it once PATTERN shows there (or after 20 s); $rc is its exit
# status, $secs how long it took to end after the ^C.
interrupt_when() {
	out=$1 until=$2; shift 2
	"$@" > "$out" 2>&1 &
	pid=$!
	for _ in $(seq 100); do
		grep -q "$until" "$out" 2>/dev/null && break
		sleep 0.2
	done
	kill -INT "$pid"
	t0=$(date +%s)
	wait "$pid"
	rc=$?
	secs=$(( $(date +%s) - t0 ))
}

# interrupted_fake_run DIR TESTS SEEDS: a fake-QEMU run (kernel $k) whose
# B-first cell hangs, interrupted with ^C once A-last has a verdict; $rc is
# its exit status, DIR.out its output.
interrupted_fake_run() {
	interrupt_when "$1.out" A-last env FAKE_QEMU_MODE=hang:B-first PMEMFI_QEMU="$PWD/build/tests/fake-qemu" \
		harness/pmemfi run --kernel "$k" --accel tcg --seed "$3" --tests "$2" --results "$1"
}

# fake_tree DIR: a kernel source tree whose Makefile and merge_config.sh
# only pretend. Files in DIR steer it: drop-kasan (olddefconfig loses
# CONFIG_KASAN), drop-debug-vm (loses CONFIG_DEBUG_VM, which no Kconfig
# file of the fake tree defines, as an older tree's), fail-build (the compile fails), slow-build (the compile
# takes 61 s, for ^C, or the seconds the file says), print-steps (the
# compile prints as many kbuild step lines as the file says, two a
# second); otherwise it "builds" a fake bzImage (release
# 6.12.0-fake, the tree's fake-bzImage) and a module tree holding
# nd_pmem.ko (the tree's fake-nd_pmem.ko: a FAKE_QEMU_MODE line there is a
# module's behaviour, as one in fake-bzImage is the image's).
fake_tree() {
	mkdir -p "$1/scripts/kconfig" "$1/lib"
	cat > "$1/scripts/kconfig/merge_config.sh" <<'EOS'
#!/bin/sh
# merge_config.sh -m -O DIR BASE FRAGMENT...: concatenate.
shift; shift; out=$1; shift; base=$1; shift
cat "$@" >> "$base"
EOS
	chmod +x "$1/scripts/kconfig/merge_config.sh"
	cat > "$1/Makefile" <<'EOS'
VERSION = 6
PATCHLEVEL = 12
SUBLEVEL = 0
tinyconfig:
	@mkdir -p $(O) && : > $(O)/.config
olddefconfig:
	@if [ -e drop-kasan ]; then sed -i '/^CONFIG_KASAN=/d' $(O)/.config; fi
	@if [ -e drop-debug-vm ]; then sed -i '/^CONFIG_DEBUG_VM=/d' $(O)/.config; fi
bzImage:
	@if [ -n "$(M)" ]; then echo "no nfit_test here" >&2; exit 2; fi
	@if [ -e fail-build ]; then echo "mm/fake.c:1:1: error: fake compile failure" >&2; exit 2; fi
	@if [ -e slow-build ]; then echo "building slowly"; s=$$(cat slow-build); sleep $${s:-61}; fi
	@if [ -e print-steps ]; then i=0; while [ $$i -lt $$(cat print-steps) ]; do \
		i=$$((i + 1)); echo "  CC      fake/step$$i.o"; sleep 0.5; done; fi
	@mkdir -p $(O)/arch/x86/boot && cp -f fake-bzImage $(O)/arch/x86/boot/bzImage
# After bzImage: under make -j one recipe for both targets ran twice at
# once, and the two cp raced ("File exists").
modules: bzImage
	@if [ -n "$(M)" ]; then echo "no nfit_test here" >&2; exit 2; fi
modules_install:
	@mkdir -p $(INSTALL_MOD_PATH)/lib/modules/6.12.0-fake/kernel/drivers/nvdimm
	@cp fake-nd_pmem.ko $(INSTALL_MOD_PATH)/lib/modules/6.12.0-fake/kernel/drivers/nvdimm/nd_pmem.ko
	@depmod -b $(INSTALL_MOD_PATH) 6.12.0-fake 2>/dev/null
kernelrelease:
	@echo 6.12.0-fake
EOS
	printf 'menuconfig KASAN\n\tbool "KASAN"\n\tdepends on !SLUB_TINY\n' > "$1/lib/Kconfig.kasan"
	fake_bzimage "$1/fake-bzImage"
	echo "a fake module" > "$1/fake-nd_pmem.ko"
}

# fake_module DIR MODE: a module tree for the fake kernel (release
# 6.12.0-fake) holding nd_pmem.ko, whose contents say FAKE_QEMU_MODE=MODE
# (the fake QEMU reads it from the initramfs), with its modules.dep.
fake_module() {
	m="$1/lib/modules/6.12.0-fake/kernel/drivers/nvdimm"
	mkdir -p "$m"
	printf 'FAKE_QEMU_MODE=%s\n' "$2" > "$m/nd_pmem.ko"
	# It is no ELF file: depmod says so, and writes the indexes all the same.
	[ -e "$1/lib/modules/6.12.0-fake/modules.dep" ] || depmod -b "$1" 6.12.0-fake 2>/dev/null
}

# counting_qemu FILE: write FILE, a QEMU for PMEMFI_QEMU that is the fake
# one, counting pmemfi runs (each asks "--version" once, first) in
# FILE.runs: in run N it is in the mode $FAKE_RUN_MODES says for N
# ("2=pass 5=crash:A-first"), else in the kernel's own.
counting_qemu() {
	: > "$1.runs"
	cat > "$1" <<EOS
#!/bin/sh
[ "\$1" = --version ] && echo x >> "$1.runs"
n=\$(wc -l < "$1.runs")
unset FAKE_QEMU_MODE
for r in \$FAKE_RUN_MODES; do
	[ "\${r%%=*}" = "\$n" ] && export FAKE_QEMU_MODE="\${r#*=}"
done
exec "$PWD/build/tests/fake-qemu" "\$@"
EOS
	chmod +x "$1"
}

# fake_setup: what a fake-QEMU test needs: $tmp (deleted at exit unless
# $KEEP is set), the fake QEMU built, and a fake bzImage $k.
fake_setup() {
	tmp=$(mktemp -d)
	[ -n "$KEEP" ] || trap 'rm -rf "$tmp"' EXIT
	[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu
	k="$tmp/bzImage"
	fake_bzimage "$k"
}

# fake_run MODE NAME [run options]: "pmemfi run" of kernel $k on the fake
# QEMU in FAKE_QEMU_MODE MODE, the cells chosen by $FAKE_CELLS (default:
# devdax corrupt-pfn on zero media), into $tmp/NAME with its output in
# $tmp/NAME.out; $rc is its exit status and $S its summary.json.
fake_run() {
	mode=$1 name=$2; shift 2
	# $FAKE_CELLS is split into words, never expanded as a file glob.
	set -f
	# shellcheck disable=SC2086
	FAKE_QEMU_MODE=$mode PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi run \
		--kernel "$k" --accel tcg ${FAKE_CELLS:---seed zero --tests *devdax*corrupt-pfn*} \
		--results "$tmp/$name" "$@" > "$tmp/$name.out" 2>&1
	rc=$?
	set +f
	S="$tmp/$name/latest/summary.json"
}
