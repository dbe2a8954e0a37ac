#!/bin/bash
# Build the debug kernel that the VM tests can boot in place of Debian's:
# Debian's own linux-source-6.1 (the stock kernel's source) with
# scripts/debug-kernel.config and the fixes in scripts/debug-kernel-patches
# (each says why). Cached in build/debug-kernel, keyed on the config and the
# source package version; takes about 20 minutes on an idle 2-core machine.
# A patch added since the cached build is applied and only what it touches
# is rebuilt.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || { echo "debug-kernel: no $tarball: apt-get install linux-source-6.1" >&2; exit 1; }
ver=$(dpkg-query -W -f '${Version}' linux-source-6.1)
key="$ver $(sha256sum scripts/debug-kernel.config | cut -c1-16)"
out=build/debug-kernel
patches=$(cd scripts/debug-kernel-patches && sha256sum -- *.patch)

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
	echo "debug-kernel: building (about 20 minutes from scratch)"
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
echo "debug-kernel: unpacking linux-source-6.1 $ver"
tar -xf "$tarball" -C "$out" --strip-components=1
apply_new_patches
cd "$out"
make -s x86_64_defconfig kvm_guest.config
scripts/kconfig/merge_config.sh -m .config ../../scripts/debug-kernel.config >/dev/null
make -s olddefconfig
for opt in KASAN PROVE_LOCKING DEBUG_KMEMLEAK VFIO_MDEV 9P_FS; do
	grep -Eq "^CONFIG_$opt=[ym]" .config || { echo "debug-kernel: CONFIG_$opt did not stick" >&2; exit 1; }
done
cd ../..
build
echo "$key" >"$out/.key"
echo "debug-kernel: built $(make -s -C "$out" kernelrelease)"
