// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the monitor (kernel/vgpu_monitor.c) and the guest's
 * interrupt registers (kernel/vgpu_intr.c), the same sources the module
 * builds.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "vgpu_hw.h"

static int region_write32(struct vgpu_monitor *mon, u32 off, u32 val, bool *hotplug)
{
	u8 b[4] = { val, val >> 8, val >> 16, val >> 24 };

	return vgpu_monitor_region_rw(mon, off, b, 4, true, hotplug);
}

static u32 region_read32(struct vgpu_monitor *mon, u32 off)
{
	bool hotplug;
	u8 b[4];

	assert_int_equal(vgpu_monitor_region_rw(mon, off, b, 4, false, &hotplug), 0);
	assert_false(hotplug);
	return b[0] | b[1] << 8 | b[2] << 16 | (u32)b[3] << 24;
}

static void test_monitor_default(void **state)
{
	struct vgpu_monitor mon;
	u8 edid[VGPU_EDID_BLOCK];

	(void)state;
	vgpu_monitor_init(&mon, 3840, 2160);
	assert_int_equal(region_read32(&mon, VGPU_EDID_REG_OFFSET), VGPU_EDID_REGION_BLOB);
	assert_int_equal(region_read32(&mon, VGPU_EDID_REG_MAX_SIZE), VGPU_EDID_MAX_SIZE);
	assert_int_equal(region_read32(&mon, VGPU_EDID_REG_SIZE), VGPU_EDID_BLOCK);
	assert_int_equal(region_read32(&mon, VGPU_EDID_REG_MAX_XRES), 3840);
	assert_int_equal(region_read32(&mon, VGPU_EDID_REG_MAX_YRES), 2160);
	assert_int_equal(region_read32(&mon, VGPU_EDID_REG_LINK), VGPU_EDID_LINK_UP);
	/* The same bytes the generator makes for the type's largest mode. */
	assert_int_equal(vgpu_edid_generate(edid, sizeof(edid), 0, 0, 3840, 2160),
			 VGPU_EDID_BLOCK);
	assert_memory_equal(mon.blob, edid, VGPU_EDID_BLOCK);
	assert_int_equal(vgpu_monitor_status(&mon),
			 VGPU_MONITOR_CONNECTED | VGPU_EDID_BLOCK << VGPU_MONITOR_EDID_SIZE_SHIFT);
	assert_int_equal(vgpu_monitor_edid_read32(&mon, 0), 0xffffff00);
}

static void test_monitor_link_and_size(void **state)
{
	struct vgpu_monitor mon;
	bool hotplug = true;
	u8 blob[6] = { 1, 2, 3, 4, 5, 6 };

	(void)state;
	vgpu_monitor_init(&mon, 1920, 1080);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_LINK, VGPU_EDID_LINK_DOWN, &hotplug), 0);
	assert_true(hotplug);
	assert_int_equal(vgpu_monitor_status(&mon), 0);
	assert_int_equal(vgpu_monitor_edid_read32(&mon, 0), 0);
	assert_int_equal(vgpu_monitor_region_rw(&mon, VGPU_EDID_REGION_BLOB + 2, blob, 6, true,
						&hotplug), 0);
	assert_false(hotplug);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_SIZE, 7, &hotplug), 0);
	assert_false(hotplug);
	/* Down twice is no change. */
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_LINK, VGPU_EDID_LINK_DOWN, &hotplug), 0);
	assert_false(hotplug);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_LINK, VGPU_EDID_LINK_UP, &hotplug), 0);
	assert_true(hotplug);
	assert_int_equal(vgpu_monitor_status(&mon), VGPU_MONITOR_CONNECTED | 7 << 16);
	/* Bytes 0 and 1 are the default EDID's header; 2..6 are ours; 7 on is past the size. */
	assert_int_equal(vgpu_monitor_edid_read32(&mon, 0), 0x0201ff00);
	assert_int_equal(vgpu_monitor_edid_read32(&mon, 4), 0x00050403);
	assert_int_equal(vgpu_monitor_edid_read32(&mon, VGPU_EDID_MAX_SIZE - 4), 0);
}

