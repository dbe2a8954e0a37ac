/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The display register map, one line per register, so that the register
 * file, its reset values and the tools' register names all come from here.
 * Define VGPU_REG(name, BAR0 offset, writable bits, reset value, event)
 * before including this file; it is undefined again at the end. The event
 * is what a write that changes the register tells the VMM through the
 * display IRQ (a surface write is a flip even when the value is the same).
 * The interrupt registers, the frame counter and PV_MONITOR change on
 * their own: the interrupt code (vgpu_irq.c) and the monitor
 * (vgpu_monitor.c) serve them; the list names them and their reset values.
 */
VGPU_REG(DE_PIPE_ISR,      VGPU_DE_PIPE_ISR, 0,             0,                  0)
VGPU_REG(DE_PIPE_IMR,      VGPU_DE_PIPE_IMR, VGPU_INT_ALL,  0xffffffff,         0)
VGPU_REG(DE_PIPE_IIR,      VGPU_DE_PIPE_IIR, VGPU_INT_ALL,  0,                  0)
VGPU_REG(DE_PIPE_IER,      VGPU_DE_PIPE_IER, VGPU_INT_ALL,  0,                  0)
VGPU_REG(PIPESRC,          0x6001c, 0x1fff1fff,            0,                  VGPU_EVENT_MODE)
VGPU_REG(PIPECONF,         0x70008, VGPU_PIPECONF_ENABLE,  0,                  VGPU_EVENT_MODE)
VGPU_REG(PIPE_FRMCOUNT,    VGPU_PIPE_FRMCOUNT, 0,           0,                  0)
VGPU_REG(CURCNTR,          0x70080, VGPU_CURSOR_MODE_MASK, 0,                  VGPU_EVENT_CURSOR)
VGPU_REG(CURBASE,          0x70084, 0xfffff000,            0,                  VGPU_EVENT_CURSOR)
VGPU_REG(CURPOS,           0x70088, 0x8fff8fff,            0,                  VGPU_EVENT_CURSOR)
VGPU_REG(PLANE_CTL,        0x70180, 0x8f131c30,            0,                  VGPU_EVENT_MODE)
VGPU_REG(PLANE_STRIDE,     0x70188, 0x000007ff,            0,                  VGPU_EVENT_MODE)
VGPU_REG(PLANE_POS,        0x7018c, 0x1fff1fff,            0,                  VGPU_EVENT_MODE)
VGPU_REG(PLANE_SIZE,       0x70190, 0x1fff1fff,            0,                  VGPU_EVENT_MODE)
VGPU_REG(PLANE_SURF,       0x7019c, 0xfffff000,            0,                  VGPU_EVENT_FLIP)
VGPU_REG(PLANE_OFFSET,     0x701a4, 0x1fff1fff,            0,                  VGPU_EVENT_MODE)
VGPU_REG(PLANE_SURFLIVE,   0x701ac, 0,                     0,                  0)
VGPU_REG(PV_MAGIC,         0x78000, 0,                     VGPU_PV_MAGIC,      0)
VGPU_REG(PV_VERSION,       0x78004, 0,                     VGPU_PV_VERSION,    0)
VGPU_REG(PV_GGTT_ENTRIES,  0x78008, 0,                     0,                  0)
VGPU_REG(PV_MAX_WIDTH,     0x7800c, 0,                     0,                  0)
VGPU_REG(PV_MAX_HEIGHT,    0x78010, 0,                     0,                  0)
VGPU_REG(PV_FLIP_COUNT,    0x78014, 0,                     0,                  0)
VGPU_REG(PV_CURSOR_X_HOT,  0x78020, 0xffffffff,            VGPU_HOTSPOT_NONE,  VGPU_EVENT_CURSOR)
VGPU_REG(PV_CURSOR_Y_HOT,  0x78024, 0xffffffff,            VGPU_HOTSPOT_NONE,  VGPU_EVENT_CURSOR)
VGPU_REG(PV_MONITOR,       VGPU_PV_MONITOR, 0,             0,                  0)
VGPU_REG(PV_REFRESH,       0x78034, 0,                     VGPU_REFRESH_MHZ,   0)
#undef VGPU_REG
