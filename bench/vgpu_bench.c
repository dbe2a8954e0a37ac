// SPDX-License-Identifier: GPL-2.0
/*
 * The display path's benchmark, run inside the test VM against a real
 * vGPU (and the kernel's mbochs sample where it can run): figures P1-P4,
 * P6 and P7 of bench/README.md. Each figure is the median of repeated runs, printed as
 * one machine-readable line beside its reference from the same run.
 *
 * Usage: vgpu_bench [--quick] UUID_1080 UUID_2160 [MBOCHS_UUID]
 *   UUID_1080: a vgpu_display-1920x1080 vGPU, UUID_2160: a -3840x2160 one.
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>
#include <linux/dma-buf.h>
#include <linux/vfio.h>

#include "vfio_dev.h"
#include "vgpu_hw.h"

#define PAGE		4096u
#define XRGB8888	0x34325258u

static int runs = 15;

static uint64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

static uint64_t median(uint64_t *v, int n)
{
	qsort(v, (size_t)n, sizeof(*v), cmp_u64);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static void die(const char *what)
{
	fprintf(stderr, "vgpu_bench: %s\n", what);
	exit(1);
}

static void open_dev(struct vfio_dev *dev, const char *uuid, size_t ram)
{
	char why[256];

	if (vfio_dev_open(dev, uuid, ram, why, sizeof(why))) {
		fprintf(stderr, "vgpu_bench: %s\n", why);
		exit(1);
	}
}

static void reg_write(struct vfio_dev *dev, enum vgpu_reg reg, uint32_t val)
{
	if (vfio_dev_reg_write(dev, reg, val))
		die("a register write failed");
}

static void enable_memory(struct vfio_dev *dev)
{
	if (vfio_dev_enable_memory(dev))
		die("enabling memory decode failed");
}

/* Map graphics pages [first, first + n) to guest RAM pages at @gpa. */
static void ggtt_map(struct vfio_dev *dev, uint32_t first, uint32_t n, uint64_t gpa)
{
	uint64_t *e = malloc((size_t)n * 8);
	uint32_t i;

	if (!e)
		die("out of memory");
	for (i = 0; i < n; i++)
		e[i] = (gpa + (uint64_t)i * PAGE) | 1;
	if (vfio_dev_region_rw(dev, VFIO_PCI_BAR0_REGION_INDEX, VGPU_GGTT_BASE + (uint64_t)first * 8,
			       e, (size_t)n * 8, true) != (long)n * 8)
		die("GGTT writes failed");
	free(e);
}

/* An XRGB8888 w x h primary plane at graphics address 0, cursor off. */
static void set_mode(struct vfio_dev *dev, uint32_t w, uint32_t h)
{
	reg_write(dev, VGPU_REG_PIPESRC, (w - 1) << 16 | (h - 1));
	reg_write(dev, VGPU_REG_PLANE_SIZE, (h - 1) << 16 | (w - 1));
	reg_write(dev, VGPU_REG_PLANE_STRIDE, w * 4 / 64);
	reg_write(dev, VGPU_REG_PLANE_CTL, 0x84000000);
	reg_write(dev, VGPU_REG_PLANE_SURF, 0);
	reg_write(dev, VGPU_REG_PIPECONF, 0x80000000);
}

static uint32_t frame_pages(uint32_t w, uint32_t h)
{
	return (w * 4 * h + PAGE - 1) / PAGE;
}

/* A w x h frame at graphics address 0 (and a second at @pages), cursor on. */
static void setup_frames(struct vfio_dev *dev, uint32_t w, uint32_t h, bool second)
{
	uint32_t pages = frame_pages(w, h);

	enable_memory(dev);
	ggtt_map(dev, 0, second ? 2 * pages + 4 : pages + 4, 0);
	set_mode(dev, w, h);
	reg_write(dev, VGPU_REG_CURBASE, (second ? 2 * pages : pages) * PAGE);
	reg_write(dev, VGPU_REG_CURPOS, 100 << 16 | 100);
	reg_write(dev, VGPU_REG_CURCNTR, 0x27);
}

