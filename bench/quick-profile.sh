#!/bin/sh
# Benchmark: the quick profile on Debian's stock kernel, on 0xff media
# (8 crashes, so 9 VMs) and on zeroed media (1 VM), in the same session so
# that the ratio is meaningful on a shared, noisy machine.
# Prints: seed, wall seconds, VMs, median boot-to-hello seconds, and the
# ff/zero ratio (the price of a fresh VM per crash).
# usage: bench/quick-profile.sh [extra pmemfi run options]
cd "$(dirname "$0")/.." || exit 1
command -v jq >/dev/null || { echo "bench: needs jq" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

printf '%-6s %8s %4s %12s %6s\n' seed wall_s vms boot_median tests
for seed in ff zero; do
	start=$(date +%s.%N)
	harness/pmemfi run --seed "$seed" --results "$tmp/$seed" "$@" >/dev/null 2>&1
	end=$(date +%s.%N)
	S="$tmp/$seed/latest/summary.json"
	wall=$(awk "BEGIN { print $end - $start }")
	eval "wall_$seed=$wall"
	printf '%-6s %8.1f %4s %12s %6s\n' "$seed" "$wall" "$(jq .timing.vms "$S")" \
		"$(jq '.timing.boot_median * 10 | round / 10' "$S")" "$(jq .counts.done "$S")"
done
# shellcheck disable=SC2154
awk "BEGIN { printf \"ratio ff/zero wall: %.2f\\n\", $wall_ff / $wall_zero }"
