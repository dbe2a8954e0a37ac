// SPDX-License-Identifier: GPL-2.0 OR MIT
/*
 * The vGPU's monitor: an EDID 1.4 base block for a digital monitor whose
 * preferred mode is the size the VMM asks for, up to the type's maximum.
 * Pure, so the unit tests and edid-decode can check the very bytes the
 * module hands out.
 *
 * The preferred mode is a detailed timing computed with the VESA CVT
 * reduced-blanking (v1) formula at 60 Hz: there is no real panel, so the
 * timing only has to be one every guest accepts, and reduced blanking keeps
 * the pixel clock of large modes within what a detailed timing can say.
 * The common smaller modes that fit the type are listed too, so a guest can
 * switch to them without inventing modes of its own: each in the most
 * widely read encoding that can describe it (established timings, then
 * standard timings, then CVT 3-byte codes).
 */
#include <linux/types.h>
#include <linux/bits.h>
#include <linux/string.h>

#include "vgpu_hw.h"

/*
 * The manufacturer id, three letters in the PNP style. "VGD" is not
 * registered with the UEFI Forum's PNP ID registry: like the PCI vendor id
 * it names this project only. Each letter is 5 bits, 'A' = 1.
 */
#define VGPU_EDID_MFG		(('V' - '@') << 10 | ('G' - '@') << 5 | ('D' - '@'))
/* A fixed date, never the build's, so the bytes never change. */
#define VGPU_EDID_WEEK		1
#define VGPU_EDID_YEAR		2024

#define VGPU_EDID_REFRESH	60
/* The monitor's pixel density, for the physical sizes EDID wants. */
#define VGPU_EDID_DPI		96

/* Descriptor tags (EDID 1.4, section 3.10.3). */
#define VGPU_EDID_TAG_NAME	0xfc
#define VGPU_EDID_TAG_RANGE	0xfd
#define VGPU_EDID_TAG_CVT	0xf8
#define VGPU_EDID_TAG_DUMMY	0x10

#define VGPU_EDID_STD_SLOTS	8
#define VGPU_EDID_CVT_SLOTS	4

/**
 * enum vgpu_edid_kind - where in the base block a listed mode goes
 * @VGPU_EDID_EST: an established timing bit, which every reader knows
 * @VGPU_EDID_STD: a standard timing: width, aspect ratio and refresh rate,
 *	read as the VESA DMT timing of that size
 * @VGPU_EDID_CVT: a CVT 3-byte code in a descriptor, for modes wider than
 *	a standard timing can say (2288 pixels)
 */
enum vgpu_edid_kind {
	VGPU_EDID_EST,
	VGPU_EDID_STD,
	VGPU_EDID_CVT,
};

/**
 * struct vgpu_edid_mode - a mode the EDID lists besides the preferred one
 * @width: in pixels
 * @height: in lines
 * @clock_khz: pixel clock of the timing a reader derives from the entry:
 *	DMT's for established and standard timings, CVT's (normal blanking)
 *	for CVT codes; the range limits must cover it
 * @htotal: pixels per line, blanking included
 * @vtotal: lines per frame, blanking included
 * @kind: how the mode is encoded
 * @code: for @VGPU_EDID_EST the bit over bytes 0x23..0x25 (bit 0 is 0x25
 *	bit 0), otherwise the aspect ratio in the encoding's own numbering
 */
struct vgpu_edid_mode {
	u16 width;
	u16 height;
	u32 clock_khz;
	u16 htotal;
	u16 vtotal;
	u8 kind;
	u8 code;
};

/* Established timing bits, counted from byte 0x25 bit 0 up to 0x23 bit 7. */
#define VGPU_EDID_EST_BIT(byte, bit)	((0x25 - (byte)) * 8 + (bit))

/* Standard timing aspect ratios (bits 7:6 of the second byte, EDID 1.4). */
#define VGPU_EDID_STD_16_10	0
#define VGPU_EDID_STD_4_3	1
#define VGPU_EDID_STD_5_4	2
#define VGPU_EDID_STD_16_9	3

/* CVT 3-byte code aspect ratios (bits 3:2 of the second byte). */
#define VGPU_EDID_CVT_16_9	1

/*
 * The candidates, all at 60 Hz, smallest first. 1366x768 is missing on
 * purpose: a standard timing's width is a multiple of 8 and its height
 * follows from one of four aspect ratios, so the closest it can say is
 * 1360x765, and a CVT code says 1360x768; neither is 1366x768.
 */
