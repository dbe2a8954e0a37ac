#!/bin/bash
# Build the VM's initramfs: busybox-static, our /init, and the modules that
# mount the host's root over virtio-9p. Debian's own initrd cannot do that.
# Usage: mkinitramfs.sh MODULES_DIR OUTPUT
#   MODULES_DIR is a kernel's lib/modules/RELEASE; modules it has built in
#   are skipped.
set -euo pipefail
mods=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
want=(virtio_pci 9pnet_virtio 9p overlay)

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,newroot,scratch,modules}
cp /bin/busybox "$work/bin/busybox"
ln -s busybox "$work/bin/sh"
install -m 0755 "$here/init" "$work/init"

# modules.dep lists a module's dependencies in load order, deepest last,
# so loading them in reverse before the module itself always works.
: >"$work/modules/order"
add_module() {
	local line deps path
	if grep -Eq "/$1\.ko\$" "$mods/modules.builtin" 2>/dev/null; then
		return
	fi
	line=$(grep -E "/$1\.ko(\.[a-z]+)?:" "$mods/modules.dep") || {
		echo "mkinitramfs: module $1 not in $mods" >&2
		exit 1
	}
	path=${line%%:*}
	deps=${line#*:}
	for d in $(tr ' ' '\n' <<<"$deps" | tac); do
		[ -n "$d" ] || continue
		grep -qx "$(basename "$d")" "$work/modules/order" && continue
		cp "$mods/$d" "$work/modules/"
		basename "$d" >>"$work/modules/order"
	done
	grep -qx "$(basename "$path")" "$work/modules/order" && return
	cp "$mods/$path" "$work/modules/"
	basename "$path" >>"$work/modules/order"
}
for m in "${want[@]}"; do add_module "$m"; done

(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
