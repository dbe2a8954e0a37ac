# The scripted guest drives registers, the GGTT and the aperture; the
# aperture pins nothing, and a buffer's pins follow close.
. tests/vm/lib.sh

u=$(vgpu_start 1920x1080)
check "registers, GGTT, aperture, unmap and reset (scripts/regs.vgs)" vmm --quiet --uuid "$u" tests/vm/scripts/regs.vgs
check "hostile region accesses get clear errnos (scripts/hostile.vgs)" vmm --quiet --uuid "$u" tests/vm/scripts/hostile.vgs
check_eq "no page pinned once the VMM closed the device" "$(cat /sys/bus/mdev/devices/$u/vendor/pinned_pages)" 0

# 100 distinct guest pages through the aperture: each reads its own page,
# and none stays pinned.
{
	echo "write cfg COMMAND 2 6"
	for i in $(seq 0 99); do
		echo "poke $((0x100000 + i * 4096)) 4 $((i + 1))"
		echo "ggtt $i $((0x100000 + i * 4096))"
		echo "read aperture $((i * 4096)) 4 expect $((i + 1))"
	done
	echo "read aperture 0 4 expect 1"
	echo "pinned 0"
} >/tmp/aperture.vgs
check "the aperture reaches every page and pins none" vmm --quiet --uuid "$u" /tmp/aperture.vgs

# A VMM that dies with a buffer's pages pinned: close releases them.
{
	echo "write cfg COMMAND 2 6"
	echo "ggtt 0 0x1000 4"
	echo "write bar0 PIPECONF 4 0x80000000"
	echo "write bar0 CURCNTR 4 0x27"
	echo "plane cursor width=64"
	echo "pinned 4"
} >/tmp/die.vgs
check "a VMM exits with a cursor's pages pinned" vmm --quiet --uuid "$u" /tmp/die.vgs
check_eq "closing released it" "$(cat /sys/bus/mdev/devices/$u/vendor/pinned_pages)" 0

out=$(vmm --uuid 00000000-0000-0000-0000-000000000000 /dev/null 2>&1)
check "a missing vGPU is reported in one clear line" grep -q "no mdev 00000000-0000-0000-0000-000000000000.*mdevctl start" <<<"$out"
out=$(echo frobnicate | vmm --quiet --uuid "$u" 2>&1)
check "a script error names the line" grep -q "^-:1: unknown command 'frobnicate'" <<<"$out"
echo 'write cfg COMMAND 2 6
read bar0 PIPECONF 4 expect 1' >/tmp/bad.vgs
out=$(vmm --quiet --uuid "$u" /tmp/bad.vgs 2>&1)
check "a failed expectation names the script line" grep -q '^/tmp/bad.vgs:2: read PIPECONF: got 0x0, expected 0x1' <<<"$out"
vgpu_stop "$u"
finish
