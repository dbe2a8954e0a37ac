#!/bin/bash
# Build the kernel's mdev display samples, mdpy and mbochs, from Debian's
# linux-source-6.1 against the same headers as our module, in
# build/samples. They are references for tests and benchmarks; never
# committed.
set -euo pipefail
cd "$(dirname "$0")/.."
kdir=/usr/src/linux-headers-$(scripts/kver.sh)
src=$(scripts/kernel-source.sh samples/vfio-mdev/mdpy.c samples/vfio-mdev/mdpy-defs.h \
	samples/vfio-mdev/mbochs.c)
out=build/samples
mkdir -p "$out"
cp "$src"/samples/vfio-mdev/{mdpy.c,mdpy-defs.h,mbochs.c} "$out/"
echo 'obj-m := mdpy.o mbochs.o' >"$out/Kbuild"
make -s -C "$kdir" M="$PWD/$out" modules 2>&1 | grep -v 'Skipping BTF' >&2 || true
test -f "$out/mdpy.ko" && test -f "$out/mbochs.ko"
