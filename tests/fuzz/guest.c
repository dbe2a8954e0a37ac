// SPDX-License-Identifier: GPL-2.0
/*
 * The hostile guest: random register and GGTT writes, valid and invalid,
 * interleaved with what the VMM does meanwhile (plane queries, GET, mmap
 * reads, closes, resets). The kernel must answer everything with data or
 * an errno; the counts show how much was tried.
 *
 * The guest's interrupts too: the interrupt registers and the pipe take
 * plausible and wild values while the VMM arms and disarms the MSI at
 * random, so the vblank timer starts and stops under the writes; now and
 * then everything is set for vblanks and one must come as an MSI. Reads
 * of the interrupt registers, PV_MONITOR, PV_REFRESH, the frame counter
 * and the EDID window must keep their invariants (writable bits only,
 * zeros past the EDID, a counter that only goes up until a reset).
 */
#include <errno.h>
#include <sys/eventfd.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#include "fuzz.h"

#define HELD_MAX 4

static const uint32_t reg_offset[VGPU_NR_REGS] = {
#define VGPU_REG(name, off, wmask, reset, event) [VGPU_REG_##name] = off,
#include "vgpu_reg_list.h"
};

struct guest_counts {
	uint64_t reg_writes;
	uint64_t ggtt_writes;
	uint64_t queries;
	uint64_t planes;	/* queries that described a plane */
	uint64_t gets;
	uint64_t maps;
	uint64_t faults;	/* mapped reads that got SIGBUS */
	uint64_t resets;
	uint64_t errors;	/* writes the device refused */
	uint64_t reg_reads;
	uint64_t edid_reads;	/* of the EDID window */
	uint64_t wrong;		/* reads that broke an invariant */
	uint64_t acks;		/* DE_PIPE_IIR writes */
	uint64_t arms, disarms;	/* of the MSI */
	uint64_t msis;		/* MSIs drained */
	uint64_t vblank_waits;	/* everything set for vblanks, one awaited */
	uint64_t vblank_missed;	/* ...and none came within a second */
	uint64_t timer_wrong;	/* the timer queued when it must not be, or not when it must */
};

struct guest {
	struct vfio_dev dev;
	struct fuzz_rng rng;
	struct guest_counts n;
	int held[HELD_MAX];	/* dma-buf fds kept open for a while */
	int msi;		/* the MSI's eventfd, nonblocking */
	uint32_t frames;	/* PIPE_FRMCOUNT last read: it only goes up until a reset */
};

/* Width/height pairs as PIPESRC and PLANE_SIZE hold them, mostly small. */
static uint32_t pick_size(struct fuzz_rng *rng)
{
	uint32_t w = rng_one_in(rng, 8) ? rng_below(rng, 8192) : rng_below(rng, 300);
	uint32_t h = rng_one_in(rng, 8) ? rng_below(rng, 8192) : rng_below(rng, 300);

	return h << 16 | w;
}

static uint32_t pick_plane_ctl(struct fuzz_rng *rng)
{
	static const uint32_t formats[] = {
		VGPU_FMT_YUV422, VGPU_FMT_XRGB2101010, VGPU_FMT_XRGB8888,
		VGPU_FMT_INDEXED8, VGPU_FMT_RGB565,
	};
	uint32_t fmt = rng_one_in(rng, 4) ? rng_below(rng, 16) : formats[rng_below(rng, 5)];

	return VGPU_PLANE_CTL_ENABLE | fmt << VGPU_PLANE_CTL_FORMAT_SHIFT |
	       rng_below(rng, 8) << VGPU_PLANE_CTL_TILED_SHIFT |
	       (rng_u32(rng) & (VGPU_PLANE_CTL_ORDER_RGBX | VGPU_PLANE_CTL_YUV_ORDER_MASK |
				VGPU_PLANE_CTL_ALPHA_MASK));
}

