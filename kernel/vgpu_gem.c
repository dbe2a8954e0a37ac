// SPDX-License-Identifier: GPL-2.0
/*
 * Plane buffers: GEM objects of the module's own DRM device whose backing
 * store is the guest's framebuffer pages, exported over PRIME. No pixel is
 * copied: what the guest writes after the export is seen through the
 * dma-buf's mmap, its vmap and any importer's scatter list.
 *
 * The objects belong to the module's DRM device (vgpu_drm.c), so that a
 * renderer on it (Mesa's kms_swrast for QEMU) imports our dma-bufs as its
 * own objects and maps them through its DRM fd.
 *
 * One dma-buf at most exists per buffer while the vGPU's cache holds it:
 * DRM's PRIME import warns when an object shows up under a second dma-buf,
 * so every GET_GFX_DMABUF hands out the same one. The buffer keeps a file
 * reference on it for that: a pointer without one could outlive the file
 * (the dma-buf's release runs when its dentry goes, which an O_PATH open of
 * /proc/self/fd/N keeps after the file is freed). Leaving the cache drops
 * that reference, which also breaks the cycle buffer -> dma-buf -> buffer.
 *
 * Every CPU mapping, through the dma-buf fd or the DRM fd, lives in the DRM
 * device's address space at the object's fake offset, so that one call
 * zaps them all.
 *
 * When the VMM unmaps some of its pages the buffer goes stale: it loses its
 * VFIO pins, and what the VMM does with that memory next (SMRAM, a ROM
 * shadow, another user of a shared file) is no business of whoever holds
 * the buffer. So its mappings are zapped, and every later fault, vmap and
 * scatter list shows a zeroed scratch page of the buffer's own instead:
 * the consumer sees black, not SIGBUS (which would kill the renderer in the
 * VMM: Mesa reads through the DRM fd) nor a failed vmap (which WARNs in
 * dma_buf_vmap()). An importer that mapped the buffer before keeps the old
 * pages, which the buffer's page references keep from being freed, until
 * it lets go: dma-buf has no way to take a mapping back from an importer
 * that does not move. The next plane query makes a new buffer.
 */
#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_prime.h>
#include <linux/dma-buf.h>
#include <linux/fs.h>
#include <linux/highmem.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/vmalloc.h>

#include "vgpu_drv.h"

static struct workqueue_struct *vgpu_free_wq;
static atomic_t live_buffers;
static atomic_long_t live_buffer_pages;

static struct vgpu_buffer *to_buffer(struct drm_gem_object *obj)
{
	return container_of(obj, struct vgpu_buffer, base);
}

/* A stale buffer's zeroed page, made on first use. */
static struct page *scratch_locked(struct vgpu_buffer *buf)
{
	if (!buf->scratch)
		buf->scratch = alloc_page(GFP_KERNEL_ACCOUNT | __GFP_ZERO);
	return buf->scratch;
}

/*
 * The pages a new vmap or scatter list of the buffer shows: the guest's,
 * or for a stale buffer an array of its scratch page (@*to_free then).
 */
static struct page **pages_locked(struct vgpu_buffer *buf,
				  struct page ***to_free)
{
	struct page **pages, *scratch;
	u32 i;

	*to_free = NULL;
	if (!buf->revoked)
		return buf->pins.pages;
	scratch = scratch_locked(buf);
	if (!scratch)
		return NULL;
	pages = kvmalloc_array(buf->pins.nr, sizeof(*pages), GFP_KERNEL);
	if (!pages)
		return NULL;
	for (i = 0; i < buf->pins.nr; i++)
		pages[i] = scratch;
	*to_free = pages;
	return pages;
}

/**
 * vgpu_buffer_map() - map a buffer's pages into a PFN mapping
 * @buf: the buffer
 * @vma: a VM_PFNMAP mapping of it (the buffer's own, or the display region)
 * @first: the buffer's page at @vma's start
 *
 * Maps the whole mapping at once, or as much of it as the buffer covers: a
 * consumer reads every page of a frame, and one fault is far cheaper than
 * one per page (8100 for a 4K frame). A stale buffer maps its scratch page.
 * Under the buffer's lock, against the revoke's zap: no old page is mapped
 * after it.
 *
 * Return: VM_FAULT_NOPAGE when all went in, else the fault code to return.
 */
