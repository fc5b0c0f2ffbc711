#!/bin/sh
# index.html from a real harness run (against the fake QEMU, so no VM and a
# few seconds), rendered by headless Chromium: the page loads without a
# console error or a fetch, its matrix has a cell per planned test in its
# seed's panel and its point's column, reports are grouped by title, only
# known issues that matched are listed, a cell's link opens that test's
# excerpt, and a second run of the profile shows the first in its strips.
# HTML_RENDER_KEEP=1 keeps the temporary directory (and the screenshots)
# for a look; HTML_RENDER_RUNS="DIR..." also renders those run directories
# again (build/tests/render-html) and screenshots each, for a look at a
# real run's page.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
[ -n "$HTML_RENDER_KEEP" ] || trap 'rm -rf "$tmp"' EXIT
make -s build/tests/fake-qemu build/tests/render-html
command -v chromium >/dev/null || tools/install-deps.sh test

k="$tmp/bzImage"
fake_bzimage "$k"

# run MODE NAME [options]: the devdax corrupt-pfn cells on two seeds; $R is the run.
run() {
	mode=$1 name=$2; shift 2
	FAKE_QEMU_MODE=$mode PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi run \
		--kernel "$k" --accel tcg --seed zero,ff --tests '*devdax*corrupt-pfn*' \
		--results "$tmp/$name" "$@" > "$tmp/$name.out" 2>&1
	rc=$?
	R=$(cd "$tmp/$name/latest" && pwd -P)
}

# chrome OUT URL ARGS...: headless Chromium, stdout to OUT, stderr to OUT.err.
# Its own profile: a concurrent Chromium must not hold the lock.
chrome() {
	out=$1 url=$2; shift 2
	timeout 120 chromium --headless --no-sandbox --disable-gpu --user-data-dir="$tmp/profile" \
		--enable-logging=stderr --v=0 "$@" "$url" > "$out" 2> "$out.err"
}

# What the page's scripts said, or what it failed to load. Chromium's
# dbus/GPU complaints on a headless host are not about the page.
page_errors() { grep -E 'CONSOLE|Uncaught|Failed to load resource|net::ERR|Content Security Policy' "$1.err"; }
no_page_errors() { ! page_errors "$1" >&2; }

cells() { grep -o "<td class=\"cell v-$1" "$2" | wc -l; }
# Test N's <section>, on one line.
section() { tr -d '\n' < "$2" | grep -o "<section class=\"test\" id=\"t$1\">.*" | sed 's|</section>.*||'; }

run crash:C-first crash
S="$R/summary.json"
planned=$(jq '.planned | length' "$S")
check "crash run: exit 1 ($rc), 16 planned ($planned)" [ "$rc $planned" = "1 16" ]
check "crash run: index.html written" [ -s "$R/index.html" ]

