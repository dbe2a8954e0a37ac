// SPDX-License-Identifier: GPL-2.0
/*
 * Isolation: a guest's buffers show its own pages or nothing. Another
 * process fills much of the machine's memory with a canary while the
 * guest points GGTT entries at IOVAs the VMM never mapped, at pages the
 * VMM unmapped and freed under a held buffer, and anywhere at random;
 * no read through a dma-buf or the aperture may ever return the canary,
 * and a stale buffer (its pages unmapped under it) reads as zeros.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fuzz.h"

#define CANARY		0xca9a2f00d5eedbadull
#define CANARY_SIZE	(256u << 20)
#define GUEST_BYTE	0x47
#define HOLE_GPA	0x200000u	/* the frame the VMM unmaps and frees */

struct scan {
	uint64_t canaries;	/* canary words seen: must stay 0 */
	uint64_t guest_words;	/* the guest's own words seen: proves reads work */
	uint64_t other_words;	/* neither zero nor the guest's */
	uint64_t faults;
	uint64_t reads;
};

/*
 * The canary process, forked before the device is opened so that it holds
 * none of its fds: on "go" it fills much of memory with the canary, says
 * "ready", and holds the memory until the parent writes again or dies.
 */
struct canary {
	pid_t pid;
	int go;		/* parent -> child */
	int ready;	/* child -> parent */
};

static void canary_child(int go, int ready)
{
	uint64_t *mem;
	size_t i;
	char c;

	if (read(go, &c, 1) != 1)
		_exit(0);
	mem = mmap(NULL, CANARY_SIZE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		   -1, 0);
	if (mem == MAP_FAILED)
		_exit(1);
	for (i = 0; i < CANARY_SIZE / 8; i++)
		mem[i] = CANARY;
	if (write(ready, "r", 1) != 1)
		_exit(1);
	if (read(go, &c, 1) < 0)
		_exit(1);
	_exit(0);
}

static int canary_fork(struct canary *c)
{
	int go[2], ready[2];

	if (pipe2(go, O_CLOEXEC) || pipe2(ready, O_CLOEXEC))
		return -errno;
	c->pid = fork();
	if (c->pid == 0) {
		close(go[1]);
		close(ready[0]);
		canary_child(go[0], ready[1]);
	}
	close(go[0]);
	close(ready[1]);
	c->go = go[1];
	c->ready = ready[0];
	return c->pid < 0 ? -errno : 0;
}

/* Fill memory with the canary now; true once it is in place. */
static bool canary_place(struct canary *c)
{
	char r;

	return write(c->go, "g", 1) == 1 && read(c->ready, &r, 1) == 1;
}

static void canary_end(struct canary *c)
{
	close(c->go);
	close(c->ready);
	waitpid(c->pid, NULL, 0);
}

static void scan_words(struct scan *s, const uint64_t *w, size_t n)
{
	const uint64_t guest = 0x0101010101010101ull * GUEST_BYTE;
	size_t i;

	s->reads++;
	for (i = 0; i < n; i++) {
		if (w[i] == CANARY)
			s->canaries++;
		else if (w[i] == guest)
			s->guest_words++;
		else if (w[i])
			s->other_words++;
	}
}

static void scan_mapping(struct scan *s, const void *map, size_t size)
{
	static uint64_t copy[(4u << 20) / 8];

	if (size > sizeof(copy))
		size = sizeof(copy);
	if (fuzz_guarded_copy(copy, map, size)) {
		s->faults++;
		return;
	}
	scan_words(s, copy, size / 8);
}

static void scan_fd(struct scan *s, int fd, size_t size)
{
	void *map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);

	if (map == MAP_FAILED)
		return;
	scan_mapping(s, map, size);
	munmap(map, size);
}

/* Query the primary plane and read all of its buffer, if it has one. */
static void scan_plane(struct scan *s, struct vfio_dev *dev)
{
	struct vfio_device_gfx_plane_info info;
	int fd;

	if (vfio_dev_query_plane(dev, VGPU_PLANE_PRIMARY, &info) || !info.dmabuf_id)
		return;
	fd = ioctl(dev->device, VFIO_DEVICE_GET_GFX_DMABUF, &info.dmabuf_id);
	if (fd < 0)
		return;
	scan_fd(s, fd, info.size);
	close(fd);
}

static void scan_aperture(struct scan *s, struct vfio_dev *dev, uint32_t pages)
{
	static uint64_t buf[VGPU_PAGE_SIZE / 8];
	uint32_t i;

	for (i = 0; i < pages; i++) {
		if (vfio_dev_region_rw(dev, VFIO_PCI_BAR2_REGION_INDEX,
				       (uint64_t)i * VGPU_PAGE_SIZE, buf, sizeof(buf),
				       false) == sizeof(buf))
			scan_words(s, buf, sizeof(buf) / 8);
	}
}

static uint64_t pick_entry(struct fuzz_rng *rng)
{
	switch (rng_below(rng, 4)) {
	case 0:	/* never mapped */
		return ((uint64_t)FUZZ_RAM_SIZE + ((uint64_t)rng_below(rng, 1u << 24) << 12)) |
		       VGPU_GGTT_VALID;
	case 1:	/* the freed hole */
		return (HOLE_GPA + rng_below(rng, 2) * VGPU_PAGE_SIZE) | VGPU_GGTT_VALID;
	case 2:	/* anywhere */
		return (rng_u64(rng) & VGPU_GGTT_ADDR_MASK) | VGPU_GGTT_VALID;
	default: /* the guest's own */
		return ((uint64_t)rng_below(rng, FUZZ_RAM_PAGES) << 12) | VGPU_GGTT_VALID;
	}
}

