#!/bin/bash
# Print the kernel release that Debian's linux-headers-FLAVOUR resolves to
# (for example 6.1.0-56-amd64, or 6.1.0-56-rt-amd64 for FLAVOUR rt-amd64).
# The module is built against it and the VM boots the matching linux-image,
# so both follow the archive forward.
# Usage: scripts/kver.sh [amd64|rt-amd64]   (amd64, the stock kernel, by default)
set -euo pipefail
flavour=${1:-amd64}
case "$flavour" in
amd64) mode=build ;;
rt-amd64) mode=rt ;;
*) echo "usage: $0 [amd64|rt-amd64]" >&2; exit 2 ;;
esac
meta=linux-headers-$flavour
dep=$(dpkg-query -W -f '${Depends}' "$meta" 2>/dev/null) || {
	echo "kver: $meta is not installed (run scripts/deps.sh $mode)" >&2
	exit 1
}
rel=$(sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p' <<<"$dep")
[ -n "$rel" ] || { echo "kver: cannot parse '$dep'" >&2; exit 1; }
echo "$rel"
