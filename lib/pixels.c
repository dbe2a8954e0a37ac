// SPDX-License-Identifier: LGPL-2.1-or-later
#include "pixels.h"

#include <errno.h>
#include <endian.h>
#include <string.h>
#include <libdrm/drm_fourcc.h>

/* Every tiling keeps at least this many bytes of a row together. */
/* Bytes of a tiled row that lie together in memory: a row of an X tile,
 * a 16-byte column of a Y or Yf tile. */
#define X_RUN 512
#define Y_RUN 16
#define MAX_ROW_BYTES (8192 * 4)

static uint32_t bytes_per_pixel(uint32_t fourcc)
{
	switch (fourcc) {
	case DRM_FORMAT_C8:
		return 1;
	case DRM_FORMAT_RGB565:
	case DRM_FORMAT_YUYV:
	case DRM_FORMAT_UYVY:
	case DRM_FORMAT_YVYU:
	case DRM_FORMAT_VYUY:
		return 2;
	case DRM_FORMAT_XRGB8888:
	case DRM_FORMAT_XBGR8888:
	case DRM_FORMAT_ARGB8888:
	case DRM_FORMAT_ABGR8888:
	case DRM_FORMAT_XRGB2101010:
	case DRM_FORMAT_XBGR2101010:
		return 4;
	default:
		return 0;
	}
}

/* Width in bytes and height in rows of one tile; 0 for linear. */
static void tile_shape(uint64_t modifier, uint32_t cpp, uint32_t *width,
		       uint32_t *rows)
{
	*width = 0;
	*rows = 1;
	if (modifier == I915_FORMAT_MOD_X_TILED) {
		*width = 512;
		*rows = 8;
	} else if (modifier == I915_FORMAT_MOD_Y_TILED ||
		   (modifier == I915_FORMAT_MOD_Yf_TILED && cpp > 1)) {
		*width = 128;
		*rows = 32;
	}
}

int vd_supported(uint32_t fourcc, uint64_t modifier, const char **why)
{
	uint32_t cpp = bytes_per_pixel(fourcc);

	if (!cpp) {
		*why = "a pixel format the library does not convert";
		return -ENOTSUP;
	}
	if (modifier != DRM_FORMAT_MOD_LINEAR &&
	    modifier != I915_FORMAT_MOD_X_TILED &&
	    modifier != I915_FORMAT_MOD_Y_TILED &&
	    modifier != I915_FORMAT_MOD_Yf_TILED) {
		*why = "a tiling the library does not know";
		return -ENOTSUP;
	}
	if (modifier == I915_FORMAT_MOD_Yf_TILED && cpp == 1) {
		*why = "Yf tiling at 8 bits per pixel, which the library does not de-tile";
		return -ENOTSUP;
	}
	return 0;
}

/*
 * Byte offset of byte @xb of row @y. Intel's tiles are 4 KiB: X is 512
 * bytes by 8 rows of plain rows; Y is 128 by 32 in columns of 16 bytes;
 * Yf is 128 by 32 in 128-byte blocks of 16 bytes by 8 rows, ordered by
 * interleaving x and y bits (x16, y8, x32, y16, x64).
 */
static size_t tiled_offset(uint64_t modifier, uint32_t stride, uint32_t xb,
			   uint32_t y)
{
	size_t tile;

	if (modifier == I915_FORMAT_MOD_X_TILED) {
		tile = (size_t)(y / 8) * (stride / 512) + xb / 512;
		return tile * 4096 + (y % 8) * 512 + xb % 512;
	}
	tile = (size_t)(y / 32) * (stride / 128) + xb / 128;
	if (modifier == I915_FORMAT_MOD_Y_TILED)
		return tile * 4096 + (xb % 128 / 16) * 512 + (y % 32) * 16 + xb % 16;
	return tile * 4096 +
	       (((xb >> 4) & 1) | ((y >> 3) & 1) << 1 | ((xb >> 5) & 1) << 2 |
		((y >> 4) & 1) << 3 | ((xb >> 6) & 1) << 4) * 128 +
	       (y % 8) * 16 + xb % 16;
}

/* One unaligned little-endian load, which compilers turn into one move. */
static uint32_t le32(const uint8_t *p)
{
	uint32_t v;

	memcpy(&v, p, sizeof(v));
	return le32toh(v);
}

static uint32_t xrgb(uint32_t r, uint32_t g, uint32_t b)
{
	return r << 16 | g << 8 | b;
}

static uint8_t clamp8(int v)
{
	return v < 0 ? 0 : v > 255 ? 255 : (uint8_t)v;
}

