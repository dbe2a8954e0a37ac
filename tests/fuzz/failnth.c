// SPDX-License-Identifier: GPL-2.0
/*
 * Allocation failures, one site at a time: for each operation a VMM or an
 * administrator performs (query, GET, mmap, open, create, remove), make
 * its 1st, 2nd, 3rd... kernel allocation fail through the task's fail-nth
 * file (failslab and fail_page_alloc), until an attempt runs with no
 * failure left to inject. After each injected failure the operation must
 * have returned an errno or succeeded, and the same operation without a
 * failure must work again. kmemleak, run after the test, finds what a
 * failed path leaked.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

#define MAX_SITES	4000
#define MAX_ERRNO	134

struct failnth {
	const struct fuzz_args *args;
	struct fuzz_rng rng;
	struct vfio_dev dev;	/* open for the device operations */
	int nth_fd;		/* /proc/thread-self/fail-nth, kept open */
	uint32_t next_page;	/* fresh frames so that queries miss the cache */
	char uuid[37];		/* a vGPU made by create, for remove */
	/* what the operation under test holds between its steps */
	uint32_t id;
	int buf_fd;
	void *map;
};

struct op {
	const char *name;
	bool needs_dev;			/* runs on the open device */
	int (*prepare)(struct failnth *f);	/* no failure injected */
	int (*run)(struct failnth *f);		/* under fail-nth */
	void (*cleanup)(struct failnth *f);	/* no failure injected */
};

static int set_nth(struct failnth *f, unsigned int n)
{
	char text[16];
	int len = snprintf(text, sizeof(text), "%u", n);

	return pwrite(f->nth_fd, text, (size_t)len, 0) == len ? 0 : -errno;
}

/* True when the failure set up by set_nth() was injected. */
static bool nth_injected(struct failnth *f)
{
	char text[16] = "";

	if (pread(f->nth_fd, text, sizeof(text) - 1, 0) <= 0)
		return false;
	return atoi(text) == 0;
}

static int fresh_frame(struct failnth *f)
{
	uint64_t gpa = 0x100000 + (uint64_t)(f->next_page % 1024) * 2 * VGPU_PAGE_SIZE;

	f->next_page++;
	return fuzz_show_frame(&f->dev, gpa, 0x11223344);
}

static int query_id(struct failnth *f)
{
	struct vfio_device_gfx_plane_info info;
	int ret = vfio_dev_query_plane(&f->dev, VGPU_PLANE_PRIMARY, &info);

	if (ret)
		return ret;
	f->id = info.dmabuf_id;
	return f->id ? 0 : -ENODATA;
}

static int get_fd(struct failnth *f)
{
	f->buf_fd = ioctl(f->dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &f->id);
	return f->buf_fd < 0 ? -errno : 0;
}

static int map_read(struct failnth *f)
{
	uint32_t px;

	f->map = mmap(NULL, FUZZ_FRAME_SIZE, PROT_READ, MAP_SHARED, f->buf_fd, 0);
	if (f->map == MAP_FAILED) {
		f->map = NULL;
		return -errno;
	}
	if (fuzz_guarded_copy(&px, f->map, sizeof(px)))
		return -EFAULT;
	return px == 0x11223344 ? 0 : -EBADMSG;
}

static void drop_buffer(struct failnth *f)
{
	if (f->map)
		munmap(f->map, FUZZ_FRAME_SIZE);
	if (f->buf_fd >= 0)
		close(f->buf_fd);
	f->map = NULL;
	f->buf_fd = -1;
}

static int prepare_get(struct failnth *f)
{
	int ret = fresh_frame(f);

	return ret ? ret : query_id(f);
}

static int prepare_mmap(struct failnth *f)
{
	int ret = prepare_get(f);

	return ret ? ret : get_fd(f);
}

/*
 * A VMM's open, quietly (the failures are the point) and with RAM in one
 * mapping: slicing it would add thousands of type1 allocations.
 */
static int open_dev(struct failnth *f)
{
	char why[256];
	int ret = vfio_dev_open(&f->dev, f->args->uuid, FUZZ_RAM_SIZE, why, sizeof(why));

	return ret ? ret : vfio_dev_enable_memory(&f->dev);
}

static void close_dev(struct failnth *f)
{
	vfio_dev_close(&f->dev);
}

static int create_path(const struct failnth *f, char *path, size_t len)
{
	return snprintf(path, len,
			"/sys/class/mdev_bus/vgpu_display/mdev_supported_types/vgpu_display-%s/create",
			f->args->type);
}

static bool vgpu_exists(const char *uuid)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s", uuid);
	return access(path, F_OK) == 0;
}

