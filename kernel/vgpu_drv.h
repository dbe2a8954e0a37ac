/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by the module's parts. Calls flow one way: vgpu_main.c
 * (module, parent and mdev types) calls vgpu_vfio.c (the VFIO device),
 * which calls the emulated hardware (vgpu_cfg.c, vgpu_regs.c, vgpu_ggtt.c)
 * and guest memory (vgpu_guest.c). No part calls back up.
 */
#ifndef VGPU_DRV_H
#define VGPU_DRV_H

#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/vfio.h>

#include "vgpu_hw.h"

#define VGPU_DRIVER_NAME	"vgpu_display"

/* Pages the aperture keeps pinned, like a small TLB; see vgpu_guest.c. */
#define VGPU_GUEST_SLOTS	64

/**
 * struct vgpu_type - an mdev type: the limits of the vGPUs it creates
 * @type: the mdev core's part
 * @caps: display and graphics memory limits of each instance
 */
struct vgpu_type {
	struct mdev_type type;
	struct vgpu_caps caps;
};

/**
 * struct vgpu_guest_slot - one pinned guest page
 * @gfn: guest page frame number
 * @page: the pinned page, or NULL when the slot is empty
 */
struct vgpu_guest_slot {
	u64 gfn;
	struct page *page;
};

/**
 * struct vgpu_guest - guest memory as the vGPU reaches it
 * @vdev: the VFIO device whose container maps the guest's memory
 * @slot: pinned pages, any gfn in any slot
 * @victim: the slot to evict next when all are in use
 * @nr_pinned: pages pinned now
 * @nr_scratch: accesses that found no mapped page and hit the scratch page
 */
struct vgpu_guest {
	struct vfio_device *vdev;
	struct vgpu_guest_slot slot[VGPU_GUEST_SLOTS];
	unsigned int victim;
	unsigned int nr_pinned;
	u64 nr_scratch;
};

/**
 * struct vgpu - one vGPU instance, the mdev's VFIO device
 * @vdev: the VFIO core's part; its refcount is the instance's lifetime
 * @type: the type it was created with
 * @lock: serialises every access to the state below; taken inside the
 *	VFIO iommu's device_list_lock (dma_unmap) and outside its iommu lock
 *	(pin and unpin)
 * @cfg: PCI configuration space
 * @regs: display registers
 * @ggtt: graphics translation table
 * @guest: pinned guest pages
 * @req_trigger: eventfd for VFIO_PCI_REQ_IRQ_INDEX, or NULL
 */
struct vgpu {
	struct vfio_device vdev;
	const struct vgpu_type *type;
	struct mutex lock;	/* see @lock above */
	struct vgpu_cfg cfg;
	struct vgpu_regs regs;
	struct vgpu_ggtt ggtt;
	struct vgpu_guest guest;
	struct eventfd_ctx *req_trigger;
};

/* vgpu_vfio.c */
struct vgpu *vgpu_create(struct mdev_device *mdev);
void vgpu_destroy(struct vgpu *vgpu);
unsigned int vgpu_pinned_pages(struct vgpu *vgpu);

/* vgpu_guest.c */
void vgpu_guest_init(struct vgpu_guest *guest, struct vfio_device *vdev);
int vgpu_guest_rw(struct vgpu_guest *guest, u64 gpa, void *buf, u32 len,
		  bool write);
void vgpu_guest_release_range(struct vgpu_guest *guest, u64 iova, u64 len);
void vgpu_guest_release_all(struct vgpu_guest *guest);

#endif /* VGPU_DRV_H */
