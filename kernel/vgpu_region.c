// SPDX-License-Identifier: GPL-2.0
/*
 * The display region: region display mode's window on the guest's
 * framebuffer, for VMMs that show a plain surface instead of importing
 * dma-bufs (QEMU without OpenGL). Its byte 0 is the first pixel of the
 * primary plane the VMM last queried, and its pages are that plane
 * buffer's pinned guest pages, mapped as they are: no pixel is copied and
 * no page is pinned a second time. When a query finds another buffer (a
 * flip, a GGTT change), the VMM unmaps the buffer's memory, or the device
 * is reset or closed, every mapping of the region is zapped, so the next
 * access faults in the new pages, or the scratch page when nothing is
 * shown. QEMU queries before each refresh, so it always reads the plane
 * it was just told about.
 *
 * Zapping needs an address space of the vGPU's own range: the VFIO device
 * file shares one inode with every other VFIO device. So each mmap of the
 * region becomes a mapping of a new file whose address space is the
 * module's DRM device's, the one every plane buffer mapping lives in, at
 * a fake offset of its own. The offset belongs to an anchor GEM object
 * that is never given a handle, so DRM refuses to map it through the DRM
 * fd. The new file holds the VFIO device file, so a mapping keeps the
 * device open, as a BAR mapping of vfio-pci does: a mapping cannot see
 * the next VMM's guest.
 */
#include <drm/drm_drv.h>
#include <drm/drm_gem.h>
#include <drm/drm_vma_manager.h>
#include <linux/anon_inodes.h>
#include <linux/file.h>
#include <linux/fs.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "vgpu_drv.h"

static void anchor_free(struct drm_gem_object *obj)
{
	struct drm_device *drm = obj->dev;

	drm_gem_object_release(obj);
	kfree(obj);
	drm_dev_put(drm);
}

static const struct drm_gem_object_funcs anchor_funcs = {
	.free = anchor_free,
};

/**
 * vgpu_region_init() - a vGPU's region, showing nothing
 * @r: the region, zeroed
 * @drm: the module's DRM device, in whose address space it is mapped
 * @size: its size in bytes, page aligned
 *
 * vgpu_region_fini() undoes it, also after a failure.
 *
 * Return: 0, -ENOMEM, or -ENOSPC when the DRM device has no fake offset
 * range left.
 */
int vgpu_region_init(struct vgpu_region *r, struct drm_device *drm, u64 size)
{
	struct drm_gem_object *anchor;
	int ret;

	mutex_init(&r->lock);
	r->size = size;
	r->mapping = drm->anon_inode->i_mapping;
	r->scratch = alloc_page(GFP_KERNEL | __GFP_ZERO);
	anchor = kzalloc(sizeof(*anchor), GFP_KERNEL);
	if (!r->scratch || !anchor) {
		kfree(anchor);
		return -ENOMEM;
	}
	drm_gem_private_object_init(drm, anchor, size);
	anchor->funcs = &anchor_funcs;
	drm_dev_get(drm);
	ret = drm_gem_create_mmap_offset(anchor);
	if (ret) {
		/* Frees it, and puts the device. */
		drm_gem_object_put(anchor);
		return ret;
	}
	r->anchor = anchor;
	return 0;
}

/**
 * vgpu_region_fini() - free a region that nothing maps any more
 * @r: the region, showing nothing: every mapping holds the VFIO device
 *	open, and closing it emptied the region
 */
void vgpu_region_fini(struct vgpu_region *r)
{
	if (r->anchor)
		drm_gem_object_put(r->anchor);
	if (r->scratch)
		__free_page(r->scratch);
	mutex_destroy(&r->lock);
}

static void zap_locked(struct vgpu_region *r)
{
	drm_vma_node_unmap(&r->anchor->vma_node, r->mapping);
}

/**
 * vgpu_region_show() - make a buffer the region's pages
 * @r: the region
 * @buf: the primary plane's buffer, or NULL to show the scratch page
 *
 * Takes a reference on @buf. A change zaps every mapping of the region.
 *
 * Return: the buffer shown before, whose reference the caller drops with
 * vgpu_buffer_put() once no lock of the vGPU is held, or NULL.
 */
struct vgpu_buffer *vgpu_region_show(struct vgpu_region *r,
				     struct vgpu_buffer *buf)
{
	struct vgpu_buffer *old;

	mutex_lock(&r->lock);
	old = r->buf;
	if (old == buf) {
		old = NULL;
	} else {
		if (buf)
			drm_gem_object_get(&buf->base);
		r->buf = buf;
		zap_locked(r);
	}
	mutex_unlock(&r->lock);
	return old;
}

