/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvfio-display's pure monitor work: recognising the VFIO EDID region
 * from its GET_REGION_INFO answer, and the EDID to write into it. No I/O,
 * so the unit tests run it on hand-made answers. Internal to the library.
 */
#ifndef VD_MONITOR_H
#define VD_MONITOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/*
 * Whether @info, the @len bytes a VFIO_DEVICE_GET_REGION_INFO call filled
 * (struct vfio_region_info and its capability chain), describes a region
 * of @type and @subtype (VFIO_REGION_INFO_CAP_TYPE). A chain that points
 * outside @len bytes, or loops, is not one.
 */
bool vd_region_has_type(const void *info, size_t len, uint32_t type,
			uint32_t subtype);

/* The bytes of EDID vd_monitor_edid() writes: one base block. */
#define VD_EDID_BLOCK	128

/* The monitor vd_monitor_edid() made. */
struct vd_monitor {
	uint32_t width, height;	/* the preferred mode, after capping */
	uint32_t size;		/* bytes of EDID written */
};

/*
 * An EDID for a monitor whose preferred mode is @width x @height, capped
 * to the device's @max_x x @max_y (0: no limit) and to what an EDID
 * detailed timing can say, into @blob of @blob_len bytes. Returns 0 and
 * fills @out; -EINVAL for a mode under 640x480 or one whose pixel clock
 * an EDID cannot say, -ENOSPC when @blob_len is less than one EDID block.
 * @why gets a reason on failure.
 */
int vd_monitor_edid(uint8_t *blob, size_t blob_len, uint32_t width,
		    uint32_t height, uint32_t max_x, uint32_t max_y,
		    struct vd_monitor *out, const char **why);

#endif
