#!/bin/bash
# The vGPU's default EDIDs (kernel/vgpu_edid.c) against Debian's
# edid-decode --check: dumps them with the unit test's --dump mode (so run
# `make unit` first) into build/edid and fails on any failure or warning
# edid-decode reports. Usage: tests/edid-check.sh
set -uo pipefail
cd "$(dirname "$0")/.."
test=build/san/test_edid
dir=build/edid

command -v edid-decode >/dev/null || {
	echo "edid-check: no edid-decode: apt-get install edid-decode" >&2
	exit 1
}
[ -x "$test" ] || {
	echo "edid-check: no $test: run make unit" >&2
	exit 1
}
rm -rf "$dir"
mkdir -p "$dir"
"$test" --dump "$dir" || exit 1

bad=0
for f in "$dir"/*.bin; do
	out=$(edid-decode --check "$f" 2>&1)
	rc=$?
	if [ $rc -ne 0 ] || grep -qE '^(Warnings|Failures):' <<<"$out" ||
	   ! grep -q '^EDID conformity: PASS' <<<"$out"; then
		echo "edid-check: $f: edid-decode --check exit $rc:"
		sed -n '/^\(Warnings\|Failures\):/,$p' <<<"$out"
		bad=1
	else
		echo "edid-check: $(basename "$f" .bin): PASS"
	fi
done
exit $bad
