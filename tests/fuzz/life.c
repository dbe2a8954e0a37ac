// SPDX-License-Identifier: GPL-2.0
/*
 * Lifecycle races. Each round creates a vGPU, opens it and shows a frame;
 * then threads GET, mmap, read and close its buffers (holding a few) while
 * others reset the device and unmap and remap the frame's pages, until the
 * vGPU is removed under them: the removal asks for the device back, the
 * device fd is closed while the threads go on, and they then read the
 * buffers they still hold. Every round must end with no buffer alive.
 *
 * Unmaps stop before that close. Linux 6.1's VFIO passes a container's
 * ioctls to type1 without a lock against the group leaving the container,
 * which the removal does as soon as the device is closed, and type1's data
 * is freed under a running unmap (KASAN: use-after-free in
 * vfio_iommu_type1_ioctl, docs/hardening.md). That race is VFIO's; once the
 * device is closed, an unmap no longer reaches the driver.
 *
 * The guest's vblanks run through all of it: the frame's pipe is on, the
 * MSI armed with the round's eventfd and vblank unmasked and enabled at
 * the start, after each reset and just before the removal; a fifth thread
 * arms and disarms the MSI, masks, enables and acks at random and drains
 * the eventfd. Reset and close must disarm: once the round's device is
 * closed and its vGPU removed, no vblank timer may be queued
 * (/proc/timer_list) and the eventfd must stay quiet.
 */
#include <errno.h>
#include <sys/eventfd.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

#define FRAME_GPA	0x100000u
#define FRAME_PIXEL	0x11223344u
#define HELD_MAX	4

struct life {
	struct vfio_dev dev;	/* device fd is read through device_fd */
	atomic_int device_fd;
	/* Held to unmap; taken to write to close the device (see the top). */
	pthread_rwlock_t unmap_lock;
	atomic_bool stop;
	atomic_ulong buffer_cycles;
	atomic_ulong resets;
	atomic_ulong unmaps;
	atomic_ulong faults;	/* reads of a revoked buffer that got SIGBUS */
	atomic_ulong wrong;	/* reads that saw neither the frame nor zeros */
	int msi;		/* the round's MSI eventfd, nonblocking */
	atomic_ulong irq_steps;	/* arms, disarms, mask and enable writes, acks */
	atomic_ulong msis;	/* MSIs drained */
	unsigned long timer_at_remove;	/* rounds whose timer ran as the removal began */
	unsigned long stale_timer;	/* rounds whose timer outlived close and removal */
	unsigned long stale_msi;	/* rounds whose eventfd was signalled after them */
};

struct worker {
	struct life *life;
	struct fuzz_rng rng;
	void (*step)(struct worker *w, struct vfio_dev *dev);
	int held[HELD_MAX];
};

/* The shared device with the fd as it is now (closed: -1). */
static struct vfio_dev current_dev(struct life *l)
{
	struct vfio_dev dev = l->dev;

	dev.device = atomic_load(&l->device_fd);
	return dev;
}

