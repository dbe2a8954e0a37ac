/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where the kernels we build for differ: Debian 12's 6.1,
 * Debian 13's 6.12 and unstable's 7.x (README.md, "Kernels"). The rest of
 * the module is written once, against the newest API, and this header
 * gives the older kernels that API.
 *
 * Where the kernel's headers tell the difference, kernel/Kbuild probes
 * them (VGPU_HAVE_*): whether a header exists or declares a member. The
 * rest is decided by the kernel release, with the mainline release that
 * made the change named beside it: each of these APIs changed in one
 * release and stable kernels did not take the change back (Debian's 6.1
 * has .remove_new, which 6.1.y did take back, and the check below allows
 * for it). `make lint` excepts this file's release checks from
 * checkpatch's LINUX_VERSION_CODE warning, and only those.
 */
#ifndef VGPU_COMPAT_H
#define VGPU_COMPAT_H

#include <linux/eventfd.h>
#include <linux/hrtimer.h>
#include <linux/mm.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/version.h>
#include <linux/vfio.h>

#ifdef VGPU_HAVE_LINUX_UNALIGNED_H
#include <linux/unaligned.h>	/* 6.12 moved it out of asm/ */
#else
#include <asm/unaligned.h>
#endif

/* 6.3 made vma->vm_flags read-only, changed through these. */
#ifndef VGPU_HAVE_VM_FLAGS_SET
static inline void vm_flags_set(struct vm_area_struct *vma, vm_flags_t flags)
{
	vma->vm_flags |= flags;
}

static inline void vm_flags_clear(struct vm_area_struct *vma,
				  vm_flags_t flags)
{
	vma->vm_flags &= ~flags;
}
#endif

/* 6.8 dropped eventfd_signal()'s count, which was always 1 here. */
static inline void vgpu_eventfd_signal(struct eventfd_ctx *ctx)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 8, 0)
	eventfd_signal(ctx, 1);
#else
	eventfd_signal(ctx);
#endif
}

/* 6.13 added hrtimer_setup(); 6.16 removed hrtimer_init(). */
#ifndef VGPU_HAVE_HRTIMER_SETUP
static inline void hrtimer_setup(struct hrtimer *timer,
				 enum hrtimer_restart (*function)(struct hrtimer *),
				 clockid_t clock_id, enum hrtimer_mode mode)
{
	hrtimer_init(timer, clock_id, mode);
	timer->function = function;
}
#endif

/*
 * 6.2: the VFIO core frees a device after its release callback, which
 * before had to call vfio_free_device() itself.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#define vgpu_vfio_free_device(vdev) vfio_free_device(vdev)
#else
#define vgpu_vfio_free_device(vdev) do { } while (0)
#endif

/*
 * 6.19 (so its merge says; Debian's 7.2 has it) moved
 * VFIO_DEVICE_GET_REGION_INFO into the VFIO core, which asks
 * the driver's get_region_info_caps() and copies the answer out; before,
 * the driver's ioctl did all of it. vgpu_get_region_info() is that core
 * part, for the older kernels: the capability chain goes right after the
 * info, or the caller learns the size it needs from argsz.
 */
typedef int (*vgpu_region_info_fn)(struct vfio_device *vdev,
				   struct vfio_region_info *info,
				   struct vfio_info_cap *caps);

static inline long vgpu_get_region_info(struct vfio_device *vdev,
					struct vfio_region_info __user *arg,
					vgpu_region_info_fn fill)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info = {};
	struct vfio_info_cap caps = {};
	long ret;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	ret = fill(vdev, &info, &caps);
	if (ret)
		goto out;
	if (caps.size) {
		info.flags |= VFIO_REGION_INFO_FLAG_CAPS;
		if (info.argsz < sizeof(info) + caps.size) {
			info.argsz = sizeof(info) + caps.size;
			info.cap_offset = 0;
		} else {
			vfio_info_cap_shift(&caps, sizeof(info));
			if (copy_to_user(arg + 1, caps.buf, caps.size)) {
				ret = -EFAULT;
				goto out;
			}
			info.cap_offset = sizeof(info);
		}
	}
	if (copy_to_user(arg, &info, minsz))
		ret = -EFAULT;
out:
	kfree(caps.buf);
	return ret;
}

#ifdef VGPU_HAVE_GET_REGION_INFO_CAPS
#define VGPU_VFIO_REGION_INFO_OP(fn) .get_region_info_caps = (fn),
#else
/* A probe that missed would build a module whose regions all fail. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 19, 0)
#define VGPU_VFIO_REGION_INFO_OP(fn)
#else
#error "vgpu_display: kernel/Kbuild found no get_region_info_caps in <linux/vfio.h>"
#endif
#endif

/*
 * A kernel built with iommufd (6.2; Debian's are not) registers an
 * emulated-IOMMU device only with these, which pin and unmap through the
 * same vfio_pin_pages() and dma_unmap as the container does. Detaching
 * came in 6.6; 6.2 to 6.5 with iommufd are not supported. Untested here,
 * as no Debian kernel has CONFIG_IOMMUFD, and one difference is known:
 * iommufd unmaps all of the IOVA space when the device is unbound from
 * it, after close_device, so dma-bufs user space still holds then read as
 * the scratch page (with the container they keep the pages until freed).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
#define VGPU_VFIO_IOMMUFD_OPS
#else
#define VGPU_VFIO_IOMMUFD_OPS					\
	.bind_iommufd = vfio_iommufd_emulated_bind,		\
	.unbind_iommufd = vfio_iommufd_emulated_unbind,		\
	.attach_ioas = vfio_iommufd_emulated_attach_ioas,	\
	.detach_ioas = vfio_iommufd_emulated_detach_ioas,
#endif

/*
 * 6.11 made platform_driver.remove return void; until then the void
 * variant is .remove_new (6.3, and Debian's 6.1 through 6.1.y).
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
#define VGPU_PLATFORM_REMOVE(fn) .remove_new = (fn)
#else
#define VGPU_PLATFORM_REMOVE(fn) .remove = (fn)
#endif

/*
 * 6.6 gave every GEM driver the core's PRIME fd/handle conversion and
 * dma-buf mmap; before, a driver named them or had none. 6.14 dropped
 * drm_driver.date.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 6, 0)
#define VGPU_DRM_PRIME_HOOKS					\
	.prime_handle_to_fd = drm_gem_prime_handle_to_fd,	\
	.prime_fd_to_handle = drm_gem_prime_fd_to_handle,	\
	.gem_prime_mmap = drm_gem_prime_mmap,
#else
#define VGPU_DRM_PRIME_HOOKS
#endif
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 14, 0)
#define VGPU_DRM_DATE(d) .date = (d),
#else
#define VGPU_DRM_DATE(d)
#endif

/*
 * The dma-buf core kept an attachment's mapping when the exporter asked
 * for it (6.1 and 6.12; Debian's 7.2 no longer has the flag); now the
 * exporter's map_dma_buf runs on every dma_buf_map_attachment().
 */
#ifdef VGPU_HAVE_CACHE_SGT_MAPPING
#define VGPU_DMA_BUF_CACHE_SGT .cache_sgt_mapping = true,
#else
#define VGPU_DMA_BUF_CACHE_SGT
#endif

/* 6.13 made a module namespace a string literal. */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
#define VGPU_NS_DMA_BUF DMA_BUF
#else
#define VGPU_NS_DMA_BUF "DMA_BUF"
#endif

#endif /* VGPU_COMPAT_H */
