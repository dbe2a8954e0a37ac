// SPDX-License-Identifier: GPL-2.0
/*
 * Region display mode through the real ABI, inside the test VM: the vendor
 * attribute that picks it, the probes QEMU makes, the display region's
 * mapping following flips, GGTT changes and unmaps of the guest's pages
 * (zapped, then faulted in again), hostile mmap and read arguments, a
 * forked mapping, and a mapping that keeps the device open.
 * The vGPU must be in region mode before this runs (t_region.sh).
 * Usage: region_mode UUID
 */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "script.h"
#include "vfio_dev.h"

#define FB_SIZE		8192	/* a 64x32 XRGB8888 plane: two pages */
#define REGION		VGPU_DISPLAY_REGION_INDEX
#define PLANE_PRIMARY	1
#define PLANE_CURSOR	2

static const char *uuid;
static struct vfio_dev dev;

/* Frame A: surface 0, in guest pages 0x100000 and 0x101000. */
static const char frame_a[] =
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

/* Frame B, a flip to surface 0x2000 in other pages. */
static const char flip_b[] =
	"fill 0x102000 8192 0x55667788\n"
	"ggtt 2 0x102000\n"
	"ggtt 3 0x103000\n"
	"write bar0 PLANE_SURF 4 0x2000\n";

static int run_script(const char *text)
{
	return script_run_text(text, "guest", &vfio_script_ops, &dev, NULL);
}

static int open_with_frame(void **state)
{
	char why[256];

	(void)state;
	if (vfio_dev_open(&dev, uuid, 16 << 20, why, sizeof(why))) {
		fprintf(stderr, "region_mode: %s\n", why);
		return -1;
	}
	return run_script(frame_a);
}

static int close_dev(void **state)
{
	(void)state;
	vfio_dev_close(&dev);
	return 0;
}

static uint64_t pinned(void)
{
	uint64_t v = ~0ull;

	vfio_dev_sysfs_u64(&dev, "vendor/pinned_pages", &v);
	return v;
}

/* QUERY_GFX_PLANE with @flags; 0 or errno. */
static int query(uint32_t flags, uint32_t plane_type, struct vfio_device_gfx_plane_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->flags = flags;
	info->drm_plane_type = plane_type;
	return ioctl(dev.device, VFIO_DEVICE_QUERY_GFX_PLANE, info) ? errno : 0;
}

/* The primary plane as region mode answers it: the frame A geometry. */
static void query_primary(void)
{
	struct vfio_device_gfx_plane_info info;

	assert_int_equal(query(VFIO_GFX_PLANE_TYPE_REGION, PLANE_PRIMARY, &info), 0);
	assert_int_equal(info.drm_format, 0x34325258);
	assert_int_equal(info.drm_format_mod, 0);
	assert_int_equal(info.width, 64);
	assert_int_equal(info.height, 32);
	assert_int_equal(info.stride, 256);
	assert_int_equal(info.size, FB_SIZE);
	assert_int_equal(info.region_index, REGION);
}

/* mmap of the display region at @off, @len bytes; MAP_FAILED sets errno. */
static void *map_region(uint64_t off, size_t len, int prot, int flags)
{
	return mmap(NULL, len, prot, flags, dev.device,
		    (off_t)(dev.region[REGION].offset + off));
}

static volatile uint32_t *map_fb(size_t len)
{
	void *map = map_region(0, len, PROT_READ, MAP_SHARED);

	assert_true(map != MAP_FAILED);
	return map;
}

static uint32_t *guest(uint64_t gpa)
{
	return (uint32_t *)(dev.ram + gpa);
}

/* Write the mdev's vendor/display attribute; 0 or errno. */
static int write_mode(const char *mode)
{
	char path[300];
	int fd, err = 0;

	snprintf(path, sizeof(path), "%s/vendor/display", dev.sysfs);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return errno;
	if (write(fd, mode, strlen(mode)) < 0)
		err = errno;
	close(fd);
	return err;
}

static void read_mode(char *out, size_t len)
{
	char path[300];
	FILE *f;

	snprintf(path, sizeof(path), "%s/vendor/display", dev.sysfs);
	f = fopen(path, "re");
	assert_non_null(f);
	assert_non_null(fgets(out, (int)len, f));
	fclose(f);
}