static uint32_t query_id(struct vfio_dev *dev, uint32_t type)
{
	struct vfio_device_gfx_plane_info info;
	int ret = vfio_dev_query_plane(dev, type, &info);

	/* mbochs answers the first query after a mode change with ENOMEM. */
	if (ret == -ENOMEM)
		ret = vfio_dev_query_plane(dev, type, &info);
	if (ret)
		die("QUERY_GFX_PLANE failed");
	return info.dmabuf_id;
}

/*
 * P1: a cache-hit query of the primary and the cursor plane (or of the
 * primary alone, @both false), ns per call.
 */
static uint64_t p1_query_ns(struct vfio_dev *dev, bool both)
{
	uint64_t *t = calloc((size_t)runs, sizeof(*t));
	int r, i, calls = 2000;

	if (!t)
		die("out of memory");
	query_id(dev, 1);
	query_id(dev, 2);
	for (r = 0; r < runs; r++) {
		uint64_t t0 = now_ns();

		for (i = 0; i < calls / 2; i++) {
			query_id(dev, 1);
			query_id(dev, both ? 2 : 1);
		}
		t[r] = (now_ns() - t0) / (uint64_t)calls;
	}
	r = (int)median(t, runs);
	free(t);
	return (uint64_t)r;
}

static void program_mbochs(struct vfio_dev *dev, uint16_t w, uint16_t h)
{
	const uint16_t regs[][2] = { { 0x508, 0 }, { 0x502, w }, { 0x504, h }, { 0x506, 32 },
				     { 0x508, 0x41 } };
	size_t i;

	for (i = 0; i < sizeof(regs) / sizeof(regs[0]); i++) {
		uint16_t v = regs[i][1];

		if (vfio_dev_region_rw(dev, 2, regs[i][0], &v, 2, true) != 2)
			die("an mbochs VBE register write failed");
	}
}

static void p1(const char *uuid, const char *mbochs)
{
	struct vfio_dev dev;
	uint64_t ours, theirs, ours1, theirs1;

	open_dev(&dev, uuid, 16 << 20);
	setup_frames(&dev, 1920, 1080, false);
	ours = p1_query_ns(&dev, true);
	ours1 = p1_query_ns(&dev, false);
	vfio_dev_close(&dev);
	printf("P1 query_ns ours %llu", (unsigned long long)ours);
	if (mbochs) {
		open_dev(&dev, mbochs, 1 << 20);
		program_mbochs(&dev, 640, 480);
		theirs = p1_query_ns(&dev, true);
		theirs1 = p1_query_ns(&dev, false);
		vfio_dev_close(&dev);
		/* mbochs has no cursor: its cursor query returns at once. */
		printf(" mbochs %llu ratio %.2f primary_only ours %llu mbochs %llu",
		       (unsigned long long)theirs, (double)ours / (double)theirs,
		       (unsigned long long)ours1, (unsigned long long)theirs1);
	}
	printf("\n");
}

static uint64_t sysfs_u64(struct vfio_dev *dev, const char *attr)
{
	uint64_t v = 0;

	if (vfio_dev_sysfs_u64(dev, attr, &v))
		die("a sysfs counter is missing");
	return v;
}

/* GET, mmap and read one byte of every page: the consumer's first touch. */
static uint64_t get_and_touch(struct vfio_dev *dev, uint32_t id, size_t size, int *fd_out)
{
	volatile const uint8_t *map;
	uint64_t sum = 0;
	size_t off;
	int fd = ioctl(dev->device, VFIO_DEVICE_GET_GFX_DMABUF, &id);

	if (fd < 0)
		die("GET_GFX_DMABUF failed");
	map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		die("mmap of the dma-buf failed");
	for (off = 0; off < size; off += PAGE)
		sum += map[off];
	munmap((void *)map, size);
	if (fd_out)
		*fd_out = fd;
	else
		close(fd);
	return sum;
}

/*
 * P2: a new 3840x2160 buffer (query miss, GET, first touch of every page
 * through mmap) against one memcpy of the frame; then a double-buffered
 * flip loop, counting the pages pinned after the first two buffers.
 */
