// SPDX-License-Identifier: GPL-2.0
/*
 * The test guest's pictures. Each is built so that a host-side mistake
 * shows: colour bars catch swapped channels, gradients catch a wrong
 * format, the two-ring border and the four different corner squares catch
 * an offset, crop or mirror, the big letter says which buffer is shown,
 * and the poisoned padding past the width catches a wrong stride.
 * Integers only: the guest runs with no FPU state set up.
 */
#include "picture.h"

#define OPAQUE		0xff000000u
#define BLACK		(OPAQUE | 0x000000)
#define WHITE		(OPAQUE | 0xffffff)
#define RED		(OPAQUE | 0xff0000)
#define GREEN		(OPAQUE | 0x00ff00)
#define BLUE		(OPAQUE | 0x0000ff)
#define YELLOW		(OPAQUE | 0xffff00)
#define CYAN		(OPAQUE | 0x00ffff)
#define MAGENTA		(OPAQUE | 0xff00ff)
#define ORANGE		(OPAQUE | 0xff8000)
#define TRANSPARENT	0x00000000u

#define CORNER		8	/* side of the corner squares */
#define CHECKER		8	/* side of a checkerboard cell */
#define GLYPH_SCALE	6	/* a 5x7 glyph becomes 30x42 */

const struct pic_phase pic_phases[PIC_NR_PHASES] = {
	{ 'A',  40,  30 },
	{ 'B', 200, 150 },
	{ 'A', -10,  -8 },	/* off the top-left: the arrow's tip is cut */
	{ 'B', 310, 225 },	/* at the bottom-right: its tail is cut */
};

/* A picture being drawn: every helper clips to it. */
struct canvas {
	uint32_t *px;
	int32_t w;
	int32_t h;
	uint32_t stride;
};

static const uint32_t bars[8] = {
	WHITE, YELLOW, CYAN, GREEN, MAGENTA, RED, BLUE, BLACK,
};

/* 5x7 glyphs, one byte a row, bit 4 leftmost. */
static const uint8_t glyph_a[7] = { 0x0e, 0x11, 0x11, 0x1f, 0x11, 0x11, 0x11 };
static const uint8_t glyph_b[7] = { 0x1e, 0x11, 0x11, 0x1e, 0x11, 0x11, 0x1e };

/*
 * The arrow, in pixel corners relative to the hotspot: tip at (0,0). No
 * edge runs at 45 degrees, so no pixel centre sits on one.
 */
static const int8_t arrow[][2] = {
	{ 0, 0 }, { 0, 30 }, { 7, 24 }, { 12, 36 }, { 17, 34 }, { 12, 22 },
	{ 21, 22 },
};

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t grey(uint32_t v)
{
	return OPAQUE | v << 16 | v << 8 | v;
}

/* 0 at @pos 0, 255 at @pos @len - 1. */
static uint32_t ramp(int32_t pos, int32_t len)
{
	return len > 1 ? (uint32_t)(pos * 255 / (len - 1)) : 255;
}

/* A ramp of @v in the channels of @mask (0xff0000 for red...). */
static uint32_t tint(uint32_t mask, uint32_t v)
{
	return OPAQUE | (grey(v) & mask);
}

static void put(struct canvas *c, int32_t x, int32_t y, uint32_t v)
{
	if (x >= 0 && y >= 0 && x < c->w && y < c->h)
		c->px[(uint32_t)y * c->stride + (uint32_t)x] = v;
}

/* Fill [x0, x1) x [y0, y1). */
static void fill(struct canvas *c, int32_t x0, int32_t y0, int32_t x1,
		 int32_t y1, uint32_t v)
{
	int32_t x, y;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			put(c, x, y, v);
}

static void fill_padding(struct canvas *c)
{
	uint32_t x;
	int32_t y;

	for (y = 0; y < c->h; y++)
		for (x = (uint32_t)c->w; x < c->stride; x++)
			c->px[(uint32_t)y * c->stride + x] = PIC_POISON;
}

/* Eight colour bars side by side across [x0, x1) x [y0, y1). */
static void bars_across(struct canvas *c, int32_t x0, int32_t y0, int32_t x1,
			int32_t y1)
{
	int32_t i, n = x1 - x0;

	for (i = 0; i < 8; i++)
		fill(c, x0 + n * i / 8, y0, x0 + n * (i + 1) / 8, y1, bars[i]);
}

/* Eight colour bars stacked down [x0, x1) x [y0, y1), black on top. */
static void bars_down(struct canvas *c, int32_t x0, int32_t y0, int32_t x1,
		      int32_t y1)
{
	int32_t i, n = y1 - y0;

	for (i = 0; i < 8; i++)
		fill(c, x0, y0 + n * i / 8, x1, y0 + n * (i + 1) / 8, bars[7 - i]);
}

static const uint32_t ramp_masks[4] = { 0xff0000, 0x00ff00, 0x0000ff, 0xffffff };

/* Red, green, blue and grey bands stacked down, dark at the left. */
static void ramps_across(struct canvas *c, int32_t x0, int32_t y0, int32_t x1,
			 int32_t y1)
{
	int32_t x, y, n = y1 - y0;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			put(c, x, y, tint(ramp_masks[(y - y0) * 4 / n],
					  ramp(x - x0, x1 - x0)));
}

/* Red, green, blue and grey columns side by side, bright at the top. */
static void ramps_down(struct canvas *c, int32_t x0, int32_t y0, int32_t x1,
		       int32_t y1)
{
	int32_t x, y, n = x1 - x0;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			put(c, x, y, tint(ramp_masks[(x - x0) * 4 / n],
					  255 - ramp(y - y0, y1 - y0)));
}

