#!/bin/sh
# The newest kernel as a named kernel (issue 27): ./run.sh --kernel
# kasan:7.3 fetches Debian's linux-source-7.3 from a newer suite, builds it
# with the same fragments (cached after the first time) and runs the quick
# profile. Its exit follows the verdicts: 0 with the known issues, whose
# kernels ranges reach 7.3 (finding 1: the 8 class A cells, xfail); 1 when
# no entry covers the same bugs (--known-issues none).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s)
./run.sh --kernel kasan:7.3 --results "$tmp/k" > "$tmp/k.out" 2>&1
rc=$?
echo "# ./run.sh --kernel kasan:7.3: $(( $(date +%s) - start )) s, exit $rc"
grep -E 'fetching|built in|reusing' "$tmp/k.out" | sed 's/^/# /'
S="$tmp/k/latest/summary.json"
M="$tmp/k/latest/manifest.json"
check "exit 0: every failure is a known issue ($rc)" [ "$rc" = 0 ]
check "the manifest names Debian's 7.3 source package and its version" \
	quiet jq -e '.kernel.source | test("^debian:linux-source-7[.]3=7[.]3[.][0-9]+-")' "$M"
check "the kernel is 7.3 with KASAN and DEBUG_VM_PGFLAGS" \
	quiet jq -e '(.kernel.release | startswith("7.3.")) and (.kernel.sanitizers | contains("KASAN") and contains("DEBUG_VM_PGFLAGS"))' "$M"
check "finding 1: the 8 class A cells are xfail by action-result-info-block, the rest pass" \
	[ "$(jq -r '[.tests[] | select(.verdict == "xfail" and (.name | test("[.]A-(first|last)[.]")) and (.reason | contains("action-result-info-block")))] | length' "$S") $(jq -r '[.tests[] | select(.verdict == "pass")] | length' "$S")" = "8 28" ]
check "one title for finding 1 on 7.3: kernel BUG in action_result" \
	[ "$(jq -r '[.tests[] | select(.verdict == "xfail") | .title] | unique | join(",")' "$S")" = "kernel BUG in action_result" ]

harness/pmemfi run --kernel kasan:7.3 --known-issues none --tests '*devdax.dev.2M.corrupt-pfn.A-first*' \
	--results "$tmp/n" > "$tmp/n.out" 2>&1
rc=$?
check "exit 1 when no known issue covers the bug ($rc)" [ "$rc" = 1 ]
check "... and the cell is a bug" [ "$(jq -r '.tests[0].verdict' "$tmp/n/latest/summary.json")" = bug ]
finish
