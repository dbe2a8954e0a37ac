#!/bin/bash
# Install the Debian packages that a make target needs, once.
# Usage: scripts/deps.sh build|check|demo|bench|rt|debug|deb|kernels
# "build" (plain make) only says what is missing and fails, unless
# VGPU_INSTALL_DEPS=1 asks it to install them; VGPU_SKIP_DEPS=1 skips the
# check (another distribution, packages under other names). The other
# modes install what is missing: make check and make demo promise that.
# Idempotent: packages already installed are skipped, and apt is only
# asked when something is missing, so a warm machine pays nothing.
set -euo pipefail

build_pkgs=(gcc make pkg-config libcmocka-dev libdrm-dev libpng-dev libvncserver-dev linux-headers-amd64)
# libdrm-tests: modetest, the KMS client of the nested guest (t_guest_kms.sh),
# which listens for its hotplug uevents with udevadm.
# libvirt's daemon, QEMU driver and virsh run a domain on our vGPU
# (t_libvirt.sh); without recommends, as the test starts libvirtd itself.
# dkms and openssl (DKMS signs with it, and dkms does not depend on it): the
# VM installs our .deb as a user would (t_dkms.sh), offline, so what it
# needs must be there already.
vm_pkgs=(qemu-system-x86 busybox-static mdevctl kmod cpio python3-pil vncsnapshot libdrm-tests udev
	libvirt-daemon libvirt-daemon-driver-qemu libvirt-clients dkms openssl)
# QEMU's egl-headless display on Mesa's software renderer, for the test
# that runs unmodified QEMU on our vGPU; libepoxy needs libOpenGL too.
qemu_gl_pkgs=(libegl1 libegl-mesa0 libgbm1 libgl1-mesa-dri libopengl0)
# edid-decode judges the monitor's default EDIDs (tests/edid-check.sh);
# man-db and groff-base render the man pages (tests/man.sh); abigail-tools
# compares the library's ABI with lib/libvfio-display.abi and g++ compiles the
# installed header as C++ (tests/install.sh).
lint_pkgs=(sparse linux-source-6.1 edid-decode man-db groff-base abigail-tools g++)
# The PREEMPT_RT flavour of the same 6.1 series: its headers only, to build
# our module and the samples against. Its linux-image is unpacked for the
# VM by scripts/vm-kernel.sh, never installed: the host keeps its kernel.
rt_pkgs=(linux-headers-rt-amd64)
# What building the debug kernel from linux-source-6.1 takes (debug-kernel.sh).
debug_pkgs=(linux-source-6.1 bc bison flex libelf-dev libssl-dev patch xz-utils)
# make deb: dpkg-buildpackage and the debhelper sequences debian/ uses.
deb_pkgs=(dpkg-dev debhelper dh-dkms fakeroot)
# The newer Debian kernels (scripts/suite-kernel.sh): a build root of their
# suite, made by debootstrap; xz and zstd for their compressed modules.
kernels_pkgs=(debootstrap zstd xz-utils)

case "${1:-}" in
build) want=("${build_pkgs[@]}") ;;
# make check also builds the module for the newer kernels (debootstrap).
check) want=("${build_pkgs[@]}" "${vm_pkgs[@]}" "${qemu_gl_pkgs[@]}" "${lint_pkgs[@]}" "${deb_pkgs[@]}"
	"${kernels_pkgs[@]}") ;;
demo) want=("${build_pkgs[@]}" "${vm_pkgs[@]}") ;;
# The benchmark builds the mbochs sample from Debian's kernel source.
bench) want=("${build_pkgs[@]}" "${vm_pkgs[@]}" linux-source-6.1) ;;
# make check-debug and make fuzz: everything make check needs, and what
# building the debug kernel takes.
debug) want=("${build_pkgs[@]}" "${vm_pkgs[@]}" "${qemu_gl_pkgs[@]}" "${lint_pkgs[@]}" "${debug_pkgs[@]}") ;;
# make check-rt: everything make check needs, and the rt headers.
rt) want=("${build_pkgs[@]}" "${vm_pkgs[@]}" "${qemu_gl_pkgs[@]}" "${lint_pkgs[@]}" "${rt_pkgs[@]}") ;;
deb) want=("${build_pkgs[@]}" "${deb_pkgs[@]}") ;;
# make check-kernels: what make check needs.
kernels) want=("${build_pkgs[@]}" "${vm_pkgs[@]}" "${qemu_gl_pkgs[@]}" "${lint_pkgs[@]}" "${deb_pkgs[@]}"
	"${kernels_pkgs[@]}") ;;
*) echo "usage: $0 build|check|demo|bench|rt|debug|deb|kernels" >&2; exit 2 ;;
esac

[ "${VGPU_SKIP_DEPS:-0}" = 1 ] && exit 0
missing=()
for p in "${want[@]}"; do
	if ! dpkg-query -W -f '${Status}' "$p" 2>/dev/null | grep -q 'ok installed'; then
		missing+=("$p")
	fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$1" = build ] && [ "${VGPU_INSTALL_DEPS:-0}" != 1 ]; then
	echo "deps: missing Debian packages ${missing[*]}: install them (apt-get install ${missing[*]}), or run make VGPU_INSTALL_DEPS=1 to let make do it, or VGPU_SKIP_DEPS=1 to build anyway" >&2
	exit 1
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing packages ${missing[*]}; run as root or install them with apt-get" >&2
	exit 1
fi
echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >/tmp/vgpu-deps.log 2>&1; then
	apt-get update -q >>/tmp/vgpu-deps.log 2>&1 || true
	if ! apt-get install -y -q --no-install-recommends "${missing[@]}" >>/tmp/vgpu-deps.log 2>&1; then
		echo "deps: apt-get could not install ${missing[*]} (log: /tmp/vgpu-deps.log); is Debian's archive reachable?" >&2
		exit 1
	fi
fi
