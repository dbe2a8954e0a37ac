// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-guest-picture: the images the test guest shows, as PNG, for a host
 * test to compare with what QEMU displays. Built from the guest's own
 * picture.c, so the two cannot drift apart.
 *
 *   vgpu-guest-picture A|B OUT.png [--with-cursor PHASE]
 *   vgpu-guest-picture cursor OUT.png
 *   vgpu-guest-picture phases
 */
#include <errno.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "picture.h"

static void usage(void)
{
	fprintf(stderr,
		"usage: vgpu-guest-picture A|B OUT.png [--with-cursor PHASE]\n"
		"       vgpu-guest-picture cursor OUT.png\n"
		"       vgpu-guest-picture phases\n");
	exit(2);
}

/* @src over @dst, straight alpha, channel by channel. */
static uint32_t over(uint32_t src, uint32_t dst)
{
	uint32_t a = src >> 24, out = 0xff000000u;
	int shift;

	for (shift = 0; shift < 24; shift += 8) {
		uint32_t s = (src >> shift) & 0xff, d = (dst >> shift) & 0xff;

		out |= ((s * a + d * (255 - a) + 127) / 255) << shift;
	}
	return out;
}

/* Blend the cursor onto @px with its hotspot on @phase's position. */
static void compose_cursor(uint32_t *px, const struct pic_phase *phase)
{
	static uint32_t cursor[PIC_CURSOR_SIZE * PIC_CURSOR_SIZE];
	int32_t left = pic_cursor_left(phase), top = pic_cursor_top(phase);
	int32_t x, y;

	pic_draw_cursor(cursor, PIC_CURSOR_SIZE);
	for (y = 0; y < PIC_CURSOR_SIZE; y++) {
		for (x = 0; x < PIC_CURSOR_SIZE; x++) {
			int32_t dx = left + x, dy = top + y;
			uint32_t *d;

			if (dx < 0 || dy < 0 || dx >= PIC_WIDTH || dy >= PIC_HEIGHT)
				continue;
			d = &px[dy * PIC_WIDTH + dx];
			*d = over(cursor[y * PIC_CURSOR_SIZE + x], *d);
		}
	}
}

/* Write ARGB8888 pixels as 8-bit RGB, or RGBA when @alpha. */
static int write_png(const char *path, const uint32_t *px, uint32_t w,
		     uint32_t h, int alpha)
{
	uint32_t cpp = alpha ? 4 : 3, x, y;
	png_structp png = NULL;
	png_infop info = NULL;
	/* volatile: libpng reports errors by longjmp into this frame */
	uint8_t *volatile row = malloc((size_t)w * cpp);
	FILE *volatile f = fopen(path, "wb");

	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	if (!f || !png || !info || !row || setjmp(png_jmpbuf(png))) {
		fprintf(stderr, "vgpu-guest-picture: cannot write %s: %s\n", path,
			f ? "libpng failed" : strerror(errno));
		png_destroy_write_struct(&png, &info);
		free(row);
		if (f)
			fclose(f);
		return -1;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, w, h, 8,
		     alpha ? PNG_COLOR_TYPE_RGB_ALPHA : PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			uint32_t p = px[y * w + x];
			uint8_t *o = &row[x * cpp];

			o[0] = (uint8_t)(p >> 16);
			o[1] = (uint8_t)(p >> 8);
			o[2] = (uint8_t)p;
			if (alpha)
				o[3] = (uint8_t)(p >> 24);
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	if (fclose(f)) {
		fprintf(stderr, "vgpu-guest-picture: cannot write %s: %s\n", path,
			strerror(errno));
		return -1;
	}
	return 0;
}

/* The schedule, one line a phase, in the words of the guest's serial lines. */
static void print_phases(void)
{
	int i;

	printf("mode %dx%d stride %d hotspot %d,%d period_ms %d\n", PIC_WIDTH,
	       PIC_HEIGHT, PIC_STRIDE * 4, PIC_HOT_X, PIC_HOT_Y, PIC_PERIOD_MS);
	for (i = 0; i < PIC_NR_PHASES; i++)
		printf("phase %d show %c cursor %d,%d curpos %d,%d\n", i,
		       pic_phases[i].buffer, pic_phases[i].x, pic_phases[i].y,
		       pic_cursor_left(&pic_phases[i]),
		       pic_cursor_top(&pic_phases[i]));
}

/* The phase named by @arg, which must show picture @which. */
static const struct pic_phase *parse_phase(const char *arg, char which)
{
	char *end;
	long i = strtol(arg, &end, 10);

	if (!*arg || *end || i < 0 || i >= PIC_NR_PHASES) {
		fprintf(stderr, "vgpu-guest-picture: no phase %s (0..%d)\n", arg,
			PIC_NR_PHASES - 1);
		exit(2);
	}
	if (pic_phases[i].buffer != which) {
		fprintf(stderr, "vgpu-guest-picture: phase %ld shows %c, not %c\n",
			i, pic_phases[i].buffer, which);
		exit(2);
	}
	return &pic_phases[i];
}

int main(int argc, char **argv)
{
	static uint32_t px[PIC_WIDTH * PIC_HEIGHT];

	if (argc == 2 && !strcmp(argv[1], "phases")) {
		print_phases();
		return 0;
	}
	if (argc == 3 && !strcmp(argv[1], "cursor")) {
		pic_draw_cursor(px, PIC_CURSOR_SIZE);
		return write_png(argv[2], px, PIC_CURSOR_SIZE, PIC_CURSOR_SIZE,
				 1) ? 1 : 0;
	}
	if ((argc != 3 && !(argc == 5 && !strcmp(argv[3], "--with-cursor"))) ||
	    strlen(argv[1]) != 1 || pic_draw(argv[1][0], px, PIC_WIDTH,
					     PIC_HEIGHT, PIC_WIDTH))
		usage();
	if (argc == 5)
		compose_cursor(px, parse_phase(argv[4], argv[1][0]));
	return write_png(argv[2], px, PIC_WIDTH, PIC_HEIGHT, 0) ? 1 : 0;
}
