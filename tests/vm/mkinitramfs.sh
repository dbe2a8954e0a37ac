#!/bin/bash
# Build the VM's initramfs: busybox-static, our /init, and the modules that
# mount the host's root over virtio-9p. Debian's own initrd cannot do that.
# Usage: mkinitramfs.sh MODULES_DIR OUTPUT
#   MODULES_DIR is a kernel's lib/modules/RELEASE; modules it has built in
#   are skipped.
# The nested guest of t_guest_kms.sh gets a variant that needs no root over
# 9p (which its QEMU serves from the main loop that also renders the
# display, so every file access would wait for a frame):
#   INITRAMFS_INIT     its /init instead of ours
#   INITRAMFS_MODULES  more modules to load, by name or as .ko files
#   INITRAMFS_BINS     programs for /bin, with the libraries they need
#   INITRAMFS_FILES    more files, as SOURCE:PATH_IN_THE_INITRAMFS
set -euo pipefail
mods=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
want=(virtio_pci 9pnet_virtio 9p overlay ${INITRAMFS_MODULES:-})

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work"/{bin,dev,proc,sys,newroot,scratch,modules}
cp /bin/busybox "$work/bin/busybox"
ln -s busybox "$work/bin/sh"
install -m 0755 "${INITRAMFS_INIT:-$here/init}" "$work/init"

# modules.dep lists a module's dependencies in load order, deepest last,
# so loading them in reverse before the module itself always works.
# Newer kernels compress their modules, which busybox's insmod cannot
# load: take_module stores them uncompressed.
: >"$work/modules/order"
take_module() {
	local name
	name=$(basename "$1")
	case "$name" in
	*.ko.xz) name=${name%.xz}; xz -dc "$1" >"$work/modules/$name" ;;
	*.ko.zst) name=${name%.zst}; zstd -qdc "$1" >"$work/modules/$name" ;;
	*.ko.gz) name=${name%.gz}; gzip -dc "$1" >"$work/modules/$name" ;;
	*) cp "$1" "$work/modules/" ;;
	esac
	echo "$name" >>"$work/modules/order"
}
add_module() {
	local line deps path
	if grep -Eq "/$1\.ko\$" "$mods/modules.builtin" 2>/dev/null; then
		return
	fi
	line=$(grep -E "/$1\.ko(\.[a-z]+)?:" "$mods/modules.dep") || {
		# Debian's 7.x packages ship no modules.builtin: a module that is
		# not in modules.dep is taken as built in there (if it is not, the
		# VM's init says what it cannot mount).
		if [ ! -f "$mods/modules.builtin" ]; then
			echo "mkinitramfs: $1 is no module of $mods, so built in" >&2
			return
		fi
		echo "mkinitramfs: module $1 not in $mods" >&2
		exit 1
	}
	path=${line%%:*}
	deps=${line#*:}
	for d in $(tr ' ' '\n' <<<"$deps" | tac); do
		[ -n "$d" ] || continue
		grep -qx "$(basename "${d%.ko*}").ko" "$work/modules/order" && continue
		take_module "$mods/$d"
	done
	grep -qx "$(basename "${path%.ko*}").ko" "$work/modules/order" && return
	take_module "$mods/$path"
}
for m in "${want[@]}"; do
	if [[ $m == *.ko ]]; then
		take_module "$m"
	else
		add_module "$m"
	fi
done

# Programs with the shared libraries ldd names, at the same paths.
for b in ${INITRAMFS_BINS:-}; do
	cp "$b" "$work/bin/"
	for lib in $(ldd "$b" | grep -o '/[^ ]*'); do
		mkdir -p "$work$(dirname "$lib")"
		cp -L "$lib" "$work$lib"
	done
done
for f in ${INITRAMFS_FILES:-}; do
	mkdir -p "$work$(dirname "${f#*:}")"
	cp "${f%%:*}" "$work${f#*:}"
done

(cd "$work" && find . | cpio -o -H newc --quiet | gzip -1) >"$out.tmp"
mv "$out.tmp" "$out"
