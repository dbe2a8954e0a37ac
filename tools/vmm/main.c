// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-vmm: a small VMM that owns one mdev vGPU through VFIO, gives it
 * anonymous memory as guest RAM at IOVA 0 and plays a scripted guest.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "script.h"
#include "vfio_dev.h"

static long op_region_rw(void *ctx, unsigned int index, uint64_t off,
			 void *buf, size_t len, bool write)
{
	return vfio_dev_region_rw(ctx, index, off, buf, len, write);
}

static uint8_t *op_ram(void *ctx, size_t *size)
{
	struct vfio_dev *dev = ctx;

	*size = dev->ram_size;
	return dev->ram;
}

static int op_map(void *ctx, uint64_t iova, uint64_t len)
{
	return vfio_dev_map(ctx, iova, len);
}

static int op_unmap(void *ctx, uint64_t iova, uint64_t len)
{
	return vfio_dev_unmap(ctx, iova, len);
}

static int op_reset(void *ctx)
{
	return vfio_dev_reset(ctx);
}

static int op_pinned(void *ctx, uint64_t *pages)
{
	return vfio_dev_sysfs_u64(ctx, "vendor/pinned_pages", pages);
}

static int op_wait_request(void *ctx, int timeout_ms)
{
	return vfio_dev_wait_request(ctx, timeout_ms);
}

static void op_close_device(void *ctx)
{
	vfio_dev_close_device(ctx);
}

static int op_query_plane(void *ctx, uint32_t plane_type,
			  struct vfio_device_gfx_plane_info *info)
{
	return vfio_dev_query_plane(ctx, plane_type, info);
}

static int op_dmabuf_read(void *ctx, uint32_t id, uint64_t off, void *buf,
			  size_t len)
{
	return vfio_dev_dmabuf_read(ctx, id, off, buf, len);
}

static const struct script_ops vfio_script_ops = {
	.region_rw = op_region_rw,
	.ram = op_ram,
	.map = op_map,
	.unmap = op_unmap,
	.reset = op_reset,
	.pinned = op_pinned,
	.wait_request = op_wait_request,
	.close_device = op_close_device,
	.query_plane = op_query_plane,
	.dmabuf_read = op_dmabuf_read,
};

static void usage(FILE *out)
{
	fprintf(out,
		"usage: vgpu-vmm --uuid UUID [--ram MIB] [--quiet] [SCRIPT]\n"
		"  Opens the mdev vGPU UUID through VFIO, maps MIB (default 64)\n"
		"  of guest RAM at IOVA 0 and runs SCRIPT (default: stdin),\n"
		"  the scripted guest of docs/script.md.\n");
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "uuid", required_argument, NULL, 'u' },
		{ "ram", required_argument, NULL, 'r' },
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	const char *uuid = NULL, *script = "-";
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
	ret = script_run(in, script, &vfio_script_ops, &dev, log);
	vfio_dev_close(&dev);
	if (in != stdin)
		fclose(in);
	return ret ? 1 : 0;
}
