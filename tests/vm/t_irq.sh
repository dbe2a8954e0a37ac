# The display IRQ: what fires it, its coalescing, reset, bad SET_IRQS
# arguments (tests/vm/display_irq.c).
. tests/vm/lib.sh
u=$(vgpu_start 1920x1080)
run_cmocka "$VGPU_BIN/display_irq" "$u"
vgpu_stop "$u"
finish
