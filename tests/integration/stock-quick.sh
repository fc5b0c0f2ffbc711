#!/bin/sh
# Boot Debian's stock 6.12 kernel under QEMU and run the quick profile on
# 0xff-seeded and on zeroed media (issue 2, points 1 and 2):
#  - on 0xff media, corrupt-pfn and hard_offline_page at an info-block (class
#    A) pfn hit the live 6.12 bug, titled in action_result: configs/known-issues
#    knows it, so the verdict is "xfail" (issue 5, point 4) and the exit 0;
#  - every other cell gets its own verdict, and on these kernels that is pass;
#  - on zeroed media the same class A injections do not crash;
#  - MADV_HWPOISON on a mapped devdax page and a mapped fsdax file page
#    delivers SIGBUS with BUS_MCEERR_AR;
#  - VMs restored from a template give the verdicts booted VMs give.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

harness/pmemfi run --kernel debian --seed ff,zero --results "$tmp" > "$tmp/out.txt" 2>&1
rc=$?
run="$tmp/latest"
S="$run/summary.json"
cat "$tmp/out.txt" | sed -n '/^== pmemfi/,$p'

check "exit status 0 (the only kernel bugs are known ones), got $rc" [ "$rc" = 0 ]
check "summary.json says complete" [ "$(jq -r .status "$S")" = complete ]
check "all 72 cells have a verdict" [ "$(jq '.tests | length' "$S")" = 72 ]

