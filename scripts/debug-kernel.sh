#!/bin/bash
# Build the debug kernel that the VM tests can boot in place of Debian's:
# Debian's own kernel source with scripts/debug-kernel.config and the
# fixes that release needs from scripts/debug-kernel-patches (each says
# why; SERIES-X.Y lists the ones for release X.Y).
# Usage: scripts/debug-kernel.sh [SUITE]
#   SUITE bookworm (the default: linux-source-6.1 of this machine) or
#   trixie (linux-source-6.12 of the trixie build root that
#   scripts/suite-kernel.sh makes). Built with this machine's compiler:
#   unlike Debian's headers, a tree we configure ourselves does not need
#   the suite's gcc.
# Cached in build/debug-kernel (bookworm) or build/debug-kernel-SUITE,
# keyed on the config and the source package version; about 20 minutes
# (6.1) on an idle 2-core machine. A patch added since the cached build is
# applied and only what it touches is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
suite=${1:-bookworm}
case "$suite" in
bookworm)
	out=build/debug-kernel
	admindir=/var/lib/dpkg
	srcdir=/usr/src
	;;
trixie)
	out=build/debug-kernel-$suite
	"$(dirname "$0")/suite-kernel.sh" "$suite" >/dev/null
	admindir=build/suites/$suite/var/lib/dpkg
	srcdir=build/suites/$suite/usr/src
	;;
*) echo "usage: $0 [bookworm|trixie]" >&2; exit 2 ;;
esac
pkg=$(dpkg-query --admindir="$admindir" -W -f '${db:Status-Abbrev} ${Package}\n' 'linux-source-*' 2>/dev/null |
	awk '$1 == "ii" && $2 ~ /^linux-source-[0-9]+\.[0-9]+$/ { print $2 }' | sort -V | tail -1)
[ -n "$pkg" ] || { echo "debug-kernel: no linux-source package for $suite: apt-get install linux-source" >&2; exit 1; }
series=${pkg#linux-source-}
tarball=$srcdir/$pkg.tar.xz
[ -f "$tarball" ] || { echo "debug-kernel: no $tarball: install $pkg" >&2; exit 1; }
ver=$(dpkg-query --admindir="$admindir" -W -f '${Version}' "$pkg")
key="$ver $(sha256sum scripts/debug-kernel.config | cut -c1-16)"
list=scripts/debug-kernel-patches/SERIES-$series
[ -f "$list" ] || { echo "debug-kernel: no $list: which patches does $series need?" >&2; exit 1; }
patches=$(cd scripts/debug-kernel-patches && grep -v '^#' "SERIES-$series" | xargs -r sha256sum --)

# apply_new_patches: apply the patches the tree lacks; false if a patch it
# has was changed or removed since (then only a fresh tree will do).
apply_new_patches() {
	local applied name
	applied=$(cat "$out/.patches" 2>/dev/null || true)
	while read -r line; do
		[ -z "$line" ] || grep -qxF "$line" <<<"$patches" || return 1
	done <<<"$applied"
	while read -r line; do
		[ -n "$line" ] || continue
		grep -qxF "$line" <<<"$applied" && continue
		name=${line#*  }
		echo "debug-kernel: applying $name"
		patch -s -d "$out" -p1 <"scripts/debug-kernel-patches/$name"
		echo "$line" >>"$out/.patches"
	done <<<"$patches"
}

build() {
	echo "debug-kernel: building $series (20 minutes or more)"
	make -s -C "$out" -j"$(nproc)" bzImage modules
	make -s -C "$out" modules_install INSTALL_MOD_PATH="$PWD/$out/mods" INSTALL_MOD_STRIP=1
}

if [ -f "$out/.key" ] && [ "$(cat "$out/.key")" = "$key" ]; then
	[ "$(cat "$out/.patches" 2>/dev/null)" = "$patches" ] && exit 0
	if apply_new_patches; then
		build
		echo "debug-kernel: rebuilt $(make -s -C "$out" kernelrelease) with the new patches"
		exit 0
	fi
fi
rm -rf "$out"
mkdir -p "$out"
echo "debug-kernel: unpacking $pkg $ver"
tar -xf "$tarball" -C "$out" --strip-components=1
apply_new_patches
cd "$out"
make -s x86_64_defconfig kvm_guest.config
scripts/kconfig/merge_config.sh -m .config "$OLDPWD/scripts/debug-kernel.config" >/dev/null
make -s olddefconfig
for opt in KASAN PROVE_LOCKING DEBUG_KMEMLEAK VFIO_MDEV 9P_FS SAMPLE_VFIO_MDEV_MBOCHS DRM_VGEM VIDEO_VIVID MEMCG; do
	grep -Eq "^CONFIG_$opt=[ym]" .config || { echo "debug-kernel: CONFIG_$opt did not stick" >&2; exit 1; }
done
cd "$OLDPWD"
build
echo "$key" >"$out/.key"
echo "debug-kernel: built $(make -s -C "$out" kernelrelease)"