int fuzz_isolation(const struct fuzz_args *args)
{
	uint64_t min = args->min ? args->min : 1000, rounds = 0;
	struct scan stale = { 0 }, revoked = { 0 }, wild = { 0 };
	struct vfio_dev dev;
	struct fuzz_rng rng;
	double end;
	uint32_t id;
	struct canary canary = { .pid = -1, .go = -1, .ready = -1 };
	int held, ok;
	void *held_map;

	rng_seed(&rng, args->seed);
	if (canary_fork(&canary) || fuzz_open(&dev, args->uuid))
		return 1;
	memset(dev.ram, GUEST_BYTE, dev.ram_size);
	/* A buffer over the hole, held and mapped, before the VMM frees it. */
	if (fuzz_show_frame(&dev, HOLE_GPA, 0x47474747) ||
	    vfio_dev_query_plane(&dev, VGPU_PLANE_PRIMARY,
				 &(struct vfio_device_gfx_plane_info){ 0 }))
		return 1;
	{
		struct vfio_device_gfx_plane_info info;

		vfio_dev_query_plane(&dev, VGPU_PLANE_PRIMARY, &info);
		id = info.dmabuf_id;
	}
	held = ioctl(dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &id);
	held_map = held < 0 ? MAP_FAILED :
		   mmap(NULL, FUZZ_FRAME_SIZE, PROT_READ, MAP_SHARED, held, 0);
	if (!fuzz_check(held_map != MAP_FAILED, "isolation: a buffer over the guest's frame"))
		return 1;
	scan_mapping(&wild, held_map, FUZZ_FRAME_SIZE);
	ok = fuzz_check(wild.guest_words == FUZZ_FRAME_SIZE / 8,
			"isolation: it shows the guest's pixels before the unmap");

	/*
	 * The VMM unmaps the frame and frees its memory (new zero pages take
	 * its place in the VMM); another process takes memory.
	 */
	ok &= fuzz_check(!vfio_dev_unmap(&dev, HOLE_GPA, FUZZ_FRAME_SIZE),
			 "isolation: the VMM unmapped the frame");
	mmap(dev.ram + HOLE_GPA, FUZZ_FRAME_SIZE, PROT_READ | PROT_WRITE,
	     MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
	if (!fuzz_check(canary_place(&canary), "isolation: %u MiB of canary placed",
			CANARY_SIZE >> 20))
		return 1;

	scan_mapping(&stale, held_map, FUZZ_FRAME_SIZE);
	scan_fd(&stale, held, FUZZ_FRAME_SIZE);
	{
		int again = ioctl(dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &id);

		if (again >= 0) {
			scan_fd(&stale, again, FUZZ_FRAME_SIZE);
			close(again);
		}
	}
	ok &= fuzz_check(!stale.canaries && !stale.other_words && !stale.faults &&
			 !stale.guest_words && stale.reads > 0,
			 "isolation: the held buffer reads as zeros after the unmap "
			 "(%lu reads, %lu guest words, %lu faults, %lu canary, %lu other words)",
			 stale.reads, stale.guest_words, stale.faults, stale.canaries,
			 stale.other_words);
	scan_plane(&revoked, &dev);
	scan_aperture(&revoked, &dev, 2);
	ok &= fuzz_check(!revoked.canaries && !revoked.guest_words && !revoked.other_words,
			 "isolation: new queries and the aperture show zeros of the unmapped "
			 "frame (%lu faults, %lu canary, %lu stale, %lu other words)",
			 revoked.faults, revoked.canaries, revoked.guest_words,
			 revoked.other_words);
	munmap(held_map, FUZZ_FRAME_SIZE);
	close(held);

	/* GGTT entries anywhere: only the guest's own bytes may show. */
	memset(&wild, 0, sizeof(wild));
	for (end = fuzz_now() + args->seconds; rounds < min || fuzz_now() < end; rounds++) {
		uint32_t i;

		for (i = 0; i < 4; i++)
			fuzz_ggtt_write(&dev, i, pick_entry(&rng));
		vfio_dev_reg_write(&dev, VGPU_REG_PLANE_SURF, rng_below(&rng, 3) << 12);
		scan_plane(&wild, &dev);
		scan_aperture(&wild, &dev, 4);
		if (fuzz_now() > end + 10 * args->seconds)
			break;
	}
	canary_end(&canary);
	vfio_dev_close(&dev);

	printf("fuzz isolation: seed %lu: %lu rounds of random GGTT entries, %lu reads: "
	       "%lu guest words, %lu canary words, %lu faults\n", args->seed, rounds, wild.reads,
	       wild.guest_words, wild.canaries, wild.faults);
	ok &= fuzz_check(wild.canaries == 0 && wild.other_words == 0,
			 "isolation: random GGTT entries showed only the guest's bytes or zeros "
			 "(%lu canary, %lu other words)", wild.canaries, wild.other_words);
	ok &= fuzz_check(wild.guest_words > 0 && rounds >= min,
			 "isolation: %lu rounds (at least %lu) read the guest's own pages too",
			 rounds, min);
	return ok ? 0 : 1;
}