/* A value a confused or malicious guest might write to @reg. */
static uint32_t pick_value(struct fuzz_rng *rng, enum vgpu_reg reg)
{
	static const uint32_t cursor_modes[] = {
		VGPU_CURSOR_MODE_DISABLED, VGPU_CURSOR_MODE_64_ARGB,
		VGPU_CURSOR_MODE_128_ARGB, VGPU_CURSOR_MODE_256_ARGB,
	};

	switch (rng_below(rng, 8)) {
	case 0:
		return 0;
	case 1:
		return ~0u;
	case 2:
		return rng_u32(rng);
	case 3:
		return 1u << rng_below(rng, 32);
	}
	switch (reg) {
	case VGPU_REG_PIPESRC:
	case VGPU_REG_PLANE_SIZE:
	case VGPU_REG_PLANE_POS:
	case VGPU_REG_PLANE_OFFSET:
		return pick_size(rng);
	case VGPU_REG_PIPECONF:
		return rng_one_in(rng, 4) ? 0 : VGPU_PIPECONF_ENABLE;
	case VGPU_REG_PLANE_CTL:
		return pick_plane_ctl(rng);
	case VGPU_REG_PLANE_STRIDE:
		return rng_below(rng, 64);
	case VGPU_REG_PLANE_SURF:
	case VGPU_REG_CURBASE:
		return rng_below(rng, 512) << VGPU_PAGE_SHIFT;
	case VGPU_REG_CURCNTR:
		return rng_one_in(rng, 4) ? rng_below(rng, 64) : cursor_modes[rng_below(rng, 4)];
	case VGPU_REG_CURPOS:
		return rng_u32(rng) & (VGPU_CURPOS_X_SIGN | VGPU_CURPOS_Y_SIGN |
				       0x01ff01ff);
	case VGPU_REG_DE_PIPE_IMR:
		/* Mostly all but a few events masked: vblanks to come. */
		return ~(rng_u32(rng) & VGPU_INT_ALL);
	case VGPU_REG_DE_PIPE_IER:
		return rng_u32(rng) & VGPU_INT_ALL;
	case VGPU_REG_DE_PIPE_IIR:
		return rng_one_in(rng, 2) ? VGPU_INT_ALL : rng_u32(rng) & VGPU_INT_ALL;
	case VGPU_REG_DE_PIPE_ISR:
	case VGPU_REG_PIPE_FRMCOUNT:
	case VGPU_REG_PV_MONITOR:
	case VGPU_REG_PV_REFRESH:
		/* read-only: whatever */
		return rng_u32(rng);
	default:
		return rng_below(rng, 512);
	}
}

static void write_register(struct guest *g)
{
	struct fuzz_rng *rng = &g->rng;
	uint64_t off, val64 = 0;
	uint32_t len = 4, val;
	long n;

	if (rng_one_in(rng, 16)) {
		/* Anywhere in the register half, any width, any alignment. */
		off = rng_below(rng, VGPU_GGTT_BASE);
		len = 1u << rng_below(rng, 4);
		val64 = rng_u64(rng);
	} else {
		enum vgpu_reg reg = rng_below(rng, VGPU_NR_REGS);

		off = reg_offset[reg];
		val = pick_value(rng, reg);
		memcpy(&val64, &val, sizeof(val));
	}
	n = vfio_dev_region_rw(&g->dev, VFIO_PCI_BAR0_REGION_INDEX, off, &val64, len, true);
	g->n.reg_writes++;
	if (off == VGPU_DE_PIPE_IIR)
		g->n.acks++;
	if (n != (long)len)
		g->n.errors++;
}

/* One dword of BAR0, or false (counted) when the read failed. */
static bool read_dword(struct guest *g, uint32_t off, uint32_t *val)
{
	if (!fuzz_bar0_read(g->dev.device, off, val))
		return true;
	g->n.wrong++;
	fprintf(stderr, "vgpu-fuzz: guest: read of BAR0 0x%x failed\n", off);
	return false;
}

static void wrong_read(struct guest *g, uint32_t off, uint32_t val, const char *why)
{
	g->n.wrong++;
	if (g->n.wrong <= 10)
		fprintf(stderr, "vgpu-fuzz: guest: BAR0 0x%x read 0x%08x: %s\n", off, val, why);
}

