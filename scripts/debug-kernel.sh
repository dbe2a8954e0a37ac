#!/bin/bash
# Build the debug kernel that the VM tests can boot in place of Debian's:
# Debian's own linux-source-6.1 (the stock kernel's source) with
# scripts/debug-kernel.config. Cached in build/debug-kernel, keyed on the
# config and the source package version; takes about 20 minutes on 2 cores.
set -euo pipefail
cd "$(dirname "$0")/.."
tarball=/usr/src/linux-source-6.1.tar.xz
[ -f "$tarball" ] || { echo "debug-kernel: no $tarball: apt-get install linux-source-6.1" >&2; exit 1; }
ver=$(dpkg-query -W -f '${Version}' linux-source-6.1)
key="$ver $(sha256sum scripts/debug-kernel.config | cut -c1-16)"
out=build/debug-kernel
if [ -f "$out/.key" ] && [ "$(cat "$out/.key")" = "$key" ]; then
	exit 0
fi
rm -rf "$out"
mkdir -p "$out"
echo "debug-kernel: unpacking linux-source-6.1 $ver"
tar -xf "$tarball" -C "$out" --strip-components=1
cd "$out"
make -s x86_64_defconfig kvm_guest.config
scripts/kconfig/merge_config.sh -m .config ../../scripts/debug-kernel.config >/dev/null
make -s olddefconfig
for opt in KASAN PROVE_LOCKING DEBUG_KMEMLEAK VFIO_MDEV 9P_FS; do
	grep -Eq "^CONFIG_$opt=[ym]" .config || { echo "debug-kernel: CONFIG_$opt did not stick" >&2; exit 1; }
done
echo "debug-kernel: building (about 20 minutes)"
make -s -j"$(nproc)" bzImage modules
make -s modules_install INSTALL_MOD_PATH="$PWD/mods" INSTALL_MOD_STRIP=1
echo "$key" >.key
echo "debug-kernel: built $(make -s kernelrelease)"
