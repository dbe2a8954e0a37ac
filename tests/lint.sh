#!/bin/bash
# Kernel code standards for kernel/ and guest-kms/: checkpatch.pl --strict
# (from Debian's linux-source-6.1) and sparse. Usage: tests/lint.sh checkpatch|sparse KDIR
set -uo pipefail
cd "$(dirname "$0")/.."
# The host module and the guest's KMS driver, not Kbuild's generated files.
srcs=()
for f in kernel/vgpu_*.[ch] guest-kms/vgpu_kms_*.[ch]; do
	case "$f" in *.mod.c) ;; *) srcs+=("$f") ;; esac
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
	out=$(for m in kernel guest-kms; do
		make -s -C "$kdir" M="$PWD/$m" C=2 modules 2>&1
	done | grep -E 'warning|error' | grep -v 'Skipping BTF')
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
