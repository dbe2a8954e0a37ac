#!/bin/bash
# Make one of Debian's newer kernels ready for a VM test, without touching
# the host's apt sources: trixie's (Debian 13) or sid's (unstable), stock
# or PREEMPT_RT. Their headers need their own compiler (gcc 14 and later,
# which bookworm cannot run), so a build root of that suite, made by
# debootstrap in build/suites/SUITE, builds our module and the kernel's
# mdev samples; the kernel itself is unpacked as the stock one is.
# Usage: scripts/suite-kernel.sh [--sparse] SUITE [FLAVOUR]
#   SUITE trixie or sid; FLAVOUR amd64 (the default) or rt-amd64.
#   --sparse: only build our modules again (host and guest), every file,
#   with sparse (C=2), and fail on any warning of the compiler or of sparse.
# Prints shell assignments for tests/vm/run: rel, image, modroot, ko,
# guest_ko (the guest's KMS driver, guest-kms/, for the same kernel),
# samples, root (the build root, a userland of that release). Progress goes
# to stderr.
# SUITE_REFRESH_HOURS (default 24): how old the build root's package
# lists may be before they are fetched again, so that the kernel follows
# the archive forward (it moves every week or so).
set -euo pipefail
# A step that fails under set -e says where, rather than end the run silently.
trap 'echo "suite-kernel: failed at line $LINENO: $BASH_COMMAND" >&2' ERR
cd "$(dirname "$0")/.."
repo=$PWD
sparse=0
if [ "${1:-}" = --sparse ]; then
	sparse=1
	shift
fi
suite=${1:-}
flavour=${2:-amd64}
case "$suite" in trixie | sid) ;; *) echo "usage: $0 trixie|sid [amd64|rt-amd64]" >&2; exit 2 ;; esac
case "$flavour" in amd64 | rt-amd64) ;; *) echo "usage: $0 trixie|sid [amd64|rt-amd64]" >&2; exit 2 ;; esac
root=$repo/build/suites/$suite
log=$repo/build/suites/$suite.log
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
mkdir -p "$repo/build/suites"

# in_root CMD...: run CMD in the build root, with /proc (objtool reads
# it) mounted in a private mount namespace that goes with the command.
in_root() {
	unshare -m sh -c 'mount -t proc proc "$0/proc" && exec chroot "$0" "$@"' "$root" "$@"
}

if [ ! -x "$root/usr/bin/apt-get" ] || [ ! -f "$root/.complete" ]; then
	command -v debootstrap >/dev/null || {
		echo "suite-kernel: debootstrap is missing: run scripts/deps.sh kernels" >&2
		exit 1
	}
	echo "suite-kernel: making a $suite build root in $root (debootstrap, about 700 MB)" >&2
	rm -rf "$root"
	debootstrap --variant=buildd "$suite" "$root" "$mirror" >"$log" 2>&1 || {
		echo "suite-kernel: debootstrap $suite failed: $(tail -1 "$log")" >&2
		exit 1
	}
	touch "$root/.complete"
fi
stamp=$root/.apt-updated
if [ -z "$(find "$stamp" -mmin -$((${SUITE_REFRESH_HOURS:-24} * 60)) 2>/dev/null)" ]; then
	# This machine's mirror of the archive can lag behind the clock, and
	# sid's Release file is valid for a week only: judge it by its
	# signature, not its date.
	in_root apt-get -o Acquire::Check-Valid-Until=false update -q >>"$log" 2>&1 || {
		echo "suite-kernel: apt-get update in the $suite root failed: $(tail -1 "$log")" >&2
		exit 1
	}
	touch "$stamp"
fi
# The headers the archive has now, and the source of the same release.
# The root is also a VM's userland for the tests that say "# vm-root:
# suite": DKMS, mdevctl and kmod as a user of that release has them
# (t_dkms.sh), and the release's own QEMU with Mesa's software renderer,
# Python's imaging for the comparisons and the libpng of our picture tool
# (t_qemu_today.sh). A build with sparse needs none of those.
headers=linux-headers-$flavour
pkgs=("$headers" xz-utils sparse)
[ "$sparse" = 1 ] || pkgs+=(dkms mdevctl kmod openssl qemu-system-x86 qemu-system-modules-opengl
	libegl-mesa0 libgl1-mesa-dri python3 python3-pil libpng16-16t64)
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"${pkgs[@]}" >>"$log" 2>&1 || {
	echo "suite-kernel: cannot install $headers in the $suite root: $(tail -1 "$log")" >&2
	exit 1
}
dep=$(in_root dpkg-query -W -f '${Depends}' "$headers")
rel=$(grep -o 'linux-headers-[^ ,]*' <<<"$dep" | head -1 | sed 's/^linux-headers-//')
[ -n "$rel" ] || { echo "suite-kernel: cannot parse '$dep'" >&2; exit 1; }

