// SPDX-License-Identifier: GPL-2.0
/*
 * The monitor and the guest's interrupts through the real ABI, inside the
 * test VM, with this program playing both QEMU (the EDID region, the MSI
 * eventfd) and the guest (PV_MONITOR, the EDID window, the interrupt
 * registers): QEMU's own EDID sequence and hostile variants of it,
 * hotplug, vblank and flip done as MSIs, masking, reset and close.
 * Usage: monitor_irq UUID
 */
#include <errno.h>
#include <poll.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>
#include <cmocka.h>

#include "vfio_dev.h"

static const char *uuid;
static struct vfio_dev dev;
static int msi = -1;

static int open_dev(void **state)
{
	char why[256];

	(void)state;
	if (vfio_dev_open(&dev, uuid, 16 << 20, why, sizeof(why))) {
		fprintf(stderr, "monitor_irq: %s\n", why);
		return -1;
	}
	msi = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return msi < 0 || vfio_dev_enable_memory(&dev) ? -1 : 0;
}

static int close_dev(void **state)
{
	(void)state;
	vfio_dev_close(&dev);
	close(msi);
	return 0;
}

static uint32_t bar0_read(uint32_t off)
{
	uint32_t v = 0xdeadbeef;

	assert_int_equal(vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX, off, &v, 4, false),
			 4);
	return v;
}

static void bar0_write(uint32_t off, uint32_t v)
{
	assert_int_equal(vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX, off, &v, 4, true),
			 4);
}

/* An access to the EDID region: bytes moved, or -errno. */
static long edid_rw(uint32_t off, void *buf, size_t len, bool write)
{
	return vfio_dev_region_rw(&dev, VGPU_EDID_REGION_INDEX, off, buf, len, write);
}

static uint32_t edid_reg(uint32_t off)
{
	uint32_t v = 0xdeadbeef;

	assert_int_equal(edid_rw(off, &v, 4, false), 4);
	return v;
}

static long edid_reg_write(uint32_t off, uint32_t v)
{
	return edid_rw(off, &v, 4, true);
}

static int set_msi(int32_t fd)
{
	return vfio_dev_irq_trigger(dev.device, VFIO_PCI_MSI_IRQ_INDEX, fd);
}

/* MSIs signalled since the last call. */
static uint64_t msis(void)
{
	uint64_t n = 0;

	if (read(msi, &n, sizeof(n)) != sizeof(n))
		assert_int_equal(errno, EAGAIN);
	return n;
}

/* Wait up to @ms for an MSI: how many came (0 on time-out). */
static uint64_t wait_msi(int ms)
{
	struct pollfd p = { .fd = msi, .events = POLLIN };

	if (poll(&p, 1, ms) != 1)
		return 0;
	return msis();
}

static void test_region_info(void **state)
{
	struct {
		struct vfio_region_info info;
		struct vfio_region_info_cap_type type;
	} r;

	(void)state;
	memset(&r, 0, sizeof(r));
	r.info.argsz = sizeof(r.info);
	r.info.index = VGPU_EDID_REGION_INDEX;
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_REGION_INFO, &r), 0);
	/* Too small for the capability: it says how much to ask for. */
	assert_int_equal(r.info.argsz, sizeof(r));
	assert_true(r.info.flags & VFIO_REGION_INFO_FLAG_CAPS);
	assert_int_equal(r.info.cap_offset, 0);
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_REGION_INFO, &r), 0);
	assert_int_equal(r.info.cap_offset, sizeof(r.info));
	assert_int_equal(r.info.size, VGPU_EDID_REGION_SIZE);
	assert_int_equal(r.info.offset, (uint64_t)VGPU_EDID_REGION_INDEX << 40);
	assert_int_equal(r.info.flags, VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
			 VFIO_REGION_INFO_FLAG_CAPS);
	assert_int_equal(r.type.header.id, VFIO_REGION_INFO_CAP_TYPE);
	assert_int_equal(r.type.header.next, 0);
	assert_int_equal(r.type.type, VFIO_REGION_TYPE_GFX);
	assert_int_equal(r.type.subtype, VFIO_REGION_SUBTYPE_GFX_EDID);
}

