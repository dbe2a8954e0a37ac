// SPDX-License-Identifier: GPL-2.0
/*
 * The guest driver's register encoder (guest-kms/vgpu_kms_regs.c) against
 * the host's decoder (kernel/vgpu_plane.c): whatever the guest writes for
 * a plane setup, the host must decode back to that setup. Both are the
 * sources the two modules build.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <drm/drm_fourcc.h>

#include "vgpu_hw.h"
#include "vgpu_kms_regs.h"

static const struct vgpu_caps caps = {
	.max_width = 3840, .max_height = 2160, .ggtt_entries = 32768,
};

static struct vgpu_regs regs;

static void w(enum vgpu_reg reg, u32 v)
{
	vgpu_regs_write(&regs, vgpu_kms_reg_offset[reg], v);
}

/* What the driver writes for a pipe of @width x @height showing @in. */
static void show(const struct vgpu_kms_primary *in)
{
	struct vgpu_kms_primary_regs r;

	vgpu_regs_reset(&regs, &caps);
	assert_int_equal(vgpu_kms_primary_encode(in, &r), 0);
	w(VGPU_REG_PIPESRC, vgpu_kms_pipesrc(in->width, in->height));
	w(VGPU_REG_PIPECONF, VGPU_PIPECONF_ENABLE);
	w(VGPU_REG_PLANE_STRIDE, r.stride);
	w(VGPU_REG_PLANE_POS, r.pos);
	w(VGPU_REG_PLANE_SIZE, r.size);
	w(VGPU_REG_PLANE_OFFSET, r.offset);
	w(VGPU_REG_PLANE_CTL, r.ctl);
	w(VGPU_REG_PLANE_SURF, r.surf);
}

static void test_offsets_are_the_hosts(void **state)
{
	(void)state;
	/* The table comes from the list: spot-check it against the docs. */
	assert_int_equal(vgpu_kms_reg_offset[VGPU_REG_PLANE_CTL], 0x70180);
	assert_int_equal(vgpu_kms_reg_offset[VGPU_REG_PLANE_SURF], 0x7019c);
	assert_int_equal(vgpu_kms_reg_offset[VGPU_REG_DE_PIPE_IIR], 0x44408);
	assert_int_equal(vgpu_kms_reg_offset[VGPU_REG_PV_MONITOR], 0x78030);
}

/* Every format and modifier the driver offers round-trips. */
static void test_every_offered_format_decodes_back(void **state)
{
	const u64 *mod;
	unsigned int i;

	(void)state;
	for (i = 0; i < vgpu_kms_primary_format_count; i++) {
		for (mod = vgpu_kms_primary_modifiers; *mod != DRM_FORMAT_MOD_INVALID; mod++) {
			struct vgpu_kms_primary in = {
				.fourcc = vgpu_kms_primary_formats[i], .modifier = *mod,
				.width = 1024, .height = 768, .pitch = 4096,
				.gaddr = 0x340000,
			};
			struct vgpu_plane p;

			assert_true(vgpu_kms_format_supported(in.fourcc, in.modifier));
			show(&in);
			assert_int_equal(vgpu_plane_decode(&regs, VGPU_PLANE_PRIMARY, &p),
					 VGPU_PLANE_OK);
			assert_int_equal(p.drm_format, in.fourcc);
			assert_true(p.modifier == in.modifier);
			assert_int_equal(p.width, in.width);
			assert_int_equal(p.height, in.height);
			assert_int_equal(p.stride, in.pitch);
			assert_int_equal(p.gaddr, in.gaddr);
			assert_int_equal(p.x, 0);
			assert_int_equal(p.y, 0);
		}
	}
}

/* Odd sizes: a 1366-wide mode with its pitch padded to 64 bytes. */
static void test_odd_mode_sizes(void **state)
{
	struct vgpu_kms_primary in = {
		.fourcc = DRM_FORMAT_RGB565, .modifier = DRM_FORMAT_MOD_LINEAR,
		.width = 1366, .height = 767, .pitch = 2752, .gaddr = 0x1000,
	};
	struct vgpu_plane p;

	(void)state;
	show(&in);
	assert_int_equal(vgpu_plane_decode(&regs, VGPU_PLANE_PRIMARY, &p), VGPU_PLANE_OK);
	assert_int_equal(p.width, 1366);
	assert_int_equal(p.height, 767);
	assert_int_equal(p.stride, 2752);
}

