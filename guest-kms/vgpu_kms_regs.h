/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The guest driver's side of the register contract: what a plane or the
 * pipe must show, turned into the values of the vGPU's registers
 * (kernel/vgpu_hw.h). Pure, over plain structs, so that the host unit
 * tests feed its output to the host's own decoder (kernel/vgpu_plane.c)
 * and hold the two to the same contract.
 */
#ifndef VGPU_KMS_REGS_H
#define VGPU_KMS_REGS_H

#include <linux/types.h>

/**
 * struct vgpu_kms_primary - what the primary plane is to scan out
 * @fourcc: DRM pixel format
 * @modifier: DRM format modifier (linear or X-tiled)
 * @width: pixels; the whole pipe, as the plane is never positioned
 * @height: pixels
 * @pitch: bytes from one row (of tiles, when tiled) to the next
 * @gaddr: graphics address of the first pixel shown
 */
struct vgpu_kms_primary {
	u32 fourcc;
	u64 modifier;
	u32 width;
	u32 height;
	u32 pitch;
	u64 gaddr;
};

/**
 * struct vgpu_kms_primary_regs - the primary plane's registers
 * @ctl: PLANE_CTL, with the enable bit
 * @stride: PLANE_STRIDE
 * @pos: PLANE_POS
 * @size: PLANE_SIZE
 * @offset: PLANE_OFFSET
 * @surf: PLANE_SURF, written last: writing it is the flip
 */
struct vgpu_kms_primary_regs {
	u32 ctl;
	u32 stride;
	u32 pos;
	u32 size;
	u32 offset;
	u32 surf;
};

/**
 * struct vgpu_kms_cursor - what the cursor plane is to show
 * @side: the square cursor's side in pixels: 64, 128 or 256
 * @x: position of its top left corner on the pipe; may be negative
 * @y: likewise
 * @gaddr: graphics address of its ARGB8888 image
 */
struct vgpu_kms_cursor {
	u32 side;
	s32 x;
	s32 y;
	u64 gaddr;
};

/**
 * struct vgpu_kms_cursor_regs - the cursor's registers
 * @cntr: CURCNTR, its mode
 * @pos: CURPOS
 * @base: CURBASE
 */
struct vgpu_kms_cursor_regs {
	u32 cntr;
	u32 pos;
	u32 base;
};

/* The largest pipe and plane the registers can express. */
#define VGPU_KMS_MAX_SIDE	8192

extern const u32 vgpu_kms_reg_offset[];
extern const u32 vgpu_kms_primary_formats[];
extern const unsigned int vgpu_kms_primary_format_count;
extern const u64 vgpu_kms_primary_modifiers[];

bool vgpu_kms_format_supported(u32 fourcc, u64 modifier);
u32 vgpu_kms_pitch_align(u64 modifier);
int vgpu_kms_primary_encode(const struct vgpu_kms_primary *in,
			    struct vgpu_kms_primary_regs *out);
int vgpu_kms_cursor_encode(const struct vgpu_kms_cursor *in,
			   struct vgpu_kms_cursor_regs *out);
u32 vgpu_kms_pipesrc(u32 width, u32 height);

#endif
