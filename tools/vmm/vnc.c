// SPDX-License-Identifier: GPL-2.0
#include "vnc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rfb/rfb.h>

#include "vfiodisplay.h"

/*
 * A device without a display interrupt is polled every 30 ms, as QEMU's
 * UI refresh does; one with it is read when it signals. The thread still
 * wakes this often to see whether it should stop.
 */
#define POLL_US 30000
#define STOP_CHECK_US 200000

/*
 * The guest's cursor goes to libvncserver as a cursor shape (rfbSetCursor)
 * at a pointer position (screen->cursorX/Y). libvncserver sends shape and
 * position to a client that draws cursors itself (RichCursor or XCursor,
 * with PointerPos), and draws the cursor into the picture it sends to any
 * other client, keeping our framebuffer free of it. Only a cursor too
 * large for libvncserver's cursor shape update is composited into the
 * framebuffer instead, for every client.
 *
 * A shape has a 1-bit mask: a pixel shows when its alpha is at least
 * ALPHA_SHOWN. libvncserver 0.9.14 could blend an 8-bit alpha
 * (alphaSource), but only in the picture it draws itself, rounding
 * otherwise than libvfio-display; RichCursor and XCursor clients get the
 * mask. One rule for both keeps every client's picture the same. (Nor is
 * its rfbMakeMaskFromAlphaSource() of use: 0.9.14 shifts that mask a pixel
 * to the left and loses every eighth column.)
 */
#define ALPHA_SHOWN 128

/*
 * The largest shape libvncserver sends: header, XCursor colours (counted
 * for RichCursor too), a 32-bit pixel each and the mask must fit its
 * update buffer, or the update fails and its rectangles are lost.
 */
#define SHAPE_BYTES_MAX (UPDATE_BUF_SIZE - sz_rfbFramebufferUpdateRectHeader - \
			 sz_rfbXCursorColors)

/* A pointer position that puts a cursor far off any screen. */
#define FAR_AWAY (-0x100000)

/* How the guest's cursor shows. */
enum cursor_kind {
	CURSOR_NONE,		/* nothing of it is on the screen */
	CURSOR_SHAPE,		/* as a cursor shape */
	CURSOR_COMPOSE,		/* too large for a shape: composited */
};

/*
 * The cursor as libvncserver shows it: a rectangle of the guest's image
 * (which may reach past the image; pixels there are transparent) with
 * its hotspot at a pointer position on the screen.
 */
struct cursor_place {
	int32_t x, y;		/* the pointer, on the screen */
	int64_t img_x, img_y;	/* the rectangle's top left in the guest's image */
	uint32_t w, h;		/* the rectangle's size */
	uint32_t hot_x, hot_y;	/* the hotspot in the rectangle */
};

struct vnc_server {
	rfbScreenInfoPtr screen;
	struct vfiodisplay *display;
	uint32_t *fb;
	uint32_t width, height;
	uint32_t shown_id;	/* the dma-buf on screen, to report flips */
	bool shape_set;		/* libvncserver has our cursor, as in place */
	struct cursor_place place;
	bool compose;		/* composite the cursor into the next frame */
	int event;		/* the display interrupt's fd, or -1: poll */
	pthread_t thread;
	atomic_bool stop;
};

