# A real Linux guest drives the vGPU: unmodified QEMU (Debian's 7.2) boots
# Debian's own kernel, the same vmlinuz as this VM's, with our vGPU as
# vfio-pci,display=on and its egl-headless display on our DRM node; the
# guest loads guest-kms/vgpu_kms.ko and runs tests/vm/kms_guest_steps.sh.
# Its userland is an initramfs of busybox, bash, modetest and kms_readback
# from this VM's root (mkinitramfs.sh); only its results come back over
# virtio-9p. The nested guest is always a Debian stock kernel: this VM's
# own (6.1, or 6.12 and 7.x under make check-kernels), or 6.1 when this VM
# runs the debug or RT kernel, which test the host side (tests/vm/run:
# VGPU_NESTED_KERNEL, and VGPU_GUEST_KO built for it).
#
# For each step the guest reads back what it scans out (kms_readback) and
# we compare that with a raw VNC capture, pixel for pixel: the kernel
# console, modetest's pattern with its hardware cursor, modetest's page
# flips; then a monitor change asked over VNC must reach the guest as a
# hotplug with new modes, and shutting down must leave nothing behind.
#
# It takes about 12 minutes here (the nested kernel alone boots in about 5).
# vm-timeout: 2700
. tests/vm/lib.sh
. tests/vm/reports.sh
u=$(vgpu_start 1920x1080)
work=$(mktemp -d)
scratch=$work/scratch
mkdir -p "$scratch"
ktree=${VGPU_NESTED_KERNEL:-$VGPU_REPO/build/vm/kernel}
guest_ko=${VGPU_GUEST_KO:-$VGPU_REPO/guest-kms/vgpu_kms.ko}
rel=$(cat "$ktree/.release")
kernel=$ktree/boot/vmlinuz-$rel
echo "# the nested guest runs $rel"
initrd=$work/initrd.gz
# What the driver needs loaded first differs by kernel (7.x has DRM's
# client setup in a module of its own): its own list says.
INITRAMFS_INIT=tests/vm/nested-init INITRAMFS_MODULES="$(modinfo -F depends "$guest_ko" | tr ',' ' ')" \
	INITRAMFS_BINS="/bin/bash /usr/bin/modetest $VGPU_BIN/kms_readback" \
	INITRAMFS_FILES="$guest_ko:/vgpu_kms.ko tests/vm/kms_guest_steps.sh:/steps.sh" \
	tests/vm/mkinitramfs.sh "$ktree/lib/modules/$rel" "$initrd"
check "the nested guest's kernel and initramfs are there" test -f "$kernel" -a -f "$initrd"
check_eq "the guest's driver is built for it" "$(modinfo -F vermagic "$guest_ko" | cut -d' ' -f1)" "$rel"

