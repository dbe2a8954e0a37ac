// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the EDID generator (kernel/vgpu_edid.c), the same
 * source the module builds.
 *
 * With --dump DIR it runs no tests and writes the EDIDs of the sizes
 * tests/edid-check.sh hands to edid-decode, as DIR/WxH-in-MWxMH.bin.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "vgpu_hw.h"

/* A decoded detailed timing descriptor. */
struct dtd {
	u32 clock_khz;
	u32 hactive, hblank, hfront, hsync;
	u32 vactive, vblank, vfront, vsync;
	u32 hmm, vmm;
	u8 flags;
};

/* A mode the base block lists, whatever its encoding. */
struct listed {
	u32 width, height;
};

static u8 edid[VGPU_EDID_BLOCK];

static void gen(u32 width, u32 height, u32 max_width, u32 max_height)
{
	assert_int_equal(vgpu_edid_generate(edid, sizeof(edid), width, height,
					    max_width, max_height),
			 VGPU_EDID_BLOCK);
}

static struct dtd decode_dtd(const u8 *d)
{
	struct dtd t;

	t.clock_khz = (d[0] | d[1] << 8) * 10;
	t.hactive = d[2] | (d[4] >> 4) << 8;
	t.hblank = d[3] | (d[4] & 0xf) << 8;
	t.vactive = d[5] | (d[7] >> 4) << 8;
	t.vblank = d[6] | (d[7] & 0xf) << 8;
	t.hfront = d[8] | (d[11] >> 6) << 8;
	t.hsync = d[9] | ((d[11] >> 4) & 3) << 8;
	t.vfront = (d[10] >> 4) | ((d[11] >> 2) & 3) << 4;
	t.vsync = (d[10] & 0xf) | (d[11] & 3) << 4;
	t.hmm = d[12] | (d[14] >> 4) << 8;
	t.vmm = d[13] | (d[14] & 0xf) << 8;
	t.flags = d[17];
	return t;
}

/* The descriptor with display descriptor tag @tag, or NULL. */
static const u8 *descriptor(u8 tag)
{
	int i;

	for (i = 0; i < 4; i++) {
		const u8 *d = &edid[0x36 + 18 * i];

		if (!d[0] && !d[1] && d[3] == tag)
			return d;
	}
	return NULL;
}

/* Every mode besides the first DTD, as a reader decodes them. */
static int listed_modes(struct listed *out)
{
	static const struct listed est[24] = {
		/* 0x23 bit 7 first */
		{ 720, 400 }, { 720, 400 }, { 640, 480 }, { 640, 480 },
		{ 640, 480 }, { 640, 480 }, { 800, 600 }, { 800, 600 },
		{ 800, 600 }, { 800, 600 }, { 832, 624 }, { 1024, 768 },
		{ 1024, 768 }, { 1024, 768 }, { 1024, 768 }, { 1280, 1024 },
		{ 1152, 870 },
	};
	const u8 *cvt = descriptor(0xf8);
	int n = 0, i;

	for (i = 0; i < 17; i++)
		if (edid[0x23 + i / 8] & (0x80 >> (i % 8)))
			out[n++] = est[i];
	for (i = 0; i < 8; i++) {
		const u8 *s = &edid[0x26 + 2 * i];
		u32 w = (s[0] + 31) * 8;
		static const u32 num[4] = { 10, 3, 4, 9 }, den[4] = { 16, 4, 5, 16 };

		if (s[0] == 1 && s[1] == 1)
			continue;
		assert_int_equal(s[1] & 0x3f, 0);	/* 60 Hz */
		out[n].width = w;
		out[n++].height = w * num[s[1] >> 6] / den[s[1] >> 6];
	}
	for (i = 0; cvt && i < 4; i++) {
		const u8 *c = &cvt[6 + 3 * i];
		u32 h = ((c[0] | (c[1] >> 4) << 8) + 1) * 2;

		if (!c[0] && !c[1] && !c[2])
			continue;
		assert_int_equal((c[1] >> 2) & 3, 1);	/* 16:9 */
		out[n].width = h * 16 / 9;
		out[n++].height = h;
	}
	return n;
}

