// SPDX-License-Identifier: GPL-2.0
/*
 * The holes a review of the buffer lifetimes found (docs/hardening.md,
 * "Found by review"), each played the way a hostile or clumsy VMM plays
 * it, inside the test VM: an O_PATH open that outlives a dma-buf's file,
 * an in-kernel importer's vmap after the VMM unmapped the pages, unbinding
 * the driver under held buffers, a VMM that keeps every buffer, and a
 * plane whose pages cannot be pinned queried again and again.
 * Usage: lifetime_holes UUID UUID2 (a second vGPU for the unmap race)
 */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdatomic.h>
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
#include <unistd.h>
#include <cmocka.h>
#include <linux/dma-buf.h>
#include <linux/membarrier.h>
#include <linux/videodev2.h>

#include "vfio_dev.h"

#define FRAME_GPA	0x100000u
#define FRAME_PIXEL	0x11223344u
#define GGTT_ENTRY(i)	(VGPU_GGTT_BASE + 8 * (i))

static const char *uuid, *uuid2;
static struct vfio_dev dev;

static void reg_write(enum vgpu_reg reg, uint32_t val)
{
	assert_int_equal(vfio_dev_reg_write(&dev, reg, val), 0);
}

static void ggtt_write(uint32_t index, uint64_t entry)
{
	assert_int_equal(vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX,
					    GGTT_ENTRY(index), &entry, 8, true), 8);
}

/*
 * A width x height XRGB8888 primary plane over consecutive guest pages
 * from FRAME_GPA, every pixel FRAME_PIXEL; width a multiple of 16.
 */
static void show_frame(uint32_t width, uint32_t height)
{
	uint32_t pages = (width * height * 4 + 4095) / 4096, i;
	uint32_t *px = (uint32_t *)(dev.ram + FRAME_GPA);

	for (i = 0; i < width * height; i++)
		px[i] = FRAME_PIXEL;
	for (i = 0; i < pages; i++)
		ggtt_write(i, (FRAME_GPA + (uint64_t)i * 4096) | VGPU_GGTT_VALID);
	reg_write(VGPU_REG_PIPESRC, (width - 1) << 16 | (height - 1));
	reg_write(VGPU_REG_PLANE_SIZE, (height - 1) << 16 | (width - 1));
	reg_write(VGPU_REG_PLANE_STRIDE, width * 4 / 64);
	reg_write(VGPU_REG_PLANE_CTL, 0x84000000);	/* enabled, XRGB8888 */
	reg_write(VGPU_REG_PLANE_SURF, 0);
	reg_write(VGPU_REG_PIPECONF, 0x80000000);
}

static int open_small_frame(void **state)
{
	char why[256];

	(void)state;
	if (vfio_dev_open(&dev, uuid, 16 << 20, why, sizeof(why)) ||
	    vfio_dev_enable_memory(&dev)) {
		fprintf(stderr, "lifetime_holes: %s\n", why);
		return -1;
	}
	show_frame(64, 32);
	return 0;
}

static int close_dev(void **state)
{
	(void)state;
	vfio_dev_close(&dev);
	return 0;
}

static uint64_t sysfs(const char *attr)
{
	uint64_t v = ~0ull;

	vfio_dev_sysfs_u64(&dev, attr, &v);
	return v;
}

static uint64_t live_buffers(void)
{
	uint64_t v = ~0ull;
	FILE *f = fopen("/sys/kernel/debug/vgpu_display/live_buffers", "re");

	if (f) {
		if (fscanf(f, "%lu", &v) != 1)
			v = ~0ull;
		fclose(f);
	}
	return v;
}

static uint32_t primary_id(void)
{
	struct vfio_device_gfx_plane_info info;

	assert_int_equal(vfio_dev_query_plane(&dev, 1, &info), 0);
	assert_int_not_equal(info.dmabuf_id, 0);
	return info.dmabuf_id;
}

static int get_dmabuf(uint32_t id)
{
	return ioctl(dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &id);
}

/*
 * An O_PATH open of /proc/self/fd/N keeps a dma-buf's dentry, and with it
 * the dma-buf, after its file is closed and freed. GET of the same id then
 * once revived the freed file (another open file by then, or a fresh
 * dma-buf). The cached buffer now keeps its dma-buf: GET gives it again.
 */