/* The EDID window: zeros past PV_MONITOR's size and while disconnected. */
static void read_edid_window(struct guest *g)
{
	struct fuzz_rng *rng = &g->rng;
	uint32_t mon, size, val, at;

	if (rng_one_in(rng, 8)) {
		/* Any width and alignment: unaligned ones must be refused. */
		uint64_t buf = 0;
		uint32_t len = 1u << rng_below(rng, 4);

		at = VGPU_EDID_WINDOW + rng_below(rng, VGPU_EDID_MAX_SIZE + 16) - 8;
		vfio_dev_region_rw(&g->dev, VFIO_PCI_BAR0_REGION_INDEX, at, &buf, len, false);
		g->n.edid_reads++;
		return;
	}
	if (!read_dword(g, VGPU_PV_MONITOR, &mon))
		return;
	size = mon >> VGPU_MONITOR_EDID_SIZE_SHIFT;
	if (mon & ~(VGPU_MONITOR_CONNECTED | 0xffffu << VGPU_MONITOR_EDID_SIZE_SHIFT) ||
	    size > VGPU_EDID_MAX_SIZE || (!(mon & VGPU_MONITOR_CONNECTED) && mon))
		wrong_read(g, VGPU_PV_MONITOR, mon, "not connected and a size up to 2 KiB");
	/* Mostly around the EDID's end, where the zeros start. */
	at = rng_one_in(rng, 2) ? rng_below(rng, VGPU_EDID_MAX_SIZE / 4) * 4 :
	     ((size & ~3u) + rng_below(rng, 16) * 4 - 32) % VGPU_EDID_MAX_SIZE;
	if (!read_dword(g, VGPU_EDID_WINDOW + at, &val))
		return;
	g->n.edid_reads++;
	if (at >= size && val)
		wrong_read(g, VGPU_EDID_WINDOW + at, val, "past the EDID's size: must be 0");
	else if (at + 4 > size && val >> 8 * (size - at))
		wrong_read(g, VGPU_EDID_WINDOW + at, val, "bytes past the EDID's size: must be 0");
}

/* A named register's read, and what must hold of what it shows. */
static void read_register(struct guest *g)
{
	enum vgpu_reg reg;
	uint32_t val;

	g->n.reg_reads++;
	if (rng_one_in(&g->rng, 3)) {
		read_edid_window(g);
		return;
	}
	reg = rng_below(&g->rng, VGPU_NR_REGS);
	if (!read_dword(g, reg_offset[reg], &val))
		return;
	switch (reg) {
	case VGPU_REG_DE_PIPE_IMR:
		if ((val | VGPU_INT_ALL) != ~0u)
			wrong_read(g, reg_offset[reg], val, "only event bits may unmask");
		break;
	case VGPU_REG_DE_PIPE_IIR:
	case VGPU_REG_DE_PIPE_IER:
		if (val & ~VGPU_INT_ALL)
			wrong_read(g, reg_offset[reg], val, "bits of no event");
		break;
	case VGPU_REG_DE_PIPE_ISR:
		if (val & ~VGPU_INT_HOTPLUG)
			wrong_read(g, reg_offset[reg], val, "a level other than hotplug's");
		break;
	case VGPU_REG_PV_REFRESH:
		if (val != VGPU_REFRESH_MHZ)
			wrong_read(g, reg_offset[reg], val, "not 60 Hz");
		break;
	case VGPU_REG_PIPE_FRMCOUNT:
		if ((int32_t)(val - g->frames) < 0)
			wrong_read(g, reg_offset[reg], val, "the frame counter went back");
		g->frames = val;
		break;
	default:
		break;
	}
}

/* SET_IRQS of the MSI with our eventfd, with -1, or DATA_NONE and no IRQs. */
static void msi_arm(struct guest *g, bool arm)
{
	struct vfio_irq_set none = {
		.argsz = sizeof(none),
		.flags = VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
		.index = VFIO_PCI_MSI_IRQ_INDEX,
	};
	int ret;

	if (arm) {
		g->n.arms++;
		ret = fuzz_set_msi(g->dev.device, g->msi);
	} else {
		g->n.disarms++;
		ret = rng_one_in(&g->rng, 2) ? fuzz_set_msi(g->dev.device, -1) :
		      ioctl(g->dev.device, VFIO_DEVICE_SET_IRQS, &none) ? -errno : 0;
	}
	if (ret) {
		g->n.wrong++;
		fprintf(stderr, "vgpu-fuzz: guest: MSI %s: %s\n", arm ? "arm" : "disarm",
			strerror(-ret));
	}
}

/*
 * Everything a vblank needs: the pipe on, vblank unmasked and enabled,
 * MSI armed, IIR acked. One must come (the timer ticks at 60 Hz; a second
 * is generous even under TCG). Now and then the timer is looked for in
 * /proc/timer_list, and again after the MSI is disarmed: then it must be
 * gone.
 */
