# Every bad ioctl argument a buggy VMM can pass gets a clear errno.
. tests/vm/lib.sh
u=$(vgpu_start 1920x1080)
out=$("$VGPU_BIN/vfio_abuse" "$u" 2>&1)
rc=$?
echo "$out"
# Each cmocka case is one check.
while read -r name; do ok "vfio_abuse: $name"; done < <(sed -n 's/^\[       OK \] //p' <<<"$out")
while read -r name; do not_ok "vfio_abuse: $name"; done < <(sed -n 's/^\[  FAILED  \] \([a-z_]*\)$/\1/p' <<<"$out")
[ $rc -eq 0 ] || not_ok "vfio_abuse exited with $rc"
vgpu_stop "$u"
finish
