# The monitor (the EDID region and the guest's view of it) and the guest's
# interrupts: hotplug, vblank and flip done as MSIs (tests/vm/monitor_irq.c).
. tests/vm/lib.sh
u=$(vgpu_start 1920x1080)
run_cmocka "$VGPU_BIN/monitor_irq" "$u"
vgpu_stop "$u"
finish
