// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvfio-display's pure monitor work (monitor.h). The EDID itself comes
 * from vgpu_display's generator (kernel/vgpu_edid.c), the very bytes the
 * module shows by default, built into the library with the shim and kept
 * hidden like every other internal symbol.
 */
#include "monitor.h"

#include <errno.h>
#include <string.h>
#include <linux/vfio.h>

#include "vgpu_hw.h"

_Static_assert(VD_EDID_BLOCK == VGPU_EDID_BLOCK, "the generator's block size");

bool vd_region_has_type(const void *info, size_t len, uint32_t type,
			uint32_t subtype)
{
	const struct vfio_region_info *r = info;
	struct vfio_region_info_cap_type cap;
	struct vfio_info_cap_header hdr;
	uint32_t off, hops;

	if (len < sizeof(*r) || !(r->flags & VFIO_REGION_INFO_FLAG_CAPS))
		return false;
	/*
	 * Each capability takes at least a header, so a chain longer than
	 * that many links loops. Offsets are from the start of @info; 0 ends.
	 */
	for (off = r->cap_offset, hops = 0; off && hops < len / sizeof(hdr); hops++) {
		if (off < sizeof(*r) || off > len || len - off < sizeof(hdr))
			return false;
		memcpy(&hdr, (const uint8_t *)info + off, sizeof(hdr));
		if (hdr.id == VFIO_REGION_INFO_CAP_TYPE && len - off >= sizeof(cap)) {
			memcpy(&cap, (const uint8_t *)info + off, sizeof(cap));
			if (cap.type == type && cap.subtype == subtype)
				return true;
		}
		off = hdr.next;
	}
	return false;
}

int vd_monitor_edid(uint8_t *blob, size_t blob_len, uint32_t width,
		    uint32_t height, uint32_t max_x, uint32_t max_y,
		    struct vd_monitor *out, const char **why)
{
	uint32_t size;

	if (width < VGPU_EDID_MIN_WIDTH || height < VGPU_EDID_MIN_HEIGHT) {
		*why = "a monitor's mode is at least 640x480";
		return -EINVAL;
	}
	if (blob_len < VGPU_EDID_BLOCK) {
		*why = "the device takes EDIDs shorter than one 128-byte block";
		return -ENOSPC;
	}
	/*
	 * As QEMU does: the device's maximum caps the mode, and 0 means it
	 * has none. Past 4095 a detailed timing's 12-bit fields cannot say
	 * the mode, so that caps it too.
	 */
	if (!max_x || max_x > VGPU_EDID_MAX_WIDTH)
		max_x = VGPU_EDID_MAX_WIDTH;
	if (!max_y || max_y > VGPU_EDID_MAX_HEIGHT)
		max_y = VGPU_EDID_MAX_HEIGHT;
	if (max_x < VGPU_EDID_MIN_WIDTH || max_y < VGPU_EDID_MIN_HEIGHT) {
		*why = "the device's largest mode is under 640x480";
		return -EINVAL;
	}
	out->width = width < max_x ? width : max_x;
	out->height = height < max_y ? height : max_y;
	size = vgpu_edid_generate(blob, (uint32_t)(blob_len < UINT32_MAX ? blob_len : UINT32_MAX),
				  out->width, out->height, max_x, max_y);
	if (!size) {
		/* In range and with room: only the pixel clock is left. */
		*why = "the mode's pixel clock at 60 Hz is more than an EDID can say";
		return -EINVAL;
	}
	out->size = size;
	return 0;
}
