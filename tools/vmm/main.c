// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-vmm: a small VMM that owns one mdev vGPU through VFIO, gives it
 * anonymous memory as guest RAM at IOVA 0 and plays a scripted guest.
 */
#include <errno.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "png_out.h"
#include "script.h"
#include "vfio_dev.h"
#include "vfio_display.h"
#include "vnc.h"

/* Write the device's display to @path through libvfio-display. */
static int snapshot(struct vfio_dev *dev, const char *path)
{
	struct vfio_display_frame frame;
	struct vfio_display *display;
	uint32_t fourcc, id;
	uint64_t modifier;
	char why[256];
	int ret;

	ret = vfio_display_open(dev->device, &display);
	if (ret) {
		fprintf(stderr, "vgpu-vmm: the device has no display (%s)\n", strerror(-ret));
		return -1;
	}
	ret = vfio_display_update(display, VFIO_DISPLAY_COMPOSE_CURSOR, &frame);
	vfio_display_plane(display, &fourcc, &modifier, &id);
	if (ret && fourcc) {
		fprintf(stderr, "vgpu-vmm: found a %.4s plane (modifier 0x%llx, dmabuf_id %u) "
			"but cannot read its pixels: %s\n", (const char *)&fourcc,
			(unsigned long long)modifier, id, vfio_display_error(display));
	} else if (ret) {
		fprintf(stderr, "vgpu-vmm: cannot read the display: %s\n",
			vfio_display_error(display));
	} else if (!frame.width) {
		fprintf(stderr, "vgpu-vmm: the guest shows nothing yet: no PNG written\n");
		ret = -1;
	} else if (png_write_xrgb(path, frame.pixels, frame.width, frame.height,
				  frame.stride, why, sizeof(why))) {
		fprintf(stderr, "vgpu-vmm: %s\n", why);
		ret = -1;
	} else {
		printf("vgpu-vmm: wrote %s: %ux%u from a %.4s %s plane%s\n", path,
		       frame.width, frame.height, (const char *)&fourcc,
		       vfio_display_kind(display) == VFIO_DISPLAY_DMABUF ? "dma-buf" : "region",
		       frame.cursor.visible ? ", cursor composited" : "");
	}
	vfio_display_close(display);
	return ret ? -1 : 0;
}

/*
 * The script's monitor commands, through libvfio-display as a VMM would
 * use it: a handle per command, so that nothing outlives a reset or a
 * close the script does in between.
 */
static int with_display(struct vfio_dev *dev, uint32_t width, uint32_t height,
			int link, char *why, size_t why_len)
{
	struct vfio_display *display;
	int ret;

	ret = vfio_display_open(dev->device, &display);
	if (ret) {
		snprintf(why, why_len, "the device has no display (%s)", strerror(-ret));
		return ret;
	}
	ret = link < 0 ? vfio_display_set_monitor(display, width, height) :
			 vfio_display_set_link(display, link);
	if (ret)
		snprintf(why, why_len, "%s", vfio_display_error(display));
	vfio_display_close(display);
	return ret;
}

static int op_monitor(void *ctx, uint32_t width, uint32_t height, char *why,
		      size_t why_len)
{
	return with_display(ctx, width, height, -1, why, why_len);
}

static int op_link(void *ctx, bool up, char *why, size_t why_len)
{
	return with_display(ctx, 0, 0, up, why, why_len);
}

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vgpu-vmm --uuid UUID [--ram MIB] [--quiet] [--png FILE]\n"
		"                [--vnc [ADDR]:PORT] [SCRIPT]\n"
		"  Opens the mdev vGPU UUID through VFIO, maps MIB (default 64)\n"
		"  of guest RAM at IOVA 0 and runs SCRIPT (default: stdin),\n"
		"  the scripted guest of docs/script.md.\n"
		"  --png FILE  then write the display, cursor included, to FILE\n"
		"  --vnc ADDR:PORT  serve the live display over VNC while the\n"
		"              script runs, and after it until SIGINT or SIGTERM;\n"
		"              the address defaults to 127.0.0.1\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "uuid", required_argument, NULL, 'u' },
		{ "ram", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "png", required_argument, NULL, 'p' },
		{ "vnc", required_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *uuid = NULL, *script = "-", *png = NULL, *vnc_listen = NULL;
	struct vnc_server *vnc = NULL;
	struct script_ops ops;
	sigset_t stop_signals;
	unsigned long ram_mib = 64;
	struct vfio_dev dev;
	FILE *in, *log = stdout;
	char why[256];
	int c, ret;

	/* Line by line, so that a test or a person sees progress as it happens. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	while ((c = getopt_long(argc, argv, "u:r:qh", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			uuid = optarg;
			break;
		case 'r':
			ram_mib = strtoul(optarg, NULL, 0);
			break;
		case 'q':
			log = NULL;
			break;
		case 'p':
			png = optarg;
			break;
		case 'v':
			vnc_listen = optarg;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind < argc)
		script = argv[optind++];
	if (!uuid || optind < argc || !ram_mib || ram_mib > 4096) {
		usage(stderr);
		return 2;
	}
	in = strcmp(script, "-") ? fopen(script, "re") : stdin;
	if (!in) {
		fprintf(stderr, "vgpu-vmm: cannot open script %s: %s\n", script,
			strerror(errno));
		return 1;
	}
	ret = vfio_dev_open(&dev, uuid, ram_mib << 20, why, sizeof(why));
	if (ret) {
		fprintf(stderr, "vgpu-vmm: %s\n", why);
		return 1;
	}
	/* Signals wait for sigwait() in this thread, not in the VNC one. */
	sigemptyset(&stop_signals);
	sigaddset(&stop_signals, SIGINT);
	sigaddset(&stop_signals, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &stop_signals, NULL);
	if (vnc_listen) {
		if (vnc_start(&vnc, dev.device, vnc_listen, why, sizeof(why))) {
			fprintf(stderr, "vgpu-vmm: %s\n", why);
			vfio_dev_close(&dev);
			return 1;
		}
		printf("vgpu-vmm: serving the display on VNC at %s; watch it with "
		       "a VNC viewer, e.g. vncviewer %s\n", vnc_listen, vnc_listen);
	}
	ops = vfio_script_ops;
	ops.monitor = op_monitor;
	ops.link = op_link;
	ret = script_run(in, script, &ops, &dev, log);
	if (!ret && png)
		ret = snapshot(&dev, png);
	if (!ret && vnc) {
		int sig;

		printf("vgpu-vmm: script done; still serving VNC until SIGINT or SIGTERM\n");
		sigwait(&stop_signals, &sig);
	}
	vnc_stop(vnc);
	vfio_dev_close(&dev);
	if (in != stdin)
		fclose(in);
	return ret ? 1 : 0;
}
