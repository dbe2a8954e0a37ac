// SPDX-License-Identifier: LGPL-2.1-or-later
/*
 * libvfio-display: planes in, XRGB8888 frames out. The imperative shell
 * around lib/pixels.c: it queries the device, imports and maps its
 * buffers, keeps a bounded cache of them, and brackets every read with
 * DMA_BUF_IOCTL_SYNC.
 */
#include "vfiodisplay.h"

#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/vfio.h>
#include <libdrm/drm_fourcc.h>

#include "monitor.h"
#include "pixels.h"

/* Imported buffers kept, and how many updates one may go unused. */
#define IMPORT_SLOTS	8
#define IMPORT_MAX_IDLE	64
#define MAX_SIDE	8192
#define PLANE_PRIMARY	1
#define PLANE_CURSOR	2
/*
 * Bounds on what a device may ask of the EDID region search: region
 * indexes looked at, and the bytes of one region's capability chain.
 */
#define MAX_REGIONS	256
#define MAX_REGION_INFO	4096

/*
 * vgpu_display's display IRQ: device-specific, so it is used only on that
 * device (its PCI ids) and only when the device describes it as expected.
 */
#define VGPU_VENDOR_DEVICE	0x44005647u
#define VGPU_DISPLAY_IRQ_INDEX	5
#define DISPLAY_IRQ_FLAGS	(VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE | \
				 VFIO_IRQ_INFO_AUTOMASKED)

/* A dma-buf the device gave us, mapped for reading. */
struct imported {
	uint32_t id;		/* 0: slot empty */
	struct vfio_device_gfx_plane_info plane;
	int fd;
	void *map;
	uint64_t last_use;
};

struct vfiodisplay {
	int device;
	enum vfiodisplay_kind kind;
	struct imported imp[IMPORT_SLOTS];
	uint64_t clock;
	/* Two frame buffers: the one returned last time, and the next. */
	uint32_t *buf[2];
	size_t buf_pixels;
	int cur;
	uint32_t width, height;
	uint32_t *cursor_pixels;
	uint32_t cursor_id;
	/* What the last successful update handed out. */
	struct vfiodisplay_frame frame;
	struct vfiodisplay_cursor cursor;
	/* A region plane stays mapped while its index and size stay. */
	void *region_map;
	size_t region_size;
	uint32_t region_index;
	struct vfio_device_gfx_plane_info last;
	int event;		/* the display IRQ's eventfd, or -1 */
	char err[200];
};

static int fail(struct vfiodisplay *d, int err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(d->err, sizeof(d->err), fmt, ap);
	va_end(ap);
	return err;
}

static int query(int device, uint32_t flags, uint32_t type,
		 struct vfio_device_gfx_plane_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->flags = flags;
	info->drm_plane_type = type;
	return ioctl(device, VFIO_DEVICE_QUERY_GFX_PLANE, info) ? -errno : 0;
}

int vfiodisplay_open(int device_fd, struct vfiodisplay **out)
{
	struct vfio_device_gfx_plane_info probe;
	struct vfiodisplay *d;
	enum vfiodisplay_kind kind;
	int ret;

	*out = NULL;
	ret = query(device_fd, VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_DMABUF,
		    PLANE_PRIMARY, &probe);
	if (ret == -EBADF || ret == -EFAULT)
		return ret;
	if (!query(device_fd, VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_DMABUF,
		   PLANE_PRIMARY, &probe))
		kind = VFIODISPLAY_DMABUF;
	else if (!query(device_fd, VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_REGION,
			PLANE_PRIMARY, &probe))
		kind = VFIODISPLAY_REGION;
	else
		return -ENODEV;
	d = calloc(1, sizeof(*d));
	if (!d)
		return -ENOMEM;
	d->device = device_fd;
	d->kind = kind;
	d->event = -1;
	*out = d;
	return 0;
}

/* SET_IRQS on the display IRQ; @fd is used with DATA_EVENTFD only. */
static int set_display_irq(int device, uint32_t flags, int32_t fd)
{
	struct {
		struct vfio_irq_set hdr;
		int32_t fd;
	} req = { .hdr = { .argsz = sizeof(req), .flags = flags,
			   .index = VGPU_DISPLAY_IRQ_INDEX, .count = 1 }, .fd = fd };

	return ioctl(device, VFIO_DEVICE_SET_IRQS, &req) ? -errno : 0;
}

