// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the plane decoder (kernel/vgpu_plane.c) and of the
 * buffer cache policy (kernel/vgpu_cache.c), the same sources the module
 * builds.
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

static const struct vgpu_caps caps = {
	.max_width = 1920, .max_height = 1080, .ggtt_entries = 8192,
};

static struct vgpu_regs regs;

static void w(u32 off, u32 v)
{
	vgpu_regs_write(&regs, off, v);
}

enum { PIPESRC = 0x6001c, PIPECONF = 0x70008, CURCNTR = 0x70080,
       CURBASE = 0x70084, CURPOS = 0x70088, PLANE_CTL = 0x70180,
       PLANE_STRIDE = 0x70188, PLANE_POS = 0x7018c, PLANE_SIZE = 0x70190,
       PLANE_SURF = 0x7019c, PLANE_OFFSET = 0x701a4, X_HOT = 0x78020,
       Y_HOT = 0x78024 };

static u32 wh(u32 width, u32 height)
{
	return (height - 1) << 16 | (width - 1);
}

/* A 1920x1080 pipe showing a linear XRGB8888 plane at 0x100000. */
static int mode_1080p(void **state)
{
	(void)state;
	vgpu_regs_reset(&regs, &caps);
	w(PIPESRC, (1920 - 1) << 16 | (1080 - 1));
	w(PIPECONF, VGPU_PIPECONF_ENABLE);
	w(PLANE_SIZE, wh(1920, 1080));
	w(PLANE_STRIDE, 1920 * 4 / 64);
	w(PLANE_SURF, 0x100000);
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_XRGB8888 << 24);
	return 0;
}

static enum vgpu_plane_status primary(struct vgpu_plane *p)
{
	return vgpu_plane_decode(&regs, VGPU_PLANE_PRIMARY, p);
}

static enum vgpu_plane_status cursor(struct vgpu_plane *p)
{
	return vgpu_plane_decode(&regs, VGPU_PLANE_CURSOR, p);
}

static void assert_zeroed(const struct vgpu_plane *p)
{
	static const struct vgpu_plane zero;

	assert_memory_equal(p, &zero, sizeof(zero));
}

static void test_primary_linear_xrgb(void **state)
{
	struct vgpu_plane p;

	(void)state;
	assert_int_equal(primary(&p), VGPU_PLANE_OK);
	assert_int_equal(p.drm_format, DRM_FORMAT_XRGB8888);
	assert_int_equal(p.modifier, DRM_FORMAT_MOD_LINEAR);
	assert_int_equal(p.width, 1920);
	assert_int_equal(p.height, 1080);
	assert_int_equal(p.stride, 7680);
	assert_int_equal(p.size, 7680 * 1080);
	assert_int_equal(p.gaddr, 0x100000);
	assert_int_equal(p.x, 0);
	assert_int_equal(p.y, 0);
}

