// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * Figure P5: libvfio-display's pixel work on one 1920x1080 frame, as a
 * fraction of memcpy bandwidth over the same bytes.
 *
 * Three things are timed, each on buffers allocated, filled and touched
 * beforehand so that no page fault lands in a run:
 *   memcpy  - 1920*1080*4 bytes from one buffer to another (the ceiling:
 *             any conversion reads and writes at least that much);
 *   linear  - vd_convert() of a linear XRGB8888 frame, then
 *             vd_compose_cursor() of a 64x64 ARGB8888 cursor onto it;
 *   xtiled  - the same from an I915_FORMAT_MOD_X_TILED frame.
 * fraction_of_memcpy is memcpy_ms / thing_ms: 1.0 would be a conversion
 * as fast as copying the bytes.
 *
 * Each is run N times (--runs N, default 15; --quick is 3) and the median
 * reported: a run can be slowed by an interrupt, a migration or a
 * frequency change, never sped up, so the median ignores those outliers
 * where a mean would absorb them, and needs no tuning as a minimum would.
 *
 * So that nothing is optimised away or measured wrong: memcpy is called
 * through a volatile pointer, every output is checked (both conversions
 * must give the same frame, with hand-checked pixels in and around the
 * cursor) and a checksum of all outputs is printed last.
 */
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <libdrm/drm_fourcc.h>

#include "pixels.h"

#define W 1920
#define H 1080
#define STRIDE (W * 4)
#define BYTES ((size_t)STRIDE * H)
#define CW 64
#define CH 64
#define CUR_X 1000	/* where the cursor's top-left corner lands */
#define CUR_Y 500

static void *(*volatile copy)(void *, const void *, size_t) = memcpy;

static uint8_t *src_lin, *src_til, *copy_dst;
static uint32_t *out_lin, *out_til, cursor[CW * CH];

/* The source pixel at (x, y), with junk in the X byte. */
static uint32_t pixel(uint32_t x, uint32_t y)
{
	return x * 0x9e3779b1u ^ y * 0x85ebca77u;
}

static uint32_t cursor_pixel(uint32_t x, uint32_t y)
{
	/* Rows of 16: opaque, half, transparent, then an alpha ramp. */
	uint32_t a = y < 16 ? 0xff : y < 32 ? 0x80 : y < 48 ? 0 : x * 4;

	return a << 24 | (x * 4) << 16 | (y * 4) << 8 | 0x40;
}

static void *alloc(void)
{
	void *p = aligned_alloc(4096, BYTES);

	if (!p) {
		fprintf(stderr, "pixels_bench: out of memory\n");
		exit(1);
	}
	memset(p, 0x5a, BYTES);	/* touch every page */
	return p;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e3 + ts.tv_nsec / 1e6;
}

static void convert(const uint8_t *data, uint64_t modifier, uint32_t *out)
{
	struct vd_surface s = { DRM_FORMAT_XRGB8888, modifier, W, H, STRIDE, data, BYTES };

	if (vd_convert(&s, out, W)) {
		fprintf(stderr, "pixels_bench: vd_convert failed (modifier 0x%" PRIx64 ")\n",
			modifier);
		exit(1);
	}
	vd_compose_cursor(out, W, H, W, cursor, CW, CH, CUR_X, CUR_Y, 0, 0);
}

static void run_memcpy(void) { copy(copy_dst, src_lin, BYTES); }
static void run_linear(void) { convert(src_lin, DRM_FORMAT_MOD_LINEAR, out_lin); }
static void run_xtiled(void) { convert(src_til, I915_FORMAT_MOD_X_TILED, out_til); }

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/*
 * Median over @n runs of @fn, in milliseconds, after two untimed ones:
 * the first runs are slow while caches and the CPU's clock settle.
 */
static double median_ms(void (*fn)(void), int n)
{
	double *t = malloc(n * sizeof(*t)), m;
	int i;

	if (!t)
		exit(1);
	fn();
	fn();
	for (i = 0; i < n; i++) {
		double t0 = now_ms();

		fn();
		t[i] = now_ms() - t0;
	}
	qsort(t, n, sizeof(*t), cmp_double);
	m = n % 2 ? t[n / 2] : (t[n / 2 - 1] + t[n / 2]) / 2;
	free(t);
	return m;
}

static void fail(const char *what, uint32_t x, uint32_t y, uint32_t got, uint32_t want)
{
	fprintf(stderr, "pixels_bench: wrong %s at %u,%u: 0x%08x, expected 0x%08x\n",
		what, x, y, got, want);
	exit(1);
}

