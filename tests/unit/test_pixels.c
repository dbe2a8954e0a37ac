// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Host unit tests of libvfio-display's pixel work (lib/pixels.c): every
 * format and tiling against hand-computed pixels, cursor composition at
 * the edges, damage, and surfaces that lie about their size.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <libdrm/drm_fourcc.h>

#include <fcntl.h>
#include <unistd.h>

#include "pixels.h"
#include "vfiodisplay.h"

static uint8_t src[64 * 1024];
static uint32_t dst[256 * 64];

static void put32(size_t off, uint32_t v)
{
	memcpy(src + off, &v, 4);
}

static struct vd_surface surface(uint32_t fourcc, uint64_t mod, uint32_t w,
				 uint32_t h, uint32_t stride)
{
	struct vd_surface s = { fourcc, mod, w, h, stride, src, sizeof(src) };

	return s;
}

static int setup(void **state)
{
	(void)state;
	memset(src, 0, sizeof(src));
	memset(dst, 0xee, sizeof(dst));
	return 0;
}

static void test_rgb32_formats(void **state)
{
	struct vd_surface s;

	(void)state;
	put32(0, 0x00123456);
	put32(4, 0xff654321);
	put32(16, 0x80abcdef);	/* row 1 at stride 16 */
	s = surface(DRM_FORMAT_XRGB8888, DRM_FORMAT_MOD_LINEAR, 2, 2, 16);
	assert_int_equal(vd_convert(&s, dst, 2), 0);
	assert_int_equal(dst[0], 0x123456);
	assert_int_equal(dst[1], 0x654321);
	assert_int_equal(dst[2], 0xabcdef);
	/* Alpha of a primary plane is not shown. */
	s.fourcc = DRM_FORMAT_ARGB8888;
	assert_int_equal(vd_convert(&s, dst, 2), 0);
	assert_int_equal(dst[2], 0xabcdef);
	/* XBGR: red in the low byte. */
	s.fourcc = DRM_FORMAT_XBGR8888;
	assert_int_equal(vd_convert(&s, dst, 2), 0);
	assert_int_equal(dst[0], 0x563412);
	s.fourcc = DRM_FORMAT_ABGR8888;
	assert_int_equal(vd_convert(&s, dst, 2), 0);
	assert_int_equal(dst[2], 0xefcdab);
}

static void test_2101010(void **state)
{
	struct vd_surface s = surface(DRM_FORMAT_XRGB2101010, DRM_FORMAT_MOD_LINEAR, 1, 1, 4);

	(void)state;
	/* r 0x200, g 0x100, b 0x3ff */
	put32(0, 0x200u << 20 | 0x100u << 10 | 0x3ff);
	assert_int_equal(vd_convert(&s, dst, 1), 0);
	assert_int_equal(dst[0], 0x8040ff);
	s.fourcc = DRM_FORMAT_XBGR2101010;
	assert_int_equal(vd_convert(&s, dst, 1), 0);
	assert_int_equal(dst[0], 0xff4080);
}

static void test_rgb565_and_c8(void **state)
{
	static const uint16_t px[] = { 0xf800, 0x07e0, 0x001f, 0x8410 };
	struct vd_surface s = surface(DRM_FORMAT_RGB565, DRM_FORMAT_MOD_LINEAR, 4, 1, 8);

	(void)state;
	memcpy(src, px, sizeof(px));
	assert_int_equal(vd_convert(&s, dst, 4), 0);
	assert_int_equal(dst[0], 0xff0000);
	assert_int_equal(dst[1], 0x00ff00);
	assert_int_equal(dst[2], 0x0000ff);
	assert_int_equal(dst[3], 0x848284);
	src[0] = 0x7f;
	src[1] = 0;
	src[2] = 0xff;
	s = surface(DRM_FORMAT_C8, DRM_FORMAT_MOD_LINEAR, 3, 1, 64);
	assert_int_equal(vd_convert(&s, dst, 3), 0);
	assert_int_equal(dst[0], 0x7f7f7f);
	assert_int_equal(dst[1], 0);
	assert_int_equal(dst[2], 0xffffff);
}

