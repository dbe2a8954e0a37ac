// SPDX-License-Identifier: GPL-2.0
/*
 * The plane decoder: display registers in, a plane in the VFIO ABI's terms
 * out. Pure: it reads a struct vgpu_regs and nothing else, so it builds
 * into the module and into the host unit tests alike.
 *
 * Anything a guest can get wrong comes back as a status, never as an error
 * for the VMM: the VMM is told there is nothing to show.
 */
#include <linux/types.h>
#include <linux/string.h>
#include <drm/drm_fourcc.h>

#include "vgpu_hw.h"

/* PLANE_STRIDE counts 64-byte units whatever the tiling. */
#define STRIDE_UNIT	64

/**
 * struct tile_shape - one tile of a tiling mode
 * @width: bytes
 * @rows: rows of pixels
 */
struct tile_shape {
	u32 width;
	u32 rows;
};

static u32 field(u32 v, u32 mask, u32 shift)
{
	return (v & mask) >> shift;
}

/* The fourcc of PLANE_CTL's format and its bytes per pixel; 0 if none. */
static u32 primary_format(u32 ctl, u32 *cpp)
{
	static const u32 yuv422[] = {
		DRM_FORMAT_YUYV, DRM_FORMAT_UYVY, DRM_FORMAT_YVYU, DRM_FORMAT_VYUY,
	};
	bool bgr = ctl & VGPU_PLANE_CTL_ORDER_RGBX;
	bool alpha = ctl & VGPU_PLANE_CTL_ALPHA_MASK;

	switch (field(ctl, VGPU_PLANE_CTL_FORMAT_MASK,
		      VGPU_PLANE_CTL_FORMAT_SHIFT)) {
	case VGPU_FMT_INDEXED8:
		*cpp = 1;
		return DRM_FORMAT_C8;
	case VGPU_FMT_RGB565:
		*cpp = 2;
		return DRM_FORMAT_RGB565;
	case VGPU_FMT_XRGB8888:
		*cpp = 4;
		if (alpha)
			return bgr ? DRM_FORMAT_ABGR8888 : DRM_FORMAT_ARGB8888;
		return bgr ? DRM_FORMAT_XBGR8888 : DRM_FORMAT_XRGB8888;
	case VGPU_FMT_XRGB2101010:
		*cpp = 4;
		return bgr ? DRM_FORMAT_XBGR2101010 : DRM_FORMAT_XRGB2101010;
	case VGPU_FMT_YUV422:
		*cpp = 2;
		return yuv422[field(ctl, VGPU_PLANE_CTL_YUV_ORDER_MASK,
				    VGPU_PLANE_CTL_YUV_ORDER_SHIFT)];
	default:
		return 0;
	}
}

/* The modifier and tile of PLANE_CTL's tiling; false if none. */
static bool primary_tiling(u32 ctl, u32 cpp, u64 *modifier,
			   struct tile_shape *tile)
{
	switch (field(ctl, VGPU_PLANE_CTL_TILED_MASK,
		      VGPU_PLANE_CTL_TILED_SHIFT)) {
	case VGPU_TILING_LINEAR:
		*modifier = DRM_FORMAT_MOD_LINEAR;
		*tile = (struct tile_shape){ STRIDE_UNIT, 1 };
		return true;
	case VGPU_TILING_X:
		*modifier = I915_FORMAT_MOD_X_TILED;
		*tile = (struct tile_shape){ 512, 8 };
		return true;
	case VGPU_TILING_Y:
		*modifier = I915_FORMAT_MOD_Y_TILED;
		*tile = (struct tile_shape){ 128, 32 };
		return true;
	case VGPU_TILING_YF:
		/*
		 * 128 bytes by 32 rows at 16 and 32 bits per pixel; not offered
		 * at 8, whose Yf shape differs. The modifier is i915's Yf one,
		 * spelt out because its upstream name is mixed-case.
		 */
		*modifier = fourcc_mod_code(INTEL, 3);
		*tile = (struct tile_shape){ 128, 32 };
		return cpp > 1;
	default:
		return false;
	}
}