static void test_primary_formats(void **state)
{
	static const struct {
		u32 ctl;
		u32 fourcc;
		u32 cpp;
	} cases[] = {
		{ VGPU_FMT_INDEXED8 << 24, DRM_FORMAT_C8, 1 },
		{ VGPU_FMT_RGB565 << 24, DRM_FORMAT_RGB565, 2 },
		{ VGPU_FMT_XRGB8888 << 24, DRM_FORMAT_XRGB8888, 4 },
		{ VGPU_FMT_XRGB8888 << 24 | VGPU_PLANE_CTL_ORDER_RGBX, DRM_FORMAT_XBGR8888, 4 },
		{ VGPU_FMT_XRGB8888 << 24 | 2 << 4, DRM_FORMAT_ARGB8888, 4 },
		{ VGPU_FMT_XRGB8888 << 24 | 3 << 4 | VGPU_PLANE_CTL_ORDER_RGBX, DRM_FORMAT_ABGR8888, 4 },
		{ VGPU_FMT_XRGB2101010 << 24, DRM_FORMAT_XRGB2101010, 4 },
		{ VGPU_FMT_XRGB2101010 << 24 | VGPU_PLANE_CTL_ORDER_RGBX, DRM_FORMAT_XBGR2101010, 4 },
		{ VGPU_FMT_YUV422 << 24, DRM_FORMAT_YUYV, 2 },
		{ VGPU_FMT_YUV422 << 24 | 1 << 16, DRM_FORMAT_UYVY, 2 },
		{ VGPU_FMT_YUV422 << 24 | 2 << 16, DRM_FORMAT_YVYU, 2 },
		{ VGPU_FMT_YUV422 << 24 | 3 << 16, DRM_FORMAT_VYUY, 2 },
	};
	struct vgpu_plane p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | cases[i].ctl);
		/* The tightest stride the format allows works... */
		w(PLANE_STRIDE, 1920 * cases[i].cpp / 64);
		assert_int_equal(primary(&p), VGPU_PLANE_OK);
		assert_int_equal(p.drm_format, cases[i].fourcc);
		assert_int_equal(p.stride, 1920 * cases[i].cpp);
		/* ...and one unit less does not. */
		w(PLANE_STRIDE, 1920 * cases[i].cpp / 64 - 1);
		assert_int_equal(primary(&p), VGPU_PLANE_BAD_STRIDE);
		assert_zeroed(&p);
	}
}

static void test_primary_bad_formats(void **state)
{
	static const u32 bad[] = { 0x1, 0x3, 0x5, 0x6, 0x7, 0x8, 0x9, 0xa, 0xb, 0xd, 0xf };
	struct vgpu_plane p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | bad[i] << 24);
		assert_int_equal(primary(&p), VGPU_PLANE_BAD_FORMAT);
		assert_zeroed(&p);
	}
}

static void test_primary_tiling(void **state)
{
	static const struct {
		u32 tiling;
		u64 modifier;
		u32 stride;	/* bytes, a multiple of the tile width */
		u32 rows;	/* 1080 rounded up to whole tiles */
	} cases[] = {
		{ VGPU_TILING_X, I915_FORMAT_MOD_X_TILED, 7680, 1080 },
		{ VGPU_TILING_Y, I915_FORMAT_MOD_Y_TILED, 7680, 1088 },
		{ VGPU_TILING_YF, I915_FORMAT_MOD_Yf_TILED, 7680, 1088 },
	};
	struct vgpu_plane p;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_XRGB8888 << 24 |
		  cases[i].tiling << 10);
		w(PLANE_STRIDE, cases[i].stride / 64);
		assert_int_equal(primary(&p), VGPU_PLANE_OK);
		assert_int_equal(p.modifier, cases[i].modifier);
		assert_int_equal(p.size, cases[i].stride * cases[i].rows);
	}
	/* X tiles are 512 bytes wide: 7680 + 64 is not a whole number. */
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_XRGB8888 << 24 | VGPU_TILING_X << 10);
	w(PLANE_STRIDE, (7680 + 64) / 64);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_STRIDE);
	w(PLANE_STRIDE, (7680 + 512) / 64);
	assert_int_equal(primary(&p), VGPU_PLANE_OK);
	/* Y tiles are 128 bytes wide. */
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_XRGB8888 << 24 | VGPU_TILING_Y << 10);
	w(PLANE_STRIDE, (7680 + 64) / 64);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_STRIDE);
	/* Yf is not offered at one byte per pixel; at two it is. */
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_INDEXED8 << 24 | VGPU_TILING_YF << 10);
	w(PLANE_STRIDE, 1920 / 64);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_TILING);
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_RGB565 << 24 | VGPU_TILING_YF << 10);
	w(PLANE_STRIDE, 3840 / 64);
	assert_int_equal(primary(&p), VGPU_PLANE_OK);
	assert_int_equal(p.size, 3840 * 1088);
	/* Tiling modes that do not exist. */
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_XRGB8888 << 24 | 2 << 10);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_TILING);
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_XRGB8888 << 24 | 7 << 10);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_TILING);
}

