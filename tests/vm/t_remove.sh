# Removing a vGPU that a VMM holds open: the kernel asks through the
# request IRQ, the VMM closes, and the removal completes.
. tests/vm/lib.sh
u=$(vgpu_start 1920x1080)
check "a VMM holds the vGPU with a cursor's pages pinned" vmm_hold "$u"
check_eq "the pages are pinned" "$(cat /sys/bus/mdev/devices/$u/vendor/pinned_pages)" 4
check "mdevctl stop completes once the VMM lets go" vgpu_stop "$u"
check "the VMM exited cleanly" vmm_held_exit
check "the VMM saw the request and released the device" grep -qx released "$held_out"
check_fails "the vGPU is gone" test -e "/sys/bus/mdev/devices/$u"

# The same through sysfs directly, with a second vGPU left untouched.
u=$(vgpu_start 1920x1080)
other=$(vgpu_start 1920x1080)
check "a VMM holds the vGPU again" vmm_hold "$u"
check "writing its remove file completes too" sh -c "echo 1 > /sys/bus/mdev/devices/$u/remove"
check "the VMM exited cleanly again" vmm_held_exit
check_fails "the vGPU is gone again" test -e "/sys/bus/mdev/devices/$u"
check "the other vGPU is still there" test -d "/sys/bus/mdev/devices/$other"
printf 'write cfg COMMAND 2 6\nread bar0 PV_MAGIC 4 expect 0x44504756\n' >/tmp/ok.vgs
check "and still works" vmm --quiet --uuid "$other" /tmp/ok.vgs
vgpu_stop "$other"
finish