static int remove_vgpu(const char *uuid)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/remove", uuid);
	return fuzz_write_str(path, "1");
}

static int create_vgpu(struct failnth *f)
{
	char path[256];

	create_path(f, path, sizeof(path));
	return fuzz_write_str(path, f->uuid);
}

static int new_uuid(struct failnth *f)
{
	fuzz_make_uuid(&f->rng, f->uuid);
	return 0;
}

static int prepare_remove(struct failnth *f)
{
	new_uuid(f);
	return create_vgpu(f);
}

static int run_remove(struct failnth *f)
{
	return remove_vgpu(f->uuid);
}

static void cleanup_vgpu(struct failnth *f)
{
	if (vgpu_exists(f->uuid))
		remove_vgpu(f->uuid);
}

static int no_prepare(struct failnth *f)
{
	(void)f;
	return 0;
}

static void no_cleanup(struct failnth *f)
{
	(void)f;
}

static const struct op ops[] = {
	{ "query", true, fresh_frame, query_id, no_cleanup },
	{ "GET", true, prepare_get, get_fd, drop_buffer },
	{ "mmap", true, prepare_mmap, map_read, drop_buffer },
	{ "open", false, no_prepare, open_dev, close_dev },
	{ "create", false, new_uuid, create_vgpu, cleanup_vgpu },
	{ "remove", false, prepare_remove, run_remove, cleanup_vgpu },
};

/*
 * Fail each allocation site of @op in turn. Returns the number of sites,
 * or -1 when the operation did not work again after a failure.
 */
static int fail_each_site(struct failnth *f, const struct op *op, unsigned int *errs)
{
	unsigned int n;
	int ret;

	for (n = 1; n <= MAX_SITES; n++) {
		bool injected;

		ret = op->prepare(f);
		if (ret) {
			fprintf(stderr, "vgpu-fuzz: fail-nth: %s: setup failed (%s)\n", op->name,
				strerror(-ret));
			return -1;
		}
		set_nth(f, n);
		ret = op->run(f);
		injected = nth_injected(f);
		set_nth(f, 0);
		op->cleanup(f);
		if (!injected)
			return ret ? -1 : (int)n - 1;
		if (ret < 0 && -ret < MAX_ERRNO)
			errs[-ret]++;
		/* The same operation, no failure injected, must work again. */
		ret = op->prepare(f);
		if (!ret)
			ret = op->run(f);
		op->cleanup(f);
		if (ret) {
			fprintf(stderr, "vgpu-fuzz: fail-nth: %s: does not work after failing "
				"allocation %u (%s)\n", op->name, n, strerror(-ret));
			return -1;
		}
	}
	fprintf(stderr, "vgpu-fuzz: fail-nth: %s: more than %d sites\n", op->name, MAX_SITES);
	return -1;
}

static void print_errnos(const char *name, int sites, const unsigned int *errs)
{
	int e;

	printf("fail-nth %s: %d allocation sites failed one at a time; errnos:", name, sites);
	for (e = 1; e < MAX_ERRNO; e++)
		if (errs[e])
			printf(" %s x%u", strerrorname_np(e), errs[e]);
	printf("\n");
}

int fuzz_failnth(const struct fuzz_args *args)
{
	struct failnth f = { .args = args, .buf_fd = -1 };
	unsigned int total = 0, i;
	bool ok = true;

	rng_seed(&f.rng, args->seed);
	f.nth_fd = open("/proc/thread-self/fail-nth", O_RDWR | O_CLOEXEC);
	if (!fuzz_check(f.nth_fd >= 0, "fail-nth: the kernel has fault injection (%s)",
			f.nth_fd >= 0 ? "yes" : strerror(errno)))
		return 1;
	for (i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
		unsigned int errs[MAX_ERRNO] = { 0 };
		int sites;

		if (ops[i].needs_dev && open_dev(&f))
			return 1;
		sites = fail_each_site(&f, &ops[i], errs);
		if (ops[i].needs_dev)
			close_dev(&f);
		ok &= fuzz_check(sites > 0, "fail-nth: %s: every failed allocation gave an errno "
				 "or success, and the next %s worked", ops[i].name, ops[i].name);
		if (sites > 0) {
			print_errnos(ops[i].name, sites, errs);
			total += (unsigned int)sites;
		}
	}
	ok &= fuzz_check(fuzz_live_buffers() == 0, "fail-nth: no buffer is left alive");
	printf("fuzz fail-nth: seed %lu: %u fault sites in all\n", args->seed, total);
	return ok ? 0 : 1;
}
