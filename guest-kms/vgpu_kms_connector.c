// SPDX-License-Identifier: GPL-2.0
/*
 * The vGPU's one port and the monitor the VMM puts on it: connected while
 * the VMM's link is up (PV_MONITOR), with the EDID the VMM wrote, read
 * through the BAR0 window. A change of either raises the hotplug interrupt,
 * which becomes a hotplug uevent here.
 */
#include <linux/io.h>
#include <linux/string.h>
#include <drm/drm_drv.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_edid.h>
#include <drm/drm_modeset_helper_vtables.h>
#include <drm/drm_probe_helper.h>

#include "vgpu_kms_drv.h"

/* Without an EDID: the modes that fit, and a common one preferred. */
#define FALLBACK_WIDTH	1024
#define FALLBACK_HEIGHT	768

static struct vgpu_kms *connector_to_kms(struct drm_connector *connector)
{
	return container_of(connector, struct vgpu_kms, connector);
}

/* drm_edid_read_custom()'s reader: one block from the window. */
static int read_edid_block(void *context, u8 *buf, unsigned int block,
			   size_t len)
{
	struct vgpu_kms *kms = context;
	size_t off = (size_t)block * EDID_LENGTH;
	size_t i;
	__le32 dw;

	if (off + len > VGPU_EDID_MAX_SIZE || len % 4)
		return -EINVAL;
	for (i = 0; i < len; i += 4) {
		dw = cpu_to_le32(readl(kms->mmio + VGPU_EDID_WINDOW + off + i));
		memcpy(buf + i, &dw, sizeof(dw));
	}
	return 0;
}

static int connector_get_modes(struct drm_connector *connector)
{
	struct vgpu_kms *kms = connector_to_kms(connector);
	const struct drm_edid *drm_edid = NULL;
	int count, idx;

	/* A probe may race an unbind: no BAR access once it began. */
	if (drm_dev_enter(connector->dev, &idx)) {
		if (vgpu_kms_read(kms, VGPU_REG_PV_MONITOR) & VGPU_MONITOR_CONNECTED)
			drm_edid = drm_edid_read_custom(connector, read_edid_block, kms);
		drm_dev_exit(idx);
	}
	/* Also clears the EDID property when there is none. */
	count = vgpu_kms_edid_update_modes(connector, drm_edid);
	drm_edid_free(drm_edid);
	if (count)
		return count;

	/* A VMM that writes no usable EDID still gets a picture. */
	count = drm_add_modes_noedid(connector, kms->max_width, kms->max_height);
	drm_set_preferred_mode(connector, FALLBACK_WIDTH, FALLBACK_HEIGHT);
	return count;
}

static enum drm_mode_status
connector_mode_valid(struct drm_connector *connector,
		     VGPU_KMS_CONNECTOR_MODE_CONST struct drm_display_mode *mode)
{
	struct vgpu_kms *kms = connector_to_kms(connector);

	if (mode->hdisplay > kms->max_width)
		return MODE_VIRTUAL_X;
	if (mode->vdisplay > kms->max_height)
		return MODE_VIRTUAL_Y;
	return MODE_OK;
}

static int connector_detect(struct drm_connector *connector,
			    struct drm_modeset_acquire_ctx *ctx, bool force)
{
	struct vgpu_kms *kms = connector_to_kms(connector);
	int status = connector_status_disconnected;
	int idx;

	if (drm_dev_enter(connector->dev, &idx)) {
		if (vgpu_kms_read(kms, VGPU_REG_PV_MONITOR) & VGPU_MONITOR_CONNECTED)
			status = connector_status_connected;
		drm_dev_exit(idx);
	}
	return status;
}

static const struct drm_connector_helper_funcs connector_helper_funcs = {
	.get_modes = connector_get_modes,
	.mode_valid = connector_mode_valid,
	.detect_ctx = connector_detect,
};

static const struct drm_connector_funcs connector_funcs = {
	.fill_modes = drm_helper_probe_single_connector_modes,
	.destroy = drm_connector_cleanup,
	.reset = drm_atomic_helper_connector_reset,
	.atomic_duplicate_state = drm_atomic_helper_connector_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_connector_destroy_state,
};

/*
 * Every hotplug interrupt is reported: QEMU changes an EDID by taking the
 * link down and up again, and a probe that came late would see the link
 * up both times and miss the new modes.
 */
static void hotplug_work(struct work_struct *work)
{
	struct vgpu_kms *kms = container_of(work, struct vgpu_kms, hotplug_work);

	drm_kms_helper_hotplug_event(&kms->drm);
}

/**
 * vgpu_kms_hotplug() - the monitor changed: tell user space, from a worker
 * @kms: the vGPU
 *
 * Context: any, the interrupt handler's included.
 */
void vgpu_kms_hotplug(struct vgpu_kms *kms)
{
	schedule_work(&kms->hotplug_work);
}

/**
 * vgpu_kms_connector_init() - create the connector, on the encoder
 * @kms: the vGPU, its encoder created
 *
 * Return: 0 or what DRM's init functions returned.
 */
int vgpu_kms_connector_init(struct vgpu_kms *kms)
{
	struct drm_connector *connector = &kms->connector;
	int ret;

	INIT_WORK(&kms->hotplug_work, hotplug_work);
	ret = drm_connector_init(&kms->drm, connector, &connector_funcs,
				 DRM_MODE_CONNECTOR_VIRTUAL);
	if (ret)
		return ret;
	drm_connector_helper_add(connector, &connector_helper_funcs);
	/*
	 * DRM gives a Virtual connector no EDID property, but ours has a
	 * monitor with an EDID that clients want to read (virtio-gpu does
	 * the same); without it the EDID's modes would still be there.
	 */
	drm_connector_attach_edid_property(connector);
	connector->polled = DRM_CONNECTOR_POLL_HPD;
	return drm_connector_attach_encoder(connector, &kms->encoder);
}

/**
 * vgpu_kms_connector_fini() - no more hotplug reports
 * @kms: the vGPU, its interrupt freed
 */
void vgpu_kms_connector_fini(struct vgpu_kms *kms)
{
	cancel_work_sync(&kms->hotplug_work);
}