card=
for c in /sys/class/drm/card[0-9]*; do
	grep -qx 'DRIVER=vgpu_display' "$c/device/uevent" 2>/dev/null && card=/dev/dri/${c##*/}
done
check "our DRM device has a primary node" test -c "$card"

# Mesa's llvmpipe, unlike t_qemu.sh: QEMU draws every frame in its main
# loop, which also serves the guest's MMIO and 9p, and softpipe takes so
# long over a 1024x768 frame under TCG that the guest stalled for good once
# its console was up (measured: no step in 8 minutes). llvmpipe draws
# modetest's cursor exactly. TCG, as /dev/kvm hangs QEMU here.
GBM_ALWAYS_SOFTWARE=1 GALLIUM_DRIVER=llvmpipe MESA_SHADER_CACHE_DISABLE=true \
	qemu-system-x86_64 -machine pc -accel tcg -cpu max -m 512 -nodefaults -vga none -no-reboot \
	-kernel "$kernel" -initrd "$initrd" \
	-append "console=tty0 console=ttyS0 panic=-1 loglevel=4 vt.global_cursor_default=0" \
	-virtfs "local,path=$scratch,mount_tag=scratch,security_model=none" \
	-serial "file:$work/serial" \
	-device "vfio-pci,sysfsdev=/sys/bus/mdev/devices/$u,display=on,xres=1024,yres=768" \
	-display "egl-headless,rendernode=$card" -vnc 127.0.0.1:0 \
	>"$work/qemu.log" 2>&1 &
qemu=$!
started=$(date +%s)

# ready STEP: until the guest says STEP is showing (600 s at most: a 6.12
# guest took 300 s to its console and as long again to modetest's picture
# while the host built a kernel beside it).
ready() {
	local i
	for ((i = 0; i < 6000; i++)); do
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

if ! ready console; then
	not_ok "the guest driver binds and the console comes up"
	kill -9 "$qemu"
	vgpu_stop "$u"
	exit 1
fi
ok "the guest driver binds and the console comes up"
echo "# guest up after $(($(date +%s) - started)) s"
# The first modes only, and how many there are.
awk '!/^mode / || ++m <= 5' "$scratch/report" | sed 's/^/# guest: /'
echo "# guest: $(grep -c '^mode ' "$scratch/report") modes"
check_eq "the connector sees the monitor" "$(report connector | cut -d' ' -f2)" connected
# QEMU's EDID, not the driver's fallback (which prefers 1024x768 too): the
# connector's EDID property, as modetest reads it, starts with the EDID
# header and QEMU's manufacturer "RHT" (0x49 0x14); and the modes include
# its CTA-861 block's 1920x1080 at 50 Hz, which the fallback (DMT's modes)
# does not offer.
check "the guest's EDID property is QEMU's EDID" grep -q '^edid 00ffffffffffff004914' "$scratch/report"
check "the guest's modes come from QEMU's EDID" grep -q '^mode #[0-9]* 1920x1080 50.00 ' "$scratch/report"
check_eq "QEMU's EDID prefers 1024x768 in the guest" "$(report preferred)" 1024x768
check_eq "the console is our fbdev" "$(report bound)" vgpu_kmsdrmfb
check "the console shows 1024x768 XRGB8888" grep -q '^primary XR24 1024x768' "$scratch/console/state.txt"
# Not two blank screens: the console's text is in the picture.
check "the console has text on it" /usr/bin/python3 -c '
import sys; sys.path.insert(0, "tests/vm")
from pixmatch import load_rgb
px, w, h = load_rgb(sys.argv[1])
sys.exit(0 if sum(p != px[0][0] for row in px for p in row) > 500 else 1)' "$scratch/console/primary.ppm"
check "VNC shows exactly the console the guest scans out" grab console
go console

check "modetest sets its mode with the cursor on" ready modetest
check "modetest's cursor is a 64x64 hardware cursor" grep -q '^cursor -\?[0-9]* -\?[0-9]* 64x64$' \
	"$scratch/modetest/state.txt"
check "VNC shows exactly modetest's pattern with its cursor" grab modetest
go modetest

# Both of modetest's buffers over time: its pattern and its plain one.
check "modetest page-flips" ready flip
seen_pattern=0 seen_plain=0
for ((i = 0; i < 30 && seen_pattern + seen_plain < 2; i++)); do
	/usr/bin/python3 tests/vm/rfb_grab.py 127.0.0.1:5900 "$work/flip.png" || continue
	# The pattern: modetest's readback with its cursor taken out.
	sed 's/^cursor .*/cursor none/' "$scratch/modetest/state.txt" >"$work/nocursor.txt"
	mkdir -p "$work/pattern"
	cp "$scratch/modetest/primary.ppm" "$work/pattern/"
	cp "$work/nocursor.txt" "$work/pattern/state.txt"
	if [ "$(cd tests/vm && /usr/bin/python3 kms_compose.py "$work/pattern" --compare "$work/flip.png")" = match ]; then
		seen_pattern=1
	elif /usr/bin/python3 -c '
import sys; sys.path.insert(0, "tests/vm")
from pixmatch import load_rgb
px, w, h = load_rgb(sys.argv[1])
sys.exit(0 if all(p == px[0][0] for row in px for p in row) else 1)' "$work/flip.png"; then
		seen_plain=1
	fi
done
go flip
check "VNC shows modetest's pattern while it flips" test "$seen_pattern" = 1
check "VNC shows modetest's other, plain buffer while it flips" test "$seen_plain" = 1

check "the guest listens for uevents" ready hotplug-armed
check "a VNC viewer's new size reaches QEMU" /usr/bin/python3 tests/vm/rfb_grab.py 127.0.0.1:5900 --resize 800x600
go hotplug-armed

# The guest shuts down on its own once done; QEMU exits with it.
for ((i = 0; i < 3000; i++)); do
	kill -0 "$qemu" 2>/dev/null || break
	sleep 0.1
done
check_fails "QEMU exits when the guest powers off" kill -0 "$qemu"
kill -9 "$qemu" 2>/dev/null
wait "$qemu"
grep -v '^mode ' "$scratch/report" | sed 's/^/# guest: /'
rates=$(sed -n 's/^flip-rate freq: //p' "$scratch/report" | tr '\n' ' ')
echo "# flips per second (modetest -v, the mode is 1024x768 at a 60 Hz vblank): ${rates:-none}"
max_rate=$(sed -n 's/^flip-rate freq: //p' "$scratch/report" | sort -n | tail -1)
check "modetest's flips are paced by vblank events (at most 66 per second)" \
	awk -v r="${max_rate:-0}" 'BEGIN { exit !(r > 0 && r <= 66) }'
check "the guest gets a hotplug uevent" test "$(report uevent)" -ge 1
check_eq "the guest's preferred mode follows the viewer" "$(report preferred-after)" 800x600
check_eq "unbinding the driver removes its DRM device" "$(report unbound)" gone
check "binding it again brings the device back" test -n "$(report rebound)"
check "the guest's script finished" grep -qx done "$scratch/report"
check_eq "the guest's script succeeded" "$(cat "$scratch/status" 2>/dev/null)" 0
if grep -Eq "$kernel_reports_re" "$scratch/dmesg" 2>/dev/null; then
	not_ok "the guest's kernel reported no problem"
	grep -E -B2 -A20 "$kernel_reports_re" "$scratch/dmesg" | head -60
else
	check "the guest's kernel log is there and clean" test -s "$scratch/dmesg"
fi
check_qemu_log "$work/qemu.log"
check_nothing_left "$u"
[ "$checks_failed" -eq 0 ] || { echo "# guest serial:"; tail -40 "$work/serial"; }
vgpu_stop "$u"
finish
