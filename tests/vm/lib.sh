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
