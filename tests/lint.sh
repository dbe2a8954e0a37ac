#!/bin/bash
# Kernel code standards: checkpatch.pl --strict (from Debian's
# linux-source-6.1) and sparse. Usage: tests/lint.sh checkpatch|sparse KDIR
set -uo pipefail
cd "$(dirname "$0")/.."
srcs=()
for f in kernel/vgpu_*.[ch]; do
	[ "$f" = kernel/vgpu_display.mod.c ] || srcs+=("$f")
done

case "${1:-}" in
checkpatch)
	src=$(scripts/kernel-source.sh scripts/checkpatch.pl scripts/spelling.txt \
		scripts/const_structs.checkpatch) || exit 1
	out=$(perl "$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--show-types -f ${srcs[*]} 2>&1 | grep -E '(ERROR|WARNING|CHECK):')
	if [ -n "$out" ]; then
		echo "$out"
		exit 1
	fi
	echo "checkpatch --strict: clean (${#srcs[@]} files)"
	;;
sparse)
	kdir=$2
	# Rebuild every object so that sparse sees all of them.
	out=$(make -s -C "$kdir" M="$PWD/kernel" C=2 modules 2>&1 |
		grep -E 'warning|error' | grep -v 'Skipping BTF')
	if [ -n "$out" ]; then
		echo "$out"
		exit 1
	fi
	echo "sparse: clean"
	;;
*)
	echo "usage: $0 checkpatch|sparse KDIR" >&2
	exit 2
	;;
esac
