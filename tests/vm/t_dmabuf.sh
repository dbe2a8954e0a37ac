# Plane ioctl arguments and dma-buf lifetimes through the real ABI
# (tests/vm/dmabuf_life.c); the last case removes the vGPU under a held
# buffer, after which the module must unload cleanly.
. tests/vm/lib.sh
modprobe vgem || not_ok "vgem loads"
u=$(vgpu_start 1920x1080)
out=$("$VGPU_BIN/dmabuf_life" "$u" 2>&1)
rc=$?
echo "$out"
while read -r name; do ok "dmabuf_life: $name"; done < <(sed -n 's/^\[       OK \] //p' <<<"$out")
while read -r name; do not_ok "dmabuf_life: $name"; done < <(sed -n 's/^\[  FAILED  \] \([a-z_]*\)$/\1/p' <<<"$out")
[ $rc -eq 0 ] || not_ok "dmabuf_life exited with $rc"
check_fails "the vGPU was removed" test -e "/sys/bus/mdev/devices/$u"
check_eq "no buffer is left" "$(cat /sys/kernel/debug/vgpu_display/live_buffers)" 0
check "the module unloads" rmmod vgpu_display
finish
