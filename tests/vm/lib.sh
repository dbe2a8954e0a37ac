# Helpers for VM test files, sourced inside the VM (see guest-run.sh).
# Each check prints "ok - WHAT" or "not ok - WHAT"; tests/check.sh counts them.

VGPU_PARENT=vgpu_display
checks_failed=0

ok() { echo "ok - $*"; }
not_ok() {
	echo "not ok - $*"
	checks_failed=$((checks_failed + 1))
}

# check WHAT COMMAND...: run COMMAND, pass when it succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else not_ok "$what"; fi
}

# check_fails WHAT COMMAND...: pass when COMMAND fails.
check_fails() {
	local what=$1
	shift
	if "$@"; then not_ok "$what"; else ok "$what"; fi
}

# check_eq WHAT GOT WANT
check_eq() {
	if [ "$2" = "$3" ]; then ok "$1"; else not_ok "$1 (got '$2', want '$3')"; fi
}

finish() {
	[ "$checks_failed" -eq 0 ]
}

new_uuid() { cat /proc/sys/kernel/random/uuid; }

# vgpu_start TYPE: create a vGPU of vgpu_display-TYPE with mdevctl, print its UUID.
vgpu_start() {
	local u
	u=$(new_uuid)
	mdevctl start -u "$u" -p "$VGPU_PARENT" --type "$VGPU_PARENT-$1" >&2 || return 1
	echo "$u"
}

vgpu_stop() { mdevctl stop -u "$1"; }

types_dir() { echo "/sys/class/mdev_bus/$VGPU_PARENT/mdev_supported_types/$VGPU_PARENT-$1"; }

vmm() { "$VGPU_BIN/vgpu-vmm" "$@"; }

# vmm_hold UUID: start the VMM on tests/vm/scripts/request.vgs in the
# background and return once it holds the device (it printed "ready").
# The VMM's pid is in $held_pid and its output goes on in $held_out.
vmm_hold() {
	local line
	held_out=$(mktemp)
	coproc HELD { exec "$VGPU_BIN/vgpu-vmm" --uuid "$1" tests/vm/scripts/request.vgs 2>&1; }
	held_pid=$HELD_PID
	# bash hides coproc fds from subshells; a copy stays visible.
	exec {held_fd}<&"${HELD[0]}"
	while read -r -t 60 line <&"$held_fd"; do
		echo "$line" >>"$held_out"
		[ "$line" = ready ] && break
	done
	[ "$line" = ready ] || return 1
	# Keep draining its output so that it never blocks on a full pipe.
	cat <&"$held_fd" >>"$held_out" &
	held_cat=$!
	exec {held_fd}<&-
}

# vmm_held_exit: wait for the held VMM; its exit status.
vmm_held_exit() {
	local rc
	wait "$held_pid"
	rc=$?
	wait "$held_cat"
	return $rc
}

# run_cmocka PROGRAM ARGS...: run a cmocka test program; each of its cases
# becomes one check, and an exit without a case failing fails one more.
run_cmocka() {
	local name out rc
	name=$(basename "$1")
	out=$("$@" 2>&1)
	rc=$?
	echo "$out"
	while read -r case; do ok "$name: $case"; done < <(sed -n 's/^\[       OK \] //p' <<<"$out")
	while read -r case; do not_ok "$name: $case"; done < <(sed -n 's/^\[  FAILED  \] \([a-z_]*\)$/\1/p' <<<"$out" | sort -u)
	[ $rc -eq 0 ] || not_ok "$name exited with $rc"
}

# check_qemu_log FILE: QEMU's output says nothing went wrong. Its one
# expected warning is that our device has no error IRQ.
check_qemu_log() {
	if grep -Ei 'segmentation|abort|core dumped|egl|vfio.*(fail|error)|ioctl' "$1" |
		grep -vq 'Could not enable error recovery'; then
		not_ok "QEMU reported no error"
		cat "$1"
	else
		ok "QEMU reported no error"
	fi
}

# check_nothing_left UUID: once its VMM is gone, the vGPU pins no guest
# page and no plane buffer of ours is alive.
check_nothing_left() {
	check_eq "no guest page stays pinned" "$(cat "/sys/bus/mdev/devices/$1/vendor/pinned_pages")" 0
	check_eq "no plane buffer is left" "$(cat /sys/kernel/debug/vgpu_display/live_buffers)" 0
}

# wait_for_text FILE TEXT [PID]: until FILE holds TEXT (120 s at most), or
# until process PID, when given, has gone.
wait_for_text() {
	local i
	for ((i = 0; i < 1200; i++)); do
		grep -q "$2" "$1" 2>/dev/null && return 0
		[ -z "${3:-}" ] || kill -0 "$3" 2>/dev/null || return 1
		sleep 0.1
	done
	return 1
}