vm_fault_t vgpu_buffer_map(struct vgpu_buffer *buf, struct vm_area_struct *vma,
			   pgoff_t first)
{
	vm_fault_t ret = VM_FAULT_NOPAGE;
	pgoff_t idx = first;
	struct page *page;
	unsigned long addr;

	mutex_lock(&buf->lock);
	for (addr = vma->vm_start; addr < vma->vm_end && idx < buf->pins.nr;
	     addr += PAGE_SIZE, idx++) {
		page = buf->revoked ? scratch_locked(buf) : buf->pins.pages[idx];
		if (!page) {
			ret = VM_FAULT_OOM;
			break;
		}
		ret = vmf_insert_pfn(vma, addr, page_to_pfn(page));
		if (ret != VM_FAULT_NOPAGE)
			break;
	}
	mutex_unlock(&buf->lock);
	return ret;
}

/**
 * vgpu_buffer_pages() - how many pages a buffer has
 * @buf: the buffer
 *
 * Return: its size in pages, fixed at creation.
 */
u32 vgpu_buffer_pages(const struct vgpu_buffer *buf)
{
	return buf->pins.nr;
}

/**
 * vgpu_buffer_read() - copy bytes of a buffer, as its mappings show them
 * @buf: the buffer
 * @off: where, in bytes; @off + @len stays within one of its pages
 * @out: the bytes
 * @len: how many
 *
 * A stale buffer reads as zeros, as its scratch page does.
 */
void vgpu_buffer_read(struct vgpu_buffer *buf, u64 off, u8 *out, u32 len)
{
	void *p;

	mutex_lock(&buf->lock);
	if (buf->revoked) {
		memset(out, 0, len);
	} else {
		p = kmap_local_page(buf->pins.pages[off >> PAGE_SHIFT]);
		memcpy(out, p + offset_in_page(off), len);
		kunmap_local(p);
	}
	mutex_unlock(&buf->lock);
}

static vm_fault_t vgpu_gem_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct vgpu_buffer *buf = to_buffer(vma->vm_private_data);
	pgoff_t first = vma->vm_pgoff - drm_vma_node_start(&buf->base.vma_node);

	/* A fault past the buffer's end (mremap cannot grow it) is SIGBUS. */
	if (first >= buf->pins.nr)
		return VM_FAULT_SIGBUS;
	return vgpu_buffer_map(buf, vma, first);
}

static const struct vm_operations_struct vgpu_gem_vm_ops = {
	.fault = vgpu_gem_fault,
	.open = drm_gem_vm_open,
	.close = drm_gem_vm_close,
};

/*
 * The pages are the VMM's own (anonymous or shmem) memory, so they are
 * mapped as raw PFNs: no rmap or refcount of theirs is touched, and the
 * buffer's page references keep them alive while any mapping exists.
 */
static int vgpu_gem_mmap(struct drm_gem_object *obj,
			 struct vm_area_struct *vma)
{
	if (is_cow_mapping(vma->vm_flags))
		return -EINVAL;
	vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	return 0;
}

static struct sg_table *vgpu_gem_get_sg_table(struct drm_gem_object *obj)
{
	struct vgpu_buffer *buf = to_buffer(obj);
	struct page **pages, **to_free;
	struct sg_table *sgt = ERR_PTR(-ENOMEM);

	mutex_lock(&buf->lock);
	pages = pages_locked(buf, &to_free);
	if (pages)
		sgt = drm_prime_pages_to_sg(obj->dev, pages, buf->pins.nr);
	mutex_unlock(&buf->lock);
	kvfree(to_free);
	return sgt;
}

static int vgpu_gem_vmap(struct drm_gem_object *obj, struct iosys_map *map)
{
	struct vgpu_buffer *buf = to_buffer(obj);
	struct page **pages, **to_free;
	void *va = NULL;

	/* A stale buffer too, over its scratch page: failing would WARN. */
	mutex_lock(&buf->lock);
	pages = pages_locked(buf, &to_free);
	if (pages)
		va = vmap(pages, buf->pins.nr, VM_MAP, PAGE_KERNEL);
	mutex_unlock(&buf->lock);
	kvfree(to_free);
	if (!va)
		return -ENOMEM;
	iosys_map_set_vaddr(map, va);
	return 0;
}

