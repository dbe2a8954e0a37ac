// SPDX-License-Identifier: GPL-2.0
/*
 * Buffers in the vGPU's graphics memory: a plane's framebuffer is a GEM
 * shmem object in guest RAM, given a range of the GGTT while a plane uses
 * it (prepare_fb to cleanup_fb).
 *
 * A buffer no plane uses keeps its range until space runs out or it is
 * freed. Each GGTT entry written is a trapped MMIO write in the VMM, so a
 * client flipping between two buffers would otherwise pay for rewriting
 * both buffers' entries on every flip; the pages stay pinned all the same
 * (shmem pins them for the object's life once they are DMA mapped), so a
 * kept range never names a page the guest reused.
 */
#include <linux/io.h>
#include <linux/scatterlist.h>
#include <drm/drm_managed.h>
#include <drm/drm_print.h>

#include "vgpu_kms_drv.h"

static struct vgpu_kms_bo *to_bo(struct drm_gem_object *obj)
{
	return container_of(to_drm_gem_shmem_obj(obj), struct vgpu_kms_bo, base);
}

static void __iomem *ggtt_entry(struct vgpu_kms *kms, u64 page)
{
	return kms->mmio + VGPU_GGTT_BASE + page * sizeof(u64);
}

static void clear_entries(struct vgpu_kms *kms, const struct drm_mm_node *node)
{
	u64 page;

	for (page = node->start; page < node->start + node->size; page++)
		writeq(0, ggtt_entry(kms, page));
}

/* Takes @bo's range away; the caller holds the GGTT lock. */
static void unbind_locked(struct vgpu_kms *kms, struct vgpu_kms_bo *bo)
{
	if (!kms->ggtt.gone)
		clear_entries(kms, &bo->node);
	drm_mm_remove_node(&bo->node);
	list_del_init(&bo->idle_link);
}

/* Gives @bo a range and points it at the buffer's pages. */
static int bind_locked(struct vgpu_kms *kms, struct vgpu_kms_bo *bo,
		       struct sg_table *sgt)
{
	struct vgpu_kms_ggtt *ggtt = &kms->ggtt;
	u64 pages = bo->base.base.size >> PAGE_SHIFT;
	struct vgpu_kms_bo *idle, *next;
	struct sg_dma_page_iter iter;
	u64 page, dma;
	int ret;

	ret = drm_mm_insert_node(&ggtt->mm, &bo->node, pages);
	if (ret == -ENOSPC) {
		/* Simple before clever: every idle buffer makes room. */
		list_for_each_entry_safe(idle, next, &ggtt->idle, idle_link)
			unbind_locked(kms, idle);
		ret = drm_mm_insert_node(&ggtt->mm, &bo->node, pages);
	}
	if (ret)
		return ret;

	page = bo->node.start;
	for_each_sgtable_dma_page(sgt, &iter, 0) {
		if (page == bo->node.start + pages)
			break;
		dma = sg_page_iter_dma_address(&iter);
		if (dma & ~VGPU_GGTT_ADDR_MASK) {
			/* The DMA mask forbids it; refuse rather than alias. */
			clear_entries(kms, &bo->node);
			drm_mm_remove_node(&bo->node);
			return -EFAULT;
		}
		writeq(dma | VGPU_GGTT_VALID, ggtt_entry(kms, page));
		page++;
	}
	return 0;
}

/**
 * vgpu_kms_bo_use() - place a buffer in the GGTT for a plane
 * @kms: the vGPU
 * @obj: the framebuffer's GEM object
 * @gaddr: its graphics address, valid until the matching vgpu_kms_bo_unuse()
 *
 * Return: 0, -ENOSPC when graphics memory is full of buffers in use, -ENODEV
 * when the device is gone, or what pinning the pages returned.
 */
int vgpu_kms_bo_use(struct vgpu_kms *kms, struct drm_gem_object *obj,
		    u64 *gaddr)
{
	struct vgpu_kms_bo *bo = to_bo(obj);
	struct sg_table *sgt;
	int ret = 0;

	/* Pins and DMA-maps the pages for the object's lifetime. */
	sgt = drm_gem_shmem_get_pages_sgt(&bo->base);
	if (IS_ERR(sgt))
		return PTR_ERR(sgt);

	mutex_lock(&kms->ggtt.lock);
	if (kms->ggtt.gone) {
		ret = -ENODEV;
	} else if (drm_mm_node_allocated(&bo->node)) {
		if (!bo->use_count)
			list_del_init(&bo->idle_link);
	} else {
		ret = bind_locked(kms, bo, sgt);
	}
	if (!ret) {
		bo->use_count++;
		*gaddr = bo->node.start << VGPU_PAGE_SHIFT;
	}
	mutex_unlock(&kms->ggtt.lock);
	return ret;
}

/**
 * vgpu_kms_bo_unuse() - a plane no longer uses a buffer
 * @kms: the vGPU
 * @obj: the buffer, placed by a successful vgpu_kms_bo_use()
 */
