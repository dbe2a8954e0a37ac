// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-vmm: a small VMM that owns one mdev vGPU through VFIO, gives it
 * anonymous memory as guest RAM at IOVA 0 and plays a scripted guest.
 */
#include <errno.h>
#include <getopt.h>
#include <arpa/inet.h>
#include <signal.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "options.h"
#include "png_out.h"
#include "script.h"
#include "vfio_dev.h"
#include "vfiodisplay.h"
#include "vnc.h"

#ifndef VGPU_VERSION
#error "VGPU_VERSION is the VERSION file's version: build with make"
#endif

/* Write the device's display to @path through libvfio-display. */
static int snapshot(struct vfio_dev *dev, const char *path)
{
	const struct vfiodisplay_frame *frame;
	struct vfiodisplay *display;
	uint32_t fourcc, id;
	uint64_t modifier;
	char why[256];
	int ret;

	ret = vfiodisplay_open(dev->device, &display);
	if (ret) {
		fprintf(stderr, "vgpu-vmm: the device has no display (%s)\n", strerror(-ret));
		return -1;
	}
	ret = vfiodisplay_update(display, VFIODISPLAY_COMPOSE_CURSOR, &frame);
	vfiodisplay_plane(display, &fourcc, &modifier, &id);
	if (ret && fourcc) {
		fprintf(stderr, "vgpu-vmm: found a %.4s plane (modifier 0x%llx, dmabuf_id %u) "
			"but cannot read its pixels: %s\n", (const char *)&fourcc,
			(unsigned long long)modifier, id, vfiodisplay_error(display));
	} else if (ret) {
		fprintf(stderr, "vgpu-vmm: cannot read the display: %s\n",
			vfiodisplay_error(display));
	} else if (!frame->width_px) {
		fprintf(stderr, "vgpu-vmm: the guest shows nothing yet: no PNG written\n");
		ret = -1;
	} else if (png_write_xrgb(path, frame->pixels, frame->width_px, frame->height_px,
				  frame->stride_bytes / 4, why, sizeof(why))) {
		fprintf(stderr, "vgpu-vmm: %s\n", why);
		ret = -1;
	} else {
		printf("vgpu-vmm: wrote %s: %ux%u from a %.4s %s plane%s\n", path,
		       frame->width_px, frame->height_px, (const char *)&fourcc,
		       vfiodisplay_kind(display) == VFIODISPLAY_DMABUF ? "dma-buf" : "region",
		       frame->cursor->visible ? ", cursor composited" : "");
	}
	vfiodisplay_close(display);
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
	struct vfiodisplay *display;
	int ret;

	ret = vfiodisplay_open(dev->device, &display);
	if (ret) {
		snprintf(why, why_len, "the device has no display (%s)", strerror(-ret));
		return ret;
	}
	ret = link < 0 ? vfiodisplay_set_monitor(display, width, height) :
			 vfiodisplay_set_link(display, link);
	if (ret)
		snprintf(why, why_len, "%s", vfiodisplay_error(display));
	vfiodisplay_close(display);
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
		"usage: vgpu-vmm -u UUID [-r SIZE] [-q] [--png FILE] [--vnc [HOST]:DISPLAY] [SCRIPT]\n"
		"       vgpu-vmm -h | -V\n"
		"Opens the mdev vGPU UUID through VFIO, maps SIZE of guest RAM at IOVA 0\n"
		"and runs SCRIPT (default: stdin), the scripted guest of docs/script.md.\n"
		"\n"
		"  -u, --uuid UUID   the vGPU, as in /sys/bus/mdev/devices/UUID\n"
		"  -r, --ram SIZE    guest RAM, from 1M to 4G (default 64M); a plain number\n"
		"                    is MiB, K, M and G mean KiB, MiB and GiB\n"
		"  -q, --quiet       print only errors, not each script command\n"
		"      --png FILE    then write the display, cursor included, to FILE\n"
		"      --vnc [HOST]:DISPLAY  serve the live display over VNC, as QEMU's\n"
		"                    -vnc: TCP port 5900 + DISPLAY ([HOST]::PORT for a\n"
		"                    port), HOST 127.0.0.1 by default; no password, so\n"
		"                    keep it on loopback; served while the script runs\n"
		"                    and after it until SIGINT or SIGTERM\n"
		"  -h, --help        print this help and exit\n"
		"  -V, --version     print the version and exit\n"
		"\n"
		"Exit status: 0 when the script ran, 1 when it or the device failed,\n"
		"2 for a usage error. See vgpu-vmm(1).\n");
}