static void test_opath_outlives_file(void **state)
{
	uint32_t id = primary_id();
	int round, i, fd, opath, fillers[256];
	struct stat kept, again;
	char link[64];

	(void)state;
	for (round = 0; round < 8; round++) {
		fd = get_dmabuf(id);
		assert_true(fd >= 0);
		snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
		opath = open(link, O_PATH | O_CLOEXEC);
		assert_true(opath >= 0);
		assert_int_equal(fstat(opath, &kept), 0);
		close(fd);
		/* A grace period, so that a freed file is really free... */
		assert_int_equal(syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0), 0);
		/* ...and files that may take its memory. */
		for (i = 0; i < 256; i++)
			fillers[i] = open("/dev/null", O_RDONLY | O_CLOEXEC);
		fd = get_dmabuf(id);
		assert_true(fd >= 0);
		assert_int_equal(fstat(fd, &again), 0);
		assert_int_equal(again.st_dev, kept.st_dev);
		assert_int_equal(again.st_ino, kept.st_ino);
		for (i = 0; i < 256; i++)
			close(fillers[i]);
		close(fd);
		close(opath);
	}
}

/* The capture node of the vivid driver (loaded by t_lifetime.sh). */
static int open_vivid(void)
{
	char path[32];
	int i, fd;

	for (i = 0; i < 64; i++) {
		struct v4l2_capability cap;

		snprintf(path, sizeof(path), "/dev/video%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC);
		if (fd < 0)
			continue;
		memset(&cap, 0, sizeof(cap));
		if (!ioctl(fd, VIDIOC_QUERYCAP, &cap) && !strcmp((char *)cap.driver, "vivid") &&
		    (cap.device_caps & V4L2_CAP_VIDEO_CAPTURE))
			return fd;
		close(fd);
	}
	return -1;
}

static int vivid_reqbufs(int vid, uint32_t count)
{
	struct v4l2_requestbuffers req = {
		.count = count,
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = V4L2_MEMORY_DMABUF,
	};

	return ioctl(vid, VIDIOC_REQBUFS, &req) ? -errno : (int)req.count;
}

/* Queueing a dma-buf on vivid's vmalloc queue vmaps it in the kernel. */
static int vivid_queue(int vid, int dmabuf, uint32_t size)
{
	struct v4l2_buffer b = {
		.index = 0,
		.type = V4L2_BUF_TYPE_VIDEO_CAPTURE,
		.memory = V4L2_MEMORY_DMABUF,
		.m.fd = dmabuf,
		.length = size,
	};

	return ioctl(vid, VIDIOC_QBUF, &b) ? -errno : 0;
}

/*
 * An in-kernel importer (V4L2's vb2-vmalloc, as vivid uses) vmaps the
 * buffer after the VMM unmapped its pages. That vmap once failed, and
 * dma_buf_vmap() WARNs on any failure. A stale buffer now shows a zeroed
 * scratch page on every new path: the importer's vmap, a mapping, SYNC.
 */
static void test_vmap_after_unmap(void **state)
{
	struct v4l2_format fmt = { .type = V4L2_BUF_TYPE_VIDEO_CAPTURE };
	struct dma_buf_sync sync = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ };
	const uint32_t size = 320 * 240 * 4;
	uint32_t id, *map;
	int vid, fd;

	(void)state;
	show_frame(320, 240);
	id = primary_id();
	fd = get_dmabuf(id);
	assert_true(fd >= 0);
	vid = open_vivid();
	assert_true(vid >= 0);
	fmt.fmt.pix.width = 320;
	fmt.fmt.pix.height = 180;
	fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUYV;
	assert_int_equal(ioctl(vid, VIDIOC_S_FMT, &fmt), 0);
	assert_true(fmt.fmt.pix.sizeimage <= size);

	assert_true(vivid_reqbufs(vid, 1) >= 1);	/* vivid asks for 2 */
	assert_int_equal(vivid_queue(vid, fd, size), 0);
	assert_int_equal(vivid_reqbufs(vid, 0), 0);

	assert_int_equal(vfio_dev_unmap(&dev, 0, dev.ram_size), 0);
	assert_int_equal(sysfs("vendor/pinned_pages"), 0);
	assert_true(vivid_reqbufs(vid, 1) >= 1);	/* vivid asks for 2 */
	assert_int_equal(vivid_queue(vid, fd, size), 0);
	assert_int_equal(vivid_reqbufs(vid, 0), 0);
	map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(map != MAP_FAILED);
	assert_int_equal(ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync), 0);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[size / 4 - 1], 0);
	munmap(map, size);
	close(vid);
	close(fd);
	assert_int_equal(vfio_dev_map(&dev, 0, dev.ram_size), 0);
}

/*
 * Unbinding the parent would take the DRM device and every vGPU away from
 * buffers user space holds: the driver has no unbind file.
 */
