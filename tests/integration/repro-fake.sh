#!/bin/sh
# pmemfi repro, report --mail and the rerun command against the fake QEMU:
# what they write and refuse, in seconds (no kernel boots; repro.sh's real
# run is tests/integration/repro.sh). The reproducer's program must build
# static and warning-free, its script must parse, and its matcher must find
# the run's own report in the run's own console.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
fake_setup
[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu
P=harness/pmemfi
cell=one-nvdimm.devdax.dev.2M.corrupt-pfn.C-first.zero

fake_run crash:C-first crash
R=$tmp/crash/latest
check "the fake run failed its C-first cell (exit $rc)" [ "$rc" = 1 ]

# The rerun command of the summary, run: the same cell, the same verdict.
rerun=$(grep -A2 "^ *$cell\$" "$tmp/crash.out" | sed -n 's/^ *rerun: //p')
check "the summary names the cell's rerun command: $rerun" \
	sh -c 'case "$1" in "./run.sh --profile quick --kernel "*" --accel tcg --seed zero --tests $2") ;; *) exit 1 ;; esac' - "$rerun" "$cell"
check "the summary names its repro command" grep -q "repro: ./run.sh repro $R/\?[^ ]* --tests $cell\$\|repro: ./run.sh repro .* --tests $cell\$" "$tmp/crash.out"
check "manifest.json has the exact argv, the commit and the rerun options" \
	quiet jq -e --arg k "$k" '(.argv[0] == "harness/pmemfi") and (.argv | index("--results") != null) and
		(.pmemfi_commit | test("^[0-9a-f]{40}$")) and (.rerun[0] == "./run.sh") and (.rerun | index($k) != null)' "$R/manifest.json"
check "the run keeps its profile, topology, expectations and known issues" \
	test -f "$R/configs/profiles/quick" -a -f "$R/configs/topologies/one-nvdimm" -a -f "$R/configs/expectations" \
	-a -f "$R/configs/known-issues"
eval "FAKE_QEMU_MODE=crash:C-first PMEMFI_QEMU=$PWD/build/tests/fake-qemu $rerun --results $tmp/rerun" > "$tmp/rerun.out" 2>&1
check "the rerun command reruns just that cell, with its verdict ($(jq -c '[.tests[] | .name + ":" + .verdict]' "$tmp/rerun/latest/summary.json"))" \
	[ "$(jq -r '[.tests[] | .name + ":" + .verdict] | join(" ")' "$tmp/rerun/latest/summary.json")" = "$cell:bug" ]
check "junit.xml, the page and kcidb.json carry both commands, for the failed cell only" \
	sh -c 'grep -q "rerun: ./run.sh" "$1/junit.xml" && grep -q "repro: ./run.sh repro" "$1/junit.xml" &&
		grep -q "<th>rerun</th>" "$1/index.html" && grep -q "<th>reproducer</th>" "$1/index.html" &&
		[ "$(jq -r "[.tests[] | select(.misc.rerun) | .misc.repro] | join(\" \")" "$1/kcidb.json")" = \
		  "./run.sh repro $(dirname "$1")/$(readlink "$1") --tests $2" ]' - "$R" "$cell"
check "a prebuilt kernel's report says its stack is not decoded" \
	grep -q "^stack: not decoded: a prebuilt kernel" "$R/reports/$cell.txt"

# The reproducer.
out=$($P repro "$R" 2>&1); prc=$?
D=$R/repro/$cell
check "repro writes the failed cell's reproducer (exit $prc): $out" [ "$prc" = 0 ] && [ "$out" = "$cell: $D" ]
check "it has repro.sh, repro.c, README, the console and the report" \
	test -x "$D/repro.sh" -a -f "$D/repro.c" -a -f "$D/README" -a -f "$D/console.txt" -a -f "$D/report.txt"
check "repro.c builds static without a warning" cc -static -O2 -Wall -Werror -o "$tmp/repro" "$D/repro.c" -lpthread
check "repro.sh parses" sh -n "$D/repro.sh"
check "the README has the title and the kernel" \
	sh -c 'head -n 1 "$1/README" | grep -qx "BUG: unable to handle page fault in fake_crash" &&
		grep -q "Linux version 6.12.0-fake" "$1/README"' - "$D"
sed -n "/^cat > \"\$work\/match1.awk\" <<'EOF'\$/,/^EOF\$/p" "$D/repro.sh" | sed '1d;$d' > "$tmp/match.awk"
awk -f "$tmp/match.awk" "$R/console/vm-02.log"; mrc=$?
check "its matcher finds the run's report in the run's console (exit $mrc)" [ "$mrc" = 1 ]
awk -f "$tmp/match.awk" "$R/console/vm-01.log"; mrc=$?
check "and not in a console without it (exit $mrc: no end line either)" [ "$mrc" = 2 ]
"$tmp/repro" --seed-media "$tmp/m.img" 8192 4096 8192 ff
{ head -c 4096 /dev/zero; head -c 4096 /dev/zero | tr '\0' '\377'; } > "$tmp/want.img"
check "on the host the program seeds media as pmemfi does (ff over [4K, 8K))" cmp -s "$tmp/want.img" "$tmp/m.img"
expect_exit 2 "repro.sh without a kernel" "usage: .*repro.sh BZIMAGE" "$D/repro.sh"
expect_exit 2 "repro.sh with a kernel that is not there" "/nonexistent: no such kernel image" "$D/repro.sh" /nonexistent

# What repro refuses, each said in one line with its own exit.
expect_exit 2 "repro of a directory that is not a run" "$tmp: not a pmemfi run directory" $P repro "$tmp"
expect_exit 2 "repro of a cell the run does not have" "no cell matches --tests" $P repro "$R" --tests nosuchcell
expect_exit 2 "repro without a run" "no RUN_DIR given" $P repro
fake_run pass pass
expect_exit 2 "repro of a run without failures" "no failed cell: nothing to reproduce" $P repro "$tmp/pass/latest"
FAKE_CELLS="--profile nightly --seed ff --tests two-node.devdax.dev.2M.mce-ao.A-first.ff" fake_run crash:mce-ao mce
expect_exit 2 "repro of a host machine check cell" "no reproducer: its machine check is injected by the host" \
	$P repro "$tmp/mce/latest"
# A page-table walker cell: its own program (map, walk, is the page still mapped?).
w=two-node.devdax.dev.2M.vma-smaps.C-mapped.ff
FAKE_CELLS="--profile nightly --seed ff --tests $w" fake_run crash:vma-smaps walk
$P repro "$tmp/walk/latest" > /dev/null 2>&1; wrc=$?
W=$tmp/walk/latest/repro/$w
check "repro writes a walker cell's reproducer (exit $wrc), which walks and injects nothing" \
	sh -c '[ "$1" = 0 ] && grep -qF "read_all(\"/proc/self/smaps\")" "$2/repro.c" && ! grep -q corrupt-pfn "$2/repro.c" &&
		grep -q "then: read /proc/self/smaps; still mapped?" "$2/README"' - "$wrc" "$W"
check "the walker's repro.c builds static without a warning" cc -static -O2 -Wall -Werror -o "$tmp/walk.bin" "$W/repro.c" -lpthread

# The bug report.
$P report --mail "$R" --tests "$cell" > "$tmp/mail" 2> "$tmp/mail.err"; mrc=$?
check "report --mail writes the cell's bug report (exit $mrc)" [ "$mrc" = 0 ] && [ ! -s "$tmp/mail.err" ]
check "its subject is the title, and it has the steps and the commands" \
	sh -c 'grep -qx "Subject: BUG: unable to handle page fault in fake_crash" "$1" &&
		grep -q "ndctl create-namespace -m devdax -M dev -a 2M -s 512M" "$1" &&
		grep -q "^  ./run.sh repro .* --tests $2\$" "$1" && grep -q "^X-Recipients: give pmemfi report --mail a kernel tree" "$1"' \
	- "$tmp/mail" "$cell"
mkdir -p "$tmp/tree/scripts"
cat > "$tmp/tree/scripts/get_maintainer.pl" <<'EOF'
print "Ann Maintainer <ann\@example.org> (maintainer:HWPOISON MEMORY FAILURE HANDLING)\n";
print "Rob Reviewer <rob\@example.org> (reviewer:HWPOISON MEMORY FAILURE HANDLING)\n";
print "linux-mm\@kvack.org (open list:HWPOISON MEMORY FAILURE HANDLING)\n";
EOF
$P report --mail "$R" --tests "$cell" --kernel-tree "$tmp/tree" > "$tmp/mail2"
check "with a tree: maintainers and reviewers To:, lists Cc: (get_maintainer.pl's roles)" \
	sh -c 'head -n 3 "$1" | tr "\n" "|" | grep -qx "To: Ann Maintainer <ann@example.org>,|    Rob Reviewer <rob@example.org>|Cc: linux-mm@kvack.org|"' - "$tmp/mail2"
expect_exit 2 "report --mail of a cell that passed" "did not fail \\(verdict pass\\)" \
	$P report --mail "$R" --tests one-nvdimm.devdax.dev.2M.corrupt-pfn.C-mid.zero
expect_exit 2 "report --mail of a cell the run does not have" "no cell nosuchcell in the run" \
	$P report --mail "$R" --tests nosuchcell
echo '{"target": {"text": "KASAN: slab-use-after-free in dax_alive"}, "culprit": "0123"}' > "$tmp/bisect.json"
expect_exit 2 "report --mail with another title's bisection" "is not this cell's title" \
	$P report --mail "$R" --tests "$cell" --bisect "$tmp/bisect.json"
echo '{"target": {"text": "page fault in fake_crash"}, "culprit": "0123abc", "good": "v6.2", "bad": "v6.3", "tree": "/nonexistent",
       "confidence": 0.98, "reproduces": "3/3", "parent_clean": "3/3",
       "trials": [{"role": "culprit", "commit": "0123abc", "subject": "mm: the culprit"}]}' > "$tmp/bisect.json"
$P report --mail "$R" --tests "$cell" --bisect "$tmp/bisect.json" > "$tmp/mail3"
check "with its bisection: the culprit, its subject and the confidence" \
	grep -q '^Bisected to:  0123abc ("mm: the culprit")' "$tmp/mail3"
finish
