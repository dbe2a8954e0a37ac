# The same tools on the kernel's own mdev display samples, built from
# Debian's linux-source-6.1 (scripts/build-samples.sh): mdpy's region
# display is captured through libvfio-display; mbochs's dma-buf planes are
# found and reported, with the reason its pixels cannot be read.
. tests/vm/lib.sh
samples=$VGPU_SAMPLES

check "mdpy loads" insmod "$samples/mdpy.ko"
u=$(new_uuid)
check "mdevctl creates an mdpy-vga device" mdevctl start -u "$u" -p mdpy --type mdpy-vga
check "the VMM writes a PNG of mdpy's display" vmm --quiet --uuid "$u" --png /tmp/mdpy.png /dev/null
# mdpy starts with a grey gradient: row y of 480 is y * 255 / 480 in every byte.
check "every pixel is mdpy's gradient" /usr/bin/python3 -c '
import sys
from PIL import Image
img = Image.open("/tmp/mdpy.png").convert("RGB")
assert img.size == (640, 480), img.size
px = img.load()
bad = sum(1 for y in range(480) for x in range(640) if px[x, y] != (y * 255 // 480,) * 3)
print(f"mdpy: {640 * 480 - bad} of {640 * 480} pixels match")
sys.exit(1 if bad else 0)'
check "mdpy's device goes" mdevctl stop -u "$u"
check "mdpy unloads" rmmod mdpy

check "mbochs loads" insmod "$samples/mbochs.ko"
u=$(new_uuid)
check "mdevctl creates an mbochs-small device" mdevctl start -u "$u" -p mbochs --type mbochs-small
# Bochs VBE registers in region 2 at 0x500, 16 bits each: 640x480x32, on.
printf '%s\n' 'write bar2 0x502 2 640' 'write bar2 0x504 2 480' 'write bar2 0x506 2 32' \
	'write bar2 0x508 2 0x41' >/tmp/mbochs.vgs
out=$(vmm --quiet --uuid "$u" --png /tmp/mbochs.png /tmp/mbochs.vgs 2>&1)
rc=$?
echo "$out"
check_eq "the VMM fails, as it cannot read mbochs's pixels" "$rc" 1
check "it names the plane it found" grep -q "found a XR24 plane .*dmabuf_id [1-9]" <<<"$out"
check "and says plainly why it cannot read it" grep -q "cannot be mapped for reading" <<<"$out"
check_fails "no PNG is written" test -e /tmp/mbochs.png
check "mbochs's device goes" mdevctl stop -u "$u"
check "mbochs unloads" rmmod mbochs
finish