/*
 * Region mode shows what a plain linear surface can: the primary plane,
 * untiled, whatever its format. Decoded from real register values.
 */
static void test_region_shows_linear_primary_only(void **state)
{
	static const u32 tilings[] = { VGPU_TILING_X, VGPU_TILING_Y, VGPU_TILING_YF };
	struct vgpu_plane p;
	size_t i;

	(void)state;
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_XRGB8888 << 24);
	w(PLANE_STRIDE, 7680 / 64);
	assert_int_equal(primary(&p), VGPU_PLANE_OK);
	assert_true(vgpu_plane_in_region(&p, VGPU_PLANE_PRIMARY));
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_RGB565 << 24);
	assert_int_equal(primary(&p), VGPU_PLANE_OK);
	assert_true(vgpu_plane_in_region(&p, VGPU_PLANE_PRIMARY));
	for (i = 0; i < sizeof(tilings) / sizeof(tilings[0]); i++) {
		w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_RGB565 << 24 | tilings[i] << 10);
		assert_int_equal(primary(&p), VGPU_PLANE_OK);
		assert_false(vgpu_plane_in_region(&p, VGPU_PLANE_PRIMARY));
	}
	/* A linear cursor is still no region plane: the region has one. */
	w(CURBASE, 0x200000);
	w(CURCNTR, VGPU_CURSOR_MODE_64_ARGB);
	assert_int_equal(cursor(&p), VGPU_PLANE_OK);
	assert_int_equal(p.modifier, DRM_FORMAT_MOD_LINEAR);
	assert_false(vgpu_plane_in_region(&p, VGPU_PLANE_CURSOR));
}

static void test_primary_disabled(void **state)
{
	struct vgpu_plane p;

	(void)state;
	memset(&p, 0xff, sizeof(p));
	w(PLANE_CTL, VGPU_FMT_XRGB8888 << 24);
	assert_int_equal(primary(&p), VGPU_PLANE_OFF);
	assert_zeroed(&p);
	w(PLANE_CTL, VGPU_PLANE_CTL_ENABLE | VGPU_FMT_XRGB8888 << 24);
	w(PIPECONF, 0);
	memset(&p, 0xff, sizeof(p));
	assert_int_equal(primary(&p), VGPU_PLANE_OFF);
	assert_zeroed(&p);
	assert_int_equal(vgpu_plane_decode(&regs, 0, &p), VGPU_PLANE_OFF);
	assert_int_equal(vgpu_plane_decode(&regs, 3, &p), VGPU_PLANE_OFF);
}

static void test_primary_geometry(void **state)
{
	struct vgpu_plane p;

	(void)state;
	/* A smaller plane inside the pipe, at an offset. */
	w(PLANE_SIZE, wh(800, 600));
	w(PLANE_POS, 100 << 16 | 200);
	assert_int_equal(primary(&p), VGPU_PLANE_OK);
	assert_int_equal(p.x, 200);
	assert_int_equal(p.y, 100);
	assert_int_equal(p.width, 800);
	assert_int_equal(p.stride, 7680);
	/* Sticking out of the pipe on the right, then at the bottom. */
	w(PLANE_POS, 1121);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_SIZE);
	w(PLANE_POS, 481 << 16);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_SIZE);
	w(PLANE_POS, 0);
	/* A pipe larger than the type allows. */
	w(PIPESRC, (1921 - 1) << 16 | (1080 - 1));
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_SIZE);
	w(PIPESRC, (1920 - 1) << 16 | (1081 - 1));
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_SIZE);
	w(PIPESRC, (1920 - 1) << 16 | (1080 - 1));
	/* PLANE_OFFSET is not supported. */
	w(PLANE_OFFSET, 1);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_OFFSET);
	w(PLANE_OFFSET, 0);
	assert_int_equal(primary(&p), VGPU_PLANE_OK);
	/* Partial pages round up. */
	w(PLANE_SIZE, wh(3, 3));
	w(PLANE_STRIDE, 1);
	assert_int_equal(primary(&p), VGPU_PLANE_OK);
	assert_int_equal(p.size, 4096);
}