/* One line saying what is wrong with the command line; exit status 2. */
static int __attribute__((format(printf, 1, 2))) usage_error(const char *fmt, ...)
{
	va_list ap;

	fputs("vgpu-vmm: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputs("; try 'vgpu-vmm --help'\n", stderr);
	return 2;
}

/* The option getopt_long() stopped at, as the user wrote it. */
static const char *bad_option(char **argv, char *buf, size_t len)
{
	const char *arg = argv[optind - 1];

	if (!strncmp(arg, "--", 2)) {
		snprintf(buf, len, "%.*s", (int)strcspn(arg, "="), arg);
		return buf;
	}
	snprintf(buf, len, "-%c", optopt ? optopt : '?');
	return buf;
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
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	const char *uuid = NULL, *script = "-", *png = NULL;
	struct vmm_vnc_addr vnc_addr;
	bool vnc_wanted = false;
	struct vnc_server *vnc = NULL;
	struct script_ops ops;
	sigset_t stop_signals;
	unsigned long ram_mib = VMM_RAM_MIB_DEFAULT;
	const char *bad;
	char opt[64];
	struct vfio_dev dev;
	FILE *in, *log = stdout;
	char host[INET_ADDRSTRLEN];
	char why[256] = "";
	int c, ret;

	/* Line by line, so that a test or a person sees progress as it happens. */
	setvbuf(stdout, NULL, _IOLBF, 0);
	/* Our own one-line messages, not getopt's. */
	opterr = 0;
	while ((c = getopt_long(argc, argv, ":u:r:qhV", opts, NULL)) != -1) {
		switch (c) {
		case 'u':
			uuid = optarg;
			break;
		case 'r':
			if (vmm_parse_ram(optarg, &ram_mib, &bad))
				return usage_error("--ram '%s': %s (e.g. 64, 512M, 1G)",
						   optarg, bad);
			break;
		case 'q':
			log = NULL;
			break;
		case 'p':
			png = optarg;
			break;
		case 'v':
			if (vmm_parse_vnc(optarg, &vnc_addr, &bad))
				return usage_error("--vnc '%s': %s (e.g. 127.0.0.1:0 for port 5900)",
						   optarg, bad);
			vnc_wanted = true;
			break;
		case 'h':
			usage(stdout);
			return 0;
		case 'V':
			printf("vgpu-vmm %s\n", VGPU_VERSION);
			return 0;
		case ':':
			return usage_error("%s needs an argument",
					   bad_option(argv, opt, sizeof(opt)));
		default:
			/* getopt_long() names a known option that got an argument. */
			return usage_error(optopt && !strncmp(argv[optind - 1], "--", 2) ?
					   "%s takes no argument" : "unknown option %s",
					   bad_option(argv, opt, sizeof(opt)));
		}
	}
	if (optind < argc)
		script = argv[optind++];
	if (optind < argc)
		return usage_error("one SCRIPT only, not also '%s'", argv[optind]);
	if (!uuid)
		return usage_error("no --uuid: which mdev vGPU to open (see mdevctl list)");
	if (vnc_wanted && !vnc_addr.loopback) {
		inet_ntop(AF_INET, &vnc_addr.host, host, sizeof(host));
		fprintf(stderr, "vgpu-vmm: warning: VNC on %s has no password: anyone who can "
			"reach port %u sees the guest's display; serve on 127.0.0.1 and "
			"tunnel (ssh -L) instead\n", host, vnc_addr.port);
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
	if (vnc_wanted) {
		if (vnc_start(&vnc, dev.device, &vnc_addr, why, sizeof(why))) {
			fprintf(stderr, "vgpu-vmm: %s\n", why);
			vfio_dev_close(&dev);
			return 1;
		}
		inet_ntop(AF_INET, &vnc_addr.host, host, sizeof(host));
		printf("vgpu-vmm: serving the display on VNC at %s port %u; watch it with "
		       "a VNC viewer, e.g. vncviewer %s::%u\n", host, vnc_addr.port,
		       vnc_addr.loopback ? host : "THIS-HOST", vnc_addr.port);

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