static void vblank_wait(struct guest *g)
{
	bool look = rng_one_in(&g->rng, 8);
	int dev = g->dev.device, ret;

	g->n.vblank_waits++;
	g->n.reg_writes += 4;
	ret = fuzz_bar0_write(dev, reg_offset[VGPU_REG_PIPECONF], VGPU_PIPECONF_ENABLE);
	if (!ret)
		ret = fuzz_vblank_on(dev, g->msi);
	/* Drained before the ack: the MSI of a vblank latched before it is not lost. */
	g->n.msis += fuzz_drain(g->msi);
	if (!ret)
		ret = fuzz_bar0_write(dev, VGPU_DE_PIPE_IIR, ~0u);
	if (ret) {
		g->n.wrong++;
		fprintf(stderr, "vgpu-fuzz: guest: cannot set up vblanks: %s\n", strerror(-ret));
		return;
	}
	g->n.arms++;
	if (!fuzz_wait_eventfd(g->msi, 1000)) {
		g->n.vblank_missed++;
		fprintf(stderr, "vgpu-fuzz: guest: no vblank MSI within 1 s\n");
	} else {
		g->n.msis++;
	}
	/* An unacked vblank keeps no timer (it would send no MSI): ack it. */
	fuzz_bar0_write(dev, VGPU_DE_PIPE_IIR, ~0u);
	if (look && !fuzz_vblank_timer_queued()) {
		g->n.timer_wrong++;
		fprintf(stderr, "vgpu-fuzz: guest: vblanks wanted, no vblank timer queued\n");
	}
	if (rng_one_in(&g->rng, 2)) {
		msi_arm(g, false);
		if (look && fuzz_vblank_timer_queued()) {
			g->n.timer_wrong++;
			fprintf(stderr, "vgpu-fuzz: guest: MSI disarmed, vblank timer still queued\n");
		}
	}
}

static void msi_step(struct guest *g)
{
	switch (rng_below(&g->rng, 16)) {
	case 0:
		vblank_wait(g);
		break;
	case 1 ... 6:
		msi_arm(g, true);
		break;
	case 7 ... 10:
		msi_arm(g, false);
		break;
	default:
		g->n.msis += fuzz_drain(g->msi);
		break;
	}
}

static uint64_t pick_ggtt_entry(struct fuzz_rng *rng)
{
	switch (rng_below(rng, 10)) {
	case 0:
	case 1:
		/* a page the VMM never mapped */
		return ((uint64_t)FUZZ_RAM_SIZE + ((uint64_t)rng_below(rng, 1u << 20) << 12)) |
		       VGPU_GGTT_VALID;
	case 2:
		return (uint64_t)rng_below(rng, FUZZ_RAM_PAGES) << 12;	/* not valid */
	case 3:
	case 4:
		return rng_u64(rng);
	default:
		return (uint64_t)rng_below(rng, FUZZ_RAM_PAGES) << 12 | VGPU_GGTT_VALID;
	}
}

static void write_ggtt(struct guest *g)
{
	struct fuzz_rng *rng = &g->rng;
	uint32_t index = rng_one_in(rng, 8) ? rng_below(rng, VGPU_GGTT_MAX_ENTRIES) :
			 rng_below(rng, 1024);

	g->n.ggtt_writes++;
	if (fuzz_ggtt_write(&g->dev, index, pick_ggtt_entry(rng)))
		g->n.errors++;
}

static void map_ggtt_range(struct guest *g, uint32_t first, uint32_t pages)
{
	uint32_t i, ram_page = rng_below(&g->rng, FUZZ_RAM_PAGES - pages);

	for (i = 0; i < pages && first + i < 1024; i++)
		fuzz_ggtt_write(&g->dev, first + i,
				(uint64_t)(ram_page + i) << 12 | VGPU_GGTT_VALID);
	g->n.ggtt_writes += i;
}

/*
 * Most random writes leave the display off or undecodable; now and then
 * set up a whole plane that decodes, for the writes that follow to bend.
 */
