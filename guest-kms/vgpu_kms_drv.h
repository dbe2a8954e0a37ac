/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vgpu_kms: the guest's DRM/KMS driver for the vGPU (PCI 5647:4400).
 *
 * Files, and the one direction calls flow in:
 *   vgpu_kms_main.c       PCI probe/remove, the DRM driver, mode config
 *     -> vgpu_kms_display.c    CRTC, primary and cursor planes, encoder
 *     -> vgpu_kms_connector.c  the monitor: EDID, modes, hotplug
 *     -> vgpu_kms_irq.c        MSI: vblank and hotplug
 *     -> vgpu_kms_ggtt.c       buffers placed in the vGPU's GGTT
 *   vgpu_kms_display.c -> vgpu_kms_ggtt.c, vgpu_kms_irq.c, vgpu_kms_regs.c
 *   vgpu_kms_irq.c -> vgpu_kms_connector.c
 *   vgpu_kms_regs.c       registers from plane setups (pure, unit tested)
 * The register map is the host's own, kernel/vgpu_hw.h. What differs
 * between the kernels it builds for is in vgpu_kms_compat.h.
 */
#ifndef VGPU_KMS_DRV_H
#define VGPU_KMS_DRV_H

#include <linux/io.h>
#include <linux/list.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <drm/drm_connector.h>
#include <drm/drm_crtc.h>
#include <drm/drm_device.h>
#include <drm/drm_encoder.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_mm.h>
#include <drm/drm_plane.h>

#include "vgpu_hw.h"
#include "vgpu_kms_compat.h"
#include "vgpu_kms_regs.h"

#define VGPU_KMS_NAME	"vgpu_kms"

/**
 * struct vgpu_kms_ggtt - the vGPU's graphics memory, as this driver hands it out
 * @lock: guards everything below and the GGTT entries themselves
 * @mm: which graphics addresses are taken, in pages
 * @idle: bound buffers that no plane uses, oldest first: their range is
 *	reclaimed when space runs out or the buffer is freed
 * @entries: GGTT entries of this vGPU (PV_GGTT_ENTRIES)
 * @gone: the device went away: no more writes to its GGTT
 */
struct vgpu_kms_ggtt {
	struct mutex lock;	/* see @lock above */
	struct drm_mm mm;
	struct list_head idle;
	u32 entries;
	bool gone;
};

/**
 * struct vgpu_kms_bo - a GEM shmem buffer that may be placed in the GGTT
 * @base: the shmem object; its pages stay pinned while it is bound
 * @node: its graphics address range while bound
 * @idle_link: on &vgpu_kms_ggtt.idle while bound and unused
 * @use_count: planes that use it (prepare_fb minus cleanup_fb)
 */
struct vgpu_kms_bo {
	struct drm_gem_shmem_object base;
	struct drm_mm_node node;
	struct list_head idle_link;
	unsigned int use_count;
};

/**
 * struct vgpu_kms - one vGPU driven by this driver
 * @drm: the DRM device
 * @mmio: BAR0: registers below VGPU_GGTT_BASE, the GGTT above
 * @ggtt: graphics memory
 * @crtc: the one pipe
 * @primary: its primary plane
 * @cursor: its cursor plane
 * @encoder: a stand-in: the vGPU has no encoder
 * @connector: the monitor's port
 * @irq: the MSI's Linux interrupt number
 * @irq_lock: guards the read-modify-write of IMR and IER
 * @hotplug_work: tells user space the monitor changed, outside the IRQ
 * @max_width: widest mode of the vGPU's type (PV_MAX_WIDTH)
 * @max_height: tallest (PV_MAX_HEIGHT)
 */
struct vgpu_kms {
	struct drm_device drm;
	void __iomem *mmio;
	struct vgpu_kms_ggtt ggtt;
	struct drm_crtc crtc;
	struct drm_plane primary;
	struct drm_plane cursor;
	struct drm_encoder encoder;
	struct drm_connector connector;
	int irq;
	spinlock_t irq_lock;	/* see @irq_lock above */
	struct work_struct hotplug_work;
	u32 max_width;
	u32 max_height;
};

static inline struct vgpu_kms *to_vgpu_kms(struct drm_device *drm)
{
	return container_of(drm, struct vgpu_kms, drm);
}

/* Registers are named by the host's own list: VGPU_REG_PLANE_CTL... */
static inline u32 vgpu_kms_read(struct vgpu_kms *kms, enum vgpu_reg reg)
{
	return readl(kms->mmio + vgpu_kms_reg_offset[reg]);
}

static inline void vgpu_kms_write(struct vgpu_kms *kms, enum vgpu_reg reg,
				  u32 val)
{
	writel(val, kms->mmio + vgpu_kms_reg_offset[reg]);
}

/* vgpu_kms_ggtt.c */
int vgpu_kms_ggtt_init(struct vgpu_kms *kms);
void vgpu_kms_ggtt_shutdown(struct vgpu_kms *kms);
struct drm_gem_object *vgpu_kms_bo_create(struct drm_device *drm, size_t size);
int vgpu_kms_bo_use(struct vgpu_kms *kms, struct drm_gem_object *obj,
		    u64 *gaddr);
void vgpu_kms_bo_unuse(struct vgpu_kms *kms, struct drm_gem_object *obj);
u64 vgpu_kms_bo_gaddr(struct vgpu_kms *kms, struct drm_gem_object *obj);

/* vgpu_kms_display.c */
int vgpu_kms_display_init(struct vgpu_kms *kms);
void vgpu_kms_planes_off(struct vgpu_kms *kms);
void vgpu_kms_display_shutdown(struct vgpu_kms *kms);

/* vgpu_kms_connector.c */
int vgpu_kms_connector_init(struct vgpu_kms *kms);
void vgpu_kms_hotplug(struct vgpu_kms *kms);
void vgpu_kms_connector_fini(struct vgpu_kms *kms);

/* vgpu_kms_irq.c */
int vgpu_kms_irq_init(struct vgpu_kms *kms);
void vgpu_kms_irq_fini(struct vgpu_kms *kms);
void vgpu_kms_irq_vblank(struct vgpu_kms *kms, bool on);

#endif