/* The mode is fixed while the device is open; only its two names are taken. */
static void test_mode_attribute(void **state)
{
	char mode[32];

	(void)state;
	read_mode(mode, sizeof(mode));
	assert_string_equal(mode, "region\n");
	assert_int_equal(write_mode("dmabuf"), EBUSY);
	assert_int_equal(write_mode("region"), EBUSY);
	assert_int_equal(write_mode("bogus"), EINVAL);
	assert_int_equal(write_mode("\n"), EINVAL);
	read_mode(mode, sizeof(mode));
	assert_string_equal(mode, "region\n");
}

/* QEMU probes dma-bufs first: region mode must refuse them to be chosen. */
static void test_probes_and_region_info(void **state)
{
	struct vfio_region_info *r = &dev.region[REGION];
	struct vfio_device_gfx_plane_info info;
	struct vfio_device_info dinfo = { .argsz = sizeof(dinfo) };
	uint32_t id = 1;

	(void)state;
	assert_int_equal(query(VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_DMABUF,
			       PLANE_PRIMARY, &info), EINVAL);
	assert_int_equal(query(VFIO_GFX_PLANE_TYPE_PROBE | VFIO_GFX_PLANE_TYPE_REGION,
			       PLANE_PRIMARY, &info), 0);
	assert_int_equal(query(VFIO_GFX_PLANE_TYPE_DMABUF, PLANE_PRIMARY, &info), EINVAL);
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &id), -1);
	assert_int_equal(errno, EINVAL);
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_INFO, &dinfo), 0);
	assert_int_equal(dinfo.num_regions, REGION + 1);
	assert_int_equal(r->flags, VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_MMAP);
	/* Graphics memory of the 1920x1080 type: 8192 GGTT pages. */
	assert_int_equal(r->size, 8192ull * 4096);
	/* QEMU's region path asks for plane type 0: the primary. */
	assert_int_equal(query(VFIO_GFX_PLANE_TYPE_REGION, 0, &info), 0);
	assert_int_equal(info.drm_format, 0x34325258);
	assert_int_equal(info.region_index, REGION);
	assert_int_equal(info.drm_plane_type, 0);
	assert_int_equal(query(VFIO_GFX_PLANE_TYPE_REGION, 3, &info), EINVAL);
	assert_int_equal(pinned(), 2);
	/* The region has no cursor, and pins nothing for one. */
	run_script("fill 0x200000 16384 0xff00ff00\nggtt 16 0x200000\nggtt 17 0x201000\n"
		   "ggtt 18 0x202000\nggtt 19 0x203000\n"
		   "write bar0 CURBASE 4 0x10000\nwrite bar0 CURCNTR 4 0x27\n");
	assert_int_equal(query(VFIO_GFX_PLANE_TYPE_REGION, PLANE_CURSOR, &info), 0);
	assert_int_equal(info.drm_format, 0);
	assert_int_equal(info.size, 0);
	assert_int_equal(pinned(), 2);
}

/* The mapping is the guest's pages: no copy, pinned once, holes are zeros. */
static void test_region_shows_plane(void **state)
{
	volatile uint32_t *map;
	uint32_t word = 0;

	(void)state;
	query_primary();
	assert_int_equal(pinned(), 2);
	map = map_fb(4 * 4096);
	assert_int_equal(map[0], 0x11223344);
	assert_int_equal(map[FB_SIZE / 4 - 1], 0x11223344);
	guest(0x101000)[5] = 0xabcdef01;
	assert_int_equal(map[1024 + 5], 0xabcdef01);
	/* Past the plane: the scratch page, not SIGBUS. */
	assert_int_equal(map[FB_SIZE / 4], 0);
	assert_int_equal(map[4 * 1024 - 1], 0);
	assert_int_equal(pinned(), 2);
	/* A read of the region says what the mapping shows. */
	assert_int_equal(vfio_dev_region_rw(&dev, REGION, 4096 + 20, &word, 4, false), 4);
	assert_int_equal(word, 0xabcdef01);
	assert_int_equal(vfio_dev_region_rw(&dev, REGION, FB_SIZE, &word, 4, false), 4);
	assert_int_equal(word, 0);
	munmap((void *)map, 4 * 4096);
}

/*
 * A flip shows in the same mapping once the VMM has queried the plane (as
 * QEMU does before each refresh); until then the old frame stays.
 */