static void test_primary_surface_bounds(void **state)
{
	const u32 gm = 8192 * 4096;
	struct vgpu_plane p;

	(void)state;
	/* The last surface address that still fits, and the first that does not. */
	w(PLANE_SURF, gm - 2025 * 4096);	/* 7680 x 1080 is 2025 pages */
	assert_int_equal(primary(&p), VGPU_PLANE_OK);
	assert_int_equal(p.gaddr + p.size, gm);
	w(PLANE_SURF, gm - 2024 * 4096);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_SURFACE);
	w(PLANE_SURF, 0xfffff000);
	assert_int_equal(primary(&p), VGPU_PLANE_BAD_SURFACE);
	assert_zeroed(&p);
}

static void test_cursor(void **state)
{
	static const struct {
		u32 mode;
		u32 side;
	} modes[] = {
		{ VGPU_CURSOR_MODE_64_ARGB, 64 },
		{ VGPU_CURSOR_MODE_128_ARGB, 128 },
		{ VGPU_CURSOR_MODE_256_ARGB, 256 },
	};
	struct vgpu_plane p;
	size_t i;

	(void)state;
	assert_int_equal(cursor(&p), VGPU_PLANE_OFF);
	w(CURBASE, 0x200000);
	w(CURPOS, 20 << 16 | 10);
	for (i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
		w(CURCNTR, modes[i].mode);
		assert_int_equal(cursor(&p), VGPU_PLANE_OK);
		assert_int_equal(p.drm_format, DRM_FORMAT_ARGB8888);
		assert_int_equal(p.modifier, DRM_FORMAT_MOD_LINEAR);
		assert_int_equal(p.width, modes[i].side);
		assert_int_equal(p.height, modes[i].side);
		assert_int_equal(p.stride, modes[i].side * 4);
		assert_int_equal(p.size, modes[i].side * modes[i].side * 4);
		assert_int_equal(p.gaddr, 0x200000);
		assert_int_equal(p.x, 10);
		assert_int_equal(p.y, 20);
		assert_int_equal(p.x_hot, VGPU_HOTSPOT_NONE);
		assert_int_equal(p.y_hot, VGPU_HOTSPOT_NONE);
	}
	/* Modes that do not exist, including Intel's non-ARGB ones. */
	w(CURCNTR, 0x07);
	assert_int_equal(cursor(&p), VGPU_PLANE_BAD_CURSOR);
	w(CURCNTR, 0x3f);
	assert_int_equal(cursor(&p), VGPU_PLANE_BAD_CURSOR);
	assert_zeroed(&p);
	w(CURCNTR, VGPU_CURSOR_MODE_64_ARGB);
	w(PIPECONF, 0);
	assert_int_equal(cursor(&p), VGPU_PLANE_OFF);
}

static void test_cursor_negative_position_and_hotspot(void **state)
{
	struct vgpu_plane p;

	(void)state;
	w(CURCNTR, VGPU_CURSOR_MODE_64_ARGB);
	w(CURBASE, 0x200000);
	w(CURPOS, VGPU_CURPOS_Y_SIGN | 7 << 16 | VGPU_CURPOS_X_SIGN | 30);
	w(X_HOT, 5);
	w(Y_HOT, 9);
	assert_int_equal(cursor(&p), VGPU_PLANE_OK);
	assert_int_equal(p.x, -30);
	assert_int_equal(p.y, -7);
	assert_int_equal(p.x_hot, 5);
	assert_int_equal(p.y_hot, 9);
	/* One coordinate unset, or outside the cursor: no hotspot at all. */
	w(Y_HOT, VGPU_HOTSPOT_NONE);
	assert_int_equal(cursor(&p), VGPU_PLANE_OK);
	assert_int_equal(p.x_hot, VGPU_HOTSPOT_NONE);
	assert_int_equal(p.y_hot, VGPU_HOTSPOT_NONE);
	w(Y_HOT, 64);
	assert_int_equal(cursor(&p), VGPU_PLANE_OK);
	assert_int_equal(p.y_hot, VGPU_HOTSPOT_NONE);
	/* A cursor surface past the GGTT. */
	w(CURBASE, 8192 * 4096 - 4096);
	assert_int_equal(cursor(&p), VGPU_PLANE_BAD_SURFACE);
}

