# vm-root: suite
# vm-timeout: 900
# Today's QEMU on our vGPU: on a newer Debian kernel (make check-kernels)
# this runs in that release's own userland, so with its QEMU (Debian 13's
# 10.0, unstable's newer one), unmodified. Headless, through the path that
# needs no OpenGL: region mode, -display none, VNC and QMP screendump (what
# `virsh screenshot` sends), each compared with the guest's own pictures
# exactly, as t_region.sh does for Debian 12's QEMU 7.2. What this QEMU
# makes of a dma-buf vGPU on its OpenGL display, egl-headless, is printed
# as measured: Debian 12's takes it (t_qemu.sh), 13's refused it when we
# last looked (README.md, "Kernels").
. tests/vm/lib.sh
work=$(mktemp -d)
echo "# $(qemu-system-x86_64 --version | head -1), on $(. /etc/os-release && echo "$PRETTY_NAME")"

picture=$VGPU_BIN/vgpu-guest-picture
"$picture" A "$work/A.png" && "$picture" B "$work/B.png" ||
	not_ok "vgpu-guest-picture draws A and B"

u=$(new_uuid)
check "mdevctl starts a vGPU in region mode" vgpu_start_region "$work" "$u"
qemu_test_guest "$work" "$u" -display none -vnc 127.0.0.1:0
check_screendump_flip "$work"
# A raw VNC client: lossless, so exact; the guest cycles A, B, B, B.
check "a VNC client sees one of the guest's pictures exactly" eval \
	'/usr/bin/python3 tests/vm/rfb_grab.py 127.0.0.1:5900 "$work/vnc.png" &&
	 /usr/bin/python3 tests/vm/image_match.py "$work/vnc.png" "$work/A.png" "$work/B.png" >/dev/null'
check_qemu_ends_without_gl "$work"
check_nothing_left "$u"
check "back to dma-bufs" sh -c "echo dmabuf >/sys/bus/mdev/devices/$u/vendor/display"

# The dma-buf path on this QEMU's OpenGL display, on Mesa's software
# renderer (nothing asserted: the line says what happened).
card=
for c in /sys/class/drm/card[0-9]*; do
	grep -qx 'DRIVER=vgpu_display' "$c/device/uevent" 2>/dev/null && card=/dev/dri/${c##*/}
done
if [ -n "$card" ]; then
	qemu_test_guest "$work" "$u" -display "egl-headless,rendernode=$card" -vnc 127.0.0.1:0
	if wait_for_text "$work/serial" "vgpu-guest: show A" "$qemu" >/dev/null 2>&1 &&
		kill -0 "$qemu" 2>/dev/null; then
		echo "# egl-headless on $card with dma-bufs: QEMU runs the guest"
	else
		echo "# egl-headless on $card with dma-bufs: QEMU stopped: $(grep -v '^$' "$work/qemu.log" | tail -1)"
	fi
	kill -TERM "$qemu" 2>/dev/null
	wait "$qemu" 2>/dev/null
	check_nothing_left "$u"
fi
vgpu_stop "$u"
finish
