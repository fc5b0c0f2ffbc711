#!/bin/sh
# The tables of exit codes in README.md and docs/ against the tests that
# assert them (no VM, nothing run). Each command below has exactly one table,
# in whichever page holds it, after a line
# "<!-- exit codes: CMD -->", whose rows are
#     | **N** ... | when | `FILE.sh` "DESCRIPTION"; `FILE.sh` "DESCRIPTION" ... |
# and each reference must name an assertion of that code in
# tests/integration/FILE.sh whose description starts so: "expect_exit N",
# bisect-step.sh's "row N", "interrupt N", or a check/ok whose description
# says "exit N" (or "exits N"). The other way, every expect_exit, row and
# interrupt of a command's exit code in the integration tests must be a
# code of its table: a code the tests assert is a code the docs give.
cd "$(dirname "$0")/.." || exit 1
. tests/integration/lib.sh
commands="run nightly bisect bisect-step release compare merge"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pages=$(find README.md docs -name '*.md' | sort)

# The rows of CMD's table: "CODE<TAB>REFERENCES", into $tmp/CMD.
table() {
	awk -v want="<!-- exit codes: $1 -->" '
		$0 == want { on = 1; next }
		FNR == 1 && on { exit }	# a table ends with its page
		on && /^\|/ {
			if ($0 !~ /^\| \*\*[0-9]+\*\*/) next	# the header and its rule
			code = $0; sub(/^\| \*\*/, "", code); sub(/\*\*.*/, "", code)
			n = split($0, cell, "|")
			printf "%s\t%s\n", code, cell[n - 1]
			next
		}
		on { exit }' $pages > "$tmp/$1"
}

# Does tests/integration/FILE assert code CODE in an assertion described DESC...?
asserted() {
	file=tests/integration/$1 code=$2 desc=$3
	[ -f "$file" ] || return 1
	awk -v code="$code" -v desc="$desc" '
		function starts(s, p) { return substr(s, 1, length(p)) == p }
		{
			line = $0
			# Leading blanks and VAR="..." assignments before the call.
			sub(/^[ \t]*([A-Z_]+=("[^"]*"|[^ ]*) +)*/, "", line)
			if (match(line, /^(expect_exit|row|interrupt) +[0-9]+ +"/)) {
				n = line; sub(/^[a-z_]+ +/, "", n); c = n + 0; sub(/^[0-9]+ +"/, "", n)
				if (c == code && starts(n, desc)) found = 1
			} else if (match(line, /(^|[ \t&|])(check|ok) "/)) {
				d = substr(line, RSTART + RLENGTH)
				if (starts(d, desc) && desc ~ ("exits? " code "([^0-9]|$)")) found = 1
			}
		}
		END { exit !found }' "$file"
}

for cmd in $commands; do
	: > "$tmp/$cmd"
	n=$(cat $pages | grep -c "^<!-- exit codes: $cmd -->\$")
	[ "$n" = 1 ] || { not_ok "$cmd: $n tables of exit codes in README.md and docs/, want 1"; continue; }
	table "$cmd"
	[ -s "$tmp/$cmd" ] || { not_ok "$cmd: its table has no rows"; continue; }
	while IFS="$(printf '\t')" read -r code refs; do
		bad= nrefs=0
		# `FILE.sh` "DESCRIPTION", separated by "; ".
		printf '%s\n' "$refs" | grep -o '`[a-z0-9_.-]*\.sh` "[^"]*"' > "$tmp/refs"
		while read -r ref; do
			f=$(printf '%s' "$ref" | sed 's/^`\([^`]*\)`.*/\1/')
			d=$(printf '%s' "$ref" | sed 's/^`[^`]*` "\(.*\)"$/\1/')
			nrefs=$((nrefs + 1))
			asserted "$f" "$code" "$d" || bad="$bad $f \"$d\""
		done < "$tmp/refs"
		if [ "$nrefs" = 0 ]; then
			not_ok "$cmd exit $code: no test named in its row"
		elif [ -n "$bad" ]; then
			not_ok "$cmd exit $code: no such assertion of exit $code:$bad"
		else
			ok "$cmd exit $code: $nrefs assertion(s)"
		fi
	done < "$tmp/$cmd"
done

# The other way: every code an integration test asserts of a command is in its table.
for f in tests/integration/*.sh; do
	base=${f##*/}
	awk -v base="$base" '
		{
			line = $0
			sub(/^[ \t]*([A-Z_]+=("[^"]*"|[^ ]*) +)*/, "", line)
			if (match(line, /^(expect_exit|interrupt) +[0-9]+ /)) {
				c = line; sub(/^[a-z_]+ +/, "", c); c += 0
				if (match(line, /(harness\/pmemfi|\$P|run\.sh) +[a-z-]+/)) {
					w = substr(line, RSTART, RLENGTH); sub(/.* +/, "", w)
					print w, c, base ": " line
				}
			} else if (base == "bisect-step.sh" && match(line, /^row +[0-9]+ /)) {
				c = line; sub(/^row +/, "", c); print "bisect-step", c + 0, base ": " line
			}
		}' "$f"
done | while read -r cmd code where; do
	case " $commands " in *" $cmd "*) ;; *) continue ;; esac
	cut -f1 "$tmp/$cmd" | grep -qx "$code" || echo "$cmd $code $where"
done > "$tmp/missing"
if [ -s "$tmp/missing" ]; then
	while read -r line; do not_ok "a code the tests assert is not in its table in the docs: $line"; done < "$tmp/missing"
else
	ok "every exit code the integration tests assert of a command is in its table in the docs"
fi
finish