static void checkerboard(struct canvas *c, int32_t x0, int32_t y0, int32_t x1,
			 int32_t y1)
{
	int32_t x, y;

	for (y = y0; y < y1; y++)
		for (x = x0; x < x1; x++)
			put(c, x, y, ((x / CHECKER + y / CHECKER) & 1) ? WHITE : BLACK);
}

/* One-pixel rings: @outer along the edges, @inner just inside. */
static void border(struct canvas *c, uint32_t outer, uint32_t inner)
{
	int32_t ring;

	for (ring = 0; ring < 2; ring++) {
		uint32_t v = ring ? inner : outer;

		fill(c, ring, ring, c->w - ring, ring + 1, v);
		fill(c, ring, c->h - ring - 1, c->w - ring, c->h - ring, v);
		fill(c, ring, ring, ring + 1, c->h - ring, v);
		fill(c, c->w - ring - 1, ring, c->w - ring, c->h - ring, v);
	}
}

/* A square in each corner, inside the border, each its own colour. */
static void corners(struct canvas *c, const uint32_t colour[4])
{
	int32_t l = 2, t = 2, r = c->w - 2 - CORNER, b = c->h - 2 - CORNER;

	fill(c, l, t, l + CORNER, t + CORNER, colour[0]);
	fill(c, r, t, r + CORNER, t + CORNER, colour[1]);
	fill(c, l, b, l + CORNER, b + CORNER, colour[2]);
	fill(c, r, b, r + CORNER, b + CORNER, colour[3]);
}

/* A big black letter on a white box centred on (cx, cy). */
static void letter(struct canvas *c, const uint8_t glyph[7], int32_t cx,
		   int32_t cy)
{
	int32_t w = 5 * GLYPH_SCALE, h = 7 * GLYPH_SCALE;
	int32_t x0 = cx - w / 2, y0 = cy - h / 2, row, col;

	fill(c, x0 - GLYPH_SCALE, y0 - GLYPH_SCALE, x0 + w + GLYPH_SCALE,
	     y0 + h + GLYPH_SCALE, WHITE);
	for (row = 0; row < 7; row++)
		for (col = 0; col < 5; col++)
			if (glyph[row] & (0x10 >> col))
				fill(c, x0 + col * GLYPH_SCALE,
				     y0 + row * GLYPH_SCALE,
				     x0 + (col + 1) * GLYPH_SCALE,
				     y0 + (row + 1) * GLYPH_SCALE, BLACK);
}

/* A: bars across the top half, ramps across the bottom half. */
static void draw_a(struct canvas *c)
{
	static const uint32_t corner[4] = { RED, GREEN, BLUE, YELLOW };

	bars_across(c, 0, 0, c->w, c->h / 2);
	ramps_across(c, 0, c->h / 2, c->w, c->h);
	border(c, WHITE, BLACK);
	corners(c, corner);
	letter(c, glyph_a, c->w / 2, c->h / 4);
}

/* B: bars down the left half, ramps and a checkerboard on the right. */
static void draw_b(struct canvas *c)
{
	static const uint32_t corner[4] = { CYAN, MAGENTA, GREEN, RED };

	bars_down(c, 0, 0, c->w / 2, c->h);
	ramps_down(c, c->w / 2, 0, c->w, c->h / 2);
	checkerboard(c, c->w / 2, c->h / 2, c->w, c->h);
	border(c, YELLOW, BLUE);
	corners(c, corner);
	letter(c, glyph_b, c->w / 4, c->h / 2);
}

int pic_draw(char which, uint32_t *px, uint32_t width, uint32_t height,
	     uint32_t stride)
{
	struct canvas c = { px, (int32_t)width, (int32_t)height, stride };

	if (which == 'A')
		draw_a(&c);
	else if (which == 'B')
		draw_b(&c);
	else
		return -1;
	fill_padding(&c);
	return 0;
}

/* Is the centre of pixel (u, v), relative to the hotspot, in the arrow? */
static int arrow_inside(int32_t u, int32_t v)
{
	/* In half pixels, so that the centre has integer coordinates. */
	int32_t px = 2 * u + 1, py = 2 * v + 1;
	uint32_t i, j, n = ARRAY_LEN(arrow);
	int inside = 0;

	for (i = 0, j = n - 1; i < n; j = i++) {
		int32_t xi = 2 * arrow[i][0], yi = 2 * arrow[i][1];
		int32_t xj = 2 * arrow[j][0], yj = 2 * arrow[j][1];
		int32_t lhs, rhs;

		if ((yi > py) == (yj > py))
			continue;
		/* Does the edge cross the ray from the centre to the right? */
		lhs = (px - xi) * (yj - yi);
		rhs = (py - yi) * (xj - xi);
		if (yj > yi ? lhs < rhs : lhs > rhs)
			inside = !inside;
	}
	return inside;
}

/* Inside: the fill; outside but touching the inside: the outline. */
static uint32_t cursor_pixel(int32_t u, int32_t v)
{
	if (arrow_inside(u, v))
		return ORANGE;
	if (arrow_inside(u - 1, v) || arrow_inside(u + 1, v) ||
	    arrow_inside(u, v - 1) || arrow_inside(u, v + 1))
		return BLACK;
	return TRANSPARENT;
}

void pic_draw_cursor(uint32_t *px, uint32_t stride)
{
	int32_t x, y;

	for (y = 0; y < PIC_CURSOR_SIZE; y++)
		for (x = 0; x < PIC_CURSOR_SIZE; x++)
			px[(uint32_t)y * stride + (uint32_t)x] =
				cursor_pixel(x - PIC_HOT_X, y - PIC_HOT_Y);
}

int32_t pic_cursor_left(const struct pic_phase *phase)
{
	return phase->x - PIC_HOT_X;
}

int32_t pic_cursor_top(const struct pic_phase *phase)
{
	return phase->y - PIC_HOT_Y;
}
