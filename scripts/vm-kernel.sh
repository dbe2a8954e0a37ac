#!/bin/bash
# Unpack Debian's linux-image for the kernel release the module is built
# against into $1 (default build/vm/kernel), without installing it on the
# host: the host keeps its own kernel and boot loader untouched.
# Usage: scripts/vm-kernel.sh [DEST] [amd64|rt-amd64]
#   The flavour (default amd64, the stock kernel) is the one whose headers
#   scripts/kver.sh resolves; rt-amd64 is the PREEMPT_RT kernel. Each
#   flavour needs its own DEST, e.g. build/vm/kernel-rt.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
dest=${1:-build/vm/kernel}
flavour=${2:-amd64}
rel=$("$here/kver.sh" "$flavour")
stamp="$dest/.release"
# What linux-headers adds to the image's tree, the build link, which DKMS
# looks for (tests/vm/t_dkms.sh): the headers themselves are the host's,
# installed (scripts/deps.sh), and the VM's root is the host's.
link_headers() {
	ln -sfn "/usr/src/linux-headers-$rel" "$dest/lib/modules/$rel/build"
}
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$rel" ] && [ -f "$dest/boot/vmlinuz-$rel" ]; then
	link_headers
	exit 0
fi
rm -rf "$dest" && mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pkg="linux-image-$rel"
if ! (cd "$tmp" && apt-get download -q "$pkg" >"$tmp/log" 2>&1); then
	apt-get update -q >/dev/null 2>&1 || true
	(cd "$tmp" && apt-get download -q "$pkg" >"$tmp/log" 2>&1) || {
		echo "vm-kernel: cannot download $pkg from Debian's archive: $(tail -1 "$tmp/log")" >&2
		exit 1
	}
fi
dpkg-deb -x "$tmp"/"$pkg"_*.deb "$dest"
depmod -b "$dest" "$rel"
link_headers
echo "$rel" >"$stamp"
echo "vm-kernel: unpacked $pkg into $dest"