static void test_no_unbind(void **state)
{
	static const char *const files[] = {
		"/sys/bus/platform/drivers/vgpu_display/unbind",
		"/sys/bus/platform/drivers/vgpu_display/bind",
		"/sys/devices/platform/vgpu_display/driver/unbind",
	};
	uint32_t id = primary_id(), *map;
	int fd = get_dmabuf(id), f;
	size_t i;

	(void)state;
	assert_true(fd >= 0);
	map = mmap(NULL, 8192, PROT_READ, MAP_SHARED, fd, 0);
	assert_true(map != MAP_FAILED);
	for (i = 0; i < sizeof(files) / sizeof(files[0]); i++) {
		f = open(files[i], O_WRONLY | O_CLOEXEC);
		if (f >= 0) {
			/* Do not crash the VM to prove it: fail the test. */
			close(f);
			fail_msg("%s exists", files[i]);
		}
		assert_int_equal(errno, ENOENT);
	}
	assert_int_equal(map[0], FRAME_PIXEL);
	munmap(map, 8192);
	close(fd);
}

/*
 * A VMM that keeps every buffer it is offered: past VGPU_GUEST_MAX_SETS
 * (72: the cache's 8 and 64 more) live buffers a query that needs a new
 * one gets ENOSPC; once the VMM lets go, queries work again.
 */
static void test_live_buffer_cap(void **state)
{
	struct vfio_device_gfx_plane_info info;
	int held[80], n, i, ret = 0;

	(void)state;
	for (n = 0; n < 80; n++) {
		/* New pages under the plane: a new buffer. */
		ggtt_write(0, (FRAME_GPA + 0x2000 * (uint64_t)n) | VGPU_GGTT_VALID);
		ggtt_write(1, (FRAME_GPA + 0x2000 * (uint64_t)n + 0x1000) | VGPU_GGTT_VALID);
		ret = vfio_dev_query_plane(&dev, 1, &info);
		if (ret)
			break;
		held[n] = get_dmabuf(info.dmabuf_id);
		assert_true(held[n] >= 0);
	}
	print_message("query %d failed with %d\n", n + 1, ret);
	assert_int_equal(n, 72);
	assert_int_equal(ret, -ENOSPC);
	assert_int_equal(live_buffers(), 72);
	for (i = 0; i < n; i++)
		close(held[i]);
	/* The cache's buffers are left; a new one takes a slot. */
	assert_true(live_buffers() <= 8);
	ggtt_write(0, (FRAME_GPA + 0x2000 * 100) | VGPU_GGTT_VALID);
	assert_int_equal(vfio_dev_query_plane(&dev, 1, &info), 0);
	assert_int_not_equal(info.dmabuf_id, 0);
}

/*
 * A plane whose last page the VMM never mapped: the query pins every page
 * but that one and lets them go again. That once happened on every query
 * (47 ms for a 4K plane); now the failure is remembered until the guest
 * changes a plane register or the GGTT.
 */
static void test_failed_plane_not_pinned_again(void **state)
{
	struct vfio_device_gfx_plane_info info;
	uint64_t pins;
	int i;

	(void)state;
	/* Beyond the 16 MiB the VMM mapped. */
	ggtt_write(1, (64ull << 20) | VGPU_GGTT_VALID);
	assert_int_equal(vfio_dev_query_plane(&dev, 1, &info), 0);
	assert_int_equal(info.dmabuf_id, 0);
	pins = sysfs("vendor/pins_total");
	for (i = 0; i < 20; i++) {
		assert_int_equal(vfio_dev_query_plane(&dev, 1, &info), 0);
		assert_int_equal(info.dmabuf_id, 0);
	}
	assert_int_equal(sysfs("vendor/pins_total"), pins);
	assert_int_equal(sysfs("vendor/pinned_pages"), 0);
	/* The guest mends its GGTT: shown at once. */
	ggtt_write(1, (FRAME_GPA + 0x1000) | VGPU_GGTT_VALID);
	assert_int_not_equal(primary_id(), 0);
	assert_int_equal(sysfs("vendor/pins_total"), pins + 2);
}

/*
 * A second vGPU in the same container as @base, opened after it, so that
 * VFIO notifies it of an unmap first: its group, its device fd, its
 * regions; the container and guest RAM are @base's.
 */