static void test_flip_follows_query(void **state)
{
	volatile uint32_t *map;

	(void)state;
	query_primary();
	map = map_fb(FB_SIZE);
	assert_int_equal(map[0], 0x11223344);
	assert_int_equal(run_script(flip_b), 0);
	assert_int_equal(map[0], 0x11223344);
	query_primary();
	assert_int_equal(map[0], 0x55667788);
	assert_int_equal(map[FB_SIZE / 4 - 1], 0x55667788);
	/* Both buffers cached, each page pinned once. */
	assert_int_equal(pinned(), 4);
	/* And back. */
	assert_int_equal(run_script("write bar0 PLANE_SURF 4 0\n"), 0);
	query_primary();
	assert_int_equal(map[0], 0x11223344);
	assert_int_equal(pinned(), 4);
	munmap((void *)map, FB_SIZE);
}

/* The guest remaps its GGTT under the same surface: new pages show. */
static void test_ggtt_change_follows_query(void **state)
{
	volatile uint32_t *map;

	(void)state;
	query_primary();
	map = map_fb(FB_SIZE);
	assert_int_equal(run_script("fill 0x104000 4096 0x0badcafe\nggtt 1 0x104000\n"), 0);
	query_primary();
	assert_int_equal(map[0], 0x11223344);
	assert_int_equal(map[1024], 0x0badcafe);
	munmap((void *)map, FB_SIZE);
}

/* An unmap takes the pages away at once, without a query. */
static void test_unmap_zaps(void **state)
{
	volatile uint32_t *map;

	(void)state;
	query_primary();
	map = map_fb(FB_SIZE);
	assert_int_equal(map[0], 0x11223344);
	assert_int_equal(vfio_dev_unmap(&dev, 0, dev.ram_size), 0);
	assert_int_equal(pinned(), 0);
	assert_int_equal(map[0], 0);
	assert_int_equal(map[FB_SIZE / 4 - 1], 0);
	/* Back with the memory, at the next query. */
	assert_int_equal(vfio_dev_map(&dev, 0, dev.ram_size), 0);
	assert_int_equal(run_script(frame_a), 0);
	query_primary();
	assert_int_equal(map[0], 0x11223344);
	munmap((void *)map, FB_SIZE);
}

/* A tiled plane would be garbage read as linear: nothing is shown. */
static void test_tiled_shows_nothing(void **state)
{
	struct vfio_device_gfx_plane_info info;
	volatile uint32_t *map;

	(void)state;
	query_primary();
	map = map_fb(FB_SIZE);
	/* Every page of the tiled plane is mapped: only the tiling stops it. */
	assert_int_equal(run_script("ggtt 2 0x102000\nggtt 3 0x103000\n"
				    "write bar0 PLANE_STRIDE 4 8\n"
				    "write bar0 PLANE_CTL 4 0x84000400\n"), 0);
	assert_int_equal(query(VFIO_GFX_PLANE_TYPE_REGION, PLANE_PRIMARY, &info), 0);
	assert_int_equal(info.drm_format, 0);
	assert_int_equal(map[0], 0);
	assert_int_equal(pinned(), 2);
	munmap((void *)map, FB_SIZE);
}

static int mmap_errno(uint64_t off, size_t len, int prot, int flags)
{
	void *map = map_region(off, len, prot, flags);

	if (map != MAP_FAILED) {
		munmap(map, len);
		return 0;
	}
	return errno;
}