static void compose_plane(struct guest *g)
{
	static const struct {
		uint32_t fmt, cpp;
	} formats[] = {
		{ VGPU_FMT_XRGB8888, 4 }, { VGPU_FMT_XRGB2101010, 4 }, { VGPU_FMT_RGB565, 2 },
		{ VGPU_FMT_YUV422, 2 }, { VGPU_FMT_INDEXED8, 1 },
	};
	static const struct {
		uint32_t tiling, width, rows;
	} tilings[] = {
		{ VGPU_TILING_LINEAR, 64, 1 }, { VGPU_TILING_X, 512, 8 },
		{ VGPU_TILING_Y, 128, 32 }, { VGPU_TILING_YF, 128, 32 },
	};
	struct fuzz_rng *rng = &g->rng;
	uint32_t f = rng_below(rng, 5), t = rng_below(rng, 4);
	uint32_t w = 1 + rng_below(rng, 256), h = 1 + rng_below(rng, 128);
	uint32_t tw = tilings[t].width, tr = tilings[t].rows;
	uint32_t stride = (w * formats[f].cpp + tw - 1) / tw * tw + rng_below(rng, 2) * tw;
	uint32_t pages = (stride * ((h + tr - 1) / tr * tr) + 4095) / 4096;
	uint32_t surf = rng_below(rng, 512);

	map_ggtt_range(g, surf, pages);
	vfio_dev_reg_write(&g->dev, VGPU_REG_PIPESRC, (w - 1) << 16 | (h - 1));
	vfio_dev_reg_write(&g->dev, VGPU_REG_PLANE_SIZE, (h - 1) << 16 | (w - 1));
	vfio_dev_reg_write(&g->dev, VGPU_REG_PLANE_POS, 0);
	vfio_dev_reg_write(&g->dev, VGPU_REG_PLANE_STRIDE, stride / 64);
	vfio_dev_reg_write(&g->dev, VGPU_REG_PLANE_CTL, VGPU_PLANE_CTL_ENABLE |
			   formats[f].fmt << VGPU_PLANE_CTL_FORMAT_SHIFT |
			   tilings[t].tiling << VGPU_PLANE_CTL_TILED_SHIFT);
	vfio_dev_reg_write(&g->dev, VGPU_REG_PLANE_SURF, surf << 12);
	vfio_dev_reg_write(&g->dev, VGPU_REG_PIPECONF, VGPU_PIPECONF_ENABLE);
	if (rng_one_in(rng, 2)) {
		surf = rng_below(rng, 512);
		map_ggtt_range(g, surf, 4);
		vfio_dev_reg_write(&g->dev, VGPU_REG_CURBASE, surf << 12);
		vfio_dev_reg_write(&g->dev, VGPU_REG_CURCNTR, VGPU_CURSOR_MODE_64_ARGB);
	}
	g->n.reg_writes += 7;
}

/* Read a few bytes of the buffer through its mmap, as a VMM would. */
static void map_and_read(struct guest *g, int fd, uint32_t size)
{
	uint8_t *map, byte[64];
	size_t at;

	map = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED)
		return;
	g->n.maps++;
	at = rng_below(&g->rng, size - sizeof(byte) + 1);
	if (fuzz_guarded_copy(byte, map + at, sizeof(byte)) ||
	    fuzz_guarded_copy(byte, map + size - 1, 1))
		g->n.faults++;
	munmap(map, size);
}

static void query_plane(struct guest *g)
{
	struct vfio_device_gfx_plane_info info;
	uint32_t type = rng_one_in(&g->rng, 3) ? VGPU_PLANE_CURSOR : VGPU_PLANE_PRIMARY;
	int fd;

	g->n.queries++;
	if (vfio_dev_query_plane(&g->dev, type, &info) || !info.drm_format)
		return;
	g->n.planes++;
	if (rng_one_in(&g->rng, 2))
		return;
	fd = ioctl(g->dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &info.dmabuf_id);
	if (fd < 0)
		return;
	g->n.gets++;
	if (info.size)
		map_and_read(g, fd, info.size);
	fuzz_keep_fd(&g->rng, g->held, HELD_MAX, fd);
}