static void open_in_container(struct vfio_dev *d, const struct vfio_dev *base,
			      const char *id)
{
	char link[128], target[128], path[64];
	unsigned int i;
	ssize_t n;

	*d = *base;
	snprintf(link, sizeof(link), "/sys/bus/mdev/devices/%s/iommu_group", id);
	n = readlink(link, target, sizeof(target) - 1);
	assert_true(n > 0);
	target[n] = 0;
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(target));
	d->group = open(path, O_RDWR | O_CLOEXEC);
	assert_true(d->group >= 0);
	assert_int_equal(ioctl(d->group, VFIO_GROUP_SET_CONTAINER, &d->container), 0);
	d->device = ioctl(d->group, VFIO_GROUP_GET_DEVICE_FD, id);
	assert_true(d->device >= 0);
	d->req_eventfd = -1;
	for (i = 0; i < VFIO_PCI_NUM_REGIONS; i++) {
		d->region[i] = (struct vfio_region_info){ .argsz = sizeof(d->region[i]),
							 .index = i };
		assert_int_equal(ioctl(d->device, VFIO_DEVICE_GET_REGION_INFO, &d->region[i]), 0);
	}
	assert_int_equal(vfio_dev_enable_memory(d), 0);
}

struct repin_race {
	struct vfio_dev *near;		/* notified first: re-pins the slice */
	struct vfio_dev *far;		/* notified second: slow to answer */
	atomic_bool stop;
	atomic_ulong near_rounds;
	atomic_ulong far_rounds;
};

#define SLICE_GPA	0xc00000u	/* a 16 KiB DMA mapping of its own, past the 1080p frame */
#define SLICE_SIZE	0x4000u
#define UNMAPS		2000

/* The near vGPU: a cursor and the aperture over the slice being unmapped. */
static void *repin_near(void *arg)
{
	struct repin_race *r = arg;
	struct vfio_device_gfx_plane_info info;
	uint32_t word;

	while (!atomic_load(&r->stop)) {
		vfio_dev_query_plane(r->near, 2, &info);
		vfio_dev_region_rw(r->near, VFIO_PCI_BAR2_REGION_INDEX, 0, &word, 4, false);
		atomic_fetch_add(&r->near_rounds, 1);
	}
	return NULL;
}

/* The far vGPU: a new 1080p buffer each round, which pins 2025 pages. */
static void *repin_far(void *arg)
{
	struct repin_race *r = arg;
	struct vfio_device_gfx_plane_info info;
	uint64_t e;
	unsigned int n = 0;

	while (!atomic_load(&r->stop)) {
		e = (FRAME_GPA + 0x1000 * (uint64_t)(n++ % 2)) | VGPU_GGTT_VALID;
		vfio_dev_region_rw(r->far, VFIO_PCI_BAR0_REGION_INDEX, GGTT_ENTRY(0), &e, 8,
				   true);
		vfio_dev_query_plane(r->far, 1, &info);
		atomic_fetch_add(&r->far_rounds, 1);
	}
	return NULL;
}

/*
 * Type1 notifies the devices of an unmap without its lock held, looks
 * again, and BUGs when pins are back eleven times in a row. A vGPU that
 * re-pinned the range right after its callback (a query, an aperture
 * read) while another device's callback was still waiting could make
 * that happen at will. Here one vGPU re-pins a slice as fast as it can
 * while the other, notified after it, is busy pinning a whole plane, and
 * the VMM unmaps and maps the slice again and again.
 */
static void test_unmap_races_repins(void **state)
{
	struct vfio_dev near;
	struct repin_race r = { .near = &near, .far = &dev };
	pthread_t t_near[3], t_far;
	unsigned int i, tries, unmaps = 0;
	uint64_t e;

	(void)state;
	/* The slice as a mapping of its own, so that it can go alone. */
	assert_int_equal(vfio_dev_unmap(&dev, 0, dev.ram_size), 0);
	assert_int_equal(vfio_dev_map(&dev, 0, SLICE_GPA), 0);
	assert_int_equal(vfio_dev_map(&dev, SLICE_GPA, SLICE_SIZE), 0);
	assert_int_equal(vfio_dev_map(&dev, SLICE_GPA + SLICE_SIZE,
				      dev.ram_size - SLICE_GPA - SLICE_SIZE), 0);
	show_frame(1920, 1080);
	open_in_container(&near, &dev, uuid2);
	for (i = 0; i < 4; i++) {
		e = (SLICE_GPA + 0x1000ull * i) | VGPU_GGTT_VALID;
		assert_int_equal(vfio_dev_region_rw(&near, VFIO_PCI_BAR0_REGION_INDEX,
						    GGTT_ENTRY(i), &e, 8, true), 8);
	}
	assert_int_equal(vfio_dev_reg_write(&near, VGPU_REG_PIPESRC, 639 << 16 | 479), 0);
	assert_int_equal(vfio_dev_reg_write(&near, VGPU_REG_PIPECONF, 0x80000000), 0);
	assert_int_equal(vfio_dev_reg_write(&near, VGPU_REG_CURCNTR, 0x27), 0);

	for (i = 0; i < 3; i++)
		assert_int_equal(pthread_create(&t_near[i], NULL, repin_near, &r), 0);
	assert_int_equal(pthread_create(&t_far, NULL, repin_far, &r), 0);
	/*
	 * Until both vGPUs made progress too: the far one's rounds are slow
	 * and it may get little CPU beside three spinning threads.
	 */
	for (tries = 0; tries < 20 * UNMAPS; tries++) {
		if (tries >= UNMAPS && atomic_load(&r.far_rounds) >= 3 &&
		    atomic_load(&r.near_rounds) >= 3)
			break;
		if (vfio_dev_unmap(&dev, SLICE_GPA, SLICE_SIZE) == 0)
			unmaps++;
		assert_int_equal(vfio_dev_map(&dev, SLICE_GPA, SLICE_SIZE), 0);
	}
	atomic_store(&r.stop, true);
	for (i = 0; i < 3; i++)
		pthread_join(t_near[i], NULL);
	pthread_join(t_far, NULL);
	print_message("%u unmaps against %lu re-pinning and %lu pinning rounds\n", unmaps,
		      atomic_load(&r.near_rounds), atomic_load(&r.far_rounds));
	assert_int_equal(unmaps, tries);
	assert_true(atomic_load(&r.near_rounds) >= 3 && atomic_load(&r.far_rounds) >= 3);
	close(near.device);
	close(near.group);
}