static const struct vgpu_edid_mode vgpu_edid_modes[] = {
	{ 640, 480, 25175, 800, 525, VGPU_EDID_EST, VGPU_EDID_EST_BIT(0x23, 5) },
	{ 800, 600, 40000, 1056, 628, VGPU_EDID_EST, VGPU_EDID_EST_BIT(0x23, 0) },
	{ 1024, 768, 65000, 1344, 806, VGPU_EDID_EST, VGPU_EDID_EST_BIT(0x24, 3) },
	{ 1280, 720, 74250, 1650, 750, VGPU_EDID_STD, VGPU_EDID_STD_16_9 },
	{ 1280, 800, 83500, 1680, 831, VGPU_EDID_STD, VGPU_EDID_STD_16_10 },
	{ 1280, 1024, 108000, 1688, 1066, VGPU_EDID_STD, VGPU_EDID_STD_5_4 },
	{ 1440, 900, 106500, 1904, 934, VGPU_EDID_STD, VGPU_EDID_STD_16_10 },
	{ 1600, 900, 108000, 1800, 1000, VGPU_EDID_STD, VGPU_EDID_STD_16_9 },
	{ 1680, 1050, 146250, 2240, 1089, VGPU_EDID_STD, VGPU_EDID_STD_16_10 },
	{ 1920, 1080, 148500, 2200, 1125, VGPU_EDID_STD, VGPU_EDID_STD_16_9 },
	{ 1920, 1200, 193250, 2592, 1245, VGPU_EDID_STD, VGPU_EDID_STD_16_10 },
	{ 2560, 1440, 312250, 3488, 1493, VGPU_EDID_CVT, VGPU_EDID_CVT_16_9 },
	{ 3840, 2160, 712750, 5312, 2237, VGPU_EDID_CVT, VGPU_EDID_CVT_16_9 },
	{ 0 }
};

/**
 * struct vgpu_edid_timing - a timing as a detailed timing descriptor says it
 * @clock: pixel clock in 10 kHz units
 * @hactive: visible pixels per line
 * @hblank: blanking pixels per line
 * @hfront: pixels from the end of the visible line to horizontal sync
 * @hsync: horizontal sync width in pixels
 * @vactive: visible lines
 * @vblank: blanking lines
 * @vfront: lines from the last visible line to vertical sync
 * @vsync: vertical sync width in lines
 */
struct vgpu_edid_timing {
	u32 clock;
	u32 hactive;
	u32 hblank;
	u32 hfront;
	u32 hsync;
	u32 vactive;
	u32 vblank;
	u32 vfront;
	u32 vsync;
};

/**
 * struct vgpu_edid_range - the frequencies the listed timings span
 * @min_v: lowest vertical rate, Hz, rounded down
 * @max_v: highest vertical rate, Hz, rounded up
 * @min_h: lowest horizontal rate, kHz, rounded down
 * @max_h: highest horizontal rate, kHz, rounded up
 * @max_clock_khz: highest pixel clock
 */
struct vgpu_edid_range {
	u32 min_v;
	u32 max_v;
	u32 min_h;
	u32 max_h;
	u32 max_clock_khz;
};

/*
 * The vertical sync width CVT gives each aspect ratio, which is how a
 * reader can tell a CVT timing's aspect ratio; 10 lines for any other.
 * CVT compares widths in whole 8-pixel cells, so 1366x768 counts as 16:9
 * (768 * 16 / 9 and 1366 are both 1360 in cells).
 */
static u32 vgpu_edid_cvt_vsync(u32 width, u32 height)
{
	static const struct {
		u32 num, den, vsync;
	} aspects[] = {
		{ 4, 3, 4 }, { 16, 9, 5 }, { 16, 10, 6 }, { 5, 4, 7 }, { 15, 9, 7 },
		{ 0 }
	};
	u32 cells = width & ~7u;
	u32 i;

	for (i = 0; aspects[i].num; i++)
		if (((height * aspects[i].num / aspects[i].den) & ~7u) == cells)
			return aspects[i].vsync;
	return 10;
}

