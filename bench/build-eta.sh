#!/bin/sh
# Benchmark: how right the first build's ETA is. A kernel build from
# scratch as a fresh machine's first ./run.sh does it: an empty pmemfi
# cache (no kernel, no step count of an earlier build: the total and the
# time profile come from configs/kernel/build-steps) and an empty ccache.
# Each progress line the build prints (one a minute: "kernel build: N of
# about M steps (P%), E elapsed, about L left") predicts the compile's
# length as E + L; the benchmark prints each prediction against the real
# length, beside what an even spread of the time over the steps (E * M /
# N) would have said, and the ratio at the first minute, which must be
# within 30% (0.7-1.3) on an idle machine. The tests are one cell against the fake QEMU: only the build
# is measured. It unpacks Debian's source (a minute or two, not measured)
# and builds a KASAN kernel (10-20 minutes on 2 cores): run it when
# nothing else runs.
# The run's output, each line with the second it came, is kept as
# build-eta.out in the current directory; --parse FILE reads such a file
# again instead of building.
# usage: bench/build-eta.sh [--keep-ccache] [run options, e.g. --fragment memmap-kasan]
#        bench/build-eta.sh --parse build-eta.out
here=$PWD
cd "$(dirname "$0")/.." || exit 1
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
if [ "$1" = --parse ]; then
	case $2 in /*) cp "$2" "$tmp/out" ;; *) cp "$here/$2" "$tmp/out" ;; esac || exit 2
else
	keep_ccache=
	[ "$1" = --keep-ccache ] && { keep_ccache=1; shift; }
	make -s harness/pmemfi build/tests/fake-qemu || exit 3
	export PMEMFI_CACHE="$tmp/cache" PMEMFI_QEMU="$PWD/build/tests/fake-qemu" FAKE_QEMU_MODE=pass
	[ -n "$keep_ccache" ] || export CCACHE_DIR="$tmp/ccache"
	harness/pmemfi run --kernel kasan --profile quick --seed zero --tests '*devdax.dev.2M.layout*' \
		--accel tcg --results "$tmp/results" "$@" 2>&1 |
		while IFS= read -r line; do printf '%s %s\n' "$(date +%s)" "$line"; done > "$tmp/out"
	cp "$tmp/out" "$here/build-eta.out"
fi
grep -q ' kernel .* built in ' "$tmp/out" ||
	{ echo "bench: no kernel was built: $(tail -3 "$tmp/out")" >&2; exit 3; }

awk '
function secs(s,   n, t, u) {	# "4m05s", "1h02m", "59s" -> seconds
	t = 0
	while (match(s, /^[0-9]+[hms]/)) {
		n = substr(s, 1, RLENGTH - 1) + 0
		u = substr(s, RLENGTH, 1)
		t += u == "h" ? 3600 * n : u == "m" ? 60 * n : n
		s = substr(s, RLENGTH + 1)
	}
	return t
}
/ building the kernel / { start = $1 }
/ kernel build: [0-9]+ of about [0-9]+ steps/ {
	for (i = 1; i <= NF; i++) {
		if ($i == "build:") { n = $(i + 1); m = $(i + 4) }
		if ($i == "elapsed,") e = secs($(i - 1))
		if ($i == "left") l = secs($(i - 1))
	}
	k++; steps[k] = n; total[k] = m; el[k] = e; pred[k] = e + l; even[k] = n ? e * m / n : 0
}
/ kernel .* built in / { end = $1 }
END {
	real = end - start
	printf "%6s %6s %6s %10s %12s %8s %8s\n", "line", "steps", "of", "elapsed_s", "predicted_s", "ratio", "even"
	for (i = 1; i <= k; i++)
		printf "%6d %6d %6d %10d %12d %8.2f %8.2f\n", i, steps[i], total[i], el[i], pred[i], pred[i] / real,
			even[i] / real
	printf "real: %d s from \"building the kernel\" to \"built\" (the install of a few seconds included)\n", real
	if (!k) { print "no progress line with a total: the build had no step count to go by"; exit 1 }
	r = pred[1] / real
	ok = r >= 0.7 && r <= 1.3
	printf "ratio at the first minute: %.2f (%s)\n", r, ok ? "within 30%" : "NOT within 30%"
	exit ok ? 0 : 1
}' "$tmp/out"
