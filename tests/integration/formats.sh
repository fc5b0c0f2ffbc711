#!/bin/sh
# The formats derived from summary.json, checked on real results directories
# made against the fake QEMU (as in fake-qemu.sh, so no VM boots): results.ktap
# parses with the kernel's kunit.py, junit.xml validates against Jenkins's
# JUnit XSD, kcidb.json has KCIDB v4's shape, and all three count what
# summary.json counts. Runs: all pass, crashes (bug), a hang (timeout), and one
# interrupted (tests never reached). About 20 s, plus a one-time npm fetch of
# the XSD (tools/fetch-junit-xsd.sh) and, when no unpacked linux-source-6.12
# is around, about 10 s to take kunit.py out of Debian's tarball.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
[ -x build/tests/fake-qemu ] || make -s build/tests/fake-qemu
[ -x harness/pmemfi ] || make -s harness/pmemfi

# kunit.py: $KSRC's, the harness's unpacked linux-source-6.12 (harness/kernel/kernel.c),
# or tools/testing/kunit alone out of the tarball.
kunit=
for d in ${KSRC:+"$KSRC"} "${PMEMFI_CACHE:-$HOME/.cache/pmemfi}"/src/linux-source-6.12-*/linux-source-6.12; do
	[ -f "$d/tools/testing/kunit/kunit_parser.py" ] && kunit=$d/tools/testing/kunit/kunit.py
done
if [ -z "$kunit" ] && [ -f /usr/src/linux-source-6.12.tar.xz ] &&
   tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$tmp" linux-source-6.12/tools/testing/kunit; then
	kunit=$tmp/linux-source-6.12/tools/testing/kunit/kunit.py
fi
check "kunit.py found (${kunit:-no linux-source-6.12})" [ -n "$kunit" ]
xsd=$(tools/fetch-junit-xsd.sh 2> "$tmp/xsd.err")
check "Jenkins JUnit XSD fetched${xsd:+ ($xsd)}$(sed 's/^/: /' "$tmp/xsd.err")" [ -n "$xsd" ]

k="$tmp/bzImage"
fake_bzimage "$k"

# fake MODE NAME [options]: the corrupt-pfn cells of two namespaces (two suites).
fake() {
	mode=$1 name=$2; shift 2
	FAKE_QEMU_MODE=$mode PMEMFI_QEMU="$PWD/build/tests/fake-qemu" harness/pmemfi run \
		--kernel "$k" --accel tcg --seed zero --tests '*corrupt-pfn*' \
		--results "$tmp/$name" "$@" > "$tmp/$name.out" 2>&1
}

# n EXPR: jq EXPR over the counts of $D/summary.json, e.g. n '.bug + .fail'.
n() { jq "(.counts | {xpass: 0, xfail: 0} + .) | $1" "$D/summary.json"; }

# show FILE PATTERN: the first matching lines as TAP comments, to say why.
show() { grep -e "$2" "$1" | head -n 5 | sed 's/^/#   /'; }

# results.ktap through kunit.py parse. It exits 1 when a test failed, so
# what counts is what it prints: no parse errors, and the counts of
# summary.json. An interrupted run's tests that never ran are each a
# "missing expected subtest" error and a crashed test.
ktap_checks() {
	python3 "$kunit" parse "$D/results.ktap" > "$tmp/kunit.out" 2>&1
	sed -i 's/^\[[0-9:]*\] //' "$tmp/kunit.out"
	missing=$(n '.total - .done')
	if [ "$missing" = 0 ]; then
		check "$name: kunit.py parses results.ktap without errors" \
			not_grep -e '^\[ERROR\]' -e 'Traceback' -e 'Could not find any KTAP' "$tmp/kunit.out"
	else
		check "$name: kunit.py's only errors are the $missing tests that did not run" \
			[ "$(grep -c '^\[ERROR\]' "$tmp/kunit.out")" = "$missing" \
			-a "$(grep -c '^\[ERROR\] Test: .*: missing expected subtest!$' "$tmp/kunit.out")" = "$missing" ]
	fi
	[ "$failures" = "$failed_before" ] || show "$tmp/kunit.out" '^\[ERROR\]\|Error\|^ *raise'
	# KTAP has no xfail or xpass: they are ok lines; timeout and error are not ok.
	want="Ran $(n .total) tests: $(n '[["passed", .pass + .xpass + .xfail],
		["failed", .fail + .bug + .timeout + .error], ["crashed", .total - .done],
		["skipped", .skip], ["errors", .total - .done]]
		| map(select(.[1] > 0) | "\(.[0]): \(.[1])") | join(", ")' | tr -d '"')"
	got=$(sed -n 's/^Testing complete\. //p' "$tmp/kunit.out")
	check "$name: kunit.py counts what summary.json does ($want; got ${got:-nothing})" [ "$got" = "$want" ]
}