static void vgpu_gem_vunmap(struct drm_gem_object *obj, struct iosys_map *map)
{
	vunmap(map->vaddr);
}

static const struct dma_buf_ops vgpu_dmabuf_ops = {
	VGPU_DMA_BUF_CACHE_SGT
	.attach = drm_gem_map_attach,
	.detach = drm_gem_map_detach,
	.map_dma_buf = drm_gem_map_dma_buf,
	.unmap_dma_buf = drm_gem_unmap_dma_buf,
	.release = drm_gem_dmabuf_release,
	.mmap = drm_gem_dmabuf_mmap,
	.vmap = drm_gem_dmabuf_vmap,
	.vunmap = drm_gem_dmabuf_vunmap,
};

/* CPU access is coherent: no begin/end_cpu_access, so SYNC always works. */
static struct dma_buf *export_new(struct drm_gem_object *obj)
{
	DEFINE_DMA_BUF_EXPORT_INFO(exp);
	struct dma_buf *dmabuf;

	exp.ops = &vgpu_dmabuf_ops;
	exp.size = obj->size;
	exp.flags = O_RDWR;
	exp.priv = obj;
	exp.resv = obj->resv;
	dmabuf = drm_gem_dmabuf_export(obj->dev, &exp);
	/* Share the DRM device's address space; see the top of this file. */
	if (!IS_ERR(dmabuf))
		dmabuf->file->f_mapping = obj->dev->anon_inode->i_mapping;
	return dmabuf;
}

/*
 * DRM's PRIME export, for a handle on our DRM device. Such a handle comes
 * only from importing one of our dma-bufs, which DRM then keeps in
 * obj->dma_buf and hands out itself; so this runs only if that ever
 * changes, and then gives the buffer's own dma-buf or nothing.
 */
static struct dma_buf *vgpu_gem_export(struct drm_gem_object *obj, int flags)
{
	struct vgpu_buffer *buf = to_buffer(obj);
	struct dma_buf *dmabuf;

	mutex_lock(&buf->lock);
	dmabuf = buf->dmabuf;
	if (dmabuf)
		get_dma_buf(dmabuf);
	mutex_unlock(&buf->lock);
	/* A second dma-buf of the object would trip PRIME's import check. */
	return dmabuf ? dmabuf : ERR_PTR(-EINVAL);
}

static void vgpu_buffer_free_work(struct work_struct *work)
{
	struct vgpu_buffer *buf = container_of(work, struct vgpu_buffer,
					       free_work);
	struct vfio_device *vdev = buf->vdev;

	vgpu_guest_unpin(&buf->pins);
	atomic_long_sub(buf->pins.nr, &live_buffer_pages);
	atomic_dec(&live_buffers);
	drm_gem_object_release(&buf->base);
	drm_dev_put(buf->base.dev);
	mutex_destroy(&buf->lock);
	if (buf->scratch)
		__free_page(buf->scratch);
	kvfree(buf->pins.pages);
	kvfree(buf->pins.gfns);
	kfree(buf);
	/* Last: this may release the vGPU itself. */
	put_device(&vdev->device);
}

/* The last reference may go under mmap_lock: free from the workqueue. */
static void vgpu_gem_free(struct drm_gem_object *obj)
{
	queue_work(vgpu_free_wq, &to_buffer(obj)->free_work);
}

static const struct drm_gem_object_funcs vgpu_gem_funcs = {
	.free = vgpu_gem_free,
	.export = vgpu_gem_export,
	.get_sg_table = vgpu_gem_get_sg_table,
	.vmap = vgpu_gem_vmap,
	.vunmap = vgpu_gem_vunmap,
	.mmap = vgpu_gem_mmap,
	.vm_ops = &vgpu_gem_vm_ops,
};

