#!/bin/bash
# make check-kernels: tests/check.sh, whose VM suite runs on each of
# Debian's newer kernels in turn (scripts/suite-kernel.sh), then one line
# per kernel: its release, the counts and the minutes it took. Each
# kernel's full output is kept in build/check-KERNEL.log.
# Usage: tests/check-kernels.sh [KERNEL...]   (default: trixie trixie-rt sid)
set -uo pipefail
cd "$(dirname "$0")/.."
kernels=("$@")
[ ${#kernels[@]} -gt 0 ] || kernels=(trixie trixie-rt sid)
summary=()
rc=0
for k in "${kernels[@]}"; do
	log=build/check-$k.log
	echo "=== VM_KERNEL=$k (log: $log)"
	start=$(date +%s)
	VM_KERNEL=$k tests/check.sh >"$log" 2>&1
	krc=$?
	minutes=$(( ($(date +%s) - start + 30) / 60 ))
	[ $krc -eq 0 ] || rc=1
	grep -E '^(not ok|failed:|vm: .*(FAILED|kernel reported))' "$log" | head -20
	rel=$(sed -n 's/^vm: running .* on \(.*\)$/\1/p' "$log" | head -1)
	counts=$(tail -1 "$log")
	summary+=("$k ${rel:-?}: $counts, $minutes min")
done
echo
printf '%s\n' "${summary[@]}"
exit $rc
