#!/bin/sh
# Build the pmemfi guest initramfs: busybox, the guest programs and the
# shared libraries they load (libndctl, libdaxctl, ...), mke2fs, and, for a
# modular kernel, the modules listed in vm-images/modules with their
# dependencies (decompressed, with a fresh modules.dep). With --nfit, the
# kernel's nfit_test modules go to /lib/nfit_test with their load order in
# /etc/pmemfi/modules-nfit: they replace the nvdimm stack, so only a VM
# booted with pmemfi.modules=nfit_test loads them (vm-images/init).
#
# The archive is not compressed: a KASAN kernel under TCG takes over a
# second to inflate it, longer than QEMU takes to load the bigger file.
#
# usage: build-initramfs.sh --release R --bin DIR --out FILE [--mod-root DIR] [--nfit DIR]
#   --release   kernel release (uname -r of the guest kernel)
#   --bin       directory with the compiled guest programs
#   --mod-root  directory holding lib/modules/R (omit for a kernel without modules)
#   --out       the cpio archive to write
#   --nfit      directory holding the nfit_test .ko files (tools/testing/nvdimm)
# Exit status: 0 built, 2 bad arguments or inputs, 3 a tool failed.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
release= bin= modroot= out= nfit=

die() { code=$1; shift; echo "build-initramfs: $*" >&2; exit "$code"; }

while [ $# -gt 0 ]; do
	case "$1" in
	--release) release=${2:-}; shift 2 ;;
	--bin) bin=${2:-}; shift 2 ;;
	--mod-root) modroot=${2:-}; shift 2 ;;
	--out) out=${2:-}; shift 2 ;;
	--nfit) nfit=${2:-}; shift 2 ;;
	*) die 2 "unknown argument '$1'" ;;
	esac
done
[ -n "$release" ] || die 2 "--release is required"
[ -d "$bin" ] || die 2 "--bin '$bin' is not a directory"
[ -n "$out" ] || die 2 "--out is required"
[ -z "$modroot" ] || [ -d "$modroot/lib/modules/$release" ] ||
	die 2 "--mod-root '$modroot' has no lib/modules/$release"
[ -z "$nfit" ] || [ -f "$nfit/nfit_test.ko" ] || die 2 "--nfit '$nfit' has no nfit_test.ko"
for tool in cpio ldd depmod modprobe; do
	command -v "$tool" >/dev/null 2>&1 || die 3 "'$tool' not found (run ./run.sh once to install packages)"
done
# Debian's busybox-static: the guest has no libc of its own for busybox.
busybox=/bin/busybox
[ -x "$busybox" ] || die 3 "$busybox not found (apt-get install busybox-static)"

stage=$(mktemp -d "${TMPDIR:-/tmp}/pmemfi-initramfs.XXXXXX")
trap 'rm -rf "$stage"' EXIT INT TERM

mkdir -p "$stage/bin" "$stage/sbin" "$stage/usr/lib/pmemfi" "$stage/etc/pmemfi" \
	"$stage/dev" "$stage/proc" "$stage/sys" "$stage/run" "$stage/tmp" "$stage/mnt" \
	"$stage/lib/modules/$release"
cp "$busybox" "$stage/bin/busybox"
for applet in $("$busybox" --list); do
	[ "$applet" = busybox ] || ln -s busybox "$stage/bin/$applet"
done
# The kernel's usermode helper runs /sbin/modprobe (ext4 asks it for crc32c).
ln -s ../bin/busybox "$stage/sbin/modprobe"