/* Hand-checked pixels of the linear result, and the rest against it. */
static void verify(void)
{
	static const uint32_t at[][2] = { { 0, 0 }, { W - 1, H - 1 }, { 513, 9 },
		{ CUR_X - 1, CUR_Y }, { CUR_X + CW, CUR_Y + CH - 1 } };
	uint32_t i, c;

	for (i = 0; i < sizeof(at) / sizeof(at[0]); i++) {
		uint32_t x = at[i][0], y = at[i][1];

		if (out_lin[y * W + x] != (pixel(x, y) & 0xffffff))
			fail("pixel", x, y, out_lin[y * W + x], pixel(x, y) & 0xffffff);
	}
	/* Opaque (row 3), transparent (row 40) and half alpha (row 20). */
	c = cursor_pixel(7, 3) & 0xffffff;
	if (out_lin[(CUR_Y + 3) * W + CUR_X + 7] != c)
		fail("opaque cursor pixel", CUR_X + 7, CUR_Y + 3,
		     out_lin[(CUR_Y + 3) * W + CUR_X + 7], c);
	c = pixel(CUR_X + 7, CUR_Y + 40) & 0xffffff;
	if (out_lin[(CUR_Y + 40) * W + CUR_X + 7] != c)
		fail("transparent cursor pixel", CUR_X + 7, CUR_Y + 40,
		     out_lin[(CUR_Y + 40) * W + CUR_X + 7], c);
	{
		uint32_t o = cursor_pixel(7, 20), u = pixel(CUR_X + 7, CUR_Y + 20);
		uint32_t got = out_lin[(CUR_Y + 20) * W + CUR_X + 7], want = 0, bad = 0;
		int sh;

		/* Straight alpha 0x80/0xff, to within rounding. */
		for (sh = 0; sh < 24; sh += 8) {
			double v = (((o >> sh) & 0xff) * 128.0 + ((u >> sh) & 0xff) * 127.0) / 255;
			double d = ((got >> sh) & 0xff) - v;

			want |= (uint32_t)(v + 0.5) << sh;
			bad |= d > 1 || d < -1;
		}
		if (bad)
			fail("half-alpha cursor pixel", CUR_X + 7, CUR_Y + 20, got, want);
	}
	if (memcmp(out_lin, out_til, BYTES))
		for (i = 0; i < W * H; i++)
			if (out_til[i] != out_lin[i])
				fail("X-tiled pixel", i % W, i / W, out_til[i], out_lin[i]);
	if (memcmp(copy_dst, src_lin, BYTES)) {
		fprintf(stderr, "pixels_bench: memcpy result differs\n");
		exit(1);
	}
}

static uint64_t checksum(uint64_t h, const void *p)
{
	const uint64_t *w = p;
	size_t i;

	for (i = 0; i < BYTES / 8; i++)
		h = (h ^ w[i]) * 0x100000001b3u;	/* FNV-1a, a word at a time */
	return h;
}

int main(int argc, char **argv)
{
	double t_copy, t_lin, t_til;
	uint32_t x, y;
	uint64_t h;
	int i, n = 15;

	for (i = 1; i < argc; i++) {
		char *end;

		if (!strcmp(argv[i], "--quick")) {
			n = 3;
		} else if (!strcmp(argv[i], "--runs") && i + 1 < argc) {
			n = (int)strtol(argv[++i], &end, 10);
			if (*end || n < 1 || n > 1000000) {
				fprintf(stderr, "pixels_bench: --runs wants a count from 1\n");
				return 2;
			}
		} else {
			fprintf(stderr, "usage: %s [--runs N | --quick]\n", argv[0]);
			return 2;
		}
	}

	src_lin = alloc();
	src_til = alloc();
	copy_dst = alloc();
	out_lin = alloc();
	out_til = alloc();
	for (y = 0; y < H; y++)
		for (x = 0; x < W; x++) {
			/* X tiles: 4 KiB of 512 bytes x 8 rows, row-major across the stride. */
			uint32_t xb = x * 4, v = pixel(x, y);
			size_t tile = (size_t)(y / 8) * (STRIDE / 512) + xb / 512;

			memcpy(src_lin + (size_t)y * STRIDE + xb, &v, 4);
			memcpy(src_til + tile * 4096 + (y % 8) * 512 + xb % 512, &v, 4);
		}
	for (y = 0; y < CH; y++)
		for (x = 0; x < CW; x++)
			cursor[y * CW + x] = cursor_pixel(x, y);

	t_copy = median_ms(run_memcpy, n);
	t_lin = median_ms(run_linear, n);
	t_til = median_ms(run_xtiled, n);
	verify();

	h = checksum(checksum(checksum(0xcbf29ce484222325u, copy_dst), out_lin), out_til);
	printf("P5 memcpy_ms %.3f bytes %zu\n", t_copy, BYTES);
	printf("P5 linear_ms %.3f fraction_of_memcpy %.3f\n", t_lin, t_copy / t_lin);
	printf("P5 xtiled_ms %.3f fraction_of_memcpy %.3f\n", t_til, t_copy / t_til);
	printf("P5 checksum %016" PRIx64 "\n", h);
	return 0;
}
