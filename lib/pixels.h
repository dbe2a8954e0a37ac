/* SPDX-License-Identifier: LGPL-2.1-or-later */
/*
 * libvfio-display's pure pixel work: format conversion to XRGB8888,
 * de-tiling, cursor composition and damage. No I/O and no state, so that
 * the unit tests run it on hand-made surfaces. Internal to the library.
 */
#ifndef VD_PIXELS_H
#define VD_PIXELS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A plane's pixels as the device laid them out. */
struct vd_surface {
	uint32_t fourcc;	/* DRM fourcc */
	uint64_t modifier;	/* DRM format modifier */
	uint32_t width;		/* pixels */
	uint32_t height;	/* pixels */
	uint32_t stride;	/* bytes from one row (of tiles) to the next */
	const uint8_t *data;
	size_t size;		/* bytes readable at data */
};

/* A rectangle of pixels. */
struct vd_rect {
	uint32_t x, y, w, h;
};

/*
 * Whether vd_convert() takes @fourcc with @modifier: 0, or -ENOTSUP with
 * a reason in @why.
 */
int vd_supported(uint32_t fourcc, uint64_t modifier, const char **why);

/*
 * Convert @src to XRGB8888 in @dst, @dst_stride pixels apart. Returns 0,
 * -ENOTSUP for a format or tiling it does not know, or -EINVAL when the
 * surface's size is too small for its geometry.
 */
int vd_convert(const struct vd_surface *src, uint32_t *dst, uint32_t dst_stride);

/*
 * Blend an ARGB8888 cursor (premultiplied alpha is not assumed: straight
 * alpha, as DRM's ARGB8888) of @cw x @ch onto @dst (@w x @h, @dst_stride
 * pixels apart) so that its hotspot lands on (@x, @y). A hotspot of
 * 0xffffffff counts as 0. Parts outside @dst are clipped; positions may be
 * negative.
 */
void vd_compose_cursor(uint32_t *dst, uint32_t w, uint32_t h, uint32_t dst_stride,
		       const uint32_t *cursor, uint32_t cw, uint32_t ch,
		       int32_t x, int32_t y, uint32_t hot_x, uint32_t hot_y);

/*
 * The smallest rectangle in which @a and @b (both @w x @h, @stride pixels
 * apart) differ. Returns false, and an empty rectangle, when they are equal.
 */
bool vd_damage(const uint32_t *a, const uint32_t *b, uint32_t w, uint32_t h,
	       uint32_t stride, struct vd_rect *damage);

/* One imported buffer, as the import cache policy sees it. */
struct vd_slot {
	uint32_t id;		/* dmabuf_id; 0 for an empty slot */
	uint64_t key;		/* the plane's geometry, hashed by the caller */
	uint64_t last_use;	/* update count when last used */
};

/*
 * The import cache policy over @n slots at update @clock, for the buffer
 * @id with geometry @key. Slots unused for more than @max_idle updates,
 * and a slot with @id but another geometry (a device that reuses ids),
 * are marked in @drop for the caller to release and count as empty.
 * Returns the slot holding @id (*@hit true), or else the slot to import
 * it into: an empty one, or the least recently used (*@hit false).
 */
int vd_slot_pick(const struct vd_slot *slots, int n, uint64_t clock, uint64_t max_idle,
		 uint32_t id, uint64_t key, bool *hit, bool *drop);

#endif
