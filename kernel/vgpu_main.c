// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu_display: a virtual GPU whose display reaches the host as dma-buf.
 *
 * The module entry: a platform device is the mdev parent, and its mdev
 * types say how large a display and how much graphics memory each vGPU
 * gets. Graphics memory comes from one budget per module (total_gm_mib),
 * which is what available_instances reports.
 */
#include <linux/module.h>
#include <linux/platform_device.h>
#include <linux/sysfs.h>

#include "vgpu_drv.h"

static unsigned int total_gm_mib = 1024;
module_param(total_gm_mib, uint, 0444);
MODULE_PARM_DESC(total_gm_mib, "graphics memory shared by all vGPUs, in MiB");

static struct vgpu_type vgpu_types[] = {
	{
		.type.sysfs_name = "1920x1080",
		.type.pretty_name = "vGPU up to 1920x1080",
		.caps = { .max_width = 1920, .max_height = 1080,
			  .ggtt_entries = 8192 },		/* 32 MiB */
	}, {
		.type.sysfs_name = "3840x2160",
		.type.pretty_name = "vGPU up to 3840x2160",
		.caps = { .max_width = 3840, .max_height = 2160,
			  .ggtt_entries = 32768 },		/* 128 MiB */
	},
};

static struct mdev_type *vgpu_mdev_types[] = {
	&vgpu_types[0].type,
	&vgpu_types[1].type,
};

static struct mdev_parent vgpu_parent;
static struct platform_device *vgpu_pdev;
static struct drm_device *vgpu_drm;
static atomic_t gm_pages_free;

static struct vgpu_type *to_vgpu_type(struct mdev_type *mtype)
{
	return container_of(mtype, struct vgpu_type, type);
}

static bool gm_reserve(unsigned int pages)
{
	if (atomic_sub_return(pages, &gm_pages_free) >= 0)
		return true;
	atomic_add(pages, &gm_pages_free);
	return false;
}

static ssize_t pinned_pages_show(struct device *dev,
				 struct device_attribute *attr, char *buf)
{
	return sysfs_emit(buf, "%u\n",
			  vgpu_pinned_pages(dev_get_drvdata(dev), NULL));
}
static DEVICE_ATTR_RO(pinned_pages);

static ssize_t pins_total_show(struct device *dev,
			       struct device_attribute *attr, char *buf)
{
	u64 total;

	vgpu_pinned_pages(dev_get_drvdata(dev), &total);
	return sysfs_emit(buf, "%llu\n", total);
}
static DEVICE_ATTR_RO(pins_total);

static const char *const display_mode_names[] = {
	[VGPU_DISPLAY_DMABUF] = "dmabuf",
	[VGPU_DISPLAY_REGION] = "region",
};

static ssize_t display_show(struct device *dev, struct device_attribute *attr,
			    char *buf)
{
	return sysfs_emit(buf, "%s\n",
			  display_mode_names[vgpu_display_mode(dev_get_drvdata(dev))]);
}

/* Before the VMM opens the device, as mdevctl's --addattr writes it. */
static ssize_t display_store(struct device *dev, struct device_attribute *attr,
			     const char *buf, size_t count)
{
	int mode = sysfs_match_string(display_mode_names, buf);
	int ret;

	if (mode < 0)
		return mode;
	ret = vgpu_set_display_mode(dev_get_drvdata(dev), mode);
	return ret ? ret : count;
}
static DEVICE_ATTR_RW(display);

static struct attribute *vgpu_vendor_attrs[] = {
	&dev_attr_pinned_pages.attr,
	&dev_attr_pins_total.attr,
	&dev_attr_display.attr,
	NULL,
};

static const struct attribute_group vgpu_vendor_group = {
	.name = "vendor",
	.attrs = vgpu_vendor_attrs,
};

static int vgpu_mdev_probe(struct mdev_device *mdev)
{
	unsigned int pages = to_vgpu_type(mdev->type)->caps.ggtt_entries;
	struct vgpu *vgpu;
	int ret;

	if (!gm_reserve(pages))
		return -ENOSPC;
	vgpu = vgpu_create(mdev, vgpu_drm);
	if (IS_ERR(vgpu)) {
		atomic_add(pages, &gm_pages_free);
		return PTR_ERR(vgpu);
	}
	dev_set_drvdata(&mdev->dev, vgpu);
	/*
	 * Not the driver's dev_groups: when adding those fails, 6.1's driver
	 * core removes them anyway and WARNs (found by fail-nth).
	 */
	ret = sysfs_create_group(&mdev->dev.kobj, &vgpu_vendor_group);
	if (ret) {
		vgpu_destroy(vgpu);
		atomic_add(pages, &gm_pages_free);
	}
	return ret;
}

