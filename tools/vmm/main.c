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
