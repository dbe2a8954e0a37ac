// SPDX-License-Identifier: GPL-2.0
/*
 * Plane buffers through the real ABI, inside the test VM: bad plane ioctl
 * arguments, and the lifetime of a dma-buf that user space holds across
 * close, reset, unmap and removal of its vGPU, and through PRIME import
 * into our DRM device and its dumb map (the way Mesa's kms_swrast reads
 * it), plus the DRM device's dumb buffers and foreign imports. The last test removes the vGPU.
 * Usage: dmabuf_life UUID
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <libdrm/drm.h>
#include <linux/dma-buf.h>

#include "script.h"
#include "vfio_dev.h"

#define FB_SIZE 8192

static const char *uuid;
static struct vfio_dev dev;

/* A 64x32 XRGB8888 frame in two guest pages filled with 0x11223344. */
static const char frame_script[] =
	"write cfg COMMAND 2 6\n"
	"fill 0x100000 8192 0x11223344\n"
	"ggtt 0 0x100000\n"
	"ggtt 1 0x101000\n"
	"write bar0 PIPESRC 4 0x003f001f\n"
	"write bar0 PLANE_SIZE 4 0x001f003f\n"
	"write bar0 PLANE_STRIDE 4 4\n"
	"write bar0 PLANE_CTL 4 0x84000000\n"
	"write bar0 PLANE_SURF 4 0\n"
	"write bar0 PIPECONF 4 0x80000000\n";

static int run_script(const char *text)
{
	return script_run_text(text, "guest", &vfio_script_ops, &dev, NULL);
}

static int open_with_frame(void **state)
{
	char why[256];

	(void)state;
	if (vfio_dev_open(&dev, uuid, 16 << 20, why, sizeof(why))) {
		fprintf(stderr, "dmabuf_life: %s\n", why);
		return -1;
	}
	return run_script(frame_script);
}

static int close_dev(void **state)
{
	(void)state;
	vfio_dev_close(&dev);
	return 0;
}

static uint64_t debugfs(const char *name)
{
	char path[128];
	uint64_t v = ~0ull;
	FILE *f;

	snprintf(path, sizeof(path), "/sys/kernel/debug/vgpu_display/%s", name);
	f = fopen(path, "re");
	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = ~0ull;
		fclose(f);
	}
	return v;
}

static uint64_t pinned(void)
{
	uint64_t v = ~0ull;

	vfio_dev_sysfs_u64(&dev, "vendor/pinned_pages", &v);
	return v;
}

static uint64_t pins_total(void)
{
	uint64_t v = ~0ull;

	vfio_dev_sysfs_u64(&dev, "vendor/pins_total", &v);
	return v;
}

static uint32_t primary_id(void)
{
	struct vfio_device_gfx_plane_info info;

	assert_int_equal(vfio_dev_query_plane(&dev, 1, &info), 0);
	assert_int_equal(info.drm_format, 0x34325258);
	assert_int_not_equal(info.dmabuf_id, 0);
	return info.dmabuf_id;
}

static int get_dmabuf(uint32_t id)
{
	return ioctl(dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &id);
}

static uint32_t *map_fb(int fd)
{
	void *map = mmap(NULL, FB_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);

	assert_true(map != MAP_FAILED);
	return map;
}

/* Whether reading the first word of @map kills a child with SIGBUS. */
static bool read_gets_sigbus(const volatile uint32_t *map)
{
	int status;
	pid_t pid = fork();

	if (pid == 0) {
		/* cmocka catches SIGBUS to report it; the child must die of it. */
		signal(SIGBUS, SIG_DFL);
		(void)map[0];
		_exit(0);
	}
	assert_true(pid > 0);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGBUS;
}

static int sync_errno(int fd, uint64_t flags)
{
	struct dma_buf_sync sync = { .flags = flags };

	return ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync) ? errno : 0;
}

static int plane_ioctl(struct vfio_device_gfx_plane_info *info)
{
	return ioctl(dev.device, VFIO_DEVICE_QUERY_GFX_PLANE, info) ? errno : 0;
}

