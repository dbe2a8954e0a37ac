// SPDX-License-Identifier: GPL-2.0
/*
 * The display IRQ through the real ABI, inside the test VM: what fires it,
 * its coalescing (automasked until unmasked, with one pending signal kept),
 * reset, bad VFIO_DEVICE_SET_IRQS arguments, and libvfio-display's event
 * fd over it.
 *
 * Register writes signal synchronously, inside pwrite(), so a zero-timeout
 * poll right after a write tells exactly whether it fired: no waiting.
 * Usage: display_irq UUID
 */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <cmocka.h>

#include "vfio_dev.h"
#include "vfiodisplay.h"
#include "vgpu_hw.h"

static const char *uuid;
static struct vfio_dev dev;
static int efd = -1;

static int open_dev(void **state)
{
	char why[256];

	(void)state;
	if (vfio_dev_open(&dev, uuid, 1 << 20, why, sizeof(why))) {
		fprintf(stderr, "display_irq: %s\n", why);
		return -1;
	}
	efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	return efd < 0 ? -1 : 0;
}

static int close_dev(void **state)
{
	(void)state;
	vfio_dev_close(&dev);
	close(efd);
	return 0;
}

/* SET_IRQS on the display index with @count s32/u8 data items; errno or 0. */
static int set_irqs(uint32_t index, uint32_t flags, uint32_t start,
		    uint32_t count, const void *data, size_t data_len)
{
	struct {
		struct vfio_irq_set hdr;
		uint8_t data[8];
	} req;

	memset(&req, 0, sizeof(req));
	req.hdr.argsz = sizeof(req.hdr) + data_len;
	req.hdr.flags = flags;
	req.hdr.index = index;
	req.hdr.start = start;
	req.hdr.count = count;
	memcpy(req.data, data, data_len);
	return ioctl(dev.device, VFIO_DEVICE_SET_IRQS, &req) ? errno : 0;
}

static int arm(int fd)
{
	return vfio_dev_display_irq(&dev, VFIO_IRQ_SET_DATA_EVENTFD |
				    VFIO_IRQ_SET_ACTION_TRIGGER, fd);
}

static int unmask(void)
{
	return vfio_dev_display_irq(&dev, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_UNMASK, -1);
}

/* How many signals arrived since the last call (the eventfd's count). */
static uint64_t signals(void)
{
	uint64_t n = 0;

	if (read(efd, &n, sizeof(n)) != sizeof(n))
		assert_int_equal(errno, EAGAIN);
	return n;
}

static void reg_write(enum vgpu_reg reg, uint32_t val)
{
	assert_int_equal(vfio_dev_reg_write(&dev, reg, val), 0);
}

/* A BAR0 offset that names no register. */
static void hole_write(void)
{
	uint32_t val = 1;

	assert_int_equal(vfio_dev_region_rw(&dev, VFIO_PCI_BAR0_REGION_INDEX,
					    0x10000, &val, 4, true), 4);
}

static void enable_memory(void)
{
	assert_int_equal(vfio_dev_enable_memory(&dev), 0);
}

static void test_info(void **state)
{
	struct vfio_device_info dinfo = { .argsz = sizeof(dinfo) };
	struct vfio_irq_info info = { .argsz = sizeof(info) };

	(void)state;
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_INFO, &dinfo), 0);
	assert_int_equal(dinfo.num_irqs, VGPU_NUM_IRQS);
	info.index = VGPU_DISPLAY_IRQ_INDEX;
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_IRQ_INFO, &info), 0);
	assert_int_equal(info.count, 1);
	assert_int_equal(info.flags, VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE |
			 VFIO_IRQ_INFO_AUTOMASKED);
	info.index = VGPU_NUM_IRQS;
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_GET_IRQ_INFO, &info), -1);
	assert_int_equal(errno, EINVAL);
}

static void test_flip_fires_and_coalesces(void **state)
{
	int i;

	(void)state;
	enable_memory();
	assert_int_equal(arm(efd), 0);
	assert_int_equal(signals(), 0);
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_int_equal(signals(), 1);
	/* Masked until the VMM unmasks: a guest flipping in a loop is one signal. */
	for (i = 0; i < 1000; i++)
		reg_write(VGPU_REG_PLANE_SURF, (i & 1) << 12);
	assert_int_equal(signals(), 0);
	assert_int_equal(unmask(), 0);
	assert_int_equal(signals(), 1);
	/* Nothing happened since: unmasking again signals nothing. */
	assert_int_equal(unmask(), 0);
	assert_int_equal(unmask(), 0);
	assert_int_equal(signals(), 0);
	/* Unmasked now: the next flip signals at once. */
	reg_write(VGPU_REG_PLANE_SURF, 0x2000);
	assert_int_equal(signals(), 1);
}