/* One mapped read of a buffer: the frame's pixel, zeros, or SIGBUS. */
static void read_buffer(struct worker *w, int fd)
{
	uint32_t *map, px;

	map = mmap(NULL, FUZZ_FRAME_SIZE, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return;
	if (fuzz_guarded_copy(&px, map + rng_below(&w->rng, FUZZ_FRAME_SIZE / 4), 4))
		atomic_fetch_add(&w->life->faults, 1);
	else if (px != FRAME_PIXEL && px != 0)
		atomic_fetch_add(&w->life->wrong, 1);
	munmap(map, FUZZ_FRAME_SIZE);
}

static void buffer_step(struct worker *w, struct vfio_dev *dev)
{
	struct vfio_device_gfx_plane_info info;
	int fd;

	if (w->held[0] >= 0 && rng_one_in(&w->rng, 4))
		read_buffer(w, w->held[0]);
	if (!vfio_dev_query_plane(dev, VGPU_PLANE_PRIMARY, &info) && info.dmabuf_id &&
	    info.size == FUZZ_FRAME_SIZE) {
		fd = ioctl(dev->device, VFIO_DEVICE_GET_GFX_DMABUF, &info.dmabuf_id);
		if (fd >= 0) {
			read_buffer(w, fd);
			fuzz_keep_fd(&w->rng, w->held, HELD_MAX, fd);
			atomic_fetch_add(&w->life->buffer_cycles, 1);
		}
	}
}

/* Now and then reset the device; buffers otherwise, to keep the mix. */
static void reset_step(struct worker *w, struct vfio_dev *dev)
{
	if (!rng_one_in(&w->rng, 8)) {
		buffer_step(w, dev);
		return;
	}
	if (!vfio_dev_reset(dev))
		atomic_fetch_add(&w->life->resets, 1);
	vfio_dev_enable_memory(dev);
	fuzz_show_frame(dev, FRAME_GPA, FRAME_PIXEL);
	/* Mostly as a guest driver does after a reset: vblanks back on. */
	if (!rng_one_in(&w->rng, 4))
		fuzz_vblank_on(dev->device, w->life->msi);
}

/*
 * The guest's interrupts under the races: arm and disarm the MSI, mask,
 * enable and ack at random, drain the eventfd; buffers otherwise.
 */
static void irq_step(struct worker *w, struct vfio_dev *dev)
{
	struct life *l = w->life;
	struct fuzz_rng *rng = &w->rng;

	switch (rng_below(rng, 16)) {
	case 0:
	case 1:
		fuzz_set_msi(dev->device, l->msi);
		break;
	case 2:
		fuzz_set_msi(dev->device, -1);
		break;
	case 3:
		fuzz_bar0_write(dev->device, VGPU_DE_PIPE_IMR, ~(rng_u32(rng) & VGPU_INT_ALL));
		break;
	case 4:
		fuzz_bar0_write(dev->device, VGPU_DE_PIPE_IER, rng_u32(rng) & VGPU_INT_ALL);
		break;
	case 5:
	case 6:
		fuzz_bar0_write(dev->device, VGPU_DE_PIPE_IIR, VGPU_INT_ALL);
		break;
	case 7:
		fuzz_vblank_on(dev->device, l->msi);
		break;
	case 8:
	case 9:
		atomic_fetch_add(&l->msis, fuzz_drain(l->msi));
		break;
	default:
		buffer_step(w, dev);
		return;
	}
	atomic_fetch_add(&l->irq_steps, 1);
}

/*
 * Now and then, while the device is open, take the frame's pages away for
 * one buffer step.
 */
static void unmap_step(struct worker *w, struct vfio_dev *dev)
{
	struct life *l = w->life;
	bool unmapped = false;

	pthread_rwlock_rdlock(&l->unmap_lock);
	if (atomic_load(&l->device_fd) >= 0 && rng_one_in(&w->rng, 8) &&
	    !vfio_dev_unmap(dev, FRAME_GPA, FUZZ_FRAME_SIZE)) {
		atomic_fetch_add(&l->unmaps, 1);
		buffer_step(w, dev);
		vfio_dev_map(dev, FRAME_GPA, FUZZ_FRAME_SIZE);
		unmapped = true;
	}
	pthread_rwlock_unlock(&l->unmap_lock);
	if (!unmapped)
		buffer_step(w, dev);
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;
	int i;

	while (!atomic_load(&w->life->stop)) {
		struct vfio_dev dev = current_dev(w->life);

		w->step(w, &dev);
	}
	for (i = 0; i < HELD_MAX; i++) {
		if (w->held[i] >= 0) {
			read_buffer(w, w->held[i]);
			close(w->held[i]);
		}
	}
	return NULL;
}

static void *remove_main(void *arg)
{
	char path[128];

	snprintf(path, sizeof(path), "/sys/bus/mdev/devices/%s/remove", (char *)arg);
	return (void *)(intptr_t)fuzz_write_str(path, "1");
}

/* One round; false when its vGPU could not be set up or did not end cleanly. */
static bool round_run(struct life *l, const struct fuzz_args *args, struct fuzz_rng *rng,
		      double slice)
{
	void (*steps[])(struct worker *, struct vfio_dev *) = {
		buffer_step, buffer_step, reset_step, unmap_step, irq_step,
	};
	enum { NR_WORKERS = sizeof(steps) / sizeof(steps[0]) };
	struct worker w[NR_WORKERS];
	pthread_t tid[NR_WORKERS], remover;
	char uuid[37], path[256];
	double end;
	void *removed;
	bool clean = true;
	size_t i;

	fuzz_make_uuid(rng, uuid);
	snprintf(path, sizeof(path),
		 "/sys/class/mdev_bus/vgpu_display/mdev_supported_types/vgpu_display-%s/create",
		 args->type);
	if (fuzz_write_str(path, uuid) || fuzz_open(&l->dev, uuid)) {
		fprintf(stderr, "vgpu-fuzz: life: cannot create and open vGPU %s\n", uuid);
		return false;
	}
	atomic_store(&l->device_fd, l->dev.device);
	fuzz_show_frame(&l->dev, FRAME_GPA, FRAME_PIXEL);
	l->msi = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	fuzz_vblank_on(l->dev.device, l->msi);
	atomic_store(&l->stop, false);
	for (i = 0; i < NR_WORKERS; i++) {
		w[i] = (struct worker){ .life = l, .step = steps[i], .held = { -1, -1, -1, -1 } };
		rng_seed(&w[i].rng, rng_u64(rng));
		pthread_create(&tid[i], NULL, worker_main, &w[i]);
	}
	/* This thread drives buffers too until the round's time is up. */
	{
		struct worker self = { .life = l, .held = { -1, -1, -1, -1 } };

		rng_seed(&self.rng, rng_u64(rng));
		for (end = fuzz_now() + slice; fuzz_now() < end;) {
			struct vfio_dev dev = current_dev(l);

			buffer_step(&self, &dev);
		}
		for (i = 0; i < HELD_MAX; i++)
			if (self.held[i] >= 0)
				close(self.held[i]);
	}
	/*
	 * Vblanks on once more, for the close to find the timer running (unless
	 * a racing reset or disarm came in between).
	 */
	fuzz_bar0_write(l->dev.device, 0x70008, VGPU_PIPECONF_ENABLE);	/* PIPECONF */
	fuzz_vblank_on(l->dev.device, l->msi);
	if (fuzz_vblank_timer_queued())
		l->timer_at_remove++;
	/* Remove the vGPU under the threads; it asks us for the device. */
	pthread_create(&remover, NULL, remove_main, uuid);
	if (vfio_dev_wait_request(&l->dev, 60000)) {
		fprintf(stderr, "vgpu-fuzz: life: %s: no request IRQ on removal\n", uuid);
		clean = false;
	}
	pthread_rwlock_wrlock(&l->unmap_lock);
	atomic_store(&l->device_fd, -1);
	pthread_rwlock_unlock(&l->unmap_lock);
	vfio_dev_close_device(&l->dev);
	pthread_join(remover, &removed);
	if (removed) {
		fprintf(stderr, "vgpu-fuzz: life: %s: remove failed\n", uuid);
		clean = false;
	}
	atomic_store(&l->stop, true);
	for (i = 0; i < NR_WORKERS; i++)
		pthread_join(tid[i], NULL);
	vfio_dev_close(&l->dev);
	/* Closed and removed: nothing ticks, nothing signals the eventfd. */
	if (fuzz_vblank_timer_queued()) {
		fprintf(stderr, "vgpu-fuzz: life: %s: vblank timer queued after close and "
			"removal\n", uuid);
		l->stale_timer++;
		clean = false;
	}
	fuzz_drain(l->msi);
	if (fuzz_wait_eventfd(l->msi, 60)) {
		fprintf(stderr, "vgpu-fuzz: life: %s: MSI eventfd signalled after close and "
			"removal\n", uuid);
		l->stale_msi++;
		clean = false;
	}
	close(l->msi);
	if (fuzz_live_buffers() != 0) {
		fprintf(stderr, "vgpu-fuzz: life: %s: %ld buffers alive after the round\n",
			uuid, fuzz_live_buffers());
		clean = false;
	}
	return clean;
}

int fuzz_life(const struct fuzz_args *args)
{
	uint64_t min = args->min ? args->min : 10000, cycles;
	struct life l = { 0 };
	double end = fuzz_now() + args->seconds;
	struct fuzz_rng rng;
	unsigned long rounds = 0, bad = 0;
	int ok;

	pthread_rwlock_init(&l.unmap_lock, NULL);
	rng_seed(&rng, args->seed);
	do {
		double slice = 0.2 + (double)rng_below(&rng, 1000) / 1000.0;

		if (!round_run(&l, args, &rng, slice))
			bad++;
		rounds++;
	} while (fuzz_now() < end && bad < 3);

	pthread_rwlock_destroy(&l.unmap_lock);
	cycles = l.buffer_cycles + l.resets + l.unmaps + l.irq_steps;
	printf("fuzz life: seed %lu, %.0f s: %lu rounds (create, race, remove), %lu cycles: "
	       "%lu buffers GET, mapped, read and closed, %lu resets, %lu unmaps, "
	       "%lu MSI and interrupt register changes; %lu reads got SIGBUS\n",
	       args->seed, args->seconds, rounds, cycles, (unsigned long)l.buffer_cycles,
	       (unsigned long)l.resets, (unsigned long)l.unmaps, (unsigned long)l.irq_steps,
	       (unsigned long)l.faults);
	printf("fuzz life: %lu MSIs; the vblank timer ran as %lu of %lu removals began; "
	       "after close and removal %lu timers stayed queued, %lu eventfds were signalled\n",
	       (unsigned long)l.msis, l.timer_at_remove, rounds, l.stale_timer, l.stale_msi);
	ok = fuzz_check(bad == 0, "lifecycle fuzzer: every round removed its vGPU and freed "
			"every buffer (%lu of %lu did not)", bad, rounds);
	ok &= fuzz_check(l.wrong == 0, "lifecycle fuzzer: reads saw the frame, zeros or SIGBUS "
			 "(%lu saw something else)", (unsigned long)l.wrong);
	ok &= fuzz_check(l.timer_at_remove > 0 && !l.stale_timer && !l.stale_msi,
			 "lifecycle fuzzer: close and removal stopped the vblank timer and let go "
			 "of the MSI (running at %lu removals; %lu timers, %lu eventfds stayed)",
			 l.timer_at_remove, l.stale_timer, l.stale_msi);
	ok &= fuzz_check(cycles >= min, "lifecycle fuzzer: %lu racing cycles (at least %lu)",
			 cycles, min);
	return ok ? 0 : 1;
}