static void step(struct guest *g)
{
	uint32_t what = rng_below(&g->rng, 1000);

	if (what < 570)
		write_register(g);
	else if (what < 640)
		read_register(g);
	else if (what < 980)
		write_ggtt(g);
	else if (what < 993)
		query_plane(g);
	else if (what < 998)
		msi_step(g);
	else if (what < 999) {
		/* Often ask for the plane at once, before writes bend it. */
		compose_plane(g);
		if (rng_one_in(&g->rng, 2))
			query_plane(g);
	}
	else if (rng_one_in(&g->rng, 20)) {
		/* Reset clears memory decode too: firmware would set it again. */
		g->n.resets++;
		vfio_dev_reset(&g->dev);
		vfio_dev_enable_memory(&g->dev);
		g->frames = 0;
	}
}

int fuzz_guest(const struct fuzz_args *args)
{
	uint64_t min = args->min ? args->min : 1000000;
	struct guest g = { .held = { -1, -1, -1, -1 } };
	double end = fuzz_now() + args->seconds;
	bool timer_at_close, timer_after_close;
	uint64_t i, late;
	int ret;

	rng_seed(&g.rng, args->seed);
	g.msi = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (g.msi < 0)
		return 1;
	ret = fuzz_open(&g.dev, args->uuid);
	if (ret)
		return 1;
	for (i = 0; (i & 1023) || fuzz_now() < end; i++)
		step(&g);
	for (i = 0; i < HELD_MAX; i++)
		if (g.held[i] >= 0)
			close(g.held[i]);
	/* Close with vblanks running: the close must stop them and let the MSI go. */
	vfio_dev_enable_memory(&g.dev);
	vblank_wait(&g);
	fuzz_vblank_on(g.dev.device, g.msi);
	fuzz_bar0_write(g.dev.device, VGPU_DE_PIPE_IIR, ~0u);
	timer_at_close = fuzz_vblank_timer_queued();
	vfio_dev_close(&g.dev);
	timer_after_close = fuzz_vblank_timer_queued();
	fuzz_drain(g.msi);
	late = fuzz_wait_eventfd(g.msi, 100);
	close(g.msi);

	printf("fuzz guest: seed %lu, %.0f s: %lu register writes, %lu GGTT writes (%lu refused), "
	       "%lu plane queries (%lu planes), %lu GETs, %lu mmaps (%lu faulted), %lu resets\n",
	       args->seed, args->seconds, g.n.reg_writes, g.n.ggtt_writes, g.n.errors,
	       g.n.queries, g.n.planes, g.n.gets, g.n.maps, g.n.faults, g.n.resets);
	printf("fuzz guest: %lu register reads (%lu of the EDID window, %lu broke an invariant), "
	       "%lu IIR acks, MSI armed %lu and disarmed %lu times, %lu MSIs, "
	       "%lu vblank waits (%lu missed), %lu wrong timer looks\n",
	       g.n.reg_reads, g.n.edid_reads, g.n.wrong, g.n.acks, g.n.arms, g.n.disarms,
	       g.n.msis, g.n.vblank_waits, g.n.vblank_missed, g.n.timer_wrong);
	ret = fuzz_check(g.n.reg_writes + g.n.reg_reads + g.n.ggtt_writes >= min,
			 "guest fuzzer: %lu register accesses and GGTT writes (at least %lu)",
			 g.n.reg_writes + g.n.reg_reads + g.n.ggtt_writes, min);
	ret &= fuzz_check(g.n.gets > 0, "guest fuzzer: some random planes were exported (%lu)",
			  g.n.gets);
	ret &= fuzz_check(g.n.wrong == 0, "guest fuzzer: register reads kept their invariants "
			  "and MSI requests worked (%lu did not)", g.n.wrong);
	ret &= fuzz_check(g.n.vblank_waits > 0 && g.n.vblank_missed == 0,
			  "guest fuzzer: every vblank awaited came as an MSI (%lu of %lu did not)",
			  g.n.vblank_missed, g.n.vblank_waits);
	ret &= fuzz_check(g.n.timer_wrong == 0 && timer_at_close,
			  "guest fuzzer: the vblank timer ran when wanted, stopped when disarmed "
			  "(%lu looks wrong; running at close: %s)", g.n.timer_wrong,
			  timer_at_close ? "yes" : "no");
	ret &= fuzz_check(!timer_after_close && !late,
			  "guest fuzzer: the close stopped the vblank timer (%s) and the MSI "
			  "(%lu signals after it)", timer_after_close ? "still queued" : "gone", late);
	return ret ? 0 : 1;
}
