#!/bin/sh
# Build the KASAN + DEBUG_VM kernel from Debian's linux-source-6.12 (cached
# under ~/.cache/pmemfi after the first time), boot it, and run one
# metadata and one data injection (issue 3, point 4):
#  - the requested sanitizers are really in the kernel and the manifest;
#  - corrupt-pfn on an info-block pfn is a bug in action_result whatever
#    the seed: DEBUG_VM poisons those struct pages itself, and
#    DEBUG_VM_PGFLAGS turns the read into a kernel BUG;
#  - corrupt-pfn on a data pfn passes;
#  - a second run reuses the cached kernel without running make.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cells='*devdax*corrupt-pfn.A-first*,*devdax*corrupt-pfn.C-first*'

start=$(date +%s)
harness/pmemfi run --known-issues none --kernel kasan --seed zero --tests "$cells" --results "$tmp/1" > "$tmp/1.out" 2>&1
rc=$?
echo "# first run (build if not cached, then 2 tests): $(( $(date +%s) - start )) s, exit $rc"
grep -E 'built in|reusing|building' "$tmp/1.out" | sed 's/^/# /'
S="$tmp/1/latest/summary.json"
M="$tmp/1/latest/manifest.json"
check "exit 1: the class A injection is a kernel bug ($rc)" [ "$rc" = 1 ]
check "KASAN and DEBUG_VM_PGFLAGS are in the kernel" \
	quiet jq -e '.kernel.sanitizers | (contains("KASAN") and contains("DEBUG_VM_PGFLAGS"))' "$M"
check "the manifest has the source identity and the config hash" \
	quiet jq -e '(.kernel.source | startswith("debian:linux-source-6.12=")) and (.kernel.config_hash | length == 16)' "$M"
check "the kernel booted with kasan_multi_shot" quiet jq -e '.kernel.cmdline | contains("kasan_multi_shot")' "$M"
check "class A on zeroed media: still a bug in action_result" \
	[ "$(jq -r '.tests[] | select(.name | test("A-first")) | "\(.verdict)|\(.title)"' "$S")" = \
	  "bug|kernel BUG in action_result" ]
check "the report shows the poisoned struct page" \
	grep -q 'is uninitialized and poisoned' "$tmp/1/latest/reports/one-nvdimm.devdax.dev.2M.corrupt-pfn.A-first.zero.txt"
check "the data pfn passes" \
	[ "$(jq -r '.tests[] | select(.name | test("C-first")) | .verdict' "$S")" = pass ]

start=$(date +%s)
harness/pmemfi run --kernel kasan --seed zero --tests '*devdax*corrupt-pfn.C-first*' --results "$tmp/2" > "$tmp/2.out" 2>&1
rc=$?
echo "# second run (cached kernel, 1 test): $(( $(date +%s) - start )) s"
check "second run passes ($rc)" [ "$rc" = 0 ]
check "second run reuses the kernel: no build" sh -c "! grep -q 'building the kernel' '$tmp/2.out'"
finish