/* What the host would refuse, the driver refuses first. */
static void test_refuses_what_the_host_cannot_show(void **state)
{
	struct vgpu_kms_primary_regs r;
	const struct vgpu_kms_primary good = {
		.fourcc = DRM_FORMAT_XRGB8888, .modifier = DRM_FORMAT_MOD_LINEAR,
		.width = 64, .height = 64, .pitch = 256, .gaddr = 0x1000,
	};
	struct vgpu_kms_primary in;

	(void)state;
	assert_int_equal(vgpu_kms_primary_encode(&good, &r), 0);
	in = good;
	in.fourcc = DRM_FORMAT_C8;	/* no palette */
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
	in = good;
	in.fourcc = DRM_FORMAT_NV12;
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
	in = good;
	in.modifier = I915_FORMAT_MOD_Y_TILED;
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
	in = good;
	in.pitch = 260;			/* not whole 64-byte units */
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
	in = good;
	in.modifier = I915_FORMAT_MOD_X_TILED;	/* not whole X tiles */
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
	in = good;
	in.pitch = 0x800 * 64;		/* past PLANE_STRIDE */
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
	in = good;
	in.gaddr = 0x1040;		/* PLANE_SURF takes pages */
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
	in = good;
	in.gaddr = 1ull << 32;
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
	in = good;
	in.width = 8193;
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
	in = good;
	in.height = 0;
	assert_int_equal(vgpu_kms_primary_encode(&in, &r), -EINVAL);
}

static void cursor_at(u32 side, s32 x, s32 y, struct vgpu_plane *p)
{
	const struct vgpu_kms_cursor c = { .side = side, .x = x, .y = y, .gaddr = 0x7000 };
	struct vgpu_kms_cursor_regs r;

	vgpu_regs_reset(&regs, &caps);
	assert_int_equal(vgpu_kms_cursor_encode(&c, &r), 0);
	w(VGPU_REG_PIPESRC, vgpu_kms_pipesrc(1024, 768));
	w(VGPU_REG_PIPECONF, VGPU_PIPECONF_ENABLE);
	w(VGPU_REG_CURBASE, r.base);
	w(VGPU_REG_CURPOS, r.pos);
	w(VGPU_REG_CURCNTR, r.cntr);
	assert_int_equal(vgpu_plane_decode(&regs, VGPU_PLANE_CURSOR, p), VGPU_PLANE_OK);
}

static void test_cursor_sizes_and_positions(void **state)
{
	static const u32 sides[] = { 64, 128, 256 };
	static const s32 at[][2] = {
		{ 0, 0 }, { 40, 30 }, { -63, -1 }, { 1023, 767 }, { -255, 700 },
	};
	struct vgpu_kms_cursor_regs r;
	struct vgpu_kms_cursor c = { .side = 96, .gaddr = 0x7000 };
	struct vgpu_plane p;
	unsigned int i, j;

	(void)state;
	for (i = 0; i < 3; i++) {
		for (j = 0; j < 5; j++) {
			cursor_at(sides[i], at[j][0], at[j][1], &p);
			assert_int_equal(p.width, sides[i]);
			assert_int_equal(p.height, sides[i]);
			assert_int_equal(p.drm_format, DRM_FORMAT_ARGB8888);
			assert_int_equal(p.x, at[j][0]);
			assert_int_equal(p.y, at[j][1]);
			assert_int_equal(p.gaddr, 0x7000);
		}
	}
	/* Far off an edge is clamped, and stays off it. */
	cursor_at(64, -100000, 5000, &p);
	assert_int_equal(p.x, -4095);
	assert_int_equal(p.y, 4095);
	assert_int_equal(vgpu_kms_cursor_encode(&c, &r), -EINVAL);
	c.side = 64;
	c.gaddr = 0x7100;
	assert_int_equal(vgpu_kms_cursor_encode(&c, &r), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_offsets_are_the_hosts),
		cmocka_unit_test(test_every_offered_format_decodes_back),
		cmocka_unit_test(test_odd_mode_sizes),
		cmocka_unit_test(test_refuses_what_the_host_cannot_show),
		cmocka_unit_test(test_cursor_sizes_and_positions),
	};

	return cmocka_run_group_tests_name("guest KMS register encoder", tests, NULL, NULL);
}
