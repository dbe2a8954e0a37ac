// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * Plane and pipe setups turned into register values (vgpu_kms_regs.h).
 * Pure: the module and the host unit tests build this same file, and the
 * tests decode its output with the host's decoder.
 */
#include <linux/errno.h>
#include <linux/kernel.h>
#include <linux/types.h>
#include <drm/drm_fourcc.h>

#include "vgpu_hw.h"
#include "vgpu_kms_regs.h"

/* PLANE_STRIDE counts 64-byte units; an X tile is 512 bytes wide. */
#define STRIDE_UNIT	64
#define X_TILE_WIDTH	512
#define STRIDE_MAX	(0x7ffu * STRIDE_UNIT)
/* CURPOS holds 12 bits of magnitude per axis. */
#define CURPOS_MAX	0xfff

/* BAR0 offsets, indexed by the host's enum vgpu_reg. */
const u32 vgpu_kms_reg_offset[VGPU_NR_REGS] = {
#define VGPU_REG(name, off, wmask, reset, event) \
	[VGPU_REG_##name] = (off),
#include "vgpu_reg_list.h"
};

/*
 * Every format the host decodes that a KMS client can hand us. C8 is left
 * out: the vGPU has no palette, so a client could not say what it shows.
 */
const u32 vgpu_kms_primary_formats[] = {
	DRM_FORMAT_XRGB8888, DRM_FORMAT_ARGB8888,
	DRM_FORMAT_XBGR8888, DRM_FORMAT_ABGR8888,
	DRM_FORMAT_RGB565,
	DRM_FORMAT_XRGB2101010, DRM_FORMAT_XBGR2101010,
	DRM_FORMAT_YUYV, DRM_FORMAT_UYVY, DRM_FORMAT_YVYU, DRM_FORMAT_VYUY,
};

const unsigned int vgpu_kms_primary_format_count =
	ARRAY_SIZE(vgpu_kms_primary_formats);

/*
 * Y and Yf tiling decode too, but only i915's own renderers write them;
 * X is the tiling a client is likely to meet (the issue asked for it).
 */
const u64 vgpu_kms_primary_modifiers[] = {
	DRM_FORMAT_MOD_LINEAR,
	I915_FORMAT_MOD_X_TILED,
	DRM_FORMAT_MOD_INVALID,
};

/* PLANE_CTL's format bits for @fourcc, or -EINVAL. */
static int format_ctl(u32 fourcc, u32 *ctl)
{
	u32 fmt, extra = 0;

	switch (fourcc) {
	case DRM_FORMAT_XRGB8888:
		fmt = VGPU_FMT_XRGB8888;
		break;
	case DRM_FORMAT_ARGB8888:
		fmt = VGPU_FMT_XRGB8888;
		/* Intel's "software premultiplied": DRM's default blend. */
		extra = 2u << VGPU_PLANE_CTL_ALPHA_SHIFT;
		break;
	case DRM_FORMAT_XBGR8888:
		fmt = VGPU_FMT_XRGB8888;
		extra = VGPU_PLANE_CTL_ORDER_RGBX;
		break;
	case DRM_FORMAT_ABGR8888:
		fmt = VGPU_FMT_XRGB8888;
		extra = VGPU_PLANE_CTL_ORDER_RGBX | 2u << VGPU_PLANE_CTL_ALPHA_SHIFT;
		break;
	case DRM_FORMAT_RGB565:
		fmt = VGPU_FMT_RGB565;
		break;
	case DRM_FORMAT_XRGB2101010:
		fmt = VGPU_FMT_XRGB2101010;
		break;
	case DRM_FORMAT_XBGR2101010:
		fmt = VGPU_FMT_XRGB2101010;
		extra = VGPU_PLANE_CTL_ORDER_RGBX;
		break;
	case DRM_FORMAT_YUYV:
	case DRM_FORMAT_UYVY:
	case DRM_FORMAT_YVYU:
	case DRM_FORMAT_VYUY:
		fmt = VGPU_FMT_YUV422;
		extra = (fourcc == DRM_FORMAT_UYVY ? 1u :
			 fourcc == DRM_FORMAT_YVYU ? 2u :
			 fourcc == DRM_FORMAT_VYUY ? 3u : 0u)
			<< VGPU_PLANE_CTL_YUV_ORDER_SHIFT;
		break;
	default:
		return -EINVAL;
	}
	*ctl = fmt << VGPU_PLANE_CTL_FORMAT_SHIFT | extra;
	return 0;
}

/* PLANE_CTL's tiling bits for @modifier, or -EINVAL. */
static int tiling_ctl(u64 modifier, u32 *ctl)
{
	if (modifier == DRM_FORMAT_MOD_LINEAR)
		*ctl = VGPU_TILING_LINEAR << VGPU_PLANE_CTL_TILED_SHIFT;
	else if (modifier == I915_FORMAT_MOD_X_TILED)
		*ctl = VGPU_TILING_X << VGPU_PLANE_CTL_TILED_SHIFT;
	else
		return -EINVAL;
	return 0;
}

bool vgpu_kms_format_supported(u32 fourcc, u64 modifier)
{
	u32 ctl;

	return !format_ctl(fourcc, &ctl) && !tiling_ctl(modifier, &ctl);
}

/* What a pitch must be a multiple of for @modifier. */
u32 vgpu_kms_pitch_align(u64 modifier)
{
	return modifier == I915_FORMAT_MOD_X_TILED ? X_TILE_WIDTH : STRIDE_UNIT;
}

u32 vgpu_kms_pipesrc(u32 width, u32 height)
{
	return (width - 1) << 16 | (height - 1);
}

int vgpu_kms_primary_encode(const struct vgpu_kms_primary *in,
			    struct vgpu_kms_primary_regs *out)
{
	u32 fmt, tiling;

	if (format_ctl(in->fourcc, &fmt) || tiling_ctl(in->modifier, &tiling))
		return -EINVAL;
	if (!in->width || !in->height || in->width > VGPU_KMS_MAX_SIDE ||
	    in->height > VGPU_KMS_MAX_SIDE)
		return -EINVAL;
	if (!in->pitch || in->pitch > STRIDE_MAX ||
	    in->pitch % vgpu_kms_pitch_align(in->modifier))
		return -EINVAL;
	/* PLANE_SURF takes whole pages below 4 GiB; PLANE_OFFSET stays 0. */
	if (in->gaddr % VGPU_PAGE_SIZE || in->gaddr > 0xfffff000ull)
		return -EINVAL;

	out->ctl = VGPU_PLANE_CTL_ENABLE | fmt | tiling;
	out->stride = in->pitch / STRIDE_UNIT;
	out->pos = 0;
	out->size = (in->height - 1) << 16 | (in->width - 1);
	out->offset = 0;
	out->surf = (u32)in->gaddr;
	return 0;
}

/* CURPOS's sign and magnitude for one axis, clamped to what it holds. */
static u32 curpos_axis(s32 v)
{
	u32 mag = v < 0 ? (u32)-(s64)v : (u32)v;

	if (mag > CURPOS_MAX)
		mag = CURPOS_MAX;
	return (v < 0 ? VGPU_CURPOS_X_SIGN : 0) | mag;
}

int vgpu_kms_cursor_encode(const struct vgpu_kms_cursor *in,
			   struct vgpu_kms_cursor_regs *out)
{
	switch (in->side) {
	case 64:
		out->cntr = VGPU_CURSOR_MODE_64_ARGB;
		break;
	case 128:
		out->cntr = VGPU_CURSOR_MODE_128_ARGB;
		break;
	case 256:
		out->cntr = VGPU_CURSOR_MODE_256_ARGB;
		break;
	default:
		return -EINVAL;
	}
	if (in->gaddr % VGPU_PAGE_SIZE || in->gaddr > 0xfffff000ull)
		return -EINVAL;
	/*
	 * A cursor clamped to 4095 pixels off an edge is still wholly off
	 * it: no pipe is that wide and no cursor that big.
	 */
	out->pos = curpos_axis(in->y) << VGPU_CURPOS_Y_SHIFT | curpos_axis(in->x);
	out->base = (u32)in->gaddr;
	return 0;
}