static bool has_display_irq(int device)
{
	struct vfio_region_info cfg = { .argsz = sizeof(cfg),
					.index = VFIO_PCI_CONFIG_REGION_INDEX };
	struct vfio_irq_info irq = { .argsz = sizeof(irq), .index = VGPU_DISPLAY_IRQ_INDEX };
	uint32_t ids;

	if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, &cfg) ||
	    pread(device, &ids, sizeof(ids), (off_t)cfg.offset) != sizeof(ids) ||
	    ids != VGPU_VENDOR_DEVICE)
		return false;
	return !ioctl(device, VFIO_DEVICE_GET_IRQ_INFO, &irq) && irq.count == 1 &&
	       (irq.flags & DISPLAY_IRQ_FLAGS) == DISPLAY_IRQ_FLAGS;
}

int vfiodisplay_event_fd(struct vfiodisplay *d)
{
	int ret;

	d->err[0] = '\0';
	if (d->event < 0) {
		if (!has_display_irq(d->device))
			return fail(d, -ENOTSUP, "the device has no display interrupt: poll it");
		d->event = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		if (d->event < 0)
			return fail(d, -errno, "eventfd: %s", strerror(errno));
	}
	ret = set_display_irq(d->device, VFIO_IRQ_SET_DATA_EVENTFD |
			      VFIO_IRQ_SET_ACTION_TRIGGER, d->event);
	if (ret)
		return fail(d, ret, "arming the display interrupt failed: %s", strerror(-ret));
	return d->event;
}

/* Take the notification and let the device send the next one. */
static void rearm_event(struct vfiodisplay *d)
{
	uint64_t count;

	if (d->event < 0)
		return;
	if (read(d->event, &count, sizeof(count)) < 0 && errno != EAGAIN)
		return;
	set_display_irq(d->device, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK, -1);
}

static void drop_import(struct imported *imp)
{
	if (!imp->id)
		return;
	if (imp->map)
		munmap(imp->map, imp->plane.size);
	close(imp->fd);
	memset(imp, 0, sizeof(*imp));
}

void vfiodisplay_close(struct vfiodisplay *d)
{
	int i;

	if (!d)
		return;
	for (i = 0; i < IMPORT_SLOTS; i++)
		drop_import(&d->imp[i]);
	if (d->region_map)
		munmap(d->region_map, d->region_size);
	free(d->buf[0]);
	free(d->buf[1]);
	free(d->cursor_pixels);
	if (d->event >= 0) {
		set_display_irq(d->device, VFIO_IRQ_SET_DATA_EVENTFD |
				VFIO_IRQ_SET_ACTION_TRIGGER, -1);
		close(d->event);
	}
	free(d);
}

enum vfiodisplay_kind vfiodisplay_kind(const struct vfiodisplay *d)
{
	return d->kind;
}

const char *vfiodisplay_error(const struct vfiodisplay *d)
{
	return d->err;
}

void vfiodisplay_plane(const struct vfiodisplay *d, uint32_t *fourcc,
			uint64_t *modifier, uint32_t *dmabuf_id)
{
	*fourcc = d->last.drm_format;
	*modifier = d->last.drm_format_mod;
	*dmabuf_id = d->kind == VFIODISPLAY_DMABUF ? d->last.dmabuf_id : 0;
}

static int unmappable(struct vfiodisplay *d)
{
	return fail(d, -EACCES, "the device's dma-buf cannot be mapped for reading: "
		    "its exporter offers no CPU access (the mbochs sample's does not), "
		    "so only a GPU importer such as EGL can show it");
}

static uint64_t geometry_key(const struct vfio_device_gfx_plane_info *p)
{
	uint64_t k = p->drm_format_mod;
	const uint32_t f[] = { p->drm_format, p->width, p->height, p->stride, p->size };
	size_t i;

	/* FNV-1a over the fields: equal geometry, equal key. */
	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		k = (k ^ f[i]) * 0x100000001b3ull;
	return k;
}

/*
 * The mapping of a dma-buf plane: from the cache when its id is known with
 * the same geometry (a device that reuses ids gets a fresh import), else
 * GET_GFX_DMABUF and mmap into an empty or the least recently used slot.
 * Entries unused for IMPORT_MAX_IDLE updates are dropped on the way.
 */
static int import(struct vfiodisplay *d,
		  const struct vfio_device_gfx_plane_info *plane,
		  struct imported **out)
{
	struct vd_slot slots[IMPORT_SLOTS];
	bool drop[IMPORT_SLOTS], hit;
	uint32_t id = plane->dmabuf_id;
	struct imported *victim;
	int i, j, fd;
	void *map;

