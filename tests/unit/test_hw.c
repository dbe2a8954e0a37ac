// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the emulated hardware: the same kernel/vgpu_cfg.c,
 * vgpu_regs.c and vgpu_ggtt.c that build into the module.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/pci_regs.h>

#include "vgpu_hw.h"

static u32 cfg_read32(const struct vgpu_cfg *cfg, u32 off)
{
	u8 b[4];

	vgpu_cfg_read(cfg, off, b, 4);
	return b[0] | b[1] << 8 | b[2] << 16 | (u32)b[3] << 24;
}

static void cfg_write32(struct vgpu_cfg *cfg, u32 off, u32 v)
{
	u8 b[4] = { v, v >> 8, v >> 16, v >> 24 };

	vgpu_cfg_write(cfg, off, b, 4);
}

static void test_cfg_identity(void **state)
{
	struct vgpu_cfg cfg;

	(void)state;
	vgpu_cfg_init(&cfg, 32 << 20);
	assert_int_equal(cfg_read32(&cfg, PCI_VENDOR_ID),
			 VGPU_PCI_DEVICE_ID << 16 | VGPU_PCI_VENDOR_ID);
	assert_int_equal(cfg_read32(&cfg, PCI_CLASS_REVISION) >> 8, VGPU_PCI_CLASS);
	cfg_write32(&cfg, PCI_VENDOR_ID, 0x12345678);
	cfg_write32(&cfg, PCI_CLASS_REVISION, 0);
	assert_int_equal(cfg_read32(&cfg, PCI_VENDOR_ID),
			 VGPU_PCI_DEVICE_ID << 16 | VGPU_PCI_VENDOR_ID);
	assert_int_equal(cfg_read32(&cfg, PCI_CLASS_REVISION) >> 8, VGPU_PCI_CLASS);
	assert_int_equal(cfg.bytes[PCI_INTERRUPT_PIN], 0);
}

static void test_cfg_command_gates_memory(void **state)
{
	struct vgpu_cfg cfg;

	(void)state;
	vgpu_cfg_init(&cfg, 32 << 20);
	assert_false(vgpu_cfg_mem_enabled(&cfg));
	cfg_write32(&cfg, PCI_COMMAND, 0xffffffff);
	assert_true(vgpu_cfg_mem_enabled(&cfg));
	/*
	 * Only IO, MEM, MASTER and INTX_DISABLE stick; status is read-only
	 * and says there is a capability list.
	 */
	assert_int_equal(cfg_read32(&cfg, PCI_COMMAND),
			 PCI_STATUS_CAP_LIST << 16 | 0x0407);
	vgpu_cfg_reset(&cfg);
	assert_false(vgpu_cfg_mem_enabled(&cfg));
}

static void test_cfg_bar_sizing(void **state)
{
	struct vgpu_cfg cfg;

	(void)state;
	vgpu_cfg_init(&cfg, 128 << 20);
	assert_int_equal(cfg_read32(&cfg, PCI_BASE_ADDRESS_0),
			 PCI_BASE_ADDRESS_MEM_TYPE_64);
	cfg_write32(&cfg, PCI_BASE_ADDRESS_0, 0xffffffff);
	cfg_write32(&cfg, PCI_BASE_ADDRESS_1, 0xffffffff);
	assert_int_equal(cfg_read32(&cfg, PCI_BASE_ADDRESS_0),
			 (u32)~(VGPU_BAR0_SIZE - 1) | PCI_BASE_ADDRESS_MEM_TYPE_64);
	assert_int_equal(cfg_read32(&cfg, PCI_BASE_ADDRESS_1), 0xffffffff);
	cfg_write32(&cfg, PCI_BASE_ADDRESS_2, 0xffffffff);
	assert_int_equal(cfg_read32(&cfg, PCI_BASE_ADDRESS_2),
			 0xf8000000 | PCI_BASE_ADDRESS_MEM_TYPE_64 |
			 PCI_BASE_ADDRESS_MEM_PREFETCH);
	/* Unused BARs and the ROM stay zero: nothing to size. */
	cfg_write32(&cfg, PCI_BASE_ADDRESS_4, 0xffffffff);
	cfg_write32(&cfg, PCI_ROM_ADDRESS, 0xffffffff);
	assert_int_equal(cfg_read32(&cfg, PCI_BASE_ADDRESS_4), 0);
	assert_int_equal(cfg_read32(&cfg, PCI_ROM_ADDRESS), 0);
	/* An address the VMM assigns reads back. */
	cfg_write32(&cfg, PCI_BASE_ADDRESS_0, 0xfd000000);
	assert_int_equal(cfg_read32(&cfg, PCI_BASE_ADDRESS_0),
			 0xfd000000 | PCI_BASE_ADDRESS_MEM_TYPE_64);
}