static void test_yuv422_orders(void **state)
{
	/* White, black and BT.601 red (81, 90, 240), in each byte order. */
	static const struct {
		uint32_t fourcc;
		uint8_t white_black[4], red[4];
	} cases[] = {
		{ DRM_FORMAT_YUYV, { 235, 128, 16, 128 }, { 81, 90, 81, 240 } },
		{ DRM_FORMAT_UYVY, { 128, 235, 128, 16 }, { 90, 81, 240, 81 } },
		{ DRM_FORMAT_YVYU, { 235, 128, 16, 128 }, { 81, 240, 81, 90 } },
		{ DRM_FORMAT_VYUY, { 128, 235, 128, 16 }, { 240, 81, 90, 81 } },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct vd_surface s = surface(cases[i].fourcc, DRM_FORMAT_MOD_LINEAR, 4, 1, 64);

		memcpy(src, cases[i].white_black, 4);
		memcpy(src + 4, cases[i].red, 4);
		assert_int_equal(vd_convert(&s, dst, 4), 0);
		assert_int_equal(dst[0], 0xffffff);
		assert_int_equal(dst[1], 0x000000);
		assert_int_equal(dst[2], 0xff0000);
		assert_int_equal(dst[3], 0xff0000);
	}
	/* An odd width would split a pair. */
	{
		struct vd_surface s = surface(DRM_FORMAT_YUYV, DRM_FORMAT_MOD_LINEAR, 3, 1, 64);

		assert_int_equal(vd_convert(&s, dst, 4), -EINVAL);
	}
}

/* Sentinels at hand-computed byte offsets of tiled surfaces. */
static void test_x_tiled(void **state)
{
	struct vd_surface s = surface(DRM_FORMAT_XRGB8888, I915_FORMAT_MOD_X_TILED, 256, 16, 1024);

	(void)state;
	/* (130, 9): byte 520 of row 9 is tile 3 (row 1, column 1), row 1, byte 8. */
	put32(3 * 4096 + 1 * 512 + 8, 0x111111);
	/* (0, 7): tile 0, row 7. */
	put32(7 * 512, 0x222222);
	/* (255, 15): byte 1020 is tile 3, row 7, byte 508. */
	put32(3 * 4096 + 7 * 512 + 508, 0x333333);
	/* (128, 0): tile 1. */
	put32(4096, 0x444444);
	assert_int_equal(vd_convert(&s, dst, 256), 0);
	assert_int_equal(dst[9 * 256 + 130], 0x111111);
	assert_int_equal(dst[7 * 256 + 0], 0x222222);
	assert_int_equal(dst[15 * 256 + 255], 0x333333);
	assert_int_equal(dst[0 * 256 + 128], 0x444444);
	assert_int_equal(dst[0], 0);
	/* A stride that is not whole tiles. */
	s.stride = 1024 + 64;
	assert_int_equal(vd_convert(&s, dst, 256), -EINVAL);
}

static void test_y_tiled(void **state)
{
	struct vd_surface s = surface(DRM_FORMAT_XRGB8888, I915_FORMAT_MOD_Y_TILED, 64, 64, 256);

	(void)state;
	/* (5, 33): byte 20 of row 33 is tile 2, column 1 (512 on), row 1, byte 4. */
	put32(2 * 4096 + 1 * 512 + 1 * 16 + 4, 0x515151);
	/* (3, 31): tile 0, column 0, row 31, byte 12. */
	put32(31 * 16 + 12, 0x525252);
	/* (36, 0): byte 144 is tile 1, column 1. */
	put32(4096 + 512, 0x535353);
	assert_int_equal(vd_convert(&s, dst, 64), 0);
	assert_int_equal(dst[33 * 64 + 5], 0x515151);
	assert_int_equal(dst[31 * 64 + 3], 0x525252);
	assert_int_equal(dst[0 * 64 + 36], 0x535353);
}

static void test_yf_tiled(void **state)
{
	struct vd_surface s = surface(DRM_FORMAT_XRGB8888, I915_FORMAT_MOD_Yf_TILED, 32, 32, 128);

	(void)state;
	/* (12, 9): byte 48 of row 9: block x16 | y8 | x32 = 7, row 1, byte 0. */
	put32(7 * 128 + 16, 0x616161);
	/* (4, 0): block 1. */
	put32(128, 0x626262);
	/* (0, 8): block 2. */
	put32(256, 0x636363);
	/* (31, 31): byte 124: x16 x32 x64 and y8 y16, block 31, row 7, byte 12. */
	put32(31 * 128 + 7 * 16 + 12, 0x646464);
	assert_int_equal(vd_convert(&s, dst, 32), 0);
	assert_int_equal(dst[9 * 32 + 12], 0x616161);
	assert_int_equal(dst[0 * 32 + 4], 0x626262);
	assert_int_equal(dst[8 * 32 + 0], 0x636363);
	assert_int_equal(dst[31 * 32 + 31], 0x646464);
	/* Yf at 8 bits per pixel is not de-tiled. */
	s.fourcc = DRM_FORMAT_C8;
	assert_int_equal(vd_convert(&s, dst, 32), -ENOTSUP);
}

