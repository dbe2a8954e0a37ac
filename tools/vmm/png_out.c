// SPDX-License-Identifier: GPL-2.0
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>

#include "png_out.h"

int png_write_xrgb(const char *path, const uint32_t *pixels, uint32_t w,
		   uint32_t h, uint32_t stride_px, char *why, size_t why_len)
{
	png_structp png = NULL;
	png_infop info = NULL;
	/* volatile: libpng reports errors by longjmp into this frame */
	uint8_t *volatile row = NULL;
	FILE *f = fopen(path, "wbe");
	uint32_t x, y;

	if (!f) {
		snprintf(why, why_len, "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	info = png ? png_create_info_struct(png) : NULL;
	row = malloc((size_t)w * 3);
	if (!png || !info || !row || setjmp(png_jmpbuf(png))) {
		snprintf(why, why_len, "libpng could not write %s", path);
		png_destroy_write_struct(&png, &info);
		free(row);
		fclose(f);
		return -1;
	}
	png_init_io(png, f);
	png_set_IHDR(png, info, w, h, 8, PNG_COLOR_TYPE_RGB, PNG_INTERLACE_NONE,
		     PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (y = 0; y < h; y++) {
		for (x = 0; x < w; x++) {
			uint32_t p = pixels[(size_t)y * stride_px + x];

			row[3 * x] = (uint8_t)(p >> 16);
			row[3 * x + 1] = (uint8_t)(p >> 8);
			row[3 * x + 2] = (uint8_t)p;
		}
		png_write_row(png, row);
	}
	png_write_end(png, NULL);
	png_destroy_write_struct(&png, &info);
	free(row);
	if (fclose(f)) {
		snprintf(why, why_len, "cannot write %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}
