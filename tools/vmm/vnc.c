// SPDX-License-Identifier: GPL-2.0
#include "vnc.h"

#include <arpa/inet.h>
#include <errno.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <rfb/rfb.h>

#include "vfio_display.h"

/* As QEMU's UI refresh: the display is polled every 30 ms. */
#define POLL_US 30000

struct vnc_server {
	rfbScreenInfoPtr screen;
	struct vfio_display *display;
	uint32_t *fb;
	uint32_t width, height;
	uint32_t shown_id;	/* the dma-buf on screen, to report flips */
	pthread_t thread;
	atomic_bool stop;
};

static int parse_listen(const char *listen, in_addr_t *addr, int *port)
{
	const char *colon = strrchr(listen, ':');
	char host[64] = "127.0.0.1";
	char *end;
	long p;

	if (!colon)
		return -1;
	if (colon != listen) {
		if ((size_t)(colon - listen) >= sizeof(host))
			return -1;
		memcpy(host, listen, colon - listen);
		host[colon - listen] = '\0';
	}
	p = strtol(colon + 1, &end, 10);
	if (*end || p < 1 || p > 65535 || inet_pton(AF_INET, host, addr) != 1)
		return -1;
	*port = (int)p;
	return 0;
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

static void poll_display(struct vnc_server *v)
{
	struct vfio_display_frame f;
	uint32_t y, fourcc, id;
	uint64_t modifier;

	if (vfio_display_update(v->display, VFIO_DISPLAY_COMPOSE_CURSOR, &f) || !f.width)
		return;
	/* Say when another buffer is on screen: a flip, as a viewer sees it. */
	vfio_display_plane(v->display, &fourcc, &modifier, &id);
	if (id != v->shown_id) {
		printf("vgpu-vmm: vnc: showing dmabuf_id %u, %ux%u\n", id, f.width, f.height);
		fflush(stdout);
		v->shown_id = id;
	}
	if ((f.width != v->width || f.height != v->height) && resize(v, f.width, f.height))
		return;
	if (f.changed) {
		for (y = f.damage_y; y < f.damage_y + f.damage_h; y++)
			memcpy(v->fb + (size_t)y * f.width + f.damage_x,
			       f.pixels + (size_t)y * f.stride + f.damage_x,
			       (size_t)f.damage_w * 4);
		rfbMarkRectAsModified(v->screen, (int)f.damage_x, (int)f.damage_y,
				      (int)(f.damage_x + f.damage_w),
				      (int)(f.damage_y + f.damage_h));
	}
}

static void *serve(void *arg)
{
	struct vnc_server *v = arg;

	while (!atomic_load(&v->stop)) {
		poll_display(v);
		rfbProcessEvents(v->screen, POLL_US);
	}
	return NULL;
}

int vnc_start(struct vnc_server **out, int device_fd, const char *listen,
	      char *why, size_t why_len)
{
	struct vnc_server *v = calloc(1, sizeof(*v));
	int port, ret, no_args = 0;
	in_addr_t addr;

	*out = NULL;
	if (!v)
		return -1;
	if (parse_listen(listen, &addr, &port)) {
		snprintf(why, why_len, "bad VNC address '%s': use ADDR:PORT, e.g. 127.0.0.1:5900",
			 listen);
		free(v);
		return -1;
	}
	ret = vfio_display_open(device_fd, &v->display);
	if (ret) {
		snprintf(why, why_len, "the device has no display (%s)", strerror(-ret));
		free(v);
		return -1;
	}
	v->screen = rfbGetScreen(&no_args, NULL, 0, 0, 8, 3, 4);
	if (!v->screen)
		goto fail;
	v->screen->desktopName = "vgpu-display";
	v->screen->listenInterface = addr;
	v->screen->port = port;
	v->screen->ipv6port = 0;
	v->screen->alwaysShared = TRUE;
	v->screen->autoPort = FALSE;
	if (resize(v, 640, 480))
		goto fail;
	/* Show the guest's picture to the first client already. */
	poll_display(v);
	rfbInitServer(v->screen);
	if (v->screen->listenSock < 0) {
		snprintf(why, why_len, "cannot listen on %s for VNC", listen);
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
	vfio_display_close(v->display);
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
	vfio_display_close(v->display);
	free(v->fb);
	free(v);
}
