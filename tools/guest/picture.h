/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the test guest shows: the mode, its two pictures, its cursor and the
 * schedule it follows. Pure C over <stdint.h>, so that the same source
 * builds into the freestanding guest and into the host program
 * vgpu-guest-picture, which writes the images the host should see.
 */
#ifndef GUEST_PICTURE_H
#define GUEST_PICTURE_H

#include <stdint.h>

/* The mode, in one place: the guest programs it, the host program draws it. */
#define PIC_WIDTH	320
#define PIC_HEIGHT	240
/*
 * Row pitch in pixels. Wider than the mode so that a host taking width * 4
 * for the stride shows a sheared picture; a multiple of 16 pixels because
 * PLANE_STRIDE counts 64-byte units. The padding holds PIC_POISON.
 */
#define PIC_STRIDE	(PIC_WIDTH + 32)
#define PIC_POISON	0xffc0ffeeu

/* The cursor: 64x64 ARGB8888 (CURCNTR mode 0x27), hotspot at its tip. */
#define PIC_CURSOR_SIZE	64
#define PIC_HOT_X	9
#define PIC_HOT_Y	5

/* Default time each phase is shown. */
#define PIC_PERIOD_MS	1000

/**
 * struct pic_phase - one step of the guest's schedule
 * @buffer: the picture on the primary plane, 'A' or 'B'
 * @x: where the cursor's hotspot is on the pipe; may be off the picture
 * @y: likewise
 */
struct pic_phase {
	char buffer;
	int32_t x;
	int32_t y;
};

#define PIC_NR_PHASES	4
extern const struct pic_phase pic_phases[PIC_NR_PHASES];

/*
 * Draw picture @which ('A' or 'B') into @px: @width x @height pixels of
 * XRGB8888 (X = 0xff), rows @stride pixels apart; pixels past @width in a
 * row get PIC_POISON. Returns 0, or -1 for an unknown @which.
 */
int pic_draw(char which, uint32_t *px, uint32_t width, uint32_t height,
	     uint32_t stride);

/*
 * Draw the cursor into @px: PIC_CURSOR_SIZE square ARGB8888, rows @stride
 * pixels apart. Alpha is 0 or 255 only, and a transparent pixel is
 * 0x00000000, so straight and premultiplied alpha blend it the same.
 */
void pic_draw_cursor(uint32_t *px, uint32_t stride);

/*
 * Where to put the cursor image's top-left corner (CURPOS) so that its
 * hotspot lands on @phase's position, as a plane at CURPOS is shown with
 * its top-left there.
 */
int32_t pic_cursor_left(const struct pic_phase *phase);
int32_t pic_cursor_top(const struct pic_phase *phase);

#endif