# The kernel's source, for the mdev samples and the tools its headers
# package lacks.
srcver=$(sed -n 's/^\([0-9]*\.[0-9]*\).*/\1/p' <<<"$rel")
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends \
	"linux-source-$srcver" >>"$log" 2>&1 || {
	echo "suite-kernel: cannot install linux-source-$srcver in the $suite root: $(tail -1 "$log")" >&2
	exit 1
}
tarball=$(ls "$root/usr/src/linux-source-$srcver".tar.* | head -n 1)

# build_in_root DIR FILE... [-- MAKE_ARGS...]: copy what changed into DIR
# of the root (so that make rebuilds only that) and build the modules
# there. Prints what make said, but for the headers' BTF notice.
build_in_root() {
	local dir=$1 f out
	shift
	mkdir -p "$root$dir"
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		cmp -s "$1" "$root$dir/${1##*/}" || cp "$1" "$root$dir/"
		shift
	done
	[ "${1:-}" = -- ] && shift
	if ! out=$(in_root make -s -C "/usr/src/linux-headers-$rel" M="$dir" "$@" modules 2>&1); then
		echo "$out" >&2
		echo "suite-kernel: building $dir against $rel failed" >&2
		exit 1
	fi
	grep -v "Skipping BTF" <<<"$out" || true
}

# Our module, from the same files as kernel/ (never its build outputs),
# and the guest's driver, from guest-kms/ and the register map it shares.
files=(VERSION kernel/Kbuild)
for f in kernel/vgpu_*.[ch]; do
	case "$f" in *.mod.c) continue ;; esac
	files+=("$f")
done
guest_files=(VERSION guest-kms/Kbuild kernel/vgpu_hw.h kernel/vgpu_reg_list.h)
for f in guest-kms/vgpu_kms_*.[ch]; do
	case "$f" in *.mod.c) continue ;; esac
	guest_files+=("$f")
done
# Debian builds unstable's PREEMPT_RT kernel without mdev support (no
# driver it ships selects CONFIG_VFIO_MDEV there): no mdev driver can run
# on it.
has_mdev=0
grep -Eq '^CONFIG_VFIO_MDEV=[ym]' "$root/usr/src/linux-headers-$rel/.config" && has_mdev=1
if [ "$sparse" = 1 ]; then
	# Kbuild runs sparse only after scripts/checker-valid.sh says it works,
	# and Debian's 7.x headers lack that script: take it from the source.
	kbuild=$(in_root readlink -f "/usr/src/linux-headers-$rel/scripts" | sed 's|/scripts$||')
	if [ ! -x "$root$kbuild/scripts/checker-valid.sh" ] && tar -tf "$tarball" \
		"linux-source-$srcver/scripts/checker-valid.sh" >/dev/null 2>&1; then
		tar -xf "$tarball" -C "$root$kbuild" --strip-components=1 \
			"linux-source-$srcver/scripts/checker-valid.sh"
	fi
	built="vgpu_display and vgpu_kms"
	if [ "$has_mdev" = 1 ]; then
		out=$(build_in_root "/build/vgpu-$flavour" "${files[@]}" -- C=2)
	else
		# Such a kernel can run no mdev driver: kernel/Kbuild must say
		# so, and the guest's driver still builds for it.
		out=$( (build_in_root "/build/vgpu-$flavour" "${files[@]}") 2>&1) && {
			echo "suite-kernel: vgpu_display built against $rel, which has no CONFIG_VFIO_MDEV" >&2
			exit 1
		}
		grep -q 'vgpu_display needs CONFIG_VFIO_MDEV' <<<"$out" || {
			echo "$out"
			echo "suite-kernel: kernel/Kbuild did not say why vgpu_display cannot build against $rel" >&2
			exit 1
		}
		out=
		built="vgpu_kms; vgpu_display refused: $rel has no CONFIG_VFIO_MDEV"
	fi
	out+=$(build_in_root "/build/vgpu-kms-$flavour" "${guest_files[@]}" -- C=2)
	if grep -Eq 'warning|error|not available' <<<"$out"; then
		echo "$out"
		echo "suite-kernel: sparse or the compiler warns against $rel" >&2
		exit 1
	fi
	echo "sparse: clean against $rel ($built)"
	exit 0
fi
if [ "$has_mdev" = 0 ]; then
	echo "suite-kernel: $rel is built without CONFIG_VFIO_MDEV: vgpu_display cannot run on it" >&2
	exit 1
