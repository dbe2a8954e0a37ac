# A vGPU defined with `mdevctl define --auto` comes back when the module
# loads again, as after a reboot, with the module installed as README.md
# says (make modules_install, make install-boot) and started by udev, not
# by hand: the VM's init runs no udevd, so this test starts systemd-udevd
# as a booted system has it. Both orders a boot can take: the module loading
# while udevd runs (modprobe; its uevent MDEV_STATE=registered), and
# systemd-modules-load loading it before udevd starts (then the "add" that
# systemd-udev-trigger replays). A vGPU defined without --auto must not come
# back. Everything written here (/lib/modules, /usr/local/lib,
# /etc/mdevctl.d) is in the VM's tmpfs overlay, never on the host's root;
# the test still removes it, to leave the VM as it found it.
. tests/vm/lib.sh

# The VM's init chroots into the overlay, and udevadm settle, control and
# trigger --settle ignore their requests in a chroot unless told to.
export SYSTEMD_IGNORE_CHROOT=1

rel=$(uname -r)
installed_ko=/lib/modules/$rel/updates/vgpu_display.ko
auto=$(new_uuid)
manual=$(new_uuid)
type=$VGPU_PARENT-1920x1080

cleanup() {
	local u
	for u in "$auto" "$manual"; do
		mdevctl stop -u "$u" >/dev/null 2>&1
		mdevctl undefine -u "$u" >/dev/null 2>&1
	done
	rmdir "/etc/mdevctl.d/$VGPU_PARENT" 2>/dev/null
	udevadm control --exit 2>/dev/null
	make --no-print-directory -s uninstall-boot
	if [ -f "$installed_ko" ]; then
		rm -f "$installed_ko"
		depmod -a
	fi
}
trap cleanup EXIT

# vgpu_is_back UUID: the vGPU exists, of $type, and mdevctl lists it as
# active and as defined to start automatically.
vgpu_is_back() {
	test -d "/sys/bus/mdev/devices/$1" &&
		test "$(basename "$(readlink "/sys/bus/mdev/devices/$1/mdev_type")")" = "$type" &&
		grep -q "^$1 $VGPU_PARENT $type auto" <<<"$(mdevctl list)"
}

start_udevd() {
	/lib/systemd/systemd-udevd --daemon && udevadm control --ping
}

install_ko() {
	install -D -m 0644 "$VGPU_KO" "$installed_ko" && depmod -a
}

undefine_both() {
	mdevctl undefine -u "$auto" && mdevctl undefine -u "$manual"
}

check "rmmod the module guest-run.sh loaded" rmmod vgpu_display

# Install the module the way a user does. Another build than
# kernel/vgpu_display.ko (VM_MODULE, the debug or the rt kernel) goes
# where make modules_install puts it.
built=$(modinfo -F vermagic kernel/vgpu_display.ko 2>/dev/null | cut -d' ' -f1)
if [ "$VGPU_KO" -ef kernel/vgpu_display.ko ] && [ "$built" = "$rel" ]; then
	check "make modules_install" make --no-print-directory -s modules_install
else
	echo "# $VGPU_KO is installed by hand, as make modules_install installs kernel/vgpu_display.ko"
	check "install $VGPU_KO into updates/ and depmod" install_ko
fi
check_eq "modprobe finds the installed module" "$(modinfo -n vgpu_display 2>&1)" "$installed_ko"
check "make install-boot" make --no-print-directory -s install-boot
check "the modules-load.d file names the module" \
	grep -qx vgpu_display /usr/local/lib/modules-load.d/vgpu-display.conf
check "the udev rule is installed" test -f /usr/local/lib/udev/rules.d/61-vgpu-display.rules

check "systemd-udevd runs" start_udevd
check "modprobe vgpu_display" modprobe vgpu_display
check "udevadm settle" udevadm settle
check "mdevctl define --auto" mdevctl define --auto -u "$auto" -p "$VGPU_PARENT" --type "$type"
check "mdevctl define (manual start)" mdevctl define -u "$manual" -p "$VGPU_PARENT" --type "$type"
check "the definition is in /etc/mdevctl.d" test -f "/etc/mdevctl.d/$VGPU_PARENT/$auto"
check "mdevctl list --defined shows it, auto" \
	grep -q "^$auto $VGPU_PARENT $type auto" <<<"$(mdevctl list --defined)"
check_fails "defining does not start it" test -e "/sys/bus/mdev/devices/$auto"

# The reboot's stand-in: the module goes, with no vGPU, and comes back.
check "rmmod vgpu_display" rmmod vgpu_display
check "modprobe vgpu_display, udevd running" modprobe vgpu_display
check "udevadm settle" udevadm settle
check "the --auto vGPU is back, active in mdevctl list" vgpu_is_back "$auto"
check_fails "the other one is not" test -e "/sys/bus/mdev/devices/$manual"

# A boot where systemd-modules-load runs before udevd: the module's own
# uevents reach no one, and udevadm trigger's "add" (here for our device
# only; the boot's replays it for every device) starts the vGPU.
check "mdevctl stop" mdevctl stop -u "$auto"
check "rmmod vgpu_display" rmmod vgpu_display
check "udevd stops" udevadm control --exit
check_fails "and is gone" udevadm control --ping --timeout=1
check "systemd-modules-load loads what modules-load.d names" /lib/systemd/systemd-modules-load
check "the module is loaded" grep -q '^vgpu_display ' /proc/modules
check_fails "without udevd, nothing starts the vGPU" test -e "/sys/bus/mdev/devices/$auto"
check "systemd-udevd runs again" start_udevd
check "udevadm trigger --action=add of the parent" \
	udevadm trigger --settle --action=add --subsystem-match=platform --sysname-match="$VGPU_PARENT"
check "udevadm settle" udevadm settle
check "the --auto vGPU is back, active in mdevctl list" vgpu_is_back "$auto"
check_fails "the other one is not" test -e "/sys/bus/mdev/devices/$manual"

check "mdevctl stop" mdevctl stop -u "$auto"
check "mdevctl undefine both" undefine_both
check_eq "nothing is left defined" "$(mdevctl list --defined)" ""
finish