/*
 * Whatever a guest writes, a plane the decoder accepts is sound. Each round
 * starts from a valid mode and garbles a few registers, so that accepted
 * planes are common enough for the checks to mean something.
 */
static void test_hostile_registers(void **state)
{
	static const u32 offs[] = { PIPESRC, CURCNTR, CURBASE, CURPOS,
				    PLANE_CTL, PLANE_STRIDE, PLANE_POS, PLANE_SIZE,
				    PLANE_SURF, PLANE_OFFSET, X_HOT, Y_HOT };
	const size_t n = sizeof(offs) / sizeof(offs[0]);
	unsigned int seed = 42, ok = 0, i, j;
	struct vgpu_regs valid;
	struct vgpu_plane p;

	w(CURCNTR, VGPU_CURSOR_MODE_64_ARGB);
	valid = regs;
	for (i = 0; i < 200000; i++) {
		regs = valid;
		for (j = 0; j < 1 + (unsigned int)rand_r(&seed) % 3; j++) {
			u32 off = offs[(size_t)rand_r(&seed) % n];
			u32 v = (u32)rand_r(&seed) << 1 ^ (u32)rand_r(&seed);

			/* Half the time only a few low bits change. */
			if (rand_r(&seed) & 1)
				v = vgpu_regs_read(&regs, off) ^ (v & 0x7ff);
			w(off, v);
		}
		if (primary(&p) == VGPU_PLANE_OK) {
			ok++;
			assert_true(p.width >= 1 && p.width <= caps.max_width);
			assert_true(p.height >= 1 && p.height <= caps.max_height);
			assert_true(p.stride >= p.width);
			assert_true(p.size % 4096 == 0 && p.size >= p.stride);
			assert_true((u64)p.gaddr + p.size <= 8192ull * 4096);
		}
		if (cursor(&p) == VGPU_PLANE_OK) {
			assert_true(p.x >= -4095 && p.x <= 4095);
			assert_true((u64)p.gaddr + p.size <= 8192ull * 4096);
		}
	}
	(void)state;
	assert_true(ok > 10000);
}

static void test_same_buffer_ignores_position(void **state)
{
	struct vgpu_plane a, b;

	(void)state;
	w(CURCNTR, VGPU_CURSOR_MODE_64_ARGB);
	w(CURPOS, 1);
	assert_int_equal(cursor(&a), VGPU_PLANE_OK);
	w(CURPOS, 500 << 16 | 300);
	w(X_HOT, 3);
	w(Y_HOT, 3);
	assert_int_equal(cursor(&b), VGPU_PLANE_OK);
	assert_true(vgpu_plane_same_buffer(&a, &b));
	w(CURBASE, 0x1000);
	assert_int_equal(cursor(&b), VGPU_PLANE_OK);
	assert_false(vgpu_plane_same_buffer(&a, &b));
	assert_int_equal(primary(&a), VGPU_PLANE_OK);
	w(PLANE_STRIDE, 1920 * 4 / 64 + 1);
	assert_int_equal(primary(&b), VGPU_PLANE_OK);
	assert_false(vgpu_plane_same_buffer(&a, &b));
}

/* The cache policy. */

static const u64 pages_a[2] = { 0x100, 0x101 };
static const u64 pages_b[2] = { 0x100, 0x200 };