# watch_flip A_PNG B_PNG CAPTURE...: run CAPTURE... FILE (which writes a
# lossless picture to FILE) until picture A and then picture B have been
# seen exactly, 60 captures at most, for a guest that flips from A to B on
# its own schedule. Sets $seen to what was seen, in order: "", A or AB.
watch_flip() {
	local a=$1 b=$2 shot p= file
	shift 2
	file=$(mktemp --suffix=.ppm)
	seen=
	for ((shot = 0; shot < 60 && ${#seen} < 2; shot++)); do
		rm -f "$file"
		if ! "$@" "$file" >/dev/null 2>"$file.err"; then
			sed 's/^/# /' "$file.err"
			continue
		fi
		p=$(/usr/bin/python3 tests/vm/image_match.py "$file" "$a" "$b" 2>&1 | tail -1)
		case "$p" in
		0) [ -z "$seen" ] && seen=A ;;
		1) [ "$seen" = A ] && seen=AB ;;
		esac
	done
	echo "# captures: $shot, seen: ${seen:-nothing}; the last: $p"
	rm -f "$file" "$file.err"
}

# qemu_test_guest WORK UUID DISPLAY_ARGS...: QEMU boots the test guest
# (tools/guest: picture A, then B after 6 s) on vGPU UUID with
# display=on and DISPLAY_ARGS, its QMP socket WORK/qmp; the guest's serial
# goes to WORK/serial, QEMU's output to WORK/qemu.log. Sets $qemu.
qemu_test_guest() {
	local work=$1 uuid=$2
	shift 2
	qemu-system-x86_64 -machine pc -accel tcg -m 64 -nodefaults -vga none -no-reboot \
		-kernel "$VGPU_REPO/build/guest/vgpu-guest.elf" -append "period_ms=6000" \
		-serial "file:$work/serial" -device isa-debug-exit,iobase=0xf4,iosize=4 \
		-device "vfio-pci,sysfsdev=/sys/bus/mdev/devices/$uuid,display=on" \
		-qmp "unix:$work/qmp,server=on,wait=off" "$@" >"$work/qemu.log" 2>&1 &
	qemu=$!
}

# vgpu_start_region WORK UUID: mdevctl starts vGPU UUID of the 1920x1080
# type in region mode from a device's JSON (WORK/mdev.json), writing the
# vendor attribute as it starts it, as libvirt's node device XML does with
# <attr>; --jsonfile leaves /etc/mdevctl.d alone.
vgpu_start_region() {
	cat >"$1/mdev.json" <<EOF
{ "mdev_type": "$VGPU_PARENT-1920x1080", "start": "manual",
  "attrs": [ { "vendor/display": "region" } ] }
EOF
	mdevctl start -u "$2" -p "$VGPU_PARENT" --jsonfile "$1/mdev.json"
}

# check_screendump_flip WORK: the guest of qemu_test_guest comes up, and
# QMP screendump (a PPM: lossless; what `virsh screenshot` sends) gives
# WORK/A.png and then WORK/B.png exactly.
check_screendump_flip() {
	local work=$1
	check "the guest found the vGPU and shows picture A" \
		wait_for_text "$work/serial" "vgpu-guest: show A cursor 40,30" "$qemu"
	watch_flip "$work/A.png" "$work/B.png" qmp_screendump "$work/qmp"
	check "QMP screendump gives picture A exactly" test "${seen:0:1}" = A
	check "and after the guest's flip, picture B exactly" test "$seen" = AB
}

# qmp_screendump SOCKET FILE: QEMU's screendump of its display into FILE.
qmp_screendump() {
	/usr/bin/python3 tests/vm/qmp.py "$1" screendump "{\"filename\": \"$2\"}"
}

# check_qemu_ends_without_gl WORK: the QEMU of qemu_test_guest showed the
# display with no OpenGL library mapped, is still running, and stops
# cleanly on SIGTERM with nothing wrong in its log.
check_qemu_ends_without_gl() {
	check "QEMU loaded no OpenGL library" eval "! grep -Eq 'lib(EGL|GLX|GL|gbm|epoxy)\\.so|_dri\\.so' /proc/$qemu/maps"
	check "QEMU is still running" kill -0 "$qemu"
	kill -TERM "$qemu"
	wait "$qemu"
	check_eq "QEMU stops cleanly on SIGTERM" "$?" 0
	check_qemu_log "$1/qemu.log"
}
