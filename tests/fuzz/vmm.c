// SPDX-License-Identifier: GPL-2.0
/*
 * The buggy VMM: random commands and arguments to every ioctl of the
 * device fd, of our DRM device's fd and of a plane's dma-buf fd, random
 * region reads and writes, random mmaps. Arguments point at random bytes,
 * at NULL, at wild addresses, or run into an unmapped guard page.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <libdrm/drm.h>
#include <linux/dma-buf.h>

#include "fuzz.h"

#define ARG_SIZE (64u << 10)

enum target { TARGET_DEVICE, TARGET_DRM, TARGET_DMABUF, NR_TARGETS };

struct vmm {
	struct vfio_dev dev;
	struct fuzz_rng rng;
	int fd[NR_TARGETS];
	uint8_t *arg;		/* ARG_SIZE bytes, then a PROT_NONE page */
	uint64_t calls[NR_TARGETS];
	uint64_t rw_calls;
	uint64_t mmaps;
	uint64_t accepted;	/* calls that did not fail */
};

/* Our DRM device's primary node, found by driver name. */
static int open_our_drm(void)
{
	char path[64], name[32];
	int i, fd;

	for (i = 0; i < 16; i++) {
		struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		/* Non-blocking: a read of a DRM fd otherwise waits for an event. */
		fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		if (!ioctl(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, "vgpu_display"))
			return fd;
		close(fd);
	}
	return -1;
}

/* Show a frame again and take a fresh dma-buf of it, replacing the old. */
static void refresh_dmabuf(struct vmm *v)
{
	struct vfio_device_gfx_plane_info info;

	if (v->fd[TARGET_DMABUF] >= 0)
		close(v->fd[TARGET_DMABUF]);
	v->fd[TARGET_DMABUF] = -1;
	vfio_dev_enable_memory(&v->dev);
	if (fuzz_show_frame(&v->dev, 0x100000, 0x11223344) ||
	    vfio_dev_query_plane(&v->dev, VGPU_PLANE_PRIMARY, &info) || !info.dmabuf_id)
		return;
	v->fd[TARGET_DMABUF] = ioctl(v->dev.device, VFIO_DEVICE_GET_GFX_DMABUF,
				     &info.dmabuf_id);
}

static unsigned long pick_cmd(struct vmm *v, enum target t)
{
	struct fuzz_rng *rng = &v->rng;
	uint32_t size = rng_one_in(rng, 4) ? rng_below(rng, 1u << 14) : rng_below(rng, 256);
	uint32_t dir = rng_below(rng, 4);

	if (rng_one_in(rng, 8))
		return rng_u32(rng);
	switch (t) {
	case TARGET_DEVICE:
		/* VFIO's commands carry no size or direction: _IO(';', 100 + n). */
		return _IO(VFIO_TYPE, VFIO_BASE + rng_below(rng, 24));
	case TARGET_DRM:
		return _IOC(dir, DRM_IOCTL_BASE, rng_below(rng, 256), size);
	default:
		return _IOC(dir, DMA_BUF_BASE, rng_below(rng, 16), size);
	}
}

/* An argument: random bytes with a plausible argsz, or a bad pointer. */
static void *pick_arg(struct vmm *v)
{
	static const uint32_t argsz[] = { 0, 1, 4, 8, 16, 24, 32, 64, 72, 4096, ~0u };
	struct fuzz_rng *rng = &v->rng;
	uint32_t i, len = 256 + rng_below(rng, 1024);

	switch (rng_below(rng, 10)) {
	case 0:
		return NULL;
	case 1:
		return (void *)(uintptr_t)(rng_u64(rng) & 0x7fffffffffffull);
	case 2:
		/* The struct runs into the guard page. */
		return v->arg + ARG_SIZE - rng_below(rng, 64);
	}
	for (i = 0; i < len; i += 4) {
		uint32_t word = rng_one_in(rng, 2) ? rng_below(rng, 16) : rng_u32(rng);

		memcpy(v->arg + i, &word, 4);
	}
	memcpy(v->arg, &argsz[rng_below(rng, sizeof(argsz) / sizeof(argsz[0]))], 4);
	return v->arg;
}

static void random_ioctl(struct vmm *v, enum target t)
{
	long ret;

	if (v->fd[t] < 0)
		return;
	ret = ioctl(v->fd[t], pick_cmd(v, t), pick_arg(v));
	v->calls[t]++;
	if (ret >= 0) {
		v->accepted++;
		/* GET_GFX_DMABUF, PRIME export... may hand out fds: drop them. */
		if (ret > 2 && ret != v->fd[TARGET_DEVICE] && ret != v->fd[TARGET_DRM] &&
		    ret != v->fd[TARGET_DMABUF] && ret > v->dev.container && ret > v->dev.group &&
		    ret > v->dev.req_eventfd && fcntl((int)ret, F_GETFD) >= 0)
			close((int)ret);
	}
}

