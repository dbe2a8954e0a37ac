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

# excepted: checkpatch's findings without the ones on the compat headers'
# release checks, and only on those lines: kernel/vgpu_compat.h and
# guest-kms/vgpu_kms_compat.h are the one place in each module that asks
# which kernel it is built for (LINUX_VERSION_CODE, which checkpatch also
# reads as a constant on the wrong side of a comparison). Everything else
# in those files is held to the same rules.
excepted() {
	local line file n
	while IFS= read -r line; do
		if [[ $line =~ ^(kernel/vgpu_compat\.h|guest-kms/vgpu_kms_compat\.h):([0-9]+):\ WARNING:(LINUX_VERSION_CODE|CONSTANT_COMPARISON): ]]; then
			file=${BASH_REMATCH[1]}
			n=${BASH_REMATCH[2]}
			sed -n "${n}p" "$file" | grep -Eq '^#(el)?if LINUX_VERSION_CODE < KERNEL_VERSION\(' && continue
		fi
		echo "$line"
	done
}

case "${1:-}" in
checkpatch)
	src=$(scripts/kernel-source.sh scripts/checkpatch.pl scripts/spelling.txt \
		scripts/const_structs.checkpatch) || exit 1
	out=$(perl "$src/scripts/checkpatch.pl" --no-tree --strict --terse \
		--show-types -f ${srcs[*]} 2>&1 | grep -E '(ERROR|WARNING|CHECK):' | excepted)
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
