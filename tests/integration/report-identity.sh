#!/bin/sh
# The harness redesign (issue 12) must not change what the console parser
# finds: build `pmemfi` from the last commit before it, run `pmemfi report`
# (text and --json) with both binaries on every golden log and fuzz corpus
# file that commit had, and on those added since (tests/golden/synthetic/
# holds the cases that were C strings in tests/unit/test_report.c), and
# require byte-identical output.
#
#   sh tests/integration/report-identity.sh [BASE]   (default: the pinned one)
#
# A later, deliberate change of report output lists each golden log it
# reads differently in tests/integration/report-identity.changes, saying
# why (test_report checks what they must give); such a log must differ
# from BASE, so that a stale line is noticed.
. "$(dirname "$0")/lib.sh"
cd "$(dirname "$0")/../.."

# 7edd07c: main before the redesign began.
base=${1:-7edd07c3df96ba331d4909a7517f35994df19f6f}
if ! git cat-file -e "$base^{commit}" 2>/dev/null; then
	echo "report-identity: commit $base is not in this clone (shallow?): fetch its history" >&2
	exit 3
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM
git archive "$base" | tar -x -C "$tmp"
if ! make -s -C "$tmp" harness/pmemfi >"$tmp/build.log" 2>&1; then
	echo "report-identity: building pmemfi at $base failed: $tmp/build.log" >&2
	cat "$tmp/build.log" >&2
	exit 3
fi
make -s harness/pmemfi

changes=tests/integration/report-identity.changes
n=0
for f in $({ git ls-tree -r --name-only "$base" tests/golden tests/fuzz/corpus
	    find tests/golden tests/fuzz/corpus -type f; } | sort -u); do
	[ -f "$f" ] || { not_ok "$f: in $base but gone now"; continue; }
	listed=$(grep "^$f " "$changes" | cut -d' ' -f2-)
	differs=
	for mode in text json; do
		opt=; [ $mode = json ] && opt=--json
		"$tmp/harness/pmemfi" report "$f" $opt >"$tmp/old" 2>&1; old_rc=$?
		./harness/pmemfi report "$f" $opt >"$tmp/new" 2>&1; new_rc=$?
		if [ $old_rc = $new_rc ] && cmp -s "$tmp/old" "$tmp/new"; then
			n=$((n + 1))
		elif [ -n "$listed" ]; then
			differs="$differs $mode"
		else
			not_ok "$f ($mode): output differs from $base (exit $old_rc -> $new_rc)"
			diff "$tmp/old" "$tmp/new" | head -20
		fi
	done
	if [ -n "$listed" ] && [ -z "$differs" ]; then
		not_ok "$f: listed in $changes but read as $base read it"
	elif [ -n "$listed" ]; then
		ok "$f ($differs ): read differently since $base, deliberately: $listed"
	fi
done
[ $n -gt 0 ] && ok "$n report outputs identical to $base"
finish