static void p2(const char *uuid)
{
	const uint32_t w = 3840, h = 2160, pages = frame_pages(w, h);
	const size_t size = (size_t)pages * PAGE;
	uint64_t *tnew = calloc((size_t)runs, sizeof(uint64_t));
	uint64_t *tmiss = calloc((size_t)runs, sizeof(uint64_t));
	uint64_t *tcpy = calloc((size_t)runs, sizeof(uint64_t));
	uint8_t *a = malloc(size), *b = malloc(size);
	uint64_t pins, sink = 0;
	struct vfio_dev dev;
	int r, i, flips = runs * 10;

	if (!tnew || !tmiss || !tcpy || !a || !b)
		die("out of memory");
	memset(a, 1, size);
	memset(b, 2, size);
	for (r = 0; r < runs; r++) {
		uint64_t t0 = now_ns();

		memcpy(b, a, size);
		tcpy[r] = now_ns() - t0;
		sink += b[r];
	}
	open_dev(&dev, uuid, (size_t)(2 * pages + 8) * PAGE);
	for (r = 0; r < runs; r++) {
		uint64_t t0;

		/* A reset forgets every buffer: the next query is a miss. */
		if (vfio_dev_reset(&dev))
			die("reset failed");
		uint32_t id;

		setup_frames(&dev, w, h, true);
		t0 = now_ns();
		id = query_id(&dev, 1);
		tmiss[r] = now_ns() - t0;
		sink += get_and_touch(&dev, id, size, NULL);
		tnew[r] = now_ns() - t0;
	}
	/* The query miss is where the pages are pinned: say its share. */
	printf("P2 new_buffer_ms %.2f memcpy_ms %.2f fraction %.3f pages %u query_miss_ms %.2f\n",
	       median(tnew, runs) / 1e6, median(tcpy, runs) / 1e6,
	       (double)median(tnew, runs) / (double)median(tcpy, runs), pages,
	       median(tmiss, runs) / 1e6);

	/* Double buffering: A and B, then flips between them. */
	if (vfio_dev_reset(&dev))
		die("reset failed");
	setup_frames(&dev, w, h, true);
	for (i = 0; i < 2; i++) {
		reg_write(&dev, VGPU_REG_PLANE_SURF, i * pages * PAGE);
		sink += get_and_touch(&dev, query_id(&dev, 1), size, NULL);
	}
	pins = sysfs_u64(&dev, "vendor/pins_total");
	for (i = 0; i < flips; i++) {
		reg_write(&dev, VGPU_REG_PLANE_SURF, (i & 1) * pages * PAGE);
		sink += get_and_touch(&dev, query_id(&dev, 1), size, NULL);
	}
	printf("P2 flip_loop flips %d new_pins_after_two_buffers %llu\n", flips,
	       (unsigned long long)(sysfs_u64(&dev, "vendor/pins_total") - pins));
	vfio_dev_close(&dev);
	fprintf(stderr, "vgpu_bench: P2 checksum %llx\n", (unsigned long long)sink);
	free(a);
	free(b);
	free(tnew);
	free(tmiss);
	free(tcpy);
}

/* A consumer that holds each new frame as QEMU does: its dma-buf fd. */
struct consumer {
	struct vfio_dev *dev;
	int event;		/* the display IRQ's eventfd, or -1: poll */
	uint32_t held;		/* the dmabuf_id it holds */
	uint64_t seen_ns;	/* when it got a new one */
	int notify[2];		/* a pipe: "I hold a new frame" */
	bool stop;
};

static void set_irq(struct vfio_dev *dev, uint32_t flags, int32_t fd)
{
	if (vfio_dev_display_irq(dev, flags, fd))
		die("SET_IRQS failed");
}

static void consumer_take(struct consumer *c)
{
	uint32_t id = query_id(c->dev, 1);
	int fd;

	if (!id || id == c->held)
		return;
	fd = ioctl(c->dev->device, VFIO_DEVICE_GET_GFX_DMABUF, &id);
	if (fd < 0)
		die("GET_GFX_DMABUF failed");
	close(fd);
	c->held = id;
	c->seen_ns = now_ns();
	if (write(c->notify[1], "x", 1) != 1)
		die("pipe write failed");
}

