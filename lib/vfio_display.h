/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvfio-display: the display of a VFIO device, as a VMM shows it.
 *
 * Works with any device that implements the VFIO display ABI
 * (VFIO_DEVICE_QUERY_GFX_PLANE): dma-buf planes (vgpu_display, the
 * kernel's mbochs sample, Intel GVT-g) and region planes (the kernel's
 * mdpy sample). The caller owns the VFIO device fd, as a VMM does; the
 * library never closes it.
 *
 * Errors are negative errno values; vfio_display_error() says what went
 * wrong in one line a person can act on.
 *
 * Thread safety: a handle may be used by one thread at a time; different
 * handles are independent. There is no global state.
 */
#ifndef VFIO_DISPLAY_H
#define VFIO_DISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The library's version, as its pkg-config file says it (the project's
 * VERSION; make checks that they agree). Before 1.0 a minor version may
 * change the ABI.
 */
#define VFIO_DISPLAY_VERSION_MAJOR	0
#define VFIO_DISPLAY_VERSION_MINOR	2
#define VFIO_DISPLAY_VERSION_MICRO	0

struct vfio_display;

#if defined(VFIO_DISPLAY_BUILD)
#define VFIO_DISPLAY_API __attribute__((visibility("default")))
#else
#define VFIO_DISPLAY_API
#endif

/* What kind of display a device offers. */
enum vfio_display_kind {
	VFIO_DISPLAY_DMABUF = 1,	/* planes are dma-bufs */
	VFIO_DISPLAY_REGION = 2,	/* the plane is a device region */
};

/* The cursor plane, for a viewer that draws the cursor itself. */
struct vfio_display_cursor {
	bool visible;
	/*
	 * Where the hotspot is on the primary plane: the device's cursor
	 * position (the image's top-left corner) plus the hotspot.
	 */
	int32_t x, y;
	uint32_t hot_x, hot_y;	/* 0xffffffff when the device gives none */
	uint32_t width, height;
	const uint32_t *pixels;	/* ARGB8888, width * height, or NULL */
	bool changed;		/* image changed since the previous frame */
};

/*
 * One frame. Pointers stay valid until the next vfio_display_update() or
 * vfio_display_close() on the same handle.
 */
struct vfio_display_frame {
	uint32_t width, height;	/* 0 x 0 when the device shows nothing */
	uint32_t stride;	/* pixels from one row to the next */
	const uint32_t *pixels;	/* XRGB8888 */
	bool changed;		/* differs from the previous frame */
	uint32_t damage_x, damage_y, damage_w, damage_h; /* what changed */
	struct vfio_display_cursor cursor;
};

/* Flags for vfio_display_update(). */
#define VFIO_DISPLAY_COMPOSE_CURSOR	0x1u	/* blend the cursor into pixels */

/*
 * Probe @device_fd for a display and make a handle for it in @out.
 * Returns 0, -ENODEV when the device has no display, -ENOMEM, or another
 * negative errno from the device.
 */
VFIO_DISPLAY_API int vfio_display_open(int device_fd, struct vfio_display **out);

/* Free the handle and every buffer it imported. NULL is allowed. */
VFIO_DISPLAY_API void vfio_display_close(struct vfio_display *display);

/* The kind of display the device offers. */
VFIO_DISPLAY_API enum vfio_display_kind vfio_display_kind(const struct vfio_display *display);

/*
 * Query the planes and produce the current frame in @frame. Returns 0
 * (also when there is nothing to show: width and height are then 0),
 * -EACCES when the device's buffers cannot be mapped for reading (the
 * mbochs sample's cannot), -ENOTSUP for a format or tiling the library
 * cannot convert, or another negative errno.
 */
VFIO_DISPLAY_API int vfio_display_update(struct vfio_display *display, unsigned int flags,
			struct vfio_display_frame *frame);

/*
 * A file descriptor that polls readable (POLLIN) when the display may have
 * changed, for a device with a display interrupt (vgpu_display's automasked
 * IRQ); wait on it instead of polling the planes on a timer. The call arms
 * the interrupt on the device (call it again after resetting the device,
 * which disarms it); each vfio_display_update() consumes the notification
 * and re-enables it, so call update after every wakeup. The fd belongs to
 * the handle: do not read or close it. Returns the fd, or -ENOTSUP for a
 * device without such an interrupt (the caller then polls, as QEMU does
 * every 30 ms), or another negative errno.
 */
VFIO_DISPLAY_API int vfio_display_event_fd(struct vfio_display *display);

/*
 * Plug in a monitor whose preferred mode is @width x @height, as QEMU does
 * for a vfio display with EDID: finds the device's EDID region
 * (VFIO_REGION_SUBTYPE_GFX_EDID), caps the mode to the region's
 * max_xres x max_yres (and to 4095 x 4095, the most an EDID detailed
 * timing says), writes an EDID 1.4 block for it at 60 Hz, then takes the
 * link down, writes the blob and its size, and brings the link up, so the
 * guest sees a hotplug. Returns 0, -ENOTSUP for a device without an EDID
 * region (the mdpy sample), -EINVAL for a mode under 640x480 or one whose
 * pixel clock an EDID cannot say, -ENOSPC when the device's EDID room is
 * under 128 bytes, or another negative errno from the device.
 */
VFIO_DISPLAY_API int vfio_display_set_monitor(struct vfio_display *display, uint32_t width,
			uint32_t height);

/*
 * Connect (@up) or disconnect the device's monitor, keeping its EDID: the
 * EDID region's link state. Returns 0, -ENOTSUP for a device without an
 * EDID region, or another negative errno from the device.
 */
VFIO_DISPLAY_API int vfio_display_set_link(struct vfio_display *display, bool up);

/* The last error of @display, as one line; "" when there was none. */
VFIO_DISPLAY_API const char *vfio_display_error(const struct vfio_display *display);

/*
 * The plane the last update found, as the device described it: DRM fourcc
 * and modifier, and the dma-buf id (0 for a region plane). Lets a tool
 * report a plane it could not read.
 */
VFIO_DISPLAY_API void vfio_display_plane(const struct vfio_display *display, uint32_t *fourcc,
			uint64_t *modifier, uint32_t *dmabuf_id);

#ifdef __cplusplus
}
#endif

#endif
