# The lifetime holes a review found, each as a VMM plays it
# (tests/vm/lifetime_holes.c, docs/hardening.md "Found by review").
# vivid's capture queue is the in-kernel importer that vmaps a dma-buf.
. tests/vm/lib.sh
modprobe vivid n_devs=1 node_types=0x1 || not_ok "vivid loads"
# A memory cgroup for the test that looks at what buffers charge.
mountpoint -q /sys/fs/cgroup || mount -t cgroup2 none /sys/fs/cgroup
echo +memory >/sys/fs/cgroup/cgroup.subtree_control
mkdir -p /sys/fs/cgroup/vgpu-test
u=$(vgpu_start 1920x1080)
u2=$(vgpu_start 1920x1080)
run_cmocka "$VGPU_BIN/lifetime_holes" "$u" "$u2"
vgpu_stop "$u2"
vgpu_stop "$u"
check_eq "no buffer is left" "$(cat /sys/kernel/debug/vgpu_display/live_buffers)" 0
check "the module unloads" rmmod vgpu_display
finish