static void *consume(void *arg)
{
	struct consumer *c = arg;
	const struct timespec tick = { 0, 30 * 1000000 };
	uint64_t n;

	while (!__atomic_load_n(&c->stop, __ATOMIC_ACQUIRE)) {
		if (c->event < 0) {
			nanosleep(&tick, NULL);
		} else {
			struct pollfd p = { .fd = c->event, .events = POLLIN };

			if (poll(&p, 1, 100) <= 0)
				continue;
			if (read(c->event, &n, sizeof(n)) < 0 && errno != EAGAIN)
				die("eventfd read failed");
			set_irq(c->dev, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK, -1);
		}
		consumer_take(c);
	}
	return NULL;
}

/* P3: flip-to-consumer latency, median in microseconds. */
static uint64_t p3_latency_us(struct vfio_dev *dev, bool irq)
{
	const uint32_t pages = frame_pages(1920, 1080);
	uint64_t *t = calloc((size_t)runs, sizeof(uint64_t));
	struct consumer c = { .dev = dev, .event = -1 };
	pthread_t thread;
	unsigned int seed = 1;
	uint64_t result;
	char x;
	int r;

	if (!t || pipe(c.notify))
		die("out of memory or pipes");
	if (vfio_dev_reset(dev))
		die("reset failed");
	setup_frames(dev, 1920, 1080, true);
	c.held = query_id(dev, 1);
	if (irq) {
		c.event = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
		set_irq(dev, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, c.event);
	}
	if (pthread_create(&thread, NULL, consume, &c))
		die("no thread");
	for (r = 0; r < runs; r++) {
		/* Flip at a random point of the consumer's polling period. */
		struct timespec pause = { 0, (long)(rand_r(&seed) % 30) * 1000000 };
		uint64_t t0;

		nanosleep(&pause, NULL);
		t0 = now_ns();
		reg_write(dev, VGPU_REG_PLANE_SURF, ((r + 1) & 1) * pages * PAGE);
		if (read(c.notify[0], &x, 1) != 1)
			die("pipe read failed");
		t[r] = (__atomic_load_n(&c.seen_ns, __ATOMIC_ACQUIRE) - t0) / 1000;
	}
	__atomic_store_n(&c.stop, true, __ATOMIC_RELEASE);
	pthread_join(thread, NULL);
	if (irq) {
		set_irq(dev, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, -1);
		close(c.event);
	}
	close(c.notify[0]);
	close(c.notify[1]);
	result = median(t, runs);
	free(t);
	return result;
}

static void p3(const char *uuid)
{
	struct vfio_dev dev;
	uint64_t with_irq, polled;

	open_dev(&dev, uuid, (size_t)(2 * frame_pages(1920, 1080) + 8) * PAGE);
	with_irq = p3_latency_us(&dev, true);
	polled = p3_latency_us(&dev, false);
	vfio_dev_close(&dev);
	printf("P3 flip_latency_us irq %llu polling_30ms %llu ratio %.3f\n",
	       (unsigned long long)with_irq, (unsigned long long)polled,
	       (double)with_irq / (double)polled);
}

/* Kernel memory that buffers could cost: slab and page tables, in KiB. */
static long kernel_kib(void)
{
	char line[128];
	long v, sum = 0;
	FILE *f = fopen("/proc/meminfo", "re");

	if (!f)
		die("no /proc/meminfo");
	while (fgets(line, sizeof(line), f)) {
		if (sscanf(line, "Slab: %ld", &v) == 1 || sscanf(line, "PageTables: %ld", &v) == 1 ||
		    sscanf(line, "VmallocUsed: %ld", &v) == 1)
			sum += v;
	}
	fclose(f);
	return sum;
}

/*
 * P4: kernel memory per exported 1920x1080 buffer held as a mapped dma-buf,
 * as a fraction of the frame; and whether any buffer is a copy: a guest
 * write after the export must show through every buffer's mapping.
 */
