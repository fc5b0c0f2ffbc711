#!/bin/sh
# ./run.sh --canaries (issue 3, point 3): the stock source shows the live
# bug in action_result (xfail: configs/known-issues knows it), the fix-stats
# kernel passes where it used to crash (xpass), and the 2021 bug
# re-created on top of the fix is caught in dax_lock_folio, not in
# action_result. With the memmap-kasan fragment (issue 7) KASAN reports
# every read of an info-block struct page at its reader; fix-stats and
# fix-hwpoison-inject remove them one by one. Reuses the kernels the cache
# already holds. PMEMFI_KERNEL=kasan:7.3 builds the canaries from 7.3
# (make check-7.3).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

start=$(date +%s)
harness/pmemfi run --canaries --kernel "${PMEMFI_KERNEL:-kasan}" --results "$tmp" > "$tmp/out" 2>&1
rc=$?
echo "# --canaries: $(( $(date +%s) - start )) s"
sed -n '/^kernel  /,$p' "$tmp/out" | sed 's/^/# /'
check "every canary shows its expected outcome (exit $rc)" [ "$rc" = 0 ]
row() { grep "^$1 " "$tmp/out" | awk '{print $3}'; }
check "stock source: the known bug in action_result is xfail" [ "$(row stock-source)" = xfail:action_result ]
check "fix-stats: the known bug no longer reproduces: xpass" [ "$(row fix-stats)" = xpass:A ]
check "seed-bug on fix-stats: caught in dax_lock_folio" [ "$(row fix-stats+seed-bug)" = bug:dax_lock_folio+fail:B ]
check "memmap-kasan: KASAN reports both readers of the info block" \
	[ "$(row memmap-kasan)" = "xfail:action_result|xfail:hwpoison_inject" ]
check "memmap-kasan on fix-stats: only hwpoison_inject's read is left" \
	[ "$(row memmap-kasan+fix-stats)" = "xfail:hwpoison_inject|xpass:A" ]
check "memmap-kasan with both fixes: no report" [ "$(row memmap-kasan+fixes)" = xpass:A ]
finish
