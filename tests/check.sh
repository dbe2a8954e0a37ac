#!/bin/bash
# Everything `make check` runs, after the build: kernel lint, host unit
# tests (ASan/UBSan builds), vgpu-vmm's command line, make install and the
# library's ABI, the man pages and the VM tests, one VM at a time. Counts
# every check and ends with "N passed, N failed".
set -uo pipefail
cd "$(dirname "$0")/.."
kdir=/usr/src/linux-headers-$(scripts/kver.sh)
passed=0
failed=0
failures=()

pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	failures+=("$1")
}

step() {
	local name=$1
	shift
	echo "== $name"
	if "$@"; then pass; else fail "$name"; fi
}

step checkpatch tests/lint.sh checkpatch
if [[ ${VM_KERNEL:-stock} =~ ^(trixie|sid)(-rt)?$ ]]; then
	flavour=amd64
	[ -n "${BASH_REMATCH[2]}" ] && flavour=rt-amd64
	step "sparse ($VM_KERNEL)" scripts/suite-kernel.sh --sparse "${BASH_REMATCH[1]}" "$flavour"
else
	step sparse tests/lint.sh sparse "$kdir"
fi
# One source for every Debian kernel (README.md, "Kernels"): make check
# builds it, warning-free and sparse-clean, for Debian 13's and unstable's
# too, in their suites' build roots (scripts/suite-kernel.sh); make
# check-kernels runs the VM suite on them.
if [ "${VM_KERNEL:-stock}" = stock ]; then
	step "builds clean for Debian 13 (trixie)" scripts/suite-kernel.sh --sparse trixie
	step "builds clean for Debian 13's PREEMPT_RT kernel" scripts/suite-kernel.sh --sparse trixie rt-amd64
	step "builds clean for Debian unstable (sid)" scripts/suite-kernel.sh --sparse sid
	# Unstable's PREEMPT_RT kernel has no mdev: only the guest's driver
	# builds, and kernel/Kbuild says why ours does not.
	step "builds clean for unstable's PREEMPT_RT kernel (vgpu_kms)" scripts/suite-kernel.sh --sparse sid rt-amd64
fi

for t in build/san/test_*; do
	echo "== unit: $(basename "$t")"
	out=$("$t" 2>&1)
	rc=$?
	echo "$out"
	p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' <<<"$out")
	f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' <<<"$out")
	passed=$((passed + ${p:-0}))
	failed=$((failed + ${f:-0}))
	[ "${f:-0}" -gt 0 ] && failures+=("unit: $(basename "$t")")
	if [ $rc -ne 0 ] && [ "${f:-0}" -eq 0 ]; then fail "unit: $(basename "$t") (exit $rc)"; fi
done

step "edid-decode --check of the default EDIDs" tests/edid-check.sh

# count_checks NAME COMMAND...: run COMMAND, show its output and count its
# "ok - " and "not ok - " lines. A failing exit (a VM that died, a kernel
# report in dmesg) fails it too, and so does a run that checked nothing.
count_checks() {
	local name=$1 out rc p f
	shift
	out=$("$@" 2>&1)
	rc=$?
	echo "$out"
	p=$(grep -c '^ok - ' <<<"$out")
	f=$(grep -c '^not ok - ' <<<"$out")
	passed=$((passed + p))
	failed=$((failed + f))
	[ "$f" -gt 0 ] && failures+=("$name")
	if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then fail "$name (exit $rc)"; fi
	if [ $rc -eq 0 ] && [ "$p" -eq 0 ]; then fail "$name ran no check"; fi
}

# On the host: vgpu-vmm's command line, make install and the library's
# ABI, and the man pages.
echo "== cli"
count_checks cli tests/cli.sh
echo "== install"
count_checks install tests/install.sh
step "man pages render without warnings" tests/man.sh

for t in ${VM_TESTS:-tests/vm/t_*.sh}; do
	# DKMS builds against a kernel's headers package, which our own debug
	# kernel does not have.
	if [[ ${VM_KERNEL:-stock} == debug* ]] && [ "$(basename "$t")" = t_dkms.sh ]; then
		echo "== vm: t_dkms.sh: not on the debug kernel (no headers package for DKMS)"
		continue
	fi
	# Today's QEMU comes with a newer suite's userland; Debian 12's 7.2 is
	# t_qemu.sh's and t_region.sh's.
	if ! [[ ${VM_KERNEL:-stock} =~ ^(trixie|sid) ]] && [ "$(basename "$t")" = t_qemu_today.sh ]; then
		echo "== vm: t_qemu_today.sh: only with a newer suite (make check-kernels)"
		continue
	fi
	echo "== vm: $(basename "$t")"
	count_checks "vm: $(basename "$t")" tests/vm/run "$t"
done

# The benchmark, once in its quick mode so that it cannot rot; its
# figures are printed, not asserted, but its two design checks count.
if [ -z "${VM_TESTS:-}" ] && [ "${VM_KERNEL:-stock}" = stock ]; then
	echo "== bench --quick"
	count_checks "bench --quick" bench/run.sh --quick
fi

echo
[ $failed -gt 0 ] && printf 'failed: %s\n' "${failures[@]}"
echo "$passed passed, $failed failed"
[ $failed -eq 0 ]
