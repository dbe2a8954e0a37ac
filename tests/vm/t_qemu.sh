# Unmodified QEMU (Debian's 7.2) shows the guest's desktop from our
# dma-bufs: our vGPU given to it with vfio-pci,display=on, its egl-headless
# display on Mesa's kms_swrast over our DRM device's primary node, and a
# real VNC client (vncsnapshot) looking. The guest is tools/guest, which
# steps through four phases (flip, cursor move, cursor off each edge) and
# says each on its serial port; vgpu-guest-picture draws what each phase
# must look like. QEMU also gives the guest a monitor: asked for
# xres=1024,yres=768 it writes an EDID preferring 1024x768 into our EDID
# region, which the guest reads back through BAR0 and reports first. The
# vGPU's own default EDID prefers the type's largest mode, 1920x1080 here,
# so 1024x768 is QEMU's doing; without xres/yres QEMU would prefer that
# largest mode too (its default is the region's max_xres/max_yres), and
# the two would be told apart only by the manufacturer id. The display's
# size is still the guest's plane, 320x240: the EDID only offers modes.
. tests/vm/lib.sh
u=$(vgpu_start 1920x1080)
guest=$VGPU_REPO/build/guest/vgpu-guest.elf
picture=$VGPU_BIN/vgpu-guest-picture
work=$(mktemp -d)

# Our DRM device's primary node: dumb maps are refused on render nodes.
card=
for c in /sys/class/drm/card[0-9]*; do
	grep -qx 'DRIVER=vgpu_display' "$c/device/uevent" 2>/dev/null && card=/dev/dri/${c##*/}
done
check "our DRM device has a primary node" test -c "$card"

for phase in 0 1 2 3; do
	buffer=$("$picture" phases | sed -n "s/^phase $phase show \([AB]\) .*/\1/p")
	"$picture" "$buffer" "$work/phase$phase.png" --with-cursor "$phase" ||
		not_ok "vgpu-guest-picture draws phase $phase"
done

# The guest holds each phase for 6 s: a capture through nested emulation
# takes a few, and each phase must be caught whole. Mesa's softpipe, not
# its default llvmpipe: with llvmpipe (Mesa 22.3) QEMU imports and maps
# the cursor plane every frame but its blend leaves no trace in the picture
# (measured here); softpipe draws it exactly.
GBM_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=softpipe MESA_SHADER_CACHE_DISABLE=true \
	qemu-system-x86_64 -machine pc -accel tcg -m 64 -nodefaults -vga none -no-reboot \
	-kernel "$guest" -append "period_ms=6000" \
	-serial "file:$work/serial" -device isa-debug-exit,iobase=0xf4,iosize=4 \
	-device "vfio-pci,sysfsdev=/sys/bus/mdev/devices/$u,display=on,xres=1024,yres=768" \
	-display "egl-headless,rendernode=$card" -vnc 127.0.0.1:0 \
	>"$work/qemu.log" 2>&1 &
qemu=$!

# wait_serial TEXT: until the guest has said TEXT (120 s at most).
wait_serial() { wait_for_text "$work/serial" "$1" "$qemu"; }
check "the guest found the vGPU and set the mode" wait_serial "vgpu-guest: mode 320x240"
check "the guest shows phase 0" wait_serial "vgpu-guest: show A cursor 40,30"
grep -E '^vgpu-guest: (monitor|edid) ' "$work/serial" | sed 's/^/# /'
check "the guest finds a monitor connected" grep -q "^vgpu-guest: monitor connected" "$work/serial"
# The header, the first detailed timing (the preferred mode) and the base
# block's checksum, as the guest decoded them from what QEMU wrote.
check "QEMU's EDID, read back by the guest, prefers 1024x768" grep -Eq \
	'^vgpu-guest: edid [0-9]+ 1024x768 00ffffffffffff00[0-9a-f]{16} checksum ok$' "$work/serial"

# Capture until every phase has been seen exactly as drawn (a capture
# caught between a flip and its cursor move matches none and is skipped).
seen=
for ((shot = 0; shot < 60 && ${#seen} < 4; shot++)); do
	kill -0 "$qemu" 2>/dev/null || break
	vncsnapshot -quiet 127.0.0.1:0 "$work/shot.jpg" >/dev/null 2>&1 || continue
	p=$(/usr/bin/python3 tests/vm/image_match.py --lossy "$work/shot.jpg" \
		"$work"/phase{0,1,2,3}.png 2>/dev/null | tail -1)
	case "$p" in
	[0-3]) [[ "$seen" == *"$p"* ]] || seen+=$p ;;
	esac
done
echo "# captures: $shot, phases seen: $seen"
check "a VNC client sees picture A with the cursor at 40,30" test "${seen//[^0]/}" = 0
check "after the flip it sees picture B with the cursor moved" test "${seen//[^1]/}" = 1
check "a cursor off the left and top edges is clipped there" test "${seen//[^2]/}" = 2
check "a cursor off the right and bottom edges is clipped there" test "${seen//[^3]/}" = 3
check "QEMU is still running" kill -0 "$qemu"
check "the guest flipped on its own schedule" grep -q "vgpu-guest: show B cursor 200,150 flip 2" "$work/serial"

kill -TERM "$qemu"
wait "$qemu"
check_eq "QEMU stops cleanly on SIGTERM" "$?" 0
check_qemu_log "$work/qemu.log"
check_nothing_left "$u"
vgpu_stop "$u"
finish
