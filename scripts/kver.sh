#!/bin/bash
# Print the kernel release that Debian's linux-headers-amd64 resolves to
# (for example 6.1.0-56-amd64). The module is built against it and the VM
# boots the matching linux-image, so both follow the archive forward.
set -euo pipefail
dep=$(dpkg-query -W -f '${Depends}' linux-headers-amd64 2>/dev/null) || {
	echo "kver: linux-headers-amd64 is not installed (run scripts/deps.sh build)" >&2
	exit 1
}
rel=$(sed -n 's/^linux-headers-\([^ ,]*\).*/\1/p' <<<"$dep")
[ -n "$rel" ] || { echo "kver: cannot parse '$dep'" >&2; exit 1; }
echo "$rel"