/* Before any VMM writes one, a monitor whose preferred mode is the type's largest. */
static void test_default_monitor(void **state)
{
	static const uint8_t header[8] = { 0, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0 };
	uint8_t edid[128];
	uint32_t i, sum = 0;

	(void)state;
	assert_int_equal(edid_reg(offsetof(struct vfio_region_gfx_edid, edid_offset)),
			 VGPU_EDID_REGION_BLOB);
	assert_int_equal(edid_reg(offsetof(struct vfio_region_gfx_edid, edid_max_size)),
			 VGPU_EDID_MAX_SIZE);
	assert_int_equal(edid_reg(offsetof(struct vfio_region_gfx_edid, edid_size)), 128);
	assert_int_equal(edid_reg(offsetof(struct vfio_region_gfx_edid, max_xres)), 1920);
	assert_int_equal(edid_reg(offsetof(struct vfio_region_gfx_edid, max_yres)), 1080);
	assert_int_equal(edid_reg(offsetof(struct vfio_region_gfx_edid, link_state)),
			 VFIO_DEVICE_GFX_LINK_STATE_UP);
	/* The guest's face: connected, 128 bytes, the same EDID. */
	assert_int_equal(bar0_read(VGPU_PV_MONITOR),
			 VGPU_MONITOR_CONNECTED | 128 << VGPU_MONITOR_EDID_SIZE_SHIFT);
	for (i = 0; i < 128; i += 4) {
		uint32_t w = bar0_read(VGPU_EDID_WINDOW + i);

		memcpy(edid + i, &w, 4);
	}
	assert_memory_equal(edid, header, 8);
	for (i = 0; i < 128; i++)
		sum += edid[i];
	assert_int_equal(sum % 256, 0);
	/* The first detailed timing: 1920x1080. */
	assert_int_equal(edid[56] | (edid[58] >> 4) << 8, 1920);
	assert_int_equal(edid[59] | (edid[61] >> 4) << 8, 1080);
	assert_int_equal(bar0_read(VGPU_EDID_WINDOW + 128), 0);
	{
		uint8_t blob[128];

		assert_int_equal(edid_rw(VGPU_EDID_REGION_BLOB, blob, 128, false), 128);
		assert_memory_equal(blob, edid, 128);
	}
}

/*
 * QEMU's sequence: link down, the blob, its size, link up. The blob is the
 * VMM's business: stored and shown to the guest as written, EDID or not.
 */
static void test_qemu_sequence(void **state)
{
	const uint32_t link = offsetof(struct vfio_region_gfx_edid, link_state);
	const uint32_t size = offsetof(struct vfio_region_gfx_edid, edid_size);
	uint8_t blob[256];
	uint32_t i;

	(void)state;
	for (i = 0; i < sizeof(blob); i++)
		blob[i] = (uint8_t)(i ^ 0x5a);
	assert_int_equal(edid_reg_write(link, VFIO_DEVICE_GFX_LINK_STATE_DOWN), 4);
	assert_int_equal(bar0_read(VGPU_PV_MONITOR), 0);
	assert_int_equal(bar0_read(VGPU_EDID_WINDOW), 0);
	assert_int_equal(edid_rw(VGPU_EDID_REGION_BLOB, blob, sizeof(blob), true), sizeof(blob));
	assert_int_equal(edid_reg_write(size, sizeof(blob)), 4);
	assert_int_equal(bar0_read(VGPU_PV_MONITOR), 0);
	assert_int_equal(edid_reg_write(link, VFIO_DEVICE_GFX_LINK_STATE_UP), 4);
	assert_int_equal(bar0_read(VGPU_PV_MONITOR),
			 VGPU_MONITOR_CONNECTED | 256 << VGPU_MONITOR_EDID_SIZE_SHIFT);
	for (i = 0; i < sizeof(blob); i += 4) {
		uint32_t w = bar0_read(VGPU_EDID_WINDOW + i), want;

		memcpy(&want, blob + i, 4);
		assert_int_equal(w, want);
	}
	/* Past the size: zeros, though the region's blob goes on. */
	assert_int_equal(bar0_read(VGPU_EDID_WINDOW + 256), 0);
	assert_int_equal(bar0_read(VGPU_EDID_WINDOW + VGPU_EDID_MAX_SIZE - 4), 0);
	/* A size that ends inside a dword shows only its bytes. */
	assert_int_equal(edid_reg_write(size, 254), 4);
	{
		uint32_t want = blob[252] | blob[253] << 8;

		assert_int_equal(bar0_read(VGPU_EDID_WINDOW + 252), want);
	}
	/* The guest cannot write it. */
	bar0_write(VGPU_EDID_WINDOW, 0x12345678);
	bar0_write(VGPU_PV_MONITOR, 0);
	assert_int_equal(bar0_read(VGPU_EDID_WINDOW), blob[0] | blob[1] << 8 | blob[2] << 16 |
			 (uint32_t)blob[3] << 24);
	assert_int_not_equal(bar0_read(VGPU_PV_MONITOR), 0);
}

