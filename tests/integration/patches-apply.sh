#!/bin/sh
# Every patch of configs/patches applies to the kernel it is written for:
# configs/patches/NAME.patch to Debian's linux-source-6.12, and
# configs/patches/SERIES/NAME.patch to linux-source-SERIES (kasan:SERIES),
# with patch --dry-run (no fuzz: a fix for upstream must apply as sent).
# A patch that stacks on another of its series (fix-counters on
# fix-stats) applies on top of it. Cheap: a 7.3 source not in the cache
# is fetched (about 170 MB, once).
cd "$(dirname "$0")/../.." || exit 1
. tests/integration/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# applies TREE PATCH [BASE...]: PATCH applies to TREE alone, or after BASEs
# (each a patch of the same series), in a copy of the files they touch.
applies() {
	tree=$1 p=$2; shift 2
	patch -d "$tree" -p1 -F0 --dry-run -s -f < "$p" > /dev/null 2>&1 && return 0
	for base in "$@"; do
		[ "$base" = "$p" ] && continue
		rm -rf "$tmp/t" && mkdir -p "$tmp/t"
		for f in $(sed -n 's|^+++ b/||p' "$p" "$base" | sort -u); do
			[ -f "$tree/$f" ] || continue
			mkdir -p "$tmp/t/$(dirname "$f")" && cp "$tree/$f" "$tmp/t/$f"
		done
		patch -d "$tmp/t" -p1 -F0 -s -f < "$base" > /dev/null 2>&1 &&
			patch -d "$tmp/t" -p1 -F0 --dry-run -s -f < "$p" > /dev/null 2>&1 && return 0
	done
	return 1
}

# series KERNEL DIR: every DIR/*.patch applies to KERNEL's source.
series() {
	kernel=$1 dir=$2
	tree=$(harness/pmemfi source "$kernel" 2>"$tmp/err") || { not_ok "$kernel: no source: $(cat "$tmp/err")"; return; }
	for p in "$dir"/*.patch; do
		# shellcheck disable=SC2046
		if applies "$tree" "$p" $(ls "$dir"/*.patch); then
			ok "$p applies to $kernel ($(basename "$(dirname "$tree")"))"
		else
			not_ok "$p does not apply to $kernel ($tree), alone or on another patch of $dir"
		fi
	done
}

make -s harness/pmemfi || exit 3
series kasan configs/patches
for d in configs/patches/*/; do
	s=$(basename "$d")
	series "kasan:$s" "configs/patches/$s"
done

# The check itself: a patch of the other series must not apply.
if applies "$(harness/pmemfi source kasan 2>/dev/null)" configs/patches/7.3/fix-stats.patch; then
	not_ok "7.3's fix-stats applies to 6.12: the check cannot tell the series apart"
else
	ok "7.3's fix-stats does not apply to 6.12 (the check tells the series apart)"
fi
finish