static void test_plane_ioctl_arguments(void **state)
{
	const size_t minsz = offsetof(struct vfio_device_gfx_plane_info, dmabuf_id) + 4;
	struct vfio_device_gfx_plane_info info;
	uint8_t raw[sizeof(info) + 8];
	void *none;
	uint32_t id;

	(void)state;
	memset(&info, 0, sizeof(info));
	info.flags = VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_DMABUF;
	info.argsz = sizeof(info);
	assert_int_equal(plane_ioctl(&info), 0);
	info.flags = VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_REGION;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.flags = VFIO_GFX_PLANE_TYPE_PROBE;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.flags = VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_DMABUF |
		     VFIO_GFX_PLANE_TYPE_REGION;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.flags = VFIO_GFX_PLANE_TYPE_REGION;
	info.drm_plane_type = 1;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.flags = 0;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.flags = VFIO_GFX_PLANE_TYPE_DMABUF | (1u << 3);
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.flags = VFIO_GFX_PLANE_TYPE_DMABUF | (1u << 31);
	assert_int_equal(plane_ioctl(&info), EINVAL);

	/* Plane types other than primary and cursor. */
	info.flags = VFIO_GFX_PLANE_TYPE_DMABUF;
	info.drm_plane_type = 0;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.drm_plane_type = 3;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.drm_plane_type = 99;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.drm_plane_type = 0xffffffff;
	assert_int_equal(plane_ioctl(&info), EINVAL);

	/* Short argsz; 6.1's minimum works and writes nothing past it. */
	info.drm_plane_type = 1;
	info.argsz = 0;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	info.argsz = minsz - 1;
	assert_int_equal(plane_ioctl(&info), EINVAL);
	memset(raw, 0xee, sizeof(raw));
	info.argsz = minsz;
	memcpy(raw, &info, minsz);
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_QUERY_GFX_PLANE, raw), 0);
	memcpy(&info, raw, sizeof(info));
	assert_int_equal(info.width, 64);
	assert_int_not_equal(info.dmabuf_id, 0);
	assert_int_equal(raw[minsz], 0xee);
	/* A larger argsz from a newer user space is fine too. */
	info.argsz = sizeof(raw);
	assert_int_equal(plane_ioctl(&info), 0);

	/* Faulting pointers. */
	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(none != MAP_FAILED);
	errno = 0;
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_QUERY_GFX_PLANE, none), -1);
	assert_int_equal(errno, EFAULT);
	errno = 0;
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_GFX_DMABUF, none), -1);
	assert_int_equal(errno, EFAULT);
	munmap(none, 4096);

	/* Ids that name no buffer. */
	id = 0;
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &id), -1);
	assert_int_equal(errno, ENOENT);
	id = 0xdeadbeef;
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &id), -1);
	assert_int_equal(errno, ENOENT);

	/* A disabled plane: success, every output zeroed. */
	memset(&info, 0xaa, sizeof(info));
	info.argsz = sizeof(info);
	info.flags = VFIO_GFX_PLANE_TYPE_DMABUF;
	info.drm_plane_type = 2;
	assert_int_equal(plane_ioctl(&info), 0);
	assert_int_equal(info.drm_format, 0);
	assert_int_equal(info.drm_format_mod, 0);
	assert_int_equal(info.width, 0);
	assert_int_equal(info.height, 0);
	assert_int_equal(info.stride, 0);
	assert_int_equal(info.size, 0);
	assert_int_equal(info.x_pos, 0);
	assert_int_equal(info.x_hot, 0);
	assert_int_equal(info.dmabuf_id, 0);
}

