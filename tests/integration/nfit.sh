#!/bin/sh
# One real nfit_test boot on the KASAN kernel (issue 6, point 3): the
# kernel's test modules built against the cached kernel and loaded instead
# of the nvdimm stack; an error injected into a data block of an fsdax
# namespace, seen in the injection status, found by an ARS scrub, EIO
# through the block device, SIGBUS through a mapping of the block, cleared
# by a write (tests/integration/profiles/nfit); a devdax namespace cleared
# through the bus. On Debian's stock kernel the same cells are skip, and a
# run whose every cell skipped is no green run.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
profile=tests/integration/profiles/nfit

start=$(date +%s)
harness/pmemfi run --kernel kasan --profile "$profile" --results "$tmp/k" > "$tmp/k.out" 2>&1
rc=$?
echo "# KASAN kernel, nfit_test VM: $(( $(date +%s) - start )) s, exit $rc"
grep -E 'nfit_test modules|reusing the kernel' "$tmp/k.out" | sed 's/^/# /'
S="$tmp/k/latest/summary.json"
T="$tmp/k/latest/tests/nfit_test.nfit.fsdax.mmap.C-mid.ktap"
check "exit 0 ($rc)" [ "$rc" = 0 ]
check "both cells pass" \
	[ "$(jq -r '[.tests[] | .verdict] | join(" ")' "$S")" = "pass pass" ]
check "the guest loaded nfit_test instead of the nvdimm stack" \
	grep -q 'nfit_test nfit_test.0' "$tmp/k/latest/console/vm-01.log"
check "the injection status showed the block" grep -q '^# injection status: block' "$T"
check "the load of the poisoned block gave SIGBUS" grep -q '^# outcome SIGBUS:BUS_ADRERR' "$T"
check "no kernel report" [ "$(jq '.tests | map(select(.title)) | length' "$S")" = 0 ]

harness/pmemfi run --kernel debian --profile "$profile" --results "$tmp/d" > "$tmp/d.out" 2>&1
rc=$?
S="$tmp/d/latest/summary.json"
check "stock kernel: every cell skipped, so exit 1 ($rc)" [ "$rc" = 1 ]
check "stock kernel: the summary says the run tested nothing" \
	grep -q 'no test applies to this kernel: a run that tested nothing is not a pass' "$tmp/d.out"
check "stock kernel: every nfit cell is skip, with the reason" \
	[ "$(jq -r '[.tests[] | "\(.verdict): \(.reason)"] | unique | join(";")' "$S")" = \
	  "skip: not applicable to this kernel: nfit_test needs a kernel built from source" ]
check "stock kernel: no VM was started for them" [ ! -e "$tmp/d/latest/console/vm-01.log" ]
finish
