/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The one place where the kernels vgpu_kms builds for differ: Debian 12's
 * 6.1, Debian 13's 6.12 and unstable's 7.x. The rest of the driver is
 * written once, against the newest DRM API, and this header gives the
 * older kernels that API, as kernel/vgpu_compat.h does for the host.
 *
 * Where the kernel's headers tell the difference, guest-kms/Kbuild
 * probes them (VGPU_KMS_HAVE_*): whether a header exists or declares a
 * member. The rest is decided by the kernel release, with the mainline
 * release that made the change named beside it. Not by __has_include():
 * sparse (0.6.4, Debian 12's and 13's) cannot parse it. `make lint`
 * excepts the release checks in this file from checkpatch's
 * LINUX_VERSION_CODE findings, and nothing else.
 */
#ifndef VGPU_KMS_COMPAT_H
#define VGPU_KMS_COMPAT_H

#include <linux/kernel.h>
#include <linux/version.h>
#include <drm/drm_atomic.h>
#include <drm/drm_device.h>
#include <drm/drm_drv.h>
#include <drm/drm_edid.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem_shmem_helper.h>
#include <drm/drm_plane.h>
#include <drm/drm_prime.h>

/*
 * By 7.2 (Debian's has it, 6.12 not) struct drm_atomic_state, the object
 * states a commit goes from and to, became struct drm_atomic_commit. The
 * function drm_atomic_commit() kept its name, which this macro would spoil
 * on older kernels: the driver does not call it. <drm/drm_atomic.h>, above, is the one header
 * that declares it, so it is parsed before the macro exists.
 */
#ifndef VGPU_KMS_HAVE_ATOMIC_COMMIT
#define drm_atomic_commit drm_atomic_state
#endif

/*
 * 6.8 moved the cursor's hotspot from the framebuffer, where only a legacy
 * SetCursor2 put it, to the plane state, where SetCursor2 and the atomic
 * HOTSPOT_X/Y properties put it; a driver asks for those properties with
 * DRIVER_CURSOR_HOTSPOT. The flag means nothing before 6.8.
 */
#ifndef VGPU_KMS_HAVE_CURSOR_HOTSPOT
#define DRIVER_CURSOR_HOTSPOT 0

static inline s32 vgpu_kms_hotspot_x(const struct drm_plane_state *state)
{
	return state->fb->hot_x;
}

static inline s32 vgpu_kms_hotspot_y(const struct drm_plane_state *state)
{
	return state->fb->hot_y;
}
#else
static inline s32 vgpu_kms_hotspot_x(const struct drm_plane_state *state)
{
	return state->hotspot_x;
}

static inline s32 vgpu_kms_hotspot_y(const struct drm_plane_state *state)
{
	return state->hotspot_y;
}
#endif

/*
 * Until 6.3, drm_edid_connector_update() also added the EDID's modes to
 * the connector and returned how many; 6.3 left it the EDID property and
 * the display info (returning 0 or an error) and moved the modes to
 * drm_edid_connector_add_modes(). Called alone on a newer kernel it
 * returns 0, which the driver took for "no EDID modes": it offered its
 * fallback list instead of the monitor's (t_guest_kms.sh, on 6.12).
 * vgpu_kms_edid_update_modes() does both on either: the number of modes
 * it added, 0 for none.
 */
static inline int vgpu_kms_edid_update_modes(struct drm_connector *connector,
					     const struct drm_edid *drm_edid)
{
#ifdef VGPU_KMS_HAVE_EDID_ADD_MODES
	if (drm_edid_connector_update(connector, drm_edid))
		return 0;
	return drm_edid_connector_add_modes(connector);
#else
	return drm_edid_connector_update(connector, drm_edid);
#endif
}

/*
 * 6.14 made a connector's mode_valid() take a const mode. Ours never
 * changed it; before 6.14 it leaves out the qualifier the hook lacks.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 14, 0)
#define VGPU_KMS_CONNECTOR_MODE_CONST
#else
#define VGPU_KMS_CONNECTOR_MODE_CONST const
#endif

/*
 * 6.6 gave every GEM driver the core's PRIME fd/handle conversion and
 * dma-buf mmap; before, a driver named them or had none. 6.14 dropped
 * drm_driver.date.
 */
#ifdef VGPU_KMS_HAVE_GEM_PRIME_MMAP
#define VGPU_KMS_PRIME_HOOKS					\
	.prime_handle_to_fd = drm_gem_prime_handle_to_fd,	\
	.prime_fd_to_handle = drm_gem_prime_fd_to_handle,	\
	.gem_prime_mmap = drm_gem_prime_mmap,
#else
#define VGPU_KMS_PRIME_HOOKS
#endif
#ifdef VGPU_KMS_HAVE_DRM_DATE
#define VGPU_KMS_DRM_DATE(d) .date = (d),
#else
#define VGPU_KMS_DRM_DATE(d)
#endif

/*
 * The fbdev emulation, at 32 bpp, on the driver's own dumb buffers. 6.2
 * gave drm_fbdev_generic_setup() a header; 6.11 split the generic fbdev
 * into one per memory manager; 6.12 added drm_client_setup(), which from
 * 6.13 starts the shmem one through &drm_driver.fbdev_probe; 6.14 moved
 * its header to drm/clients/.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 2, 0)
#include <drm/drm_fb_helper.h>
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
#include <drm/drm_fbdev_generic.h>
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
#include <drm/drm_fbdev_shmem.h>
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 14, 0)
#include <drm/drm_client_setup.h>
#include <drm/drm_fbdev_shmem.h>
#else
#include <drm/clients/drm_client_setup.h>
#include <drm/drm_fbdev_shmem.h>
#endif

#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
#define VGPU_KMS_FBDEV_DRIVER_OPS
#else
#define VGPU_KMS_FBDEV_DRIVER_OPS DRM_FBDEV_SHMEM_DRIVER_OPS,
#endif

static inline void vgpu_kms_fbdev_setup(struct drm_device *drm)
{
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 11, 0)
	drm_fbdev_generic_setup(drm, 32);
#elif LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0)
	drm_fbdev_shmem_setup(drm, 32);
#else
	drm_client_setup_with_color_mode(drm, 32);
#endif
}

/*
 * 6.19 added drm_mode_size_dumb() and made the GEM helpers' dumb_create
 * size a buffer with it, over whatever pitch the driver had set; before,
 * they kept the driver's. Before it, the sizes this driver always gave:
 * the packed row padded to @hw_pitch_align, the buffer to whole pages.
 */
#ifndef VGPU_KMS_HAVE_DUMB_BUFFERS_H
static inline int drm_mode_size_dumb(struct drm_device *dev,
				     struct drm_mode_create_dumb *args,
				     unsigned long hw_pitch_align,
				     unsigned long hw_size_align)
{
	u64 pitch, size;

	if (!args->width || !args->height || !args->bpp)
		return -EINVAL;
	pitch = ALIGN(DIV_ROUND_UP((u64)args->width * args->bpp, 8),
		      hw_pitch_align ?: 1);
	size = ALIGN(pitch * args->height, hw_size_align ?: PAGE_SIZE);
	if (pitch > U32_MAX || size > U32_MAX)
		return -EINVAL;
	args->pitch = pitch;
	args->size = size;
	return 0;
}
#else
#include <drm/drm_dumb_buffers.h>
#endif

#endif /* VGPU_KMS_COMPAT_H */
