#!/bin/bash
# Build the kernel's mdev display samples, mdpy and mbochs, from Debian's
# linux-source-6.1 against the same headers as our module, in
# build/samples. They are references for tests and benchmarks; never
# committed.
# Usage: scripts/build-samples.sh [amd64|rt-amd64]
#   amd64 (the default) builds for the stock kernel in build/samples;
#   rt-amd64 for the PREEMPT_RT kernel in build/samples-rt. Debian ships
#   the samples in neither kernel, and both are built from the same 6.1
#   source.
set -euo pipefail
cd "$(dirname "$0")/.."
flavour=${1:-amd64}
case "$flavour" in
amd64) out=build/samples ;;
rt-amd64) out=build/samples-rt ;;
*) echo "usage: $0 [amd64|rt-amd64]" >&2; exit 2 ;;
esac
kdir=/usr/src/linux-headers-$(scripts/kver.sh "$flavour")
src=$(scripts/kernel-source.sh samples/vfio-mdev/mdpy.c samples/vfio-mdev/mdpy-defs.h \
	samples/vfio-mdev/mbochs.c)
mkdir -p "$out"
# Copy only what changed, so that make rebuilds only then: tests/vm/run
# calls this for the rt kernel before every test.
for f in mdpy.c mdpy-defs.h mbochs.c; do
	cmp -s "$src/samples/vfio-mdev/$f" "$out/$f" || cp "$src/samples/vfio-mdev/$f" "$out/"
done
echo 'obj-m := mdpy.o mbochs.o' | cmp -s - "$out/Kbuild" || echo 'obj-m := mdpy.o mbochs.o' >"$out/Kbuild"
make -s -C "$kdir" M="$PWD/$out" modules 2>&1 | grep -v 'Skipping BTF' >&2 || true
test -f "$out/mdpy.ko" && test -f "$out/mbochs.ko"
