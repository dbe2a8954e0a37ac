#!/bin/bash
# /steps.sh of the nested guest of tests/vm/nested.sh: Debian's own
# kernel, booted by unmodified QEMU with our vGPU, loads
# guest-kms/vgpu_kms.ko (/vgpu_kms.ko; nested-init has loaded DRM's
# modules) and drives it with the kernel console and with libdrm's
# modetest, step by step with the test outside (which looks over VNC).
# With kms_driver=DRIVER on the kernel's command line (init's environment)
# it drives DRIVER's device instead (nested-init has loaded it), through
# the console step only: t_guest_mbochs.sh, with the stock bochs-drm.
#
# Each step leaves what the guest itself shows in /run/scratch/STEP/ (a
# tests/vm/kms_readback directory), says "kms: KEY VALUE" lines on the
# serial console and in /run/scratch/report, then writes
# /run/scratch/ready-STEP and waits for /run/scratch/go-STEP.
set -uo pipefail
export PATH=/bin
out=/run/scratch
driver=${kms_driver:-vgpu_kms}

say() {
	echo "kms: $*"
	echo "$*" >>"$out/report"
}

# wait_for WHAT SECONDS COMMAND...: until COMMAND succeeds. Counted in
# seconds, not in tries: one try (a fork and a debugfs read) takes far
# more than its 0.1 s pause in a nested TCG guest.
wait_for() {
	local what=$1 end=$((SECONDS + $2))
	shift 2
	while ((SECONDS < end)); do
		"$@" && return 0
		sleep 0.1
	done
	say "timeout $what"
	return 1
}

# modetest_stuck: what modetest, if still running, is doing in the kernel
# and what it printed, for a step that did not come.
modetest_stuck() {
	echo "kms: modetest output:"
	cat /tmp/modetest.out
	if [ -e "/proc/$mt" ]; then
		echo "kms: modetest state $(sed -n 's/^State:\t//p' "/proc/$mt/status")"
		cat "/proc/$mt/stack" 2>/dev/null | sed 's/^/kms: stack /'
	fi
	dmesg | tail -20 | sed 's/^/kms: dmesg /'
}

# step NAME: tell the test outside that NAME is showing, wait for its go.
step() {
	: >"$out/ready-$1"
	wait_for "go-$1" 300 test -e "$out/go-$1"
}

readback() {
	mkdir -p "$out/$1"
	kms_readback "$card" "$out/$1"
}

# The connector's preferred mode, as modetest (a client no one here wrote)
# lists it after probing.
preferred_mode() {
	modetest -M "$driver" -c 2>/dev/null |
		awk '/^  #[0-9]+ / && /preferred/ { print $2; exit }'
}

if [ "$driver" = vgpu_kms ]; then
	insmod /vgpu_kms.ko || { say "cannot load vgpu_kms.ko"; exit 1; }