# x XPATH: a number from junit.xml.
x() { xmllint --xpath "$1" "$D/junit.xml"; }

junit_checks() {
	xmllint --noout --schema "$xsd" "$D/junit.xml" > "$tmp/xmllint.out" 2>&1
	check "$name: junit.xml validates against Jenkins's JUnit XSD" [ $? = 0 ]
	[ "$failures" = "$failed_before" ] || show "$tmp/xmllint.out" .
	check "$name: junit.xml has a testcase per test, planned or a run report" \
		[ "$(x 'count(//testcase)')" = "$(n ".total + .run_reports")" ]
	check "$name: junit.xml: failures are fail, bug and run reports" \
		[ "$(x 'count(//testcase[failure])')" = "$(n '.fail + .bug + .run_reports')" ]
	check "$name: junit.xml: errors are timeout, error and not run" \
		[ "$(x 'count(//testcase[error])')" = "$(n '.timeout + .error + .total - .done')" ]
	check "$name: junit.xml: skipped are skip and xfail" \
		[ "$(x 'count(//testcase[skipped])')" = "$(n '.skip + .xfail')" ]
	check "$name: junit.xml: every suite's counts are its testcases'" \
		[ "$(x 'count(//testsuite[@tests != count(testcase) or @failures != count(testcase/failure)
			or @errors != count(testcase/error) or @skipped != count(testcase/skipped)])')" = 0 ]
	check "$name: junit.xml: the totals are the suites' sums" \
		[ "$(x 'count(/testsuites[@tests = sum(testsuite/@tests) and @failures = sum(testsuite/@failures)
			and @errors = sum(testsuite/@errors)])')" = 1 ]
	check "$name: junit.xml: a kernel bug's failure holds its report (reports/NAME.txt)" \
		[ "$(x 'count(//failure[@type = "kernel-bug"][not(starts-with(., "title: "))])')" = 0 ]
}