static void test_cfg_byte_writes(void **state)
{
	struct vgpu_cfg cfg;
	u8 all = 0xff;
	u32 off;

	(void)state;
	vgpu_cfg_init(&cfg, 32 << 20);
	for (off = 0; off < VGPU_CFG_SIZE; off++)
		vgpu_cfg_write(&cfg, off, &all, 1);
	assert_int_equal(cfg.bytes[PCI_INTERRUPT_LINE], 0xff);
	assert_int_equal(cfg.bytes[PCI_CAPABILITY_LIST], VGPU_MSI_CAP);
	assert_int_equal(cfg.bytes[PCI_HEADER_TYPE], 0);
	assert_int_equal(cfg.bytes[PCI_VENDOR_ID], VGPU_PCI_VENDOR_ID & 0xff);
	/* Past the header only MSI's enable bit, address and data stick. */
	for (off = 0x40; off < VGPU_CFG_SIZE; off++) {
		u8 want = 0;

		if (off == VGPU_MSI_CAP + PCI_CAP_LIST_ID)
			want = PCI_CAP_ID_MSI;
		else if (off == VGPU_MSI_CAP + PCI_MSI_FLAGS)
			want = PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_ENABLE;
		else if (off == VGPU_MSI_CAP + PCI_MSI_ADDRESS_LO)
			want = 0xfc;
		else if (off > VGPU_MSI_CAP + PCI_MSI_ADDRESS_LO &&
			 off < VGPU_MSI_CAP + PCI_MSI_DATA_64 + 2)
			want = 0xff;
		assert_int_equal(cfg.bytes[off], want);
	}
}

static void test_cfg_msi_capability(void **state)
{
	struct vgpu_cfg cfg;
	u32 cap;

	(void)state;
	vgpu_cfg_init(&cfg, 32 << 20);
	cap = cfg.bytes[PCI_CAPABILITY_LIST];
	assert_int_equal(cfg.bytes[cap + PCI_CAP_LIST_ID], PCI_CAP_ID_MSI);
	assert_int_equal(cfg.bytes[cap + PCI_CAP_LIST_NEXT], 0);
	/* One vector (MMC 0), 64-bit, no per-vector masking; off at reset. */
	assert_int_equal(cfg_read32(&cfg, cap) >> 16, PCI_MSI_FLAGS_64BIT);
	/* A guest asking for 32 vectors gets one. */
	cfg_write32(&cfg, cap, 0xffff0000);
	assert_int_equal(cfg_read32(&cfg, cap) >> 16,
			 PCI_MSI_FLAGS_64BIT | PCI_MSI_FLAGS_ENABLE);
	cfg_write32(&cfg, cap + PCI_MSI_ADDRESS_LO, 0xfee00003);
	assert_int_equal(cfg_read32(&cfg, cap + PCI_MSI_ADDRESS_LO), 0xfee00000);
	vgpu_cfg_reset(&cfg);
	assert_int_equal(cfg_read32(&cfg, cap) >> 16, PCI_MSI_FLAGS_64BIT);
}

static const struct vgpu_caps caps = {
	.max_width = 1920, .max_height = 1080, .ggtt_entries = 8192,
};

static void test_regs_reset(void **state)
{
	struct vgpu_regs regs;

	(void)state;
	memset(&regs, 0xa5, sizeof(regs));
	vgpu_regs_reset(&regs, &caps);
	assert_int_equal(vgpu_regs_read(&regs, 0x78000), VGPU_PV_MAGIC);
	assert_int_equal(vgpu_regs_read(&regs, 0x78008), 8192);
	assert_int_equal(vgpu_regs_read(&regs, 0x7800c), 1920);
	assert_int_equal(vgpu_regs_read(&regs, 0x78010), 1080);
	assert_int_equal(vgpu_regs_read(&regs, 0x78020), VGPU_HOTSPOT_NONE);
	assert_int_equal(vgpu_regs_read(&regs, 0x78024), VGPU_HOTSPOT_NONE);
	assert_int_equal(vgpu_regs_read(&regs, 0x70180), 0);
	assert_int_equal(vgpu_regs_read(&regs, 0x70008), 0);
}