/**
 * vgpu_region_drop_stale() - stop showing a buffer the VMM unmapped
 * @r: the region
 *
 * Called after the VMM's unmap revoked buffers, before its ioctl returns,
 * so that no mapping of the region reaches memory the guest no longer has.
 *
 * Return: as vgpu_region_show().
 */
struct vgpu_buffer *vgpu_region_drop_stale(struct vgpu_region *r)
{
	struct vgpu_buffer *old = NULL;

	mutex_lock(&r->lock);
	if (r->buf && vgpu_buffer_revoked(r->buf)) {
		old = r->buf;
		r->buf = NULL;
		zap_locked(r);
	}
	mutex_unlock(&r->lock);
	return old;
}

/**
 * vgpu_region_read() - read the region as its mapping shows it
 * @r: the region
 * @off: where, in bytes; @off + @len stays within one page
 * @out: the bytes
 * @len: how many
 */
void vgpu_region_read(struct vgpu_region *r, u64 off, u8 *out, u32 len)
{
	mutex_lock(&r->lock);
	if (r->buf && off >> PAGE_SHIFT < vgpu_buffer_pages(r->buf))
		vgpu_buffer_read(r->buf, off, out, len);
	else
		memset(out, 0, len);
	mutex_unlock(&r->lock);
}

static vm_fault_t region_fault(struct vm_fault *vmf)
{
	struct vm_area_struct *vma = vmf->vma;
	struct vgpu_region *r = vma->vm_private_data;
	pgoff_t base = drm_vma_node_start(&r->anchor->vma_node);
	pgoff_t first = vma->vm_pgoff - base, at = vmf->pgoff - base;
	vm_fault_t ret = VM_FAULT_NOPAGE;
	u32 pages;

	mutex_lock(&r->lock);
	pages = r->buf ? vgpu_buffer_pages(r->buf) : 0;
	if (first < pages)
		ret = vgpu_buffer_map(r->buf, vma, first);
	/* Past the plane: a hole, which reads as zeros. */
	if (ret == VM_FAULT_NOPAGE && at >= pages)
		ret = vmf_insert_pfn(vma, vmf->address, page_to_pfn(r->scratch));
	mutex_unlock(&r->lock);
	return ret;
}

static const struct vm_operations_struct region_vm_ops = {
	.fault = region_fault,
};

/* The last mapping is gone: let go of the VFIO device it kept open. */
static int region_file_release(struct inode *inode, struct file *file)
{
	fput(file->private_data);
	return 0;
}

static const struct file_operations region_fops = {
	.owner = THIS_MODULE,
	.release = region_file_release,
};

/**
 * vgpu_region_mmap() - map the display region
 * @vgpu: the vGPU whose region it is
 * @vma: the mapping asked for on the VFIO device fd; @vma->vm_pgoff is
 *	the page offset within the region
 *
 * The region is read-only and not executable: the VMM shows the guest's
 * pixels and has its own mapping of guest memory for anything else.
 *
 * Return: 0, -EINVAL for a private mapping or one past the region's end,
 * -EACCES for a writable or executable one, or another negative errno.
 */
int vgpu_region_mmap(struct vgpu *vgpu, struct vm_area_struct *vma)
{
	struct vgpu_region *r = &vgpu->region;
	u64 pages = r->size >> PAGE_SHIFT;
	struct file *file;

	if (is_cow_mapping(vma->vm_flags))
		return -EINVAL;
	if (vma->vm_pgoff >= pages ||
	    vma_pages(vma) > pages - vma->vm_pgoff)
		return -EINVAL;
	if (vma->vm_flags & (VM_WRITE | VM_EXEC))
		return -EACCES;

	/* It takes a module reference for the file's life, and holds ours. */
	file = anon_inode_getfile("[vgpu_display-region]", &region_fops,
				  get_file(vma->vm_file), O_RDONLY);
	if (IS_ERR(file)) {
		fput(vma->vm_file);
		return PTR_ERR(file);
	}
	file->f_mapping = r->mapping;
	vma_set_file(vma, file);
	fput(file);

	vma->vm_pgoff += drm_vma_node_start(&r->anchor->vma_node);
	vm_flags_set(vma, VM_PFNMAP | VM_DONTEXPAND | VM_DONTDUMP);
	vm_flags_clear(vma, VM_MAYWRITE | VM_MAYEXEC);
	vma->vm_page_prot = vm_get_page_prot(vma->vm_flags);
	vma->vm_private_data = r;
	vma->vm_ops = &region_vm_ops;
	return 0;
}
