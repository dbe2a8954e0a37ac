# The module cannot unload while a VMM holds a vGPU; otherwise it unloads
# cleanly, removing the vGPUs that remain, and loads again.
. tests/vm/lib.sh
held=$(vgpu_start 1920x1080)
idle=$(vgpu_start 3840x2160)
check "a VMM holds one vGPU" vmm_hold "$held"
check_fails "rmmod is refused while it is open" rmmod vgpu_display
check "the module is still loaded" grep -q '^vgpu_display ' /proc/modules
check "the held vGPU is still there" test -d "/sys/bus/mdev/devices/$held"
check "the VMM lets go when its vGPU is removed" vgpu_stop "$held"
check "the VMM exited cleanly" vmm_held_exit
check "rmmod succeeds with an idle vGPU present" rmmod vgpu_display
check_fails "the idle vGPU went with it" test -e "/sys/bus/mdev/devices/$idle"
check_fails "the parent is gone" test -e /sys/class/mdev_bus/vgpu_display
check "the module loads again" insmod "$VGPU_KO"
check_eq "with its whole budget" "$(cat "$(types_dir 3840x2160)/available_instances")" 8
u=$(vgpu_start 1920x1080)
printf 'write cfg COMMAND 2 6\nread bar0 PV_MAGIC 4 expect 0x44504756\n' >/tmp/ok.vgs
check "a new vGPU works" vmm --quiet --uuid "$u" /tmp/ok.vgs
vgpu_stop "$u"
check "and it unloads again" rmmod vgpu_display
finish
