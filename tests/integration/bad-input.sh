#!/bin/sh
# Every bad input is one line on stderr and exit 2, before any VM starts.
# Rows that must stop at options or config load name a kernel that is not
# there: should one go on, it stops at that, never at a real kernel build.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
P=harness/pmemfi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_exit 2 "unknown option" "unknown option '--frobnicate'" $P run --frobnicate --kernel /nonexistent
expect_exit 2 "unknown command" "unknown command 'frobnicate'" $P frobnicate
expect_exit 2 "option without value" "'--kernel' needs a value" $P run --kernel
expect_exit 2 "missing kernel file" "/nonexistent/bzImage: no such file" $P run --kernel /nonexistent/bzImage
expect_exit 2 "not a bzImage" "/etc/hostname: not an x86 bzImage" $P run --kernel /etc/hostname
expect_exit 2 "--durations without shards" "--durations /etc/hostname: it balances shards" $P run --durations /etc/hostname --kernel /nonexistent
expect_exit 2 "--durations that is no summary" "--durations /etc/hostname: not a summary.json" $P run --shard 1/2 --durations /etc/hostname --list
expect_exit 2 "-j with --shard" "-j with --shard" $P run -j 2 --shard 1/2 --kernel /nonexistent
expect_exit 2 "-j not a number" "-j: .many. is not a number of VMs" $P run -j many --kernel /nonexistent
expect_exit 2 "unknown profile" "profile 'no-such-profile' not found" $P run --profile no-such-profile --kernel /nonexistent
expect_exit 2 "bad seed" "bad seed '0xff'" $P run --seed 0xff --kernel /nonexistent
expect_exit 2 "zero on just class A is no seed" "bad seed 'zero@A'" $P run --seed zero@A --kernel /nonexistent
# Kernels named by Debian version: asked of the host's apt lists and of
# the newer suites of configs/debian-suites (network: Debian's archive).
expect_exit 2 "a kernel series that is no version" "kasan:foo: not a kernel series or version" $P run --kernel kasan:foo
expect_exit 2 "a kernel series Debian does not have" "kasan:7.9: no linux-source-7.9 in the host's apt lists or Debian's trixie" \
	$P run --kernel kasan:7.9
expect_exit 2 "a kernel version Debian does not have" "kasan:7.2.99: no linux-source-7.2 of version 7.2.99" \
	$P run --kernel kasan:7.2.99
expect_exit 2 "a prebuilt kernel Debian does not have" "debian:7.9: no Debian kernel image linux-image-7.9" \
	$P run --kernel debian:7.9
expect_exit 2 "canaries of a prebuilt kernel" "--canaries with --kernel debian: canaries are kernels built here" \
	$P run --canaries --kernel debian
expect_exit 2 "the source of a prebuilt kernel" "source: kernel debian: not built here from a source" $P source debian
expect_exit 2 "a patch for a prebuilt kernel" "patches need a kernel built here" $P run --kernel debian --patch fix-stats
expect_exit 2 "a patch path instead of a name" "--patch: 'x/y' is not a patch name" $P run --patch x/y --kernel /nonexistent
expect_exit 2 "a skip share without %" "--max-skipped: '5' is not a share" $P run --max-skipped 5 --kernel /nonexistent
printf 'topology two-node\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M\nstress hammer\n' > "$tmp/p1"
expect_exit 2 "unknown stress kind" "p1:4: unknown stress kind 'hammer'" $P run --profile "$tmp/p1" --kernel /nonexistent
printf 'topology two-node\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M region=legacy\n' > "$tmp/p2"
expect_exit 2 "legacy namespace of the wrong size" "namespace n: a legacy namespace is its whole range" $P run --profile "$tmp/p2" --kernel /nonexistent
# More seeds than a plan holds, over two lines: an error, never an overflow.
printf 'topology one-nvdimm\nseeds ff zero random:1 random:2 random:3\nseeds random:4 random:5 random:6 random:7\nnamespace n mode=devdax map=dev align=2M size=128M\n' > "$tmp/p3"
expect_exit 2 "seeds past the limit on a second line" "p3:3: seeds: at most 8 seeds in all \(5 before" $P run --profile "$tmp/p3" --kernel /nonexistent
printf 'topology one-nvdimm\nseeds ff\nnamespace %s mode=devdax map=dev align=2M size=128M\n' \
	"$(printf 'n%.0s' $(seq 60))" > "$tmp/p4"
