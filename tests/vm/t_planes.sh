# Display planes through the real ABI with the scripted guest: formats,
# tiling, cursor, ids and pixels (tests/vm/scripts/planes.vgs).
. tests/vm/lib.sh
dbg=/sys/kernel/debug/vgpu_display
u=$(vgpu_start 1920x1080)
check "formats, tiling, cursor, ids and pixels (scripts/planes.vgs)" vmm --quiet --uuid "$u" tests/vm/scripts/planes.vgs
check_eq "the VMM's exit freed every buffer" "$(cat $dbg/live_buffers)" 0
check_eq "and every page reference" "$(cat $dbg/live_buffer_pages)" 0
check_eq "and every pin" "$(cat /sys/bus/mdev/devices/$u/vendor/pinned_pages)" 0
u4k=$(vgpu_start 3840x2160)
# A 3840x2160 XRGB8888 plane: 8100 pages through 8100 GGTT entries.
{
	echo "write cfg COMMAND 2 6"
	for i in $(seq 0 8099); do echo "ggtt $i $((0x1000000 + i * 4096))"; done
	echo "fill 0x1000000 0x1fa4000 0x00204080"
	echo "write bar0 PIPESRC 4 $(((3839 << 16) | 2159))"
	echo "write bar0 PLANE_SIZE 4 $(((2159 << 16) | 3839))"
	echo "write bar0 PLANE_STRIDE 4 240"
	echo "write bar0 PLANE_CTL 4 0x84000000"
	echo "write bar0 PLANE_SURF 4 0"
	echo "write bar0 PIPECONF 4 0x80000000"
	echo "plane primary width=3840 height=2160 stride=15360 size=33177600 as big"
	echo "pinned 8100"
	echo "dmabuf @big 33177596 4 expect 0x00204080"
	echo "plane primary id=@big"
} >/tmp/big.vgs
check "a 3840x2160 plane on the large type" vmm --quiet --ram 64 --uuid "$u4k" /tmp/big.vgs
check_eq "freed again" "$(cat $dbg/live_buffers)" 0
vgpu_stop "$u"
vgpu_stop "$u4k"
finish