# Dynamic programs and every library they load, at the same paths.
copy_with_libs() {
	dest=$1 src=$2
	rm -f "$stage$dest"
	cp "$src" "$stage$dest"
	ldd "$src" 2>/dev/null | awk '/=> \//{print $3} /^\t\/[^ ]*ld-linux/{print $1}' |
	while read -r lib; do
		[ -e "$stage$lib" ] && continue
		mkdir -p "$stage$(dirname "$lib")"
		cp -L "$lib" "$stage$lib"
	done
}
for prog in "$bin"/*; do
	[ -x "$prog" ] || continue
	copy_with_libs "/usr/lib/pmemfi/$(basename "$prog")" "$prog"
done
[ -x "$stage/usr/lib/pmemfi/pmemfi-runner" ] || die 2 "$bin has no pmemfi-runner"
mke2fs=$(command -v mke2fs || echo /sbin/mke2fs)
[ -x "$mke2fs" ] || die 3 "mke2fs not found (e2fsprogs)"
copy_with_libs /sbin/mke2fs "$mke2fs"
# The ndctl tool itself is not used by the tests; it is there for a human
# debugging a guest (daxctl too). cxl is: it commits the CXL region a
# namespace on CXL memory needs (selftests/lib/devmem.c).
for tool in ndctl daxctl cxl; do
	command -v "$tool" >/dev/null 2>&1 && copy_with_libs "/bin/$tool" "$(command -v "$tool")"
done

# Boot modules to /etc/pmemfi/modules; every module, on-demand ones too,
# into the image.
grep -v '^#' "$here/modules" | awk 'NF && $2 != "on-demand" { print $1 }' > "$stage/etc/pmemfi/modules"
grep -v '^#' "$here/modules" | awk 'NF { print $1 }' > "$stage/etc/pmemfi/modules-all"
if [ -n "$modroot" ]; then
	src="$modroot/lib/modules/$release"
	dst="$stage/lib/modules/$release"
	for f in modules.builtin modules.builtin.modinfo modules.order; do
		[ -f "$src/$f" ] && cp "$src/$f" "$dst/"
	done
	for m in $(cat "$stage/etc/pmemfi/modules-all"); do
		# Not a module of this kernel (built in, or absent): init says so.
		modprobe -C /dev/null -d "$modroot" -S "$release" --show-depends "$m" 2>/dev/null || true
	done | awk '$1 == "insmod" { print $2 }' | sort -u | while read -r ko; do
		rel=${ko#"$src"/}
		mkdir -p "$dst/$(dirname "$rel")"
		case "$ko" in
		*.xz) xz -dc "$ko" > "$dst/${rel%.xz}" ;;
		*.zst) zstd -qdc "$ko" > "$dst/${rel%.zst}" ;;
		*.gz) gzip -dc "$ko" > "$dst/${rel%.gz}" ;;
		*) cp "$ko" "$dst/$rel" ;;
		esac
	done
	depmod -b "$stage" "$release" || die 3 "depmod failed for $release"
fi
if [ -n "$nfit" ]; then
	# A private module tree for the load order only; the guest insmods
	# the files in that order (busybox modprobe knows one tree).
	ndir="$stage/lib/nfit_test"
	mkdir -p "$ndir/lib/modules/$release/extra"
	cp "$nfit"/*.ko "$ndir/lib/modules/$release/extra/"
	depmod -b "$ndir" "$release" || die 3 "depmod failed for the nfit_test modules"
	for m in nfit_test nd_pmem nd_btt dax_pmem device_dax; do
		modprobe -C /dev/null -d "$ndir" -S "$release" --show-depends "$m" ||
			die 3 "nfit_test module $m missing from $nfit"
	done | awk '$1 == "insmod" && !seen[$2]++ { print $2 }' |
		sed "s|^$stage||" > "$stage/etc/pmemfi/modules-nfit"
	grep -q nfit_test.ko "$stage/etc/pmemfi/modules-nfit" || die 3 "no load order for nfit_test"
fi
cp "$here/init" "$stage/init"
chmod 755 "$stage/init"

mkdir -p "$(dirname "$out")"
(cd "$stage" && find . | LC_ALL=C sort | cpio -o -H newc --quiet) > "$out.tmp" ||
	die 3 "cpio failed writing $out"
mv "$out.tmp" "$out"