fi
# Both modules must build without a warning on every kernel.
out=$(build_in_root "/build/vgpu-$flavour" "${files[@]}")
out+=$(build_in_root "/build/vgpu-kms-$flavour" "${guest_files[@]}")
if grep -q 'warning' <<<"$out"; then
	echo "$out" >&2
	echo "suite-kernel: the modules build with warnings against $rel" >&2
	exit 1
fi
ko=$root/build/vgpu-$flavour/vgpu_display.ko
guest_ko=$root/build/vgpu-kms-$flavour/vgpu_kms.ko


# The mdev samples, from this kernel's own source.
sdir=$repo/build/suites/$suite-samples-$srcver
if [ ! -f "$sdir/mbochs.c" ]; then
	mkdir -p "$sdir"
	tar -xf "$tarball" -C "$sdir" --strip-components=3 \
		"linux-source-$srcver/samples/vfio-mdev/mdpy.c" \
		"linux-source-$srcver/samples/vfio-mdev/mdpy-defs.h" \
		"linux-source-$srcver/samples/vfio-mdev/mbochs.c"
	echo 'obj-m := mdpy.o mbochs.o' >"$sdir/Kbuild"
fi
build_in_root "/build/samples-$flavour" "$sdir"/{mdpy.c,mdpy-defs.h,mbochs.c,Kbuild} >&2
samples=$root/build/samples-$flavour

# The kernel, unpacked as scripts/vm-kernel.sh unpacks the stock one. Its
# modules may be compressed (busybox's insmod cannot load those:
# tests/vm/mkinitramfs.sh decompresses what it takes) and, from sid on,
# live under usr/lib/modules; the VM binds lib/modules.
kdest=$repo/build/vm/kernel-$suite-$flavour
if [ "$(cat "$kdest/.release" 2>/dev/null)" != "$rel" ] || [ ! -f "$kdest/boot/vmlinuz-$rel" ]; then
	rm -rf "$kdest" "$root/tmp/image"
	mkdir -p "$kdest" "$root/tmp/image"
	# From 7.x, linux-image-REL only depends on the packages that hold the
	# kernel (linux-binary-REL) and its modules (linux-modules-REL); up to
	# 6.12 it holds both itself and depends on neither.
	pkgs=("linux-image-$rel")
	pkgs+=($(in_root apt-cache show "linux-image-$rel" | sed -n 's/^Depends: //p' | head -1 |
		{ grep -o "linux-\(binary\|modules\)-$rel\b" || true; } | sort -u))
	in_root sh -c 'cd /tmp/image && apt-get download -q "$@"' sh "${pkgs[@]}" >>"$log" 2>&1 || {
		echo "suite-kernel: cannot download ${pkgs[*]}: $(tail -1 "$log")" >&2
		exit 1
	}
	for deb in "$root"/tmp/image/*.deb; do
		dpkg-deb -x "$deb" "$kdest"
	done
	rm -rf "$root/tmp/image"
	if [ ! -d "$kdest/lib/modules" ] && [ -d "$kdest/usr/lib/modules" ]; then
		mkdir -p "$kdest/lib"
		mv "$kdest/usr/lib/modules" "$kdest/lib/modules"
	fi
	# And from 7.x the kernel image lives beside its modules, not in /boot.
	if [ ! -f "$kdest/boot/vmlinuz-$rel" ] && [ -f "$kdest/lib/modules/$rel/vmlinuz" ]; then
		mkdir -p "$kdest/boot"
		ln "$kdest/lib/modules/$rel/vmlinuz" "$kdest/boot/vmlinuz-$rel"
	fi
	[ -f "$kdest/boot/vmlinuz-$rel" ] || { echo "suite-kernel: no vmlinuz-$rel in ${pkgs[*]}" >&2; exit 1; }
	depmod -b "$kdest" "$rel"
	echo "$rel" >"$kdest/.release"
	echo "suite-kernel: unpacked linux-image-$rel into $kdest" >&2
fi
# What linux-headers adds to the image's tree, the build link, which DKMS
# looks for (tests/vm/t_dkms.sh, whose root is this build root, where the
# headers are).
ln -sfn "/usr/src/linux-headers-$rel" "$kdest/lib/modules/$rel/build"
printf 'rel=%q\nimage=%q\nmodroot=%q\nko=%q\nguest_ko=%q\nsamples=%q\nroot=%q\n' \
	"$rel" "$kdest/boot/vmlinuz-$rel" "$kdest" "$ko" "$guest_ko" "$samples" "$root"
