#!/bin/sh
# A real reproducer, away from pmemfi: finding 1 (action_result() reads the
# struct page of an info-block pfn) on the KASAN kernel. The run fails the
# cell with its stack decoded to file:line; pmemfi repro writes the
# reproducer; a copy of it, run from a directory without pmemfi and with
# PATH holding only the system's directories, reproduces the title on the
# kernel without the fix (exit 1), not on the fix-stats canary (exit 0),
# and, its pfn moved off the info block, not on the unfixed kernel either.
# Builds the kasan kernel and the fix-stats variant when they are not
# cached (docs/kernels-choosing.md); cached, 75-120 s.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
[ -n "${KEEP:-}" ] || trap 'rm -rf "$tmp"' EXIT
cell=one-nvdimm.devdax.dev.2M.corrupt-pfn.A-first.ff
t0=$(date +%s)

harness/pmemfi run --seed ff --tests "$cell" --results "$tmp/r" > "$tmp/run.out" 2>&1
R=$tmp/r/latest
title=$(jq -r '.tests[0].title' "$R/summary.json")
check "the KASAN kernel fails the cell with finding 1's known issue ($(jq -r '.tests[0].verdict' "$R/summary.json"): $title)" \
	quiet jq -e '.tests[0].verdict == "xfail" and (.tests[0].title | test(" in action_result$"))' "$R/summary.json"
check "its report's stack is decoded to file:line by decode_stacktrace.sh" \
	sh -c 'grep -Eq "^stack: [0-9]+ frames decoded to file:line" "$1" &&
		grep -Eq "RIP: 0010:action_result \([^)]*mm/memory-failure.c:[0-9]+" "$1" &&
		grep -Eq "^ *memory_failure \(mm/memory-failure.c:[0-9]+" "$1"' - "$R/reports/$cell.txt"
check "the page and kcidb.json show the decoded stack" \
	sh -c 'grep -q "stack, decoded to file:line" "$1/index.html" &&
		jq -e ".tests[] | select(.id | endswith(\"$2\")) | .log_excerpt | test(\"memory_failure \\\\(mm/memory-failure.c:[0-9]+\\\\)\")" "$1/kcidb.json" >/dev/null' \
	- "$R" "$cell"
check "the run kept the kernel's .config" cmp -s "$R/kernel.config" "$(jq -r .kernel.config "$R/manifest.json")"

harness/pmemfi repro "$R" --tests "$cell" --out "$tmp/out" > "$tmp/repro.out" 2>&1
check "pmemfi repro writes the reproducer" test -x "$tmp/out/$cell/repro.sh"

# Away from pmemfi: a copy of it in a directory of its own, PATH without the checkout.
away=$tmp/away
mkdir -p "$away"
cp -a "$tmp/out/$cell" "$away/repro"
kernel=$(jq -r .kernel.image "$R/manifest.json")
modules=$(jq -r .kernel.modules "$R/manifest.json")
sysp=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
# try NAME KERNEL MODULES: run the copy; $rc its exit, $tmp/NAME.log its output.
try() {
	(cd "$away" && env -i PATH=$sysp HOME="$HOME" TMPDIR="$tmp" sh -c \
		'! command -v pmemfi >/dev/null && [ ! -e harness ] && ./repro/repro.sh "$1" "$2"' - "$2" "$3") \
		> "$tmp/$1.log" 2>&1
	rc=$?
}
t1=$(date +%s)
try unfixed "$kernel" "$modules"
check "without the fix: repro.sh reproduces the title (exit $rc, $(($(date +%s) - t1)) s)" \
	sh -c '[ "$1" = 1 ] && grep -q "REPRODUCED" "$2" && grep -q "RIP: 0010:action_result+" "$2"' - "$rc" "$tmp/unfixed.log"

harness/pmemfi run --patch fix-stats --seed ff --tests "$cell" --results "$tmp/f" > "$tmp/fix.out" 2>&1
F=$tmp/f/latest
check "the fix-stats canary passes the cell ($(jq -r '.tests[0].verdict' "$F/summary.json"))" \
	quiet jq -e '.tests[0].verdict == "xpass"' "$F/summary.json"
try fixed "$(jq -r .kernel.image "$F/manifest.json")" "$(jq -r .kernel.modules "$F/manifest.json")"
check "with the fix: repro.sh does not reproduce it (exit $rc)" \
	sh -c '[ "$1" = 0 ] && grep -q "repro: done: every check passed" "$2" && ! grep -q "action_result+" "$2"' - "$rc" "$tmp/fixed.log"

# Made to fail: the pfn of a memmap-space page (B-mid) instead of the info block's.
sed -i 's/\.point = "A-first"/.point = "B-mid"/' "$away/repro/repro.c"
try wrongpfn "$kernel" "$modules"
check "a reproducer with a wrong pfn does not reproduce it (exit $rc)" \
	sh -c '[ "$1" = 0 ] && grep -q "corrupt-pfn at B-mid" "$2"' - "$rc" "$tmp/wrongpfn.log"
echo "# $(($(date +%s) - t0)) s in all"
finish