static uint64_t cgroup_memory(const char *cg)
{
	char path[128];
	uint64_t v = 0;
	FILE *f;

	snprintf(path, sizeof(path), "%s/memory.current", cg);
	f = fopen(path, "re");
	assert_non_null(f);
	assert_int_equal(fscanf(f, "%lu", &v), 1);
	fclose(f);
	return v;
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "we");

	assert_non_null(f);
	assert_true(fputs(text, f) >= 0);
	assert_int_equal(fclose(f), 0);
}

/*
 * What a VMM makes us allocate is charged to its memory cgroup: 48 held
 * 1920x1080 buffers (over the same guest pages, so that they fit in the
 * VM) carry 2025 pages each, and 16 bytes of arrays per page. The test
 * runs in a cgroup of its own (made by t_lifetime.sh).
 */
static void test_buffers_charged_to_cgroup(void **state)
{
	const char *cg = "/sys/fs/cgroup/vgpu-test";
	struct vfio_device_gfx_plane_info info;
	uint64_t before, after, arrays = 0;
	int held[48], n;
	char pid[32];

	(void)state;
	snprintf(pid, sizeof(pid), "%d\n", getpid());
	write_file("/sys/fs/cgroup/vgpu-test/cgroup.procs", pid);
	show_frame(1920, 1080);
	before = cgroup_memory(cg);
	for (n = 0; n < 48; n++) {
		/* A narrower plane over the same pages each time: a new buffer. */
		uint32_t width = 1920 - 16 * n;

		reg_write(VGPU_REG_PLANE_SIZE, 1079 << 16 | (width - 1));
		assert_int_equal(vfio_dev_query_plane(&dev, 1, &info), 0);
		assert_int_not_equal(info.dmabuf_id, 0);
		held[n] = get_dmabuf(info.dmabuf_id);
		assert_true(held[n] >= 0);
		arrays += (uint64_t)info.size / 4096 * 16;
	}
	after = cgroup_memory(cg);
	print_message("cgroup grew by %lu KiB for %lu KiB of page arrays\n",
		      (after - before) >> 10, arrays >> 10);
	assert_true(after - before >= arrays * 9 / 10);
	for (n = 0; n < 48; n++)
		close(held[n]);
	write_file("/sys/fs/cgroup/cgroup.procs", pid);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_opath_outlives_file, open_small_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_vmap_after_unmap, open_small_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_no_unbind, open_small_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_live_buffer_cap, open_small_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_failed_plane_not_pinned_again,
						open_small_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_buffers_charged_to_cgroup,
						open_small_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_unmap_races_repins, open_small_frame,
						close_dev),
	};

	if (argc != 3) {
		fprintf(stderr, "usage: lifetime_holes UUID UUID2\n");
		return 2;
	}
	uuid = argv[1];
	uuid2 = argv[2];
	/* LIFETIME_ONLY=test_x runs one case (an old module may crash on others). */
	if (getenv("LIFETIME_ONLY"))
		cmocka_set_test_filter(getenv("LIFETIME_ONLY"));
	return cmocka_run_group_tests_name("lifetime_holes", tests, NULL, NULL);
}