static void test_mode_and_cursor_fire(void **state)
{
	(void)state;
	enable_memory();
	assert_int_equal(arm(efd), 0);
	reg_write(VGPU_REG_PIPESRC, 0x013f00ef);
	assert_int_equal(signals(), 1);
	assert_int_equal(unmask(), 0);
	/* The same value again changes nothing: no signal. */
	reg_write(VGPU_REG_PIPESRC, 0x013f00ef);
	assert_int_equal(signals(), 0);
	reg_write(VGPU_REG_PLANE_CTL, 0x84000000);
	assert_int_equal(signals(), 1);
	assert_int_equal(unmask(), 0);
	reg_write(VGPU_REG_CURPOS, 0x00200010);
	assert_int_equal(signals(), 1);
	assert_int_equal(unmask(), 0);
	reg_write(VGPU_REG_PV_CURSOR_X_HOT, 4);
	assert_int_equal(signals(), 1);
	assert_int_equal(unmask(), 0);
	/* Registers that show nothing: the flip count, a hole. */
	reg_write(VGPU_REG_PV_FLIP_COUNT, 9);
	hole_write();
	assert_int_equal(signals(), 0);
}

/* The VMM may mask it itself; events then wait for the unmask. */
static void test_mask_holds_events(void **state)
{
	uint8_t yes = 1, no = 0;

	(void)state;
	enable_memory();
	assert_int_equal(arm(efd), 0);
	assert_int_equal(set_irqs(VGPU_DISPLAY_IRQ_INDEX, VFIO_IRQ_SET_DATA_BOOL |
				  VFIO_IRQ_SET_ACTION_MASK, 0, 1, &yes, 1), 0);
	reg_write(VGPU_REG_CURPOS, 0x00300030);
	assert_int_equal(signals(), 0);
	assert_int_equal(set_irqs(VGPU_DISPLAY_IRQ_INDEX, VFIO_IRQ_SET_DATA_BOOL |
				  VFIO_IRQ_SET_ACTION_UNMASK, 0, 1, &no, 1), 0);
	assert_int_equal(signals(), 0);
	assert_int_equal(unmask(), 0);
	assert_int_equal(signals(), 1);
	/* VFIO's loopback trigger signals whatever the mask. */
	assert_int_equal(set_irqs(VGPU_DISPLAY_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				  VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, NULL, 0), 0);
	assert_int_equal(signals(), 1);
}

/* After a reset the IRQ is off until the VMM arms it again. */
static void test_reset_disarms(void **state)
{
	(void)state;
	enable_memory();
	assert_int_equal(arm(efd), 0);
	assert_int_equal(vfio_dev_reset(&dev), 0);
	enable_memory();
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_int_equal(signals(), 0);
	assert_int_equal(arm(efd), 0);
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_int_equal(signals(), 1);
	/* Disarmed with fd -1, and with DATA_NONE and no IRQs. */
	assert_int_equal(unmask(), 0);
	assert_int_equal(arm(-1), 0);
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_int_equal(signals(), 0);
	assert_int_equal(arm(efd), 0);
	assert_int_equal(set_irqs(VGPU_DISPLAY_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				  VFIO_IRQ_SET_ACTION_TRIGGER, 0, 0, NULL, 0), 0);
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_int_equal(signals(), 0);
}

static void test_bad_set_irqs(void **state)
{
	const uint32_t trig_fd = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	const uint32_t disp = VGPU_DISPLAY_IRQ_INDEX;
	struct vfio_irq_set small = { .argsz = 4, .flags = VFIO_IRQ_SET_DATA_NONE |
				      VFIO_IRQ_SET_ACTION_TRIGGER, .index = disp };
	int32_t fds[2] = { efd, efd }, bad = 999, minus2 = -2;
	int32_t notev = open("/dev/null", O_RDONLY | O_CLOEXEC);

	(void)state;
	assert_true(notev >= 0);
	assert_int_equal(set_irqs(VGPU_NUM_IRQS, trig_fd, 0, 1, fds, 4), EINVAL);
	assert_int_equal(set_irqs(disp, trig_fd, 1, 1, fds, 4), EINVAL);
	assert_int_equal(set_irqs(disp, trig_fd, 0, 2, fds, 8), EINVAL);
	/* Data shorter than the count says. */
	assert_int_equal(set_irqs(disp, trig_fd, 0, 1, fds, 2), EINVAL);
	assert_int_equal(set_irqs(disp, trig_fd, 0, 1, &bad, 4), EBADF);
	assert_int_equal(set_irqs(disp, trig_fd, 0, 1, &notev, 4), EINVAL);
	assert_int_equal(set_irqs(disp, trig_fd, 0, 1, &minus2, 4), EINVAL);
	assert_int_equal(set_irqs(disp, VFIO_IRQ_SET_DATA_EVENTFD |
				  VFIO_IRQ_SET_ACTION_MASK, 0, 1, fds, 4), EINVAL);
	assert_int_equal(set_irqs(disp, VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK |
				  VFIO_IRQ_SET_ACTION_UNMASK, 0, 1, NULL, 0), EINVAL);
	assert_int_equal(set_irqs(disp, VFIO_IRQ_SET_DATA_NONE |
				  VFIO_IRQ_SET_ACTION_UNMASK, 0, 0, NULL, 0), EINVAL);
	assert_int_equal(set_irqs(disp, VFIO_IRQ_SET_DATA_NONE |
				  VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER, 0, 1, NULL, 0),
			 EINVAL);
	assert_int_equal(set_irqs(disp, trig_fd | (1u << 12), 0, 1, fds, 4), EINVAL);
	/* The request IRQ has no mask; INTx and MSI-X have no IRQs. */
	assert_int_equal(set_irqs(VFIO_PCI_REQ_IRQ_INDEX, VFIO_IRQ_SET_DATA_NONE |
				  VFIO_IRQ_SET_ACTION_MASK, 0, 1, NULL, 0), EINVAL);
	assert_int_equal(set_irqs(VFIO_PCI_INTX_IRQ_INDEX, trig_fd, 0, 1, fds, 4), EINVAL);
	assert_int_equal(set_irqs(VFIO_PCI_MSIX_IRQ_INDEX, trig_fd, 0, 1, fds, 4), EINVAL);
	assert_int_equal(ioctl(dev.device, VFIO_DEVICE_SET_IRQS, &small), -1);
	assert_int_equal(errno, EINVAL);
	close(notev);
	/* None of that armed anything. */
	enable_memory();
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_int_equal(signals(), 0);
}

