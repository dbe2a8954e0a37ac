// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu_kms: the guest's DRM/KMS driver for the vGPU of vgpu-display.
 *
 * Binds to the vGPU's PCI function (5647:4400), checks the PV page, and
 * registers an atomic KMS device: one pipe with a primary and a cursor
 * plane, a connector for the VMM's monitor, GEM shmem buffers placed in
 * the vGPU's GGTT, vblank and hotplug on the MSI, and fbdev emulation so
 * that the kernel console shows on it.
 */
#include <linux/dma-mapping.h>
#include <linux/module.h>
#include <linux/pci.h>
#include <drm/drm_atomic.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_gem_framebuffer_helper.h>
#include <drm/drm_managed.h>
#include <drm/drm_module.h>
#include <drm/drm_print.h>
#include <drm/drm_probe_helper.h>
#include <drm/drm_vblank.h>

#include "vgpu_kms_drv.h"

/* GGTT entries hold 39-bit guest physical addresses. */
#define VGPU_KMS_DMA_BITS	39

/*
 * Dumb buffers: rows padded to the 64 bytes PLANE_STRIDE counts in. The
 * shmem helper's own dumb_create would size them without that padding.
 */
static int vgpu_kms_dumb_create(struct drm_file *file, struct drm_device *drm,
				struct drm_mode_create_dumb *args)
{
	struct drm_gem_shmem_object *shmem;
	int ret;

	ret = drm_mode_size_dumb(drm, args,
				 vgpu_kms_pitch_align(DRM_FORMAT_MOD_LINEAR), 0);
	if (ret)
		return ret;
	shmem = drm_gem_shmem_create(drm, args->size);
	if (IS_ERR(shmem))
		return PTR_ERR(shmem);
	ret = drm_gem_handle_create(file, &shmem->base, &args->handle);
	/* The handle holds the object now. */
	drm_gem_object_put(&shmem->base);
	return ret;
}

DEFINE_DRM_GEM_FOPS(vgpu_kms_fops);

static const struct drm_driver vgpu_kms_driver = {
	/*
	 * A VNC viewer may draw the cursor at its own pointer, which needs
	 * the hotspot: from 6.8, atomic clients that do not promise to set
	 * one (DRM_CLIENT_CAP_CURSOR_PLANE_HOTSPOT) see no cursor plane.
	 */
	.driver_features = DRIVER_MODESET | DRIVER_GEM | DRIVER_ATOMIC |
			   DRIVER_CURSOR_HOTSPOT,
	.fops = &vgpu_kms_fops,
	.name = VGPU_KMS_NAME,
	.desc = "vgpu-display guest KMS driver",
	/*
	 * The DRM interface's version, not the release's (as the host
	 * module's DRM device): standard KMS, GEM, dumb buffers and PRIME.
	 */
	VGPU_KMS_DRM_DATE("20261130")
	.major = 1,
	.minor = 0,
	.gem_create_object = vgpu_kms_bo_create,
	.dumb_create = vgpu_kms_dumb_create,
	.gem_prime_import_sg_table = drm_gem_shmem_prime_import_sg_table,
	VGPU_KMS_PRIME_HOOKS
	VGPU_KMS_FBDEV_DRIVER_OPS
};

static const struct drm_mode_config_funcs vgpu_kms_mode_funcs = {
	.fb_create = drm_gem_fb_create,
	.atomic_check = drm_atomic_helper_check,
	.atomic_commit = drm_atomic_helper_commit,
};

/*
 * The pipe is enabled before the planes are updated, so that a modeset's
 * event is armed on a running vblank rather than sent at once. The commit
 * then waits for its flip events, not for a vblank within 100 ms as DRM's
 * own tails do: the vGPU's vblank is the VMM's timer and MSI, which a busy
 * host may deliver late, and DRM warns when such a wait times out. An
 * event comes at the vblank after the flip all the same.
 */
static void vgpu_kms_commit_tail(struct drm_atomic_commit *state)
{
	struct drm_device *drm = state->dev;

	drm_atomic_helper_commit_modeset_disables(drm, state);
	drm_atomic_helper_commit_modeset_enables(drm, state);
	drm_atomic_helper_commit_planes(drm, state, DRM_PLANE_COMMIT_ACTIVE_ONLY);
	drm_atomic_helper_commit_hw_done(state);
	drm_atomic_helper_wait_for_flip_done(drm, state);
	drm_atomic_helper_cleanup_planes(drm, state);
}

static const struct drm_mode_config_helper_funcs vgpu_kms_mode_helpers = {
	.atomic_commit_tail = vgpu_kms_commit_tail,
};

static int vgpu_kms_mode_config_init(struct vgpu_kms *kms)
{
	struct drm_device *drm = &kms->drm;
	int ret;

	ret = drmm_mode_config_init(drm);
	if (ret)
		return ret;
	drm->mode_config.min_width = 1;
	drm->mode_config.min_height = 1;
	drm->mode_config.max_width = kms->max_width;
	drm->mode_config.max_height = kms->max_height;
	/* The smallest cursor CURCNTR knows: 64x64 ARGB8888. */
	drm->mode_config.cursor_width = 64;
	drm->mode_config.cursor_height = 64;
	drm->mode_config.preferred_depth = 24;
	drm->mode_config.funcs = &vgpu_kms_mode_funcs;
	drm->mode_config.helper_private = &vgpu_kms_mode_helpers;
	return 0;
}