kcidb_checks() {
	check "$name: kcidb.json is KCIDB v4.3 with one checkout and one build" \
		quiet jq -e '.version == {major: 4, minor: 3} and (.checkouts | length) == 1
			and (.builds | length) == 1' "$D/kcidb.json"
	check "$name: kcidb.json: every object has an origin:id, origin pmemfi" \
		quiet jq -e '[.checkouts[], .builds[], .tests[]] | all(.origin == "pmemfi"
			and (.id | startswith("pmemfi:")))' "$D/kcidb.json"
	check "$name: kcidb.json: builds name a checkout, tests a build" \
		quiet jq -e '([.checkouts[].id]) as $c | ([.builds[].id]) as $b
			| all(.builds[]; .checkout_id as $i | $c | index($i))
			and all(.tests[]; .build_id as $i | $b | index($i))' "$D/kcidb.json"
	check "$name: kcidb.json: tests have unique ids, a path and a status KCIDB knows" \
		quiet jq -e '([.tests[].id] | length == (unique | length)) and all(.tests[];
			(.path | test("^pmemfi[.][.a-zA-Z0-9_-]*$"))
			and (.status | IN("FAIL", "ERROR", "MISS", "PASS", "DONE", "SKIP"))
			and ((.log_excerpt // "") | length <= 16384))' "$D/kcidb.json"
	check "$name: kcidb.json has no nulls (KCIDB allows none)" \
		quiet jq -e '[.. | select(. == null)] | length == 0' "$D/kcidb.json"
	want=$(n '"FAIL=\(.fail + .bug + .xfail + .run_reports) PASS=\(.pass + .xpass) SKIP=\(.skip) " +
		"ERROR=\(.timeout + .error) MISS=\(.total - .done)"' | tr -d '"')
	got=$(jq -r '[.tests[].status] as $s | ["FAIL", "PASS", "SKIP", "ERROR", "MISS"]
		| map(. as $k | "\($k)=\($s | map(select(. == $k)) | length)") | join(" ")' "$D/kcidb.json")
	check "$name: kcidb.json's statuses count what summary.json does ($want; got $got)" [ "$got" = "$want" ]
	check "$name: kcidb.json validates against the pinned KCIDB v4.3 schema$(validate "$D/kcidb.json" | head -3 | sed 's/^/: /')" \
		quiet validate "$D/kcidb.json"
	check "$name: kcidb.json: every incident names a test and an issue of the file" \
		quiet jq -e '([.tests[].id]) as $t | ([.issues[].id]) as $i
			| all(.incidents[]; (.test_id as $x | $t | index($x)) and (.issue_id as $x | $i | index($x)))' "$D/kcidb.json"
	want=$(n '"\(.xfail + .xpass + .error + .total - .done)"' | tr -d '"')
	check "$name: kcidb.json: an incident per xfail, xpass, error and test not run ($want)" \
		[ "$(jq '[.incidents[].test_id] | unique | length' "$D/kcidb.json")" = "$want" ]
}

# validate FILE: kcidb-validate.py with Debian's python3-jsonschema (tools/install-deps.sh test).
validate() { /usr/bin/python3 tests/integration/kcidb-validate.py tests/schemas/kcidb-v4.3.json "$@"; }

not_grep() { ! grep -q "$@"; }

checks() {
	name=$1
	D=$(cd "$tmp/$name/latest" && pwd -P)
	failed_before=$failures
	[ -n "$kunit" ] && ktap_checks
	failed_before=$failures
	[ -n "$xsd" ] && junit_checks
	kcidb_checks
}

fake pass pass
checks pass
fake crash:C-first crash
check "crash: two bugs ($(jq -c .counts "$tmp/crash/latest/summary.json"))" \
	[ "$(jq .counts.bug "$tmp/crash/latest/summary.json")" = 2 ]
checks crash
fake hang:devdax.dev.2M.corrupt-pfn.B-mid hang --timeout-test 2
check "hang: a timeout ($(jq -c .counts "$tmp/hang/latest/summary.json"))" \
	[ "$(jq .counts.timeout "$tmp/hang/latest/summary.json")" = 1 ]
checks hang

# Known issues in KCIDB: issues, and incidents of the tests they excused.
printf '[leak]\nfailure  nothing was poisoned but HardwareCorrupted grew by 4 kB\nactions  corrupt-pfn\npoints   C\nmap dev\nintermittent\nlink https://example.org/leak\nreason   counted\n' > "$tmp/known-issues"
fake leak:C-mid known --known-issues "$tmp/known-issues"
K="$tmp/known/latest/kcidb.json"
check "known: the entry is a KCIDB issue, culprit the code, scope in misc" \
	quiet jq -e '.issues == [{id: "pmemfi:known:leak", version: 1, origin: "pmemfi", comment: "counted",
		report_url: "https://example.org/leak", culprit: {code: true, tool: false, harness: false},
		misc: {link: "https://example.org/leak", scope: "every kernel; actions corrupt-pfn; points C; map dev; intermittent",
		       stage: "test", intermittent: true}}]' "$K"
check "known: each xfail is a present incident of it ($(jq -c '[.incidents[].test_id | sub(".*:"; "")]' "$K"))" \
	quiet jq -e '(.incidents | length) > 0 and all(.incidents[]; .issue_id == "pmemfi:known:leak" and .present
		and (.test_id | test("C-mid")))' "$K"
# (kcidb.json only: the KTAP and JUnit checks above count no xfail or error.)
kcidb_only() { name=$1; D=$(cd "$tmp/$name/latest" && pwd -P); kcidb_checks; }
kcidb_only known
# An error: the harness is the culprit, not the kernel.
fake initerror initerror
check "error: an issue pmemfi:harness with the harness as culprit, an incident per test" \
	quiet jq -e '(.issues | map(select(.id == "pmemfi:harness" and .culprit.harness and (.culprit.code | not))) | length) == 1
		and (.incidents | length) == (.tests | length)' "$tmp/initerror/latest/kcidb.json"
kcidb_only initerror
# The schema check is no rubber stamp: a status KCIDB does not know, and a null, fail it.
jq '.tests[0].status = "BROKEN"' "$K" > "$tmp/broken.json"
jq '.incidents[0].issue_version = null' "$K" > "$tmp/broken-null.json"
validate "$tmp/broken.json" > "$tmp/broken.out"
brc=$?
check "a broken kcidb.json fails validation (exit $brc), naming the field: $(head -1 "$tmp/broken.out")" \
	sh -c "[ $brc = 1 ] && grep -q '/tests/0/status: .BROKEN. is not one of' $tmp/broken.out"
validate "$tmp/broken-null.json" > "$tmp/broken.out"
brc=$?
check "a null in kcidb.json fails validation (exit $brc): $(head -1 "$tmp/broken.out")" \
	sh -c "[ $brc = 1 ] && grep -q '/incidents/0/issue_version: None is not of type .integer.' $tmp/broken.out"

# ^C after two tests: the rest were planned and never ran.
interrupted_fake_run "$tmp/int" '*corrupt-pfn*' zero
check "interrupted: status interrupted, tests left ($(jq -c '[.status, .counts.done, .counts.total]' \
	"$tmp/int/latest/summary.json"))" \
	quiet jq -e '.status == "interrupted" and .counts.done < .counts.total' "$tmp/int/latest/summary.json"
checks int
finish