/* PLANE_SIZE has the height high; PIPESRC, as on Intel, the width. */
static u32 size_width(u32 v)
{
	return (v & 0x1fff) + 1;
}

static u32 size_height(u32 v)
{
	return ((v >> 16) & 0x1fff) + 1;
}

static u32 pipe_width(u32 pipesrc)
{
	return size_height(pipesrc);
}

static u32 pipe_height(u32 pipesrc)
{
	return size_width(pipesrc);
}

static u32 page_align(u64 bytes)
{
	return (bytes + VGPU_PAGE_SIZE - 1) & ~(u64)(VGPU_PAGE_SIZE - 1);
}

static bool fits_ggtt(const struct vgpu_regs *regs, u64 gaddr, u64 size)
{
	u64 end = (u64)regs->caps.ggtt_entries << VGPU_PAGE_SHIFT;

	return gaddr <= end && size <= end - gaddr;
}

static bool pipe_enabled(const struct vgpu_regs *regs)
{
	return regs->val[VGPU_REG_PIPECONF] & VGPU_PIPECONF_ENABLE;
}

static enum vgpu_plane_status decode_primary(const struct vgpu_regs *regs,
					     struct vgpu_plane *p)
{
	u32 ctl = regs->val[VGPU_REG_PLANE_CTL];
	u32 pipesrc = regs->val[VGPU_REG_PIPESRC];
	u32 size = regs->val[VGPU_REG_PLANE_SIZE];
	u32 pos = regs->val[VGPU_REG_PLANE_POS];
	struct tile_shape tile;
	u32 cpp, rows;

	if (!pipe_enabled(regs) || !(ctl & VGPU_PLANE_CTL_ENABLE))
		return VGPU_PLANE_OFF;
	p->drm_format = primary_format(ctl, &cpp);
	if (!p->drm_format)
		return VGPU_PLANE_BAD_FORMAT;
	if (!primary_tiling(ctl, cpp, &p->modifier, &tile))
		return VGPU_PLANE_BAD_TILING;

	p->width = size_width(size);
	p->height = size_height(size);
	p->x = pos & 0x1fff;
	p->y = (pos >> 16) & 0x1fff;
	if (pipe_width(pipesrc) > regs->caps.max_width ||
	    pipe_height(pipesrc) > regs->caps.max_height ||
	    p->x + p->width > pipe_width(pipesrc) ||
	    p->y + p->height > pipe_height(pipesrc))
		return VGPU_PLANE_BAD_SIZE;

	p->stride = (regs->val[VGPU_REG_PLANE_STRIDE] & 0x7ff) * STRIDE_UNIT;
	if (p->stride < p->width * cpp || p->stride % tile.width)
		return VGPU_PLANE_BAD_STRIDE;
	if (regs->val[VGPU_REG_PLANE_OFFSET])
		return VGPU_PLANE_BAD_OFFSET;

	/* A tiled surface covers whole rows of tiles. */
	rows = (p->height + tile.rows - 1) / tile.rows * tile.rows;
	p->size = page_align((u64)p->stride * rows);
	p->gaddr = regs->val[VGPU_REG_PLANE_SURF];
	if (!fits_ggtt(regs, p->gaddr, p->size))
		return VGPU_PLANE_BAD_SURFACE;
	return VGPU_PLANE_OK;
}

static s32 cursor_coord(u32 v)
{
	s32 mag = v & VGPU_CURPOS_MAG_MASK;

	return (v & VGPU_CURPOS_X_SIGN) ? -mag : mag;
}

static enum vgpu_plane_status decode_cursor(const struct vgpu_regs *regs,
					    struct vgpu_plane *p)
{
	u32 pos = regs->val[VGPU_REG_CURPOS];
	u32 x_hot = regs->val[VGPU_REG_PV_CURSOR_X_HOT];
	u32 y_hot = regs->val[VGPU_REG_PV_CURSOR_Y_HOT];
	u32 side;