/* The PV page says what the vGPU is; refuse anything else at that id. */
static int vgpu_kms_check_device(struct vgpu_kms *kms)
{
	u32 magic = vgpu_kms_read(kms, VGPU_REG_PV_MAGIC);
	u32 version = vgpu_kms_read(kms, VGPU_REG_PV_VERSION);

	if (magic != VGPU_PV_MAGIC || version >> 16 != VGPU_PV_VERSION >> 16) {
		drm_err(&kms->drm, "not a vGPU this driver knows: magic %#x, version %#x\n",
			magic, version);
		return -ENODEV;
	}
	kms->max_width = min_t(u32, vgpu_kms_read(kms, VGPU_REG_PV_MAX_WIDTH),
			       VGPU_KMS_MAX_SIDE);
	kms->max_height = min_t(u32, vgpu_kms_read(kms, VGPU_REG_PV_MAX_HEIGHT),
				VGPU_KMS_MAX_SIDE);
	if (!kms->max_width || !kms->max_height) {
		drm_err(&kms->drm, "the vGPU reports no mode size\n");
		return -ENODEV;
	}
	return 0;
}

static int vgpu_kms_probe(struct pci_dev *pdev, const struct pci_device_id *id)
{
	struct vgpu_kms *kms;
	struct drm_device *drm;
	int ret;

	kms = devm_drm_dev_alloc(&pdev->dev, &vgpu_kms_driver, struct vgpu_kms, drm);
	if (IS_ERR(kms))
		return PTR_ERR(kms);
	drm = &kms->drm;

	ret = pcim_enable_device(pdev);
	if (ret)
		return ret;
	ret = pcim_iomap_regions(pdev, BIT(0), VGPU_KMS_NAME);
	if (ret)
		return ret;
	kms->mmio = pcim_iomap_table(pdev)[0];
	ret = vgpu_kms_check_device(kms);
	if (ret)
		return ret;
	ret = dma_set_mask_and_coherent(&pdev->dev, DMA_BIT_MASK(VGPU_KMS_DMA_BITS));
	if (ret)
		return ret;
	/* The vGPU reads the guest's memory: it is a bus master. */
	pci_set_master(pdev);

	ret = vgpu_kms_ggtt_init(kms);
	if (ret)
		return ret;
	ret = vgpu_kms_mode_config_init(kms);
	if (ret)
		return ret;
	ret = vgpu_kms_display_init(kms);
	if (ret)
		return ret;
	ret = vgpu_kms_connector_init(kms);
	if (ret)
		return ret;
	/* The frame counter is 32 bits and never skips back. */
	drm->max_vblank_count = U32_MAX;
	ret = drm_vblank_init(drm, 1);
	if (ret)
		return ret;
	/* After vblank init: the reset marks the dark pipe's vblank off. */
	drm_mode_config_reset(drm);
	ret = vgpu_kms_irq_init(kms);
	if (ret)
		return ret;

	pci_set_drvdata(pdev, drm);
	ret = drm_dev_register(drm, 0);
	if (ret) {
		vgpu_kms_irq_fini(kms);
		vgpu_kms_connector_fini(kms);
		return ret;
	}
	vgpu_kms_fbdev_setup(drm);
	return 0;
}

static void vgpu_kms_remove(struct pci_dev *pdev)
{
	struct drm_device *drm = pci_get_drvdata(pdev);
	struct vgpu_kms *kms = to_vgpu_kms(drm);

	/* No new access from user space; the ones under way are done. */
	drm_dev_unplug(drm);
	/*
	 * The device may stay (an unbind, not an unplug): it stops showing
	 * guest pages now, before DRM gives any buffer back. The pipe runs
	 * on until DRM has turned it off, as a flip under way ends at its
	 * next vblank: turned off first, it left that commit waiting (a
	 * "vblank wait timed out" WARN, 10 s for flip_done). DRM's own
	 * disable writes nothing once unplugged; the pipe goes off after.
	 */
	vgpu_kms_planes_off(kms);
	drm_atomic_helper_shutdown(drm);
	vgpu_kms_display_shutdown(kms);
	vgpu_kms_ggtt_shutdown(kms);
	vgpu_kms_irq_fini(kms);
	vgpu_kms_connector_fini(kms);
}

static void vgpu_kms_shutdown(struct pci_dev *pdev)
{
	drm_atomic_helper_shutdown(pci_get_drvdata(pdev));
}

static const struct pci_device_id vgpu_kms_pci_ids[] = {
	{ PCI_DEVICE(VGPU_PCI_VENDOR_ID, VGPU_PCI_DEVICE_ID) },
	{ }
};
MODULE_DEVICE_TABLE(pci, vgpu_kms_pci_ids);

static struct pci_driver vgpu_kms_pci_driver = {
	.name = VGPU_KMS_NAME,
	.id_table = vgpu_kms_pci_ids,
	.probe = vgpu_kms_probe,
	.remove = vgpu_kms_remove,
	.shutdown = vgpu_kms_shutdown,
};

drm_module_pci_driver(vgpu_kms_pci_driver);

MODULE_DESCRIPTION("vgpu-display guest KMS driver");
MODULE_LICENSE("GPL");
MODULE_VERSION(VGPU_VERSION);