static struct vgpu_plane small_plane(u64 gaddr)
{
	struct vgpu_plane p = {
		.drm_format = DRM_FORMAT_XRGB8888, .width = 32, .height = 64,
		.stride = 128, .size = 8192, .gaddr = gaddr,
	};
	return p;
}

static void test_cache_hit_and_miss(void **state)
{
	struct vgpu_cache c;
	struct vgpu_plane p = small_plane(0), q = small_plane(0x2000);
	int buf;

	(void)state;
	vgpu_cache_init(&c);
	assert_int_equal(vgpu_cache_lookup(&c, &p, 1, NULL), -1);
	assert_int_equal(vgpu_cache_insert(&c, 0, &p, pages_a, 1, &buf), 1);
	assert_int_equal(vgpu_cache_lookup(&c, &p, 1, NULL), 0);
	assert_int_equal(vgpu_cache_lookup(&c, &q, 1, NULL), -1);
	p.x = 99;	/* position is not part of the key */
	assert_int_equal(vgpu_cache_lookup(&c, &p, 1, NULL), 0);
	p.stride = 256;
	assert_int_equal(vgpu_cache_lookup(&c, &p, 1, NULL), -1);
	assert_ptr_equal(c.entry[0].buf, &buf);
}

/* GVT-g reused a buffer after the GGTT changed under it; we must not. */
static void test_cache_ggtt_remap(void **state)
{
	struct vgpu_cache c;
	struct vgpu_plane p = small_plane(0);
	int buf;

	(void)state;
	vgpu_cache_init(&c);
	vgpu_cache_insert(&c, 0, &p, pages_a, 5, &buf);
	/* The GGTT moved on: without a walk there is no match... */
	assert_int_equal(vgpu_cache_lookup(&c, &p, 6, NULL), -1);
	/* ...other pages under the same address do not match... */
	assert_int_equal(vgpu_cache_lookup(&c, &p, 6, pages_b), -1);
	/* ...the same pages do, and the entry learns the new generation. */
	assert_int_equal(vgpu_cache_lookup(&c, &p, 6, pages_a), 0);
	assert_int_equal(vgpu_cache_lookup(&c, &p, 6, NULL), 0);
}

/* A plane whose registers did not change reuses its buffer by id. */
static void test_cache_reuse_by_id(void **state)
{
	struct vgpu_cache c;
	struct vgpu_plane p = small_plane(0), q = small_plane(0x2000);
	int buf, other;
	u32 id;

	(void)state;
	vgpu_cache_init(&c);
	id = vgpu_cache_insert(&c, 3, &p, pages_a, 5, &buf);
	vgpu_cache_insert(&c, 4, &q, pages_b, 5, &other);
	assert_int_equal(vgpu_cache_reuse(&c, id, 5), 3);
	/* It counts as a use: the other buffer is now the older one. */
	assert_true(c.entry[3].last_use > c.entry[4].last_use);
	/* A GGTT change since needs a full lookup; so does an unknown id. */
	assert_int_equal(vgpu_cache_reuse(&c, id, 6), -1);
	assert_int_equal(vgpu_cache_reuse(&c, 0, 5), -1);
	assert_int_equal(vgpu_cache_reuse(&c, id + 7, 5), -1);
	/* Gone from the cache: no reuse. */
	vgpu_cache_take(&c, 3);
	assert_int_equal(vgpu_cache_reuse(&c, id, 5), -1);
}