# 1. class A on 0xff media: the known bug, titled at action_result: xfail.
classa='.tests[] | select(.name | test("\\.(corrupt-pfn|hard-offline)\\.A-(first|last)\\.ff$"))'
check "8 class A cells on ff media" [ "$(jq "[$classa] | length" "$S")" = 8 ]
check "every one is an xfail in action_result" \
	[ "$(jq "[$classa | select(.verdict == \"xfail\" and (.title | test(\"in action_result$\")))] | length" "$S")" = 8 ]
check "... explained by the known issue action-result-info-block" \
	[ "$(jq "[$classa | select(.reason | endswith(\"(known issue action-result-info-block)\"))] | length" "$S")" = 8 ]
check "summary.json tallies the known issue: 8 xfail, 0 xpass" \
	[ "$(jq -r '.known_issues[] | select(.id == "action-result-info-block") | "\(.xfail) \(.xpass)"' "$S")" = "8 0" ]
check "each has its report saved" \
	[ "$(jq -r "[$classa | .report] | map(\"$run/\" + .) | .[]" "$S" | xargs ls 2>/dev/null | wc -l)" = 8 ]
check "every other ff cell passes" \
	[ "$(jq "[.tests[] | select(.name | endswith(\".ff\")) | select(.verdict != \"pass\")] | length" "$S")" = 8 ]

# ... and on zeroed media nothing crashes.
check "every zero cell passes" \
	[ "$(jq '[.tests[] | select(.name | endswith(".zero")) | select(.verdict != "pass")] | length' "$S")" = 0 ]
check "class A on zero media: ENXIO, no crash" \
	[ "$(jq '[.tests[] | select(.name | test("\\.A-(first|last)\\.zero$")) | select(.outcome == "ENXIO")] | length' "$S")" = 8 ]

# 2. MADV_HWPOISON: SIGBUS with BUS_MCEERR_AR, devdax and fsdax.
for mode in devdax fsdax; do
	cell="one-nvdimm.$mode.dev.2M.madv-hwpoison.C-mapped.ff"
	check "$mode madv-hwpoison passes" \
		[ "$(jq -r ".tests[] | select(.name == \"$cell\") | .verdict" "$S")" = pass ]
	check "$mode madv-hwpoison outcome is SIGBUS:BUS_MCEERR_AR" \
		quiet jq -e ".tests[] | select(.name == \"$cell\") | .outcome | startswith(\"SIGBUS:BUS_MCEERR_AR\")" "$S"
done

# The layout the guest computed matches what the kernel built.
check "layout check passed for both namespaces" \
	[ "$(jq '[.tests[] | select(.name | test("\\.layout\\.")) | select(.verdict == "pass")] | length' "$S")" = 4 ]
check "devdax data starts at 0x100a00000 (10 MiB of metadata)" \
	grep -q 'ns=devdax .*start=0x100000000 .*dataoff=0xa00000' "$run/layout.txt"

# The results directory holds what docs/results.md promises.
for f in manifest.json summary.json results.ktap console/vm-01.log; do
	check "results have $f" [ -s "$run/$f" ]
done
check "manifest names the kernel and QEMU" \
	quiet jq -e '.kernel.release and .kernel.version and .qemu.cmdline and (.seeds | length == 2)' "$run/manifest.json"
check "results.ktap: a subtest per namespace (2), 72 test results inside" \
	[ "$(grep -c '^\(not \)\?ok ' "$run/results.ktap") $(grep -c '^    \(not \)\?ok ' "$run/results.ktap")" = "2 72" ]
crashed="$run/$(jq -r '[.tests[] | select(.verdict == "xfail")][0].console' "$S")"
check "pmemfi report finds the bug in a saved console log (a restored VM's)" \
	sh -c "harness/pmemfi report $crashed | grep -q 'bug: BUG: unable to handle page fault in action_result'"

# 3. Restores (issue 14): each seed group boots once; every VM after a
# crash is restored from the group's template. The same run with every VM
# booted gives the same verdicts, reasons and titles.
check "one boot per seed, a restore per crash ($(jq -r '"\(.timing.vms) VMs, \(.timing.restores) restores"' "$S"))" \
	[ "$(jq '.timing.restores == (.timing.vms - 2) and .timing.restores >= 8' "$S")" = true ]
harness/pmemfi run --kernel debian --seed ff,zero --no-restore --results "$tmp/cold" > "$tmp/cold.txt" 2>&1
cold_rc=$?
verdicts() { jq -r '.tests[] | "\(.name) \(.verdict) \(.reason // "") \(.title // "")"' "$1" | sort; }
verdicts "$S" > "$tmp/warm.v"
verdicts "$tmp/cold/latest/summary.json" > "$tmp/cold.v"
check "--no-restore: exit $cold_rc, no restores, $(wc -l < "$tmp/cold.v") verdicts" \
	[ "$cold_rc $(jq .timing.restores "$tmp/cold/latest/summary.json") $(wc -l < "$tmp/cold.v")" = "0 0 72" ]
check "restores on and off: the same 72 verdicts ($(diff "$tmp/warm.v" "$tmp/cold.v" | grep -c '^[<>]') lines differ)" \
	cmp -s "$tmp/warm.v" "$tmp/cold.v"
# 4. -j 2: the same plan as two shards at once, each with its own VMs,
# merged into one run: the same cells, verdicts and counts as serially.
harness/pmemfi run --kernel debian --seed ff,zero -j 2 --results "$tmp/par" > "$tmp/par.txt" 2>&1
par_rc=$?
verdicts "$tmp/par/latest/summary.json" > "$tmp/par.v"
check "-j 2: exit $par_rc, the same 72 verdicts as the serial run ($(diff "$tmp/warm.v" "$tmp/par.v" | grep -c '^[<>]') lines differ)" \
	sh -c "[ $par_rc = 0 ] && cmp -s $tmp/warm.v $tmp/par.v"
check "-j 2: the same counts" [ "$(jq -c .counts "$S")" = "$(jq -c .counts "$tmp/par/latest/summary.json")" ]
echo "# time with restores: $(jq .timing.elapsed "$S") s; every VM booted: $(jq .timing.elapsed "$tmp/cold/latest/summary.json") s; -j 2: $(jq .timing.elapsed "$tmp/par/latest/summary.json") s"
finish