	for (i = 0; i < IMPORT_SLOTS; i++)
		slots[i] = (struct vd_slot){ d->imp[i].id, geometry_key(&d->imp[i].plane),
					     d->imp[i].last_use };
	i = vd_slot_pick(slots, IMPORT_SLOTS, d->clock, IMPORT_MAX_IDLE, id,
			 geometry_key(plane), &hit, drop);
	for (j = 0; j < IMPORT_SLOTS; j++)
		if (drop[j])
			drop_import(&d->imp[j]);
	victim = &d->imp[i];
	if (hit) {
		victim->last_use = d->clock;
		*out = victim;
		return victim->map ? 0 : unmappable(d);
	}
	fd = ioctl(d->device, VFIO_DEVICE_GET_GFX_DMABUF, &id);
	if (fd < 0)
		return fail(d, -errno, "VFIO_DEVICE_GET_GFX_DMABUF %u failed: %s", id,
			    strerror(errno));
	map = mmap(NULL, plane->size, PROT_READ, MAP_SHARED, fd, 0);
	drop_import(victim);
	victim->id = id;
	victim->plane = *plane;
	victim->fd = fd;
	victim->map = map == MAP_FAILED ? NULL : map;
	victim->last_use = d->clock;
	*out = victim;
	/*
	 * A buffer that cannot be mapped is remembered, fd and all, and never
	 * asked for again: the mbochs sample crashes on GET, close, GET.
	 */
	return victim->map ? 0 : unmappable(d);
}

static int sync_dmabuf(struct vfiodisplay *d, int fd, uint64_t flags)
{
	struct dma_buf_sync sync = { .flags = flags | DMA_BUF_SYNC_READ };

	if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync))
		return fail(d, -errno, "DMA_BUF_IOCTL_SYNC failed: %s (the guest's "
			    "memory behind the plane is gone)", strerror(errno));
	return 0;
}

/* The pixels of a region plane: the device region, mapped once. */
static const uint8_t *region_pixels(struct vfiodisplay *d,
				    const struct vfio_device_gfx_plane_info *plane)
{
	struct vfio_region_info info = { .argsz = sizeof(info) };

	if (d->region_map && d->region_index == plane->region_index)
		return d->region_map;
	if (d->region_map)
		munmap(d->region_map, d->region_size);
	d->region_map = NULL;
	info.index = plane->region_index;
	if (ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &info)) {
		fail(d, -errno, "region %u of the plane: %s", info.index, strerror(errno));
		return NULL;
	}
	if (!(info.flags & VFIO_REGION_INFO_FLAG_MMAP) || info.size < plane->size) {
		fail(d, -EACCES, "region %u cannot be mapped, or is smaller than the plane",
		     info.index);
		return NULL;
	}
	d->region_map = mmap(NULL, info.size, PROT_READ, MAP_SHARED, d->device,
			     (off_t)info.offset);
	if (d->region_map == MAP_FAILED) {
		d->region_map = NULL;
		fail(d, -errno, "mmap of region %u failed: %s", info.index, strerror(errno));
		return NULL;
	}
	d->region_size = info.size;
	d->region_index = plane->region_index;
	return d->region_map;
}

static int ensure_buffers(struct vfiodisplay *d, uint32_t w, uint32_t h)
{
	size_t need = (size_t)w * h;
	int i;

	if (need <= d->buf_pixels)
		return 0;
	for (i = 0; i < 2; i++) {
		uint32_t *p = realloc(d->buf[i], need * sizeof(uint32_t));

		if (!p)
			return fail(d, -ENOMEM, "out of memory for a %ux%u frame", w, h);
		memset(p, 0, need * sizeof(uint32_t));
		d->buf[i] = p;
	}
	d->buf_pixels = need;
	return 0;
}

static int convert(struct vfiodisplay *d, const struct vfio_device_gfx_plane_info *p,
		   const uint8_t *data, uint32_t *dst)
{
	struct vd_surface s = {
		p->drm_format, p->drm_format_mod, p->width, p->height, p->stride,
		data, p->size,
	};
	const char *why = "";
	int ret;

	if (vd_supported(p->drm_format, p->drm_format_mod, &why))
		return fail(d, -ENOTSUP, "the plane has %s (fourcc 0x%08x, modifier 0x%llx)",
			    why, p->drm_format, (unsigned long long)p->drm_format_mod);
	ret = vd_convert(&s, dst, p->width);
	if (ret)
		return fail(d, ret, "the device described a %ux%u plane of stride %u "
			    "that does not fit its %u bytes", p->width, p->height,
			    p->stride, p->size);
	return 0;
}

