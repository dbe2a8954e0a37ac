// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of libvfio-display's pure monitor work (lib/monitor.c):
 * finding the EDID region in a GET_REGION_INFO answer, and the EDID that
 * vfio_display_set_monitor() writes, capped as QEMU caps it.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <linux/vfio.h>

#include "monitor.h"
#include "vgpu_hw.h"

/* A region's answer as vgpu_display and mbochs give it: one type capability. */
struct answer {
	struct vfio_region_info info;
	struct vfio_region_info_cap_type cap;
	struct vfio_region_info_cap_type cap2;
};

static struct answer edid_answer(void)
{
	struct answer a;

	memset(&a, 0, sizeof(a));
	a.info.argsz = offsetof(struct answer, cap2);
	a.info.flags = VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
		       VFIO_REGION_INFO_FLAG_CAPS;
	a.info.index = VFIO_PCI_NUM_REGIONS;
	a.info.cap_offset = offsetof(struct answer, cap);
	a.cap.header.id = VFIO_REGION_INFO_CAP_TYPE;
	a.cap.header.version = 1;
	a.cap.type = VFIO_REGION_TYPE_GFX;
	a.cap.subtype = VFIO_REGION_SUBTYPE_GFX_EDID;
	return a;
}

static bool is_edid(const struct answer *a, size_t len)
{
	return vd_region_has_type(a, len, VFIO_REGION_TYPE_GFX, VFIO_REGION_SUBTYPE_GFX_EDID);
}

static void test_finds_the_edid_region(void **state)
{
	struct answer a = edid_answer();

	(void)state;
	assert_true(is_edid(&a, offsetof(struct answer, cap2)));
	/* Second in the chain, after a capability of another kind. */
	a.cap2 = a.cap;
	a.cap.header.id = VFIO_REGION_INFO_CAP_SPARSE_MMAP;
	a.cap.header.next = offsetof(struct answer, cap2);
	assert_true(is_edid(&a, sizeof(a)));
	/* Another GFX subtype, or another type, is not it. */
	a = edid_answer();
	a.cap.subtype = VFIO_REGION_SUBTYPE_GFX_EDID + 1;
	assert_false(is_edid(&a, sizeof(a)));
	a = edid_answer();
	a.cap.type = VFIO_REGION_TYPE_GFX + 1;
	assert_false(is_edid(&a, sizeof(a)));
	/* Without the CAPS flag the chain is not there to read. */
	a = edid_answer();
	a.info.flags &= ~VFIO_REGION_INFO_FLAG_CAPS;
	assert_false(is_edid(&a, sizeof(a)));
}

/*
 * What a first, bare GET_REGION_INFO gets: the device asks for more
 * (mbochs still names the capability's offset, vgpu_display gives 0),
 * and the bytes are not there to trust.
 */
static void test_bare_answer_is_not_trusted(void **state)
{
	struct answer a = edid_answer();

	(void)state;
	assert_false(is_edid(&a, sizeof(a.info)));
	a.info.cap_offset = 0;
	assert_false(is_edid(&a, sizeof(a)));
}

static void test_hostile_chains(void **state)
{
	struct answer a = edid_answer();

	(void)state;
	/* A chain that loops on itself ends. */
	a.cap.header.id = VFIO_REGION_INFO_CAP_SPARSE_MMAP;
	a.cap.header.next = offsetof(struct answer, cap);
	assert_false(is_edid(&a, sizeof(a)));
	/* Offsets inside the struct, past the buffer, or cut short. */
	a = edid_answer();
	a.info.cap_offset = 4;
	assert_false(is_edid(&a, sizeof(a)));
	a.info.cap_offset = sizeof(a) + 8;
	assert_false(is_edid(&a, sizeof(a)));
	a.info.cap_offset = 0xffffffff;
	assert_false(is_edid(&a, sizeof(a)));
	a = edid_answer();
	assert_false(is_edid(&a, offsetof(struct answer, cap) + sizeof(a.cap.header)));
	assert_false(is_edid(&a, offsetof(struct answer, cap) + 2));
	assert_false(is_edid(&a, 0));
}

static uint32_t hactive(const uint8_t *e)
{
	return e[56] | (e[58] >> 4) << 8;
}