/*
 * VESA CVT 1.2, reduced blanking (v1), 60 Hz, progressive, no margins. In
 * integers: the formula's estimated line period is (1/60 s - 460 us) /
 * height, so the 460 us minimum vertical blank is
 * 460 * 60 * height / (10^6 - 460 * 60) = 69 * height / 2431 lines.
 *
 * CVT rounds the width down to its 8-pixel cell; the active width here is
 * the exact one, so the guest's mode is the size asked for, and the
 * blanking (and so the clock) is CVT's.
 */
static void vgpu_edid_cvt_rb(u32 width, u32 height, struct vgpu_edid_timing *t)
{
	const u32 hblank = 160, hsync = 32, hfront = 48;
	const u32 vfront = 3, min_vback = 6;
	u32 vsync = vgpu_edid_cvt_vsync(width, height);
	u32 vblank = 69 * height / 2431 + 1;
	u32 htotal, vtotal;

	if (vblank < vfront + vsync + min_vback)
		vblank = vfront + vsync + min_vback;
	htotal = width + hblank;
	vtotal = height + vblank;

	t->hactive = width;
	t->hblank = hblank;
	t->hfront = hfront;
	t->hsync = hsync;
	t->vactive = height;
	t->vblank = vblank;
	t->vfront = vfront;
	t->vsync = vsync;
	/*
	 * Rounded down to CVT's 0.25 MHz step. At most 4095 + 160 pixels by
	 * 4095 + 117 lines at 60 Hz: 1.08 * 10^9 fits in a u32.
	 */
	t->clock = VGPU_EDID_REFRESH * htotal * vtotal / 250000 * 25;
}

/* Widen @r to cover a timing; the caller's clock is in kHz. */
static void vgpu_edid_range_add(struct vgpu_edid_range *r, u32 clock_khz,
				u32 htotal, u32 vtotal)
{
	u32 frame = htotal * vtotal;
	u32 v_lo = clock_khz * 1000 / frame;
	u32 v_hi = (clock_khz * 1000 + frame - 1) / frame;
	u32 h_lo = clock_khz / htotal;
	u32 h_hi = (clock_khz + htotal - 1) / htotal;

	if (!r->max_clock_khz) {
		r->min_v = v_lo;
		r->max_v = v_hi;
		r->min_h = h_lo;
		r->max_h = h_hi;
	}
	if (v_lo < r->min_v)
		r->min_v = v_lo;
	if (v_hi > r->max_v)
		r->max_v = v_hi;
	if (h_lo < r->min_h)
		r->min_h = h_lo;
	if (h_hi > r->max_h)
		r->max_h = h_hi;
	if (clock_khz > r->max_clock_khz)
		r->max_clock_khz = clock_khz;
}

/* Millimetres for @pixels at the monitor's density, rounded. */
static u32 vgpu_edid_mm(u32 pixels)
{
	return (pixels * 254 + VGPU_EDID_DPI * 5) / (VGPU_EDID_DPI * 10);
}

/* A detailed timing descriptor (EDID 1.4, section 3.10.2). */
static void vgpu_edid_dtd(u8 *d, const struct vgpu_edid_timing *t)
{
	u32 hmm = vgpu_edid_mm(t->hactive), vmm = vgpu_edid_mm(t->vactive);

	d[0] = t->clock & 0xff;
	d[1] = t->clock >> 8;
	d[2] = t->hactive & 0xff;
	d[3] = t->hblank & 0xff;
	d[4] = (t->hactive >> 8) << 4 | t->hblank >> 8;
	d[5] = t->vactive & 0xff;
	d[6] = t->vblank & 0xff;
	d[7] = (t->vactive >> 8) << 4 | t->vblank >> 8;
	d[8] = t->hfront & 0xff;
	d[9] = t->hsync & 0xff;
	d[10] = (t->vfront & 0xf) << 4 | (t->vsync & 0xf);
	d[11] = (t->hfront >> 8) << 6 | (t->hsync >> 8) << 4 |
		(t->vfront >> 4) << 2 | t->vsync >> 4;
	d[12] = hmm & 0xff;
	d[13] = vmm & 0xff;
	d[14] = (hmm >> 8) << 4 | vmm >> 8;
	/* No borders; digital separate sync, +hsync -vsync as CVT-RB has. */
	d[17] = 0x18 | BIT(1);
}