static int read_primary(struct vfiodisplay *d,
			const struct vfio_device_gfx_plane_info *p, uint32_t *dst)
{
	const uint8_t *data;
	struct imported *imp;
	int ret;

	if (d->kind == VFIODISPLAY_REGION) {
		data = region_pixels(d, p);
		return data ? convert(d, p, data, dst) : -EACCES;
	}
	ret = import(d, p, &imp);
	if (ret)
		return ret;
	ret = sync_dmabuf(d, imp->fd, DMA_BUF_SYNC_START);
	if (!ret) {
		ret = convert(d, p, imp->map, dst);
		sync_dmabuf(d, imp->fd, DMA_BUF_SYNC_END);
	}
	return ret;
}

/* The cursor plane of a dma-buf display; mdpy's answer is its primary. */
static int read_cursor(struct vfiodisplay *d, struct vfiodisplay_cursor *c)
{
	struct vfio_device_gfx_plane_info p;
	struct imported *imp;
	int ret;

	memset(c, 0, sizeof(*c));
	if (d->kind != VFIODISPLAY_DMABUF ||
	    query(d->device, VFIO_GFX_PLANE_TYPE_DMABUF, PLANE_CURSOR, &p) ||
	    p.drm_format != DRM_FORMAT_ARGB8888 || !p.width || p.width > 256 ||
	    p.height > 256 || p.stride != p.width * 4 || p.size < p.stride * p.height)
		return 0;
	/* A cursor that cannot be read is not shown; the frame still is. */
	if (import(d, &p, &imp)) {
		d->err[0] = '\0';
		return 0;
	}
	if (!d->cursor_pixels) {
		d->cursor_pixels = malloc(256 * 256 * sizeof(uint32_t));
		if (!d->cursor_pixels)
			return fail(d, -ENOMEM, "out of memory for the cursor");
	}
	ret = sync_dmabuf(d, imp->fd, DMA_BUF_SYNC_START);
	if (ret)
		return 0;
	c->changed = d->cursor_id != p.dmabuf_id ||
		     memcmp(d->cursor_pixels, imp->map, (size_t)p.width * p.height * 4);
	memcpy(d->cursor_pixels, imp->map, (size_t)p.width * p.height * 4);
	sync_dmabuf(d, imp->fd, DMA_BUF_SYNC_END);
	d->cursor_id = p.dmabuf_id;
	c->visible = true;
	/*
	 * The ABI's position is the image's top-left corner, as GVT-g and
	 * QEMU read it; the frame gives where the hotspot is.
	 */
	c->x_px = (int32_t)((uint32_t)p.x_pos + (p.x_hot == VFIODISPLAY_NO_HOTSPOT ? 0 : p.x_hot));
	c->y_px = (int32_t)((uint32_t)p.y_pos + (p.y_hot == VFIODISPLAY_NO_HOTSPOT ? 0 : p.y_hot));
	c->hot_x_px = p.x_hot;
	c->hot_y_px = p.y_hot;
	c->width_px = p.width;
	c->height_px = p.height;
	c->stride_bytes = p.stride;
	c->pixels = d->cursor_pixels;
	return 0;
}

static const struct vfiodisplay_frame *report_nothing(struct vfiodisplay *d)
{
	struct vfiodisplay_frame *f = &d->frame;

	memset(f, 0, sizeof(*f));
	memset(&d->cursor, 0, sizeof(d->cursor));
	f->cursor = &d->cursor;
	f->changed = d->width || d->height;
	d->width = 0;
	d->height = 0;
	return f;
}

