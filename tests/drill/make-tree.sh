#!/bin/sh
# make-tree.sh SRC DEST: the bisection drill's kernel history. DEST becomes
# a git tree of the kernel sources in SRC (Debian's linux-source-6.12) with
# these commits, oldest first:
#
#   base          the sources as Debian ships them
#   fix-stats     configs/patches/fix-stats.patch: the known action_result()
#                 crash on an info-block pfn is gone; the drill's good end
#   8 commits in mm/, one of which (the 5th) applies
#                 configs/patches/seed-bug.patch: memory_failure() on a
#                 metadata pfn goes on to dax_lock_folio() again; the last
#                 is the drill's bad end
#
# The other seven only add comments: some shift code lines (a different
# kernel, still good), some append at a file's end (the same kernel as
# their parent, byte for byte). Author, committer and dates are fixed, so
# the commit ids are the same on every machine.
set -eu
src=$1 dest=$2
here=$(cd "$(dirname "$0")" && pwd)
patches=$here/../../configs/patches
[ -f "$src/Makefile" ] || { echo "make-tree.sh: $src: not a kernel source tree" >&2; exit 2; }
export GIT_AUTHOR_NAME="pmemfi drill" GIT_AUTHOR_EMAIL="drill@pmemfi.invalid"
export GIT_COMMITTER_NAME="pmemfi drill" GIT_COMMITTER_EMAIL="drill@pmemfi.invalid"
n=0
commit() {
	n=$((n + 1))
	export GIT_AUTHOR_DATE="2026-01-01T00:00:$(printf %02d $n)Z" GIT_COMMITTER_DATE="2026-01-01T00:00:$(printf %02d $n)Z"
	git -C "$dest" add -A -f
	git -C "$dest" commit -q --no-verify -m "$1"
}
# after_spdx FILE TEXT: a comment after the first line (code lines shift).
after_spdx() {
	sed -i "1a/* $2 */" "$dest/$1"
}
# at_end FILE TEXT: a comment at the end (no code line moves).
at_end() {
	printf '/* %s */\n' "$2" >> "$dest/$1"
}
apply() {
	git -C "$dest" apply "$1"
}

rm -rf "$dest.tmp"
mkdir -p "$(dirname "$dest")"
# A full copy, not hard links: git and sed write files in place of the
# tree's, and SRC is a cache others build from.
cp -a "$src" "$dest.tmp"
dest=$dest.tmp
git -C "$dest" init -q -b main
git -C "$dest" config core.autocrlf false
# No background gc packing 80000 objects while the kernels build, and
# light compression: the tree is a cache, made once.
git -C "$dest" config gc.auto 0
git -C "$dest" config core.looseCompression 1
commit "base: Debian linux-source-6.12"
apply "$patches/fix-stats.patch"
commit "mm/memory-failure: don't read the struct page of a dax metadata pfn"
after_spdx mm/memremap.c "drill: memremap_pages() hands out the altmap's pfns"
commit "mm/memremap: say where the altmap's pfns come from"
at_end mm/hwpoison-inject.c "drill: corrupt-pfn takes any pfn"
commit "mm/hwpoison-inject: note that corrupt-pfn takes any pfn"
after_spdx mm/sparse-vmemmap.c "drill: the altmap holds the memmap of its own namespace"
commit "mm/sparse-vmemmap: note whose memmap the altmap holds"
at_end mm/madvise.c "drill: MADV_HWPOISON needs CAP_SYS_ADMIN"
commit "mm/madvise: note MADV_HWPOISON's capability"
apply "$patches/seed-bug.patch"
commit "mm/memory-failure: drop the dax metadata pfn check"
after_spdx mm/page_idle.c "drill: page_idle walks pfns below max_pfn"
commit "mm/page_idle: note which pfns the bitmap walks"
at_end mm/mm_init.c "drill: ZONE_DEVICE pages are initialized by memmap_init_zone_device()"
commit "mm/mm_init: note who initializes ZONE_DEVICE pages"
at_end mm/memory-failure.c "drill: end of memory-failure.c"
commit "mm/memory-failure: mark the end of the file"
mv "$dest" "${dest%.tmp}"
