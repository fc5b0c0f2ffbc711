#!/bin/sh
# The findings that only 7.x shows (issue 27: 11, 12 and 13; docs/findings/),
# each proven by its pair: the same cells on the kasan:7.3
# kernel without and with its fix from configs/patches/7.3/. Run by make
# check-7.3.
#  11: hard_offline_page on a pfn no driver claims says EBUSY, not ENXIO;
#  12: /proc/kpageflags reads 0, not KPF_NOPAGE, for pfns without a page;
#  13: nfit_test maps vmalloc() pages for fsdax: the unmount after a DAX
#      load hangs (the cell times out); fixed, the mapping is refused and
#      the cell skips, as on 6.12.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
K='--kernel kasan:7.3'
v() { jq -r "[.tests[] | select(.name | test(\"$2\")) | .verdict] | unique | join(\",\")" "$1"; }

c1112='*.hard-offline.below.ff,*.hard-offline.above.ff,*legacy*.kpageflags.*'
# shellcheck disable=SC2086
harness/pmemfi run $K --profile nightly --fragment none --tests "$c1112" --results "$tmp/s" > "$tmp/s.out" 2>&1
rc=$?
S="$tmp/s/latest/summary.json"
check "11 and 12, without: exit 0 ($rc), every cell a known failure" [ "$rc $(v "$S" .)" = "0 xfail" ]
check "11: hard-offline outside the namespaces says EBUSY" \
	[ "$(jq -r '[.tests[] | select(.name | test("hard-offline")) | .reason | test("got EBUSY, expected ENXIO")] | all' "$S")" = true ]
check "12: kpageflags reads flags:0 for legacy pmem's pfns" \
	[ "$(jq -r '[.tests[] | select(.name | test("kpageflags")) | .reason | test("flags:0, expected nopage")] | all' "$S")" = true ]
# shellcheck disable=SC2086
harness/pmemfi run $K --profile nightly --fragment none --tests "$c1112" --patch fix-mf-unclaimed-pfn \
	--patch fix-kpageflags-nopage --results "$tmp/f" > "$tmp/f.out" 2>&1
rc=$?
S="$tmp/f/latest/summary.json"
check "11 and 12, with their fixes: exit 0 ($rc), every cell passes where the bug always reproduced" \
	[ "$rc $(v "$S" .)" = "0 xpass" ]

c13='nfit_test.nfit.fsdax.load.C-mid'
# shellcheck disable=SC2086
harness/pmemfi run $K --profile nightly --fragment none --tests "$c13" --results "$tmp/s13" > "$tmp/s13.out" 2>&1
rc=$?
S="$tmp/s13/latest/summary.json"
check "13, without: exit 1 ($rc), the cell times out" [ "$rc $(v "$S" .)" = "1 timeout" ]
check "13: the unmount waits in dax_break_layout_final" \
	grep -q dax_break_layout_final "$tmp/s13/latest/console/"vm-*.log
# shellcheck disable=SC2086
harness/pmemfi run $K --profile nightly --fragment none --tests "$c13" --patch fix-nfit-test-fsdax \
	--max-skipped 100% --results "$tmp/f13" > "$tmp/f13.out" 2>&1
rc=$?
S="$tmp/f13/latest/summary.json"
check "13, with fix-nfit-test-fsdax: exit 0 ($rc), the cell skips (no DAX mapping of nfit_test memory)" \
	[ "$rc $(v "$S" .)" = "0 skip" ]
finish