static int64_t clamp64(int64_t v, int64_t lo, int64_t hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

/* Pixel (@x, @y) of the cursor image, which is stride_bytes a row. */
static uint32_t cursor_pixel(const struct vfiodisplay_cursor *c, uint32_t x, uint32_t y)
{
	const uint8_t *row = (const uint8_t *)c->pixels + (size_t)y * c->stride_bytes;

	return ((const uint32_t *)row)[x];
}

/*
 * Where the cursor @c shows on a @sw x @sh screen, in @p. Clients take a
 * pointer position on the screen only, and a hotspot within the shape:
 * the rectangle is the image's shown pixels (alpha >= ALPHA_SHOWN) and
 * the hotspot, cut to the screen when the hotspot is off it, with the
 * pointer at the hotspot moved onto the screen. While the hotspot is on
 * the screen the rectangle does not depend on the position, so that a
 * move sends no new shape.
 */
static enum cursor_kind place_cursor(const struct vfiodisplay_cursor *c, uint32_t sw,
				     uint32_t sh, struct cursor_place *p)
{
	int64_t hx = c->hot_x_px == VFIODISPLAY_NO_HOTSPOT ? 0 : c->hot_x_px;
	int64_t hy = c->hot_y_px == VFIODISPLAY_NO_HOTSPOT ? 0 : c->hot_y_px;
	int64_t left = (int64_t)c->x_px - hx, top = (int64_t)c->y_px - hy;
	int64_t x0 = INT64_MAX, y0 = INT64_MAX, x1 = INT64_MIN, y1 = INT64_MIN;
	int64_t px, py, w, h;
	uint32_t i, j;

	if (!c->visible || !c->pixels || !sw || !sh)
		return CURSOR_NONE;
	for (j = 0; j < c->height_px; j++) {
		for (i = 0; i < c->width_px; i++) {
			if (cursor_pixel(c, i, j) >> 24 < ALPHA_SHOWN)
				continue;
			x0 = i < x0 ? i : x0;
			x1 = i > x1 ? i : x1;
			y0 = j < y0 ? j : y0;
			y1 = j;
		}
	}
	if (x1 < x0)
		return CURSOR_NONE;
	/* On the screen, ends exclusive. */
	x0 += left;
	x1 += left + 1;
	y0 += top;
	y1 += top + 1;
	if (x1 <= 0 || y1 <= 0 || x0 >= sw || y0 >= sh)
		return CURSOR_NONE;
	px = clamp64(c->x_px, 0, (int64_t)sw - 1);
	py = clamp64(c->y_px, 0, (int64_t)sh - 1);
	if (px != c->x_px || py != c->y_px) {
		x0 = clamp64(x0, 0, sw);
		x1 = clamp64(x1, 0, sw);
		y0 = clamp64(y0, 0, sh);
		y1 = clamp64(y1, 0, sh);
	}
	x0 = px < x0 ? px : x0;
	x1 = px + 1 > x1 ? px + 1 : x1;
	y0 = py < y0 ? py : y0;
	y1 = py + 1 > y1 ? py + 1 : y1;
	w = x1 - x0;
	h = y1 - y0;
	if (w > 0xffff || h > 0xffff || w * h * 4 + (w + 7) / 8 * h > SHAPE_BYTES_MAX)
		return CURSOR_COMPOSE;
	p->x = (int32_t)px;
	p->y = (int32_t)py;
	p->img_x = x0 - left;
	p->img_y = y0 - top;
	p->w = (uint32_t)w;
	p->h = (uint32_t)h;
	p->hot_x = (uint32_t)(px - x0);
	p->hot_y = (uint32_t)(py - y0);
	return CURSOR_SHAPE;
}

/* Whether @a and @b take the same shape of one image. */
static bool same_shape(const struct cursor_place *a, const struct cursor_place *b)
{
	return a->img_x == b->img_x && a->img_y == b->img_y && a->w == b->w &&
	       a->h == b->h && a->hot_x == b->hot_x && a->hot_y == b->hot_y;
}

/*
 * The libvncserver cursor for @p of @c: heap-allocated with every
 * cleanup flag set, since libvncserver frees it (rfbFreeCursor) when the
 * next one is set and at rfbScreenCleanup(). richSource is in the
 * server's pixel format, 4 bytes a pixel (bitsPerPixel / 8, not depth)
 * and width * 4 bytes a row; the mask has (width + 7) / 8 bytes a row,
 * the leftmost pixel in the top bit. XCursor's two-colour source is made
 * from richSource by libvncserver when a client asks for it.
 */
static rfbCursorPtr make_cursor(const struct vfiodisplay_cursor *c,
				const struct cursor_place *p)
{
	size_t row = (p->w + 7) / 8;
	rfbCursorPtr cur = calloc(1, sizeof(*cur));
	uint32_t *rich;
	uint32_t i, j;

	if (!cur)
		return NULL;
	cur->richSource = calloc((size_t)p->w * p->h, 4);
	cur->mask = calloc(row, p->h);
	if (!cur->richSource || !cur->mask) {
		free(cur->richSource);
		free(cur->mask);
		free(cur);
		return NULL;
	}
	cur->cleanup = cur->cleanupSource = cur->cleanupMask = cur->cleanupRichSource = TRUE;
	cur->width = (unsigned short)p->w;
	cur->height = (unsigned short)p->h;
	cur->xhot = (unsigned short)p->hot_x;
	cur->yhot = (unsigned short)p->hot_y;
	rich = (uint32_t *)cur->richSource;
	for (j = 0; j < p->h; j++) {
		int64_t sy = p->img_y + j;

		if (sy < 0 || sy >= c->height_px)
			continue;
		for (i = 0; i < p->w; i++) {
			int64_t sx = p->img_x + i;
			uint32_t px;

			if (sx < 0 || sx >= c->width_px)
				continue;
			px = cursor_pixel(c, (uint32_t)sx, (uint32_t)sy);
			if (px >> 24 < ALPHA_SHOWN)
				continue;
			rich[(size_t)j * p->w + i] = px & 0xffffff;
			cur->mask[j * row + i / 8] |= 0x80 >> (i % 8);
		}
	}
	return cur;
}

/* Take the cursor off every client's screen. */
static void drop_cursor(struct vnc_server *v)
{
	if (v->shape_set)
		rfbSetCursor(v->screen, NULL);
	v->shape_set = false;
}

/* Put the pointer at (@x, @y) for libvncserver and its clients. */
static void move_pointer(struct vnc_server *v, int x, int y)
{
	rfbClientIteratorPtr it;
	rfbClientPtr cl;

	if (v->screen->cursorX == x && v->screen->cursorY == y)
		return;
	v->screen->cursorX = x;
	v->screen->cursorY = y;
	/*
	 * libvncserver redraws the picture of a client without cursor shapes
	 * when its cursorX/Y differ from the screen's; the others are told.
	 */
	it = rfbGetClientIterator(v->screen);
	while ((cl = rfbClientIteratorNext(it)))
		if (cl->enableCursorPosUpdates)
			cl->cursorWasMoved = TRUE;
	rfbReleaseClientIterator(it);
}

/*
 * Show the frame's cursor @c, composited into the frame already when
 * @composed. A new shape goes to libvncserver when the guest's image
 * changed (another dma-buf or other pixels) or the rectangle did;
 * a move only moves the pointer.
 */
static void show_cursor(struct vnc_server *v, const struct vfiodisplay_cursor *c,
			bool composed)
{
	struct cursor_place p;
	enum cursor_kind kind = place_cursor(c, v->width, v->height, &p);
	rfbCursorPtr cur;

	v->compose = kind == CURSOR_COMPOSE;
	/* A composited frame has the cursor; the shape comes with the next. */
	if (kind != CURSOR_SHAPE || composed) {
		drop_cursor(v);
		return;
	}
	if (!v->shape_set || c->changed || !same_shape(&p, &v->place)) {
		cur = make_cursor(c, &p);
		if (!cur) {
			drop_cursor(v);
			return;
		}
		rfbSetCursor(v->screen, cur);
		v->shape_set = true;
		v->place = p;
	}
	move_pointer(v, p.x, p.y);
}

/*
 * Before each update to a client. A client that draws cursor shapes but
 * takes no PointerPos would draw the guest's cursor at its own pointer,
 * not where the guest put it: libvncserver draws the cursor into the
 * picture for it, as for a client without cursor shapes.
 */
static void before_update(rfbClientPtr cl)
{
	if (!cl->enableCursorShapeUpdates || cl->enableCursorPosUpdates)
		return;
	cl->enableCursorShapeUpdates = FALSE;
	cl->useRichCursorEncoding = FALSE;
	cl->cursorWasChanged = FALSE;
	/* As a move from far away: the cursor's rectangle goes with this update. */
	cl->cursorX = FAR_AWAY;
	cl->cursorY = FAR_AWAY;
}

/* The guest has no pointing device: a viewer's pointer moves nothing. */
static void ignore_pointer(int buttons, int x, int y, rfbClientPtr cl)
{
	(void)buttons;
	(void)x;
	(void)y;
	(void)cl;
}

/* A framebuffer of the frame's size, in the display's XRGB8888 layout. */
static int resize(struct vnc_server *v, uint32_t w, uint32_t h)
{
	uint32_t *fb = calloc((size_t)w * h, sizeof(*fb));

	if (!fb)
		return -1;
	if (!v->screen->frameBuffer) {
		v->screen->frameBuffer = (char *)fb;
		v->screen->width = (int)w;
		v->screen->height = (int)h;
		v->screen->paddedWidthInBytes = (int)w * 4;
	} else {
		rfbNewFramebuffer(v->screen, (char *)fb, (int)w, (int)h, 8, 3, 4);
	}
	v->screen->serverFormat.redShift = 16;
	v->screen->serverFormat.greenShift = 8;
	v->screen->serverFormat.blueShift = 0;
	free(v->fb);
	v->fb = fb;
	v->width = w;
	v->height = h;
	return 0;
}

/* Show frame @f, its cursor composited already when @composed. */
static void show_frame(struct vnc_server *v, const struct vfiodisplay_frame *f, bool composed)
{
	uint32_t x = f->damage.x_px, y = f->damage.y_px;
	uint32_t w = f->damage.width_px, h = f->damage.height_px;
	bool changed = f->changed;

	if (!f->width_px) {
		drop_cursor(v);
		v->compose = false;
		return;
	}
	if (f->width_px != v->width || f->height_px != v->height) {
		if (resize(v, f->width_px, f->height_px)) {
			drop_cursor(v);
			return;
		}
		/* A new framebuffer takes the whole frame. */
		changed = true;
		x = y = 0;
		w = f->width_px;
		h = f->height_px;
	}
	if (changed) {
		uint32_t row;

		for (row = y; row < y + h; row++)
			memcpy(v->fb + (size_t)row * f->width_px + x,
			       (const uint8_t *)f->pixels + (size_t)row * f->stride_bytes +
			       (size_t)x * 4, (size_t)w * 4);
		rfbMarkRectAsModified(v->screen, (int)x, (int)y, (int)(x + w), (int)(y + h));
	}
	show_cursor(v, f->cursor, composed);
}

/* Show the display as it is now; true when the next frame must come soon. */
static bool poll_display(struct vnc_server *v)
{
	unsigned int flags = v->compose ? VFIODISPLAY_COMPOSE_CURSOR : 0;
	const struct vfiodisplay_frame *f;
	uint32_t fourcc, id;
	uint64_t modifier;

	if (vfiodisplay_update(v->display, flags, &f))
		return false;
	/* Say when another buffer is on screen: a flip, as a viewer sees it. */
	vfiodisplay_plane(v->display, &fourcc, &modifier, &id);
	if (f->width_px && id != v->shown_id) {
		printf("vgpu-vmm: vnc: showing dmabuf_id %u, %ux%u\n", id, f->width_px,
		       f->height_px);
		fflush(stdout);
		v->shown_id = id;
	}
	show_frame(v, f, flags & VFIODISPLAY_COMPOSE_CURSOR);
	/* The cursor's way of showing changed: redraw with the new one. */
	return v->compose != (bool)(flags & VFIODISPLAY_COMPOSE_CURSOR);
}

/*
 * Wait until a client or the device has something for us, or @usec pass.
 * Returns true when the device's display interrupt fired.
 */
static bool wait_for_work(struct vnc_server *v, long usec)
{
	fd_set fds = v->screen->allFds;
	struct timeval tv = { .tv_sec = usec / 1000000, .tv_usec = usec % 1000000 };
	int max_fd = v->screen->maxFd;

	if (v->event >= 0) {
		FD_SET(v->event, &fds);
		max_fd = v->event > max_fd ? v->event : max_fd;
	}
	if (select(max_fd + 1, &fds, NULL, NULL, &tv) <= 0)
		return false;
	return v->event >= 0 && FD_ISSET(v->event, &fds);
}

static void *serve(void *arg)
{
	struct vnc_server *v = arg;
	bool due = true;

	while (!atomic_load(&v->stop)) {
		if (due)
			due = poll_display(v);
		rfbProcessEvents(v->screen, 0);
		if (v->event < 0) {
			wait_for_work(v, POLL_US);
			due = true;
		} else {
			due = wait_for_work(v, due ? 0 : STOP_CHECK_US) || due;
		}
	}
	return NULL;
}

/*
 * libvncserver's screen for @v, listening on @addr:@port once
 * rfbInitServer() runs, with a black 640x480 picture and no cursor.
 */
static int make_screen(struct vnc_server *v, in_addr_t addr, int port)
{
	int no_args = 0;

	v->screen = rfbGetScreen(&no_args, NULL, 0, 0, 8, 3, 4);
	if (!v->screen)
		return -1;
	v->screen->desktopName = "vgpu-display";
	v->screen->listenInterface = addr;
	v->screen->port = port;
	v->screen->ipv6port = 0;
	v->screen->alwaysShared = TRUE;
	v->screen->autoPort = FALSE;
	v->screen->ptrAddEvent = ignore_pointer;
	v->screen->displayHook = before_update;
	/* Not libvncserver's default X-shaped cursor: ours, once there is one. */
	rfbSetCursor(v->screen, NULL);
	return resize(v, 640, 480);
}

int vnc_start(struct vnc_server **out, int device_fd, const struct vmm_vnc_addr *listen,
	      char *why, size_t why_len)
{
	struct vnc_server *v = calloc(1, sizeof(*v));
	int ret;

	*out = NULL;
	if (why_len)
		why[0] = '\0';
	if (!v) {
		snprintf(why, why_len, "out of memory for the VNC server");
		return -1;
	}
	ret = vfiodisplay_open(device_fd, &v->display);
	if (ret) {
		snprintf(why, why_len, "the device has no display (%s)", strerror(-ret));
		free(v);
		return -1;
	}
	if (make_screen(v, listen->host.s_addr, listen->port)) {
		snprintf(why, why_len, "libvncserver could not make a screen (out of memory?)");
		goto fail;
	}
	/* Wait on the display interrupt where the device has one. */
	v->event = vfiodisplay_event_fd(v->display);
	printf("vgpu-vmm: vnc: %s\n", v->event >= 0 ? "updates on the display interrupt" :
	       "the device has no display interrupt: polling every 30 ms");
	fflush(stdout);
	/* Show the guest's picture to the first client already. */
	poll_display(v);
	rfbInitServer(v->screen);
	if (v->screen->listenSock < 0) {
		char host[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, &listen->host, host, sizeof(host));
		snprintf(why, why_len, "cannot listen on %s port %u for VNC (in use? another "
			 "DISPLAY then)", host, listen->port);
		goto fail;
	}
	if (pthread_create(&v->thread, NULL, serve, v)) {
		snprintf(why, why_len, "cannot start the VNC thread");
		goto fail;
	}
	*out = v;
	return 0;
fail:
	if (v->screen) {
		rfbShutdownServer(v->screen, TRUE);
		rfbScreenCleanup(v->screen);
	}
	vfiodisplay_close(v->display);
	free(v->fb);
	free(v);
	return -1;
}

void vnc_stop(struct vnc_server *v)
{
	if (!v)
		return;
	atomic_store(&v->stop, true);
	pthread_join(v->thread, NULL);
	rfbShutdownServer(v->screen, TRUE);
	/* The framebuffer is ours; keep libvncserver from freeing it. */
	v->screen->frameBuffer = NULL;
	rfbScreenCleanup(v->screen);
	vfiodisplay_close(v->display);
	free(v->fb);
	free(v);
}
