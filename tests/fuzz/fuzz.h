/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vgpu-fuzz: seeded, time-bounded fuzzers of everything a guest or a VMM
 * can reach on a vgpu_display device, run inside the test VM
 * (tests/fuzz/README.md). Each mode prints the counts it reached and its
 * seed; the kernel's own checkers (KASAN, kmemleak, lockdep...) judge the
 * kernel side, the modes judge what user space saw.
 */
#ifndef FUZZ_H
#define FUZZ_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/vfio.h>

#include "vfio_dev.h"

/* Guest RAM the fuzzers map at IOVA 0. */
#define FUZZ_RAM_SIZE	(16u << 20)
#define FUZZ_RAM_PAGES	(FUZZ_RAM_SIZE >> VGPU_PAGE_SHIFT)

/*
 * A reproducible random stream: the 48-bit state of POSIX's jrand48(),
 * one per thread, derived from the run's seed.
 */
struct fuzz_rng {
	unsigned short x[3];
};

void rng_seed(struct fuzz_rng *rng, uint64_t seed);
uint32_t rng_u32(struct fuzz_rng *rng);
uint64_t rng_u64(struct fuzz_rng *rng);
/* Uniform in [0, n); n > 0. */
uint32_t rng_below(struct fuzz_rng *rng, uint32_t n);
/* True with probability 1/n. */
bool rng_one_in(struct fuzz_rng *rng, uint32_t n);

/* What every mode gets from the command line. */
struct fuzz_args {
	const char *uuid;	/* the vGPU the mode drives (created by the caller) */
	const char *type;	/* its mdev type, for modes that create more */
	uint64_t seed;
	double seconds;		/* run time bound */
	uint64_t min;		/* the count the mode must reach, or 0 for its default */
};

/*
 * Keep @fd in a random slot of @held (closing what was there) or close
 * it at once: buffers that user space holds for a while, and some not.
 */
void fuzz_keep_fd(struct fuzz_rng *rng, int *held, unsigned int nr_held, int fd);
/* A random version-4 UUID for a new vGPU, from @rng. */
void fuzz_make_uuid(struct fuzz_rng *rng, char out[37]);

/* Seconds since an arbitrary start, monotonic. */
double fuzz_now(void);

/*
 * Copy @len bytes from @src, which may be a mapping that faults (SIGBUS
 * for a revoked buffer, SIGSEGV): 0, or -EFAULT when it faulted. Safe in
 * any thread once fuzz_guard_init() ran.
 */
void fuzz_guard_init(void);
int fuzz_guarded_copy(void *dst, const void *src, size_t len);

/*
 * Open @uuid with FUZZ_RAM_SIZE of guest RAM, mapped in FUZZ_FRAME_SIZE
 * slices (each can be unmapped alone), and memory decode on.
 */
int fuzz_open(struct vfio_dev *dev, const char *uuid);
/* Write GGTT entry @index; 0 or -errno. */
int fuzz_ggtt_write(struct vfio_dev *dev, uint32_t index, uint64_t entry);
/*
 * Show a 64x32 XRGB8888 frame from the two guest pages at @gpa (filled
 * with @pixel) through GGTT entries 0 and 1: 0 or -errno.
 */
int fuzz_show_frame(struct vfio_dev *dev, uint64_t gpa, uint32_t pixel);
#define FUZZ_FRAME_SIZE	8192u

/* Read a decimal number from a file (sysfs, debugfs): 0 or -errno. */
int fuzz_read_u64(const char *path, uint64_t *val);
/* Write a string to a file (sysfs, debugfs, procfs): 0 or -errno. */
int fuzz_write_str(const char *path, const char *text);
/* The debug counter of live plane buffers, or -1 when it cannot be read. */
long fuzz_live_buffers(void);

/*
 * The guest's MSI (VFIO_PCI_MSI_IRQ_INDEX): arm eventfd @fd, or disarm
 * with -1; 0 or -errno.
 */
int fuzz_set_msi(int device, int32_t fd);
/*
 * The primary node (/dev/dri/cardN) of DRM driver @driver into @out, or an
 * empty string when there is none.
 */
void fuzz_drm_card(const char *driver, char *out, size_t len);
/* What a nonblocking eventfd counted since the last drain (0 if nothing). */
uint64_t fuzz_drain(int efd);
/* Wait up to @ms for @efd to count: what it counted, 0 on time-out. */
uint64_t fuzz_wait_eventfd(int efd, int ms);
/* BAR0 dword read and write of a vgpu_display device: 0 or -errno. */
int fuzz_bar0_read(int device, uint32_t off, uint32_t *val);
int fuzz_bar0_write(int device, uint32_t off, uint32_t val);
/*
 * Turn the guest's vblank interrupt on: MSI armed with @efd, vblank (and
 * flip done) unmasked in DE_PIPE_IMR and enabled in DE_PIPE_IER. With the
 * pipe on, the vblank timer then runs. 0 or -errno of the first failure.
 */
int fuzz_vblank_on(int device, int efd);
/*
 * Whether any vGPU's vblank timer is queued: /proc/timer_list names
 * vblank_fire (monitor_irq.c's test). A timer whose callback runs is off
 * the queue meanwhile, so this takes any of three looks.
 */
bool fuzz_vblank_timer_queued(void);

/* "ok - ..." / "not ok - ..." lines, as tests/check.sh counts them. */
bool fuzz_check(bool cond, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

int fuzz_guest(const struct fuzz_args *args);
int fuzz_vmm(const struct fuzz_args *args);
int fuzz_life(const struct fuzz_args *args);
int fuzz_failnth(const struct fuzz_args *args);
int fuzz_isolation(const struct fuzz_args *args);
int fuzz_fds(const struct fuzz_args *args);

#endif
