# Runs inside the test VM (tests/vm/run tests/fuzz/fuzz.sh): every fuzzer
# of tests/fuzz against one vGPU, then checks that nothing stayed pinned
# or alive. make fuzz runs it on the stock kernel and on the debug kernel. FUZZ_SECONDS is each timed mode's run time (default 60),
# FUZZ_SEED replays a run (default: the time), FUZZ_SMOKE=1 is the short
# run of `make check`: a few seconds each, with small minimum counts.
. tests/vm/lib.sh

seed=${FUZZ_SEED:-$(date +%s)}
secs=${FUZZ_SECONDS:-60}
[ "${FUZZ_SMOKE:-0}" = 1 ] && secs=5
echo "fuzz: seed $seed, $secs s per timed mode"
# The fds mode imports plane buffers into vgem as well as into our DRM device.
modprobe vgem || not_ok "vgem loads"
u=$(vgpu_start 1920x1080)
pinned() { cat "/sys/bus/mdev/devices/$u/vendor/pinned_pages"; }
live() { cat /sys/kernel/debug/vgpu_display/live_buffers; }

# fuzz MODE SECONDS MIN: one mode, then nothing may be left behind.
fuzz() {
	local mode=$1 s=$2 min=$3
	echo "== fuzz $mode"
	"$VGPU_BIN/vgpu-fuzz" "$mode" "$u" --seed "$seed" --seconds "$s" --min "$min"
	[ $? -eq 0 ] || not_ok "vgpu-fuzz $mode exited with a failure (seed $seed)"
	check_eq "after fuzz $mode: no page pinned" "$(pinned)" 0
	check_eq "after fuzz $mode: no buffer alive" "$(live)" 0
}

# The counts are asserted where the kernel is fast enough to reach
# them in a bounded run (the stock kernel: about 10 s each here). The
# debug kernel runs these paths one to two hundred times slower under
# TCG (KASAN and kmemleak record a stack trace per allocation, lockdep
# checks every lock), so there the same modes run for the same time and
# only have to make real progress; their counts are printed.
# fds runs half the time in the full runs: make fuzz gives the VM
# 5 x FUZZ_SECONDS (+ boot), and the other modes take 4 1/6 of it.
if [ "${FUZZ_SMOKE:-0}" = 1 ] && [ -e /proc/self/fail-nth ]; then
	# 5 s there is too few queries for a random plane to be exported.
	fuzz guest 30 2000
	fuzz vmm "$secs" 500
	fuzz life "$secs" 20
	fuzz isolation 2 10
	fuzz fds 30 10
elif [ "${FUZZ_SMOKE:-0}" = 1 ]; then
	fuzz guest "$secs" 20000
	fuzz vmm "$secs" 5000
	fuzz life "$secs" 200
	fuzz isolation 2 50
	fuzz fds "$secs" 100
elif [ -e /proc/self/fail-nth ]; then
	fuzz guest "$secs" 20000
	fuzz vmm "$secs" 5000
	fuzz life "$secs" 200
	fuzz isolation "$((secs / 6 + 1))" 50
	fuzz fds "$((secs / 2 + 1))" 20
else
	fuzz guest "$secs" 1000000
	fuzz vmm "$secs" 100000
	fuzz life "$secs" 10000
	fuzz isolation "$((secs / 6 + 1))" 1000
	fuzz fds "$((secs / 2 + 1))" 1000
fi

# Allocation failures need the kernel's fault injection (the debug kernel).
if [ -e /proc/self/fail-nth ]; then
	for attr in failslab fail_page_alloc; do
		echo N >/sys/kernel/debug/$attr/ignore-gfp-wait
		echo 0 >/sys/kernel/debug/$attr/verbose
	done
	echo 0 >/sys/kernel/debug/fail_page_alloc/min-order
	fuzz failnth 0 0
else
	echo "fuzz: no fail-nth on this kernel (no fault injection): the debug run does it"
fi

vgpu_stop "$u"
finish
