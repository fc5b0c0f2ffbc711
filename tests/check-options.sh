#!/bin/sh
# The options of every command against docs/options.md (no VM, nothing
# run): each command's --help exits 0 with its own usage and exit codes
# and names only the one name of each concept; each old spelling still
# works, with one deprecation line; --version and the bash completion.
cd "$(dirname "$0")/.." || exit 1
. tests/integration/lib.sh
P=harness/pmemfi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The one names (the table's second column) and the old ones (its fourth).
column() { awk -F'|' -v c="$1" 'NF == 6 && $2 !~ /^ *(concept|---)/ { print $c }' docs/options.md; }
column 3 | grep -o -- '`-[-a-z0-9]*' | tr -d '`' | sort -u > "$tmp/names"
# An old spelling that is no concept's one name anywhere (bisect's --bad REV is).
column 5 | grep -o -- '`--[a-z0-9-]*' | tr -d '`' | sort -u | comm -23 - "$tmp/names" > "$tmp/old"
[ "$(wc -l < "$tmp/names")" -gt 40 ] && [ "$(wc -l < "$tmp/old")" -ge 4 ] ||
	not_ok "docs/options.md: its table gave $(wc -l < "$tmp/names") names and $(wc -l < "$tmp/old") old ones"

cmds=$($P --help | sed -n '/^commands:/,$s/^  \([a-z-]*\) .*/\1/p')
[ "$(echo $cmds | wc -w)" -ge 12 ] || not_ok "pmemfi --help lists the commands: $cmds"
for c in $cmds; do
	$P $c --help > "$tmp/out" 2> "$tmp/err"; rc=$?
	if [ $rc != 0 ] || [ -s "$tmp/err" ] || ! head -1 "$tmp/out" | grep -q "^usage: pmemfi $c\( \|$\)" ||
	   ! grep -q '^exit status: 0 ' "$tmp/out"; then
		not_ok "$c --help: exit $rc, its own usage and exit status: $(head -1 "$tmp/out") $(cat "$tmp/err")"
		continue
	fi
	bad=
	for n in $(grep -o -- '\(^\|[ [(,]\)--\?[a-z][-a-z0-9]*' "$tmp/out" | grep -o -- '--\?[a-z][-a-z0-9]*$' | grep '^-' | sort -u); do
		grep -qx -- "$n" "$tmp/names" || bad="$bad $n"
		grep -qx -- "$n" "$tmp/old" && bad="$bad $n(old)"
	done
	if [ -n "$bad" ]; then not_ok "$c --help names options docs/options.md does not:$bad"; else ok "$c --help: its usage, its exit codes, only the one names"; fi
done

# run's table and run's parser (getopt_long's, cli/options.c) know the same
# options: each one the help names is taken (maybe refused for its value,
# never as unknown), and each one the parser has is in the help.
$P run --help > "$tmp/run.help"
grep -o -- '^  \(-[a-z], \)\?--[a-z][-a-z0-9]*\( [^ ]\)\?' "$tmp/run.help" | sed 's/^  \(-[a-z], \)\?//' > "$tmp/helped"
while read -r name arg; do
	[ "$name" = --help ] && continue
	$P run --list --tests nosuchcell $name ${arg:+x} > /dev/null 2> "$tmp/err"
	if grep -q 'unknown option' "$tmp/err"; then not_ok "run takes $name (its help names it): $(cat "$tmp/err")"
	else ok "run takes $name${arg:+ x}"; fi
done < "$tmp/helped"
sed -n 's/^[[:space:]]*{ "\([a-z-]*\)", [a-z_]*, NULL, .*/\1/p' harness/cli/options.c > "$tmp/parsed"
missing=$(for n in $(cat "$tmp/parsed"); do grep -q -- "--$n\b" "$tmp/run.help" || echo "--$n"; done)
check "run's parser and its help know the same $(wc -l < "$tmp/parsed") options${missing:+: help lacks $missing}" \
	test -z "$missing" -a "$(wc -l < "$tmp/parsed")" -gt 25

# bisect-step's help is its own: git bisect run's codes, not run's.
$P bisect-step --help > "$tmp/out" 2>&1; rc=$?
check "bisect-step --help: exit $rc, its codes 125, 128, 129, 130, not run's 3" \
	sh -c "[ $rc = 0 ] && grep -q '125 skip' $tmp/out && grep -q '128 bad usage' $tmp/out &&
	       grep -q '129 the host failed' $tmp/out && grep -q '130 interrupted' $tmp/out &&
	       ! grep -q '3 infrastructure' $tmp/out && ! grep -q 'usage: pmemfi run' $tmp/out"

# The old spellings: a deprecation line, then what the new name does.
# old CMD OLD NEW WANT-EXIT PATTERN ARGS...: ARGS with OLD in them.
old() {
	cmd=$1 was=$2 now=$3 want=$4 pattern=$5; shift 5
	$P $cmd "$@" > /dev/null 2> "$tmp/err"; rc=$?
	if [ $rc = "$want" ] && [ "$(grep -c . "$tmp/err")" = 2 ] &&
	   head -1 "$tmp/err" | grep -qx "pmemfi: $cmd: $was is deprecated: it is $now now" &&
	   tail -1 "$tmp/err" | grep -qE -- "$pattern"; then
		ok "$cmd $was: a deprecation line, then as $now: exit $rc"
	else
		not_ok "$cmd $was: exit $rc (want $want): $(cat "$tmp/err")"
	fi
}
old bisect --tree --kernel-tree 2 "bisect: --kernel-tree /nonexistent: no such directory" \
	--tree /nonexistent --good a --bad b
old bisect-step --bad --signature 128 "bisect-step: --signature needs a text" --bad ""
old nightly --rerun --repeat 2 "nightly: --repeat: '99' is not" --rerun 99
old lava --shards --jobs 2 "lava: --jobs 0: 1 to 64" jobs --shards 0
old lava --jobs-dir --job-files 2 "lava: --compress bad: gz or none" jobs --jobs-dir "$tmp/jobs" --compress bad
old report --tree --kernel-tree 2 "report --mail: --kernel-tree /nonexistent: no such directory" \
	--mail tests/golden/mail/finding-1 --tests x --tree /nonexistent
# An option's value is not an option: --tests --tree stays.
$P bisect --kernel-tree /nonexistent --tests --tree --good a --bad b 2> "$tmp/err" >/dev/null
check "a value that looks like an old name is left alone" sh -c "! grep -q deprecated $tmp/err"

# --version: the revision it was built from.
v=$($P --version); rev=$(git rev-parse --short=7 HEAD 2>/dev/null)
check "--version: '$v' names HEAD ($rev)" sh -c "echo '$v' | grep -q '^pmemfi [0-9a-f]*$rev'"

# The completion, from the same table.
$P completion bash > "$tmp/c.bash"
check "completion bash: a bash script" bash -n "$tmp/c.bash"
got=$(bash -c ". $tmp/c.bash; COMP_WORDS=(pmemfi bisect --ker); COMP_CWORD=2; _pmemfi; echo \${COMPREPLY[*]}")
check "completion: pmemfi bisect --ker<TAB> is --kernel-tree ($got)" [ "$got" = "--kernel-tree" ]
got=$(bash -c ". $tmp/c.bash; COMP_WORDS=(pmemfi bis); COMP_CWORD=1; _pmemfi; echo \${COMPREPLY[*]}")
check "completion: pmemfi bis<TAB> is bisect-step bisect ($got)" [ "$got" = "bisect-step bisect" ]
expect_exit 2 "completion for another shell" "completion: bash is the one shell" $P completion zsh
finish