# Nothing to fetch: no tag but <a> points outside the run directory.
check "page: no external src or href" \
	[ -z "$(grep -oE '<[a-z]+ [^>]*(src|href)="([a-z]+:)?//[^"]*"' "$R/index.html" | grep -v '^<a ')" ]
check "page: no <img>, <iframe>, <script src>" \
	[ -z "$(grep -oE '<(img|iframe|embed|object)[ >]|<script [^>]*src=' "$R/index.html")" ]

chrome "$tmp/dom.html" "file://$R/index.html" --dump-dom
check "chromium: the DOM is dumped ($(wc -c < "$tmp/dom.html") bytes)" grep -q '</html>' "$tmp/dom.html"
check "chromium: no console error or failed load" no_page_errors "$tmp/dom.html"
check "grid: a cell per planned test ($(cells '' "$tmp/dom.html") of $planned)" \
	[ "$(cells '' "$tmp/dom.html")" = "$planned" ]
check "grid: bug and pass cells match the counts" \
	[ "$(cells bug "$tmp/dom.html") $(cells pass "$tmp/dom.html")" = "$(jq -r '"\(.counts.bug) \(.counts.pass)"' "$S")" ]
# The two seeds' panels, each one corrupt-pfn row of the eight points in layout order.
panel() { tr -d '\n' < "$2" | grep -o "<h3>seed $1</h3>.*" | sed 's|</section>.*||'; }
points='<th class="pt">A-first</th><th class="pt">A-last</th><th class="pt">B-first</th><th class="pt">B-mid</th><th class="pt">B-last</th><th class="pt">C-first</th><th class="pt">C-mid</th><th class="pt">C-last</th></tr>'
# The class of each cell of row ROW of a panel, in column order, comma-separated.
row_classes() { grep -o "<tr><th class=\"act\" title=\"$1\">.*" | sed 's|</tr>.*||' | grep -o '<td class="[^"]*"' | sed 's/<td class="//; s/"$//' | tr '\n' ,; }
row=one-nvdimm.devdax.dev.2M.corrupt-pfn
for seed in zero ff; do
	panel $seed "$tmp/dom.html" > "$tmp/panel-$seed.html"
	check "grid: panel $seed has the eight points as columns" grep -qF "$points" "$tmp/panel-$seed.html"
	check "grid: panel $seed has one row of 8 cells" \
		[ "$(grep -o '<th class="act"' "$tmp/panel-$seed.html" | wc -l) $(grep -o '<td class="cell' "$tmp/panel-$seed.html" | wc -l)" = "1 8" ]
	check "grid: panel $seed: the crash is the sixth column, C-first ($(row_classes $row < "$tmp/panel-$seed.html"))" \
		sh -c "[ \"\$(echo '$(row_classes $row < "$tmp/panel-$seed.html")' | cut -d, -f6)\" = 'cell v-bug' ]"
done
title=$(jq -r '[.tests[] | select(.verdict == "bug")][0].title' "$S")
check "reports: one row for the title, counting its $(jq .counts.bug "$S") cells" \
	grep -qF "<td class=\"n\">$(jq .counts.bug "$S")</td><td>$title</td>" "$tmp/dom.html"
matched=$(jq '[.known_issues[] | select(.matched > 0 or .xfail > 0 or .xpass > 0)] | length' "$S")
unmatched=$(jq -r '[.known_issues[] | select(.matched == 0 and .xfail == 0 and .xpass == 0)][0].id' "$S")
known_rows=$(tr -d '\n' < "$tmp/dom.html" | grep -o '<h2 id="known">.*' | sed 's|</table>.*||' | grep -o '<tr><td>' | wc -l)
check "known issues: the $matched that matched, no other ($known_rows rows)" [ "$known_rows" = "$matched" ]
check "known issues: $unmatched (matched nothing) is not on the page" sh -c "! grep -qF '>$unmatched<' '$tmp/dom.html'"
check "render-html: the page again from the run directory is the same page" \
	sh -c "build/tests/render-html '$R' '$tmp/again.html' && cmp -s '$tmp/again.html' '$R/index.html'"
bug=$(jq -r '[.tests[] | select(.verdict == "bug")][0]' "$S")
check "grid: the bug's signature is on the page" grep -qF "$(echo "$bug" | jq -r .signature)" "$tmp/dom.html"
check "grid: the bug's title is on the page" grep -qF "$(echo "$bug" | jq -r .title)" "$tmp/dom.html"
check "grid: the bug cell links its report" \
	grep -q "href=\"$(echo "$bug" | jq -r .report)\"" "$tmp/dom.html"
check "the report it links exists" [ -s "$R/$(echo "$bug" | jq -r .report)" ]

# A pass's excerpt is closed; following its cell's link opens it (the inline script).
pass=$(jq '(.tests | map(select(.verdict == "pass"))[0].name) as $n | [.planned[].name] | index($n)' "$S")
first=$(jq -r '.tests | map(select(.verdict == "pass"))[0].console_begin' "$S")
section "$pass" "$tmp/dom.html" > "$tmp/pass.html"
check "excerpt: the pass's section has its excerpt (lines $first-), closed" \
	grep -q "<details><summary>console excerpt: lines $first-" "$tmp/pass.html"
check "excerpt: it holds the test's begin line" grep -q 'pmemfi: begin' "$tmp/pass.html"
chrome "$tmp/dom-t.html" "file://$R/index.html#t$pass" --dump-dom
section "$pass" "$tmp/dom-t.html" > "$tmp/pass-t.html"
check "excerpt: #t$pass opens it" grep -q '<details open="">' "$tmp/pass-t.html"
check "excerpt: no console error there either" no_page_errors "$tmp/dom-t.html"

chrome "$tmp/shot.out" "file://$R/index.html" --screenshot="$tmp/shot.png" --window-size=1280,2000
size=$(wc -c < "$tmp/shot.png" 2>/dev/null || echo 0)
echo "# screenshot: $tmp/shot.png, $size bytes"
check "screenshot: a 1280x2000 PNG" \
	[ "$(od -An -tx1 -j12 -N12 "$tmp/shot.png" 2>/dev/null | tr -d ' \n')" = 4948445200000500000007d0 ]
check "screenshot: not blank ($size bytes)" [ "$size" -gt 30000 ]
check "screenshot: no console error or failed load" no_page_errors "$tmp/shot.out"

# A second run in the same results directory: the first is its history.
first=$R
run crash:C-first crash
check "history: a second run ($(basename "$R"))" [ "$R" != "$first" ]
chrome "$tmp/dom2.html" "file://$R/index.html" --dump-dom
check "history: a strip in each of the $planned cells" [ "$(grep -o '<span class="hist">' "$tmp/dom2.html" | wc -l)" = "$planned" ]
check "history: the crash cell's strip is the earlier crash" \
	grep -qE 'C-first\.ff: bug: [^"]* \| before, oldest first: bug"' "$tmp/dom2.html"
check "history: no strip on the first run's page" sh -c "! grep -q 'class=\"hist\"' '$first/index.html'"
check "history: no console error" no_page_errors "$tmp/dom2.html"
chrome "$tmp/shot2.out" "file://$R/index.html" --screenshot="$tmp/shot2.png" --window-size=1280,1000
echo "# screenshot with history: $tmp/shot2.png"

# ^C after two tests: the rest of the plan is on the grid as not run.
interrupted_fake_run "$tmp/int" '*devdax*corrupt-pfn*' zero,ff
R=$(cd "$tmp/int/latest" && pwd -P)
done=$(jq '.tests | length' "$R/summary.json")
check "interrupted: exit 130 ($rc), $done of 16 done" sh -c "[ $rc = 130 ] && [ $done -lt 16 ]"
chrome "$tmp/int.html" "file://$R/index.html" --dump-dom
check "interrupted: $((16 - done)) not-run cells" [ "$(cells notrun "$tmp/int.html")" = $((16 - done)) ]
check "interrupted: every planned test has its cell" [ "$(cells '' "$tmp/int.html")" = 16 ]
check "interrupted: status on the page" grep -q '<td>interrupted</td>' "$tmp/int.html"
check "interrupted: no console error" no_page_errors "$tmp/int.html"
# Real runs' pages, rendered again from their run directories, for a look.
n=0
for d in $HTML_RENDER_RUNS; do
	n=$((n + 1))
	check "real run $d: rendered again" build/tests/render-html "$d" "$tmp/real-$n.html"
	chrome "$tmp/real-$n.out" "file://$tmp/real-$n.html" --screenshot="$tmp/real-$n.png" --window-size=1280,2400
	check "real run $d: no console error" no_page_errors "$tmp/real-$n.out"
	echo "# screenshot: $tmp/real-$n.png"
done
finish
