#!/bin/sh
# The shape of the code, checked (docs/architecture.md, "How it is built"):
#  - a file in harness/STAGE/ includes only its own stage, earlier stages in
#    pipeline order, lib/ and common/: data flows one way;
#  - no function in harness/, common/ or selftests/ is over 80 lines, but
#    those listed below with the reason.
. "$(dirname "$0")/integration/lib.sh"
cd "$(dirname "$0")/.."

# Pipeline order: a stage may include those before it.
stages="lib config kernel guest vm console verdict results session modes cli"
rank() {
	n=0
	for s in $stages; do
		[ "$s" = "$1" ] && { echo $n; return; }
		n=$((n + 1))
	done
	echo -1
}

bad=0
for f in harness/*/*.[ch]; do
	stage=${f#harness/}; stage=${stage%%/*}
	me=$(rank "$stage")
	if [ "$me" -lt 0 ]; then
		not_ok "$f: harness/$stage is not a stage of the pipeline ($stages)"
		bad=$((bad + 1)); continue
	fi
	for inc in $(sed -n 's/^#include "\([^"]*\)".*/\1/p' "$f"); do
		to=${inc%%/*}
		[ "$to" = common ] && continue
		r=$(rank "$to")
		if [ "$r" -lt 0 ] || [ "$inc" = "$to" ]; then
			not_ok "$f includes \"$inc\": not \"stage/file.h\" or \"common/file.h\""
			bad=$((bad + 1))
		elif [ "$r" -gt "$me" ]; then
			not_ok "$f ($stage) includes $inc: $to is a later stage"
			bad=$((bad + 1))
		fi
	done
done
[ $bad = 0 ] && ok "every harness include goes to its own or an earlier stage"

# Functions over 80 lines, and why each may be (file:function).
allowed="
harness/cli/options.c:options_parse	one case per option of getopt_long's table, each a few lines
"
long=$(awk '
	/^[a-zA-Z].*\(/ { sig = $0; sub(/\(.*/, "", sig); n = split(sig, w, /[ *]+/); fn = w[n] }
	/^\{/ { start = FNR; name = fn }
	/^\}/ { if (start && FNR - start - 1 > 80) printf "%s:%s:%d\n", FILENAME, name, FNR - start - 1; start = 0 }
' harness/*/*.c common/*.c selftests/*.c selftests/lib/*.c vm-images/*.c)
nl=0
for l in $long; do
	key=${l%:*}
	if printf '%s\n' "$allowed" | grep -q "^$key	"; then
		continue
	fi
	not_ok "${l%:*} has ${l##*:} lines, over 80"
	nl=$((nl + 1))
done
[ $nl = 0 ] && ok "no function over 80 lines but the $(printf '%s\n' "$allowed" | grep -c .) listed"
finish
