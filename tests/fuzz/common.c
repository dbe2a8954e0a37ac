// SPDX-License-Identifier: GPL-2.0
/* What the fuzz modes share: the random stream, fault-safe reads, setup. */
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <poll.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <libdrm/drm.h>

#include "fuzz.h"

void rng_seed(struct fuzz_rng *rng, uint64_t seed)
{
	/* Mix the seed so that seeds 1, 2, 3... give unrelated streams. */
	seed = (seed ^ (seed >> 30)) * 0xbf58476d1ce4e5b9ull;
	seed = (seed ^ (seed >> 27)) * 0x94d049bb133111ebull;
	seed ^= seed >> 31;
	rng->x[0] = (unsigned short)seed;
	rng->x[1] = (unsigned short)(seed >> 16);
	rng->x[2] = (unsigned short)(seed >> 32);
}

uint32_t rng_u32(struct fuzz_rng *rng)
{
	return (uint32_t)jrand48(rng->x);
}

uint64_t rng_u64(struct fuzz_rng *rng)
{
	return (uint64_t)rng_u32(rng) << 32 | rng_u32(rng);
}

uint32_t rng_below(struct fuzz_rng *rng, uint32_t n)
{
	return (uint32_t)(rng_u64(rng) % n);
}

bool rng_one_in(struct fuzz_rng *rng, uint32_t n)
{
	return rng_below(rng, n) == 0;
}

void fuzz_keep_fd(struct fuzz_rng *rng, int *held, unsigned int nr_held, int fd)
{
	unsigned int slot = rng_below(rng, nr_held + 1);

	if (slot == nr_held) {
		close(fd);
		return;
	}
	if (held[slot] >= 0)
		close(held[slot]);
	held[slot] = fd;
}

void fuzz_make_uuid(struct fuzz_rng *rng, char out[37])
{
	snprintf(out, 37, "%08x-%04x-4%03x-8%03x-%08x%04x", rng_u32(rng),
		 rng_below(rng, 0x10000), rng_below(rng, 0x1000), rng_below(rng, 0x1000),
		 rng_u32(rng), rng_below(rng, 0x10000));
}

double fuzz_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* volatile: the copy must not be moved out from under the guard. */
static _Thread_local sigjmp_buf *volatile guard_jmp;

static void guard_handler(int sig)
{
	if (!guard_jmp) {
		/* A fault outside a guarded copy is a bug of the fuzzer itself. */
		signal(sig, SIG_DFL);
		raise(sig);
		return;
	}
	siglongjmp(*guard_jmp, 1);
}

void fuzz_guard_init(void)
{
	struct sigaction sa = { .sa_handler = guard_handler };

	sigemptyset(&sa.sa_mask);
	sa.sa_flags = SA_NODEFER;
	sigaction(SIGBUS, &sa, NULL);
	sigaction(SIGSEGV, &sa, NULL);
}

int fuzz_guarded_copy(void *dst, const void *src, size_t len)
{
	sigjmp_buf jmp;
	volatile int ret = 0;

	if (sigsetjmp(jmp, 1)) {
		ret = -EFAULT;
	} else {
		guard_jmp = &jmp;
		atomic_signal_fence(memory_order_seq_cst);
		memcpy(dst, src, len);
		atomic_signal_fence(memory_order_seq_cst);
	}
	guard_jmp = NULL;
	return ret;
}

/*
 * Type1 unmaps only whole mappings: map guest RAM in frame-sized slices,
 * as a VMM with hot-pluggable memory would, so that the fuzzers can take
 * one frame away from under its buffer.
 */
static int map_in_slices(struct vfio_dev *dev)
{
	uint64_t iova;
	int ret = vfio_dev_unmap(dev, 0, dev->ram_size);

	for (iova = 0; !ret && iova < dev->ram_size; iova += FUZZ_FRAME_SIZE)
		ret = vfio_dev_map(dev, iova, FUZZ_FRAME_SIZE);
	return ret;
}

int fuzz_open(struct vfio_dev *dev, const char *uuid)
{
	char why[256];
	int ret = vfio_dev_open(dev, uuid, FUZZ_RAM_SIZE, why, sizeof(why));

	if (ret) {
		fprintf(stderr, "vgpu-fuzz: %s\n", why);
		return ret;
	}
	ret = map_in_slices(dev);
	if (!ret)
		ret = vfio_dev_enable_memory(dev);
	if (ret)
		vfio_dev_close(dev);
	return ret;
}

int fuzz_ggtt_write(struct vfio_dev *dev, uint32_t index, uint64_t entry)
{
	long n = vfio_dev_region_rw(dev, VFIO_PCI_BAR0_REGION_INDEX,
				    VGPU_GGTT_BASE + (uint64_t)index * 8, &entry,
				    sizeof(entry), true);

	return n == sizeof(entry) ? 0 : n < 0 ? (int)n : -EIO;
}

