#!/bin/sh
# index.html from a real harness run (against the fake QEMU, so no VM and a
# few seconds), rendered by headless Chromium: the page loads without a
# console error or a fetch, its grid has a cell per planned test, and a
# cell's link opens that test's excerpt. HTML_RENDER_KEEP=1 keeps the
# temporary directory (and the screenshot) for a look.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
[ -n "$HTML_RENDER_KEEP" ] || trap 'rm -rf "$tmp"' EXIT
[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu
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
check "grid: a row per test, a column per seed" \
	[ "$(grep -c '<th class="row">' "$tmp/dom.html") $(grep -o '<th>zero</th><th>ff</th></tr>' "$tmp/dom.html" | wc -l)" = "8 1" ]
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
finish
