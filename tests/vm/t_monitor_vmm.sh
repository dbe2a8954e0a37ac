# The VMM's side of the monitor: vgpu-vmm's "monitor" and "link" commands
# through libvfio-display (vfiodisplay_set_monitor(), set_link()), read
# back through the guest's face (PV_MONITOR, the EDID window in BAR0), on
# our vGPU and on the kernel's mdev samples (mbochs has an EDID region,
# mdpy none).
. tests/vm/lib.sh

u=$(vgpu_start 1920x1080)
check "monitor 1024 768 shows, 4000 3000 is capped, link down hides it (scripts/monitor.vgs)" \
	vmm --quiet --uuid "$u" tests/vm/scripts/monitor.vgs
# The monitor is the device's, not the VMM's: a later VMM finds it as set.
# 1280x800's timing starts 00 a0 50 20: hactive 0x500, CVT-RB's 160-pixel
# blank, vactive low byte 0x20.
printf '%s\n' 'write cfg COMMAND 2 6' 'read bar0 PV_MONITOR 4' 'read bar0 0x79038 4' >/tmp/mon-keep.vgs
echo 'monitor 1280 800' | vmm --quiet --uuid "$u" -
out=$(vmm --uuid "$u" /tmp/mon-keep.vgs 2>&1)
echo "$out"
check_eq "a monitor set by one VMM is there for the next (1280x800)" \
	"$(sed -n 's/^read bar0 0x79038 size 4 -> //p' <<<"$out")" 0x2050a000
check_eq "PV_MONITOR says connected with 128 bytes" \
	"$(sed -n 's/^read bar0 PV_MONITOR size 4 -> //p' <<<"$out")" 0x800001
out=$(echo 'monitor 320 200' | vmm --quiet --uuid "$u" - 2>&1)
check "a mode under 640x480 fails with the library's reason" \
	grep -q "^-:1: monitor failed: cannot make a 320x200 monitor: a monitor's mode is at least 640x480" <<<"$out"
out=$(echo 'link sideways' | vmm --quiet --uuid "$u" - 2>&1)
check "link takes up or down only" grep -q "^-:1: link: expected up or down" <<<"$out"
vgpu_stop "$u"

samples=$VGPU_SAMPLES
check "mbochs loads" insmod "$samples/mbochs.ko"
u=$(new_uuid)
check "mdevctl creates an mbochs-small device (at most 800x600)" \
	mdevctl start -u "$u" -p mbochs --type mbochs-small
# mbochs shows the guest its EDID in BAR2's first KiB while the link is up.
printf '%s\n' 'monitor 1024 768' \
	'read edid 0x0c 4 expect 800' \
	'read edid 0x08 4 expect 128' \
	'read edid 0x838 4 mask 0xfff000ff expect 0x58300020' \
	'read bar2 0x38 4 mask 0xfff000ff expect 0x58300020' \
	'read bar2 0x3c 4 mask 0xf000 expect 0x2000' \
	'link down' \
	'read bar2 0x38 4 expect 0' >/tmp/mbochs-mon.vgs
check "on mbochs, monitor 1024 768 is capped to its 800x600 and link down hides it" \
	vmm --quiet --uuid "$u" /tmp/mbochs-mon.vgs
check "mbochs's device goes" mdevctl stop -u "$u"
check "mbochs unloads" rmmod mbochs

check "mdpy loads" insmod "$samples/mdpy.ko"
u=$(new_uuid)
check "mdevctl creates an mdpy-vga device" mdevctl start -u "$u" -p mdpy --type mdpy-vga
check "mdpy has no EDID region: monitor and link fail with ENOTSUP" \
	vmm --quiet --uuid "$u" <(printf '%s\n' 'monitor 1024 768 errno ENOTSUP' 'link down errno ENOTSUP')
out=$(echo 'monitor 1024 768' | vmm --quiet --uuid "$u" - 2>&1)
check "and says so in one line" grep -q "^-:1: monitor failed: the device has no EDID region" <<<"$out"
check "mdpy's device goes" mdevctl stop -u "$u"
check "mdpy unloads" rmmod mdpy
finish