static void test_bad_surfaces(void **state)
{
	struct vd_surface s = surface(DRM_FORMAT_XRGB8888, DRM_FORMAT_MOD_LINEAR, 16, 16, 64);
	const char *why = NULL;

	(void)state;
	s.size = 15 * 64 + 63;	/* one byte short */
	assert_int_equal(vd_convert(&s, dst, 16), -EINVAL);
	s.size = 15 * 64 + 64;
	assert_int_equal(vd_convert(&s, dst, 16), 0);
	s.stride = 60;
	assert_int_equal(vd_convert(&s, dst, 16), -EINVAL);
	s.stride = 64;
	s.width = 0;
	assert_int_equal(vd_convert(&s, dst, 16), -EINVAL);
	s.width = 16;
	s.fourcc = DRM_FORMAT_NV12;
	assert_int_equal(vd_convert(&s, dst, 16), -ENOTSUP);
	assert_int_equal(vd_supported(DRM_FORMAT_NV12, 0, &why), -ENOTSUP);
	assert_non_null(why);
	assert_int_equal(vd_supported(DRM_FORMAT_XRGB8888, I915_FORMAT_MOD_4_TILED, &why), -ENOTSUP);
	/* A tiled surface needs whole rows of tiles. */
	s = surface(DRM_FORMAT_XRGB8888, I915_FORMAT_MOD_Y_TILED, 32, 33, 128);
	s.size = 4096;
	assert_int_equal(vd_convert(&s, dst, 32), -EINVAL);
	s.size = 8192;
	assert_int_equal(vd_convert(&s, dst, 32), 0);
}

static void fill(uint32_t *p, size_t n, uint32_t v)
{
	while (n--)
		*p++ = v;
}

static void test_cursor_compose(void **state)
{
	/* 2x2 cursor: opaque red, transparent, half white, opaque green. */
	static const uint32_t cur[4] = { 0xffff0000, 0x00ffffff, 0x80ffffff, 0xff00ff00 };

	(void)state;
	fill(dst, 16, 0x0000ff);
	vd_compose_cursor(dst, 4, 4, 4, cur, 2, 2, 1, 1, 0xffffffff, 0xffffffff);
	assert_int_equal(dst[1 * 4 + 1], 0xff0000);
	assert_int_equal(dst[1 * 4 + 2], 0x0000ff);
	/* (255 * 128 + 0 * 127 + 127) / 255 = 128; blue (128*255+255*127+127)/255 = 255 */
	assert_int_equal(dst[2 * 4 + 1], 0x8080ff);
	assert_int_equal(dst[2 * 4 + 2], 0x00ff00);
	assert_int_equal(dst[0], 0x0000ff);

	/* The hotspot moves the cursor up and left; off the top left is clipped. */
	fill(dst, 16, 0x0000ff);
	vd_compose_cursor(dst, 4, 4, 4, cur, 2, 2, 0, 0, 1, 1);
	assert_int_equal(dst[0], 0x00ff00);
	assert_int_equal(dst[1], 0x0000ff);
	fill(dst, 16, 0x0000ff);
	vd_compose_cursor(dst, 4, 4, 4, cur, 2, 2, -1, -1, 0, 0);
	assert_int_equal(dst[0], 0x00ff00);
	/* Past the right and bottom edges, and wholly outside. */
	fill(dst, 16, 0x0000ff);
	vd_compose_cursor(dst, 4, 4, 4, cur, 2, 2, 3, 3, 0, 0);
	assert_int_equal(dst[15], 0xff0000);
	vd_compose_cursor(dst, 4, 4, 4, cur, 2, 2, 100, -100, 0, 0);
	vd_compose_cursor(dst, 4, 4, 4, cur, 2, 2, -2147483647 - 1, 2147483647, 0xfffffffe, 0);
	assert_int_equal(dst[15], 0xff0000);
	assert_int_equal(dst[14], 0x0000ff);
}