/* BT.601, limited range, as a guest's video overlay would produce. */
static uint32_t yuv_to_xrgb(int y, int u, int v)
{
	int c = 298 * (y - 16), d = u - 128, e = v - 128;

	return xrgb(clamp8((c + 409 * e + 128) >> 8),
		    clamp8((c - 100 * d - 208 * e + 128) >> 8),
		    clamp8((c + 516 * d + 128) >> 8));
}

static uint32_t expand(uint32_t v, uint32_t bits)
{
	return (v << (8 - bits)) | (v >> (2 * bits - 8));
}

static void row_c8(const uint8_t *s, uint32_t *d, uint32_t n)
{
	uint32_t i;

	/* The ABI carries no palette: show the index as grey. */
	for (i = 0; i < n; i++)
		d[i] = xrgb(s[i], s[i], s[i]);
}

static void row_rgb565(const uint8_t *s, uint32_t *d, uint32_t n)
{
	uint32_t i, v;

	for (i = 0; i < n; i++) {
		v = s[2 * i] | s[2 * i + 1] << 8;
		d[i] = xrgb(expand(v >> 11, 5), expand((v >> 5) & 0x3f, 6), expand(v & 0x1f, 5));
	}
}

/* The common case, kept to one masked load per pixel so it vectorises. */
static void row_xrgb8888(const uint8_t *s, uint32_t *d, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++)
		d[i] = le32(s + 4 * i) & 0xffffff;
}

static void row_xbgr8888(const uint8_t *s, uint32_t *d, uint32_t n)
{
	uint32_t i, v;

	for (i = 0; i < n; i++) {
		v = le32(s + 4 * i);
		d[i] = xrgb(v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff);
	}
}

static void row_xrgb2101010(const uint8_t *s, uint32_t *d, uint32_t n)
{
	uint32_t i, v;

	for (i = 0; i < n; i++) {
		v = le32(s + 4 * i);
		d[i] = xrgb((v >> 22) & 0xff, (v >> 12) & 0xff, (v >> 2) & 0xff);
	}
}

static void row_xbgr2101010(const uint8_t *s, uint32_t *d, uint32_t n)
{
	uint32_t i, v;

	for (i = 0; i < n; i++) {
		v = le32(s + 4 * i);
		d[i] = xrgb((v >> 2) & 0xff, (v >> 12) & 0xff, (v >> 22) & 0xff);
	}
}

/* Packed 4:2:2: two pixels share one U and one V. */
static void row_yuv422(uint32_t fourcc, const uint8_t *s, uint32_t *d, uint32_t n)
{
	uint32_t i;

	for (i = 0; i < n; i++) {
		const uint8_t *p = s + 4 * (i / 2);
		int y0, u, y1, v;

		if (fourcc == DRM_FORMAT_YUYV) {
			y0 = p[0]; u = p[1]; y1 = p[2]; v = p[3];
		} else if (fourcc == DRM_FORMAT_UYVY) {
			u = p[0]; y0 = p[1]; v = p[2]; y1 = p[3];
		} else if (fourcc == DRM_FORMAT_YVYU) {
			y0 = p[0]; v = p[1]; y1 = p[2]; u = p[3];
		} else {
			v = p[0]; y0 = p[1]; u = p[2]; y1 = p[3];
		}
		d[i] = yuv_to_xrgb(i % 2 ? y1 : y0, u, v);
	}
}

/* Convert @n pixels of contiguous source bytes; one loop per format. */
static void convert_row(uint32_t fourcc, const uint8_t *s, uint32_t *d, uint32_t n)
{
	switch (fourcc) {
	case DRM_FORMAT_C8:
		row_c8(s, d, n);
		break;
	case DRM_FORMAT_RGB565:
		row_rgb565(s, d, n);
		break;
	case DRM_FORMAT_XRGB8888:
	case DRM_FORMAT_ARGB8888:
		row_xrgb8888(s, d, n);
		break;
	case DRM_FORMAT_XBGR8888:
	case DRM_FORMAT_ABGR8888:
		row_xbgr8888(s, d, n);
		break;
	case DRM_FORMAT_XRGB2101010:
		row_xrgb2101010(s, d, n);
		break;
	case DRM_FORMAT_XBGR2101010:
		row_xbgr2101010(s, d, n);
		break;
	default:
		row_yuv422(fourcc, s, d, n);
		break;
	}
}