	if (!pipe_enabled(regs))
		return VGPU_PLANE_OFF;
	switch (regs->val[VGPU_REG_CURCNTR] & VGPU_CURSOR_MODE_MASK) {
	case VGPU_CURSOR_MODE_DISABLED:
		return VGPU_PLANE_OFF;
	case VGPU_CURSOR_MODE_64_ARGB:
		side = 64;
		break;
	case VGPU_CURSOR_MODE_128_ARGB:
		side = 128;
		break;
	case VGPU_CURSOR_MODE_256_ARGB:
		side = 256;
		break;
	default:
		return VGPU_PLANE_BAD_CURSOR;
	}
	p->drm_format = DRM_FORMAT_ARGB8888;
	p->modifier = DRM_FORMAT_MOD_LINEAR;
	p->width = side;
	p->height = side;
	p->stride = side * 4;
	p->size = side * side * 4;
	p->gaddr = regs->val[VGPU_REG_CURBASE];
	p->x = cursor_coord(pos);
	p->y = cursor_coord(pos >> VGPU_CURPOS_Y_SHIFT);
	/* A hotspot outside the cursor is as good as none. */
	if (x_hot < side && y_hot < side) {
		p->x_hot = x_hot;
		p->y_hot = y_hot;
	} else {
		p->x_hot = VGPU_HOTSPOT_NONE;
		p->y_hot = VGPU_HOTSPOT_NONE;
	}
	if (!fits_ggtt(regs, p->gaddr, p->size))
		return VGPU_PLANE_BAD_SURFACE;
	return VGPU_PLANE_OK;
}

/**
 * vgpu_plane_decode() - decode a plane from the display registers
 * @regs: the register file
 * @plane_type: VGPU_PLANE_PRIMARY or VGPU_PLANE_CURSOR
 * @plane: filled when the result is VGPU_PLANE_OK, zeroed otherwise
 *
 * Return: VGPU_PLANE_OK, VGPU_PLANE_OFF, or why the guest's registers do
 * not describe a plane that can be shown.
 */
enum vgpu_plane_status vgpu_plane_decode(const struct vgpu_regs *regs,
					 u32 plane_type,
					 struct vgpu_plane *plane)
{
	enum vgpu_plane_status st = VGPU_PLANE_OFF;

	memset(plane, 0, sizeof(*plane));
	if (plane_type == VGPU_PLANE_PRIMARY)
		st = decode_primary(regs, plane);
	else if (plane_type == VGPU_PLANE_CURSOR)
		st = decode_cursor(regs, plane);
	if (st != VGPU_PLANE_OK)
		memset(plane, 0, sizeof(*plane));
	return st;
}

/**
 * vgpu_plane_same_buffer() - whether two planes can share one buffer
 * @a: a plane
 * @b: another
 *
 * Position and hotspot do not matter: a cursor that moves keeps its buffer.
 * Whether the backing pages are the same is the caller's question.
 *
 * Return: true when format, geometry and surface address are equal.
 */
bool vgpu_plane_same_buffer(const struct vgpu_plane *a,
			    const struct vgpu_plane *b)
{
	return a->drm_format == b->drm_format && a->modifier == b->modifier &&
	       a->width == b->width && a->height == b->height &&
	       a->stride == b->stride && a->size == b->size &&
	       a->gaddr == b->gaddr;
}

/**
 * vgpu_plane_in_region() - whether region display mode shows a plane
 * @plane: a decoded plane
 * @plane_type: VGPU_PLANE_PRIMARY or VGPU_PLANE_CURSOR
 *
 * A region plane is read as a plain linear surface from the region's byte
 * 0 (QEMU wraps the mapping in a pixman image and never looks at the
 * modifier), and the region has one plane, the primary: a cursor or a
 * tiled primary would show as garbage, so they show as nothing.
 *
 * Return: true for a linear primary plane.
 */
bool vgpu_plane_in_region(const struct vgpu_plane *plane, u32 plane_type)
{
	return plane_type == VGPU_PLANE_PRIMARY &&
	       plane->modifier == DRM_FORMAT_MOD_LINEAR;
}
