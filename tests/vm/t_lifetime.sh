# The lifetime holes a review found, each as a VMM plays it
# (tests/vm/lifetime_holes.c, docs/hardening.md "Found by review").
# vivid's capture queue is the in-kernel importer that vmaps a dma-buf.
. tests/vm/lib.sh
modprobe vivid n_devs=1 node_types=0x1 || not_ok "vivid loads"
u=$(vgpu_start 1920x1080)
run_cmocka "$VGPU_BIN/lifetime_holes" "$u"
vgpu_stop "$u"
check_eq "no buffer is left" "$(cat /sys/kernel/debug/vgpu_display/live_buffers)" 0
check "the module unloads" rmmod vgpu_display
finish