/* The sequences that crash the mbochs sample: GET twice; GET, close, GET. */
static void test_get_twice_and_again(void **state)
{
	uint32_t id = primary_id();
	uint64_t pins = pins_total();
	struct stat a, b;
	int fd1, fd2, fd3;
	uint32_t *map;

	(void)state;
	/* The buffer pinned its pages once; asking again pins nothing. */
	assert_int_equal(primary_id(), id);
	fd1 = get_dmabuf(id);
	fd2 = get_dmabuf(id);
	assert_true(fd1 >= 0 && fd2 >= 0);
	assert_int_equal(fcntl(fd1, F_GETFD) & FD_CLOEXEC, FD_CLOEXEC);
	/* One dma-buf per buffer: both fds are the same file. */
	assert_int_equal(fstat(fd1, &a), 0);
	assert_int_equal(fstat(fd2, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	close(fd1);
	map = map_fb(fd2);
	assert_int_equal(map[0], 0x11223344);
	munmap(map, FB_SIZE);
	close(fd2);
	fd3 = get_dmabuf(id);
	assert_true(fd3 >= 0);
	map = map_fb(fd3);
	assert_int_equal(map[FB_SIZE / 4 - 1], 0x11223344);
	/* A private mapping would copy guest pages on write: refused. */
	assert_true(mmap(NULL, FB_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd3, 0) ==
		    MAP_FAILED);
	/* Nor may a mapping reach past the buffer. */
	assert_true(mmap(NULL, FB_SIZE + 4096, PROT_READ, MAP_SHARED, fd3, 0) == MAP_FAILED);
	munmap(map, FB_SIZE);
	close(fd3);
	assert_int_equal(pins_total(), pins);
}

static void test_fd_survives_reset(void **state)
{
	uint32_t id = primary_id();
	int fd = get_dmabuf(id);
	uint32_t *map;

	(void)state;
	assert_true(fd >= 0);
	map = map_fb(fd);
	assert_int_equal(vfio_dev_reset(&dev), 0);
	assert_int_equal(map[0], 0x11223344);
	/* Still the guest's own page: a guest write shows. */
	((uint32_t *)(dev.ram + 0x100000))[1] = 0xabcdef01;
	assert_int_equal(map[1], 0xabcdef01);
	assert_int_equal(sync_errno(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0);
	assert_int_equal(sync_errno(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ), 0);
	assert_int_equal(pinned(), 2);
	munmap(map, FB_SIZE);
	close(fd);
	assert_int_equal(debugfs("live_buffers"), 0);
	assert_int_equal(pinned(), 0);
}

static void test_fd_survives_close(void **state)
{
	uint32_t id = primary_id();
	int fd = get_dmabuf(id);
	uint32_t *map;

	(void)state;
	assert_true(fd >= 0);
	map = map_fb(fd);
	vfio_dev_close_device(&dev);
	/* VFIO's pins went with the device; our page references did not. */
	assert_int_equal(pinned(), 0);
	assert_int_equal(debugfs("live_buffer_pages"), 2);
	assert_int_equal(map[5], 0x11223344);
	/* The VMM lets go of its RAM and container too: the pages stay. */
	vfio_dev_close(&dev);
	assert_int_equal(map[6], 0x11223344);
	assert_int_equal(sync_errno(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_RW), 0);
	munmap(map, FB_SIZE);
	/* A new mapping after all that works as well. */
	map = map_fb(fd);
	assert_int_equal(map[7], 0x11223344);
	munmap(map, FB_SIZE);
	close(fd);
	assert_int_equal(debugfs("live_buffers"), 0);
	assert_int_equal(debugfs("live_buffer_pages"), 0);
}

/*
 * The VMM takes the guest's memory away under a held buffer: the pins go at
 * once, and the buffer goes stale. Its mappings show a zeroed page of its
 * own from then on (a renderer reading it must not die of SIGBUS, and what
 * the VMM does with that memory next is none of its business); the next
 * query makes a new buffer once the memory is back.
 */
static void test_unmap_shows_scratch(void **state)
{
	uint32_t id = primary_id(), id2;
	int fd = get_dmabuf(id);
	uint32_t *map, *map2;

	(void)state;
	assert_true(fd >= 0);
	map = map_fb(fd);
	assert_int_equal(map[0], 0x11223344);
	assert_int_equal(pinned(), 2);
	assert_int_equal(vfio_dev_unmap(&dev, 0, dev.ram_size), 0);
	assert_int_equal(pinned(), 0);
	assert_false(read_gets_sigbus(map));
	assert_int_equal(map[1], 0);
	assert_int_equal(sync_errno(fd, DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ), 0);
	assert_int_equal(sync_errno(fd, DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ), 0);
	map2 = map_fb(fd);
	assert_int_equal(map2[FB_SIZE / 4 - 1], 0);
	/* One scratch page: a write through one mapping shows in the other. */
	map2[3] = 0x99;
	assert_int_equal(map[3], 0x99);
	assert_int_equal(((uint32_t *)(dev.ram + 0x100000))[3], 0x11223344);
	munmap(map2, FB_SIZE);
	assert_int_equal(debugfs("live_buffer_pages"), 2);
	/* Nothing to show until the memory is back; then a new buffer. */
	{
		struct vfio_device_gfx_plane_info info;

		assert_int_equal(vfio_dev_query_plane(&dev, 1, &info), 0);
		assert_int_equal(info.drm_format, 0);
	}
	assert_int_equal(vfio_dev_map(&dev, 0, dev.ram_size), 0);
	assert_int_equal(run_script(frame_script), 0);
	((uint32_t *)(dev.ram + 0x100000))[0] = 0x55667788;
	id2 = primary_id();
	assert_int_not_equal(id2, id);
	close(fd);
	fd = get_dmabuf(id2);
	assert_true(fd >= 0);
	map2 = map_fb(fd);
	assert_int_equal(map2[0], 0x55667788);
	munmap(map2, FB_SIZE);
	munmap(map, FB_SIZE);
	close(fd);
}

/* A DRM primary node's fd, found by driver name. */
static int open_drm(const char *driver)
{
	char path[64], name[64];
	int i, fd;

	for (i = 0; i < 16; i++) {
		struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		if (!ioctl(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, driver))
			return fd;
		close(fd);
	}
	return -1;
}

static void test_prime_import(void **state)
{
	uint32_t id = primary_id();
	struct drm_prime_handle h1 = { 0 }, h2 = { 0 }, back = { 0 };
	struct drm_gem_close gclose = { 0 };
	struct stat a, b;
	int drm = open_drm("vgpu_display");
	uint32_t *map;

	(void)state;
	assert_true(drm >= 0);
	h1.fd = get_dmabuf(id);
	h2.fd = get_dmabuf(id);
	assert_int_equal(ioctl(drm, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h1), 0);
	assert_int_equal(ioctl(drm, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h2), 0);
	/* Our own dma-buf imports as our own object, once. */
	assert_int_equal(h1.handle, h2.handle);
	close(h1.fd);
	close(h2.fd);
	back.handle = h1.handle;
	back.flags = DRM_CLOEXEC | DRM_RDWR;
	assert_int_equal(ioctl(drm, DRM_IOCTL_PRIME_HANDLE_TO_FD, &back), 0);
	h1.fd = get_dmabuf(id);
	assert_int_equal(fstat(back.fd, &a), 0);
	assert_int_equal(fstat(h1.fd, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	map = map_fb(back.fd);
	assert_int_equal(map[0], 0x11223344);
	munmap(map, FB_SIZE);
	close(back.fd);
	close(h1.fd);
	gclose.handle = h1.handle;
	assert_int_equal(ioctl(drm, DRM_IOCTL_GEM_CLOSE, &gclose), 0);
	close(drm);
}

/*
 * Another driver imports the buffer through an attachment and our scatter
 * list: vgem. (Its dumb map refuses imported objects, so no mapping.)
 */
static void test_import_into_vgem(void **state)
{
	struct drm_prime_handle h = { 0 }, back = { 0 };
	struct drm_gem_close gclose = { 0 };
	int vgem = open_drm("vgem");
	struct stat a, b;

	(void)state;
	assert_true(vgem >= 0);
	h.fd = get_dmabuf(primary_id());
	assert_true(h.fd >= 0);
	assert_int_equal(ioctl(vgem, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h), 0);
	back.handle = h.handle;
	back.flags = DRM_CLOEXEC;
	assert_int_equal(ioctl(vgem, DRM_IOCTL_PRIME_HANDLE_TO_FD, &back), 0);
	assert_int_equal(fstat(h.fd, &a), 0);
	assert_int_equal(fstat(back.fd, &b), 0);
	assert_int_equal(a.st_ino, b.st_ino);
	close(back.fd);
	close(h.fd);
	/* The VMM unmaps while vgem holds the attachment: nothing breaks. */
	assert_int_equal(vfio_dev_unmap(&dev, 0, dev.ram_size), 0);
	assert_int_equal(pinned(), 0);
	gclose.handle = h.handle;
	assert_int_equal(ioctl(vgem, DRM_IOCTL_GEM_CLOSE, &gclose), 0);
	close(vgem);
}

static uint32_t *map_dumb(int drm, uint32_t handle, size_t size)
{
	struct drm_mode_map_dumb m = { .handle = handle };
	void *map;

	assert_int_equal(ioctl(drm, DRM_IOCTL_MODE_MAP_DUMB, &m), 0);
	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED, drm, m.offset);
	assert_true(map != MAP_FAILED);
	return map;
}

static void gem_close(int drm, uint32_t handle)
{
	struct drm_gem_close c = { .handle = handle };

	assert_int_equal(ioctl(drm, DRM_IOCTL_GEM_CLOSE, &c), 0);
}

/*
 * Mesa's kms_swrast (QEMU's egl-headless display) sees a plane this way:
 * PRIME import on the primary node, then the dumb map and mmap of the DRM
 * fd. It must reach the guest's live pages, and lose them on unmap.
 */
static void test_dumb_map_of_plane(void **state)
{
	struct drm_prime_handle h = { 0 };
	int drm = open_drm("vgpu_display");
	uint32_t *map;

	(void)state;
	assert_true(drm >= 0);
	h.fd = get_dmabuf(primary_id());
	assert_int_equal(ioctl(drm, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h), 0);
	close(h.fd);
	map = map_dumb(drm, h.handle, FB_SIZE);
	assert_int_equal(map[0], 0x11223344);
	assert_int_equal(map[FB_SIZE / 4 - 1], 0x11223344);
	/* Zero copy: the guest's later writes show, in both pages. */
	memset(dev.ram + 0x100000, 0x5a, 4);
	memset(dev.ram + 0x101ffc, 0xa5, 4);
	assert_int_equal(map[0], 0x5a5a5a5a);
	assert_int_equal(map[FB_SIZE / 4 - 1], 0xa5a5a5a5);
	/* Unmapped: the renderer reads black, and lives. */
	assert_int_equal(vfio_dev_unmap(&dev, 0, dev.ram_size), 0);
	assert_int_equal(pinned(), 0);
	assert_false(read_gets_sigbus(map));
	assert_int_equal(map[0], 0);
	munmap(map, FB_SIZE);
	gem_close(drm, h.handle);
	close(drm);
}

/* The renderer's own buffers: dumb buffers of our device, and their limits. */
static void test_dumb_buffers(void **state)
{
	struct drm_mode_create_dumb c = { .width = 64, .height = 32, .bpp = 32 };
	struct drm_mode_create_dumb huge = { .width = 1u << 30, .height = 1u << 30, .bpp = 32 };
	struct drm_mode_map_dumb bad = { .handle = 0xdead };
	int drm = open_drm("vgpu_display");
	uint32_t *map, *again;

	(void)state;
	assert_true(drm >= 0);
	assert_int_equal(ioctl(drm, DRM_IOCTL_MODE_CREATE_DUMB, &c), 0);
	assert_true(c.pitch >= 64 * 4);
	assert_true(c.size >= (uint64_t)c.pitch * 32);
	map = map_dumb(drm, c.handle, c.size);
	assert_int_equal(map[0], 0);
	map[0] = 0xcafe;
	again = map_dumb(drm, c.handle, c.size);
	assert_int_equal(again[0], 0xcafe);
	munmap(again, c.size);
	munmap(map, c.size);
	gem_close(drm, c.handle);
	assert_int_equal(ioctl(drm, DRM_IOCTL_MODE_CREATE_DUMB, &huge), -1);
	assert_true(errno == EINVAL || errno == ENOMEM);
	assert_int_equal(ioctl(drm, DRM_IOCTL_MODE_MAP_DUMB, &bad), -1);
	assert_int_equal(errno, ENOENT);
	close(drm);
}

/*
 * A dma-buf of another exporter (vgem's here, mbochs's for QEMU) imported
 * into our device maps through our DRM fd by way of its exporter.
 */
static void test_foreign_import_maps(void **state)
{
	struct drm_mode_create_dumb c = { .width = 64, .height = 32, .bpp = 32 };
	struct drm_prime_handle out = { .flags = DRM_CLOEXEC | DRM_RDWR }, in = { 0 };
	int vgem = open_drm("vgem"), drm = open_drm("vgpu_display");
	uint32_t *theirs, *ours;

	(void)state;
	assert_true(vgem >= 0 && drm >= 0);
	assert_int_equal(ioctl(vgem, DRM_IOCTL_MODE_CREATE_DUMB, &c), 0);
	theirs = map_dumb(vgem, c.handle, c.size);
	theirs[5] = 0x12345678;
	out.handle = c.handle;
	assert_int_equal(ioctl(vgem, DRM_IOCTL_PRIME_HANDLE_TO_FD, &out), 0);
	in.fd = out.fd;
	assert_int_equal(ioctl(drm, DRM_IOCTL_PRIME_FD_TO_HANDLE, &in), 0);
	ours = map_dumb(drm, in.handle, c.size);
	assert_int_equal(ours[5], 0x12345678);
	ours[6] = 0x9abcdef0;
	assert_int_equal(theirs[6], 0x9abcdef0);
	munmap(ours, c.size);
	munmap(theirs, c.size);
	gem_close(drm, in.handle);
	gem_close(vgem, c.handle);
	close(out.fd);
	close(drm);
	close(vgem);
}

/*
 * A guest writes garbage into plane registers and GGTT entries, between
 * queries, GETs and reads. Rounds start from the valid frame and garble a
 * little, so that planes are often shown and the buffer paths run too.
 */
static void test_hostile_guest(void **state)
{
	static const uint32_t regs[] = { 0x6001c, 0x70008, 0x70080, 0x70084, 0x70088,
					 0x70180, 0x70188, 0x7018c, 0x70190, 0x7019c,
					 0x701a4, 0x78020, 0x78024 };
	unsigned int seed = 7, i, shown = 0;

	(void)state;
	for (i = 0; i < 3000; i++) {
		struct vfio_device_gfx_plane_info info;
		uint32_t v = (uint32_t)rand_r(&seed) * 2654435761u;
		uint32_t reg = regs[(size_t)rand_r(&seed) % 13];
		uint64_t e = ((uint64_t)rand_r(&seed) << 12) | (rand_r(&seed) & 1);

		if (i % 20 == 0) {
			assert_int_equal(vfio_dev_reset(&dev), 0);
			assert_int_equal(run_script(frame_script), 0);
		}
		/* Entries inside the 16 MiB of guest RAM half the time. */
		if (rand_r(&seed) & 1)
			e = 0x100000 + ((uint64_t)(rand_r(&seed) % 64) << 12) + 1;
		if (rand_r(&seed) & 1) {
			if (rand_r(&seed) & 1) {
				uint32_t old = 0;

				vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX, reg, &old, 4, false);
				v = old ^ (v & 0xff);
			}
			if (vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX, reg, &v, 4, true) != 4)
				fail_msg("register write failed");
		} else if (vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX,
					      0x800000 + 8 * ((size_t)rand_r(&seed) % 8),
					      &e, 8, true) != 8) {
			fail_msg("GGTT write failed");
		}
		assert_int_equal(vfio_dev_query_plane(&dev, 1 + (i & 1), &info), 0);
		if (info.dmabuf_id) {
			uint8_t px[4];

			shown++;
			assert_int_equal(vfio_dev_dmabuf_read(&dev, info.dmabuf_id,
							      info.size - 4, px, 4), 0);
		}
	}
	print_message("%u of 3000 queries showed a plane\n", shown);
	assert_true(shown > 100);
	/* The cache's 8 buffers of at most 64 pages (a 64x64 cursor: 4). */
	assert_true(pinned() <= 8 * 64);
}

struct remover {
	pthread_t thread;
	int ret;
};

static void *remove_vgpu(void *arg)
{
	struct remover *r = arg;
	char path[128];
	int fd;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/remove", uuid);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	r->ret = fd >= 0 && write(fd, "1", 1) == 1 ? 0 : -errno;
	if (fd >= 0)
		close(fd);
	return NULL;
}

/* Last: the vGPU goes away while user space holds its buffer. */
static void test_fd_survives_remove(void **state)
{
	uint32_t id = primary_id();
	struct remover r = { .ret = 1 };
	int fd = get_dmabuf(id);
	uint32_t *map;
	long ret;

	(void)state;
	assert_true(fd >= 0);
	map = map_fb(fd);
	assert_int_equal(pthread_create(&r.thread, NULL, remove_vgpu, &r), 0);
	/* The removal asks for the device back; give it. */
	assert_int_equal(vfio_dev_wait_request(&dev, 60000), 0);
	vfio_dev_close(&dev);
	assert_int_equal(pthread_join(r.thread, NULL), 0);
	assert_int_equal(r.ret, 0);
	{
		char path[128];

		snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s", uuid);
		assert_int_equal(access(path, F_OK), -1);
	}
	assert_int_equal(map[0], 0x11223344);
	/* The module stays while the buffer lives. */
	ret = syscall(SYS_delete_module, "vgpu_display", O_NONBLOCK);
	assert_int_equal(ret, -1);
	assert_true(errno == EWOULDBLOCK || errno == EBUSY);
	munmap(map, FB_SIZE);
	close(fd);
	assert_int_equal(debugfs("live_buffers"), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plane_ioctl_arguments, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_get_twice_and_again, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_fd_survives_reset, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_fd_survives_close, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_unmap_shows_scratch, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_prime_import, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_import_into_vgem, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_dumb_map_of_plane, open_with_frame, close_dev),
		cmocka_unit_test(test_dumb_buffers),
		cmocka_unit_test(test_foreign_import_maps),
		cmocka_unit_test_setup_teardown(test_hostile_guest, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_fd_survives_remove, open_with_frame, close_dev),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: dmabuf_life UUID\n");
		return 2;
	}
	uuid = argv[1];
	return cmocka_run_group_tests_name("dmabuf_life", tests, NULL, NULL);
}