int vfiodisplay_update(struct vfiodisplay *d, unsigned int flags,
		       const struct vfiodisplay_frame **frame)
{
	struct vfiodisplay_frame *f = &d->frame;
	struct vfiodisplay_cursor *c = &d->cursor;
	struct vfio_device_gfx_plane_info p;
	uint32_t *next, *prev;
	struct vd_rect dmg;
	bool resized;
	int ret;
	uint32_t type = d->kind == VFIODISPLAY_DMABUF ? VFIO_GFX_PLANE_TYPE_DMABUF :
			VFIO_GFX_PLANE_TYPE_REGION;

	*frame = NULL;
	d->err[0] = '\0';
	if (flags & ~VFIODISPLAY_COMPOSE_CURSOR)
		return fail(d, -EINVAL, "unknown update flags 0x%x: this is libvfio-display %d.%d.%d",
			    flags & ~VFIODISPLAY_COMPOSE_CURSOR, VFIODISPLAY_VERSION_MAJOR,
			    VFIODISPLAY_VERSION_MINOR, VFIODISPLAY_VERSION_MICRO);
	d->clock++;
	/* Before the query, so that a change during it signals again. */
	rearm_event(d);
	ret = query(d->device, type, PLANE_PRIMARY, &p);
	/* mbochs answers the first query after a mode change with ENOMEM. */
	if (ret == -ENOMEM)
		ret = query(d->device, type, PLANE_PRIMARY, &p);
	if (ret)
		return fail(d, ret, "VFIO_DEVICE_QUERY_GFX_PLANE failed: %s", strerror(-ret));
	d->last = p;
	if (!p.drm_format || !p.size || !p.width || !p.height) {
		*frame = report_nothing(d);
		return 0;
	}
	if (p.width > MAX_SIDE || p.height > MAX_SIDE)
		return fail(d, -ENOTSUP, "a %ux%u plane is larger than the library shows",
			    p.width, p.height);
	ret = ensure_buffers(d, p.width, p.height);
	if (ret)
		return ret;
	next = d->buf[1 - d->cur];
	prev = d->buf[d->cur];
	ret = read_primary(d, &p, next);
	if (ret)
		return ret;
	ret = read_cursor(d, c);
	if (ret)
		return ret;
	if ((flags & VFIODISPLAY_COMPOSE_CURSOR) && c->visible)
		vd_compose_cursor(next, p.width, p.height, p.width, c->pixels,
				  c->width_px, c->height_px, c->x_px, c->y_px,
				  c->hot_x_px, c->hot_y_px);

	memset(f, 0, sizeof(*f));
	resized = p.width != d->width || p.height != d->height;
	if (resized) {
		f->changed = true;
		dmg = (struct vd_rect){ 0, 0, p.width, p.height };
	} else {
		f->changed = vd_damage(prev, next, p.width, p.height, p.width, &dmg);
	}
	f->damage = (struct vfiodisplay_rect){ dmg.x, dmg.y, dmg.w, dmg.h };
	d->cur = 1 - d->cur;
	d->width = p.width;
	d->height = p.height;
	f->width_px = p.width;
	f->height_px = p.height;
	f->stride_bytes = p.width * sizeof(uint32_t);
	f->pixels = next;
	f->cursor = c;
	*frame = f;
	return 0;
}

/*
 * VFIO_DEVICE_GET_REGION_INFO of @index with its capability chain: asked
 * with the bare struct first, then again with the argsz the device says
 * the chain needs (it cannot write the chain into less, and the mbochs
 * sample refuses more than it needs). The caller frees *@out; *@len is
 * the buffer's size.
 */
static int region_info(int device, uint32_t index, struct vfio_region_info **out,
		       size_t *len)
{
	uint32_t argsz = sizeof(struct vfio_region_info);
	struct vfio_region_info *info = NULL, *p;
	int tries, err;

	/* Twice is enough for an honest device; a third try tolerates one that changed. */
	for (tries = 0; tries < 3; tries++) {
		p = realloc(info, argsz);
		if (!p) {
			free(info);
			return -ENOMEM;
		}
		info = p;
		memset(info, 0, argsz);
		info->argsz = argsz;
		info->index = index;
		if (ioctl(device, VFIO_DEVICE_GET_REGION_INFO, info)) {
			err = -errno;
			free(info);
			return err;
		}
		if (info->argsz <= argsz) {
			*out = info;
			*len = argsz;
			return 0;
		}
		if (info->argsz > MAX_REGION_INFO)
			break;
		argsz = info->argsz;
	}
	free(info);
	return -EIO;
}

/* Where the EDID region is in the device fd. */
struct edid_region {
	uint64_t offset;
	uint64_t size;
};

/*
 * Find the EDID region as QEMU does: by its type capability, among the
 * device-specific regions (those past vfio-pci's fixed ones). Looked up
 * on every call, so a handle keeps no state that a reset could stale.
 */
