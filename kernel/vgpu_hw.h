/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * The vGPU's hardware contract: PCI identity, BAR layout, the display
 * register map and the emulated state behind it.
 *
 * Everything here is plain C over plain structs so that the same sources
 * (vgpu_cfg.c, vgpu_regs.c, vgpu_ggtt.c, the plane decoder vgpu_plane.c,
 * the buffer cache policy vgpu_cache.c and the EDID generator vgpu_edid.c)
 * build into the module and into the host unit tests, and so that
 * user-space tools can name registers.
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

/* Config space: one capability, MSI with one vector and 64-bit addresses. */
#define VGPU_MSI_CAP		0x50

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

/*
 * What a register write changed, as the display IRQ reports it: the
 * primary surface (a flip), the mode or plane setup, or the cursor.
 */
#define VGPU_EVENT_FLIP		BIT(0)
#define VGPU_EVENT_MODE		BIT(1)
#define VGPU_EVENT_CURSOR	BIT(2)

/*
 * The display IRQ's VFIO index: the first past vfio-pci's own
 * (VFIO_PCI_NUM_IRQS), so that a VMM that knows only those ignores it.
 */
#define VGPU_DISPLAY_IRQ_INDEX	5
#define VGPU_NUM_IRQS		6

/*
 * The guest's interrupts, as DE_PIPE_ISR/IMR/IIR/IER report them: Intel's
 * bits for pipe A's vblank and plane 1's flip done; Intel reports hotplug
 * elsewhere (the south display engine), ours is a bit of the same set.
 */
#define VGPU_INT_VBLANK		BIT(0)
#define VGPU_INT_FLIP_DONE	BIT(3)
#define VGPU_INT_HOTPLUG	BIT(24)
#define VGPU_INT_ALL		(VGPU_INT_VBLANK | VGPU_INT_FLIP_DONE | \
				 VGPU_INT_HOTPLUG)

/* Their registers, served by the interrupt code rather than the file. */
#define VGPU_DE_PIPE_ISR	0x44400
#define VGPU_DE_PIPE_IMR	0x44404
#define VGPU_DE_PIPE_IIR	0x44408
#define VGPU_DE_PIPE_IER	0x4440c
#define VGPU_PIPE_FRMCOUNT	0x70040

/* The pipe's refresh: every mode is 60 Hz. */
#define VGPU_REFRESH_MHZ	60000

/* PV_MONITOR: served by the monitor code */
#define VGPU_PV_MONITOR			0x78030
#define VGPU_MONITOR_CONNECTED		BIT(0)
#define VGPU_MONITOR_EDID_SIZE_SHIFT	16

/* Where the guest reads the monitor's EDID: BAR0, read-only. */
#define VGPU_EDID_WINDOW	0x79000
#define VGPU_EDID_MAX_SIZE	0x800

/*
 * The VMM's EDID region (VFIO_REGION_SUBTYPE_GFX_EDID): the registers of
 * struct vfio_region_gfx_edid at 0, the blob at VGPU_EDID_REGION_BLOB.
 * The offsets are the uapi struct's, repeated here for the pure sources
 * and checked against it where the module includes <linux/vfio.h>.
 */
#define VGPU_EDID_REGION_INDEX	9	/* VFIO_PCI_NUM_REGIONS */
#define VGPU_EDID_REGION_SIZE	0x1000
#define VGPU_EDID_REGION_BLOB	0x800
#define VGPU_EDID_REG_OFFSET	0x00
#define VGPU_EDID_REG_MAX_SIZE	0x04
#define VGPU_EDID_REG_SIZE	0x08
#define VGPU_EDID_REG_MAX_XRES	0x0c
#define VGPU_EDID_REG_MAX_YRES	0x10
#define VGPU_EDID_REG_LINK	0x14
#define VGPU_EDID_REGS_END	0x18
#define VGPU_EDID_LINK_UP	1	/* VFIO_DEVICE_GFX_LINK_STATE_UP */
#define VGPU_EDID_LINK_DOWN	2	/* VFIO_DEVICE_GFX_LINK_STATE_DOWN */

/*
 * The display region (region display mode only): a read-only window whose
 * byte 0 is the first pixel of the primary plane the VMM last queried;
 * as large as graphics memory, which no plane can outgrow.
 */
#define VGPU_DISPLAY_REGION_INDEX	10