static void p4(const char *uuid)
{
	const uint32_t pages = frame_pages(1920, 1080);
	const size_t size = (size_t)pages * PAGE;
	const int n = 8;
	volatile uint32_t *maps[8];
	int fds[8], i, copies = 0;
	struct vfio_dev dev;
	long before, after;

	open_dev(&dev, uuid, size + 8 * PAGE);
	before = kernel_kib();
	for (i = 0; i < n; i++) {
		/* After a reset the same frame is a new buffer; held ones stay. */
		if (vfio_dev_reset(&dev))
			die("reset failed");
		setup_frames(&dev, 1920, 1080, false);
		get_and_touch(&dev, query_id(&dev, 1), size, &fds[i]);
		maps[i] = mmap(NULL, size, PROT_READ, MAP_SHARED, fds[i], 0);
		if (maps[i] == MAP_FAILED)
			die("mmap failed");
		(void)maps[i][size / 4 - 1];
	}
	after = kernel_kib();
	/* Every buffer is over the same guest frame: one write shows in all. */
	memset(dev.ram, 0x5a, 4);
	for (i = 0; i < n; i++)
		if (maps[i][0] != 0x5a5a5a5a)
			copies++;
	printf("P4 kernel_bytes_per_buffer %ld frame_bytes %zu fraction %.5f copies %d of %d\n",
	       (after - before) * 1024 / n, size, (double)(after - before) * 1024 / n / (double)size,
	       copies, n);
	for (i = 0; i < n; i++) {
		munmap((void *)maps[i], size);
		close(fds[i]);
	}
	vfio_dev_close(&dev);
}

/*
 * P6: the guest's vblank interrupts while its pipe is on and the vblank
 * unmasked and enabled, counted as the MSI eventfd QEMU would route,
 * acked as a guest driver does (clearing IIR): how close to the mode's
 * 60 Hz they come under TCG. A figure, not a pass/fail.
 */
static void p6(const char *uuid)
{
	double seconds = runs > 3 ? 5 : 1;
	struct vfio_dev dev;
	uint64_t n, start, end;
	uint32_t irqs = 0, f0, f1;
	int efd = eventfd(0, EFD_CLOEXEC);

	open_dev(&dev, uuid, 16 << 20);
	enable_memory(&dev);
	if (efd < 0 || vfio_dev_irq_trigger(dev.device, VFIO_PCI_MSI_IRQ_INDEX, efd))
		die("cannot arm the MSI");
	reg_write(&dev, VGPU_REG_DE_PIPE_IMR, (uint32_t)~VGPU_INT_VBLANK);
	reg_write(&dev, VGPU_REG_DE_PIPE_IER, VGPU_INT_VBLANK);
	reg_write(&dev, VGPU_REG_PIPECONF, VGPU_PIPECONF_ENABLE);
	f0 = 0;
	vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX, VGPU_PIPE_FRMCOUNT, &f0, 4, false);
	start = now_ns();
	end = start + (uint64_t)(seconds * 1e9);
	while (now_ns() < end) {
		if (read(efd, &n, sizeof(n)) != sizeof(n))
			die("reading the MSI eventfd failed");
		irqs += n;
		reg_write(&dev, VGPU_REG_DE_PIPE_IIR, VGPU_INT_VBLANK);
	}
	end = now_ns();
	f1 = 0;
	vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX, VGPU_PIPE_FRMCOUNT, &f1, 4, false);
	printf("P6 vblank_irq_hz %.1f frames_hz %.1f seconds %.1f\n",
	       irqs / ((end - start) / 1e9), (f1 - f0) / ((end - start) / 1e9),
	       (end - start) / 1e9);
	vfio_dev_close(&dev);
	close(efd);
}

/* The vGPU's display mode (vendor/display), set while no one has it open. */
static void set_display_mode(const char *uuid, const char *mode)
{
	char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/vendor/display", uuid);
	f = fopen(path, "we");
	if (!f || fputs(mode, f) < 0 || fclose(f))
		die("cannot set vendor/display");
}

static void query_region(struct vfio_dev *dev)
{
	struct vfio_device_gfx_plane_info info = {
		.argsz = sizeof(info), .flags = VFIO_GFX_PLANE_TYPE_REGION,
		.drm_plane_type = 1,
	};

	if (ioctl(dev->device, VFIO_DEVICE_QUERY_GFX_PLANE, &info) || !info.size)
		die("a region plane query failed");
}

static void dmabuf_sync(int fd, uint64_t flags)
{
	struct dma_buf_sync sync = { .flags = flags | DMA_BUF_SYNC_READ };

	if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync))
		die("DMA_BUF_IOCTL_SYNC failed");
}

