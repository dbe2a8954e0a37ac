# The nested Linux guest of t_guest_kms.sh and t_guest_mbochs.sh, sourced
# after lib.sh and reports.sh: unmodified QEMU (Debian's 7.2) boots
# Debian's own kernel with a vfio-pci display device and its egl-headless
# display on our DRM node, VNC on loopback. The guest's userland is an
# initramfs of busybox, bash, modetest and kms_readback from this VM's
# root (mkinitramfs.sh, nested-init); it runs tests/vm/kms_guest_steps.sh,
# and only its results come back, over virtio-9p in $scratch.
#
# The guest kernel is a Debian stock kernel: this VM's own (6.1, or 6.12
# and 7.x under make check-kernels), or 6.1 when this VM runs the debug or
# RT kernel, which test the host side (tests/vm/run: VGPU_NESTED_KERNEL).

work=$(mktemp -d)
scratch=$work/scratch
mkdir -p "$scratch"
ktree=${VGPU_NESTED_KERNEL:-$VGPU_REPO/build/vm/kernel}
rel=$(cat "$ktree/.release")
kernel=$ktree/boot/vmlinuz-$rel
echo "# the nested guest runs $rel"

# nested_initrd MODULES [FILES]: the guest's initramfs, $work/initrd.gz,
# loading MODULES (names or .ko files, with their dependencies) at boot,
# with FILES (SOURCE:PATH ...) added.
nested_initrd() {
	INITRAMFS_INIT=tests/vm/nested-init INITRAMFS_MODULES="$1" \
		INITRAMFS_BINS="/bin/bash /usr/bin/modetest $VGPU_BIN/kms_readback" \
		INITRAMFS_FILES="${2:-} tests/vm/kms_guest_steps.sh:/steps.sh" \
		tests/vm/mkinitramfs.sh "$ktree/lib/modules/$rel" "$work/initrd.gz"
	check "the nested guest's kernel and initramfs are there" test -f "$kernel" -a -f "$work/initrd.gz"
}

# our_card: our DRM device's primary node, which QEMU's display renders on.
our_card() {
	local c
	for c in /sys/class/drm/card[0-9]*; do
		grep -qx 'DRIVER=vgpu_display' "$c/device/uevent" 2>/dev/null && echo "/dev/dri/${c##*/}"
	done
}

# nested_start SYSFSDEV DRIVER: QEMU boots the guest with the mediated
# device SYSFSDEV as its display at 1024x768 and egl-headless on our DRM
# node; the guest's steps drive DRIVER's DRM device. Sets $qemu, $started.
#
# Mesa's llvmpipe, unlike t_qemu.sh: QEMU draws every frame in its main
# loop, which also serves the guest's MMIO and 9p, and softpipe takes so
# long over a 1024x768 frame under TCG that the guest stalled for good once
# its console was up (measured: no step in 8 minutes). llvmpipe draws
# modetest's cursor exactly. TCG, as /dev/kvm hangs QEMU here. The kernel
# hands kms_driver=, a parameter it does not know, to init's environment.
nested_start() {
	local card
	card=$(our_card)
	check "our DRM device has a primary node" test -c "$card"
	GBM_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe MESA_SHADER_CACHE_DISABLE=true \
		qemu-system-x86_64 -machine pc -accel tcg -cpu max -m 512 -nodefaults -vga none -no-reboot \
		-kernel "$kernel" -initrd "$work/initrd.gz" \
		-append "console=tty0 console=ttyS0 panic=-1 loglevel=4 vt.global_cursor_default=0 kms_driver=$2" \
		-virtfs "local,path=$scratch,mount_tag=scratch,security_model=none" \
		-serial "file:$work/serial" \
		-device "vfio-pci,sysfsdev=$1,display=on,xres=1024,yres=768" \
		-display "egl-headless,rendernode=$card" -vnc 127.0.0.1:0 \
		>"$work/qemu.log" 2>&1 &
	qemu=$!
	started=$(date +%s)
}

# ready STEP: until the guest says STEP is showing (600 s at most: a 6.12
# guest took 300 s to its console and as long again to modetest's picture
# while the host built a kernel beside it).
ready() {
	local end=$((SECONDS + 600))
	while ((SECONDS < end)); do
		[ -e "$scratch/ready-$1" ] && return 0
		kill -0 "$qemu" 2>/dev/null || break
		sleep 0.1
	done
	echo "# no $1 from the guest; what it said last:"
	grep -a -v '^$' "$work/serial" | tail -15 | sed 's/^/# guest serial: /'
	return 1
}
go() { : >"$scratch/go-$1"; }
report() { sed -n "s/^$1 //p" "$scratch/report" 2>/dev/null | head -1; }

# grab STEP: VNC captures until one equals what the guest read back
# (the cursor's blend may differ by one per channel, as GL rounds).
grab() {
	local i out
	for ((i = 0; i < 10; i++)); do
		/usr/bin/python3 tests/vm/rfb_grab.py 127.0.0.1:5900 "$work/$1.png" || continue
		out=$(cd tests/vm && /usr/bin/python3 kms_compose.py "$scratch/$1" \
			--compare "$work/$1.png" --tolerance 1 2>&1)
		[ "$out" = match ] && return 0
	done
	echo "# $1: $out"
	return 1
}

# console_checks FBDEV: the guest's console came up on FBDEV's fbdev, at
# 1024x768 XRGB8888 with text on it, and VNC shows exactly what the guest
# scans out.
console_checks() {
	check_eq "the console is the fbdev $1" "$(report bound)" "$1"
	check "the console shows 1024x768 XRGB8888" grep -q '^primary XR24 1024x768' "$scratch/console/state.txt"
	# Not two blank screens: the console's text is in the picture.
	check "the console has text on it" /usr/bin/python3 -c '
import sys; sys.path.insert(0, "tests/vm")
from pixmatch import load_rgb
px, w, h = load_rgb(sys.argv[1])
sys.exit(0 if sum(p != px[0][0] for row in px for p in row) > 500 else 1)' "$scratch/console/primary.ppm"
	check "VNC shows exactly the console the guest scans out" grab console
}

# nested_exit: the guest shuts down on its own once done; QEMU exits with it.
nested_exit() {
	local end=$((SECONDS + 300))
	while ((SECONDS < end)) && kill -0 "$qemu" 2>/dev/null; do
		sleep 0.1
	done
	check_fails "QEMU exits when the guest powers off" kill -0 "$qemu" 2>/dev/null
	kill -9 "$qemu" 2>/dev/null
	wait "$qemu"
}

# nested_checks: the guest's steps all ran and succeeded, its kernel
# reported nothing, and QEMU nothing wrong.
nested_checks() {
	check "the guest's script finished" grep -qx done "$scratch/report"
	check_eq "the guest's script succeeded" "$(cat "$scratch/status" 2>/dev/null)" 0
	if grep -Eq "$kernel_reports_re" "$scratch/dmesg" 2>/dev/null; then
		not_ok "the guest's kernel reported no problem"
		grep -E -B2 -A20 "$kernel_reports_re" "$scratch/dmesg" | head -60
	else
		check "the guest's kernel log is there and clean" test -s "$scratch/dmesg"
	fi
	check_qemu_log "$work/qemu.log"
}
