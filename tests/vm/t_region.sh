# Region display mode, for hosts without OpenGL: the vendor attribute that
# picks it, the display region through the real ABI (tests/vm/region_mode.c),
# libvfio-display and vgpu-vmm showing it, mdevctl setting it from a
# device's JSON, and unmodified QEMU 7.2 showing the guest (tools/guest)
# with no OpenGL display at all: plain VNC, and QMP screendump (what
# `virsh screenshot` sends) equal to the guest's own picture.
. tests/vm/lib.sh
work=$(mktemp -d)
u=$(vgpu_start 1920x1080)
mdev=/sys/bus/mdev/devices/$u
check_eq "a new vGPU gives dma-bufs" "$(cat "$mdev/vendor/display")" dmabuf
check "region mode is set before the device is opened" sh -c "echo region >$mdev/vendor/display"
check_eq "and read back" "$(cat "$mdev/vendor/display")" region
run_cmocka "$VGPU_BIN/region_mode" "$u"
check_nothing_left "$u"

# libvfio-display finds the region plane as it finds mdpy's. The region
# has no cursor, so the picture is the desktop alone.
# demo.vgs without its dma-buf steps (plane queries and dma-buf reads).
grep -Ev '^(plane|dmabuf) ' demo/demo.vgs >"$work/region.vgs"
grep -v '^rect 0x2000000 ' "$work/region.vgs" >"$work/nocursor.vgs"
out=$(vmm --quiet --uuid "$u" --png "$work/region.png" "$work/region.vgs" 2>&1)
echo "$out" | sed 's/^/# /'
check "vgpu-vmm reads a region plane" grep -q "640x480 from a XR24 region plane" <<<"$out"
check "every pixel equals the guest's desktop, without the cursor" \
	/usr/bin/python3 tests/vm/png_expect.py "$work/region.png" "$work/nocursor.vgs" \
	0x1000000 2560 640 480 0x2000000 385 257 1 1
check_nothing_left "$u"
check "back to dma-bufs while closed" sh -c "echo dmabuf >$mdev/vendor/display"
out=$(vmm --quiet --uuid "$u" --png "$work/dmabuf.png" demo/demo.vgs 2>&1)
check "and vgpu-vmm reads dma-buf planes again" grep -q "640x480 from a XR24 dma-buf plane" <<<"$out"
vgpu_stop "$u"

# mdevctl writes a device's attributes when it starts it.
u=$(new_uuid)
check "mdevctl starts a vGPU with vendor/display=region" vgpu_start_region "$work" "$u"
check_eq "which it is in" "$(cat "/sys/bus/mdev/devices/$u/vendor/display" 2>&1)" region

# QEMU with no OpenGL display: -display none and VNC. It probes dma-bufs
# first; in region mode they are refused, so it takes the region path,
# which maps the display region and refreshes from it. The guest flips
# from picture A to B after 6 s; region mode shows no cursor plane.
picture=$VGPU_BIN/vgpu-guest-picture
"$picture" A "$work/A.png" && "$picture" B "$work/B.png" ||
	not_ok "vgpu-guest-picture draws A and B"
qemu_test_guest "$work" "$u" -display none -vnc 127.0.0.1:0
check_screendump_flip "$work"
# The guest cycles A, B, B, B: a slow capture may come after the next A.
check "a VNC client sees the guest's picture" eval \
	'vncsnapshot -quiet 127.0.0.1:0 "$work/vnc.jpg" >/dev/null 2>&1 &&
	 /usr/bin/python3 tests/vm/image_match.py --lossy "$work/vnc.jpg" "$work/A.png" "$work/B.png"'
check_qemu_ends_without_gl "$work"
check_nothing_left "$u"
vgpu_stop "$u"
finish