static uint64_t pick_offset(struct vmm *v)
{
	struct fuzz_rng *rng = &v->rng;
	uint32_t index = rng_below(rng, VFIO_PCI_NUM_REGIONS + 2);
	uint64_t base = index < VFIO_PCI_NUM_REGIONS && v->dev.region[index].size ?
			v->dev.region[index].offset : (uint64_t)index << 40;
	uint64_t size = index < VFIO_PCI_NUM_REGIONS ? v->dev.region[index].size : 0;

	switch (rng_below(rng, 4)) {
	case 0:
		return rng_u64(rng);
	case 1:
		return base + size - rng_below(rng, 64);
	default:
		return base + (size ? rng_u64(rng) % size : rng_below(rng, 4096));
	}
}

static void random_rw(struct vmm *v)
{
	struct fuzz_rng *rng = &v->rng;
	enum target t = rng_one_in(rng, 8) ? rng_below(rng, NR_TARGETS) : TARGET_DEVICE;
	size_t len = rng_one_in(rng, 16) ? rng_below(rng, 2 * ARG_SIZE) : rng_below(rng, 16);
	uint8_t *buf = v->arg + (len < ARG_SIZE ? ARG_SIZE - len : 0);
	uint64_t off = pick_offset(v);
	ssize_t n;

	if (v->fd[t] < 0)
		return;
	if (rng_one_in(rng, 2))
		n = pread(v->fd[t], buf, len, (off_t)off);
	else
		n = pwrite(v->fd[t], buf, len, (off_t)off);
	v->rw_calls++;
	if (n >= 0)
		v->accepted++;
}

static void random_mmap(struct vmm *v)
{
	struct fuzz_rng *rng = &v->rng;
	enum target t = rng_below(rng, NR_TARGETS);
	size_t len = (1 + rng_below(rng, 8)) << 12;
	uint64_t off = rng_one_in(rng, 2) ? pick_offset(v) & ~0xfffull :
		       (uint64_t)rng_below(rng, 4) << 12;
	int prot = rng_one_in(rng, 2) ? PROT_READ : PROT_READ | PROT_WRITE;
	uint8_t *map, byte;

	if (v->fd[t] < 0)
		return;
	map = mmap(NULL, len, prot, MAP_SHARED, v->fd[t], (off_t)off);
	v->mmaps++;
	if (map == MAP_FAILED)
		return;
	v->accepted++;
	fuzz_guarded_copy(&byte, map + rng_below(rng, (uint32_t)len), 1);
	munmap(map, len);
}

static void step(struct vmm *v, uint64_t i)
{
	uint32_t what = rng_below(&v->rng, 100);

	/* Random ioctls reset the device and unmap the frame: set it up again. */
	if (i % 2000 == 0 || v->fd[TARGET_DMABUF] < 0)
		refresh_dmabuf(v);
	if (what < 70)
		random_ioctl(v, rng_below(&v->rng, NR_TARGETS));
	else if (what < 97)
		random_rw(v);
	else
		random_mmap(v);
}

int fuzz_vmm(const struct fuzz_args *args)
{
	uint64_t min = args->min ? args->min : 100000, total, i;
	struct vmm v = { .fd = { -1, -1, -1 } };
	double end = fuzz_now() + args->seconds;
	int ok;

	rng_seed(&v.rng, args->seed);
	v.arg = mmap(NULL, ARG_SIZE + 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (v.arg == MAP_FAILED || mprotect(v.arg + ARG_SIZE, 4096, PROT_NONE))
		return 1;
	if (fuzz_open(&v.dev, args->uuid))
		return 1;
	v.fd[TARGET_DEVICE] = v.dev.device;
	v.fd[TARGET_DRM] = open_our_drm();
	for (i = 0; (i & 255) || fuzz_now() < end; i++)
		step(&v, i);
	if (v.fd[TARGET_DMABUF] >= 0)
		close(v.fd[TARGET_DMABUF]);
	if (v.fd[TARGET_DRM] >= 0)
		close(v.fd[TARGET_DRM]);
	vfio_dev_close(&v.dev);

	total = v.calls[TARGET_DEVICE] + v.calls[TARGET_DRM] + v.calls[TARGET_DMABUF] +
		v.rw_calls + v.mmaps;
	printf("fuzz vmm: seed %lu, %.0f s: %lu calls: %lu device ioctls, %lu DRM ioctls, "
	       "%lu dma-buf ioctls, %lu preads/pwrites, %lu mmaps; %lu succeeded\n",
	       args->seed, args->seconds, total, v.calls[TARGET_DEVICE], v.calls[TARGET_DRM],
	       v.calls[TARGET_DMABUF], v.rw_calls, v.mmaps, v.accepted);
	ok = fuzz_check(total >= min, "VMM fuzzer: %lu calls (at least %lu)", total, min);
	ok &= fuzz_check(v.calls[TARGET_DRM] && v.calls[TARGET_DMABUF],
			 "VMM fuzzer: reached the DRM fd and a dma-buf fd too");
	return ok ? 0 : 1;
}