/* Bad sizes, values and offsets get clear errnos and change nothing. */
static void test_hostile_region(void **state)
{
	const uint32_t size = offsetof(struct vfio_region_gfx_edid, edid_size);
	const uint32_t link = offsetof(struct vfio_region_gfx_edid, link_state);
	uint8_t buf[VGPU_EDID_MAX_SIZE + 8];
	uint16_t half = 0;
	uint64_t both = 0;

	(void)state;
	assert_int_equal(edid_reg_write(size, VGPU_EDID_MAX_SIZE + 1), -EINVAL);
	assert_int_equal(edid_reg_write(size, 0xffffffff), -EINVAL);
	assert_int_equal(edid_reg_write(link, 0), -EINVAL);
	assert_int_equal(edid_reg_write(link, 3), -EINVAL);
	assert_int_equal(edid_reg_write(link, 0xffffffff), -EINVAL);
	assert_int_equal(edid_reg_write(offsetof(struct vfio_region_gfx_edid, edid_offset), 0),
			 -EPERM);
	assert_int_equal(edid_reg_write(offsetof(struct vfio_region_gfx_edid, edid_max_size),
					0x10000), -EPERM);
	assert_int_equal(edid_reg_write(offsetof(struct vfio_region_gfx_edid, max_xres), 8192),
			 -EPERM);
	assert_int_equal(edid_reg_write(offsetof(struct vfio_region_gfx_edid, max_yres), 8192),
			 -EPERM);
	/* Registers are whole aligned dwords. */
	assert_int_equal(edid_rw(size, &half, 2, false), -EINVAL);
	assert_int_equal(edid_rw(size + 1, &half, 2, true), -EINVAL);
	assert_int_equal(edid_rw(size, &both, 8, false), -EINVAL);
	/* Between the registers and the blob, and past the region. */
	assert_int_equal(edid_reg_write(0x18, 0), -EINVAL);
	assert_int_equal(edid_rw(0x400, buf, 4, false), -EINVAL);
	assert_int_equal(edid_rw(VGPU_EDID_REGION_SIZE, buf, 4, false), -EINVAL);
	assert_int_equal(edid_rw(VGPU_EDID_REGION_BLOB, buf, VGPU_EDID_MAX_SIZE + 1, true),
			 -EINVAL);
	assert_int_equal(edid_rw(VGPU_EDID_REGION_SIZE - 2, buf, 4, true), -EINVAL);
	/* The blob takes any size and alignment within it. */
	memset(buf, 0xa5, sizeof(buf));
	assert_int_equal(edid_rw(VGPU_EDID_REGION_BLOB + 3, buf, 5, true), 5);
	assert_int_equal(edid_rw(VGPU_EDID_REGION_BLOB, buf, VGPU_EDID_MAX_SIZE, true),
			 VGPU_EDID_MAX_SIZE);
	assert_int_equal(edid_reg_write(size, VGPU_EDID_MAX_SIZE), 4);
	assert_int_equal(bar0_read(VGPU_EDID_WINDOW + VGPU_EDID_MAX_SIZE - 4), 0xa5a5a5a5);
	/* Nothing bad stuck. */
	assert_int_equal(edid_reg(link), VFIO_DEVICE_GFX_LINK_STATE_UP);
	assert_int_equal(edid_reg(offsetof(struct vfio_region_gfx_edid, max_xres)), 1920);
}