static void vgpu_mdev_remove(struct mdev_device *mdev)
{
	sysfs_remove_group(&mdev->dev.kobj, &vgpu_vendor_group);
	vgpu_destroy(dev_get_drvdata(&mdev->dev));
	atomic_add(to_vgpu_type(mdev->type)->caps.ggtt_entries, &gm_pages_free);
}

static unsigned int vgpu_mdev_available(struct mdev_type *mtype)
{
	int free = atomic_read(&gm_pages_free);

	return free > 0 ? free / to_vgpu_type(mtype)->caps.ggtt_entries : 0;
}

static ssize_t vgpu_mdev_description(struct mdev_type *mtype, char *buf)
{
	const struct vgpu_caps *caps = &to_vgpu_type(mtype)->caps;

	return sysfs_emit(buf, "display up to %ux%u, %u MiB graphics memory\n",
			  caps->max_width, caps->max_height,
			  caps->ggtt_entries >> (20 - VGPU_PAGE_SHIFT));
}

static struct mdev_driver vgpu_mdev_driver = {
	.device_api = VFIO_DEVICE_API_PCI_STRING,
	.driver = {
		.name = VGPU_DRIVER_NAME,
		.owner = THIS_MODULE,
		.mod_name = KBUILD_MODNAME,
	},
	.probe = vgpu_mdev_probe,
	.remove = vgpu_mdev_remove,
	.get_available = vgpu_mdev_available,
	.show_description = vgpu_mdev_description,
};

static int vgpu_parent_probe(struct platform_device *pdev)
{
	int ret;

	vgpu_drm = vgpu_drm_register(&pdev->dev);
	if (IS_ERR(vgpu_drm))
		return PTR_ERR(vgpu_drm);
	ret = mdev_register_parent(&vgpu_parent, &pdev->dev, &vgpu_mdev_driver,
				   vgpu_mdev_types,
				   ARRAY_SIZE(vgpu_mdev_types));
	if (ret)
		vgpu_drm_unregister(vgpu_drm);
	return ret;
}

/* Removes every vGPU, each waiting for its VMM to close it, then the DRM device. */
static void vgpu_parent_remove(struct platform_device *pdev)
{
	mdev_unregister_parent(&vgpu_parent);
	vgpu_drm_unregister(vgpu_drm);
}

/*
 * No bind/unbind files: unbinding would remove the DRM device and every
 * vGPU while user space still holds buffers, fds and mappings of them.
 * The parent goes only with the module, which those hold.
 */
static struct platform_driver vgpu_parent_driver = {
	.driver.name = VGPU_DRIVER_NAME,
	.driver.suppress_bind_attrs = true,
	.probe = vgpu_parent_probe,
	VGPU_PLATFORM_REMOVE(vgpu_parent_remove),
};

static int __init vgpu_module_init(void)
{
	int ret;

	atomic_set(&gm_pages_free, total_gm_mib << (20 - VGPU_PAGE_SHIFT));
	ret = vgpu_buffers_init();
	if (ret)
		return ret;
	ret = mdev_register_driver(&vgpu_mdev_driver);
	if (ret)
		goto err_buffers;
	ret = platform_driver_register(&vgpu_parent_driver);
	if (ret)
		goto err_mdev;
	vgpu_pdev = platform_device_register_simple(VGPU_DRIVER_NAME, -1,
						    NULL, 0);
	if (IS_ERR(vgpu_pdev)) {
		ret = PTR_ERR(vgpu_pdev);
		goto err_platform;
	}
	return 0;

err_platform:
	platform_driver_unregister(&vgpu_parent_driver);
err_mdev:
	mdev_unregister_driver(&vgpu_mdev_driver);
err_buffers:
	vgpu_buffers_fini();
	return ret;
}

static void __exit vgpu_module_exit(void)
{
	platform_device_unregister(vgpu_pdev);
	platform_driver_unregister(&vgpu_parent_driver);
	mdev_unregister_driver(&vgpu_mdev_driver);
	vgpu_buffers_fini();
}

module_init(vgpu_module_init);
module_exit(vgpu_module_exit);
MODULE_DESCRIPTION("Virtual GPU with a zero-copy dma-buf display over VFIO");
MODULE_LICENSE("GPL");
MODULE_VERSION(VGPU_VERSION);
MODULE_IMPORT_NS(VGPU_NS_DMA_BUF);
