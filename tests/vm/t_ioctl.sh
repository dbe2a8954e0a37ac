# Every bad ioctl argument a buggy VMM can pass gets a clear errno.
. tests/vm/lib.sh
u=$(vgpu_start 1920x1080)
run_cmocka "$VGPU_BIN/vfio_abuse" "$u"
vgpu_stop "$u"
finish
