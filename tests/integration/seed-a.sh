#!/bin/sh
# Seeding just the class A struct pages (issue 4, seeds) on Debian's 6.12:
# the media stay zero but for the 128 bytes where the altmap keeps the
# struct pages of the two info-block pfns (namespace start + 2M: the first
# 2M-aligned vmemmap block after the info block). That alone makes the
# class A injection crash in action_result, while the memmap-space and data
# injections, and everything on zero media, pass: the bad read is of those
# struct pages and nothing else.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

harness/pmemfi run --known-issues none --kernel debian --profile tests/integration/profiles/seed-a --results "$tmp" > "$tmp/out" 2>&1
rc=$?
S="$tmp/latest/summary.json"
sed -n '/^== pmemfi/,$p' "$tmp/out" | sed 's/^/# /'
v() { jq -r ".tests[] | select(.name == \"one-nvdimm.devdax.dev.2M.$1\") | \"\(.verdict)|\(.title // \"\")\"" "$S"; }

check "exit 1 ($rc)" [ "$rc" = 1 ]
check "ff@A: the guest seeded the class A struct pages at +2M" \
	grep -q "class A struct pages seeded: ff@A at +0x200000" "$tmp/latest/tests/one-nvdimm.devdax.dev.2M.layout.ff-A.ktap"
check "ff@A: A-first is the action_result bug" \
	[ "$(v corrupt-pfn.A-first.ff-A)" = "bug|BUG: unable to handle page fault in action_result" ]
check "ff@A: B-first passes (its struct page is zero)" [ "$(v corrupt-pfn.B-first.ff-A)" = "pass|" ]
check "ff@A: C-mid passes" [ "$(v corrupt-pfn.C-mid.ff-A)" = "pass|" ]
check "zero: A-first passes" [ "$(v corrupt-pfn.A-first.zero)" = "pass|" ]
finish
