// SPDX-License-Identifier: GPL-2.0
/*
 * Reads back what a KMS device scans out, so that a test can compare it
 * with what a display client (VNC) shows: the active CRTC's primary plane
 * cropped to its SRC rectangle, the cursor plane's buffer and where it is.
 * It runs beside the client that holds the display (which may be stopped),
 * as root: GETFB2 gives buffer handles only to the master or CAP_SYS_ADMIN.
 * Usage: kms_readback /dev/dri/cardN OUTDIR
 * Writes OUTDIR/primary.ppm, OUTDIR/cursor.pam (only when the cursor plane
 * has a framebuffer) and OUTDIR/state.txt.
 */
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <drm_fourcc.h>
#include <xf86drm.h>
#include <xf86drmMode.h>

/* Linux 6.8's uapi; Debian 12's libdrm headers predate it. */
#ifndef DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT
#define DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT 6
#endif

static int fd;
static const char *outdir;

static void die(int err, const char *fmt, ...)
{
	va_list ap;

	fputs("kms_readback: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, ": %s\n", strerror(err));
	exit(1);
}

struct plane {
	uint32_t id, possible_crtcs;
	uint64_t type, fb, crtc, src_x, src_y, src_w, src_h;
	int64_t crtc_x, crtc_y;
};

/* A plane's atomic state; the legacy GETPLANE has no SRC or position. */
static void read_plane(uint32_t id, struct plane *p)
{
	static const char *const names[] = { "type", "FB_ID", "CRTC_ID", "SRC_X", "SRC_Y",
					     "SRC_W", "SRC_H", "CRTC_X", "CRTC_Y" };
	uint64_t *vals[] = { &p->type, &p->fb, &p->crtc, &p->src_x, &p->src_y,
			     &p->src_w, &p->src_h, (uint64_t *)&p->crtc_x, (uint64_t *)&p->crtc_y };
	unsigned int found = 0, i, j;
	drmModeObjectProperties *props;
	drmModePlane *pl;

	pl = drmModeGetPlane(fd, id);
	if (!pl)
		die(errno, "plane %u", id);
	p->id = id;
	p->possible_crtcs = pl->possible_crtcs;
	drmModeFreePlane(pl);
	props = drmModeObjectGetProperties(fd, id, DRM_MODE_OBJECT_PLANE);
	if (!props)
		die(errno, "properties of plane %u", id);
	for (i = 0; i < props->count_props; i++) {
		drmModePropertyRes *pr = drmModeGetProperty(fd, props->props[i]);

		if (!pr)
			die(errno, "property %u of plane %u", props->props[i], id);
		for (j = 0; j < sizeof(names) / sizeof(names[0]); j++) {
			/* CRTC_X/Y are signed: the value is the int64 bit pattern. */
			if (!strcmp(pr->name, names[j])) {
				*vals[j] = props->prop_values[i];
				found |= 1u << j;
			}
		}
		drmModeFreeProperty(pr);
	}
	drmModeFreeObjectProperties(props);
	if (found != (1u << (sizeof(names) / sizeof(names[0]))) - 1)
		die(ENOENT, "plane %u lacks an atomic property (mask %#x)", id, found);
}

struct fb {
	drmModeFB2 *info;
	const uint8_t *px; /* at offsets[0] */
	unsigned int x, y, w, h; /* the SRC rectangle, whole pixels */
};

static void fourcc_str(uint32_t f, char s[5])
{
	for (int i = 0; i < 4; i++)
		s[i] = (char)(f >> (8 * i));
	s[4] = 0;
}

static void map_fb(const struct plane *p, const char *what, struct fb *fb)
{
	struct drm_mode_map_dumb map = { 0 };
	drmModeFB2 *info;
	uint64_t off;
	size_t len;
	void *m;

	info = drmModeGetFB2(fd, (uint32_t)p->fb);
	if (!info)
		die(errno, "GETFB2 of %s framebuffer %" PRIu64, what, p->fb);
	if (!info->handles[0])
		die(EACCES, "GETFB2 gave no handle for the %s framebuffer (not root?)", what);
	if ((info->flags & DRM_MODE_FB_MODIFIERS) && info->modifier != DRM_FORMAT_MOD_LINEAR)
		die(ENOTSUP, "%s framebuffer has modifier %#" PRIx64 ", only linear is read",
		    what, info->modifier);
	map.handle = info->handles[0];
	if (drmIoctl(fd, DRM_IOCTL_MODE_MAP_DUMB, &map))
		die(errno, "MAP_DUMB of the %s framebuffer", what);
	/* addfb checked that this much fits in the buffer object. */
	off = info->offsets[0];
	len = off + (size_t)info->pitches[0] * info->height;
	m = mmap(NULL, len, PROT_READ, MAP_SHARED, fd, (off_t)map.offset);
	if (m == MAP_FAILED)
		die(errno, "mmap of the %s framebuffer", what);
	fb->px = (const uint8_t *)m + off;
	fb->info = info;
	/* Sub-pixel SRC offsets are truncated: no display shows half pixels. */
	fb->x = (unsigned int)(p->src_x >> 16);
	fb->y = (unsigned int)(p->src_y >> 16);
	fb->w = (unsigned int)(p->src_w >> 16);
	fb->h = (unsigned int)(p->src_h >> 16);
	if (fb->x + fb->w > info->width || fb->y + fb->h > info->height)
		die(ERANGE, "%s SRC %ux%u+%u+%u outside its %ux%u framebuffer", what, fb->w, fb->h,
		    fb->x, fb->y, info->width, info->height);
}

static uint32_t le32(const uint8_t *s)
{
	return s[0] | s[1] << 8 | s[2] << 16 | (uint32_t)s[3] << 24;
}

/* Widens n bits to 8 as the library does (lib/pixels.c), repeating the top bits. */
static uint8_t expand(uint32_t v, unsigned int bits)
{
	return (uint8_t)(v << (8 - bits) | v >> (2 * bits - 8));
}

static FILE *out_open(const char *name, char *path, size_t size)
{
	FILE *f;

	snprintf(path, size, "%s/%s", outdir, name);
	f = fopen(path, "w");
	if (!f)
		die(errno, "%s", path);
	return f;
}

static void out_close(FILE *f, const char *path)
{
	if (ferror(f) | fclose(f))
		die(errno ? errno : EIO, "writing %s", path);
}

static void write_primary(const struct fb *fb)
{
	uint32_t fmt = fb->info->pixel_format, pitch = fb->info->pitches[0], v;
	unsigned int cpp = fmt == DRM_FORMAT_RGB565 ? 2 : 4, x, y;
	uint8_t *row = malloc(3 * (size_t)fb->w);
	char path[4096], name[5];
	FILE *f;

	if (fmt != DRM_FORMAT_XRGB8888 && fmt != DRM_FORMAT_ARGB8888 &&
	    fmt != DRM_FORMAT_RGB565 && fmt != DRM_FORMAT_XRGB2101010) {
		fourcc_str(fmt, name);
		die(ENOTSUP, "primary format %s (reads XR24, AR24, RG16 and XR30)", name);
	}
	if (!row)
		die(ENOMEM, "a row of %u pixels", fb->w);
	f = out_open("primary.ppm", path, sizeof(path));
	fprintf(f, "P6\n%u %u\n255\n", fb->w, fb->h);
	for (y = 0; y < fb->h; y++) {
		const uint8_t *s = fb->px + (size_t)(fb->y + y) * pitch + (size_t)fb->x * cpp;

		for (x = 0; x < fb->w; x++, s += cpp) {
			uint8_t *d = row + 3 * x;

			if (fmt == DRM_FORMAT_RGB565) {
				v = s[0] | s[1] << 8;
				d[0] = expand(v >> 11, 5);
				d[1] = expand((v >> 5) & 0x3f, 6);
				d[2] = expand(v & 0x1f, 5);
			} else if (fmt == DRM_FORMAT_XRGB2101010) {
				/* The top 8 of 10 bits, as lib/pixels.c and pixman do. */
				v = le32(s);
				d[0] = (uint8_t)(v >> 22);
				d[1] = (uint8_t)(v >> 12);
				d[2] = (uint8_t)(v >> 2);
			} else {
				d[0] = s[2];
				d[1] = s[1];
				d[2] = s[0];
			}
		}
		fwrite(row, 3, fb->w, f);
	}
	free(row);
	out_close(f, path);
}

static void write_cursor(const struct fb *fb)
{
	uint32_t pitch = fb->info->pitches[0];
	char path[4096], name[5];
	unsigned int x, y;
	FILE *f;

	if (fb->info->pixel_format != DRM_FORMAT_ARGB8888) {
		fourcc_str(fb->info->pixel_format, name);
		die(ENOTSUP, "cursor format %s (reads AR24 only)", name);
	}
	f = out_open("cursor.pam", path, sizeof(path));
	fprintf(f, "P7\nWIDTH %u\nHEIGHT %u\nDEPTH 4\nMAXVAL 255\nTUPLTYPE RGB_ALPHA\nENDHDR\n",
		fb->w, fb->h);
	for (y = 0; y < fb->h; y++) {
		const uint8_t *s = fb->px + (size_t)(fb->y + y) * pitch + (size_t)fb->x * 4;

		for (x = 0; x < fb->w; x++, s += 4) {
			uint8_t px[4] = { s[2], s[1], s[0], s[3] };

			fwrite(px, 1, 4, f);
		}
	}
	out_close(f, path);
}

int main(int argc, char **argv)
{
	struct plane primary = { 0 }, cursor = { 0 }, p;
	drmModePlaneRes *planes;
	drmModeRes *res;
	drmModeCrtc *crtc;
	struct fb pfb, cfb;
	char path[4096], name[5];
	unsigned int i;
	int crtc_index = -1;
	FILE *f;

	if (argc != 3) {
		fprintf(stderr, "usage: kms_readback /dev/dri/cardN OUTDIR\n");
		return 2;
	}
	outdir = argv[2];
	fd = open(argv[1], O_RDWR | O_CLOEXEC);
	if (fd < 0)
		die(errno, "%s", argv[1]);
	if (drmSetClientCap(fd, DRM_CLIENT_CAP_UNIVERSAL_PLANES, 1))
		die(errno, "DRM_CLIENT_CAP_UNIVERSAL_PLANES");
	/* Plane properties such as SRC_* and CRTC_X are shown to atomic clients only. */
	if (drmSetClientCap(fd, DRM_CLIENT_CAP_ATOMIC, 1))
		die(errno, "DRM_CLIENT_CAP_ATOMIC");
	/*
	 * From 6.8 a driver with a hotspot-aware (virtual) cursor hides its
	 * cursor plane from atomic clients that do not say they know of
	 * hotspots. Older kernels refuse the cap with EINVAL, newer ones
	 * with EOPNOTSUPP for other drivers (bochs-drm): both show their
	 * cursor plane, if any, anyway.
	 */
	if (drmSetClientCap(fd, DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT, 1) &&
	    errno != EINVAL && errno != EOPNOTSUPP)
		die(errno, "DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT");
	res = drmModeGetResources(fd);
	planes = drmModeGetPlaneResources(fd);
	if (!res || !planes)
		die(errno, "resources of %s", argv[1]);
	/* The first primary plane that shows a framebuffer picks the CRTC. */
	for (i = 0; i < planes->count_planes && !primary.id; i++) {
		read_plane(planes->planes[i], &p);
		if (p.type == DRM_PLANE_TYPE_PRIMARY && p.fb && p.crtc)
			primary = p;
	}
	if (!primary.id)
		die(ENODEV, "no primary plane shows a framebuffer on a CRTC");
	for (i = 0; i < (unsigned int)res->count_crtcs; i++)
		if (res->crtcs[i] == primary.crtc)
			crtc_index = (int)i;
	crtc = drmModeGetCrtc(fd, (uint32_t)primary.crtc);
	if (!crtc)
		die(errno, "CRTC %" PRIu64, primary.crtc);
	if (crtc_index < 0 || !crtc->mode_valid)
		die(ENODEV, "CRTC %" PRIu64 " has no mode", primary.crtc);
	for (i = 0; i < planes->count_planes && !cursor.id; i++) {
		read_plane(planes->planes[i], &p);
		if (p.type == DRM_PLANE_TYPE_CURSOR && (p.possible_crtcs & (1u << crtc_index)))
			cursor = p;
	}

	map_fb(&primary, "primary", &pfb);
	write_primary(&pfb);
	snprintf(path, sizeof(path), "%s/cursor.pam", outdir);
	/* A file left by an earlier run would claim a cursor that is not there. */
	if (unlink(path) && errno != ENOENT)
		die(errno, "removing %s", path);
	if (cursor.id && cursor.fb && cursor.crtc == primary.crtc) {
		map_fb(&cursor, "cursor", &cfb);
		write_cursor(&cfb);
	} else {
		cursor.fb = 0;
	}

	f = out_open("state.txt", path, sizeof(path));
	fprintf(f, "mode %ux%u@%u\n", crtc->mode.hdisplay, crtc->mode.vdisplay, crtc->mode.vrefresh);
	fourcc_str(pfb.info->pixel_format, name);
	fprintf(f, "primary %s %ux%u pitch %u\n", name, pfb.w, pfb.h, pfb.info->pitches[0]);
	if (cursor.fb)
		fprintf(f, "cursor %" PRId64 " %" PRId64 " %ux%u\n", cursor.crtc_x, cursor.crtc_y,
			cfb.w, cfb.h);
	else
		fprintf(f, "cursor none\n");
	/* Exit releases the mappings and the GEM handles GETFB2 made. */
	out_close(f, path);
	return 0;
}
