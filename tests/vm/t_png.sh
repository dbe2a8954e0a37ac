# The display through libvfio-display, written as a PNG by the VMM, equals
# the picture the scripted guest drew (demo/demo.vgs), pixel for pixel.
. tests/vm/lib.sh
u=$(vgpu_start 1920x1080)
check "the VMM plays the demo guest and writes a PNG" vmm --quiet --uuid "$u" --png /tmp/shot.png demo/demo.vgs
check "every pixel equals the picture the guest drew, cursor included" \
	/usr/bin/python3 tests/vm/png_expect.py /tmp/shot.png demo/demo.vgs \
	0x1000000 2560 640 480 0x2000000 385 257 1 1
check_fails "a picture with one rectangle less does not match" sh -c \
	"grep -v '0x00ffd040' demo/demo.vgs >/tmp/less.vgs && /usr/bin/python3 tests/vm/png_expect.py /tmp/shot.png /tmp/less.vgs 0x1000000 2560 640 480 0x2000000 385 257 1 1"
printf 'write cfg COMMAND 2 6\n' >/tmp/blank.vgs
out=$(vmm --quiet --uuid "$u" --png /tmp/none.png /tmp/blank.vgs 2>&1)
check "a guest that shows nothing gets one clear line" grep -q 'shows nothing yet' <<<"$out"
check_fails "and no PNG" test -e /tmp/none.png
vgpu_stop "$u"
finish