int fuzz_show_frame(struct vfio_dev *dev, uint64_t gpa, uint32_t pixel)
{
	static const struct {
		enum vgpu_reg reg;
		uint32_t val;
	} setup[] = {
		{ VGPU_REG_PIPESRC, 0x003f001f },
		{ VGPU_REG_PLANE_SIZE, 0x001f003f },
		{ VGPU_REG_PLANE_STRIDE, 4 },
		{ VGPU_REG_PLANE_CTL, 0x84000000 },
		{ VGPU_REG_PLANE_SURF, 0 },
		{ VGPU_REG_PIPECONF, 0x80000000 },
	};
	uint32_t *px = (uint32_t *)(dev->ram + gpa);
	size_t i;
	int ret;

	for (i = 0; i < FUZZ_FRAME_SIZE / 4; i++)
		px[i] = pixel;
	ret = fuzz_ggtt_write(dev, 0, gpa | VGPU_GGTT_VALID);
	if (!ret)
		ret = fuzz_ggtt_write(dev, 1, (gpa + VGPU_PAGE_SIZE) | VGPU_GGTT_VALID);
	for (i = 0; !ret && i < sizeof(setup) / sizeof(setup[0]); i++)
		ret = vfio_dev_reg_write(dev, setup[i].reg, setup[i].val);
	return ret;
}

int fuzz_read_u64(const char *path, uint64_t *val)
{
	FILE *f = fopen(path, "re");
	int n;

	if (!f)
		return -errno;
	n = fscanf(f, "%lu", val);
	fclose(f);
	return n == 1 ? 0 : -EINVAL;
}

int fuzz_write_str(const char *path, const char *text)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC);
	ssize_t n;
	int err;

	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	err = errno;
	close(fd);
	return n < 0 ? -err : 0;
}

long fuzz_live_buffers(void)
{
	uint64_t n;

	return fuzz_read_u64("/sys/kernel/debug/vgpu_display/live_buffers", &n) ?
	       -1 : (long)n;
}

int fuzz_set_msi(int device, int32_t fd)
{
	return vfio_dev_irq_trigger(device, VFIO_PCI_MSI_IRQ_INDEX, fd);
}

uint64_t fuzz_drain(int efd)
{
	uint64_t n = 0;

	if (read(efd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

uint64_t fuzz_wait_eventfd(int efd, int ms)
{
	struct pollfd p = { .fd = efd, .events = POLLIN };

	if (poll(&p, 1, ms) != 1)
		return 0;
	return fuzz_drain(efd);
}

int fuzz_bar0_read(int device, uint32_t off, uint32_t *val)
{
	ssize_t n = pread(device, val, 4,
			  (off_t)((uint64_t)VFIO_PCI_BAR0_REGION_INDEX << 40 | off));

	return n == 4 ? 0 : n < 0 ? -errno : -EIO;
}

int fuzz_bar0_write(int device, uint32_t off, uint32_t val)
{
	ssize_t n = pwrite(device, &val, 4,
			   (off_t)((uint64_t)VFIO_PCI_BAR0_REGION_INDEX << 40 | off));

	return n == 4 ? 0 : n < 0 ? -errno : -EIO;
}

int fuzz_vblank_on(int device, int efd)
{
	int ret = fuzz_set_msi(device, efd);

	if (!ret)
		ret = fuzz_bar0_write(device, VGPU_DE_PIPE_IMR,
				      ~(uint32_t)(VGPU_INT_VBLANK | VGPU_INT_FLIP_DONE));
	if (!ret)
		ret = fuzz_bar0_write(device, VGPU_DE_PIPE_IER,
				      VGPU_INT_VBLANK | VGPU_INT_FLIP_DONE);
	return ret;
}

static bool timer_listed(void)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/timer_list", "re");

	if (!f)
		return false;
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "vblank_fire"))
			found = true;
	fclose(f);
	return found;
}

bool fuzz_vblank_timer_queued(void)
{
	return timer_listed() || timer_listed() || timer_listed();
}

bool fuzz_check(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%s - ", cond ? "ok" : "not ok");
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	return cond;
}

/* A DRM primary node by its parent's driver (uevent), else by DRM's own name. */
void fuzz_drm_card(const char *driver, char *out, size_t len)
{
	char path[80], line[128], name[64];
	int i, fd;

	out[0] = '\0';
	for (i = 0; i < 16 && !out[0]; i++) {
		FILE *ue;

		snprintf(path, sizeof(path), "/sys/class/drm/card%d/device/uevent", i);
		ue = fopen(path, "re");
		if (!ue)
			continue;
		snprintf(name, sizeof(name), "DRIVER=%s\n", driver);
		while (fgets(line, sizeof(line), ue))
			if (!strcmp(line, name))
				snprintf(out, len, "/dev/dri/card%d", i);
		fclose(ue);
	}
	for (i = 0; i < 16 && !out[0]; i++) {
		struct drm_version v = { .name = name, .name_len = sizeof(name) - 1 };

		snprintf(path, sizeof(path), "/dev/dri/card%d", i);
		fd = open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK);
		if (fd < 0)
			continue;
		memset(name, 0, sizeof(name));
		if (!ioctl(fd, DRM_IOCTL_VERSION, &v) && !strcmp(name, driver))
			snprintf(out, len, "/dev/dri/card%d", i);
		close(fd);
	}
}