/* Hotplug: one MSI per link change when unmasked and enabled, none when not. */
static void test_hotplug_msi(void **state)
{
	const uint32_t link = offsetof(struct vfio_region_gfx_edid, link_state);

	(void)state;
	assert_int_equal(set_msi(msi), 0);
	/* Reset state: everything masked, nothing enabled. */
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IMR), 0xffffffff);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IER), 0);
	assert_int_equal(edid_reg_write(link, VFIO_DEVICE_GFX_LINK_STATE_DOWN), 4);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR), 0);
	assert_int_equal(msis(), 0);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_ISR), 0);

	bar0_write(VGPU_DE_PIPE_IMR, (uint32_t)~VGPU_INT_HOTPLUG);
	bar0_write(VGPU_DE_PIPE_IER, VGPU_INT_HOTPLUG);
	assert_int_equal(edid_reg_write(link, VFIO_DEVICE_GFX_LINK_STATE_UP), 4);
	assert_int_equal(msis(), 1);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR), VGPU_INT_HOTPLUG);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_ISR), VGPU_INT_HOTPLUG);
	/* Not cleared yet: the next change latches nothing new. */
	assert_int_equal(edid_reg_write(link, VFIO_DEVICE_GFX_LINK_STATE_DOWN), 4);
	assert_int_equal(msis(), 0);
	bar0_write(VGPU_DE_PIPE_IIR, VGPU_INT_HOTPLUG);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR), 0);
	assert_int_equal(edid_reg_write(link, VFIO_DEVICE_GFX_LINK_STATE_UP), 4);
	assert_int_equal(msis(), 1);
	bar0_write(VGPU_DE_PIPE_IIR, 0xffffffff);
	/* Writing the link state it has is no change. */
	assert_int_equal(edid_reg_write(link, VFIO_DEVICE_GFX_LINK_STATE_UP), 4);
	assert_int_equal(msis(), 0);

	/* Latched but not enabled: no MSI until IER enables it. */
	bar0_write(VGPU_DE_PIPE_IER, 0);
	assert_int_equal(edid_reg_write(link, VFIO_DEVICE_GFX_LINK_STATE_DOWN), 4);
	assert_int_equal(msis(), 0);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR), VGPU_INT_HOTPLUG);
	bar0_write(VGPU_DE_PIPE_IER, VGPU_INT_HOTPLUG);
	assert_int_equal(msis(), 1);
	bar0_write(VGPU_DE_PIPE_IIR, VGPU_INT_HOTPLUG);

	/* Masked: neither latched nor signalled. */
	bar0_write(VGPU_DE_PIPE_IMR, 0xffffffff);
	assert_int_equal(edid_reg_write(link, VFIO_DEVICE_GFX_LINK_STATE_UP), 4);
	assert_int_equal(msis(), 0);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR), 0);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_ISR), VGPU_INT_HOTPLUG);
	/* Only the event bits are writable. */
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IER), VGPU_INT_HOTPLUG);
	bar0_write(VGPU_DE_PIPE_IER, 0xffffffff);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IER), VGPU_INT_ALL);
}

static double now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec + t.tv_nsec / 1e9;
}

static bool timer_listed(void)
{
	char line[512];
	bool found = false;
	FILE *f = fopen("/proc/timer_list", "re");

	assert_non_null(f);
	while (fgets(line, sizeof(line), f))
		if (strstr(line, "vblank_fire"))
			found = true;
	fclose(f);
	return found;
}

