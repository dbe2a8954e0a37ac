/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The vGPU's hardware contract: PCI identity, BAR layout, the display
 * register map and the emulated state behind it.
 *
 * Everything here is plain C over plain structs so that the same sources
 * (vgpu_cfg.c, vgpu_regs.c, vgpu_ggtt.c) build into the module and into
 * the host unit tests, and so that user-space tools can name registers.
 * docs/registers.md is the prose version of this file.
 */
#ifndef VGPU_HW_H
#define VGPU_HW_H

#include <linux/bits.h>
#include <linux/types.h>

/* Not assigned by the PCI-SIG: "VG" and "D", for this project only. */
#define VGPU_PCI_VENDOR_ID	0x5647
#define VGPU_PCI_DEVICE_ID	0x4400
#define VGPU_PCI_CLASS		0x038000	/* display, other: no VGA */
#define VGPU_PCI_REVISION	0x01
#define VGPU_CFG_SIZE		256

#define VGPU_BAR0_SIZE		0x1000000	/* 16 MiB: registers + GGTT */
#define VGPU_GGTT_BASE		0x800000	/* the upper half of BAR0 */
#define VGPU_GGTT_MAX_ENTRIES	((VGPU_BAR0_SIZE - VGPU_GGTT_BASE) / 8)
#define VGPU_PAGE_SHIFT		12
#define VGPU_PAGE_SIZE		BIT(VGPU_PAGE_SHIFT)

/* A GGTT entry: guest physical page address plus a valid bit. */
#define VGPU_GGTT_VALID		0x1ull
#define VGPU_GGTT_ADDR_MASK	0x0000007ffffff000ull	/* 39-bit gpa */

/* PIPECONF */
#define VGPU_PIPECONF_ENABLE	BIT(31)
#define VGPU_PIPECONF_STATE	BIT(30)	/* read-only mirror */

/* PLANE_CTL */
#define VGPU_PLANE_CTL_ENABLE		BIT(31)
#define VGPU_PLANE_CTL_FORMAT_SHIFT	24
#define VGPU_PLANE_CTL_FORMAT_MASK	(0xfu << 24)
#define VGPU_PLANE_CTL_ORDER_RGBX	BIT(20)
#define VGPU_PLANE_CTL_YUV_ORDER_SHIFT	16
#define VGPU_PLANE_CTL_YUV_ORDER_MASK	(0x3u << 16)
#define VGPU_PLANE_CTL_TILED_SHIFT	10
#define VGPU_PLANE_CTL_TILED_MASK	(0x7u << 10)
#define VGPU_PLANE_CTL_ALPHA_SHIFT	4
#define VGPU_PLANE_CTL_ALPHA_MASK	(0x3u << 4)

/* PLANE_CTL pixel formats, Skylake's encoding */
#define VGPU_FMT_YUV422		0x0
#define VGPU_FMT_XRGB2101010	0x2
#define VGPU_FMT_XRGB8888	0x4
#define VGPU_FMT_INDEXED8	0xc
#define VGPU_FMT_RGB565		0xe

/* PLANE_CTL tiling */
#define VGPU_TILING_LINEAR	0x0
#define VGPU_TILING_X		0x1
#define VGPU_TILING_Y		0x4
#define VGPU_TILING_YF		0x5

/* CURCNTR modes: ARGB8888 squares */
#define VGPU_CURSOR_MODE_MASK		0x3f
#define VGPU_CURSOR_MODE_DISABLED	0x00
#define VGPU_CURSOR_MODE_128_ARGB	0x22
#define VGPU_CURSOR_MODE_256_ARGB	0x23
#define VGPU_CURSOR_MODE_64_ARGB	0x27

/* CURPOS: sign and magnitude per axis */
#define VGPU_CURPOS_X_SIGN	BIT(15)
#define VGPU_CURPOS_Y_SIGN	BIT(31)
#define VGPU_CURPOS_MAG_MASK	0xfffu
#define VGPU_CURPOS_Y_SHIFT	16

#define VGPU_PV_MAGIC		0x44504756	/* "VGPD" */
#define VGPU_PV_VERSION		0x00010000
#define VGPU_HOTSPOT_NONE	0xffffffffu

/* Indexes into struct vgpu_regs, one per register of vgpu_reg_list.h. */
enum vgpu_reg {
#define VGPU_REG(name, off, wmask, reset) VGPU_REG_##name,
#include "vgpu_reg_list.h"
	VGPU_NR_REGS
};

/**
 * struct vgpu_caps - what one vGPU instance may do, fixed by its type
 * @max_width: widest pipe source the type allows, in pixels
 * @max_height: tallest pipe source the type allows, in pixels
 * @ggtt_entries: GGTT entries, so graphics memory is this many pages
 */
struct vgpu_caps {
	u32 max_width;
	u32 max_height;
	u32 ggtt_entries;
};

/**
 * struct vgpu_cfg - emulated PCI configuration space
 * @bytes: current contents, little-endian as on the bus
 * @wmask: per byte, the bits a write may change
 * @reset: contents after reset
 */
struct vgpu_cfg {
	u8 bytes[VGPU_CFG_SIZE];
	u8 wmask[VGPU_CFG_SIZE];
	u8 reset[VGPU_CFG_SIZE];
};

/**
 * struct vgpu_regs - the emulated display registers
 * @val: current values, indexed by enum vgpu_reg
 * @caps: the instance's limits, reported in the PV_* registers
 */
struct vgpu_regs {
	u32 val[VGPU_NR_REGS];
	struct vgpu_caps caps;
};

/**
 * struct vgpu_ggtt - the graphics translation table
 * @entries: one per 4 KiB page of graphics memory; storage is the caller's
 * @nr_entries: how many @entries there are
 */
struct vgpu_ggtt {
	u64 *entries;
	u32 nr_entries;
};

void vgpu_cfg_init(struct vgpu_cfg *cfg, u64 aperture_size);
void vgpu_cfg_reset(struct vgpu_cfg *cfg);
void vgpu_cfg_read(const struct vgpu_cfg *cfg, u32 off, u8 *buf, u32 len);
void vgpu_cfg_write(struct vgpu_cfg *cfg, u32 off, const u8 *buf, u32 len);
bool vgpu_cfg_mem_enabled(const struct vgpu_cfg *cfg);

void vgpu_regs_reset(struct vgpu_regs *regs, const struct vgpu_caps *caps);
u32 vgpu_regs_read(const struct vgpu_regs *regs, u32 off);
void vgpu_regs_write(struct vgpu_regs *regs, u32 off, u32 val);

void vgpu_ggtt_reset(struct vgpu_ggtt *ggtt);
u32 vgpu_ggtt_read32(const struct vgpu_ggtt *ggtt, u32 off);
void vgpu_ggtt_write32(struct vgpu_ggtt *ggtt, u32 off, u32 val);
int vgpu_ggtt_translate(const struct vgpu_ggtt *ggtt, u64 gaddr, u64 *gpa);

#endif /* VGPU_HW_H */
