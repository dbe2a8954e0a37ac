// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor on the vGPU's one port, as the VMM sets it and the guest
 * reads it. The VMM's face is the EDID region QEMU drives for vfio
 * displays (VFIO_REGION_SUBTYPE_GFX_EDID): struct vfio_region_gfx_edid's
 * registers, then the blob; QEMU writes the link down, the size, the blob,
 * then (100 ms later) the link up. Any order works: the guest sees nothing
 * while the link is down. The guest's face is PV_MONITOR (connected, and
 * the EDID's size) and a read-only window of the EDID in BAR0.
 *
 * The blob is the VMM's business: whatever it writes is stored and shown
 * to the guest as written, EDID or not. Only the registers' values and
 * the offsets of accesses are checked. Pure, like the decoders.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "vgpu_hw.h"

/**
 * vgpu_monitor_init() - a connected monitor with the default EDID
 * @mon: the monitor
 * @max_width: the type's widest mode, preferred by the default EDID
 * @max_height: the type's tallest mode
 *
 * Before any VMM writes an EDID the guest finds a monitor whose preferred
 * mode is the largest the vGPU type allows, with the common smaller ones
 * listed (vgpu_edid.c).
 */
void vgpu_monitor_init(struct vgpu_monitor *mon, u32 max_width,
		       u32 max_height)
{
	memset(mon, 0, sizeof(*mon));
	mon->max_width = max_width;
	mon->max_height = max_height;
	mon->edid_size = vgpu_edid_generate(mon->blob, sizeof(mon->blob), 0, 0,
					    max_width, max_height);
	mon->link_up = true;
}

static u32 get_le32(const u8 *p)
{
	return p[0] | p[1] << 8 | p[2] << 16 | (u32)p[3] << 24;
}

static void put_le32(u8 *p, u32 v)
{
	p[0] = v;
	p[1] = v >> 8;
	p[2] = v >> 16;
	p[3] = v >> 24;
}

static u32 reg_read(const struct vgpu_monitor *mon, u32 off)
{
	switch (off) {
	case VGPU_EDID_REG_OFFSET:
		return VGPU_EDID_REGION_BLOB;
	case VGPU_EDID_REG_MAX_SIZE:
		return VGPU_EDID_MAX_SIZE;
	case VGPU_EDID_REG_SIZE:
		return mon->edid_size;
	case VGPU_EDID_REG_MAX_XRES:
		return mon->max_width;
	case VGPU_EDID_REG_MAX_YRES:
		return mon->max_height;
	default:
		return mon->link_up ? VGPU_EDID_LINK_UP : VGPU_EDID_LINK_DOWN;
	}
}

static int reg_write(struct vgpu_monitor *mon, u32 off, u32 val,
		     bool *hotplug)
{
	switch (off) {
	case VGPU_EDID_REG_SIZE:
		if (val > VGPU_EDID_MAX_SIZE)
			return -EINVAL;
		mon->edid_size = val;
		return 0;
	case VGPU_EDID_REG_LINK:
		if (val != VGPU_EDID_LINK_UP && val != VGPU_EDID_LINK_DOWN)
			return -EINVAL;
		*hotplug = mon->link_up != (val == VGPU_EDID_LINK_UP);
		mon->link_up = val == VGPU_EDID_LINK_UP;
		return 0;
	default:
		/* edid_offset, edid_max_size, max_xres and max_yres */
		return -EPERM;
	}
}

/**
 * vgpu_monitor_region_rw() - a VMM's access to the EDID region
 * @mon: the monitor
 * @off: offset in the region; the caller keeps @off + @len within
 *	VGPU_EDID_REGION_SIZE
 * @buf: the bytes, little-endian for the registers
 * @len: how many
 * @write: a write rather than a read
 * @hotplug: set to true when the write changed the link state
 *
 * Return: 0; -EINVAL for a register access that is not one aligned dword,
 * an access between the registers and the blob, an EDID size past
 * edid_max_size or an unknown link state; -EPERM for a write to a
 * read-only register.
 */
int vgpu_monitor_region_rw(struct vgpu_monitor *mon, u32 off, u8 *buf,
			   u32 len, bool write, bool *hotplug)
{
	*hotplug = false;
	if (off >= VGPU_EDID_REGION_BLOB) {
		off -= VGPU_EDID_REGION_BLOB;
		if (write)
			memcpy(mon->blob + off, buf, len);
		else
			memcpy(buf, mon->blob + off, len);
		return 0;
	}
	if (off >= VGPU_EDID_REGS_END || len != 4 || off % 4)
		return -EINVAL;
	if (write)
		return reg_write(mon, off, get_le32(buf), hotplug);
	put_le32(buf, reg_read(mon, off));
	return 0;
}

/**
 * vgpu_monitor_status() - PV_MONITOR, as the guest reads it
 * @mon: the monitor
 *
 * Return: VGPU_MONITOR_CONNECTED and the EDID's size in bytes in 31:16
 * while the link is up, 0 while it is down.
 */
u32 vgpu_monitor_status(const struct vgpu_monitor *mon)
{
	if (!mon->link_up)
		return 0;
	return VGPU_MONITOR_CONNECTED |
	       mon->edid_size << VGPU_MONITOR_EDID_SIZE_SHIFT;
}

/**
 * vgpu_monitor_edid_read32() - a guest's read of the EDID window
 * @mon: the monitor
 * @off: offset in the window, 4-byte aligned, below VGPU_EDID_MAX_SIZE
 *
 * Return: four bytes of the EDID, little-endian; zeros past its size and
 * while the link is down.
 */
u32 vgpu_monitor_edid_read32(const struct vgpu_monitor *mon, u32 off)
{
	u8 bytes[4] = { 0 };
	u32 i;

	for (i = 0; mon->link_up && i < 4 && off + i < mon->edid_size; i++)
		bytes[i] = mon->blob[off + i];
	return get_le32(bytes);
}
