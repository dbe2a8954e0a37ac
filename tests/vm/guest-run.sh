#!/bin/bash
# Runs inside the test VM: load VFIO, mdev and our module, then the test.
# Usage: guest-run.sh TEST [ARGS...]
set -uo pipefail
repo=$(pwd)
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export VGPU_REPO=$repo
export VGPU_KO=${VGPU_KO:-$repo/kernel/vgpu_display.ko}
export VGPU_BIN=$repo/build/bin
# Files left here reach the host when it asks (VM_OUT).
export VGPU_OUT=/run/scratch/out
mkdir -p "$VGPU_OUT"

# kmemleak, where the kernel has it, scans once the test is over.
modprobe -a vfio vfio_iommu_type1 mdev || { echo "vm: cannot load vfio/mdev"; exit 1; }
if [ -f "$VGPU_KO" ]; then
	for dep in $(modinfo -F depends "$VGPU_KO" | tr ',' ' '); do
		modprobe "$dep" || { echo "vm: cannot load $dep"; exit 1; }
	done
	insmod "$VGPU_KO" || { echo "vm: cannot load $VGPU_KO"; exit 1; }
fi

echo "vm: running $(basename "$1") on $(uname -r)"
bash "$@"
rc=$?
if [ -w /sys/kernel/debug/kmemleak ]; then
	echo scan >/sys/kernel/debug/kmemleak
	if [ -s /sys/kernel/debug/kmemleak ]; then
		echo "vm: kmemleak found leaks:"
		cat /sys/kernel/debug/kmemleak
		rc=1
	fi
fi
exit $rc
