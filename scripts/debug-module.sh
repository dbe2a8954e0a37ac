#!/bin/bash
# Build our module against the debug kernel tree (scripts/debug-kernel.sh),
# from the same sources, in build/debug-module. Prints the .ko's path.
set -euo pipefail
cd "$(dirname "$0")/.."
out=build/debug-module
mkdir -p "$out"
cp VERSION kernel/Kbuild kernel/*.[ch] "$out/"
rm -f "$out/vgpu_display.mod.c"
make -s -C build/debug-kernel M="$PWD/$out" modules >&2
echo "$PWD/$out/vgpu_display.ko"