static void test_monitor_bad_accesses(void **state)
{
	struct vgpu_monitor mon, before;
	bool hotplug;
	u8 two[2] = { 0 };

	(void)state;
	vgpu_monitor_init(&mon, 1920, 1080);
	before = mon;
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_SIZE, VGPU_EDID_MAX_SIZE + 1, &hotplug),
			 -EINVAL);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_LINK, 0, &hotplug), -EINVAL);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_LINK, 3, &hotplug), -EINVAL);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_OFFSET, 0, &hotplug), -EPERM);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_MAX_SIZE, 0, &hotplug), -EPERM);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_MAX_XRES, 1, &hotplug), -EPERM);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_MAX_YRES, 1, &hotplug), -EPERM);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REGS_END, 0, &hotplug), -EINVAL);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REGION_BLOB - 4, 0, &hotplug), -EINVAL);
	assert_int_equal(region_write32(&mon, VGPU_EDID_REG_SIZE + 2, 0, &hotplug), -EINVAL);
	assert_int_equal(vgpu_monitor_region_rw(&mon, VGPU_EDID_REG_SIZE, two, 2, true, &hotplug),
			 -EINVAL);
	assert_memory_equal(&mon, &before, sizeof(mon));
}

static void test_intr_latch_and_ack(void **state)
{
	struct vgpu_intr intr = { .connected = true };

	(void)state;
	vgpu_intr_reset(&intr);
	assert_true(intr.connected);
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_IMR), 0xffffffff);
	/* Masked: nothing latches. */
	assert_false(vgpu_intr_raise(&intr, VGPU_INT_VBLANK));
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_IIR), 0);
	/* Unmasked, not enabled: latched, no interrupt. */
	assert_false(vgpu_intr_write(&intr, VGPU_DE_PIPE_IMR, (u32)~VGPU_INT_VBLANK));
	assert_false(vgpu_intr_raise(&intr, VGPU_INT_VBLANK | VGPU_INT_HOTPLUG));
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_IIR), VGPU_INT_VBLANK);
	assert_int_equal(vgpu_intr_wanted(&intr), 0);
	/* Enabling a latched event interrupts at once, once. */
	assert_true(vgpu_intr_write(&intr, VGPU_DE_PIPE_IER, VGPU_INT_VBLANK));
	assert_false(vgpu_intr_write(&intr, VGPU_DE_PIPE_IER, VGPU_INT_VBLANK));
	assert_int_equal(vgpu_intr_wanted(&intr), VGPU_INT_VBLANK);
	/* Not acked: the next vblank is no new reason. */
	assert_false(vgpu_intr_raise(&intr, VGPU_INT_VBLANK));
	assert_false(vgpu_intr_write(&intr, VGPU_DE_PIPE_IIR, VGPU_INT_VBLANK));
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_IIR), 0);
	assert_true(vgpu_intr_raise(&intr, VGPU_INT_VBLANK));
	/* Writing zeros to IIR clears nothing. */
	vgpu_intr_write(&intr, VGPU_DE_PIPE_IIR, 0);
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_IIR), VGPU_INT_VBLANK);
	/* ISR: the hotplug level only; bits of no event never stick. */
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_ISR), VGPU_INT_HOTPLUG);
	vgpu_intr_write(&intr, VGPU_DE_PIPE_ISR, 0xffffffff);
	vgpu_intr_write(&intr, VGPU_DE_PIPE_IER, 0xffffffff);
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_IER), VGPU_INT_ALL);
	vgpu_intr_write(&intr, VGPU_DE_PIPE_IMR, 0);
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_IMR), (u32)~VGPU_INT_ALL);
	assert_false(vgpu_intr_raise(&intr, 0x80000000u));
	vgpu_intr_reset(&intr);
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_IIR), 0);
	assert_int_equal(vgpu_intr_read(&intr, VGPU_DE_PIPE_IER), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_monitor_default),
		cmocka_unit_test(test_monitor_link_and_size),
		cmocka_unit_test(test_monitor_bad_accesses),
		cmocka_unit_test(test_intr_latch_and_ack),
	};

	return cmocka_run_group_tests_name("monitor", tests, NULL, NULL);
}