int vd_convert(const struct vd_surface *src, uint32_t *dst, uint32_t dst_stride)
{
	uint32_t cpp = bytes_per_pixel(src->fourcc), tw, rows, row_bytes, y, xb;
	uint8_t row[MAX_ROW_BYTES];
	const char *why;
	uint64_t need;

	if (vd_supported(src->fourcc, src->modifier, &why))
		return -ENOTSUP;
	tile_shape(src->modifier, cpp, &tw, &rows);
	row_bytes = src->width * cpp;
	if (!src->width || !src->height || row_bytes > MAX_ROW_BYTES ||
	    src->stride < row_bytes || (tw && src->stride % tw))
		return -EINVAL;
	/* 4:2:2 pixels come in pairs; an odd last pixel reads its pair's half. */
	if (cpp == 2 && src->fourcc != DRM_FORMAT_RGB565 && (src->width & 1))
		return -EINVAL;
	need = (uint64_t)(src->height + rows - 1) / rows * rows * src->stride;
	if (!tw)
		need = (uint64_t)(src->height - 1) * src->stride + row_bytes;
	if (need > src->size)
		return -EINVAL;

	for (y = 0; y < src->height; y++) {
		const uint8_t *s = src->data + (size_t)y * src->stride;

		if (tw) {
			uint32_t run = src->modifier == I915_FORMAT_MOD_X_TILED ? X_RUN : Y_RUN;

			for (xb = 0; xb < row_bytes; xb += run) {
				uint32_t n = row_bytes - xb < run ? row_bytes - xb : run;

				memcpy(row + xb, src->data +
				       tiled_offset(src->modifier, src->stride, xb, y), n);
			}
			s = row;
		}
		convert_row(src->fourcc, s, dst + (size_t)y * dst_stride, src->width);
	}
	return 0;
}

static uint32_t blend(uint32_t over, uint32_t under)
{
	uint32_t a = over >> 24, out = 0;
	int shift;

	if (a == 255)
		return over & 0xffffff;
	for (shift = 0; shift < 24; shift += 8) {
		uint32_t o = (over >> shift) & 0xff, u = (under >> shift) & 0xff;

		out |= ((o * a + u * (255 - a) + 127) / 255) << shift;
	}
	return out;
}

void vd_compose_cursor(uint32_t *dst, uint32_t w, uint32_t h, uint32_t dst_stride,
		       const uint32_t *cursor, uint32_t cw, uint32_t ch,
		       int32_t x, int32_t y, uint32_t hot_x, uint32_t hot_y)
{
	int64_t left = (int64_t)x - (hot_x == 0xffffffff ? 0 : hot_x);
	int64_t top = (int64_t)y - (hot_y == 0xffffffff ? 0 : hot_y);
	uint32_t cx, cy;

	for (cy = 0; cy < ch; cy++) {
		int64_t dy = top + cy;

		if (dy < 0 || dy >= h)
			continue;
		for (cx = 0; cx < cw; cx++) {
			int64_t dx = left + cx;
			uint32_t p = cursor[(size_t)cy * cw + cx];
			uint32_t *d;

			if (dx < 0 || dx >= w || !(p >> 24))
				continue;
			d = dst + (size_t)dy * dst_stride + dx;
			*d = blend(p, *d);
		}
	}
}

bool vd_damage(const uint32_t *a, const uint32_t *b, uint32_t w, uint32_t h,
	       uint32_t stride, struct vd_rect *damage)
{
	uint32_t y, x, x0 = w, x1 = 0, y0 = h, y1 = 0;

	for (y = 0; y < h; y++) {
		const uint32_t *ra = a + (size_t)y * stride, *rb = b + (size_t)y * stride;

		if (!memcmp(ra, rb, w * sizeof(*ra)))
			continue;
		if (y < y0)
			y0 = y;
		y1 = y;
		for (x = 0; x < x0 && ra[x] == rb[x]; x++)
			;
		x0 = x < x0 ? x : x0;
		for (x = w; x > x1 + 1 && ra[x - 1] == rb[x - 1]; x--)
			;
		x1 = x - 1 > x1 ? x - 1 : x1;
	}
	if (y0 == h) {
		*damage = (struct vd_rect){ 0, 0, 0, 0 };
		return false;
	}
	*damage = (struct vd_rect){ x0, y0, x1 - x0 + 1, y1 - y0 + 1 };
	return true;
}

int vd_slot_pick(const struct vd_slot *slots, int n, uint64_t clock, uint64_t max_idle,
		 uint32_t id, uint64_t key, bool *hit, bool *drop)
{
	int i, victim = 0;

	*hit = false;
	for (i = 0; i < n; i++) {
		const struct vd_slot *s = &slots[i];

		drop[i] = s->id && (clock - s->last_use > max_idle ||
				    (s->id == id && s->key != key));
		if (s->id && !drop[i] && s->id == id) {
			*hit = true;
			return i;
		}
	}
	for (i = 0; i < n; i++) {
		bool empty = !slots[i].id || drop[i];
		bool victim_empty = !slots[victim].id || drop[victim];

		if (empty && !victim_empty)
			victim = i;
		else if (!empty && !victim_empty && slots[i].last_use < slots[victim].last_use)
			victim = i;
	}
	return victim;
}