expect_exit 2 "a namespace name too long for the control protocol" "p4:3: namespace name 'nnn.* at most 48 bytes" $P run --profile "$tmp/p4" --kernel /nonexistent
printf 'topology one-nvdimm\nseeds ff\nmax-skipped lots\nnamespace n mode=devdax map=dev align=2M size=128M\n' > "$tmp/p5"
expect_exit 2 "a bad max-skipped line" "p5:3: max-skipped takes a share" $P run --profile "$tmp/p5" --kernel /nonexistent
expect_exit 2 "no cell matches --tests" "--tests 'no-such-cell' matches no cell" $P run --tests no-such-cell --kernel /nonexistent
expect_exit 2 "missing configs dir" "configs directory /nonexistent not found" $P run --configs /nonexistent --kernel /nonexistent
expect_exit 2 "missing workdir" "--workdir /nonexistent: no such directory" $P run --workdir /nonexistent --kernel /nonexistent
printf 'corrupt-pfn A * dev ENXIO\n' > "$tmp/expectations"
cp -r configs/profiles configs/topologies "$tmp/"
expect_exit 2 "unreadable expectation row" "expectations:1: expected 7 fields" $P run --configs "$tmp" --kernel /nonexistent
expect_exit 2 "missing known-issues file" "/nonexistent: cannot read the known issues: No such file" $P run --known-issues /nonexistent --kernel /nonexistent
printf '[x]\ntitle kernel BUG in foo\nactions corrupt-pfn\n' > "$tmp/known"
expect_exit 2 "known issue without a reason" "known:1: \[x\] needs a reason line" $P run --known-issues "$tmp/known" --kernel /nonexistent
printf '[x]\ntitle * in foo\nactions corrupt-pfn\nreason r\n' > "$tmp/known"
expect_exit 2 "known issue matching any report type" "known:2: title '\* in foo' starts with a wildcard" $P run --known-issues "$tmp/known" --kernel /nonexistent
printf '[x]\nstage boot\npaging 6\ntitle KASAN: wild-memory-access in foo\nreason r\n' > "$tmp/known"
expect_exit 2 "known issue with a paging scope no guest has" "known:3: unknown paging '6' \(4, 5\)" $P run --known-issues "$tmp/known" --kernel /nonexistent
printf '[x]\ntitle kernel BUG in foo\nreason r\n' > "$tmp/known"
expect_exit 2 "known issue without the cells it can happen in" "known:1: \[x\] needs an actions line" $P run --known-issues "$tmp/known" --kernel /nonexistent
# A kernel not built here that lacks what the suite needs: one line naming
# the options, before any image or VM (Debian's 6.1 cloud kernel has no
# memory failure); its modules but no module tree; bisect-step says 125.
mkdir "$tmp/k"
fake_bzimage "$tmp/k/bzImage"
fake_config "$tmp/k/config-6.12.0-fake"
sed -i '/MEMORY_FAILURE\|HWPOISON_INJECT/d' "$tmp/k/config-6.12.0-fake"
expect_exit 2 "a given kernel without memory failure" \
	"kernel $tmp/k/bzImage \(config $tmp/k/config-6.12.0-fake\) lacks CONFIG_MEMORY_FAILURE, CONFIG_HWPOISON_INJECT, which the suite needs" \
	$P run --kernel "$tmp/k/bzImage"
$P bisect-step --kernel "$tmp/k/bzImage" > "$tmp/k/step.out" 2>&1
rc=$?
check "bisect-step on it: 125, this commit cannot be tested ($rc), the reason said" \
	sh -c "[ $rc = 125 ] && grep -q 'lacks CONFIG_MEMORY_FAILURE' $tmp/k/step.out"
fake_config "$tmp/k/config-6.12.0-fake" CONFIG_LIBNVDIMM=m
expect_exit 2 "a given modular kernel without --modules" "has CONFIG_LIBNVDIMM as module, and no module tree was given \(--modules DIR\)" \
	$P run --kernel "$tmp/k/bzImage"
# QEMU missing: a PATH without it.
mkdir "$tmp/bin"
for t in git apt-cache; do
	command -v "$t" >/dev/null && ln -s "$(command -v "$t")" "$tmp/bin/$t"
done
expect_exit 2 "QEMU not installed" "qemu-system-x86_64 not found" env PATH="$tmp/bin" $P run --kernel /nonexistent
# No space for the backing files: a 16 MiB tmpfs. Root can mount one, and
# CI runs as root: not being able to is a failure of this test, not a skip.
mkdir "$tmp/small"
if mount -t tmpfs -o size=16m tmpfs "$tmp/small"; then
	expect_exit 2 "no space for backing files" "$tmp/small.*: [0-9]+ MiB free, [0-9]+ MiB needed" \
		$P run --workdir "$tmp/small" --kernel /nonexistent-is-checked-later
	umount "$tmp/small"
else
	not_ok "no space for backing files: cannot mount a 16 MiB tmpfs (run as root)"
fi
expect_exit 2 "report: missing file" "report: /nonexistent.log: No such file" $P report /nonexistent.log
expect_exit 2 "report: unknown option" "report: unknown option '--yaml'" $P report --yaml x.log
expect_exit 0 "report: help" "^$" $P report --help
finish