/* Called under the guest lock: see "stale" at the top of this file. */
static void vgpu_buffer_revoke(struct vgpu_pinset *set)
{
	struct vgpu_buffer *buf = container_of(set, struct vgpu_buffer, pins);

	mutex_lock(&buf->lock);
	WRITE_ONCE(buf->revoked, true);
	drm_vma_node_unmap(&buf->base.vma_node,
			   buf->base.dev->anon_inode->i_mapping);
	mutex_unlock(&buf->lock);
}

/**
 * vgpu_buffer_create() - a buffer over guest pages
 * @drm: the module's DRM device, which the buffer holds
 * @guest: the vGPU's guest memory
 * @vdev: the vGPU's VFIO device, which must be open
 * @gfns: the guest frames, in order; the buffer takes ownership
 * @nr: how many
 *
 * Return: the buffer with one reference, the cache's, which the cache drops
 * with vgpu_buffer_uncache(); or an ERR_PTR: -EINVAL when a frame is not
 * mapped by the VMM, -ENODEV when the device is closed, -ENOSPC when the
 * vGPU has VGPU_GUEST_MAX_SETS buffers already, -ENOMEM.
 */
struct vgpu_buffer *vgpu_buffer_create(struct drm_device *drm,
				       struct vgpu_guest *guest,
				       struct vfio_device *vdev, u64 *gfns,
				       u32 nr)
{
	struct vgpu_buffer *buf;
	int ret = -ENOMEM;

	/* User space decides how many exist: charge its memory cgroup. */
	buf = kzalloc(sizeof(*buf), GFP_KERNEL_ACCOUNT);
	if (!buf)
		goto err_gfns;
	buf->pins.pages = kvcalloc(nr, sizeof(*buf->pins.pages),
				   GFP_KERNEL_ACCOUNT);
	if (!buf->pins.pages)
		goto err_buf;
	buf->pins.gfns = gfns;
	buf->pins.nr = nr;
	buf->pins.revoke = vgpu_buffer_revoke;
	drm_gem_private_object_init(drm, &buf->base, (size_t)nr << PAGE_SHIFT);
	buf->base.funcs = &vgpu_gem_funcs;
	mutex_init(&buf->lock);
	INIT_WORK(&buf->free_work, vgpu_buffer_free_work);
	/* Its -ENOSPC (no offset space left) is not the buffer cap's. */
	ret = drm_gem_create_mmap_offset(&buf->base) ? -ENOMEM : 0;
	if (ret)
		goto err_obj;
	/* From here on a dma_unmap may revoke the buffer at any time. */
	ret = vgpu_guest_pin(guest, &buf->pins);
	if (ret)
		goto err_obj;
	buf->vdev = vdev;
	get_device(&vdev->device);
	drm_dev_get(drm);
	atomic_inc(&live_buffers);
	atomic_long_add(nr, &live_buffer_pages);
	return buf;

err_obj:
	drm_gem_object_release(&buf->base);
	mutex_destroy(&buf->lock);
	kvfree(buf->pins.pages);
err_buf:
	kfree(buf);
err_gfns:
	kvfree(gfns);
	return ERR_PTR(ret);
}

/**
 * vgpu_buffer_put() - drop a reference; the last one frees the buffer
 * @buf: the buffer
 */
void vgpu_buffer_put(struct vgpu_buffer *buf)
{
	drm_gem_object_put(&buf->base);
}

/**
 * vgpu_buffer_uncache() - the cache lets go of a buffer
 * @buf: a buffer no longer in the cache
 *
 * Drops the cache's reference and the dma-buf the buffer kept for it. Not
 * under the vGPU's lock: this may free the buffer.
 */
void vgpu_buffer_uncache(struct vgpu_buffer *buf)
{
	struct dma_buf *dmabuf;

	mutex_lock(&buf->lock);
	dmabuf = buf->dmabuf;
	buf->dmabuf = NULL;
	mutex_unlock(&buf->lock);
	if (dmabuf)
		dma_buf_put(dmabuf);
	vgpu_buffer_put(buf);
}

/**
 * vgpu_buffer_held() - whether anyone but the cache holds the buffer: an
 *	fd of its dma-buf, an importer, a GEM handle or a mapping
 * @buf: a buffer in the cache
 *
 * Return: true when user space (or an importer) still holds it.
 */
