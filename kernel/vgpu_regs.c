// SPDX-License-Identifier: GPL-2.0
/*
 * The display register file: emulated state in host memory. A guest may
 * write any value anywhere; only the documented writable bits change, and
 * offsets that name no register read as zero.
 */
#include <linux/types.h>
#include <linux/string.h>

#include "vgpu_hw.h"

/**
 * struct vgpu_reg_desc - one register of the map
 * @off: offset in BAR0
 * @wmask: bits a write may change
 * @reset: value after reset
 * @event: the VGPU_EVENT_* bit a change of the register makes
 */
struct vgpu_reg_desc {
	u32 off;
	u32 wmask;
	u32 reset;
	u32 event;
};

static const struct vgpu_reg_desc vgpu_reg_map[VGPU_NR_REGS] = {
#define VGPU_REG(name, o, w, r, e) \
	[VGPU_REG_##name] = { .off = (o), .wmask = (w), .reset = (r), .event = (e) },
#include "vgpu_reg_list.h"
};

static int reg_index(u32 off)
{
	int i;

	for (i = 0; i < VGPU_NR_REGS; i++)
		if (vgpu_reg_map[i].off == off)
			return i;
	return -1;
}

/**
 * vgpu_regs_reset() - put every register in its reset state
 * @regs: the register file
 * @caps: the instance's limits, which the PV_* registers report
 */
void vgpu_regs_reset(struct vgpu_regs *regs, const struct vgpu_caps *caps)
{
	int i;

	for (i = 0; i < VGPU_NR_REGS; i++)
		regs->val[i] = vgpu_reg_map[i].reset;
	regs->caps = *caps;
	regs->val[VGPU_REG_PV_GGTT_ENTRIES] = caps->ggtt_entries;
	regs->val[VGPU_REG_PV_MAX_WIDTH] = caps->max_width;
	regs->val[VGPU_REG_PV_MAX_HEIGHT] = caps->max_height;
}

/**
 * vgpu_regs_read() - a guest's 32-bit read of the register window
 * @regs: the register file
 * @off: offset in BAR0, 4-byte aligned
 *
 * Return: the register's value, or 0 for a hole in the map.
 */
u32 vgpu_regs_read(const struct vgpu_regs *regs, u32 off)
{
	int i = reg_index(off);

	return i < 0 ? 0 : regs->val[i];
}

/**
 * vgpu_regs_write() - a guest's 32-bit write to the register window
 * @regs: the register file
 * @off: offset in BAR0, 4-byte aligned
 * @val: the value written; read-only bits and holes ignore it
 *
 * Return: the VGPU_EVENT_* bits of what changed, 0 for nothing. Writing
 * the surface is a flip even with the same value: the guest presented a
 * new frame in place.
 */
u32 vgpu_regs_write(struct vgpu_regs *regs, u32 off, u32 val)
{
	int i = reg_index(off);
	u32 m, old;

	if (i < 0)
		return 0;
	m = vgpu_reg_map[i].wmask;
	old = regs->val[i];
	regs->val[i] = (old & ~m) | (val & m);

	switch (i) {
	case VGPU_REG_PIPECONF:
		regs->val[i] &= ~VGPU_PIPECONF_STATE;
		if (regs->val[i] & VGPU_PIPECONF_ENABLE)
			regs->val[i] |= VGPU_PIPECONF_STATE;
		break;
	case VGPU_REG_PLANE_SURF:
		/* A surface write is the flip: it takes effect at once. */
		regs->val[VGPU_REG_PLANE_SURFLIVE] = regs->val[i];
		regs->val[VGPU_REG_PV_FLIP_COUNT]++;
		return vgpu_reg_map[i].event;
	}
	return regs->val[i] != old ? vgpu_reg_map[i].event : 0;
}
