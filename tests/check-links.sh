#!/bin/sh
# Every link and path in README.md and docs/ resolves (no VM, nothing run):
#  - a markdown link [text](TARGET) that is not a URL names a file or
#    directory of the checkout, relative to the page that holds it, and its
#    #anchor (if any) a heading of the target page (GitHub's rule: lower
#    case, punctuation dropped, spaces to dashes; -1, -2 for repeats);
#  - a backquoted path that starts at one of the checkout's top-level
#    entries (`harness/verdict/verdict.c`, `configs/kernel/`, `run.sh`)
#    exists; one with a * must match something; one with a placeholder
#    (<...>, a component in capitals such as NAME or
#    KEY, $X, ~) is a pattern and is not checked;
#  - a docs/PAGE.md named in running text exists;
#  - a `link` of configs/known-issues that is not a URL names a page.
# Paths that are not ours though they look so (the kernel's
# tools/testing/...) are listed in $foreign, what make builds in $built. Pages other helpers are writing
# are listed in $pending until they arrive: a pending page that exists is an
# error, so that the list is emptied when they do.
. "$(dirname "$0")/integration/lib.sh"
cd "$(dirname "$0")/.." || exit 1

foreign="tools/testing/ tools/mm/"
built="harness/pmemfi"
pending=""
pages=$(find README.md docs -name "*.md" | sort)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# Top-level entries of the checkout, but results/ (run output) and build/.
tops=" $(git ls-files | sed 's|/.*||' | sort -u | grep -vx 'results\|build' | tr '\n' ' ') "

# Every page's anchors: "PAGE<TAB>ANCHOR".
for p in $pages; do
	awk -v page="$p" '
		/^```/ { fence = !fence; next }
		fence || !/^#+ / { next }
		{
			h = tolower($0); sub(/^#+ +/, "", h)
			gsub(/[^a-z0-9 _-]/, "", h); gsub(/ /, "-", h)
			a = seen[h]++ ? h "-" (seen[h] - 1) : h
			print page "\t" a
		}' "$p"
done > "$tmp/anchors"

# Every reference: "PAGE<TAB>LINE<TAB>KIND<TAB>TARGET", KIND link, path or text.
for p in $pages; do
	awk -v page="$p" '
		function emit(kind, t) { print page "\t" NR "\t" kind "\t" t }
		/^```/ { fence = !fence; next }
		fence { next }
		{
			s = $0
			while (match(s, /\]\([^)]+\)/)) {
				t = substr(s, RSTART + 2, RLENGTH - 3); sub(/ +"[^"]*"$/, "", t)
				emit("link", t); s = substr(s, RSTART + RLENGTH)
			}
			s = $0
			while (match(s, /`[^`]+`/)) {
				t = substr(s, RSTART + 1, RLENGTH - 2)
				if (t !~ /[ \t]/) emit("path", t)
				s = substr(s, RSTART + RLENGTH)
			}
			s = $0; gsub(/`[^`]*`/, "", s); gsub(/\]\([^)]*\)/, "", s)
			while (match(s, /(^|[ (])docs\/[A-Za-z0-9_.\/-]+\.md/)) {
				t = substr(s, RSTART, RLENGTH); sub(/^[ (]/, "", t)
				emit("text", t); s = substr(s, RSTART + RLENGTH)
			}
		}' "$p"
done > "$tmp/refs"
# The known issues' link lines name pages from the top of the checkout.
awk '$1 == "link" && $2 !~ /^[a-z]+:/ { print "configs/known-issues\t" NR "\tlink\t/" $2 }' \
	configs/known-issues >> "$tmp/refs"

# Is $1 (a path from the top) a file or directory of the checkout?
exists() { [ -e "$1" ] || [ -L "$1" ]; }
is_pending() { case " $pending " in *" $1 "*) return 0 ;; esac; return 1; }

# Does PAGE hold anchor A?
has_anchor() { grep -qx "$(printf '%s\t%s' "$1" "$2")" "$tmp/anchors"; }

# Resolve TARGET written in PAGE to a path from the top ("" when it climbs out).
resolve() {
	case $2 in
	/*) printf '%s' "${2#/}" ;;
	*) d=$(dirname "$1"); r=$(realpath -m --relative-to=. "$d/$2"); case $r in ../*|..) ;; *) printf '%s' "$r" ;; esac ;;
	esac
}

n=0
tab=$(printf '\t')
while IFS="$tab" read -r page line kind target; do
	where="$page:$line"
	case $kind in
	link)
		case $target in http://*|https://*|mailto:*) continue ;; esac
		file=${target%%#*} anchor=
		case $target in *'#'*) anchor=${target#*#} ;; esac
		if [ -z "$file" ]; then
			to=$page
		else
			to=$(resolve "$page" "$file")
			[ -n "$to" ] || { not_ok "$where: link $target leaves the checkout"; continue; }
			if ! exists "$to"; then
				is_pending "$to" && { n=$((n + 1)); continue; }
				not_ok "$where: link $target: no such file ($to)"; continue
			fi
		fi
		if [ -n "$anchor" ] && [ "${to%.md}" != "$to" ] && ! has_anchor "$to" "$anchor"; then
			not_ok "$where: link $target: no heading #$anchor in $to"; continue
		fi
		;;
	path)
		t=${target%%:*}		# file.c:N
		case $t in /*|*'<'*|*'>'*|*'$'*|'~'*|*'{'*|*..*) continue ;; esac
		# A component in capitals (NAME, KEY, DIR) is a placeholder; README is a file.
		printf '%s\n' "$t" | tr '/._-' '\n\n\n\n' | grep -v '^README$' | grep -q '^[A-Z][A-Z0-9_-]*$' && continue
		top=${t%%/*}
		case $tops in *" $top "*) ;; *) continue ;; esac
		[ "$top" = "$t" ] || case $t in */*) ;; *) continue ;; esac
		skip=
		for f in $foreign; do case $t in "$f"*) skip=1 ;; esac; done
		case " $built " in *" $t "*) skip=1 ;; esac
		[ -n "$skip" ] && continue
		case $t in
		*'*'*)
			# shellcheck disable=SC2086
			set -- $t
			exists "$1" || { not_ok "$where: \`$target\`: nothing matches"; continue; } ;;
		*)
			if ! exists "$t"; then
				is_pending "$t" && { n=$((n + 1)); continue; }
				not_ok "$where: \`$target\`: no such file"; continue
			fi ;;
		esac
		;;
	text)
		if ! exists "$target"; then
			is_pending "$target" && { n=$((n + 1)); continue; }
			not_ok "$where: $target: no such file"; continue
		fi
		;;
	esac
	n=$((n + 1))
done < "$tmp/refs"

for p in $pending; do
	exists "$p" && not_ok "$p has arrived: take it off \$pending in tests/check-links.sh"
done
[ "$failures" -eq 0 ] && ok "$n links and paths in $(echo $pages | wc -w) pages resolve"
finish