static void assert_valid_block(void)
{
	static const u8 header[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	u8 sum = 0;
	size_t i;

	assert_memory_equal(edid, header, sizeof(header));
	for (i = 0; i < sizeof(edid); i++)
		sum += edid[i];
	assert_int_equal(sum, 0);
	/* "VGD", product code = PCI device id, EDID 1.4, no extensions */
	assert_int_equal(edid[8], 0x58);
	assert_int_equal(edid[9], 0xe4);
	assert_int_equal(edid[10] | edid[11] << 8, VGPU_PCI_DEVICE_ID);
	assert_int_equal(edid[0x12], 1);
	assert_int_equal(edid[0x13], 4);
	assert_int_equal(edid[0x14] & 0x80, 0x80);	/* digital */
	assert_int_equal(edid[0x7e], 0);
}

static void test_header_and_checksum(void **state)
{
	static const u32 sizes[][4] = {
		{ 1024, 768, 1920, 1080 }, { 1920, 1080, 1920, 1080 },
		{ 3840, 2160, 3840, 2160 }, { 640, 480, 640, 480 },
		{ 1366, 768, 3840, 2160 }, { 0, 0, 4095, 2400 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		gen(sizes[i][0], sizes[i][1], sizes[i][2], sizes[i][3]);
		assert_valid_block();
		assert_non_null(descriptor(0xfd));
		assert_memory_equal(descriptor(0xfc) + 5, "vgpu-display\n", 13);
	}
}

/*
 * The preferred mode is the first DTD, with VESA's published CVT-RB
 * timings (CVT 1.2's spreadsheet): the pixel clock within 1% and the
 * totals exact.
 */
static void test_preferred_is_cvt_rb(void **state)
{
	static const struct {
		u32 w, h, clock_khz, htotal, vtotal, vsync;
	} cvt_rb[] = {
		{ 1024, 768, 56000, 1184, 790, 4 },
		{ 1920, 1080, 138500, 2080, 1111, 5 },
		{ 3840, 2160, 533250, 4000, 2222, 5 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cvt_rb) / sizeof(cvt_rb[0]); i++) {
		struct dtd t;
		u32 want = cvt_rb[i].clock_khz;

		gen(cvt_rb[i].w, cvt_rb[i].h, 3840, 2160);
		t = decode_dtd(&edid[0x36]);
		assert_int_equal(t.hactive, cvt_rb[i].w);
		assert_int_equal(t.vactive, cvt_rb[i].h);
		assert_in_range(t.clock_khz, want - want / 100, want + want / 100);
		assert_int_equal(t.hactive + t.hblank, cvt_rb[i].htotal);
		assert_int_equal(t.vactive + t.vblank, cvt_rb[i].vtotal);
		/* CVT-RB: 48 px front porch, 32 px sync, 3 lines front porch */
		assert_int_equal(t.hfront, 48);
		assert_int_equal(t.hsync, 32);
		assert_int_equal(t.vfront, 3);
		assert_int_equal(t.vsync, cvt_rb[i].vsync);
		/* digital separate sync, +hsync, -vsync */
		assert_int_equal(t.flags, 0x1a);
		/* 96 dpi */
		assert_int_equal(t.hmm, (cvt_rb[i].w * 254 + 480) / 960);
		assert_int_equal(t.vmm, (cvt_rb[i].h * 254 + 480) / 960);
		assert_true(edid[0x15] * 10 >= t.hmm);
		assert_true(edid[0x16] * 10 >= t.vmm);
	}
}

/* Sizes that are no multiple of 8 keep their exact width. */
static void test_odd_size(void **state)
{
	struct dtd t;

	(void)state;
	gen(1366, 768, 1920, 1080);
	t = decode_dtd(&edid[0x36]);
	assert_int_equal(t.hactive, 1366);
	assert_int_equal(t.vactive, 768);
	assert_int_equal(t.vsync, 5);	/* CVT calls it 16:9 */
	gen(1001, 999, 1920, 1080);
	t = decode_dtd(&edid[0x36]);
	assert_int_equal(t.hactive, 1001);
	assert_int_equal(t.vactive, 999);
	assert_int_equal(t.vsync, 10);	/* no CVT aspect ratio */
}

static void test_capped_to_max(void **state)
{
	struct dtd t;

	(void)state;
	gen(3840, 2160, 1920, 1080);
	t = decode_dtd(&edid[0x36]);
	assert_int_equal(t.hactive, 1920);
	assert_int_equal(t.vactive, 1080);
	/* Each dimension on its own. */
	gen(1280, 2000, 1920, 1080);
	t = decode_dtd(&edid[0x36]);
	assert_int_equal(t.hactive, 1280);
	assert_int_equal(t.vactive, 1080);
	/* 0 means the maximum. */
	gen(0, 0, 2560, 1440);
	t = decode_dtd(&edid[0x36]);
	assert_int_equal(t.hactive, 2560);
	assert_int_equal(t.vactive, 1440);
	gen(0, 768, 1920, 1080);
	t = decode_dtd(&edid[0x36]);
	assert_int_equal(t.hactive, 1920);
	assert_int_equal(t.vactive, 768);
}

static void test_listed_modes_fit(void **state)
{
	static const u32 sizes[][4] = {
		{ 0, 0, 640, 480 }, { 0, 0, 1024, 768 }, { 0, 0, 1280, 1024 },
		{ 1024, 768, 1920, 1080 }, { 0, 0, 1920, 1080 },
		{ 0, 0, 1920, 1200 }, { 0, 0, 2560, 1440 }, { 0, 0, 3840, 2160 },
		{ 1920, 1080, 3840, 2160 }, { 0, 0, 4095, 2400 },
	};
	struct listed modes[40];
	size_t i;
	int n, j, k;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		struct dtd t;

		gen(sizes[i][0], sizes[i][1], sizes[i][2], sizes[i][3]);
		t = decode_dtd(&edid[0x36]);
		n = listed_modes(modes);
		for (j = 0; j < n; j++) {
			assert_true(modes[j].width <= sizes[i][2]);
			assert_true(modes[j].height <= sizes[i][3]);
			/* one timing per size */
			assert_false(modes[j].width == t.hactive &&
				     modes[j].height == t.vactive);
			for (k = 0; k < j; k++)
				assert_false(modes[j].width == modes[k].width &&
					     modes[j].height == modes[k].height);
		}
	}
	/* Only the preferred mode fits a 640x480 type. */
	gen(0, 0, 640, 480);
	assert_int_equal(listed_modes(modes), 0);
	assert_null(descriptor(0xf8));
	/* A 3840x2160 type lists 12 sizes besides 1920x1080. */
	gen(1920, 1080, 3840, 2160);
	assert_int_equal(listed_modes(modes), 12);
	assert_non_null(descriptor(0xf8));
}

static void test_deterministic(void **state)
{
	u8 a[VGPU_EDID_BLOCK], b[VGPU_EDID_BLOCK];

	(void)state;
	/* Every byte is written, whatever the buffer held. */
	memset(a, 0xaa, sizeof(a));
	memset(b, 0x55, sizeof(b));
	assert_int_equal(vgpu_edid_generate(a, sizeof(a), 1920, 1080, 3840, 2160),
			 VGPU_EDID_BLOCK);
	assert_int_equal(vgpu_edid_generate(b, sizeof(b), 1920, 1080, 3840, 2160),
			 VGPU_EDID_BLOCK);
	assert_memory_equal(a, b, sizeof(a));
}

static void test_refused(void **state)
{
	u8 buf[VGPU_EDID_BLOCK + 1], untouched[sizeof(buf)];

	(void)state;
	memset(buf, 0x5a, sizeof(buf));
	memcpy(untouched, buf, sizeof(buf));
	/* Too small a buffer; a larger one is fine. */
	assert_int_equal(vgpu_edid_generate(buf, VGPU_EDID_BLOCK - 1, 1920, 1080,
					    1920, 1080), 0);
	assert_int_equal(vgpu_edid_generate(buf, 0, 1920, 1080, 1920, 1080), 0);
	/* Below 640x480, above 4095, or a clock over 655.35 MHz. */
	assert_int_equal(vgpu_edid_generate(buf, sizeof(buf), 639, 480, 1920, 1080), 0);
	assert_int_equal(vgpu_edid_generate(buf, sizeof(buf), 640, 479, 1920, 1080), 0);
	assert_int_equal(vgpu_edid_generate(buf, sizeof(buf), 0, 0, 4096, 2160), 0);
	assert_int_equal(vgpu_edid_generate(buf, sizeof(buf), 0, 0, 2560, 4096), 0);
	assert_int_equal(vgpu_edid_generate(buf, sizeof(buf), 0, 0, 4095, 2600), 0);
	assert_int_equal(vgpu_edid_generate(buf, sizeof(buf), 0, 0, 600, 400), 0);
	assert_memory_equal(buf, untouched, sizeof(buf));
	/* The edges themselves are fine. */
	assert_int_equal(vgpu_edid_generate(buf, sizeof(buf), 640, 480, 640, 480),
			 VGPU_EDID_BLOCK);
	assert_int_equal(buf[VGPU_EDID_BLOCK], 0x5a);
	assert_int_equal(vgpu_edid_generate(buf, sizeof(buf), 4095, 2400, 4095, 4095),
			 VGPU_EDID_BLOCK);
	/* A big type still makes EDIDs for sizes that fit. */
	assert_int_equal(vgpu_edid_generate(buf, sizeof(buf), 1920, 1080, 8192, 8192),
			 VGPU_EDID_BLOCK);
}

/* The range limits hold the preferred timing's clock and rates. */
static void test_range_covers_preferred(void **state)
{
	static const u32 sizes[][2] = {
		{ 640, 480 }, { 1024, 768 }, { 1366, 768 }, { 1920, 1080 },
		{ 2560, 1440 }, { 3840, 2160 }, { 4095, 2400 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		const u8 *r;
		struct dtd t;
		u32 htotal, vtotal;

		gen(sizes[i][0], sizes[i][1], 4095, 4095);
		t = decode_dtd(&edid[0x36]);
		r = descriptor(0xfd);
		assert_non_null(r);
		assert_int_equal(r[4], 0);	/* no +255 offsets */
		htotal = t.hactive + t.hblank;
		vtotal = t.vactive + t.vblank;
		assert_true(r[9] * 10000u >= t.clock_khz);
		/* kHz, then Hz, compared as products to stay exact */
		assert_true(r[7] * htotal <= t.clock_khz);
		assert_true(r[8] * htotal >= t.clock_khz);
		assert_true(r[5] * htotal * vtotal <= t.clock_khz * 1000);
		assert_true(r[6] * htotal * vtotal >= t.clock_khz * 1000);
	}
}

static int dump(const char *dir)
{
	static const u32 sizes[][4] = {
		{ 1024, 768, 1920, 1080 }, { 1920, 1080, 1920, 1080 },
		{ 3840, 2160, 3840, 2160 }, { 640, 480, 640, 480 },
		{ 1366, 768, 3840, 2160 }, { 1920, 1080, 3840, 2160 },
		{ 4095, 2400, 4095, 2400 },
	};
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		char path[4096];
		FILE *f;

		if (vgpu_edid_generate(edid, sizeof(edid), sizes[i][0], sizes[i][1],
				       sizes[i][2], sizes[i][3]) != VGPU_EDID_BLOCK) {
			fprintf(stderr, "test_edid: no EDID for %ux%u\n",
				sizes[i][0], sizes[i][1]);
			return 1;
		}
		snprintf(path, sizeof(path), "%s/%ux%u-in-%ux%u.bin", dir,
			 sizes[i][0], sizes[i][1], sizes[i][2], sizes[i][3]);
		f = fopen(path, "wb");
		if (!f || fwrite(edid, sizeof(edid), 1, f) != 1 || fclose(f)) {
			perror(path);
			return 1;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_header_and_checksum),
		cmocka_unit_test(test_preferred_is_cvt_rb),
		cmocka_unit_test(test_odd_size),
		cmocka_unit_test(test_capped_to_max),
		cmocka_unit_test(test_listed_modes_fit),
		cmocka_unit_test(test_deterministic),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_range_covers_preferred),
	};

	if (argc == 3 && !strcmp(argv[1], "--dump"))
		return dump(argv[2]);
	return cmocka_run_group_tests_name("edid", tests, NULL, NULL);
}
