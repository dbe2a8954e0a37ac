# Plane ioctl arguments and dma-buf lifetimes through the real ABI
# (tests/vm/dmabuf_life.c); the last case removes the vGPU under a held
# buffer, after which the module must unload cleanly.
. tests/vm/lib.sh
modprobe vgem || not_ok "vgem loads"
u=$(vgpu_start 1920x1080)
run_cmocka "$VGPU_BIN/dmabuf_life" "$u"
check_fails "the vGPU was removed" test -e "/sys/bus/mdev/devices/$u"
check_eq "no buffer is left" "$(cat /sys/kernel/debug/vgpu_display/live_buffers)" 0
check "the module unloads" rmmod vgpu_display
finish