static uint32_t vactive(const uint8_t *e)
{
	return e[59] | (e[61] >> 4) << 8;
}

static void test_mode_and_capping(void **state)
{
	uint8_t blob[VD_EDID_BLOCK], ref[VGPU_EDID_BLOCK];
	struct vd_monitor mon;
	const char *why = "";

	(void)state;
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 1024, 768, 1920, 1080, &mon, &why), 0);
	assert_int_equal(mon.width, 1024);
	assert_int_equal(mon.height, 768);
	assert_int_equal(mon.size, VGPU_EDID_BLOCK);
	assert_int_equal(hactive(blob), 1024);
	assert_int_equal(vactive(blob), 768);
	/* The module's own bytes for the same monitor. */
	assert_int_equal(vgpu_edid_generate(ref, sizeof(ref), 1024, 768, 1920, 1080), VGPU_EDID_BLOCK);
	assert_memory_equal(blob, ref, sizeof(ref));

	/* Capped to the device's maximum, each side on its own, as QEMU does. */
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 4000, 3000, 1920, 1080, &mon, &why), 0);
	assert_int_equal(hactive(blob), 1920);
	assert_int_equal(vactive(blob), 1080);
	assert_int_equal(mon.width, 1920);
	assert_int_equal(mon.height, 1080);
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 1024, 3000, 1920, 1080, &mon, &why), 0);
	assert_int_equal(hactive(blob), 1024);
	assert_int_equal(vactive(blob), 1080);
	/* mbochs-small: 800x600 at most. */
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 1024, 768, 800, 600, &mon, &why), 0);
	assert_int_equal(hactive(blob), 800);
	assert_int_equal(vactive(blob), 600);
	/* No maximum (mbochs-large says 0): what an EDID can say caps it. */
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 2560, 1440, 0, 0, &mon, &why), 0);
	assert_int_equal(hactive(blob), 2560);
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 5000, 2000, 0, 0, &mon, &why), 0);
	assert_int_equal(mon.width, VGPU_EDID_MAX_WIDTH);
	assert_int_equal(hactive(blob), VGPU_EDID_MAX_WIDTH);
	/* A room of exactly one block is enough. */
	assert_int_equal(vd_monitor_edid(blob, VGPU_EDID_BLOCK, 640, 480, 1920, 1080, &mon, &why), 0);
	assert_int_equal(hactive(blob), 640);
	assert_int_equal(vactive(blob), 480);
}

static void test_bad_modes(void **state)
{
	uint8_t blob[VD_EDID_BLOCK];
	struct vd_monitor mon;
	const char *why = "";

	(void)state;
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 0, 768, 1920, 1080, &mon, &why), -EINVAL);
	assert_string_equal(why, "a monitor's mode is at least 640x480");
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 1024, 0, 1920, 1080, &mon, &why), -EINVAL);
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 639, 480, 1920, 1080, &mon, &why), -EINVAL);
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 640, 479, 1920, 1080, &mon, &why), -EINVAL);
	/* A device whose largest mode no monitor has. */
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 1024, 768, 320, 200, &mon, &why), -EINVAL);
	assert_string_equal(why, "the device's largest mode is under 640x480");
	/* Room for less than a block. */
	why = "";
	assert_int_equal(vd_monitor_edid(blob, VGPU_EDID_BLOCK - 1, 1024, 768, 1920, 1080, &mon, &why),
			 -ENOSPC);
	assert_string_not_equal(why, "");
	/* 4095x4095 at 60 Hz needs more pixel clock than a detailed timing says. */
	why = "";
	assert_int_equal(vd_monitor_edid(blob, sizeof(blob), 4095, 4095, 0, 0, &mon, &why), -EINVAL);
	assert_string_equal(why, "the mode's pixel clock at 60 Hz is more than an EDID can say");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_finds_the_edid_region),
		cmocka_unit_test(test_bare_answer_is_not_trusted),
		cmocka_unit_test(test_hostile_chains),
		cmocka_unit_test(test_mode_and_capping),
		cmocka_unit_test(test_bad_modes),
	};

	return cmocka_run_group_tests_name("lib_monitor", tests, NULL, NULL);
}
