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
 * Errors are negative errno values; vfiodisplay_error() says what went
 * wrong in one line a person can act on.
 *
 * Names: every symbol starts with vfiodisplay_ or VFIODISPLAY_, so that a
 * program may link the library next to QEMU's own hw/vfio/display.c,
 * whose functions are vfio_display_*.
 *
 * The ABI promise, from 1.0 on (before 1.0 a minor version may break it,
 * and the soname then changes):
 * - Structures are owned by the library: it hands out const pointers to
 *   them and callers never allocate, copy or take sizeof of one. A later
 *   version may add fields at their end, which old binaries do not see.
 * - Functions are never removed or changed; new ones come with a new
 *   symbol version (the library's version script) and a new minor
 *   version, which VFIODISPLAY_VERSION_AT_LEAST() tests at build time.
 * - Flag bits the library does not know are refused with -EINVAL, so a
 *   program that asks for a newer behaviour learns that it has an older
 *   library instead of silently getting something else.
 *
 * Threads: a handle may be used by one thread at a time; distinct handles
 * share no state in the library. They can still meet in the device: a
 * VFIO device has one eventfd per interrupt, so two handles on the same
 * device must not both use vfiodisplay_event_fd() (the second replaces
 * the first's, which then never fires).
 */
#ifndef VFIODISPLAY_H
#define VFIODISPLAY_H

#include <stdbool.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The library's version, as its pkg-config file says it (the project's
 * VERSION; make checks that they agree).
 */
#define VFIODISPLAY_VERSION_MAJOR	0
#define VFIODISPLAY_VERSION_MINOR	3
#define VFIODISPLAY_VERSION_MICRO	0

/* True when the header is at least version major.minor.micro. */
#define VFIODISPLAY_VERSION_AT_LEAST(major, minor, micro) \
	(VFIODISPLAY_VERSION_MAJOR > (major) || \
	 (VFIODISPLAY_VERSION_MAJOR == (major) && \
	  (VFIODISPLAY_VERSION_MINOR > (minor) || \
	   (VFIODISPLAY_VERSION_MINOR == (minor) && VFIODISPLAY_VERSION_MICRO >= (micro)))))

struct vfiodisplay;

#if defined(VFIODISPLAY_BUILD)
#define VFIODISPLAY_API __attribute__((visibility("default")))
#else
#define VFIODISPLAY_API
#endif

/* What kind of display a device offers. */
enum vfiodisplay_kind {
	VFIODISPLAY_DMABUF = 1,	/* planes are dma-bufs */
	VFIODISPLAY_REGION = 2,	/* the plane is a device region */
};

/* A rectangle of a frame, in pixels. */
struct vfiodisplay_rect {
	uint32_t x_px, y_px;
	uint32_t width_px, height_px;
};

/* hot_x_px and hot_y_px of a cursor whose device gives no hotspot. */
#define VFIODISPLAY_NO_HOTSPOT	0xffffffffu

/* The cursor plane, for a viewer that draws the cursor itself. */
struct vfiodisplay_cursor {
	bool visible;		/* false: no cursor; the other fields are 0 */
	bool changed;		/* the image changed since the previous frame */
	/*
	 * Where the hotspot is on the frame: the device's cursor position
	 * (the image's top-left corner) plus the hotspot. May be negative or
	 * past the frame's edge.
	 */
	int32_t x_px, y_px;
	/* The hotspot in the image, or VFIODISPLAY_NO_HOTSPOT. */
	uint32_t hot_x_px, hot_y_px;
	uint32_t width_px, height_px;
	uint32_t stride_bytes;	/* from one row of pixels to the next */
	const uint32_t *pixels;	/* ARGB8888 (premultiplied as the device gives it) */
};

/*
 * One frame, owned by the library. It and everything it points to stay
 * valid until the next vfiodisplay_update() or vfiodisplay_close() on the
 * same handle.
 */
struct vfiodisplay_frame {
	uint32_t width_px, height_px;	/* 0 x 0 when the device shows nothing */
	uint32_t stride_bytes;		/* from one row of pixels to the next */
	const uint32_t *pixels;		/* XRGB8888, host byte order */
	bool changed;			/* differs from the previous frame */
	struct vfiodisplay_rect damage;	/* what changed: all of it after a resize */
	const struct vfiodisplay_cursor *cursor; /* never NULL */
};

/* Flags for vfiodisplay_update(). */
#define VFIODISPLAY_COMPOSE_CURSOR	0x1u	/* blend the cursor into pixels */

/*
 * Probe @device_fd for a display and make a handle for it in @out.
 * Returns 0, -ENODEV when the device has no display, -ENOMEM, or another
 * negative errno from the device (-EBADF for an fd that is not open).
 */
VFIODISPLAY_API int vfiodisplay_open(int device_fd, struct vfiodisplay **out);

/* Free the handle and every buffer it imported. NULL is allowed. */
VFIODISPLAY_API void vfiodisplay_close(struct vfiodisplay *display);

/* The kind of display the device offers. */
VFIODISPLAY_API enum vfiodisplay_kind vfiodisplay_kind(const struct vfiodisplay *display);

/*
 * Query the planes and point @frame at the current frame. Returns 0 (also
 * when there is nothing to show: the frame's width_px and height_px are
 * then 0), -EINVAL for a flag this version does not know, -EACCES when the
 * device's buffers cannot be mapped for reading (the mbochs sample's
 * cannot), -ENOTSUP for a format or tiling the library cannot convert, or
 * another negative errno. On an error *@frame is NULL.
 */
VFIODISPLAY_API int vfiodisplay_update(struct vfiodisplay *display, unsigned int flags,
				       const struct vfiodisplay_frame **frame);

/*
 * A file descriptor that polls readable (POLLIN) when the display may have
 * changed, for a device with a display interrupt (vgpu_display's automasked
 * IRQ); wait on it instead of polling the planes on a timer. The call arms
 * the interrupt on the device (call it again after resetting the device,
 * which disarms it); each vfiodisplay_update() consumes the notification
 * and re-enables it, so call update after every wakeup. The fd belongs to
 * the handle: do not read or close it. Only one handle per device may use
 * it (see Threads above). Returns the fd, or -ENOTSUP for a device without
 * such an interrupt (the caller then polls, as QEMU does every 30 ms), or
 * another negative errno.
 */
VFIODISPLAY_API int vfiodisplay_event_fd(struct vfiodisplay *display);

/*
 * Plug in a monitor whose preferred mode is @width_px x @height_px, as
 * QEMU does for a vfio display with EDID: finds the device's EDID region
 * (VFIO_REGION_SUBTYPE_GFX_EDID), caps the mode to the region's
 * max_xres x max_yres (and to 4095 x 4095, the most an EDID detailed
 * timing says), writes an EDID 1.4 block for it at 60 Hz, then takes the
 * link down, writes the blob and its size, and brings the link up, so the
 * guest sees a hotplug. Returns 0, -ENOTSUP for a device without an EDID
 * region (the mdpy sample), -EINVAL for a mode under 640x480 or one whose
 * pixel clock an EDID cannot say, -ENOSPC when the device's EDID room is
 * under 128 bytes, or another negative errno from the device.
 */
VFIODISPLAY_API int vfiodisplay_set_monitor(struct vfiodisplay *display, uint32_t width_px,
					    uint32_t height_px);

/*
 * Connect (@up) or disconnect the device's monitor, keeping its EDID: the
 * EDID region's link state. Returns 0, -ENOTSUP for a device without an
 * EDID region, or another negative errno from the device.
 */
VFIODISPLAY_API int vfiodisplay_set_link(struct vfiodisplay *display, bool up);

/*
 * The last error of @display, as one line; "" when there was none. The
 * string belongs to the handle and stays valid, unchanged, until the next
 * call on the handle that can fail, or vfiodisplay_close().
 */
VFIODISPLAY_API const char *vfiodisplay_error(const struct vfiodisplay *display);

/*
 * The plane the last update found, as the device described it: DRM fourcc
 * and modifier, and the dma-buf id (0 for a region plane). Lets a tool
 * report a plane it could not read.
 */
VFIODISPLAY_API void vfiodisplay_plane(const struct vfiodisplay *display, uint32_t *fourcc,
				       uint64_t *modifier, uint32_t *dmabuf_id);

#ifdef __cplusplus
}
#endif

#endif
