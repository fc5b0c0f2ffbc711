#!/bin/sh
# Every bad input is one line on stderr and exit 2, before any VM starts.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
P=harness/pmemfi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

expect_exit 2 "unknown option" $P run --frobnicate
expect_exit 2 "unknown command" $P frobnicate
expect_exit 2 "option without value" $P run --kernel
expect_exit 2 "missing kernel file" $P run --kernel /nonexistent/bzImage
expect_exit 2 "not a bzImage" $P run --kernel /etc/hostname
expect_exit 2 "unknown profile" $P run --profile no-such-profile
expect_exit 2 "bad seed" $P run --seed 0xff
expect_exit 2 "zero on just class A is no seed" $P run --seed zero@A
printf 'topology two-node\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M\nstress hammer\n' > "$tmp/p1"
expect_exit 2 "unknown stress kind" $P run --profile "$tmp/p1"
printf 'topology two-node\nseeds ff\nnamespace n mode=devdax map=dev align=2M size=128M region=legacy\n' > "$tmp/p2"
expect_exit 2 "legacy namespace of the wrong size" $P run --profile "$tmp/p2"
expect_exit 2 "no cell matches --tests" $P run --tests no-such-cell
expect_exit 2 "missing configs dir" $P run --configs /nonexistent
expect_exit 2 "missing workdir" $P run --workdir /nonexistent
printf 'corrupt-pfn A * dev ENXIO\n' > "$tmp/expectations"
cp -r configs/profiles configs/topologies "$tmp/"
expect_exit 2 "unreadable expectation row" $P run --configs "$tmp"
expect_exit 2 "missing known-issues file" $P run --known-issues /nonexistent
printf '[x]\ntitle * in foo\n' > "$tmp/known"
expect_exit 2 "known issue without a reason" $P run --known-issues "$tmp/known"
# QEMU missing: a PATH without it.
mkdir "$tmp/bin"
for t in git apt-cache; do
	command -v "$t" >/dev/null && ln -s "$(command -v "$t")" "$tmp/bin/$t"
done
expect_exit 2 "QEMU not installed" env PATH="$tmp/bin" $P run
# No space for the backing files: a 16 MiB tmpfs, when we may mount one.
if mkdir "$tmp/small" && mount -t tmpfs -o size=16m tmpfs "$tmp/small" 2>/dev/null; then
	expect_exit 2 "no space for backing files" $P run --workdir "$tmp/small" --kernel /nonexistent-is-checked-later
	umount "$tmp/small"
else
	echo "# no-space check not run: cannot mount a tmpfs here"
fi
expect_exit 2 "report: missing file" $P report /nonexistent.log
expect_exit 2 "report: unknown option" $P report --yaml x.log
expect_exit 0 "report: help" $P report --help
finish