fi
card=
find_card() {
	local c
	for c in /sys/class/drm/card[0-9]; do
		grep -qx "DRIVER=$driver" "$c/device/uevent" 2>/dev/null && card=/dev/dri/${c##*/}
	done
	[ -n "$card" ] && [ -e /dev/fb0 ]
}
wait_for "the DRM device" 60 find_card || exit 1
say "bound $(cat /sys/class/graphics/fb0/name)"
conn=$(ls -d /sys/class/drm/"${card##*/}"-*/ | head -1)
say "connector $(basename "$conn") $(cat "$conn/status")"
say "preferred $(preferred_mode)"
# The EDID DRM read, as a client sees the connector's EDID property: its
# first 16 bytes (the header, the manufacturer...).
say "edid $(modetest -M "$driver" -c | awk '/ EDID:/ { e = 1 } e && /value:/ { getline; gsub(/[ \t]/, ""); print; exit }')"
# Every mode: the order differs between kernels (6.12 lists more of the
# EDID's before its CTA-861 block's).
modetest -M "$driver" -c | grep '^  #' | while read -r l; do say "mode $l"; done

# The console: quiet (no kernel lines, no blinking cursor), cleared, and
# a line of text of our own on it.
dmesg -n 1
echo 0 >/sys/class/graphics/fbcon/cursor_blink
printf '\033[2J\033[H%s: the kernel console of a nested Debian guest\n' "$driver" >/dev/tty1
readback console || exit 1
say "console $(cat "$out/console/state.txt" | tr '\n' ' ')"
step console || exit 1
if [ "$driver" != vgpu_kms ]; then
	say done
	exit 0
fi

# modetest's test pattern and its hardware cursor test. The cursor moves
# every few milliseconds: freeze modetest (SIGSTOP) with the cursor on,
# then read back; its last ioctl is complete once it is stopped.
crtc_conn=$(modetest -M vgpu_kms -c | awk '/^[0-9]+\t[0-9]+\tconnected/ { print $1; exit }')
crtc=$(modetest -M vgpu_kms -p | awk '/^CRTCs:/ { getline; getline; print $1; exit }')
say "modetest connector $crtc_conn crtc $crtc"
mkfifo /tmp/modetest.in
modetest -M vgpu_kms -s "$crtc_conn@$crtc:1024x768" -C </tmp/modetest.in >/tmp/modetest.out 2>&1 &
mt=$!
exec {hold}>/tmp/modetest.in
cursor_on() {
	kill -STOP "$mt"
	readback modetest >/dev/null 2>&1 && grep -q '^cursor [-0-9]' "$out/modetest/state.txt" &&
		grep -q '^primary XR24 1024x768' "$out/modetest/state.txt" && return 0
	kill -CONT "$mt"
	return 1
}
# Its own buffers, the pattern's and the cursor's, are on the planes.
modetest_shows() {
	[ "$(grep -c 'allocated by = modetest' "$state")" -ge 2 ]
}
state=/sys/kernel/debug/dri/${card#/dev/dri/card}/state
wait_for "modetest's buffers on the planes" 300 modetest_shows || { modetest_stuck; cat "$state"; exit 1; }
wait_for "modetest with its cursor on" 120 cursor_on || { modetest_stuck; exit 1; }
say "modetest $(tr '\n' ' ' <"$out/modetest/state.txt")"
step modetest || exit 1
kill -CONT "$mt"
echo >&$hold
exec {hold}>&-
wait "$mt"
say "modetest-exit $?"

# Page flipping: modetest -v flips between its pattern and a plain buffer
# on each flip event, and says its rate every 60 flips.
modetest -M vgpu_kms -s "$crtc_conn@$crtc:1024x768" -v </tmp/modetest.in >/tmp/flip.out 2>&1 &
mt=$!
exec {hold}>/tmp/modetest.in
: >"$out/ready-flip"
wait_for go-flip 300 test -e "$out/go-flip"
echo >&$hold
exec {hold}>&-
wait "$mt"
say "flip-exit $?"
grep -o 'freq: [0-9.]*' /tmp/flip.out | sed 's/^/flip-rate /' | while read -r l; do say "$l"; done

# Hotplug: the test outside asks QEMU for another monitor size over VNC;
# QEMU writes a new EDID with the link down and up again.
# busybox's uevent runs a command per kernel uevent, with its environment.
# It is listening once a uevent of our own (a "change" of the card) came
# through; only then may the test outside change the monitor.
uevent sh -c 'env >>/tmp/uevents' &
um=$!
listening() {
	echo change >"/sys/class/drm/${card##*/}/uevent"
	grep -q '^ACTION=change' /tmp/uevents 2>/dev/null
}
wait_for "the uevent listener" 120 listening || exit 1
step hotplug-armed || exit 1
wait_for "a hotplug uevent" 120 grep -q '^HOTPLUG=1' /tmp/uevents
say "uevent $(grep -c '^HOTPLUG=1' /tmp/uevents)"
new_mode() { [ "$(preferred_mode)" != 1024x768 ]; }
wait_for "a new preferred mode" 60 new_mode
say "preferred-after $(preferred_mode)"
kill "$um"

# A clean unbind while a client flips, and bind again, console and all.
# A flip under way when the device goes must still end at a vblank of a
# running pipe: a pipe turned off under it leaves the commit waiting (a
# "vblank wait timed out" WARN after 100 ms, a "flip_done timed out" error
# after 10 s). modetest -v says its rate every 60 flips: it is flipping.
modetest -M vgpu_kms -s "$crtc_conn@$crtc:$(preferred_mode)" -v </tmp/modetest.in >/tmp/flip2.out 2>&1 &
mt=$!
exec {hold}>/tmp/modetest.in
wait_for "modetest flipping before the unbind" 120 grep -q 'freq:' /tmp/flip2.out &&
	say "unbind-under-flips yes"
bdf=$(basename "$(readlink -f /sys/class/drm/"${card##*/}"/device)")
before=$(dmesg | grep -c 'timed out')
t0=$SECONDS
echo "$bdf" >/sys/bus/pci/drivers/vgpu_kms/unbind
say "unbind-seconds $((SECONDS - t0))"
say "unbind-timeouts $(($(dmesg | grep -c 'timed out') - before))"
say "unbound $([ -e "$card" ] && echo still-there || echo gone)"
echo >&$hold
exec {hold}>&-
wait "$mt"
echo "$bdf" >/sys/bus/pci/drivers/vgpu_kms/bind
card=
wait_for "the DRM device again" 60 find_card && say "rebound $(basename "$card")"
say done
