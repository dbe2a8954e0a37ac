/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types shared by the module's parts. Calls flow one way:
 *
 *   vgpu_main.c  module, parent device, mdev types
 *     -> vgpu_vfio.c  the VFIO device: regions, IRQs, plane ioctls
 *          -> vgpu_cfg.c, vgpu_regs.c, vgpu_ggtt.c  emulated hardware (pure)
 *          -> vgpu_plane.c, vgpu_cache.c  decoder and cache policy (pure)
 *          -> vgpu_irq.c  request and display IRQs (eventfds)
 *          -> vgpu_region.c  region display mode: the plane's pages mapped
 *               -> vgpu_gem.c
 *          -> vgpu_gem.c  plane buffers: GEM objects and dma-bufs
 *               -> vgpu_guest.c  guest pages and their pins
 *     -> vgpu_drm.c  the module's DRM device: dumb buffers, PRIME import
 *          -> vgpu_gem.c  (its own buffers coming back, their counts)
 *     -> vgpu_gem.c  (the buffers' free queue, which lives with the module)
 *
 * No part calls back up, except that a pin set carries its owner's revoke
 * callback, which vgpu_guest.c calls when the VMM unmaps the set's pages.
 *
 * Lock order, outermost first:
 *   VFIO type1 device_list_lock (dma_unmap) -> vgpu.lock -> vgpu_irqs.lock
 *     -> { the hrtimer base lock, an eventfd's wait queue lock }
 *   vgpu.lock -> hrtimer_cancel(), which waits for the vblank callback, which
 *     takes vgpu_irqs.lock: so vgpu_irqs.lock is never held across it
 *   VFIO type1 device_list_lock (dma_unmap) -> vgpu.lock -> vgpu_guest.lock
 *   -> type1's iommu lock -> the VMM's mmap_lock (pinning)
 *   vgpu.lock -> type1's iommu lock -> mmap_lock (the aperture's copies)
 *   vgpu.lock -> vgpu_buffer.lock (the kept dma-buf)
 *   vgpu_guest.lock -> vgpu_buffer.lock -> i_mmap_rwsem (revoking)
 *   mmap_lock (a fault) -> vgpu_buffer.lock
 *   vgpu.lock -> vgpu_region.lock -> { i_mmap_rwsem (zapping),
 *     vgpu_buffer.lock (reading) }
 *   mmap_lock (a region fault) -> vgpu_region.lock -> vgpu_buffer.lock
 *   VFIO type1 device_list_lock (dma_unmap) -> vgpu_region.lock, after
 *     the guest lock is dropped
 * A buffer's last reference may be dropped under mmap_lock (munmap), so
 * buffers are freed from a workqueue, never where the reference drops.
 */
#ifndef VGPU_DRV_H
#define VGPU_DRV_H

#include <drm/drm_gem.h>
#include <linux/hrtimer.h>
#include <linux/mdev.h>
#include <linux/mutex.h>
#include <linux/spinlock.h>
#include <linux/vfio.h>
#include <linux/workqueue.h>

#include "vgpu_compat.h"
#include "vgpu_hw.h"

#define VGPU_DRIVER_NAME	"vgpu_display"

/*
 * Plane buffers that may hold a vGPU's guest pages at once: the cache's
 * VGPU_CACHE_SLOTS and 64 more that user space holds. A VMM that imports
 * and keeps every buffer it is offered gets -ENOSPC past this instead of
 * growing kernel memory without bound; QEMU holds at most 5 per plane.
 */
#define VGPU_GUEST_MAX_SETS	(VGPU_CACHE_SLOTS + 64)

/**
 * struct vgpu_type - an mdev type: the limits of the vGPUs it creates
 * @type: the mdev core's part
 * @caps: display and graphics memory limits of each instance
 */
struct vgpu_type {
	struct mdev_type type;
	struct vgpu_caps caps;
};

struct vgpu_guest;

/**
 * struct vgpu_pinset - guest pages a buffer holds
 * @node: in vgpu_guest.sets while @vfio_pinned
 * @guest: where the pages came from
 * @gfns: guest frame numbers, @nr of them, in the buffer's order
 * @pages: the pages
 * @nr: how many
 * @vfio_pinned: VFIO pins are held: the device is open and no page of the
 *	set has been unmapped
 * @page_refs: a page reference of our own is held on each page, so that
 *	the pages outlive the VFIO pins
 * @revoke: called, with the guest lock held, when the VMM unmaps one of
 *	the pages; the pins are gone, the page references stay
 */
struct vgpu_pinset {
	struct list_head node;
	struct vgpu_guest *guest;
	u64 *gfns;
	struct page **pages;
	u32 nr;
	bool vfio_pinned;
	bool page_refs;
	void (*revoke)(struct vgpu_pinset *set);
};

/**
 * struct vgpu_guest - guest memory as the vGPU reaches it
 * @vdev: the VFIO device whose container maps the guest's memory
 * @lock: guards everything below
 * @open: the device is open, so VFIO pins may be taken
 * @sets: pin sets holding VFIO pins
 * @unmapping: ranges whose unmap ioctl is running, which take no new pin
 *	(struct vgpu_unmapping, vgpu_guest.c)
 * @nr_sets: pin sets holding page references, at most VGPU_GUEST_MAX_SETS
 * @nr_pinned: pages pinned through VFIO now, by slots and sets
 * @pins_total: pages ever pinned through VFIO, to show that buffer reuse
 *	pins nothing new
 */
struct vgpu_guest {
	struct vfio_device *vdev;
	struct mutex lock;	/* see @lock above */
	bool open;
	struct list_head sets;
	struct list_head unmapping;
	unsigned int nr_sets;
	unsigned int nr_pinned;
	u64 pins_total;
};

/**
 * struct vgpu_buffer - a plane buffer: a GEM object over guest pages
 * @base: the GEM object; its refcount is the buffer's lifetime
 * @pins: the guest pages, pinned
 * @vdev: the vGPU's VFIO device, referenced so that @pins.guest stays
 *	valid however long user space keeps the buffer
 * @lock: guards @revoked's change, @scratch, @dmabuf, and faults against
 *	the revoke's zap
 * @revoked: the VMM unmapped some of the pages: stale, the buffer shows
 *	@scratch from then on and is not reused; set under the guest lock
 * @scratch: a stale buffer's zeroed page, or NULL until needed
 * @dmabuf: the dma-buf every GET_GFX_DMABUF hands out while the buffer is
 *	cached, with a file reference of its own, or NULL
 * @free_work: frees the buffer outside the context of its last put
 */
struct vgpu_buffer {
	struct drm_gem_object base;
	struct vgpu_pinset pins;
	struct vfio_device *vdev;
	struct mutex lock;	/* see @lock above */
	bool revoked;
	struct page *scratch;
	struct dma_buf *dmabuf;
	struct work_struct free_work;
};

/**
 * enum vgpu_display_mode - how the VMM gets the display (vendor/display)
 * @VGPU_DISPLAY_DMABUF: planes are dma-bufs (the default)
 * @VGPU_DISPLAY_REGION: the primary plane is the display region, for VMMs
 *	without OpenGL; QEMU probes dma-bufs first, so a vGPU offers one
 */
enum vgpu_display_mode {
	VGPU_DISPLAY_DMABUF,
	VGPU_DISPLAY_REGION,
};

/**
 * struct vgpu_region - the display region; see vgpu_region.c
 * @lock: guards @buf, and faults against the zap
 * @buf: the buffer shown, with a reference, or NULL for the scratch page
 * @anchor: a GEM object that only holds the region's fake offset in
 *	@mapping, so that its mappings can be zapped together
 * @mapping: the DRM device's address space, where the mappings live
 * @scratch: a zeroed page, shown where there is no plane
 * @size: in bytes
 */
struct vgpu_region {
	struct mutex lock;	/* see @lock above */
	struct vgpu_buffer *buf;
	struct drm_gem_object *anchor;
	struct address_space *mapping;
	struct page *scratch;
	u64 size;
};

/**
 * struct vgpu_irqs - the vGPU's interrupts; see vgpu_irq.c
 * @lock: guards the rest; taken inside vgpu.lock, with softirqs off (the
 *	vblank timer takes it)
 * @req: the request IRQ's eventfd, or NULL
 * @display: the display IRQ's eventfd (toward the VMM), or NULL
 * @msi: the MSI's eventfd (toward the guest), or NULL
 * @masked: the display IRQ fired (or the VMM masked it) and awaits unmask
 * @pending: something happened while masked; unmasking signals it
 * @intr: the guest's interrupt registers
 * @vblank: fires at the next vblank while the guest wants to hear of it
 * @pipe_on: the pipe is enabled: frames count and vblanks happen
 * @flip_pending: a flip waits for the next vblank to be done
 * @frame0: when the pipe was last enabled
 * @frames_before: frames counted before @frame0
 * @frames_seen: the frame count at the last vblank latched
 */
struct vgpu_irqs {
	spinlock_t lock;	/* see @lock above */
	struct eventfd_ctx *req;
	struct eventfd_ctx *display;
	struct eventfd_ctx *msi;
	bool masked;
	bool pending;
	struct vgpu_intr intr;
	struct hrtimer vblank;
	bool pipe_on;
	bool flip_pending;
	ktime_t frame0;
	u32 frames_before;
	u32 frames_seen;
};

/**
 * struct vgpu_plane_memo - the last answer for one plane type
 * @regs_gen: vgpu.regs_gen when it was made
 * @id: the buffer it found, 0 for none
 * @plane: the decoded plane
 * @failed: the plane decoded but its pages could not be had (a GGTT entry
 *	invalid or at memory the VMM did not map)
 * @ggtt_gen: vgpu.ggtt.gen when it failed
 * @retry_at: jiffies after which a failed plane is tried again anyway
 *
 * A VMM queries far more often than the guest changes anything: while no
 * register write changed the display, the decode is skipped. A failure is
 * remembered too, because trying again pins and unpins every page of the
 * plane but the bad one (47 ms for a 4K plane, every 30 ms from QEMU).
 * The VMM mapping the missing memory is not an event we see, so a failed
 * plane is still tried once a second.
 */
struct vgpu_plane_memo {
	u64 regs_gen;
	u32 id;
	struct vgpu_plane plane;
	bool failed;
	u64 ggtt_gen;
	unsigned long retry_at;
};

/**
 * struct vgpu - one vGPU instance, the mdev's VFIO device
 * @vdev: the VFIO core's part; its refcount is the instance's lifetime
 * @type: the type it was created with
 * @lock: serialises the device state below; see the lock order above
 * @cfg: PCI configuration space
 * @regs: display registers
 * @ggtt: graphics translation table
 * @cache: plane buffers kept for reuse, each holding a reference
 * @guest: guest memory and its pins
 * @regs_gen: bumped by every register write that changes the display
 * @memo: the last query's answer, primary plane and cursor
 * @irqs: the interrupts, toward the VMM and toward the guest
 * @monitor: the monitor on the port: its EDID and link, as the VMM set
 *	them; kept across resets and opens, like a cable
 * @drm: the module's DRM device, which owns the plane buffers
 * @open: the VMM has the device open; the display mode is fixed meanwhile
 * @mode: how the VMM gets the display, set before it opens the device
 * @region: the display region, in region mode
 */
struct vgpu {
	struct vfio_device vdev;
	const struct vgpu_type *type;
	struct mutex lock;	/* see @lock above */
	struct vgpu_cfg cfg;
	struct vgpu_regs regs;
	struct vgpu_ggtt ggtt;
	struct vgpu_cache cache;
	struct vgpu_guest guest;
	u64 regs_gen;
	struct vgpu_plane_memo memo[2];
	struct vgpu_irqs irqs;
	struct vgpu_monitor monitor;
	struct drm_device *drm;
	bool open;
	enum vgpu_display_mode mode;
	struct vgpu_region region;
};

/* vgpu_vfio.c */
struct vgpu *vgpu_create(struct mdev_device *mdev, struct drm_device *drm);
void vgpu_destroy(struct vgpu *vgpu);
unsigned int vgpu_pinned_pages(struct vgpu *vgpu, u64 *total);
int vgpu_set_display_mode(struct vgpu *vgpu, enum vgpu_display_mode mode);
enum vgpu_display_mode vgpu_display_mode(struct vgpu *vgpu);

/* vgpu_irq.c */
void vgpu_irqs_init(struct vgpu_irqs *irqs);
void vgpu_irqs_fini(struct vgpu_irqs *irqs);
bool vgpu_irqs_request(struct vgpu_irqs *irqs);
void vgpu_irqs_display_event(struct vgpu_irqs *irqs, u32 events,
			     bool pipe_on);
void vgpu_irqs_hotplug(struct vgpu_irqs *irqs, bool connected);
bool vgpu_irqs_serves(u32 off);
u32 vgpu_irqs_reg_read(struct vgpu_irqs *irqs, u32 off);
void vgpu_irqs_reg_write(struct vgpu_irqs *irqs, u32 off, u32 val);
void vgpu_irqs_reset(struct vgpu_irqs *irqs);
void vgpu_irqs_release(struct vgpu_irqs *irqs);
long vgpu_irqs_get_info(void __user *arg);
long vgpu_irqs_set(struct vgpu_irqs *irqs, void __user *arg);

/* vgpu_drm.c */
struct drm_device *vgpu_drm_register(struct device *parent);
void vgpu_drm_unregister(struct drm_device *drm);

/* vgpu_gem.c */
int vgpu_buffers_init(void);
void vgpu_buffers_fini(void);
unsigned int vgpu_buffers_live(unsigned long *pages);
struct drm_gem_object *vgpu_buffer_import(struct drm_device *drm,
					  struct dma_buf *dmabuf);
struct vgpu_buffer *vgpu_buffer_create(struct drm_device *drm,
				       struct vgpu_guest *guest,
				       struct vfio_device *vdev, u64 *gfns,
				       u32 nr);
void vgpu_buffer_put(struct vgpu_buffer *buf);
void vgpu_buffer_uncache(struct vgpu_buffer *buf);
bool vgpu_buffer_held(struct vgpu_buffer *buf);
bool vgpu_buffer_revoked(struct vgpu_buffer *buf);
int vgpu_buffer_fd(struct vgpu_buffer *buf);
vm_fault_t vgpu_buffer_map(struct vgpu_buffer *buf, struct vm_area_struct *vma,
			   pgoff_t first);
u32 vgpu_buffer_pages(const struct vgpu_buffer *buf);
void vgpu_buffer_read(struct vgpu_buffer *buf, u64 off, u8 *out, u32 len);

/* vgpu_region.c */
int vgpu_region_init(struct vgpu_region *r, struct drm_device *drm, u64 size);
void vgpu_region_fini(struct vgpu_region *r);
struct vgpu_buffer *vgpu_region_show(struct vgpu_region *r,
				     struct vgpu_buffer *buf);
struct vgpu_buffer *vgpu_region_drop_stale(struct vgpu_region *r);
void vgpu_region_read(struct vgpu_region *r, u64 off, u8 *out, u32 len);
int vgpu_region_mmap(struct vgpu *vgpu, struct vm_area_struct *vma);

/* vgpu_guest.c */
void vgpu_guest_init(struct vgpu_guest *guest, struct vfio_device *vdev);
void vgpu_guest_fini(struct vgpu_guest *guest);
void vgpu_guest_open(struct vgpu_guest *guest);
void vgpu_guest_close(struct vgpu_guest *guest);
int vgpu_guest_rw(struct vgpu_guest *guest, u64 gpa, void *buf, u32 len,
		  bool write);
void vgpu_guest_release_range(struct vgpu_guest *guest, u64 iova, u64 len);
int vgpu_guest_pin(struct vgpu_guest *guest, struct vgpu_pinset *set);
void vgpu_guest_unpin(struct vgpu_pinset *set);
unsigned int vgpu_guest_pinned(struct vgpu_guest *guest, u64 *total);

#endif /* VGPU_DRV_H */