static int find_edid_region(struct vfiodisplay *d, struct edid_region *out)
{
	struct vfio_device_info dev = { .argsz = sizeof(dev) };
	struct vfio_region_info *info = NULL;
	size_t len = 0;
	bool found;
	uint32_t i;
	int ret;

	if (ioctl(d->device, VFIO_DEVICE_GET_INFO, &dev))
		return fail(d, -errno, "VFIO_DEVICE_GET_INFO failed: %s", strerror(errno));
	for (i = VFIO_PCI_NUM_REGIONS; i < dev.num_regions && i < MAX_REGIONS; i++) {
		ret = region_info(d->device, i, &info, &len);
		if (ret == -ENOMEM)
			return fail(d, ret, "out of memory for region %u's description", i);
		/* A region the device will not describe is not one QEMU would use. */
		if (ret)
			continue;
		found = vd_region_has_type(info, len, VFIO_REGION_TYPE_GFX,
					   VFIO_REGION_SUBTYPE_GFX_EDID);
		out->offset = info->offset;
		out->size = info->size;
		free(info);
		if (found)
			return 0;
	}
	return fail(d, -ENOTSUP, "the device has no EDID region (VFIO_REGION_SUBTYPE_GFX_EDID): "
		    "its monitor cannot be set");
}

/* One field of struct vfio_region_gfx_edid, read or written as one dword. */
static int edid_field(struct vfiodisplay *d, const struct edid_region *r, size_t off,
		      const char *name, uint32_t *val, bool write)
{
	ssize_t n;

	if (off + sizeof(*val) > r->size)
		return fail(d, -EIO, "the device's EDID region is too small for its %s", name);
	n = write ? pwrite(d->device, val, sizeof(*val), (off_t)(r->offset + off)) :
		    pread(d->device, val, sizeof(*val), (off_t)(r->offset + off));
	if (n == sizeof(*val))
		return 0;
	return fail(d, n < 0 ? -errno : -EIO, "%s the EDID region's %s failed: %s",
		    write ? "writing" : "reading", name, n < 0 ? strerror(errno) : "short access");
}

#define EDID_FIELD(d, r, field, val, write) \
	edid_field(d, r, offsetof(struct vfio_region_gfx_edid, field), #field, val, write)

static int write_link(struct vfiodisplay *d, const struct edid_region *r, bool up)
{
	uint32_t state = up ? VFIO_DEVICE_GFX_LINK_STATE_UP : VFIO_DEVICE_GFX_LINK_STATE_DOWN;

	return EDID_FIELD(d, r, link_state, &state, true);
}

int vfiodisplay_set_monitor(struct vfiodisplay *d, uint32_t width_px, uint32_t height_px)
{
	uint32_t edid_offset, max_size, max_x, max_y;
	uint8_t blob[VD_EDID_BLOCK];
	struct edid_region r;
	struct vd_monitor mon;
	const char *why = "";
	ssize_t n;
	int ret;

	d->err[0] = '\0';
	ret = find_edid_region(d, &r);
	if (!ret)
		ret = EDID_FIELD(d, &r, edid_offset, &edid_offset, false);
	if (!ret)
		ret = EDID_FIELD(d, &r, edid_max_size, &max_size, false);
	if (!ret)
		ret = EDID_FIELD(d, &r, max_xres, &max_x, false);
	if (!ret)
		ret = EDID_FIELD(d, &r, max_yres, &max_y, false);
	if (ret)
		return ret;
	ret = vd_monitor_edid(blob, max_size < sizeof(blob) ? max_size : sizeof(blob),
			      width_px, height_px, max_x, max_y, &mon, &why);
	if (ret)
		return fail(d, ret, "cannot make a %ux%u monitor: %s", width_px, height_px, why);
	if (edid_offset > r.size || mon.size > r.size - edid_offset)
		return fail(d, -EIO, "the device's EDID blob at 0x%x is outside its %llu-byte region",
			    edid_offset, (unsigned long long)r.size);
	/* QEMU's order: the guest never reads a half-written EDID. */
	ret = write_link(d, &r, false);
	if (ret)
		return ret;
	n = pwrite(d->device, blob, mon.size, (off_t)(r.offset + edid_offset));
	if (n != (ssize_t)mon.size)
		return fail(d, n < 0 ? -errno : -EIO, "writing the EDID failed: %s "
			    "(the monitor is left disconnected)",
			    n < 0 ? strerror(errno) : "short write");
	ret = EDID_FIELD(d, &r, edid_size, &mon.size, true);
	if (!ret)
		ret = write_link(d, &r, true);
	return ret;
}

int vfiodisplay_set_link(struct vfiodisplay *d, bool up)
{
	struct edid_region r;
	int ret;

	d->err[0] = '\0';
	ret = find_edid_region(d, &r);
	return ret ? ret : write_link(d, &r, up);
}