/*
 * Whether the vblank timer of some vGPU is queued: /proc/timer_list names
 * it. A running timer is off the queue for the length of its callback, so
 * "yes" takes any of three looks.
 */
static bool vblank_timer_queued(void)
{
	return timer_listed() || timer_listed() || timer_listed();
}

/*
 * The timer runs: queued, or (on a kernel so slow that a look outlasts a
 * frame) it fired, latched @bit and, unacked, stopped until the ack.
 */
static bool vblank_timer_running(uint32_t bit)
{
	uint32_t iir = 0;

	if (vblank_timer_queued())
		return true;
	vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX, VGPU_DE_PIPE_IIR, &iir, 4, false);
	return iir & bit;
}

/*
 * Vblanks at 60 Hz while the pipe is on, as MSIs once unmasked and
 * enabled; the guest acks each by clearing IIR. The rate is printed, not
 * asserted: the VM runs under TCG.
 */
static void test_vblank(void **state)
{
	uint32_t f0, f1, n = 0;
	double t0, t1;

	(void)state;
	assert_int_equal(set_msi(msi), 0);
	bar0_write(VGPU_DE_PIPE_IMR, (uint32_t)~VGPU_INT_VBLANK);
	bar0_write(VGPU_DE_PIPE_IER, VGPU_INT_VBLANK);
	/* Pipe off: no frames, no timer. */
	assert_false(vblank_timer_queued());
	f0 = bar0_read(VGPU_PIPE_FRMCOUNT);
	assert_int_equal(wait_msi(200), 0);
	assert_int_equal(bar0_read(VGPU_PIPE_FRMCOUNT), f0);

	bar0_write(0x70008, 0x80000000);	/* PIPECONF: enable */
	assert_true(vblank_timer_running(VGPU_INT_VBLANK));
	t0 = now_s();
	f0 = bar0_read(VGPU_PIPE_FRMCOUNT);
	while (n < 30) {
		assert_int_not_equal(wait_msi(2000), 0);
		assert_true(bar0_read(VGPU_DE_PIPE_IIR) & VGPU_INT_VBLANK);
		bar0_write(VGPU_DE_PIPE_IIR, VGPU_INT_VBLANK);
		n++;
	}
	t1 = now_s();
	f1 = bar0_read(VGPU_PIPE_FRMCOUNT);
	print_message("30 vblank MSIs in %.3f s: %.1f per second; frame counter +%u\n", t1 - t0,
		      30 / (t1 - t0), f1 - f0);
	assert_true(f1 - f0 >= 30);

	/* Masked: no timer and no MSI, though frames go on. */
	bar0_write(VGPU_DE_PIPE_IMR, 0xffffffff);
	/* A vblank may have latched since the last ack, before the mask. */
	bar0_write(VGPU_DE_PIPE_IIR, VGPU_INT_VBLANK);
	msis();
	assert_false(vblank_timer_queued());
	f0 = bar0_read(VGPU_PIPE_FRMCOUNT);
	while (bar0_read(VGPU_PIPE_FRMCOUNT) < f0 + 3)
		assert_int_equal(wait_msi(10), 0);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR) & VGPU_INT_VBLANK, 0);

	/* Unmasked again, then the pipe off: the timer stops, frames freeze. */
	bar0_write(VGPU_DE_PIPE_IMR, (uint32_t)~VGPU_INT_VBLANK);
	assert_true(vblank_timer_running(VGPU_INT_VBLANK));
	bar0_write(0x70008, 0);
	assert_false(vblank_timer_queued());
	f0 = bar0_read(VGPU_PIPE_FRMCOUNT);
	bar0_write(VGPU_DE_PIPE_IIR, 0xffffffff);
	msis();
	assert_int_equal(wait_msi(200), 0);
	assert_int_equal(bar0_read(VGPU_PIPE_FRMCOUNT), f0);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR), 0);
}

