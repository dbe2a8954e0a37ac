# The benchmark's part inside the test VM (bench/run.sh boots it): one
# vGPU of each type and the kernel's mbochs sample, then vgpu_bench and
# pixels_bench, whose lines bench/table.awk turns into the table.
# Usage (through tests/vm/run): bench/guest.sh [--quick]
. tests/vm/lib.sh
quick=${1:-}
u1080=$(vgpu_start 1920x1080) || exit 1
u2160=$(vgpu_start 3840x2160) || exit 1
mbochs=
if insmod "$VGPU_SAMPLES/mbochs.ko"; then
	mbochs=$(new_uuid)
	mdevctl start -u "$mbochs" -p mbochs --type mbochs-small || mbochs=
fi
[ -n "$mbochs" ] || echo "bench: no mbochs sample: P1 without its reference"
out=$VGPU_OUT/bench.txt
"$VGPU_BIN/vgpu_bench" $quick "$u1080" "$u2160" $mbochs >"$out" || exit 1
"$VGPU_BIN/pixels_bench" $quick | sed 's/^P5 /P5vm /' >>"$out" || exit 1
cat "$out"
[ -n "$mbochs" ] && mdevctl stop -u "$mbochs" && rmmod mbochs
vgpu_stop "$u1080"
vgpu_stop "$u2160"
# The figures are not asserted, but what the design promises is.
check "no page is pinned again after the first two buffers" \
	grep -q 'new_pins_after_two_buffers 0$' "$out"
check "no buffer is a copy of the guest's frame" grep -q ' copies 0 of ' "$out"
finish
