#!/bin/sh
# Benchmark: two ./run.sh started together on a fresh cache (an empty
# pmemfi cache and ccache, as on a fresh machine), the second 2 s after
# the first. Prints when the second said whom it waits for (it must,
# within 5 s of its start), whether it built the kernel itself (its
# manifest's build_seconds must be 0: it reuses the first's), and each
# run's exit status and wall time. It builds the KASAN kernel once (10-30
# minutes on 2 cores) and runs the quick profile twice: run it when
# nothing else runs. usage: bench/two-runs.sh [run options]
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PMEMFI_CACHE="$tmp/cache" CCACHE_DIR="$tmp/ccache"

t0=$(date +%s)
./run.sh --results "$tmp/r1" "$@" > "$tmp/first.out" 2>&1 &
first=$!
sleep 2
t2=$(date +%s)
# The second's lines with the second each came, and its exit status last.
{ ./run.sh --results "$tmp/r2" "$@" 2>&1; echo "exit $?"; } |
	while IFS= read -r line; do printf '%s %s\n' "$(date +%s)" "$line"; done > "$tmp/second.out" &
second=$!
wait "$first"; rc1=$?; t1=$(date +%s)
wait "$second"; t3=$(date +%s)
rc2=$(tail -1 "$tmp/second.out" | sed -n 's/^[0-9]* exit //p')
said=$(awk '/ waiting for pid / { print $1; exit }' "$tmp/second.out")
echo "first:  exit $rc1, $((t1 - t0)) s, build_seconds $(jq .kernel.build_seconds "$tmp"/r1/latest/manifest.json 2>/dev/null)"
echo "second: exit $rc2, $((t3 - t2)) s, build_seconds $(jq .kernel.build_seconds "$tmp"/r2/latest/manifest.json 2>/dev/null)"
if [ -n "$said" ]; then
	echo "second said whom it waits for $((said - t2)) s after it started: $(grep -m1 -o 'waiting for pid.*' "$tmp/second.out")"
else
	echo "second never said whom it waits for"
fi
grep -m1 -o 'reusing the kernel pid.*' "$tmp/second.out" || echo "second did not say it reused the kernel"
grep -q ' building the kernel ' "$tmp/second.out" && echo "SECOND BUILT THE KERNEL ITSELF" && exit 1
[ -n "$said" ] && [ $((said - t2)) -le 5 ]