bool vgpu_buffer_held(struct vgpu_buffer *buf)
{
	unsigned int own = 1;	/* the cache's reference */
	bool held;

	mutex_lock(&buf->lock);
	if (buf->dmabuf)
		own++;		/* the kept dma-buf's reference on the object */
	held = kref_read(&buf->base.refcount) > own ||
	       (buf->dmabuf && file_count(buf->dmabuf->file) > 1);
	mutex_unlock(&buf->lock);
	return held;
}

/**
 * vgpu_buffer_revoked() - whether the VMM unmapped the buffer's pages
 * @buf: the buffer
 *
 * Return: true once revoked; it never becomes valid again.
 */
bool vgpu_buffer_revoked(struct vgpu_buffer *buf)
{
	/*
	 * A one-way flag: a caller that reads it just before the revoke acts
	 * as if it came just after, which the revoke's zap covers anyway.
	 */
	return READ_ONCE(buf->revoked);
}

/**
 * vgpu_buffer_fd() - a new close-on-exec fd for the buffer's dma-buf
 * @buf: a buffer in the cache; the cache's lock must be held, so that it
 *	stays there until this returns (else the kept dma-buf would leak)
 *
 * Every call while the buffer is cached gives the same dma-buf.
 *
 * Return: the fd, or a negative errno.
 */
int vgpu_buffer_fd(struct vgpu_buffer *buf)
{
	struct dma_buf *dmabuf;
	int fd;

	mutex_lock(&buf->lock);
	if (!buf->dmabuf) {
		dmabuf = export_new(&buf->base);
		if (IS_ERR(dmabuf)) {
			mutex_unlock(&buf->lock);
			return PTR_ERR(dmabuf);
		}
		buf->dmabuf = dmabuf;
	}
	dmabuf = buf->dmabuf;
	get_dma_buf(dmabuf);
	mutex_unlock(&buf->lock);
	fd = dma_buf_fd(dmabuf, O_CLOEXEC);
	if (fd < 0)
		dma_buf_put(dmabuf);
	return fd;
}

/**
 * vgpu_buffer_import() - the buffer behind one of our own dma-bufs
 * @drm: the DRM device importing it
 * @dmabuf: any dma-buf
 *
 * PRIME expects a device's own dma-buf to come back as the same object.
 *
 * Return: the object with a new reference, or NULL when @dmabuf is not a
 * plane buffer of @drm.
 */
struct drm_gem_object *vgpu_buffer_import(struct drm_device *drm,
					  struct dma_buf *dmabuf)
{
	struct drm_gem_object *obj = dmabuf->priv;

	if (dmabuf->ops != &vgpu_dmabuf_ops || obj->dev != drm)
		return NULL;
	drm_gem_object_get(obj);
	return obj;
}

/**
 * vgpu_buffers_live() - how many plane buffers exist
 * @pages: set to the guest pages they hold
 *
 * Pending frees finish first, so a test reads a settled count.
 *
 * Return: the number of buffers.
 */
unsigned int vgpu_buffers_live(unsigned long *pages)
{
	flush_workqueue(vgpu_free_wq);
	*pages = atomic_long_read(&live_buffer_pages);
	return atomic_read(&live_buffers);
}

/**
 * vgpu_buffers_init() - set up what the buffers share: their free queue
 *
 * At module load, so that the queue outlives every buffer: a buffer holds
 * the DRM device and the VFIO device, but only its dma-buf and mappings
 * hold the module.
 *
 * Return: 0 or -ENOMEM.
 */
int vgpu_buffers_init(void)
{
	/*
	 * Unbound: a free needs no particular CPU, and 7.x warns about a
	 * queue that says neither this nor per-CPU.
	 */
	vgpu_free_wq = alloc_workqueue(VGPU_DRIVER_NAME, WQ_UNBOUND, 0);
	return vgpu_free_wq ? 0 : -ENOMEM;
}

/**
 * vgpu_buffers_fini() - finish every pending free, at module unload
 *
 * None can be held by user space then, as each dma-buf, DRM fd and mapping
 * holds the module.
 */
void vgpu_buffers_fini(void)
{
	destroy_workqueue(vgpu_free_wq);
}
