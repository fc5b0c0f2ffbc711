#!/bin/sh
# The memmap-kasan detector (issue 7): the KASAN kernel built with
# --fragment memmap-kasan (configs/kernel/memmap-kasan.config, which applies
# configs/patches/memmap-kasan.patch; cached after the first build) gives
# the struct pages of the info block a poisoned shadow. One boot:
#  - hard_offline_page on a data pfn reports nothing;
#  - on an info-block pfn KASAN reports the read at the reader:
#    "KASAN: uninit-struct-page in action_result", naming the pfn.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s)
harness/pmemfi run --known-issues none --kernel kasan --fragment memmap-kasan \
	--profile tests/integration/profiles/memmap-kasan --results "$tmp" > "$tmp/out" 2>&1
rc=$?
echo "# build if not cached, then one boot: $(( $(date +%s) - start )) s, exit $rc"
sed -n '/^== pmemfi/,$p' "$tmp/out" | sed 's/^/# /'
S="$tmp/latest/summary.json"
M="$tmp/latest/manifest.json"
A=one-nvdimm.devdax.dev.2M.hard-offline.A-first.ff
v() { jq -r ".tests[] | select(.name == \"one-nvdimm.devdax.dev.2M.$1\") | \"\(.verdict)|\(.title // \"\")\"" "$S"; }

check "exit 1: the class A injection is a kernel bug ($rc)" [ "$rc" = 1 ]
check "the kernel has CONFIG_KASAN_UNINIT_MEMMAP" \
	grep -qx CONFIG_KASAN_UNINIT_MEMMAP=y "$(jq -r .kernel.config "$M")"
check "the kernel id names the fragment" quiet jq -e '.kernel.id | endswith("+memmap-kasan")' "$M"
check "the kernel booted with kasan_multi_shot" quiet jq -e '.kernel.cmdline | contains("kasan_multi_shot")' "$M"
# The data pfn and the info-block pfn run in one VM (restored from the
# template that set the namespace up): one boot in all.
check "one boot, both injections in one VM" \
	[ "$(jq -c '[(.timing.boot_seconds | length), ([.tests[] | select(.name | test("hard-offline")) | .vm] | unique | length)]' "$S")" = "[1,1]" ]
check "data pfn: pass, no report" [ "$(v hard-offline.C-mid.ff)" = "pass|" ]
check "info-block pfn: KASAN uninit-struct-page at the reader" \
	[ "$(v hard-offline.A-first.ff)" = "bug|KASAN: uninit-struct-page in action_result" ]
check "the report names the uninitialized struct page" \
	grep -q "BUG: KASAN: uninit-struct-page in action_result" "$tmp/latest/reports/$A.txt"
check "... and its pfn" \
	grep -q "The buggy address belongs to an uninitialized struct page, pfn 0x" "$tmp/latest/reports/$A.txt"
check "no uninit-struct-page report outside the class A cell" \
	[ "$(grep -l 'uninit-struct-page' "$tmp"/latest/reports/*.txt | grep -vc "$A")" = 0 ]
finish