void vgpu_kms_bo_unuse(struct vgpu_kms *kms, struct drm_gem_object *obj)
{
	struct vgpu_kms_bo *bo = to_bo(obj);

	mutex_lock(&kms->ggtt.lock);
	if (!--bo->use_count && drm_mm_node_allocated(&bo->node))
		list_add_tail(&bo->idle_link, &kms->ggtt.idle);
	mutex_unlock(&kms->ggtt.lock);
}

/**
 * vgpu_kms_bo_gaddr() - where a buffer in use is in graphics memory
 * @kms: the vGPU
 * @obj: the buffer, between vgpu_kms_bo_use() and vgpu_kms_bo_unuse()
 *
 * Return: its graphics address, which stays put while it is in use.
 */
u64 vgpu_kms_bo_gaddr(struct vgpu_kms *kms, struct drm_gem_object *obj)
{
	u64 gaddr;

	mutex_lock(&kms->ggtt.lock);
	gaddr = to_bo(obj)->node.start << VGPU_PAGE_SHIFT;
	mutex_unlock(&kms->ggtt.lock);
	return gaddr;
}

static void vgpu_kms_bo_free(struct drm_gem_object *obj)
{
	struct vgpu_kms *kms = to_vgpu_kms(obj->dev);
	struct vgpu_kms_bo *bo = to_bo(obj);

	/* A plane's state holds its framebuffer, so nothing uses it now. */
	mutex_lock(&kms->ggtt.lock);
	if (drm_mm_node_allocated(&bo->node))
		unbind_locked(kms, bo);
	mutex_unlock(&kms->ggtt.lock);
	drm_gem_shmem_free(&bo->base);
}

/* shmem's own object functions, but for freeing, which unbinds first. */
static const struct drm_gem_object_funcs vgpu_kms_bo_funcs = {
	.free = vgpu_kms_bo_free,
	.print_info = drm_gem_shmem_object_print_info,
	.pin = drm_gem_shmem_object_pin,
	.unpin = drm_gem_shmem_object_unpin,
	.get_sg_table = drm_gem_shmem_object_get_sg_table,
	.vmap = drm_gem_shmem_object_vmap,
	.vunmap = drm_gem_shmem_object_vunmap,
	.mmap = drm_gem_shmem_object_mmap,
	.vm_ops = &drm_gem_shmem_vm_ops,
};

/**
 * vgpu_kms_bo_create() - the driver's &drm_driver.gem_create_object
 * @drm: the DRM device
 * @size: bytes
 *
 * Return: the new object's GEM base, or an error pointer.
 */
struct drm_gem_object *vgpu_kms_bo_create(struct drm_device *drm, size_t size)
{
	struct vgpu_kms_bo *bo;

	bo = kzalloc(sizeof(*bo), GFP_KERNEL);
	if (!bo)
		return ERR_PTR(-ENOMEM);
	INIT_LIST_HEAD(&bo->idle_link);
	/* Scanout buffers: the vGPU reads them as the CPU wrote them. */
	bo->base.map_wc = false;
	bo->base.base.funcs = &vgpu_kms_bo_funcs;
	return &bo->base.base;
}

static void ggtt_fini(struct drm_device *drm, void *arg)
{
	struct vgpu_kms *kms = arg;

	drm_mm_takedown(&kms->ggtt.mm);
	mutex_destroy(&kms->ggtt.lock);
}

/**
 * vgpu_kms_ggtt_init() - learn the vGPU's graphics memory
 * @kms: the vGPU, its BAR0 mapped
 *
 * Return: 0, -ENODEV if the vGPU reports no usable GGTT, or -ENOMEM.
 */
int vgpu_kms_ggtt_init(struct vgpu_kms *kms)
{
	struct vgpu_kms_ggtt *ggtt = &kms->ggtt;
	u32 entries = vgpu_kms_read(kms, VGPU_REG_PV_GGTT_ENTRIES);

	if (!entries || entries > VGPU_GGTT_MAX_ENTRIES) {
		drm_err(&kms->drm, "the vGPU reports %u GGTT entries\n", entries);
		return -ENODEV;
	}
	ggtt->entries = entries;
	mutex_init(&ggtt->lock);
	INIT_LIST_HEAD(&ggtt->idle);
	drm_mm_init(&ggtt->mm, 0, entries);
	return drmm_add_action_or_reset(&kms->drm, ggtt_fini, kms);
}

/**
 * vgpu_kms_ggtt_shutdown() - the device is going: clear every entry we wrote
 * @kms: the vGPU, its BAR0 still mapped
 *
 * Buffers freed later (an fbdev or a dma-buf that outlives the device) only
 * give their range back; the GGTT is not touched again.
 */
void vgpu_kms_ggtt_shutdown(struct vgpu_kms *kms)
{
	struct drm_mm_node *node;

	mutex_lock(&kms->ggtt.lock);
	drm_mm_for_each_node(node, &kms->ggtt.mm)
		clear_entries(kms, node);
	kms->ggtt.gone = true;
	mutex_unlock(&kms->ggtt.lock);
}
