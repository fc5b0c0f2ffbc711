#!/bin/sh
# The mutation score of the tests: plant each one-line bug of
# tests/mutations (compare, merge, verdict, known, results, nightly,
# release, bisect, bisect-step, options) in a copy of this checkout, build
# it, and run "make unit" and the fake-QEMU integration tests until one
# fails: the mutant is killed, or it survived every one. Prints a line per
# mutant and the score; exit 0 when at least 90% are killed. No kernel is
# built and no VM boots (the fake QEMU and fake kernel trees only): about
# 30-60 minutes on 2 cores, most mutants dying in "make unit" or the first
# test that exercises their stage; a survivor runs them all (8-9 minutes).
# Not part of "make check".
# usage: tests/mutate.sh [-k] [ID-PATTERN]    (-k: keep the copy, named at the end)
cd "$(dirname "$0")/.." || exit 1
keep=
[ "$1" = -k ] && { keep=1; shift; }
pattern=${1:-.}
# The fake-QEMU integration tests, cheapest first; the Debian parts of
# nightly.sh and release.sh are skipped (SKIP_DEBIAN), they boot real VMs.
all_tests="bad-input kbuild-errors shard restore parallel fake-qemu nightly release bisect-step formats bisect"
# The tests most likely to see a mutant of FILE, tried first.
first_tests() {
	case $1 in
	*/compare.c|*/cmd_compare.c) echo fake-qemu nightly shard ;;
	*/merge.c) echo shard parallel ;;
	*/verdict.c) echo fake-qemu restore ;;
	*/known.c) echo fake-qemu bisect-step ;;
	*/results.c) echo shard nightly fake-qemu release ;;
	*/nightly.c|*/nightly_run.c|*/cmd_nightly.c) echo nightly ;;
	*/release.c|*/release_run.c|*/cmd_release.c) echo release ;;
	*/bisect.c) echo bisect-step bisect ;;
	*/bisect_run.c) echo bisect ;;
	*/cmd_run.c) echo bisect-step kbuild-errors bad-input ;;
	*/options.c) echo bad-input fake-qemu ;;
	esac
}

tmp=$(mktemp -d)
[ -n "$keep" ] || trap 'rm -rf "$tmp"' EXIT
src=$tmp/src
echo "mutate: copying the checkout to $src and building it"
mkdir "$src" && tar -C . --exclude=./.git --exclude=./results -cf - . | tar -C "$src" -xf - || exit 3
(cd "$src" && make -s all build/tests/fake-qemu > "$tmp/build.log" 2>&1 && make -s unit > "$tmp/unit.log" 2>&1) ||
	{ echo "mutate: the unmutated copy does not build or pass make unit (see $tmp)" >&2; keep=1; exit 3; }

# apply FILE FIND REPLACE (escaped as in tests/mutations): 0, or 1 when FIND is not there exactly once.
apply() {
	awk -v find="$2" -v rep="$3" '
		function unescape(s,   out, i, c) {
			out = ""
			for (i = 1; i <= length(s); i++) {
				c = substr(s, i, 1)
				if (c == "\\" && i < length(s)) {
					c = substr(s, ++i, 1)
					c = c == "t" ? "\t" : c == "n" ? "\n" : c
				}
				out = out c
			}
			return out
		}
		{ text = text $0 "\n" }
		END {
			f = unescape(find); r = unescape(rep)
			at = index(text, f)
			if (!at || index(substr(text, at + 1), f)) exit 1
			printf "%s%s%s", substr(text, 1, at - 1), r, substr(text, at + length(f))
		}' "$src/$1" > "$tmp/mutant" && cp "$tmp/mutant" "$src/$1"
}

# run_test NAME: 0 when it passes in the mutated copy.
run_test() {
	case $1 in
	unit) (cd "$src" && timeout 600 make -s unit) ;;
	*) (cd "$src" && SKIP_DEBIAN=1 timeout 900 sh "tests/integration/$1.sh") ;;
	esac < /dev/null > "$tmp/test.out" 2>&1
}

killed=0 total=0 broken=0 t0=$(date +%s)
tab=$(printf '\t')
grep -v '^#' tests/mutations | grep "$pattern" > "$tmp/list"
while IFS="$tab" read -r id file find rep; do
	[ -n "$id" ] || continue
	cp "$src/$file" "$tmp/orig"
	if ! apply "$file" "$find" "$rep"; then
		echo "BAD      $id: its text is not in $file exactly once"
		broken=$((broken + 1))
		continue
	fi
	s=$(date +%s)
	if ! (cd "$src" && make -s all < /dev/null > "$tmp/build.log" 2>&1); then
		echo "BAD      $id: does not compile (see the list)"
		broken=$((broken + 1))
		cp "$tmp/orig" "$src/$file"
		continue
	fi
	total=$((total + 1))
	by=
	for t in unit $(first_tests "$file") $all_tests; do
		case " $tried " in *" $t "*) continue ;; esac
		tried="$tried $t"
		run_test "$t" || { by=$t; break; }
	done
	tried=
	if [ -n "$by" ]; then
		killed=$((killed + 1))
		printf 'killed   %-38s by %-14s %4d s\n' "$id" "$by" $(($(date +%s) - s))
	else
		printf 'SURVIVED %-38s (%s)     %4d s\n' "$id" "$file" $(($(date +%s) - s))
	fi
	cp "$tmp/orig" "$src/$file"
	touch "$src/$file"
done < "$tmp/list"
# The copy as it was: the next run of a test there is the unmutated one.
(cd "$src" && make -s all > /dev/null 2>&1)
[ -n "$keep" ] && echo "mutate: the copy is $src"
if [ "$total" = 0 ]; then
	echo "mutate: no mutant ran ($broken bad)"
	exit 2
fi
score=$((killed * 1000 / total))
printf 'mutation score: %d of %d killed (%d.%d%%), %d bad, %d s\n' "$killed" "$total" $((score / 10)) $((score % 10)) \
	"$broken" $(($(date +%s) - t0))
[ "$score" -ge 900 ]
