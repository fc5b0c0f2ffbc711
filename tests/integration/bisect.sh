#!/bin/sh
# "pmemfi bisect" on a fake kernel history (fake QEMU, fake tree: seconds,
# no compiler): it names the commit that brought the crash, confirms it
# (again, parent, revert), agrees with "git bisect run ... bisect-step",
# reuses the answer of a byte-identical kernel, skips a commit that does
# not build, refuses a dirty tree, unknown revisions and ends that do not
# bracket the target, and always leaves the tree as it found it.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap '[ -n "$KEEP" ] || rm -rf "$tmp"' EXIT
KEEP=${KEEP:-}
[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu
export PMEMFI_QEMU="$PWD/build/tests/fake-qemu" PMEMFI_CACHE="$tmp/cache"
unset FAKE_QEMU_MODE
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@t GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@t

# git_fake_tree DIR: a fake kernel tree (lib.sh) under git, its config beside its image.
git_fake_tree() {
	fake_tree "$1"
	printf 'CONFIG_HWPOISON_INJECT=y\nCONFIG_MEMORY_FAILURE=y\n' > "$1/fake-config"
	git -C "$1" init -q -b main
}
# commit_in DIR MESSAGE: commit all of DIR's tree; prints the sha.
commit_in() { git -C "$1" add -A && git -C "$1" commit -q -m "$2" && git -C "$1" rev-parse HEAD; }
tree=$tmp/linux
git_fake_tree "$tree"
commit() { commit_in "$tree" "$1"; }
mode() { printf 'FAKE_QEMU_MODE=%s\n' "$1" >> "$tree/fake-bzImage"; }
c0=$(commit "base")
echo a > "$tree/README"; c1=$(commit "doc: a README (the same kernel)")
echo b >> "$tree/README"; c2=$(commit "doc: more README (the same kernel)")
mode crash:A-first; c3=$(commit "the culprit: A-first crashes")
echo c >> "$tree/README"; c4=$(commit "doc: after the culprit")
# A side branch: a commit that does not build, then the crash.
git -C "$tree" checkout -q -b side "$c0"
touch "$tree/fail-build"; s1=$(commit "does not build")
rm "$tree/fail-build"; mode crash:A-first; s2=$(commit "builds again, and crashes")
git -C "$tree" checkout -q main
short() { printf '%.12s' "$1"; }

cells='*devdax*corrupt-pfn.A-first*,*devdax*corrupt-pfn.C-mid*'
bisect() {
	harness/pmemfi bisect --kernel-tree "$tree" --accel tcg --seed zero --tests "$cells" \
		--results "$tmp/r" "$@"
}
restored() {
	[ "$(git -C "$tree" symbolic-ref --short HEAD)" = main ] && ! git -C "$tree" bisect log >/dev/null 2>&1 &&
		[ -z "$(git -C "$tree" status --porcelain --untracked-files=no)" ]
}

bisect --good "$c0" --bad "$c4" --repeat 3 > "$tmp/out" 2>&1
rc=$?
json=$(ls -d "$tmp"/r/*-bisect | tail -1)/bisect.json
[ "$rc" = 0 ] && ok "bisect found and confirmed a culprit: exit 0" || not_ok "bisect exit $rc: $(tail -5 "$tmp/out")"
culprit=$(jq -r .culprit "$json")
[ "$culprit" = "$c3" ] && ok "it names the planted commit $(short "$c3")" ||
	not_ok "culprit $culprit, want $c3"
check "the target was learned from the bad end: fake_crash in corrupt-pfn cells of class A" \
	[ "$(jq -r '[.target.text, .target.action, .target.class, .target.learned] | join(" ")' "$json")" = \
	  "BUG: unable to handle page fault in fake_crash corrupt-pfn A true" ]
check "the culprit reproduces 3/3, its parent is clean 3/3, its revert on the bad end 3/3" \
	[ "$(jq -r '[.reproduces, .parent_clean, .revert, .noop] | join(" ")' "$json")" = "3/3 3/3 clean 3/3 false" ]
check "a commit with the good end's kernel, byte for byte, took its answer after one run" \
	[ "$(jq -r --arg c "$c0" '[.trials[] | select(.same_kernel_as == $c) | .runs] | join(" ")' "$json")" = 1 ]
check "bisect.txt is the one-screen report" grep -q "^first bad commit: $c3" "$(dirname "$json")/bisect.txt"
check "the tree is back on main, not bisecting, clean" restored

# git bisect run with bisect-step agrees.
git -C "$tree" bisect start "$c4" "$c0" >/dev/null
git -C "$tree" bisect run "$PWD/harness/pmemfi" bisect-step --kernel-tree "$tree" --accel tcg --seed zero \
	--tests "$cells" --results "$tmp/r2" --signature fake_crash > "$tmp/gbr" 2>&1
first=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' "$tmp/gbr")
git -C "$tree" bisect reset >/dev/null 2>&1
[ "$first" = "$c3" ] && ok "git bisect run ... bisect-step agrees: $(short "$first")" ||
	not_ok "git bisect run says '$first', want $c3: $(tail -3 "$tmp/gbr")"

# A commit that does not build next to the culprit: skip, and git's candidates.
bisect --good "$c0" --bad "$s2" --repeat 1 > "$tmp/out" 2>&1
rc=$?
json=$(ls -d "$tmp"/r/*-bisect | tail -1)/bisect.json
[ "$rc" = 1 ] && ok "a culprit next to an untestable commit: unsure, exit 1" || not_ok "exit $rc, want 1"
check "the commit that does not build is a skip with no kernel" \
	[ "$(jq -r --arg c "$s1" '[.trials[] | select(.commit == $c) | .answer, .no_kernel] | join(" ")' "$json")" = "skip true" ]
check "the candidates are both commits" \
	[ "$(jq -r '.candidates | sort | join(" ")' "$json")" = "$(printf '%s\n%s\n' "$s1" "$s2" | sort | tr '\n' ' ' | sed 's/ $//')" ]
git -C "$tree" checkout -q main

# A kernel is its bzImage and its modules: the code under test (nd_pmem,
# ...) is modules. History: base, a built-in change, the culprit in a
# module only (its bzImage that of the built-in change), a doc change.
mtree=$tmp/mlinux
git_fake_tree "$mtree"
mcommit() { commit_in "$mtree" "$1"; }
m0=$(mcommit "base")
echo "# a built-in change" >> "$mtree/fake-bzImage"; m1=$(mcommit "a built-in change")
echo "FAKE_QEMU_MODE=crash:A-first" >> "$mtree/fake-nd_pmem.ko"; m2=$(mcommit "the culprit, in a module")
echo doc > "$mtree/README"; m3=$(mcommit "doc")
mbisect() {
	harness/pmemfi bisect --kernel-tree "$mtree" --accel tcg --seed zero --tests "$cells" --results "$tmp/rm" "$@" \
		> "$tmp/mout" 2>&1
	rc=$?
	json=$(ls -d "$tmp"/rm/*-bisect | tail -1)/bisect.json
}
mbisect --good "$m0" --bad "$m3" --repeat 3
check "a culprit in a module only: found, exit 0 ($rc), it names $(short "$m2"), not the built-in change" \
	[ "$rc $(jq -r .culprit "$json")" = "0 $m2" ]
check "... its kernel differs from its parent's (modules count): not a no-op" [ "$(jq -r .noop "$json")" = false ]
mbisect --good "$m1" --bad "$m3" --repeat 3
check "a good end whose bzImage is the bad end's, modules aside: still good, the culprit found, exit 0 ($rc)" \
	[ "$rc $(jq -r .culprit "$json")" = "0 $m2" ]

# Few runs are no proof. A bug that reproduces every other run, bisected
# with --repeat 1 (runs: bad end crash, good end pass, step f2 crash, step
# f1 pass): git names f2, whose checks (1 run each) all agree by chance.
# The reproduction rate of 2 of 2 is no certainty: UNSURE, not FOUND.
ftree=$tmp/flinux
git_fake_tree "$ftree"
fcommit() { commit_in "$ftree" "$1"; }
f0=$(fcommit "base")
printf 'FAKE_QEMU_MODE=crash:A-first\n' >> "$ftree/fake-bzImage"; f1=$(fcommit "the culprit, crashing every other run")
echo "# a built-in change" >> "$ftree/fake-bzImage"; f2=$(fcommit "a built-in change")
echo doc > "$ftree/README"; f3=$(fcommit "doc")
counting_qemu "$tmp/qemu-count"
PMEMFI_QEMU="$tmp/qemu-count" FAKE_RUN_MODES="2=pass 4=pass 6=pass 8=pass 10=pass" \
	harness/pmemfi bisect --kernel-tree "$ftree" --accel tcg --seed zero --tests "$cells" --results "$tmp/rf" \
	--good "$f0" --bad "$f3" --repeat 1 > "$tmp/fout" 2>&1
rc=$?
json=$(ls -d "$tmp"/rf/*-bisect | tail -1)/bisect.json
check "a flaky bug, one run per commit: not FOUND, exit 1 ($rc, culprit $(jq -r '.culprit // "none" | .[:12]' "$json"))" \
	sh -c "[ $rc = 1 ] && grep -q '^verdict: UNSURE (exit 1)' $tmp/fout"
check "... the confidence is low, from the rate's lower bound, and says why ($(jq .confidence "$json"))" \
	sh -c "jq -e '.confidence < 0.66 and .reproduction_rate_low < 0.5' $json >/dev/null &&
	       grep -q 'too few runs' $tmp/fout"

# Each check after bisecting can fail the answer on its own. The main
# history's runs with --repeat 3 (as above): 1-3 the bad end, 4-6 the good
# end, 7 and 8 the steps, 9-11 the culprit, 12-14 its parent, 15-17 the
# revert. One run of a check made to go the other way makes it UNSURE.
# check_fails DESCRIPTION FAKE_RUN_MODES JQ-FIELD WANT
check_fails() {
	counting_qemu "$tmp/qemu-check"
	PMEMFI_QEMU="$tmp/qemu-check" FAKE_RUN_MODES="$2" bisect --good "$c0" --bad "$c4" --repeat 3 > "$tmp/cout" 2>&1
	rc=$?
	json=$(ls -d "$tmp"/r/*-bisect | tail -1)/bisect.json
	check "$1: UNSURE, exit 1 ($rc), $3 $(jq -r ".$3" "$json")" \
		sh -c "[ $rc = 1 ] && [ \"\$(jq -r '[.culprit, .$3] | join(\" \")' $json)\" = '$c3 $4' ] &&
		       grep -q '^verdict: UNSURE (exit 1)' $tmp/cout"
}
check_fails "the culprit reproduces 2 of 3 times" "10=pass" reproduces 2/3
check_fails "its parent shows the target once" "13=crash:A-first" parent_clean 2/3
check_fails "the revert shows it once" "16=crash:A-first" revert "clean 2/3"
check "... and the tree is restored" restored

# Bad input: one line naming the object and the cause, distinct codes.
expect_exit 2 "an unknown revision" "no such revision" bisect --good nosuchrev --bad "$c5"
expect_exit 2 "good not an ancestor of bad" "not an ancestor" bisect --good "$c4" --bad "$c0"
echo dirty >> "$tree/README"
expect_exit 2 "a dirty tree" "uncommitted changes" bisect --good "$c0" --bad "$c4"
git -C "$tree" checkout -q README
expect_exit 2 "not a git tree" "not a git work tree" harness/pmemfi bisect --kernel-tree "$tmp" --good a --bad b
# A git tree that is no kernel tree: refused before anything is written or run.
ntree=$tmp/notkernel
mkdir "$ntree" && git -C "$ntree" init -q -b main && echo x > "$ntree/x" && git -C "$ntree" add x &&
	git -C "$ntree" commit -q -m x && echo y > "$ntree/x" && git -C "$ntree" commit -q -am y
harness/pmemfi bisect --kernel-tree "$ntree" --good main~1 --bad main --results "$tmp/rn" > "$tmp/nout" 2>&1
rc=$?
check "not a kernel tree: exit 2 ($rc), one line naming it" \
	sh -c "[ $rc = 2 ] && grep -q 'bisect: --kernel-tree $ntree: not a kernel source tree' $tmp/nout"
check "... no bisect directory left, no confidence printed" \
	sh -c "[ -z \"\$(ls -d $tmp/rn/*-bisect 2>/dev/null)\" ] && ! grep -q confidence $tmp/nout"
bisect --good "$c0" --bad "$c4" --tests nosuchcell > "$tmp/out" 2>&1
rc=$?
[ "$rc" = 2 ] && grep -q "refused its options" "$tmp/out" && ok "run options no run accepts: exit 2, said" ||
	not_ok "bad run options: exit $rc: $(tail -2 "$tmp/out")"
check "... and the tree is restored" restored
expect_exit 2 "--kernel makes no sense" "the kernel is each commit" bisect --good "$c0" --bad "$c4" --kernel x
bisect --good "$c3" --bad "$c4" --repeat 1 > "$tmp/out" 2>&1
rc=$?
[ "$rc" = 4 ] && ok "a good end that shows the target: exit 4" || not_ok "good end bad: exit $rc"
check "... and the tree is restored" restored
bisect --good "$c0" --bad "$s1" --repeat 1 > "$tmp/out" 2>&1
rc=$?
[ "$rc" = 3 ] && grep -q 'the bad end .* gives no kernel' "$tmp/out" && ok "a bad end that does not build: exit 3, said" ||
	not_ok "a bad end that does not build: exit $rc, want 3: $(tail -2 "$tmp/out")"
check "... and the tree is restored" restored
bisect --good "$c0" --bad "$c2" --repeat 1 --signature fake_crash > "$tmp/out" 2>&1
rc=$?
[ "$rc" = 4 ] && ok "a bad end that does not reproduce the signature: exit 4" || not_ok "bad end clean: exit $rc"

# ^C in the middle: 130, the tree as it was, the report of what ran.
interrupt_when "$tmp/int" "== bisect: step" harness/pmemfi bisect --kernel-tree "$tree" --accel tcg --seed zero \
	--tests "$cells" --results "$tmp/r" --good "$c0" --bad "$c4" --repeat 2
[ "$rc" = 130 ] && ok "^C: exit 130" || not_ok "^C: exit $rc: $(tail -3 "$tmp/int")"
check "... the tree is restored after ^C" restored
check "... and the report says NOT FINISHED" grep -q "NOT FINISHED (exit 130)" "$tmp/int"
finish