/*
 * One refresh after a flip, as a VMM without OpenGL shows a frame: the
 * guest flips between two 1920x1080 buffers, the consumer queries the
 * plane and copies the frame out of its mapping (QEMU's VNC server reads
 * its surface). In region mode the query zaps the region and the copy
 * faults the other buffer's pages in; the dma-buf consumer keeps one
 * mapping per buffer, as QEMU keeps its imports. Median ns per refresh.
 */
static uint64_t p7_refresh_ns(const char *uuid, bool region)
{
	const uint32_t pages = frame_pages(1920, 1080);
	const size_t size = (size_t)pages * PAGE;
	uint64_t *t = calloc((size_t)runs * 10, sizeof(*t)), ns;
	const uint8_t *maps[2] = { NULL, NULL };
	uint32_t ids[2] = { 0, 0 };
	int fds[2] = { -1, -1 }, i, cur;
	uint8_t *dst = malloc(size);
	struct vfio_dev dev;

	if (!t || !dst)
		die("out of memory");
	set_display_mode(uuid, region ? "region" : "dmabuf");
	open_dev(&dev, uuid, (size_t)(2 * pages + 8) * PAGE);
	setup_frames(&dev, 1920, 1080, true);
	if (region) {
		query_region(&dev);
		maps[0] = mmap(NULL, size, PROT_READ, MAP_SHARED, dev.device,
			       (off_t)dev.region[VGPU_DISPLAY_REGION_INDEX].offset);
		if (maps[0] == MAP_FAILED)
			die("mmap of the display region failed");
	} else {
		for (i = 0; i < 2; i++) {
			reg_write(&dev, VGPU_REG_PLANE_SURF, i * pages * PAGE);
			ids[i] = query_id(&dev, 1);
			fds[i] = ioctl(dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &ids[i]);
			if (fds[i] < 0)
				die("GET_GFX_DMABUF failed");
			maps[i] = mmap(NULL, size, PROT_READ, MAP_SHARED, fds[i], 0);
			if (maps[i] == MAP_FAILED)
				die("mmap of a dma-buf failed");
		}
	}
	for (i = 0; i < runs * 10; i++) {
		uint64_t t0 = now_ns();

		reg_write(&dev, VGPU_REG_PLANE_SURF, (i & 1) * pages * PAGE);
		if (region) {
			query_region(&dev);
			memcpy(dst, maps[0], size);
		} else {
			cur = query_id(&dev, 1) == ids[1];
			dmabuf_sync(fds[cur], DMA_BUF_SYNC_START);
			memcpy(dst, maps[cur], size);
			dmabuf_sync(fds[cur], DMA_BUF_SYNC_END);
		}
		t[i] = now_ns() - t0;
	}
	ns = median(t, runs * 10);
	for (i = 0; i < 2; i++) {
		if (maps[i])
			munmap((void *)maps[i], size);
		if (fds[i] >= 0)
			close(fds[i]);
	}
	vfio_dev_close(&dev);
	set_display_mode(uuid, "dmabuf");
	free(dst);
	free(t);
	return ns;
}

/* P7: region mode's refresh after a flip, beside the dma-buf path's. */
static void p7(const char *uuid)
{
	uint64_t region = p7_refresh_ns(uuid, true);
	uint64_t dmabuf = p7_refresh_ns(uuid, false);

	printf("P7 refresh_after_flip_ms region %.3f dmabuf %.3f ratio %.2f\n",
	       region / 1e6, dmabuf / 1e6, (double)region / (double)dmabuf);
}

int main(int argc, char **argv)
{
	int a = 1;

	if (a < argc && !strcmp(argv[a], "--quick")) {
		runs = 3;
		a++;
	}
	if (argc - a < 2) {
		fprintf(stderr, "usage: vgpu_bench [--quick] UUID_1080 UUID_2160 [MBOCHS_UUID]\n");
		return 2;
	}
	p1(argv[a], a + 2 < argc ? argv[a + 2] : NULL);
	p2(argv[a + 1]);
	p3(argv[a]);
	p4(argv[a]);
	p6(argv[a]);
	p7(argv[a]);
	return 0;
}
