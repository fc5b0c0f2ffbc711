#!/bin/sh
# Benchmark: the quick profile, warm (kernels already built and cached), on
# each kernel given, in one go and interleaved ROUNDS times, so that the
# ratios compare kernels under the same load on a shared machine.
# Prints per kernel: the medians over the rounds of the first VM's boot to
# its first test, a restore to its first test, and the run's wall time;
# then each kernel's ratio to the first one. With --initcalls, one more
# boot per kernel with initcall_debug (and ignore_loglevel: its lines are
# KERN_DEBUG, below the guests' loglevel=7), and the ten slowest initcalls of
# each (where a slower boot spends its time).
# usage: bench/kernels-boot.sh [--initcalls] [ROUNDS (default 3)] [KERNEL...]
#        (default kernels: kasan kasan:7.3)
cd "$(dirname "$0")/.." || exit 1
command -v jq >/dev/null || { echo "bench: needs jq" >&2; exit 2; }
initcalls=
[ "${1:-}" = --initcalls ] && { initcalls=1; shift; }
rounds=${1:-3}
[ $# -gt 0 ] && shift
[ $# -eq 0 ] && set -- kasan kasan:7.3
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

median() { sort -n | awk '{ v[NR] = $1 } END { if (NR) print (NR % 2 ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2); else print "nan" }'; }

# Build (or find) every kernel first: the rounds time runs, not builds.
for k in "$@"; do
	harness/pmemfi run --kernel "$k" --tests '*devdax.dev.2M.layout*' --results "$tmp/warm" >/dev/null 2>&1 ||
		{ echo "bench: kernel $k: the warm-up run failed" >&2; exit 3; }
done
for r in $(seq "$rounds"); do
	for k in "$@"; do
		d="$tmp/$(echo "$k" | tr ':/' '__')"
		start=$(date +%s.%N)
		harness/pmemfi run --kernel "$k" --results "$d" >/dev/null 2>&1
		end=$(date +%s.%N)
		S=$(ls -d "$d"/2*/ | tail -1)summary.json
		awk "BEGIN { print $end - $start }" >> "$d.wall"
		jq '.timing.first_test_seconds[0]' "$S" >> "$d.boot"
		jq '.timing.restore_seconds[]' "$S" >> "$d.restore"
	done
done
printf '%-14s %8s %10s %8s %10s %10s\n' kernel boot_s restore_s wall_s boot_ratio wall_ratio
first=
for k in "$@"; do
	d="$tmp/$(echo "$k" | tr ':/' '__')"
	boot=$(median < "$d.boot") restore=$(median < "$d.restore") wall=$(median < "$d.wall")
	[ -z "$first" ] && { first=1 boot0=$boot wall0=$wall; }
	printf '%-14s %8.1f %10.2f %8.1f %10.2f %10.2f\n' "$k" "$boot" "$restore" "$wall" \
		"$(awk "BEGIN { print $boot / $boot0 }")" "$(awk "BEGIN { print $wall / $wall0 }")"
done
[ -n "$initcalls" ] || exit 0
for k in "$@"; do
	d="$tmp/ic-$(echo "$k" | tr ':/' '__')"
	harness/pmemfi run --kernel "$k" --append 'initcall_debug ignore_loglevel' --no-restore \
		--tests '*devdax.dev.2M.layout*' --results "$d" >/dev/null 2>&1
	echo "== $k: slowest initcalls (usecs)"
	sed -n 's/.*initcall \([^ ]*\) returned [-0-9]* after \([0-9]*\) usecs.*/\2 \1/p' "$d"/2*/console/vm-01.log |
		sort -rn | head -10
done