static void test_regs_write_masks(void **state)
{
	struct vgpu_regs regs;

	(void)state;
	vgpu_regs_reset(&regs, &caps);
	vgpu_regs_write(&regs, 0x70180, 0xffffffff);
	assert_int_equal(vgpu_regs_read(&regs, 0x70180), 0x8f131c30);
	vgpu_regs_write(&regs, 0x70188, 0xffffffff);
	assert_int_equal(vgpu_regs_read(&regs, 0x70188), 0x7ff);
	vgpu_regs_write(&regs, 0x70088, 0xffffffff);
	assert_int_equal(vgpu_regs_read(&regs, 0x70088), 0x8fff8fff);
	vgpu_regs_write(&regs, 0x78000, 0);
	vgpu_regs_write(&regs, 0x78008, 1);
	assert_int_equal(vgpu_regs_read(&regs, 0x78000), VGPU_PV_MAGIC);
	assert_int_equal(vgpu_regs_read(&regs, 0x78008), 8192);
}

static void test_regs_pipeconf_state_mirrors_enable(void **state)
{
	struct vgpu_regs regs;

	(void)state;
	vgpu_regs_reset(&regs, &caps);
	vgpu_regs_write(&regs, 0x70008, VGPU_PIPECONF_STATE);
	assert_int_equal(vgpu_regs_read(&regs, 0x70008), 0);
	vgpu_regs_write(&regs, 0x70008, 0xffffffff);
	assert_int_equal(vgpu_regs_read(&regs, 0x70008),
			 VGPU_PIPECONF_ENABLE | VGPU_PIPECONF_STATE);
	vgpu_regs_write(&regs, 0x70008, 0);
	assert_int_equal(vgpu_regs_read(&regs, 0x70008), 0);
}

static void test_regs_surface_write_flips(void **state)
{
	struct vgpu_regs regs;

	(void)state;
	vgpu_regs_reset(&regs, &caps);
	vgpu_regs_write(&regs, 0x7019c, 0x123456ff);
	assert_int_equal(vgpu_regs_read(&regs, 0x7019c), 0x12345000);
	assert_int_equal(vgpu_regs_read(&regs, 0x701ac), 0x12345000);
	assert_int_equal(vgpu_regs_read(&regs, 0x78014), 1);
	vgpu_regs_write(&regs, 0x701ac, 0);
	assert_int_equal(vgpu_regs_read(&regs, 0x701ac), 0x12345000);
	vgpu_regs_write(&regs, 0x7019c, 0x2000);
	assert_int_equal(vgpu_regs_read(&regs, 0x78014), 2);
}

/* What the display IRQ hears: changes only, but every surface write. */
static void test_regs_write_events(void **state)
{
	struct vgpu_regs regs;

	(void)state;
	vgpu_regs_reset(&regs, &caps);
	assert_int_equal(vgpu_regs_write(&regs, 0x7019c, 0), VGPU_EVENT_FLIP);
	assert_int_equal(vgpu_regs_write(&regs, 0x7019c, 0), VGPU_EVENT_FLIP);
	assert_int_equal(vgpu_regs_write(&regs, 0x6001c, 0x013f00ef), VGPU_EVENT_MODE);
	assert_int_equal(vgpu_regs_write(&regs, 0x6001c, 0x013f00ef), 0);
	/* Only writable bits count: a change of read-only bits is none. */
	assert_int_equal(vgpu_regs_write(&regs, 0x70188, 0xfffff800), 0);
	assert_int_equal(vgpu_regs_write(&regs, 0x70008, VGPU_PIPECONF_ENABLE),
			 VGPU_EVENT_MODE);
	assert_int_equal(vgpu_regs_write(&regs, 0x70088, 0x00100010), VGPU_EVENT_CURSOR);
	assert_int_equal(vgpu_regs_write(&regs, 0x70088, 0x00100010), 0);
	assert_int_equal(vgpu_regs_write(&regs, 0x70080, 0x27), VGPU_EVENT_CURSOR);
	assert_int_equal(vgpu_regs_write(&regs, 0x78020, 3), VGPU_EVENT_CURSOR);
	assert_int_equal(vgpu_regs_write(&regs, 0x78014, 7), 0);
	assert_int_equal(vgpu_regs_write(&regs, 0x701ac, 0x5000), 0);
	assert_int_equal(vgpu_regs_write(&regs, 0x12340, 1), 0);
}

static bool is_register(u32 off)
{
	static const u32 offsets[] = {
#define VGPU_REG(name, o, w, r, e) o,
#include "vgpu_reg_list.h"
	};
	size_t i;

	for (i = 0; i < sizeof(offsets) / sizeof(offsets[0]); i++)
		if (offsets[i] == off)
			return true;
	return false;
}

