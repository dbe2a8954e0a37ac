#!/bin/bash
# Build our module against Debian's PREEMPT_RT headers (linux-headers-rt-amd64,
# scripts/deps.sh rt), from the same sources as kernel/, in build/rt-module.
# Prints the .ko's path. The stock build in kernel/ is left alone: the two
# kernels' modules are not interchangeable (different vermagic, and on RT
# spinlock_t is a sleeping lock).
set -euo pipefail
cd "$(dirname "$0")/.."
rel=$(scripts/kver.sh rt-amd64)
kdir=/usr/src/linux-headers-$rel
[ -d "$kdir" ] || { echo "rt-module: no kernel headers at $kdir: run scripts/deps.sh rt" >&2; exit 1; }
out=build/rt-module
mkdir -p "$out"
# Copy only what changed, so that make rebuilds only that: every VM test
# calls this, and a fresh copy of everything would rebuild everything.
for f in VERSION kernel/Kbuild kernel/*.[ch]; do
	case "$f" in *.mod.c) continue ;; esac
	cmp -s "$f" "$out/${f##*/}" || cp "$f" "$out/"
done
# A failed build must not fall back on an older .ko left in $out. The
# headers package has no vmlinux, hence the BTF notice, which is noise.
if ! log=$(make -s -C "$kdir" M="$PWD/$out" modules 2>&1); then
	echo "$log" >&2
	echo "rt-module: building against $kdir failed" >&2
	exit 1
fi
grep -v 'Skipping BTF' <<<"$log" >&2 || true
echo "$PWD/$out/vgpu_display.ko"
