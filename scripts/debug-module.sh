#!/bin/bash
# Build our module against a debug kernel tree (scripts/debug-kernel.sh),
# from the same sources: Debian 12's in build/debug-module, or SUITE's
# (trixie) in build/debug-module-SUITE. Prints the .ko's path.
# Usage: scripts/debug-module.sh [SUITE]
set -euo pipefail
cd "$(dirname "$0")/.."
suffix=
[ "${1:-bookworm}" = bookworm ] || suffix=-$1
out=build/debug-module$suffix
mkdir -p "$out"
cp VERSION kernel/Kbuild kernel/*.[ch] "$out/"
rm -f "$out/vgpu_display.mod.c"
make -s -C "build/debug-kernel$suffix" M="$PWD/$out" modules >&2
echo "$PWD/$out/vgpu_display.ko"