/* Hostile mappings and accesses of the region get a clear errno. */
static void test_hostile_mappings(void **state)
{
	uint64_t size = dev.region[REGION].size;
	uint32_t word = 1;
	void *map, *grown;
	int err;

	(void)state;
	query_primary();
	assert_int_equal(mmap_errno(size, 4096, PROT_READ, MAP_SHARED), EINVAL);
	assert_int_equal(mmap_errno(size - 4096, 8192, PROT_READ, MAP_SHARED), EINVAL);
	assert_int_equal(mmap_errno(0, size + 4096, PROT_READ, MAP_SHARED), EINVAL);
	assert_int_equal(mmap_errno(0, 4096, PROT_READ | PROT_WRITE, MAP_SHARED), EACCES);
	/* 7.2 refuses it before we see it: the VFIO fd is noexec there (EPERM). */
	err = mmap_errno(0, 4096, PROT_READ | PROT_EXEC, MAP_SHARED);
	assert_true(err == EACCES || err == EPERM);
	assert_int_equal(mmap_errno(0, 4096, PROT_READ, MAP_PRIVATE), EINVAL);
	/* The whole region maps, as QEMU maps it. */
	assert_int_equal(mmap_errno(0, size, PROT_READ, MAP_SHARED), 0);
	/* Other regions have no mapping: their accesses are emulated. */
	assert_true(mmap(NULL, 4096, PROT_READ, MAP_SHARED, dev.device,
			 (off_t)dev.region[VFIO_PCI_BAR0_REGION_INDEX].offset) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	map = map_region(0, 4096, PROT_READ, MAP_SHARED);
	assert_true(map != MAP_FAILED);
	assert_int_equal(mprotect(map, 4096, PROT_READ | PROT_WRITE), -1);
	assert_int_equal(errno, EACCES);
	assert_int_equal(mprotect(map, 4096, PROT_READ | PROT_EXEC), -1);
	assert_int_equal(errno, EACCES);
	grown = mremap(map, 4096, 8192, 0);
	assert_true(grown == MAP_FAILED);
	munmap(map, 4096);
	assert_int_equal(vfio_dev_region_rw(&dev, REGION, 0, &word, 4, true), -EINVAL);
	assert_int_equal(vfio_dev_region_rw(&dev, REGION, size, &word, 4, false), -EINVAL);
	assert_int_equal(vfio_dev_region_rw(&dev, REGION, size - 2, &word, 4, false), -EINVAL);
}

/* A child's inherited mapping follows the flip too: every copy is zapped. */
static void test_forked_mapping_follows(void **state)
{
	volatile uint32_t *map;
	int go[2], seen[2], status;
	uint32_t word = 0;
	pid_t pid;
	char c;

	(void)state;
	query_primary();
	map = map_fb(FB_SIZE);
	assert_int_equal(map[0], 0x11223344);
	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(seen), 0);
	pid = fork();
	if (pid == 0) {
		uint32_t v;

		if (read(go[0], &c, 1) != 1)
			_exit(2);
		v = map[0];
		_exit(write(seen[1], &v, sizeof(v)) == sizeof(v) ? 0 : 3);
	}
	assert_true(pid > 0);
	assert_int_equal(run_script(flip_b), 0);
	query_primary();
	assert_int_equal(write(go[1], "x", 1), 1);
	assert_int_equal(read(seen[0], &word, sizeof(word)), sizeof(word));
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	assert_int_equal(word, 0x55667788);
	close(go[0]);
	close(go[1]);
	close(seen[0]);
	close(seen[1]);
	munmap((void *)map, FB_SIZE);
}

/*
 * A mapping holds the device open, as a BAR mapping of vfio-pci does: the
 * VMM closes its fd and the guest's pages stay shown, and pinned, until
 * the mapping goes. So a mapping kept by one VMM never shows the guest of
 * the next VMM that opens the vGPU.
 */
static void test_mapping_keeps_device_open(void **state)
{
	volatile uint32_t *map;
	char mode[32];

	(void)state;
	query_primary();
	map = map_fb(FB_SIZE);
	assert_int_equal(map[0], 0x11223344);
	vfio_dev_close_device(&dev);
	assert_int_equal(pinned(), 2);
	assert_int_equal(map[0], 0x11223344);
	assert_int_equal(write_mode("dmabuf"), EBUSY);
	munmap((void *)map, FB_SIZE);
	/* The mapping's file goes with the munmap: the device closes. */
	assert_int_equal(pinned(), 0);
	assert_int_equal(write_mode("dmabuf"), 0);
	read_mode(mode, sizeof(mode));
	assert_string_equal(mode, "dmabuf\n");
	assert_int_equal(write_mode("region"), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_mode_attribute, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_probes_and_region_info, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_region_shows_plane, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_flip_follows_query, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_ggtt_change_follows_query, open_with_frame,
						close_dev),
		cmocka_unit_test_setup_teardown(test_unmap_zaps, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_tiled_shows_nothing, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_hostile_mappings, open_with_frame, close_dev),
		cmocka_unit_test_setup_teardown(test_forked_mapping_follows, open_with_frame,
						close_dev),
		cmocka_unit_test_setup_teardown(test_mapping_keeps_device_open, open_with_frame,
						close_dev),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: region_mode UUID\n");
		return 2;
	}
	uuid = argv[1];
	return cmocka_run_group_tests_name("region_mode", tests, NULL, NULL);
}
