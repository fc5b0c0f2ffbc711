#!/bin/sh
# Benchmark: how often the KASAN kernel's boot shows the LA57 window
# (docs/findings/10-la57-identify-cpu-window.md: "KASAN: wild-memory-access" from an interrupt
# inside identify_cpu()) with 4- and with 5-level paging. Boots the quick
# profile's VM N times per paging mode, the two modes interleaved so that
# both see the same load, each VM running the devdax layout cell only.
# Known issues are off, so every burst shows as a report (and a retry).
# Prints per mode: boots, boots with the burst, other boot reports, rate.
# usage: bench/boot-burst.sh [N (default 100)] [extra pmemfi run options]
cd "$(dirname "$0")/.." || exit 1
command -v jq >/dev/null || { echo "bench: needs jq" >&2; exit 2; }
n=${1:-100}
[ $# -gt 0 ] && shift
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

for i in $(seq "$n"); do
	for p in 4 5; do
		harness/pmemfi run --paging "$p" --known-issues none --tests '*devdax.dev.2M.layout*' \
			--results "$tmp/p$p" "$@" >/dev/null 2>&1
	done
done
printf '%-7s %6s %6s %6s %8s\n' paging boots burst other rate
for p in 4 5; do
	boots=0 burst=0 other=0
	for log in "$tmp/p$p"/*/console/vm-*.log; do
		case "$log" in *.qemu.log) continue ;; esac
		boots=$((boots + 1))
		reports=$(harness/pmemfi report "$log")
		if printf '%s\n' "$reports" | grep -q 'KASAN: wild-memory-access'; then
			burst=$((burst + 1))
		elif [ -n "$reports" ]; then
			other=$((other + 1))
		fi
	done
	printf '%-7s %6d %6d %6d %7.1f%%\n' "$p" "$boots" "$burst" "$other" \
		"$(awk "BEGIN { print $boots ? 100 * $burst / $boots : 0 }")"
	# The first burst seen is worth keeping as a golden log.
	for log in "$tmp/p$p"/*/console/vm-*.log; do
		if harness/pmemfi report "$log" 2>/dev/null | grep -q 'wild-memory-access'; then
			mkdir -p build/bench && cp "$log" "build/bench/boot-burst-paging$p.log"
			break
		fi
	done
done
