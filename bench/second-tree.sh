#!/bin/sh
# Benchmark: a second source tree of the same kernel (a git tree of
# Debian's linux-source-6.12, as a bisection has), built cold: no kernel
# cache entry and no make objects for it, only ccache. Once with ccache's
# base directory over the work root (what kbuild sets, CCACHE_BASEDIR =
# <cache>/work), once without (CCACHE_BASEDIR empty: the work copy's
# absolute paths are hashed). Each tree is its own commit, so each build
# starts from nothing. Run it after the default kernel was built once.
# (git add -f: Debian's top-level .gitignore ignores everything but debian/.)
# Prints per build: wall seconds, ccache hits and misses, and the ratio.
# usage: bench/second-tree.sh [extra pmemfi run options]
cd "$(dirname "$0")/.." || exit 1
src=$(ls -d "${PMEMFI_CACHE:-$HOME/.cache/pmemfi}"/src/linux-source-6.12-*/linux-source-6.12 2>/dev/null | tail -1)
[ -d "$src" ] || { echo "bench: no unpacked linux-source-6.12 (run ./run.sh once)" >&2; exit 2; }
command -v ccache >/dev/null || { echo "bench: needs ccache" >&2; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

build() {
	mode=$1
	shift
	tree=$tmp/tree-$mode
	cp -a "$src" "$tree"
	(cd "$tree" && git init -q && git add -A -f && git -c user.name=bench -c user.email=bench@localhost \
		commit -qm "second tree ($mode)") || exit 3
	ccache -z >/dev/null
	t0=$(date +%s)
	harness/pmemfi run --kernel-tree "$tree" --tests '*devdax.dev.2M.layout*' \
		--results "$tmp/res-$mode" "$@" > "$tmp/$mode.out" 2>&1 || [ $? -eq 1 ] ||
		{ echo "bench: the $mode build failed: $(tail -1 "$tmp/$mode.out")" >&2; exit 3; }
	t1=$(date +%s)
	set -- $(ccache --print-stats | awk '$1 == "direct_cache_hit" || $1 == "preprocessed_cache_hit" { h += $2 }
		$1 == "cache_miss" { m = $2 } END { print h + 0, m + 0 }')
	printf '%-16s %8d %8d %8d\n' "$mode" $((t1 - t0)) "$1" "$2"
	eval "secs_$mode=$((t1 - t0))"
	rm -rf "$tree"
}

printf '%-16s %8s %8s %8s\n' build wall_s hits misses
build base_dir "$@"
export CCACHE_BASEDIR=
build no_base_dir "$@"
echo "ratio wall, with base_dir / without: $(awk "BEGIN { printf \"%.2f\", $secs_base_dir / $secs_no_base_dir }")"
