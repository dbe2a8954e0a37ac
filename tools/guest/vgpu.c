// SPDX-License-Identifier: GPL-2.0
/*
 * Register offsets and bits come from the module's own hardware contract,
 * kernel/vgpu_hw.h and kernel/vgpu_reg_list.h, so they cannot drift.
 */
#include <linux/types.h>
#include <linux/bits.h>

#include "vgpu_hw.h"

#include "io.h"
#include "serial.h"
#include "vgpu.h"

/* BAR0 offsets, one per register of the list (whatever else it carries). */
enum vgpu_reg_offset {
#define VGPU_REG(name, off, ...) REG_##name = off,
#include "vgpu_reg_list.h"
};

static uint32_t rd(const struct vgpu *v, uint32_t off)
{
	return mmio_read32(v->bar0 + off);
}

static void wr(const struct vgpu *v, uint32_t off, uint32_t val)
{
	mmio_write32(v->bar0 + off, val);
}

/* BAR0's address, if it lies below 4 GiB where the guest can reach it. */
static int find_bar0(const struct pci_dev *d, uintptr_t *bar0)
{
	uint64_t addr;

	if (pci_bar64(d, 0, &addr)) {
		say("BAR0 is not a 64-bit memory BAR");
		return -1;
	}
	/*
	 * Without paging the guest reaches only the low 4 GiB. Moving the BAR
	 * would need a free hole in the host bridge's 32-bit window, which
	 * only the firmware knows, so the guest gives up instead.
	 */
	if (addr + VGPU_BAR0_SIZE > 0x100000000ull) {
		say("BAR0 at 0x%x%08x is above 4 GiB, out of reach",
		    (uint32_t)(addr >> 32), (uint32_t)addr);
		return -1;
	}
	if (!addr) {
		say("BAR0 is not assigned");
		return -1;
	}
	*bar0 = (uintptr_t)addr;
	return 0;
}

int vgpu_find(struct pci_dev *d)
{
	return pci_find(VGPU_PCI_VENDOR_ID, VGPU_PCI_DEVICE_ID, d);
}

int vgpu_open(const struct pci_dev *d, struct vgpu *v)
{
	uint32_t magic;

	if (find_bar0(d, &v->bar0))
		return -1;
	pci_enable(d);
	magic = rd(v, REG_PV_MAGIC);
	if (magic != VGPU_PV_MAGIC) {
		say("PV_MAGIC is 0x%x, not 0x%x", magic, VGPU_PV_MAGIC);
		return -1;
	}
	v->ggtt_entries = rd(v, REG_PV_GGTT_ENTRIES);
	v->max_width = rd(v, REG_PV_MAX_WIDTH);
	v->max_height = rd(v, REG_PV_MAX_HEIGHT);
	return 0;
}

void vgpu_map(const struct vgpu *v, uint32_t gaddr, uint32_t gpa, uint32_t nr)
{
	uintptr_t entry = v->bar0 + VGPU_GGTT_BASE + (gaddr >> VGPU_PAGE_SHIFT) * 8;
	uint32_t i;

	/* High half first, so that the valid bit lands on a whole entry. */
	for (i = 0; i < nr; i++, entry += 8, gpa += VGPU_PAGE_SIZE) {
		mmio_write32(entry + 4, 0);
		mmio_write32(entry, gpa | (uint32_t)VGPU_GGTT_VALID);
	}
}

void vgpu_set_mode(const struct vgpu *v, uint32_t width, uint32_t height,
		   uint32_t stride_bytes)
{
	/* Note the two orders: PIPESRC has the width on top, PLANE_SIZE not. */
	wr(v, REG_PIPESRC, (width - 1) << 16 | (height - 1));
	wr(v, REG_PLANE_SIZE, (height - 1) << 16 | (width - 1));
	wr(v, REG_PLANE_STRIDE, stride_bytes / 64);
	wr(v, REG_PLANE_POS, 0);
	wr(v, REG_PLANE_OFFSET, 0);
	wr(v, REG_PLANE_CTL, VGPU_PLANE_CTL_ENABLE |
	   VGPU_FMT_XRGB8888 << VGPU_PLANE_CTL_FORMAT_SHIFT |
	   VGPU_TILING_LINEAR << VGPU_PLANE_CTL_TILED_SHIFT);
	wr(v, REG_PIPECONF, VGPU_PIPECONF_ENABLE);
}

void vgpu_set_cursor(const struct vgpu *v, uint32_t gaddr, uint32_t hot_x,
		     uint32_t hot_y)
{
	wr(v, REG_CURBASE, gaddr);
	wr(v, REG_PV_CURSOR_X_HOT, hot_x);
	wr(v, REG_PV_CURSOR_Y_HOT, hot_y);
	wr(v, REG_CURCNTR, VGPU_CURSOR_MODE_64_ARGB);
}

/* One half of CURPOS: sign and magnitude, not two's complement. */
static uint32_t curpos_half(int32_t c)
{
	return c < 0 ? VGPU_CURPOS_X_SIGN | ((0u - (uint32_t)c) & VGPU_CURPOS_MAG_MASK)
		     : ((uint32_t)c & VGPU_CURPOS_MAG_MASK);
}

void vgpu_move_cursor(const struct vgpu *v, int32_t x, int32_t y)
{
	/* Y's half is laid out as X's, VGPU_CURPOS_Y_SHIFT bits up. */
	wr(v, REG_CURPOS, curpos_half(x) | curpos_half(y) << VGPU_CURPOS_Y_SHIFT);
}

uint32_t vgpu_flip(const struct vgpu *v, uint32_t gaddr)
{
	wr(v, REG_PLANE_SURF, gaddr);
	return rd(v, REG_PV_FLIP_COUNT);
}

int vgpu_monitor(const struct vgpu *v, uint32_t *edid_size)
{
	uint32_t mon = rd(v, REG_PV_MONITOR);

	*edid_size = mon >> VGPU_MONITOR_EDID_SIZE_SHIFT;
	return !!(mon & VGPU_MONITOR_CONNECTED);
}

void vgpu_read_edid(const struct vgpu *v, uint8_t *buf, uint32_t len)
{
	uint32_t off, dw;

	/* The window takes dwords only, like the rest of BAR0; each holds
	 * four bytes of the blob, the first in its low byte. */
	for (off = 0; off < len && off < VGPU_EDID_MAX_SIZE; off += 4) {
		dw = rd(v, VGPU_EDID_WINDOW + off);
		buf[off] = (uint8_t)dw;
		buf[off + 1] = (uint8_t)(dw >> 8);
		buf[off + 2] = (uint8_t)(dw >> 16);
		buf[off + 3] = (uint8_t)(dw >> 24);
	}
}
