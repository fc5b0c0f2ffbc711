#!/bin/sh
# The bisection drill: a kernel history with a planted culprit
# (tests/drill/make-tree.sh: Debian's linux-source-6.12, fix-stats, then
# eight commits in mm/, the fifth of which re-creates the metadata-pfn
# bug). "pmemfi bisect" must name exactly that commit with the parent and
# revert checks passing, and "git bisect run ... bisect-step" must agree.
# The tree is made once and cached; each commit's kernel is cached like
# any other (kbuild.h), and ccache shares objects with the kasan kernel's.
# Three runs per commit: with one, the bug's reproduction rate is known
# too loosely for a confident answer (the bisection says UNSURE, exit 1;
# docs/modes/bisect.md), however deterministic the planted bug is.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cache=${PMEMFI_CACHE:-$HOME/.cache/pmemfi}
src=$(ls -d "$cache"/src/linux-source-6.12-*/linux-source-6.12 2>/dev/null | tail -1)
if [ -z "$src" ]; then
	# The kasan kernel's source: unpacked by any earlier run of it.
	harness/pmemfi run --list > /dev/null
	src=$(ls -d "$cache"/src/linux-source-6.12-*/linux-source-6.12 2>/dev/null | tail -1)
fi
key=$(cat tests/drill/make-tree.sh configs/patches/fix-stats.patch configs/patches/seed-bug.patch |
	sha256sum | cut -c1-16)
tree=$cache/drill/$key/linux
if [ ! -d "$tree/.git" ]; then
	echo "# making the drill tree in $tree (once, about 4 minutes)"
	sh tests/drill/make-tree.sh "$src" "$tree" || { not_ok "make-tree.sh failed"; finish; exit 1; }
fi
git -C "$tree" checkout -q main
good=$(git -C "$tree" log --format=%H --grep "^mm/memory-failure: don't read the struct page" -1)
planted=$(git -C "$tree" log --format=%H --grep "^mm/memory-failure: drop the dax metadata pfn check" -1)
bad=$(git -C "$tree" rev-parse HEAD)
cells='*devdax*hard-offline.A-first*'

harness/pmemfi bisect --kernel-tree "$tree" --good "$good" --bad "$bad" --repeat 3 --tests "$cells" \
	--seed ff --results "$tmp/r" > "$tmp/out" 2>&1
rc=$?
json=$(ls -d "$tmp"/r/*-bisect 2>/dev/null | tail -1)/bisect.json
sed -n '/^== pmemfi bisect/,$p' "$tmp/out"
[ "$rc" = 0 ] && ok "the drill's bisection found and confirmed a culprit: exit 0" || not_ok "exit $rc"
[ "$(jq -r .culprit "$json")" = "$planted" ] && ok "it is the planted commit $(printf %.12s "$planted")" ||
	not_ok "culprit $(jq -r .culprit "$json"), want $planted"
check "its target is dax_lock_folio in hard-offline class A cells" \
	[ "$(jq -r '[.target.text, .target.action, .target.class] | join(" ")' "$json")" = \
	  "KASAN: null-ptr-deref in dax_lock_folio hard-offline A" ]
check "the parent is clean and the revert on the bad end is clean" \
	[ "$(jq -r '[.parent_clean, .revert, .noop] | join(" ")' "$json")" = "3/3 clean 3/3 false" ]

git -C "$tree" bisect start "$bad" "$good" > /dev/null
git -C "$tree" bisect run "$PWD/harness/pmemfi" bisect-step --kernel-tree "$tree" --tests "$cells" \
	--seed ff --results "$tmp/r2" --signature dax_lock_folio > "$tmp/gbr" 2>&1
first=$(sed -n 's/^\([0-9a-f]\{40\}\) is the first bad commit$/\1/p' "$tmp/gbr")
git -C "$tree" bisect reset > /dev/null 2>&1
[ "$first" = "$planted" ] && ok "git bisect run ... bisect-step agrees" ||
	not_ok "git bisect run says '$first': $(tail -3 "$tmp/gbr")"
finish
