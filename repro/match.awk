# Did the console show the run's failure? pmemfi's rule (harness/console/report.c):
# a report opens at one of the header lines of its kind, which holds the title's
# text (for a kind another report takes in, its own line does); its guilty frame is the
# function the header names, else the RIP's, else the first reliable call-trace
# frame, each skipping frames that report a bug rather than cause it; its title
# is the kind's text and " in FRAME". A failed check is a "repro: FAIL:" line
# with the run's words (numbers aside). Exit 1: shown; 0: not, and the program
# finished; 2: neither (it never got as far as the cell).
function clean(f) {
	sub(/^[ \t]*(\? )?/, "", f)
	sub(/\+0x[0-9a-f]+\/0x[0-9a-f]+.*/, "", f)
	gsub(/\.(isra|constprop|part|llvm|lto_priv)\.[0-9]+/, "", f)
	sub(/\.cold$/, "", f)
	return f
}
function skipped(f, n,   i) {
	for (i = 1; i <= n; i++)
		if (index(f, skip[i]) == 1)
			return 1
	return 0
}
function opens(s,   i) {
	for (i = 1; i <= nheads; i++)
		if (index(s, head[i]) == 1 && index(s, has1[i]) && index(s, has2[i]))
			return 1
	return 0
}
function header_frame(s,   t) {
	if (!match(s, /[A-Za-z_.$][A-Za-z0-9_.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+/))
		return ""
	t = clean(substr(s, RSTART, RLENGTH))
	return skipped(t, head_skip ? nskip : ngeneric) ? "" : t
}
function conclude(   f, t) {
	f = hframe != "" ? hframe : (rip != "" ? rip : first)
	t = kindtext (f != "" ? " in " f : "")
	if (open && textok && t == title)
		found = 1
	open = 0
}
# The title's text as a header has it: with dashes, or with spaces (UBSAN_TRAP's).
function holds(s) {
	return index(s, need) > 0 || index(s, needsp) > 0
}
function norm(s) {
	gsub(/0x[0-9a-f]+/, "0x", s)
	return s
}
NR == 1 { needsp = need; gsub(/-/, " ", needsp) }
{
	s = $0
	sub(/^\[ *[0-9]+\.[0-9]+\] ?/, "", s)
	sub(/^\[ *[TC][0-9]+\] ?/, "", s)
	sub(/\r$/, "", s)
}
failure != "" && index(s, "repro: FAIL: ") == 1 && index(norm(substr(s, 14)), norm(failure)) == 1 { found = 1 }
s ~ /^repro: done: / { done = 1 }
opens(s) {
	if (open)
		conclude()
	open = 1; textok = text == "" && holds(s); rip = ""; first = ""; irq = 0; wantat = 0
	hframe = header_frame(s)
}
# lockdep: the "at:" line after the line that names the lock names the culprit.
open && nlockkeys && hframe == "" && wantat && match(s, /, at: [A-Za-z_.$][A-Za-z0-9_.$]*\+0x/) {
	t = clean(substr(s, RSTART + 6))
	if (!skipped(t, ngeneric))
		hframe = t
	wantat = 0
}
open && nlockkeys && hframe == "" { for (i = 1; i <= nlockkeys; i++) if (index(s, lockkey[i])) wantat = 1 }
open && text != "" && index(s, text) == 1 && index(s, text1) && index(s, text2) {
	t = s; sub(/ (probably|maybe) /, " ", t)
	textok = holds(t)
}
open && s ~ /^RIP: [0-9a-f]+:/ && rip == "" && !no_rip && !(spins && irq) {
	t = s; sub(/^RIP: [0-9a-f]+:/, "", t); t = clean(t)
	if (t ~ /^[A-Za-z_]/ && !skipped(t, nskip))
		rip = t
}
open && s ~ /^[ \t]*<(IRQ|NMI|SOFTIRQ)>/ { irq = 1 }
open && s ~ /^[ \t]*<\/(IRQ|NMI|SOFTIRQ)>/ { irq = 0 }
open && first == "" && s ~ /^[ \t]+[A-Za-z_.$][A-Za-z0-9_.$]*\+0x[0-9a-f]+\/0x[0-9a-f]+/ && !(spins && irq) {
	t = clean(s)
	if (!skipped(t, nskip))
		first = t
}
open && (s ~ /^---\[ end / || s ~ /^==========/ || s ~ /^Kernel panic - not syncing/) { conclude() }
END {
	if (open)
		conclude()
	exit found ? 1 : done ? 0 : 2
}
