// SPDX-License-Identifier: GPL-2.0
/*
 * The module's DRM device: GEM only, no modesetting. It exists for
 * renderers without a GPU. Mesa's kms_swrast (QEMU's egl-headless display)
 * imports a dma-buf into its own DRM fd over PRIME and then maps it with
 * DRM_IOCTL_MODE_MAP_DUMB and mmap on that fd, never through the dma-buf
 * itself. Our plane buffers (vgpu_gem.c) come back from that import as the
 * same objects, so the map reaches the guest's pages.
 *
 * Dumb buffers, which the renderer allocates for itself, are GEM shmem
 * objects. A dma-buf of another exporter (the mbochs sample's, for one)
 * becomes a shmem object over its scatter list, and its dumb map forwards
 * to the exporter's mmap, which DRM's stock dumb map refuses to do: so our
 * node can be the render node of any vfio display on a GPU-less host.
 */
#include <drm/drm_drv.h>
#include <drm/drm_file.h>
#include <drm/drm_gem.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_ioctl.h>
#include <drm/drm_prime.h>
#include <linux/debugfs.h>
#include <linux/dma-buf.h>
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/slab.h>

#include "vgpu_drv.h"

static struct dentry *vgpu_debugfs;

/*
 * An exporter's mmap need not set VM_DONTEXPAND (mbochs's does not), but
 * DRM warns about any GEM mapping without it. Mappings of a foreign buffer
 * are the exporter's, so setting the flag here only forbids growing them.
 */
static int vgpu_shmem_mmap(struct drm_gem_object *obj,
			   struct vm_area_struct *vma)
{
	bool imported = obj->import_attach;
	int ret;

	ret = drm_gem_shmem_mmap(to_drm_gem_shmem_obj(obj), vma);
	if (!ret && imported)
		vm_flags_set(vma, VM_DONTEXPAND);
	return ret;
}

static const struct drm_gem_object_funcs vgpu_shmem_funcs = {
	.free = drm_gem_shmem_object_free,
	.print_info = drm_gem_shmem_object_print_info,
	.pin = drm_gem_shmem_object_pin,
	.unpin = drm_gem_shmem_object_unpin,
	.get_sg_table = drm_gem_shmem_object_get_sg_table,
	.vmap = drm_gem_shmem_object_vmap,
	.vunmap = drm_gem_shmem_object_vunmap,
	.mmap = vgpu_shmem_mmap,
	.vm_ops = &drm_gem_shmem_vm_ops,
};

static struct drm_gem_object *
vgpu_shmem_create_object(struct drm_device *dev, size_t size)
{
	struct drm_gem_shmem_object *shmem;

	shmem = kzalloc(sizeof(*shmem), GFP_KERNEL);
	if (!shmem)
		return ERR_PTR(-ENOMEM);
	shmem->base.funcs = &vgpu_shmem_funcs;
	return &shmem->base;
}

/* Unlike DRM's own, this one maps imported objects too; see the top. */
static int vgpu_dumb_map_offset(struct drm_file *file, struct drm_device *dev,
				u32 handle, u64 *offset)
{
	struct drm_gem_object *obj;
	int ret;

	obj = drm_gem_object_lookup(file, handle);
	if (!obj)
		return -ENOENT;
	ret = drm_gem_create_mmap_offset(obj);
	if (!ret)
		*offset = drm_vma_node_offset_addr(&obj->vma_node);
	drm_gem_object_put(obj);
	return ret;
}

static struct drm_gem_object *vgpu_prime_import(struct drm_device *dev,
						struct dma_buf *dmabuf)
{
	struct drm_gem_object *obj = vgpu_buffer_import(dev, dmabuf);

	return obj ? obj : drm_gem_prime_import(dev, dmabuf);
}

DEFINE_DRM_GEM_FOPS(vgpu_drm_fops);

static const struct drm_driver vgpu_drm_driver = {
	.driver_features = DRIVER_GEM | DRIVER_RENDER,
	.fops = &vgpu_drm_fops,
	.gem_create_object = vgpu_shmem_create_object,
	.dumb_create = drm_gem_shmem_dumb_create,
	.dumb_map_offset = vgpu_dumb_map_offset,
	.gem_prime_import = vgpu_prime_import,
	.gem_prime_import_sg_table = drm_gem_shmem_prime_import_sg_table,
	VGPU_DRM_PRIME_HOOKS
	.name = VGPU_DRIVER_NAME,
	.desc = "vGPU display buffers",
	/*
	 * The version of this DRM device's interface (GEM, dumb buffers,
	 * PRIME), not the release's (MODULE_VERSION): it changes only when
	 * what user space may do with the node does. The date is when 1.0
	 * was defined.
	 */
	VGPU_DRM_DATE("20261125")
	.major = 1,
	.minor = 0,
};

static int live_buffers_get(void *data, u64 *val)
{
	unsigned long pages;

	*val = vgpu_buffers_live(&pages);
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(live_buffers_fops, live_buffers_get, NULL, "%llu\n");

static int live_buffer_pages_get(void *data, u64 *val)
{
	unsigned long pages;

	vgpu_buffers_live(&pages);
	*val = pages;
	return 0;
}
DEFINE_DEBUGFS_ATTRIBUTE(live_buffer_pages_fops, live_buffer_pages_get, NULL,
			 "%llu\n");

/**
 * vgpu_drm_register() - create the module's DRM device
 * @parent: the platform device it hangs off
 *
 * Return: the device, or an ERR_PTR.
 */
struct drm_device *vgpu_drm_register(struct device *parent)
{
	struct drm_device *drm;
	int ret;

	/* Importers' scatter lists are "mapped" for the CPU: no bouncing. */
	ret = dma_coerce_mask_and_coherent(parent, DMA_BIT_MASK(64));
	if (ret)
		return ERR_PTR(ret);
	drm = drm_dev_alloc(&vgpu_drm_driver, parent);
	if (IS_ERR(drm))
		return drm;
	ret = drm_dev_register(drm, 0);
	if (ret) {
		drm_dev_put(drm);
		return ERR_PTR(ret);
	}
	vgpu_debugfs = debugfs_create_dir(VGPU_DRIVER_NAME, NULL);
	debugfs_create_file_unsafe("live_buffers", 0444, vgpu_debugfs, NULL,
				   &live_buffers_fops);
	debugfs_create_file_unsafe("live_buffer_pages", 0444, vgpu_debugfs,
				   NULL, &live_buffer_pages_fops);
	return drm;
}

/**
 * vgpu_drm_unregister() - remove the DRM device once no vGPU is left
 * @drm: the device vgpu_drm_register() made
 *
 * Only at module unload (the parent cannot be unbound), when no buffer is
 * held by user space: each dma-buf, DRM fd and mapping holds the module.
 * Buffers still queued for freeing hold their own reference on @drm.
 */
void vgpu_drm_unregister(struct drm_device *drm)
{
	debugfs_remove_recursive(vgpu_debugfs);
	drm_dev_unregister(drm);
	drm_dev_put(drm);
}
