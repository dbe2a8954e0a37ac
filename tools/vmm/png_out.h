/* SPDX-License-Identifier: GPL-2.0 */
#ifndef VMM_PNG_OUT_H
#define VMM_PNG_OUT_H

#include <stddef.h>
#include <stdint.h>

/*
 * Write @w x @h XRGB8888 pixels, @stride pixels apart, to @path as an
 * 8-bit RGB PNG, with libpng. Returns 0 or -1 with a message in @why.
 */
int png_write_xrgb(const char *path, const uint32_t *pixels, uint32_t w,
		   uint32_t h, uint32_t stride_px, char *why, size_t why_len);

#endif