/* Indexes into struct vgpu_regs, one per register of vgpu_reg_list.h. */
enum vgpu_reg {
#define VGPU_REG(name, off, wmask, reset, event) VGPU_REG_##name,
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
 * struct vgpu_monitor - the monitor on the vGPU's one port
 * @blob: the EDID as the VMM wrote it into its region
 * @edid_size: bytes of @blob that count, as the VMM set them
 * @link_up: the VMM's link state: the monitor is connected
 * @max_width: widest mode the type allows, the region's max_xres
 * @max_height: tallest mode the type allows, the region's max_yres
 *
 * The guest sees @blob's first @edid_size bytes while the link is up, and
 * no monitor while it is down.
 */
struct vgpu_monitor {
	u8 blob[VGPU_EDID_MAX_SIZE];
	u32 edid_size;
	bool link_up;
	u32 max_width;
	u32 max_height;
};

/**
 * struct vgpu_intr - the guest's interrupt registers, Intel-shaped
 * @imr: DE_PIPE_IMR: an event whose bit is set here is not latched
 * @iir: DE_PIPE_IIR: latched events, cleared by writing ones
 * @ier: DE_PIPE_IER: latched events that interrupt the guest
 * @connected: the hotplug line's level, which DE_PIPE_ISR shows
 */
struct vgpu_intr {
	u32 imr;
	u32 iir;
	u32 ier;
	bool connected;
};

/**
 * struct vgpu_ggtt - the graphics translation table
 * @entries: one per 4 KiB page of graphics memory; storage is the caller's
 * @nr_entries: how many @entries there are
 * @gen: bumped by every write that changes an entry, so that a buffer made
 *	at generation @gen knows its pages are unchanged without a walk
 */
struct vgpu_ggtt {
	u64 *entries;
	u32 nr_entries;
	u64 gen;
};

/* Plane types, as DRM numbers them in enum drm_plane_type. */
#define VGPU_PLANE_PRIMARY	1
#define VGPU_PLANE_CURSOR	2

/**
 * enum vgpu_plane_status - what the decoder made of a plane's registers
 * @VGPU_PLANE_OK: a plane to show
 * @VGPU_PLANE_OFF: the pipe or the plane is disabled
 * @VGPU_PLANE_BAD_FORMAT: no such pixel format, or a bad combination
 * @VGPU_PLANE_BAD_TILING: no such tiling mode, or not for this format
 * @VGPU_PLANE_BAD_SIZE: the plane is empty, larger than the type allows,
 *	or not within the pipe's source
 * @VGPU_PLANE_BAD_STRIDE: stride below width times bytes per pixel, or
 *	not a whole number of tiles
 * @VGPU_PLANE_BAD_SURFACE: the surface runs past the GGTT
 * @VGPU_PLANE_BAD_OFFSET: a non-zero PLANE_OFFSET, which is unsupported
 * @VGPU_PLANE_BAD_CURSOR: a cursor mode that does not exist
 */
enum vgpu_plane_status {
	VGPU_PLANE_OK,
	VGPU_PLANE_OFF,
	VGPU_PLANE_BAD_FORMAT,
	VGPU_PLANE_BAD_TILING,
	VGPU_PLANE_BAD_SIZE,
	VGPU_PLANE_BAD_STRIDE,
	VGPU_PLANE_BAD_SURFACE,
	VGPU_PLANE_BAD_OFFSET,
	VGPU_PLANE_BAD_CURSOR,
};

/**
 * struct vgpu_plane - a decoded plane, in the terms of the VFIO ABI
 * @drm_format: DRM fourcc
 * @modifier: DRM format modifier (linear or an I915_FORMAT_MOD_*)
 * @width: in pixels
 * @height: in pixels
 * @stride: bytes from one row (of tiles, when tiled) to the next
 * @size: bytes of graphics memory the plane covers, page aligned
 * @gaddr: graphics address of the surface, page aligned
 * @x: position on the pipe; negative for a cursor off the left edge
 * @y: position on the pipe; negative for a cursor off the top edge
 * @x_hot: cursor hotspot, or VGPU_HOTSPOT_NONE
 * @y_hot: cursor hotspot, or VGPU_HOTSPOT_NONE
 */
struct vgpu_plane {
	u32 drm_format;
	u64 modifier;
	u32 width;
	u32 height;
	u32 stride;
	u32 size;
	u64 gaddr;
	s32 x;
	s32 y;
	u32 x_hot;
	u32 y_hot;
};

#define VGPU_CACHE_SLOTS	8

/**
 * struct vgpu_cache_entry - one buffer the vGPU keeps for reuse
 * @plane: what the buffer shows
 * @gfns: the buffer's guest pages, @plane.size / 4 KiB of them
 * @ggtt_gen: GGTT generation at which @gfns were last seen to match
 * @last_use: cache clock of the last lookup that found it
 * @id: the dmabuf_id user space knows it by; 0 for an empty slot
 * @buf: the buffer, opaque here
 */
struct vgpu_cache_entry {
	struct vgpu_plane plane;
	const u64 *gfns;
	u64 ggtt_gen;
	u64 last_use;
	u32 id;
	void *buf;
};

/**
 * struct vgpu_cache - a vGPU's bounded set of plane buffers
 * @entry: the slots
 * @next_id: the id the next buffer gets; ids are never reused, so once
 *	it passes 2^32 - 1 there are no new buffers (vgpu_cache_ids_left())
 * @clock: counts lookups, for least-recently-used order
 */
struct vgpu_cache {
	struct vgpu_cache_entry entry[VGPU_CACHE_SLOTS];
	u64 next_id;
	u64 clock;
};

void vgpu_cfg_init(struct vgpu_cfg *cfg, u64 aperture_size);
void vgpu_cfg_reset(struct vgpu_cfg *cfg);
void vgpu_cfg_read(const struct vgpu_cfg *cfg, u32 off, u8 *buf, u32 len);
void vgpu_cfg_write(struct vgpu_cfg *cfg, u32 off, const u8 *buf, u32 len);
bool vgpu_cfg_mem_enabled(const struct vgpu_cfg *cfg);

void vgpu_regs_reset(struct vgpu_regs *regs, const struct vgpu_caps *caps);
u32 vgpu_regs_read(const struct vgpu_regs *regs, u32 off);
u32 vgpu_regs_write(struct vgpu_regs *regs, u32 off, u32 val);

void vgpu_ggtt_reset(struct vgpu_ggtt *ggtt);
u32 vgpu_ggtt_read32(const struct vgpu_ggtt *ggtt, u32 off);
void vgpu_ggtt_write32(struct vgpu_ggtt *ggtt, u32 off, u32 val);
int vgpu_ggtt_translate(const struct vgpu_ggtt *ggtt, u64 gaddr, u64 *gpa);
int vgpu_ggtt_gfns(const struct vgpu_ggtt *ggtt, u64 gaddr, u32 nr_pages,
		   u64 *gfns);

enum vgpu_plane_status vgpu_plane_decode(const struct vgpu_regs *regs,
					 u32 plane_type,
					 struct vgpu_plane *plane);
bool vgpu_plane_same_buffer(const struct vgpu_plane *a,
			    const struct vgpu_plane *b);
bool vgpu_plane_in_region(const struct vgpu_plane *plane, u32 plane_type);

void vgpu_cache_init(struct vgpu_cache *cache);
int vgpu_cache_lookup(struct vgpu_cache *cache, const struct vgpu_plane *plane,
		      u64 ggtt_gen, const u64 *gfns);
int vgpu_cache_find_id(const struct vgpu_cache *cache, u32 id);
int vgpu_cache_reuse(struct vgpu_cache *cache, u32 id, u64 ggtt_gen);
int vgpu_cache_victim(const struct vgpu_cache *cache, const bool *held);
bool vgpu_cache_ids_left(const struct vgpu_cache *cache);
u32 vgpu_cache_insert(struct vgpu_cache *cache, int slot,
		      const struct vgpu_plane *plane, const u64 *gfns,
		      u64 ggtt_gen, void *buf);
void *vgpu_cache_take(struct vgpu_cache *cache, int slot);

/*
 * The monitor's EDID (vgpu_edid.c): one 128-byte EDID 1.4 base block. Its
 * preferred mode is at least 640x480 and at most 4095x4095, the most a
 * detailed timing descriptor's 12-bit fields hold.
 */
#define VGPU_EDID_BLOCK		128
#define VGPU_EDID_MIN_WIDTH	640
#define VGPU_EDID_MIN_HEIGHT	480
#define VGPU_EDID_MAX_WIDTH	4095
#define VGPU_EDID_MAX_HEIGHT	4095

u32 vgpu_edid_generate(u8 *blob, u32 max_size, u32 width, u32 height,
		       u32 max_width, u32 max_height);

void vgpu_monitor_init(struct vgpu_monitor *mon, u32 max_width,
		       u32 max_height);
int vgpu_monitor_region_rw(struct vgpu_monitor *mon, u32 off, u8 *buf,
			   u32 len, bool write, bool *hotplug);
u32 vgpu_monitor_status(const struct vgpu_monitor *mon);
u32 vgpu_monitor_edid_read32(const struct vgpu_monitor *mon, u32 off);

void vgpu_intr_reset(struct vgpu_intr *intr);
u32 vgpu_intr_read(const struct vgpu_intr *intr, u32 off);
bool vgpu_intr_write(struct vgpu_intr *intr, u32 off, u32 val);
bool vgpu_intr_raise(struct vgpu_intr *intr, u32 events);
u32 vgpu_intr_wanted(const struct vgpu_intr *intr);

#endif /* VGPU_HW_H */
