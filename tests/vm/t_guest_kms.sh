# A real Linux guest drives the vGPU: the nested guest of nested.sh (Debian's
# own kernel under unmodified QEMU) gets our vGPU as vfio-pci,display=on
# and loads guest-kms/vgpu_kms.ko (VGPU_GUEST_KO: built for that kernel by
# tests/vm/run), which tests/vm/kms_guest_steps.sh drives.
#
# For each step the guest reads back what it scans out (kms_readback) and
# we compare that with a raw VNC capture, pixel for pixel: the kernel
# console, modetest's pattern with its hardware cursor, modetest's page
# flips; then a monitor change asked over VNC must reach the guest as a
# hotplug with new modes, an unbind while modetest flips must time out no
# flip, and shutting down must leave nothing behind.
#
# It takes about 12 minutes here (the nested kernel alone boots in about 5).
# vm-timeout: 2700
. tests/vm/lib.sh
. tests/vm/reports.sh
. tests/vm/nested.sh
u=$(vgpu_start 1920x1080)
guest_ko=${VGPU_GUEST_KO:-$VGPU_REPO/guest-kms/vgpu_kms.ko}
# What the driver needs loaded first differs by kernel (7.x has DRM's
# client setup in a module of its own): its own list says.
nested_initrd "$(modinfo -F depends "$guest_ko" | tr ',' ' ')" "$guest_ko:/vgpu_kms.ko"
check_eq "the guest's driver is built for it" "$(modinfo -F vermagic "$guest_ko" | cut -d' ' -f1)" "$rel"
nested_start "/sys/bus/mdev/devices/$u" vgpu_kms

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
console_checks vgpu_kmsdrmfb
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

nested_exit
grep -v '^mode ' "$scratch/report" | sed 's/^/# guest: /'
rates=$(sed -n 's/^flip-rate freq: //p' "$scratch/report" | tr '\n' ' ')
echo "# flips per second (modetest -v, the mode is 1024x768 at a 60 Hz vblank): ${rates:-none}"
max_rate=$(sed -n 's/^flip-rate freq: //p' "$scratch/report" | sort -n | tail -1)
check "modetest's flips are paced by vblank events (at most 66 per second)" \
	awk -v r="${max_rate:-0}" 'BEGIN { exit !(r > 0 && r <= 66) }'
check "the guest gets a hotplug uevent" test "$(report uevent)" -ge 1
check_eq "the guest's preferred mode follows the viewer" "$(report preferred-after)" 800x600
check_eq "unbinding the driver removes its DRM device" "$(report unbound)" gone
check_eq "modetest flips when the driver is unbound" "$(report unbind-under-flips)" yes
echo "# the unbind under modetest's flips took $(report unbind-seconds) s"
check_eq "no flip under way timed out at the unbind" "$(report unbind-timeouts)" 0
check "binding it again brings the device back" test -n "$(report rebound)"
nested_checks
check_nothing_left "$u"
[ "$checks_failed" -eq 0 ] || { echo "# guest serial:"; tail -40 "$work/serial"; }
vgpu_stop "$u"
finish