static bool readable(int fd)
{
	struct pollfd p = { .fd = fd, .events = POLLIN };

	return poll(&p, 1, 0) == 1;
}

/*
 * TRIGGER with DATA_EVENTFD and no IRQs carries no fd: refused, as
 * vfio-pci does. (It once armed fd 0; here fd 0 is an eventfd, so that
 * arming it would show.)
 */
static void test_eventfd_without_irqs(void **state)
{
	const uint32_t trig_fd = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	int saved = dup(0), zero = eventfd(0, EFD_NONBLOCK);

	(void)state;
	assert_true(saved >= 0 && zero >= 0);
	assert_int_equal(dup2(zero, 0), 0);
	close(zero);
	assert_int_equal(set_irqs(VGPU_DISPLAY_IRQ_INDEX, trig_fd, 0, 0, NULL, 0), EINVAL);
	assert_int_equal(set_irqs(VFIO_PCI_REQ_IRQ_INDEX, trig_fd, 0, 0, NULL, 0), EINVAL);
	enable_memory();
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_false(readable(0));
	assert_int_equal(dup2(saved, 0), 0);
	close(saved);
}

/* libvfio-display's event fd: armed by the library, re-enabled by updates. */
static void test_library_event_fd(void **state)
{
	const struct vfiodisplay_frame *frame;
	struct vfiodisplay *vd;
	int fd;

	(void)state;
	enable_memory();
	assert_int_equal(vfiodisplay_open(dev.device, &vd), 0);
	fd = vfiodisplay_event_fd(vd);
	assert_true(fd >= 0);
	assert_int_equal(vfiodisplay_event_fd(vd), fd);
	assert_false(readable(fd));
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_true(readable(fd));
	/*
	 * A flag from a newer library is refused before anything happens:
	 * no frame, and the notification is left for a real update.
	 */
	frame = (const struct vfiodisplay_frame *)&frame;
	assert_int_equal(vfiodisplay_update(vd, 0x80000000u, &frame), -EINVAL);
	assert_null(frame);
	assert_non_null(strstr(vfiodisplay_error(vd), "0x80000000"));
	assert_true(readable(fd));
	assert_int_equal(vfiodisplay_update(vd, 0, &frame), 0);
	assert_non_null(frame);
	assert_non_null(frame->cursor);
	assert_string_equal(vfiodisplay_error(vd), "");
	assert_false(readable(fd));
	reg_write(VGPU_REG_CURPOS, 0x00400040);
	assert_true(readable(fd));
	/*
	 * An event while the IRQ waits for the update is not lost: the
	 * update's unmask delivers it (the wakeup may find nothing new, never
	 * miss something). Once nothing happens, updates leave the fd quiet.
	 */
	reg_write(VGPU_REG_PLANE_SURF, 0x2000);
	assert_int_equal(vfiodisplay_update(vd, 0, &frame), 0);
	assert_true(readable(fd));
	assert_int_equal(vfiodisplay_update(vd, 0, &frame), 0);
	assert_false(readable(fd));
	/* A reset disarms the device's side; asking for the fd arms it again. */
	assert_int_equal(vfio_dev_reset(&dev), 0);
	enable_memory();
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_false(readable(fd));
	assert_int_equal(vfiodisplay_event_fd(vd), fd);
	reg_write(VGPU_REG_PLANE_SURF, 0x1000);
	assert_true(readable(fd));
	vfiodisplay_close(vd);
	/* The fd was the handle's: closed with it. */
	assert_int_equal(fcntl(fd, F_GETFD), -1);
	assert_int_equal(errno, EBADF);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_info, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_flip_fires_and_coalesces, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_mode_and_cursor_fire, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_mask_holds_events, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_reset_disarms, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_bad_set_irqs, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_eventfd_without_irqs, open_dev, close_dev),
		cmocka_unit_test_setup_teardown(test_library_event_fd, open_dev, close_dev),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: display_irq UUID\n");
		return 2;
	}
	uuid = argv[1];
	return cmocka_run_group_tests_name("display_irq", tests, NULL, NULL);
}