/* The display range limits descriptor, "range limits only". */
static void vgpu_edid_range_desc(u8 *d, const struct vgpu_edid_range *r)
{
	d[3] = VGPU_EDID_TAG_RANGE;
	d[5] = r->min_v;
	d[6] = r->max_v;
	d[7] = r->min_h;
	d[8] = r->max_h;
	d[9] = (r->max_clock_khz + 9999) / 10000;	/* 10 MHz units */
	/*
	 * No GTF or CVT formula: the monitor takes the modes listed and no
	 * others (the base block does not claim continuous frequencies).
	 */
	d[10] = 0x01;
	d[11] = 0x0a;
	memset(&d[12], ' ', 6);
}

/* The monitor name descriptor: up to 13 bytes, ended by a newline. */
static void vgpu_edid_name_desc(u8 *d)
{
	static const char name[] = "vgpu-display";

	d[3] = VGPU_EDID_TAG_NAME;
	memset(&d[5], ' ', 13);
	memcpy(&d[5], name, sizeof(name) - 1);
	d[5 + sizeof(name) - 1] = 0x0a;
}

/*
 * The fields that describe the monitor rather than its modes: identity,
 * version, a digital 8-bit RGB input and sRGB colour.
 */
static void vgpu_edid_identity(u8 *blob, u32 hmm, u32 vmm)
{
	/*
	 * sRGB's primaries and white point (IEC 61966-2-1) in EDID's 10-bit
	 * fractions, red x, y, green x, y, blue x, y, white x, y; sRGB is
	 * the default colour space (byte 0x18 bit 2), so they must agree.
	 */
	static const u16 chroma[8] = { 655, 338, 307, 614, 154, 61, 320, 337 };
	static const u8 header[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	u32 i;

	memcpy(blob, header, sizeof(header));
	blob[0x08] = VGPU_EDID_MFG >> 8;	/* big-endian, unlike the rest */
	blob[0x09] = VGPU_EDID_MFG & 0xff;
	blob[0x0a] = VGPU_PCI_DEVICE_ID & 0xff;
	blob[0x0b] = VGPU_PCI_DEVICE_ID >> 8;
	/* 0x0c..0x0f: serial number 0, "not used" */
	blob[0x10] = VGPU_EDID_WEEK;
	blob[0x11] = VGPU_EDID_YEAR - 1990;
	blob[0x12] = 1;
	blob[0x13] = 4;
	/* Digital input, 8 bits per colour, interface not defined. */
	blob[0x14] = 0x80 | 2 << 4;
	/* The screen in centimetres, rounded up to hold the image. */
	blob[0x15] = (hmm + 9) / 10;
	blob[0x16] = (vmm + 9) / 10;
	blob[0x17] = 220 - 100;	/* gamma 2.2 */
	/*
	 * RGB 4:4:4 only, sRGB default colour space, the preferred timing is
	 * the native mode; no DPMS (nothing to save power on), and not
	 * continuous frequency: only the listed modes.
	 */
	blob[0x18] = BIT(2) | BIT(1);
	for (i = 0; i < 8; i++)
		blob[0x19 + i / 4] |= (chroma[i] & 3) << (6 - 2 * (i % 4));
	for (i = 0; i < 8; i++)
		blob[0x1b + i] = chroma[i] >> 2;
}

/**
 * vgpu_edid_generate() - the vGPU's default EDID
 * @blob: where to write it
 * @max_size: bytes at @blob
 * @width: the preferred mode's width; 0 for @max_width, capped to it
 * @height: the preferred mode's height; 0 for @max_height, capped to it
 * @max_width: the widest mode the vGPU's type shows
 * @max_height: the tallest mode the vGPU's type shows
 *
 * Writes one EDID 1.4 base block (no extensions) for a digital monitor
 * named "vgpu-display" whose preferred mode is @width x @height at 60 Hz,
 * as a CVT reduced-blanking detailed timing. It also lists the common
 * 60 Hz modes up to @max_width x @max_height other than the preferred one,
 * and a range limits descriptor that covers every listed mode. The same
 * arguments give the same bytes: nothing depends on the time or the host.
 *
 * The preferred mode must be between 640x480, the smallest mode VGA and
 * every guest's display stack assume a monitor shows, and 4095x4095, the
 * most a detailed timing's 12-bit fields can say; and its pixel clock must
 * fit the descriptor's 16 bits of 10 kHz (655.35 MHz: 3840x2400 fits,
 * 4095x2600 does not).
 *
 * Return: VGPU_EDID_BLOCK, the bytes written; or 0 when @max_size is less
 * than that or the mode is out of range, with nothing written.
 */
u32 vgpu_edid_generate(u8 *blob, u32 max_size, u32 width, u32 height,
		       u32 max_width, u32 max_height)
{
	struct vgpu_edid_range range = { 0 };
	const struct vgpu_edid_mode *m;
	struct vgpu_edid_timing pref, t;
	u32 std = 0, cvt = 0, i;
	u8 *cvt_desc;
	u8 sum = 0;

	if (max_size < VGPU_EDID_BLOCK)
		return 0;
	if (!width || width > max_width)
		width = max_width;
	if (!height || height > max_height)
		height = max_height;
	if (width < VGPU_EDID_MIN_WIDTH || height < VGPU_EDID_MIN_HEIGHT ||
	    width > VGPU_EDID_MAX_WIDTH || height > VGPU_EDID_MAX_HEIGHT)
		return 0;
	vgpu_edid_cvt_rb(width, height, &pref);
	if (pref.clock > 0xffff)
		return 0;

	memset(blob, 0, VGPU_EDID_BLOCK);
	vgpu_edid_identity(blob, vgpu_edid_mm(width), vgpu_edid_mm(height));
	vgpu_edid_range_add(&range, pref.clock * 10, width + pref.hblank,
			    height + pref.vblank);

	/* Unused standard timings are 01 01, not zeroes. */
	memset(&blob[0x26], 0x01, 2 * VGPU_EDID_STD_SLOTS);
	/* Descriptor 4 holds the CVT codes, filled below if any fit. */
	cvt_desc = &blob[0x36 + 3 * 18];
	for (m = vgpu_edid_modes; m->width; m++) {
		u8 *c;

		/* One timing per size: the preferred mode's is the DTD. */
		if (m->width > max_width || m->height > max_height ||
		    (m->width == width && m->height == height))
			continue;
		switch (m->kind) {
		case VGPU_EDID_EST:
			blob[0x25 - m->code / 8] |= BIT(m->code % 8);
			break;
		case VGPU_EDID_STD:
			if (std == VGPU_EDID_STD_SLOTS)
				continue;
			blob[0x26 + 2 * std] = m->width / 8 - 31;
			blob[0x27 + 2 * std] = m->code << 6 |
					       (VGPU_EDID_REFRESH - 60);
			std++;
			break;
		case VGPU_EDID_CVT:
			if (cvt == VGPU_EDID_CVT_SLOTS)
				continue;
			/*
			 * 60 Hz with normal and with reduced blanking: the
			 * reduced one is CVT's advice for flat panels, but
			 * Linux (6.1's drm_cvt_modes()) reads only the
			 * normal-blanking bits.
			 */
			c = &cvt_desc[6 + 3 * cvt];
			c[0] = (m->height / 2 - 1) & 0xff;
			c[1] = ((m->height / 2 - 1) >> 8) << 4 | m->code << 2;
			c[2] = 1 << 5 |		/* preferred: 60 Hz */
			       BIT(3) | BIT(0);	/* 60 Hz, 60 Hz RB */
			cvt++;
			vgpu_edid_cvt_rb(m->width, m->height, &t);
			vgpu_edid_range_add(&range, t.clock * 10,
					    m->width + t.hblank,
					    m->height + t.vblank);
			break;
		}
		vgpu_edid_range_add(&range, m->clock_khz, m->htotal, m->vtotal);
	}

	vgpu_edid_dtd(&blob[0x36], &pref);
	vgpu_edid_range_desc(&blob[0x36 + 18], &range);
	vgpu_edid_name_desc(&blob[0x36 + 2 * 18]);
	if (cvt) {
		cvt_desc[3] = VGPU_EDID_TAG_CVT;
		cvt_desc[5] = 1;	/* version */
	} else {
		/* Nothing to say: a dummy descriptor, as EDID 1.4 asks. */
		cvt_desc[3] = VGPU_EDID_TAG_DUMMY;
	}

	/* 0x7e: no extension blocks. The checksum makes the sum 0 mod 256. */
	for (i = 0; i < VGPU_EDID_BLOCK - 1; i++)
		sum += blob[i];
	blob[VGPU_EDID_BLOCK - 1] = -sum;
	return VGPU_EDID_BLOCK;
}
