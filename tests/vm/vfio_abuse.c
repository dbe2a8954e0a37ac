// SPDX-License-Identifier: GPL-2.0
/*
 * A buggy VMM's ioctls against a vGPU's device fd, run inside the test VM:
 * every bad argument gets a clear errno and changes nothing.
 * Usage: vfio_abuse UUID
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "vfio_dev.h"
#include "vgpu_hw.h"

static const char *uuid;
static struct vfio_dev dev;

static int open_dev(void **state)
{
	char why[256];

	(void)state;
	if (vfio_dev_open(&dev, uuid, 16 << 20, why, sizeof(why))) {
		fprintf(stderr, "vfio_abuse: %s\n", why);
		return -1;
	}
	return 0;
}

static int close_dev(void **state)
{
	(void)state;
	vfio_dev_close(&dev);
	return 0;
}

/* The errno of an ioctl that must fail. */
static int ioctl_errno(unsigned long cmd, void *arg)
{
	errno = 0;
	if (ioctl(dev.device, cmd, arg) == 0)
		return 0;
	return errno;
}

static void test_device_info(void **state)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };

	(void)state;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_INFO, &info), 0);
	assert_int_equal(info.flags, VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET);
	/* vfio-pci's, the EDID region and the display region */
	assert_int_equal(info.num_regions, VGPU_DISPLAY_REGION_INDEX + 1);
	assert_int_equal(info.num_irqs, VGPU_NUM_IRQS);
	info.argsz = 4;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_INFO, &info), EINVAL);
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_INFO, (void *)8), EFAULT);
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_INFO, NULL), EFAULT);
}

static void test_region_info(void **state)
{
	struct vfio_region_info r = { .argsz = sizeof(r) };

	(void)state;
	r.index = VFIO_PCI_BAR0_REGION_INDEX;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_REGION_INFO, &r), 0);
	assert_int_equal(r.size, 16 << 20);
	assert_int_equal(r.offset, (uint64_t)VFIO_PCI_BAR0_REGION_INDEX << 40);
	assert_int_equal(r.flags, VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE);
	r.index = VFIO_PCI_BAR2_REGION_INDEX;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_REGION_INFO, &r), 0);
	assert_int_equal(r.size, 32 << 20);
	r.index = VFIO_PCI_CONFIG_REGION_INDEX;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_REGION_INFO, &r), 0);
	assert_int_equal(r.size, 256);
	r.index = VFIO_PCI_BAR1_REGION_INDEX;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_REGION_INFO, &r), 0);
	assert_int_equal(r.size, 0);
	assert_int_equal(r.flags, 0);
	/* The display region is empty in dma-buf mode, and cannot be mapped. */
	r.index = VGPU_DISPLAY_REGION_INDEX;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_REGION_INFO, &r), 0);
	assert_int_equal(r.size, 0);
	assert_int_equal(r.flags, 0);
	assert_true(mmap(NULL, 4096, PROT_READ, MAP_SHARED, dev.device,
			 (off_t)VGPU_DISPLAY_REGION_INDEX << 40) == MAP_FAILED);
	assert_int_equal(errno, EINVAL);
	r.index = VGPU_DISPLAY_REGION_INDEX + 1;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_REGION_INFO, &r), EINVAL);
	r.index = 0xffffffff;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_REGION_INFO, &r), EINVAL);
	r.index = 0;
	r.argsz = offsetof(struct vfio_region_info, offset);
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_REGION_INFO, &r), EINVAL);
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_REGION_INFO, (void *)16), EFAULT);
}

static void test_irq_info(void **state)
{
	struct vfio_irq_info irq = { .argsz = sizeof(irq) };

	(void)state;
	irq.index = VFIO_PCI_REQ_IRQ_INDEX;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_IRQ_INFO, &irq), 0);
	assert_int_equal(irq.count, 1);
	assert_int_equal(irq.flags, VFIO_IRQ_INFO_EVENTFD);
	irq.index = VFIO_PCI_INTX_IRQ_INDEX;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_IRQ_INFO, &irq), 0);
	assert_int_equal(irq.count, 0);
	irq.index = VFIO_PCI_MSIX_IRQ_INDEX;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_IRQ_INFO, &irq), 0);
	assert_int_equal(irq.count, 0);
	/* MSI as vfio-pci reports it: one vector, not resizable. */
	irq.index = VFIO_PCI_MSI_IRQ_INDEX;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_IRQ_INFO, &irq), 0);
	assert_int_equal(irq.count, 1);
	assert_int_equal(irq.flags, VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE);
	irq.index = VGPU_NUM_IRQS;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_IRQ_INFO, &irq), EINVAL);
	irq.index = 0;
	irq.argsz = 8;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_IRQ_INFO, &irq), EINVAL);
	assert_int_equal(ioctl_errno(VFIO_DEVICE_GET_IRQ_INFO, (void *)24), EFAULT);
}

