#!/bin/sh
# Restore instead of reboot, against the fake QEMU (no VM boots, seconds):
# every verdict is the one a cold boot gives (--no-restore), whatever the
# guest does, and each way a restore can go wrong falls back to a boot,
# said in the results. The real-QEMU proof is in stock-quick.sh.
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
fake_setup

fake() { fake_run "$@"; }
# Each test's verdict, reason and report title: what must not depend on restores.
verdicts() { jq -r '.tests[] | "\(.name) \(.verdict) \(.reason // "") \(.title // "")"' "$1" | sort; }
timing() { jq -r '"vms=\(.timing.vms) restores=\(.timing.restores)"' "$S"; }

# Each mode once with restores and once without: the same verdicts.
for mode in pass crash:C-first crash:A crash:setup leak:setup.devdax hang:B-mid leak:C-mid skip:B-first initerror; do
	tag=$(echo "$mode" | tr ':' '-')
	fake "$mode" "cold-$tag" --no-restore --timeout-test 2
	cold_rc=$rc cold=$(verdicts "$S")
	fake "$mode" "warm-$tag" --timeout-test 2
	check "$mode: the same verdicts and exit code with restores ($cold_rc $rc)" \
		[ "$cold" = "$(verdicts "$S")" -a "$cold_rc" = "$rc" -a -n "$cold" ]
	[ "$mode" = crash:A ] && check "$mode: one boot, a restore after each crash ($(timing))" \
		[ "$(timing) $(jq '.timing.boot_total > 0' "$S")" = "vms=4 restores=3 true" ]
	[ "$mode" = crash:setup ] && check "$mode: a setup that crashes leaves no template: no restores ($(timing))" \
		[ "$(timing)" = "vms=2 restores=0" ]
	[ "$mode" = leak:setup.devdax ] && check "$mode: a setup step that fails is no template: said, no restores ($(timing))" \
		sh -c "[ '$(timing)' = 'vms=1 restores=0' ] && grep -q 'vm-01: not saved as a template (its setup was not clean): its group boots cold' '$tmp/warm-$tag.out'"
done
fake crash:A cold --no-restore
check "--no-restore: a boot per VM, no restore ($(timing))" [ "$(timing)" = "vms=3 restores=0" ]

fake crash:A warm
C="$tmp/warm/latest/console"
check "a clone's console starts where the template stopped: no boot banner" \
	sh -c "! grep -q 'Linux version' $C/vm-02.log && grep -q 'Linux version' $C/vm-01.log"
check "a clone's crash is attributed to its cell" \
	quiet jq -e '[.tests[] | select(.verdict == "bug") | .console] == ["console/vm-02.log", "console/vm-03.log"]' "$S"
check "the kernel version is the template's boot's" quiet jq -e '.kernel.version // .kernel | tostring | test("6.12.0-fake")' "$tmp/warm/latest/manifest.json"
check "the summary says how many VMs were restored" grep -q '3 VMs restored instead of booted' "$tmp/warm.out"
check "the work directory is left empty" sh -c "! ls -d '$tmp'/pmemfi.* 2>/dev/null"

# A VM retried for a boot report: the retry becomes the template.
fake bootflake:"$tmp/flake-state"+crash:A-first bootflake --known-issues none
check "a boot flake: the retried VM is the template, clones follow ($(timing))" \
	[ "$(timing) $(jq .counts.boot_flakes "$S")" = "vms=4 restores=2 1" ]

# What goes wrong with a restore: each falls back to a cold boot, said once.
fake crash:A+noload noload
check "a state QEMU cannot load: booted instead, the same verdicts ($(timing))" \
	[ "$(verdicts "$S") $(timing)" = "$(verdicts "$tmp/cold/latest/summary.json") vms=5 restores=0" ]
check "...and the note quotes QEMU" \
	quiet jq -e '.notes | map(select(test("vm-01.s template not used [(]vm-02: QEMU could not load the state: .*load of migration failed.*boots cold"))) | length == 1' "$S"
fake crash:A+mute mute --timeout-boot 2
check "a restored guest that does not answer: booted instead, the same verdicts ($(timing))" \
	[ "$(verdicts "$S") $(timing)" = "$(verdicts "$tmp/cold/latest/summary.json") vms=5 restores=0" ]
check "...and the note says it did not answer" \
	quiet jq -e '.notes | map(select(test("did not begin its first step within 2 s"))) | length == 1' "$S"
fake crash:A+scribble scribble
check "a clone that wrote the golden media: the next clone refuses it, booted instead ($(timing))" \
	[ "$(verdicts "$S") $(timing)" = "$(verdicts "$tmp/cold/latest/summary.json") vms=4 restores=1" ]
check "...and the note names the namespace whose metadata changed" \
	quiet jq -e '.notes | map(select(test("namespace devdax: its metadata in .*nvdimm0.img .* changed since the template was saved"))) | length == 1' "$S"
finish