static void test_damage(void **state)
{
	static uint32_t a[8 * 4], b[8 * 4];
	struct vd_rect r;

	(void)state;
	assert_false(vd_damage(a, b, 8, 4, 8, &r));
	assert_int_equal(r.w, 0);
	b[1 * 8 + 2] = 1;
	assert_true(vd_damage(a, b, 8, 4, 8, &r));
	assert_int_equal(r.x, 2);
	assert_int_equal(r.y, 1);
	assert_int_equal(r.w, 1);
	assert_int_equal(r.h, 1);
	b[3 * 8 + 7] = 1;
	b[2 * 8 + 0] = 1;
	assert_true(vd_damage(a, b, 8, 4, 8, &r));
	assert_int_equal(r.x, 0);
	assert_int_equal(r.y, 1);
	assert_int_equal(r.w, 8);
	assert_int_equal(r.h, 3);
	/* Only the visible width counts, not the padding of the stride. */
	memset(b, 0, sizeof(b));
	b[0 * 8 + 6] = 1;
	assert_false(vd_damage(a, b, 6, 4, 8, &r));
}

static void test_import_cache_policy(void **state)
{
	struct vd_slot s[4] = {
		{ 7, 100, 10 }, { 8, 200, 12 }, { 0, 0, 0 }, { 9, 300, 11 },
	};
	bool drop[4], hit;

	(void)state;
	/* A known id with the same geometry is a hit. */
	assert_int_equal(vd_slot_pick(s, 4, 20, 64, 8, 200, &hit, drop), 1);
	assert_true(hit);
	/* A new id takes the empty slot first. */
	assert_int_equal(vd_slot_pick(s, 4, 20, 64, 5, 500, &hit, drop), 2);
	assert_false(hit);
	/* Full: the least recently used goes. */
	s[2] = (struct vd_slot){ 6, 600, 15 };
	assert_int_equal(vd_slot_pick(s, 4, 20, 64, 5, 500, &hit, drop), 0);
	assert_false(drop[0]);
	/* The same id with another geometry is stale: dropped, re-imported there. */
	assert_int_equal(vd_slot_pick(s, 4, 20, 64, 9, 301, &hit, drop), 3);
	assert_false(hit);
	assert_true(drop[3]);
	/* Idle ones are dropped, and reused before anything is evicted. */
	s[2].last_use = 40;
	assert_int_equal(vd_slot_pick(s, 4, 80, 64, 5, 500, &hit, drop), 0);
	assert_true(drop[0] && drop[1] && drop[3]);
	assert_false(drop[2]);
	/* A hit on an idle id is no hit. */
	assert_int_equal(vd_slot_pick(s, 4, 80, 64, 7, 100, &hit, drop), 0);
	assert_false(hit);
}

static void test_library_bad_arguments(void **state)
{
	struct vfiodisplay *d = (struct vfiodisplay *)&d;
	int fd = open("/dev/null", O_RDWR);

	(void)state;
	assert_int_equal(vfiodisplay_open(-1, &d), -EBADF);
	assert_null(d);
	/* A file that is no VFIO device has no display. */
	assert_int_equal(vfiodisplay_open(fd, &d), -ENODEV);
	assert_null(d);
	close(fd);
	vfiodisplay_close(NULL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_rgb32_formats, setup),
		cmocka_unit_test_setup(test_2101010, setup),
		cmocka_unit_test_setup(test_rgb565_and_c8, setup),
		cmocka_unit_test_setup(test_yuv422_orders, setup),
		cmocka_unit_test_setup(test_x_tiled, setup),
		cmocka_unit_test_setup(test_y_tiled, setup),
		cmocka_unit_test_setup(test_yf_tiled, setup),
		cmocka_unit_test_setup(test_bad_surfaces, setup),
		cmocka_unit_test_setup(test_cursor_compose, setup),
		cmocka_unit_test_setup(test_damage, setup),
		cmocka_unit_test(test_import_cache_policy),
		cmocka_unit_test(test_library_bad_arguments),
	};

	return cmocka_run_group_tests_name("pixels", tests, NULL, NULL);
}