struct irq_set_fd {
	struct vfio_irq_set hdr;
	int32_t fd;
};

static int set_irqs(uint32_t flags, uint32_t index, uint32_t start,
		    uint32_t count, int32_t fd, uint32_t argsz)
{
	struct irq_set_fd s = {
		.hdr = { .argsz = argsz, .flags = flags, .index = index,
			 .start = start, .count = count },
		.fd = fd,
	};

	return ioctl_errno(VFIO_DEVICE_SET_IRQS, &s);
}

static uint64_t eventfd_count(int efd)
{
	uint64_t n = 0;

	if (read(efd, &n, sizeof(n)) != sizeof(n))
		return 0;
	return n;
}

static void test_set_irqs_bad(void **state)
{
	const uint32_t trig_fd = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	const uint32_t full = sizeof(struct irq_set_fd);
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	(void)state;
	assert_true(efd >= 0);
	/*
	 * Of vfio-pci's indexes the request IRQ and MSI exist (display_irq.c
	 * tests ours, monitor_irq.c MSI); MSI has one vector, no masks.
	 */
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_INTX_IRQ_INDEX, 0, 1, efd, full), EINVAL);
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_MSI_IRQ_INDEX, 0, 2, efd, full), EINVAL);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_MASK,
				  VFIO_PCI_MSI_IRQ_INDEX, 0, 1, efd, full), EINVAL);
	assert_int_equal(set_irqs(trig_fd, VGPU_NUM_IRQS, 0, 1, efd, full), EINVAL);
	assert_int_equal(set_irqs(trig_fd, 0xffffffff, 0, 1, efd, full), EINVAL);
	/* The request IRQ: one vector, trigger only, a real eventfd. */
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 1, 1, efd, full), EINVAL);
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 2, efd, full), EINVAL);
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0xffffffff, 1, efd, full), EINVAL);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_MASK,
				  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, efd, full), EINVAL);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_UNMASK,
				  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, efd, full), EINVAL);
	assert_int_equal(set_irqs(trig_fd | (1u << 15), VFIO_PCI_REQ_IRQ_INDEX, 0, 1, efd, full), EINVAL);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_DATA_BOOL |
				  VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, efd, full),
			 EINVAL);
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, efd,
				  sizeof(struct vfio_irq_set)), EINVAL);
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, efd, 4), EINVAL);
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 0, efd, full), EINVAL);
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, 9999, full), EBADF);
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, -7, full), EINVAL);
	/* A file that is not an eventfd. */
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, dev.container, full),
			 EINVAL);
	assert_int_equal(ioctl_errno(VFIO_DEVICE_SET_IRQS, (void *)32), EFAULT);
	close(efd);
}

static void test_set_irqs_good(void **state)
{
	const uint32_t trig_fd = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	const uint32_t full = sizeof(struct irq_set_fd);
	int efd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);

	(void)state;
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, efd, full), 0);
	/* DATA_NONE with count 1 fires the trigger, as does DATA_BOOL true. */
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
				  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, 0, sizeof(struct vfio_irq_set)), 0);
	assert_int_equal(eventfd_count(efd), 1);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER,
				  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, 1, full), 0);
	assert_int_equal(eventfd_count(efd), 1);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_BOOL | VFIO_IRQ_SET_ACTION_TRIGGER,
				  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, 0, full), 0);
	assert_int_equal(eventfd_count(efd), 0);
	/* fd -1 disarms; DATA_NONE with count 0 disarms too. */
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, -1, full), 0);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
				  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, 0, sizeof(struct vfio_irq_set)), 0);
	assert_int_equal(eventfd_count(efd), 0);
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, efd, full), 0);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
				  VFIO_PCI_REQ_IRQ_INDEX, 0, 0, 0, sizeof(struct vfio_irq_set)), 0);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
				  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, 0, sizeof(struct vfio_irq_set)), 0);
	assert_int_equal(eventfd_count(efd), 0);
	/* Closing the eventfd while armed is the VMM's business, not a crash. */
	assert_int_equal(set_irqs(trig_fd, VFIO_PCI_REQ_IRQ_INDEX, 0, 1, efd, full), 0);
	close(efd);
	assert_int_equal(set_irqs(VFIO_IRQ_SET_DATA_NONE | VFIO_IRQ_SET_ACTION_TRIGGER,
				  VFIO_PCI_REQ_IRQ_INDEX, 0, 1, 0, sizeof(struct vfio_irq_set)), 0);
}