/* A hostile guest writes everything everywhere: holes stay holes. */
static void test_regs_hostile_sweep(void **state)
{
	struct vgpu_regs regs, before;
	u32 off;

	(void)state;
	vgpu_regs_reset(&regs, &caps);
	for (off = 0; off < VGPU_GGTT_BASE; off += 4) {
		before = regs;
		vgpu_regs_write(&regs, off, 0xffffffff);
		if (is_register(off))
			continue;
		assert_memory_equal(&before, &regs, sizeof(regs));
		assert_int_equal(vgpu_regs_read(&regs, off), 0);
	}
	assert_int_equal(vgpu_regs_read(&regs, 0x78000), VGPU_PV_MAGIC);
	assert_int_equal(vgpu_regs_read(&regs, 0x78008), 8192);
	assert_int_equal(vgpu_regs_read(&regs, 0x70180), 0x8f131c30);
}

#define ENTRIES 16

static void test_ggtt_halves_and_mask(void **state)
{
	u64 store[ENTRIES + 1] = { 0 };
	struct vgpu_ggtt ggtt = { .entries = store, .nr_entries = ENTRIES };

	(void)state;
	vgpu_ggtt_write32(&ggtt, 3 * 8, 0x12345fff);
	vgpu_ggtt_write32(&ggtt, 3 * 8 + 4, 0xffffffff);
	assert_int_equal(vgpu_ggtt_read32(&ggtt, 3 * 8), 0x12345001);
	assert_int_equal(vgpu_ggtt_read32(&ggtt, 3 * 8 + 4), 0x7f);
	assert_int_equal(store[3], 0x7f12345001ull);
}

static void test_ggtt_translate(void **state)
{
	u64 store[ENTRIES] = { 0 };
	struct vgpu_ggtt ggtt = { .entries = store, .nr_entries = ENTRIES };
	u64 gpa = 0;

	(void)state;
	store[2] = 0x5000 | VGPU_GGTT_VALID;
	store[3] = 0x6000;
	assert_int_equal(vgpu_ggtt_translate(&ggtt, 0x2abc, &gpa), 0);
	assert_int_equal(gpa, 0x5abc);
	assert_int_equal(vgpu_ggtt_translate(&ggtt, 0x3000, &gpa), -ENOENT);
	assert_int_equal(vgpu_ggtt_translate(&ggtt, ENTRIES * 4096ull, &gpa), -ENOENT);
	assert_int_equal(vgpu_ggtt_translate(&ggtt, ~0ull, &gpa), -ENOENT);
}

static void test_ggtt_past_the_end(void **state)
{
	u64 store[ENTRIES + 1] = { 0 };
	struct vgpu_ggtt ggtt = { .entries = store, .nr_entries = ENTRIES };

	(void)state;
	store[ENTRIES] = 0xdead;	/* a canary just past the table */
	vgpu_ggtt_write32(&ggtt, ENTRIES * 8, 0x1001);
	vgpu_ggtt_write32(&ggtt, 0x7ffffc, 0x1001);
	assert_int_equal(store[ENTRIES], 0xdead);
	assert_int_equal(vgpu_ggtt_read32(&ggtt, ENTRIES * 8), 0);
	vgpu_ggtt_write32(&ggtt, 0, 0x1001);
	vgpu_ggtt_reset(&ggtt);
	assert_int_equal(store[0], 0);
	assert_int_equal(store[ENTRIES], 0xdead);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_cfg_identity),
		cmocka_unit_test(test_cfg_command_gates_memory),
		cmocka_unit_test(test_cfg_bar_sizing),
		cmocka_unit_test(test_cfg_byte_writes),
		cmocka_unit_test(test_cfg_msi_capability),
		cmocka_unit_test(test_regs_reset),
		cmocka_unit_test(test_regs_write_masks),
		cmocka_unit_test(test_regs_pipeconf_state_mirrors_enable),
		cmocka_unit_test(test_regs_surface_write_flips),
		cmocka_unit_test(test_regs_write_events),
		cmocka_unit_test(test_regs_hostile_sweep),
		cmocka_unit_test(test_ggtt_halves_and_mask),
		cmocka_unit_test(test_ggtt_translate),
		cmocka_unit_test(test_ggtt_past_the_end),
	};

	return cmocka_run_group_tests_name("hw", tests, NULL, NULL);
}
