#!/bin/bash
# make bench: boot the test VM, measure P1-P5 there (bench/guest.sh), time
# P5 on the host too, and print one table (bench/README.md says what each
# figure means). --quick: three runs per figure instead of fifteen, for
# make check, so that the benchmark cannot rot.
set -uo pipefail
cd "$(dirname "$0")/.."
quick=${1:-}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
if ! VM_OUT=$out tests/vm/run bench/guest.sh $quick >"$out/vm.log" 2>&1; then
	cat "$out/vm.log"
	echo "bench: the VM run failed" >&2
	exit 1
fi
grep '^ok - \|^not ok - ' "$out/vm.log"
build/bin/pixels_bench $quick | sed 's/^P5 /P5host /' >>"$out/bench.txt" || exit 1
echo
echo "vgpu-display benchmark, $(date -u +%Y-%m-%d), $(nproc) CPUs: $(sed -n 's/^model name\s*: //p' /proc/cpuinfo | head -1)"
runs=15
[ -n "$quick" ] && runs=3
echo "figures are medians of $runs runs; the VM is QEMU TCG (no -icount), 2 vCPUs"
awk -f bench/table.awk "$out/bench.txt"