static void test_unknown_ioctls(void **state)
{
	(void)state;
	assert_int_equal(ioctl_errno(VFIO_DEVICE_RESET, NULL), 0);
	assert_int_equal(ioctl_errno(_IO(VFIO_TYPE, VFIO_BASE + 60), NULL), ENOTTY);
	assert_int_equal(ioctl_errno(0, NULL), ENOTTY);
	assert_int_equal(ioctl_errno(0xdeadbeef, NULL), ENOTTY);
}

static void test_faulting_user_buffers(void **state)
{
	uint64_t bar0 = (uint64_t)VFIO_PCI_BAR0_REGION_INDEX << 40;
	uint64_t cfg = (uint64_t)VFIO_PCI_CONFIG_REGION_INDEX << 40;
	uint16_t cmd = 6;
	void *none, *ro;

	(void)state;
	assert_int_equal(pwrite(dev.device, &cmd, 2, cfg + 4), 2);
	none = mmap(NULL, 4096, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	assert_true(none != MAP_FAILED && ro != MAP_FAILED);
	errno = 0;
	assert_int_equal(pread(dev.device, none, 4, bar0 + 0x78000), -1);
	assert_int_equal(errno, EFAULT);
	errno = 0;
	assert_int_equal(pwrite(dev.device, none, 4, bar0 + 0x70180), -1);
	assert_int_equal(errno, EFAULT);
	errno = 0;
	assert_int_equal(pread(dev.device, none, 1, cfg), -1);
	assert_int_equal(errno, EFAULT);
	/* A read into read-only memory faults the same way. */
	errno = 0;
	assert_int_equal(pread(dev.device, ro, 8, bar0 + 0x78000), -1);
	assert_int_equal(errno, EFAULT);
	munmap(none, 4096);
	munmap(ro, 4096);
}

/* Many threads are not needed to see that the device survives a flood. */
static void test_random_offsets(void **state)
{
	uint8_t buf[64];
	unsigned int i, seed = 12345;

	(void)state;
	for (i = 0; i < 20000; i++) {
		uint64_t r = (uint64_t)rand_r(&seed) << 31 | (uint64_t)rand_r(&seed);
		uint64_t pos = r & ((1ull << 44) - 1);
		size_t len = 1 + rand_r(&seed) % sizeof(buf);

		if (rand_r(&seed) & 1)
			(void)!pread(dev.device, buf, len, (off_t)pos);
		else
			(void)!pwrite(dev.device, buf, len, (off_t)pos);
	}
	/* The device still answers. */
	assert_int_equal(ioctl_errno(VFIO_DEVICE_RESET, NULL), 0);
	assert_int_equal(pread(dev.device, buf, 2, (off_t)((uint64_t)VFIO_PCI_CONFIG_REGION_INDEX << 40)), 2);
	assert_int_equal(buf[0] | buf[1] << 8, 0x5647);
}

int main(int argc, char **argv)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_device_info),
		cmocka_unit_test(test_region_info),
		cmocka_unit_test(test_irq_info),
		cmocka_unit_test(test_set_irqs_bad),
		cmocka_unit_test(test_set_irqs_good),
		cmocka_unit_test(test_unknown_ioctls),
		cmocka_unit_test(test_faulting_user_buffers),
		cmocka_unit_test(test_random_offsets),
	};

	if (argc != 2) {
		fprintf(stderr, "usage: vfio_abuse UUID\n");
		return 2;
	}
	uuid = argv[1];
	return cmocka_run_group_tests_name("vfio_abuse", tests, open_dev, close_dev);
}