/* A flip is done at the next vblank while the pipe runs, at once while it is off. */
static void test_flip_done(void **state)
{
	uint32_t f0;

	(void)state;
	assert_int_equal(set_msi(msi), 0);
	bar0_write(VGPU_DE_PIPE_IMR, (uint32_t)~VGPU_INT_FLIP_DONE);
	bar0_write(VGPU_DE_PIPE_IER, VGPU_INT_FLIP_DONE);
	/* No flip, no timer: flip done alone does not tick. */
	bar0_write(0x70008, 0x80000000);
	assert_false(vblank_timer_queued());
	/* Before the flip: looking for the timer may outlast a frame. */
	f0 = bar0_read(VGPU_PIPE_FRMCOUNT);
	bar0_write(0x7019c, 0x1000);		/* PLANE_SURF: a flip */
	assert_true(vblank_timer_running(VGPU_INT_FLIP_DONE));
	assert_int_equal(wait_msi(2000), 1);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR), VGPU_INT_FLIP_DONE);
	assert_true(bar0_read(VGPU_PIPE_FRMCOUNT) > f0);
	bar0_write(VGPU_DE_PIPE_IIR, VGPU_INT_FLIP_DONE);
	assert_false(vblank_timer_queued());
	/* The surface shows at once: PLANE_SURFLIVE follows. */
	assert_int_equal(bar0_read(0x701ac), 0x1000);

	bar0_write(0x70008, 0);
	bar0_write(0x7019c, 0x2000);
	assert_int_equal(msis(), 1);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR), VGPU_INT_FLIP_DONE);
}

/* Reset and close stop the timer and disarm MSI; nobody's vGPU ticks. */
static void test_reset_and_close_stop(void **state)
{
	(void)state;
	assert_int_equal(set_msi(msi), 0);
	bar0_write(VGPU_DE_PIPE_IMR, (uint32_t)~VGPU_INT_VBLANK);
	bar0_write(VGPU_DE_PIPE_IER, VGPU_INT_VBLANK);
	bar0_write(0x70008, 0x80000000);
	assert_true(vblank_timer_running(VGPU_INT_VBLANK));
	assert_int_not_equal(wait_msi(2000), 0);
	assert_int_equal(vfio_dev_reset(&dev), 0);
	assert_false(vblank_timer_queued());
	msis();
	assert_int_equal(vfio_dev_enable_memory(&dev), 0);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IMR), 0xffffffff);
	assert_int_equal(bar0_read(VGPU_DE_PIPE_IIR), 0);
	/* MSI is disarmed: unmasked vblanks latch but signal nothing. */
	bar0_write(VGPU_DE_PIPE_IMR, (uint32_t)~VGPU_INT_VBLANK);
	bar0_write(VGPU_DE_PIPE_IER, VGPU_INT_VBLANK);
	bar0_write(0x70008, 0x80000000);
	assert_false(vblank_timer_queued());
	while (!(bar0_read(VGPU_DE_PIPE_IIR) & VGPU_INT_VBLANK))
		assert_int_equal(wait_msi(10), 0);
	/* Armed again, then closed with the timer running (just re-acked). */
	bar0_write(VGPU_DE_PIPE_IIR, VGPU_INT_VBLANK);
	assert_int_equal(set_msi(msi), 0);
	assert_int_not_equal(wait_msi(2000), 0);
	bar0_write(VGPU_DE_PIPE_IIR, VGPU_INT_VBLANK);
	vfio_dev_close_device(&dev);
	assert_false(vblank_timer_queued());
	msis();
	assert_int_equal(wait_msi(200), 0);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_region_info, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_default_monitor, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_qemu_sequence, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_hostile_region, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_hotplug_msi, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_vblank, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_flip_done, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_reset_and_close_stop, open_dev, close_dev),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: monitor_irq UUID\n");
		return 2;
	}
	uuid = argv[1];
	return cmocka_run_group_tests_name("monitor_irq", tests, NULL, NULL);
}
