#!/bin/sh
# Benchmark (issue 14): where a run's time goes, and what restores and
# parallel VMs save, measured in one session so the ratios mean something
# on a shared, noisy machine. Not a test: it prints numbers.
#
# usage: bench/speed.sh [--bisect BISECT_JSON] [pmemfi run options]
#   default options: --kernel debian --profile quick --seed ff,zero
#
# Runs the plan four times: every VM booted (--no-restore) and with
# restores, each at -j 1 and -j 2. Prints per run: wall time, VMs, boots,
# restores (at -j 2 the shards are balanced by the -j 1 run's durations),
# the median seconds from QEMU start to a VM's first test (a
# booted VM: boot, init and setup; a restored one: load and hand-over),
# the median test, the harness's own time (wall time outside any VM, -j 1
# only), and how far the run is from its floor (the tests' own time, one
# after the other). Then ratios, the warm-up of a restored VM (its first
# test against the same test in a booted VM), and with --bisect, each
# trial of a bisection split into build, boot and test.
cd "$(dirname "$0")/.." || exit 1
command -v jq >/dev/null || { echo "bench: needs jq" >&2; exit 2; }
bisect=
if [ "$1" = --bisect ]; then bisect=$2; shift 2; fi
[ $# -gt 0 ] || set -- --kernel debian --profile quick --seed ff,zero
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x harness/pmemfi ] || make -s harness/pmemfi

median() { jq -s 'sort | if length == 0 then null else .[length / 2 | floor] * 100 | round / 100 end'; }

printf '%-14s %7s %4s %5s %8s %13s %11s %10s %8s\n' run wall_s vms boots restores first_test_md test_md harness_s x_floor
for cfg in cold-j1 warm-j1 cold-j2 warm-j2; do
	opts=
	case $cfg in cold-*) opts=--no-restore ;; esac
	# -j 2 balances its shards by what each cell took at -j 1, as a
	# results directory with history would.
	case $cfg in *-j2) opts="$opts -j 2 --durations $tmp/${cfg%-j2}-j1/latest/summary.json" ;; esac
	# shellcheck disable=SC2086
	harness/pmemfi run "$@" $opts --results "$tmp/$cfg" > "$tmp/$cfg.out" 2>&1
	S="$tmp/$cfg/latest/summary.json"
	[ -s "$S" ] || { echo "bench: $cfg did not run (see below)" >&2; tail -3 "$tmp/$cfg.out" >&2; exit 3; }
	wall=$(jq .timing.elapsed "$S")
	floor=$(jq '[.tests[].duration] | add' "$S")
	harness=-
	case $cfg in *-j1) harness=$(jq '(.timing.elapsed - (.timing.vm_seconds | add)) * 10 | round / 10' "$S") ;; esac
	printf '%-14s %7.1f %4s %5s %8s %13s %11s %10s %8.1f\n' "$cfg" "$wall" "$(jq .timing.vms "$S")" \
		"$(jq '.timing.boot_seconds | length' "$S")" "$(jq .timing.restores "$S")" \
		"$(jq '.timing.first_test_seconds[]' "$S" | median)" "$(jq '.tests[].duration' "$S" | median)" \
		"$harness" "$(awk "BEGIN { print $wall / $floor }")"
	eval "wall_$(echo "$cfg" | tr - _)=$wall"
done
# shellcheck disable=SC2154
awk "BEGIN {
	printf \"ratio wall, restores on/off at -j 1: %.2f\n\", $wall_warm_j1 / $wall_cold_j1
	printf \"ratio wall, -j 2 / -j 1 with restores: %.2f\n\", $wall_warm_j2 / $wall_warm_j1
	printf \"ratio wall, best (restores, -j 2) / every VM booted at -j 1: %.2f\n\", $wall_warm_j2 / $wall_cold_j1
}"
# A booted VM's first test against a restored one's: the price of a crash.
cold=$(jq '.timing.first_test_seconds[]' "$tmp/cold-j1/latest/summary.json" | median)
warm=$(jq '.timing.restore_seconds[]' "$tmp/warm-j1/latest/summary.json" | median)
awk "BEGIN { printf \"ratio VM start to first test, booted/restored: %.1f (%.2f s / %.2f s)\n\", $cold / $warm, $cold, $warm }"
# Warm-up: the first test of each restored VM, and the same cell where it
# was the first test of a booted VM (the translation cache starts cold in both).
jq -r '.tests | group_by(.vm) | .[] | min_by(.console_begin) | "\(.name) \(.duration)"' \
	"$tmp/warm-j1/latest/summary.json" | sort > "$tmp/warm.first"
jq -r '.tests[] | "\(.name) \(.duration)"' "$tmp/cold-j1/latest/summary.json" | sort > "$tmp/cold.all"
join "$tmp/warm.first" "$tmp/cold.all" | awk '
	{ w += $2; c += $3; n++ }
	END { if (n) printf "warm-up: first test of a restored VM %.2f s, the same cells booted %.2f s (%d cells, ratio %.2f)\n", w / n, c / n, n, w / c }'
if [ -n "$bisect" ]; then
	echo "bisection trials ($bisect): build_s boot_s test_s wall_s role"
	jq -r '.trials[] | "\(.build_seconds * 10 | round / 10) \(.boot_seconds * 10 | round / 10) \(.test_seconds * 10 | round / 10) \(.wall_seconds * 10 | round / 10) \(.role)"' "$bisect"
fi
echo "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%d GiB", $2 / 1048576 }' /proc/meminfo), $([ -w /dev/kvm ] && echo KVM || echo 'TCG (no KVM)'), $(qemu-system-x86_64 --version | head -1)"