static void test_cache_ids_never_reused(void **state)
{
	struct vgpu_cache c;
	struct vgpu_plane p = small_plane(0);
	u32 id1, id2, id3;
	int buf;

	(void)state;
	vgpu_cache_init(&c);
	id1 = vgpu_cache_insert(&c, 0, &p, pages_a, 1, &buf);
	assert_ptr_equal(vgpu_cache_take(&c, 0), &buf);
	assert_null(vgpu_cache_take(&c, 0));
	assert_int_equal(vgpu_cache_find_id(&c, id1), -1);
	id2 = vgpu_cache_insert(&c, 0, &p, pages_a, 1, &buf);
	id3 = vgpu_cache_insert(&c, 1, &p, pages_b, 2, &buf);
	assert_true(id1 < id2 && id2 < id3);
	assert_int_equal(vgpu_cache_find_id(&c, id2), 0);
	assert_int_equal(vgpu_cache_find_id(&c, id3), 1);
	assert_int_equal(vgpu_cache_find_id(&c, 0), -1);
	assert_int_equal(vgpu_cache_find_id(&c, 12345), -1);
	/* Ids never wrap: the last one is 2^32 - 1, and then there are none. */
	assert_true(vgpu_cache_ids_left(&c));
	c.next_id = 0xffffffff;
	assert_true(vgpu_cache_ids_left(&c));
	assert_int_equal(vgpu_cache_insert(&c, 2, &p, pages_a, 1, &buf), 0xffffffff);
	assert_false(vgpu_cache_ids_left(&c));
}

static void test_cache_victim_order(void **state)
{
	bool held[VGPU_CACHE_SLOTS] = { false };
	struct vgpu_cache c;
	struct vgpu_plane p;
	int i, buf[VGPU_CACHE_SLOTS];

	(void)state;
	vgpu_cache_init(&c);
	for (i = 0; i < VGPU_CACHE_SLOTS; i++) {
		assert_int_equal(vgpu_cache_victim(&c, held), i);
		p = small_plane((u64)i << 16);
		vgpu_cache_insert(&c, i, &p, pages_a, 1, &buf[i]);
	}
	/* Full: the least recently used goes first... */
	assert_int_equal(vgpu_cache_victim(&c, held), 0);
	p = small_plane(0);
	assert_int_equal(vgpu_cache_lookup(&c, &p, 1, NULL), 0);
	assert_int_equal(vgpu_cache_victim(&c, held), 1);
	/* ...unless user space still holds it... */
	held[1] = true;
	held[2] = true;
	assert_int_equal(vgpu_cache_victim(&c, held), 3);
	/* ...and when it holds them all, the least recently used anyway. */
	for (i = 0; i < VGPU_CACHE_SLOTS; i++)
		held[i] = true;
	assert_int_equal(vgpu_cache_victim(&c, held), 1);
	/* An emptied slot is taken before anything is evicted. */
	vgpu_cache_take(&c, 5);
	assert_int_equal(vgpu_cache_victim(&c, held), 5);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_primary_linear_xrgb, mode_1080p),
		cmocka_unit_test_setup(test_primary_formats, mode_1080p),
		cmocka_unit_test_setup(test_primary_bad_formats, mode_1080p),
		cmocka_unit_test_setup(test_primary_tiling, mode_1080p),
		cmocka_unit_test_setup(test_region_shows_linear_primary_only, mode_1080p),
		cmocka_unit_test_setup(test_primary_disabled, mode_1080p),
		cmocka_unit_test_setup(test_primary_geometry, mode_1080p),
		cmocka_unit_test_setup(test_primary_surface_bounds, mode_1080p),
		cmocka_unit_test_setup(test_cursor, mode_1080p),
		cmocka_unit_test_setup(test_cursor_negative_position_and_hotspot, mode_1080p),
		cmocka_unit_test_setup(test_hostile_registers, mode_1080p),
		cmocka_unit_test_setup(test_same_buffer_ignores_position, mode_1080p),
		cmocka_unit_test(test_cache_hit_and_miss),
		cmocka_unit_test(test_cache_ggtt_remap),
		cmocka_unit_test(test_cache_reuse_by_id),
		cmocka_unit_test(test_cache_ids_never_reused),
		cmocka_unit_test(test_cache_victim_order),
	};

	return cmocka_run_group_tests_name("plane_and_cache", tests, NULL, NULL);
}
