// SPDX-License-Identifier: GPL-2.0
/*
 * The vGPU's one pipe as KMS sees it: a CRTC with a primary and a cursor
 * plane, and a stand-in encoder. Atomic throughout; the register values
 * come from the pure encoder (vgpu_kms_regs.c).
 *
 * A write of PLANE_SURF shows the new surface at once; the vGPU reports
 * vblanks at 60 Hz while the pipe is on, and page-flip events are sent at
 * the vblank after the commit, so clients are paced at the refresh rate.
 */
#include <drm/drm_atomic.h>
#include <drm/drm_atomic_helper.h>
#include <drm/drm_drv.h>
#include <drm/drm_fourcc.h>
#include <drm/drm_framebuffer.h>
#include <drm/drm_gem_atomic_helper.h>
#include <drm/drm_gem_framebuffer_helper.h>
#include <drm/drm_print.h>
#include <drm/drm_simple_kms_helper.h>
#include <drm/drm_vblank.h>

#include "vgpu_kms_drv.h"

static const u32 cursor_formats[] = { DRM_FORMAT_ARGB8888 };
static const u64 cursor_modifiers[] = {
	DRM_FORMAT_MOD_LINEAR, DRM_FORMAT_MOD_INVALID,
};

/* Where the shown part of @state's framebuffer starts in its buffer. */
static u64 fb_start(const struct drm_plane_state *state)
{
	const struct drm_framebuffer *fb = state->fb;

	return fb->offsets[0] + (u64)(state->src.y1 >> 16) * fb->pitches[0] +
	       (u64)(state->src.x1 >> 16) * fb->format->cpp[0];
}

/*
 * What @state asks the primary plane to show, in the encoder's terms, its
 * surface @base bytes into graphics memory.
 */
static void primary_setup(const struct drm_plane_state *state, u64 base,
			  struct vgpu_kms_primary *p)
{
	*p = (struct vgpu_kms_primary){
		.fourcc = state->fb->format->format,
		.modifier = state->fb->modifier,
		.width = drm_rect_width(&state->dst),
		.height = drm_rect_height(&state->dst),
		.pitch = state->fb->pitches[0],
		.gaddr = base + fb_start(state),
	};
}

static int primary_check(struct drm_plane *plane, struct drm_atomic_commit *state)
{
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);
	struct drm_framebuffer *fb = new->fb;
	struct drm_crtc_state *crtc_state = NULL;
	struct vgpu_kms_primary_regs regs;
	struct vgpu_kms_primary p;
	u32 rows;
	int ret;

	if (new->crtc)
		crtc_state = drm_atomic_get_new_crtc_state(state, new->crtc);
	/* The plane covers the pipe, unscaled: the vGPU positions no plane. */
	ret = drm_atomic_helper_check_plane_state(new, crtc_state,
						  DRM_PLANE_NO_SCALING,
						  DRM_PLANE_NO_SCALING,
						  false, true);
	if (ret || !fb)
		return ret;
	/* Placed off the pipe it would show nothing, and the vGPU can't. */
	if (!new->visible)
		return crtc_state && crtc_state->enable ? -EINVAL : 0;

	/*
	 * Whatever the encoder refuses: a pitch PLANE_STRIDE cannot hold, a
	 * first pixel that does not start a page (PLANE_SURF takes pages and
	 * PLANE_OFFSET stays 0). A tiled surface is shown from its start.
	 */
	primary_setup(new, 0, &p);
	if (fb->format->num_planes != 1 || vgpu_kms_primary_encode(&p, &regs))
		return -EINVAL;
	if (fb->modifier != DRM_FORMAT_MOD_LINEAR && (new->src.x1 || new->src.y1))
		return -EINVAL;
	/* The vGPU reads whole rows of tiles, and whole pages. */
	rows = fb->modifier == I915_FORMAT_MOD_X_TILED ? ALIGN(p.height, 8) : p.height;
	if (PAGE_ALIGN(p.gaddr + (u64)p.pitch * rows) > drm_gem_fb_get_obj(fb, 0)->size)
		return -EINVAL;
	return 0;
}

static int cursor_check(struct drm_plane *plane, struct drm_atomic_commit *state)
{
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);
	struct drm_framebuffer *fb = new->fb;
	struct drm_crtc_state *crtc_state = NULL;
	int ret;

	if (new->crtc)
		crtc_state = drm_atomic_get_new_crtc_state(state, new->crtc);
	ret = drm_atomic_helper_check_plane_state(new, crtc_state,
						  DRM_PLANE_NO_SCALING,
						  DRM_PLANE_NO_SCALING,
						  true, true);
	if (ret || !fb)
		return ret;

	/* CURCNTR knows whole squares of 64, 128 or 256, read from the top. */
	if (fb->width != fb->height ||
	    (fb->width != 64 && fb->width != 128 && fb->width != 256) ||
	    fb->pitches[0] != fb->width * 4 || fb->offsets[0] % VGPU_PAGE_SIZE ||
	    new->src_x || new->src_y || new->src_w >> 16 != fb->width ||
	    new->src_h >> 16 != fb->height)
		return -EINVAL;
	return 0;
}

static int plane_prepare_fb(struct drm_plane *plane, struct drm_plane_state *new)
{
	struct vgpu_kms *kms = to_vgpu_kms(plane->dev);
	u64 gaddr;
	int ret;

	if (!new->fb)
		return 0;
	/* Waits for the fences of buffers shared through dma-buf. */
	ret = drm_gem_plane_helper_prepare_fb(plane, new);
	if (ret)
		return ret;
	return vgpu_kms_bo_use(kms, drm_gem_fb_get_obj(new->fb, 0), &gaddr);
}

static void plane_cleanup_fb(struct drm_plane *plane, struct drm_plane_state *old)
{
	if (old->fb)
		vgpu_kms_bo_unuse(to_vgpu_kms(plane->dev),
				  drm_gem_fb_get_obj(old->fb, 0));
}

static void primary_update(struct drm_plane *plane, struct drm_atomic_commit *state)
{
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);
	struct vgpu_kms *kms = to_vgpu_kms(plane->dev);
	struct vgpu_kms_primary_regs regs = { .ctl = 0 };
	struct vgpu_kms_primary p;
	int idx;

	/*
	 * atomic_check let through only what is shown and encodes; anything
	 * else turns the plane off rather than leave it on an older surface.
	 */
	if (new->visible) {
		primary_setup(new, vgpu_kms_bo_gaddr(kms, drm_gem_fb_get_obj(new->fb, 0)),
			      &p);
		if (vgpu_kms_primary_encode(&p, &regs))
			regs.ctl = 0;
	}
	if (!drm_dev_enter(plane->dev, &idx))
		return;
	if (regs.ctl) {
		vgpu_kms_write(kms, VGPU_REG_PLANE_STRIDE, regs.stride);
		vgpu_kms_write(kms, VGPU_REG_PLANE_POS, regs.pos);
		vgpu_kms_write(kms, VGPU_REG_PLANE_SIZE, regs.size);
		vgpu_kms_write(kms, VGPU_REG_PLANE_OFFSET, regs.offset);
	}
	vgpu_kms_write(kms, VGPU_REG_PLANE_CTL, regs.ctl);
	/* Last: writing the surface is the flip. */
	if (regs.ctl)
		vgpu_kms_write(kms, VGPU_REG_PLANE_SURF, regs.surf);
	drm_dev_exit(idx);
}

static void primary_disable(struct drm_plane *plane, struct drm_atomic_commit *state)
{
	int idx;

	if (!drm_dev_enter(plane->dev, &idx))
		return;
	vgpu_kms_write(to_vgpu_kms(plane->dev), VGPU_REG_PLANE_CTL, 0);
	drm_dev_exit(idx);
}

static void cursor_update(struct drm_plane *plane, struct drm_atomic_commit *state)
{
	struct drm_plane_state *new = drm_atomic_get_new_plane_state(state, plane);
	struct vgpu_kms *kms = to_vgpu_kms(plane->dev);
	struct vgpu_kms_cursor_regs regs;
	struct vgpu_kms_cursor c;
	struct drm_gem_object *obj;
	int idx;

	if (!new->visible) {
		/* Wholly off the pipe. */
		regs.cntr = 0;
	} else {
		obj = drm_gem_fb_get_obj(new->fb, 0);
		c = (struct vgpu_kms_cursor){
			.side = new->fb->width,
			.x = new->crtc_x,
			.y = new->crtc_y,
			.gaddr = vgpu_kms_bo_gaddr(kms, obj) + new->fb->offsets[0],
		};
		/* As for the primary: off rather than an older cursor. */
		if (vgpu_kms_cursor_encode(&c, &regs))
			regs.cntr = 0;
	}
	if (!drm_dev_enter(plane->dev, &idx))
		return;
	if (regs.cntr) {
		/*
		 * The hotspot of a legacy SetCursor2, from 6.8 also of the
		 * HOTSPOT_X/Y properties, else 0,0.
		 */
		vgpu_kms_write(kms, VGPU_REG_PV_CURSOR_X_HOT, vgpu_kms_hotspot_x(new));
		vgpu_kms_write(kms, VGPU_REG_PV_CURSOR_Y_HOT, vgpu_kms_hotspot_y(new));
		vgpu_kms_write(kms, VGPU_REG_CURBASE, regs.base);
		vgpu_kms_write(kms, VGPU_REG_CURPOS, regs.pos);
	}
	vgpu_kms_write(kms, VGPU_REG_CURCNTR, regs.cntr);
	drm_dev_exit(idx);
}

static void cursor_disable(struct drm_plane *plane, struct drm_atomic_commit *state)
{
	int idx;

	if (!drm_dev_enter(plane->dev, &idx))
		return;
	vgpu_kms_write(to_vgpu_kms(plane->dev), VGPU_REG_CURCNTR, 0);
	drm_dev_exit(idx);
}

static bool plane_format_mod_supported(struct drm_plane *plane, u32 format,
				       u64 modifier)
{
	if (plane->type == DRM_PLANE_TYPE_CURSOR)
		return format == DRM_FORMAT_ARGB8888 &&
		       modifier == DRM_FORMAT_MOD_LINEAR;
	return vgpu_kms_format_supported(format, modifier);
}

static const struct drm_plane_helper_funcs primary_helper_funcs = {
	.prepare_fb = plane_prepare_fb,
	.cleanup_fb = plane_cleanup_fb,
	.atomic_check = primary_check,
	.atomic_update = primary_update,
	.atomic_disable = primary_disable,
};

static const struct drm_plane_helper_funcs cursor_helper_funcs = {
	.prepare_fb = plane_prepare_fb,
	.cleanup_fb = plane_cleanup_fb,
	.atomic_check = cursor_check,
	.atomic_update = cursor_update,
	.atomic_disable = cursor_disable,
};

static const struct drm_plane_funcs plane_funcs = {
	.update_plane = drm_atomic_helper_update_plane,
	.disable_plane = drm_atomic_helper_disable_plane,
	.destroy = drm_plane_cleanup,
	.reset = drm_atomic_helper_plane_reset,
	.atomic_duplicate_state = drm_atomic_helper_plane_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_plane_destroy_state,
	.format_mod_supported = plane_format_mod_supported,
};

static enum drm_mode_status crtc_mode_valid(struct drm_crtc *crtc,
					    const struct drm_display_mode *mode)
{
	struct vgpu_kms *kms = to_vgpu_kms(crtc->dev);

	if (mode->hdisplay > kms->max_width || mode->vdisplay > kms->max_height)
		return MODE_BAD;
	return MODE_OK;
}

static void crtc_enable(struct drm_crtc *crtc, struct drm_atomic_commit *state)
{
	struct drm_crtc_state *new = drm_atomic_get_new_crtc_state(state, crtc);
	struct vgpu_kms *kms = to_vgpu_kms(crtc->dev);
	const struct drm_display_mode *mode = &new->adjusted_mode;
	int idx;

	/*
	 * A pipe that a commit racing the unbind enables no more gets no
	 * vblank: DRM then sends its events at once and waits for none.
	 */
	if (!drm_dev_enter(crtc->dev, &idx))
		return;
	vgpu_kms_write(kms, VGPU_REG_PIPESRC,
		       vgpu_kms_pipesrc(mode->hdisplay, mode->vdisplay));
	vgpu_kms_write(kms, VGPU_REG_PIPECONF, VGPU_PIPECONF_ENABLE);
	drm_dev_exit(idx);
	drm_crtc_vblank_on(crtc);
}

static void crtc_disable(struct drm_crtc *crtc, struct drm_atomic_commit *state)
{
	struct vgpu_kms *kms = to_vgpu_kms(crtc->dev);
	int idx;

	drm_crtc_vblank_off(crtc);
	if (drm_dev_enter(crtc->dev, &idx)) {
		/*
		 * The host stops showing anything: the display sleeps. The
		 * planes go off too, as DRM does not disable the planes of
		 * a pipe it turns off, and their buffers may be reused
		 * before the pipe comes back.
		 */
		vgpu_kms_display_shutdown(kms);
		drm_dev_exit(idx);
	}
	/*
	 * A pipe that stays off sends no vblank for this commit's event; one
	 * that comes back (a modeset) sends it from atomic_flush.
	 */
	spin_lock_irq(&crtc->dev->event_lock);
	if (crtc->state->event && !crtc->state->active) {
		drm_crtc_send_vblank_event(crtc, crtc->state->event);
		crtc->state->event = NULL;
	}
	spin_unlock_irq(&crtc->dev->event_lock);
}

static void crtc_flush(struct drm_crtc *crtc, struct drm_atomic_commit *state)
{
	struct drm_pending_vblank_event *event = crtc->state->event;

	if (!event)
		return;
	crtc->state->event = NULL;
	spin_lock_irq(&crtc->dev->event_lock);
	/* The new surface shows from the next vblank on; say so then. */
	if (drm_crtc_vblank_get(crtc) == 0)
		drm_crtc_arm_vblank_event(crtc, event);
	else
		drm_crtc_send_vblank_event(crtc, event);
	spin_unlock_irq(&crtc->dev->event_lock);
}

/*
 * DRM may call the vblank hooks after the unbind began (a commit that
 * waited for the modeset locks): no new interrupt then.
 */
static int crtc_enable_vblank(struct drm_crtc *crtc)
{
	int idx;

	if (!drm_dev_enter(crtc->dev, &idx))
		return -ENODEV;
	vgpu_kms_irq_vblank(to_vgpu_kms(crtc->dev), true);
	drm_dev_exit(idx);
	return 0;
}

static void crtc_disable_vblank(struct drm_crtc *crtc)
{
	int idx;

	if (!drm_dev_enter(crtc->dev, &idx))
		return;
	vgpu_kms_irq_vblank(to_vgpu_kms(crtc->dev), false);
	drm_dev_exit(idx);
}

/*
 * The vGPU counts the frames it shows: DRM's count survives lost IRQs.
 * Read on through the unbind, as flips under way end on vblanks counted
 * here (a count frozen at the unbind timed them out); DRM reads it only
 * while vblank is on, and the unbind turns it off before the BAR goes.
 */
static u32 crtc_vblank_counter(struct drm_crtc *crtc)
{
	return vgpu_kms_read(to_vgpu_kms(crtc->dev), VGPU_REG_PIPE_FRMCOUNT);
}

/*
 * No atomic_check: a pipe with no primary plane shows nothing, which the
 * vGPU allows, so DRM's check for one is not wanted.
 */
static const struct drm_crtc_helper_funcs crtc_helper_funcs = {
	.mode_valid = crtc_mode_valid,
	.atomic_flush = crtc_flush,
	.atomic_enable = crtc_enable,
	.atomic_disable = crtc_disable,
};

static const struct drm_crtc_funcs crtc_funcs = {
	.reset = drm_atomic_helper_crtc_reset,
	.destroy = drm_crtc_cleanup,
	.set_config = drm_atomic_helper_set_config,
	.page_flip = drm_atomic_helper_page_flip,
	.atomic_duplicate_state = drm_atomic_helper_crtc_duplicate_state,
	.atomic_destroy_state = drm_atomic_helper_crtc_destroy_state,
	.enable_vblank = crtc_enable_vblank,
	.disable_vblank = crtc_disable_vblank,
	.get_vblank_counter = crtc_vblank_counter,
};

/**
 * vgpu_kms_display_init() - create the CRTC, its planes and the encoder
 * @kms: the vGPU
 *
 * Return: 0 or what DRM's init functions returned.
 */
int vgpu_kms_display_init(struct vgpu_kms *kms)
{
	struct drm_device *drm = &kms->drm;
	int ret;

	ret = drm_universal_plane_init(drm, &kms->primary, 0, &plane_funcs,
				       vgpu_kms_primary_formats,
				       vgpu_kms_primary_format_count,
				       vgpu_kms_primary_modifiers,
				       DRM_PLANE_TYPE_PRIMARY, NULL);
	if (ret)
		return ret;
	drm_plane_helper_add(&kms->primary, &primary_helper_funcs);

	ret = drm_universal_plane_init(drm, &kms->cursor, 0, &plane_funcs,
				       cursor_formats, ARRAY_SIZE(cursor_formats),
				       cursor_modifiers, DRM_PLANE_TYPE_CURSOR,
				       NULL);
	if (ret)
		return ret;
	drm_plane_helper_add(&kms->cursor, &cursor_helper_funcs);

	ret = drm_crtc_init_with_planes(drm, &kms->crtc, &kms->primary,
					&kms->cursor, &crtc_funcs, NULL);
	if (ret)
		return ret;
	drm_crtc_helper_add(&kms->crtc, &crtc_helper_funcs);

	ret = drm_simple_encoder_init(drm, &kms->encoder, DRM_MODE_ENCODER_VIRTUAL);
	if (ret)
		return ret;
	kms->encoder.possible_crtcs = drm_crtc_mask(&kms->crtc);
	return 0;
}

/**
 * vgpu_kms_planes_off() - turn the planes off, the pipe and its vblanks on
 * @kms: the vGPU, its BAR0 still mapped
 *
 * For a device going away, before its buffers are: the host stops showing
 * guest pages this driver is about to give back.
 */
void vgpu_kms_planes_off(struct vgpu_kms *kms)
{
	vgpu_kms_write(kms, VGPU_REG_CURCNTR, 0);
	vgpu_kms_write(kms, VGPU_REG_PLANE_CTL, 0);
}

/**
 * vgpu_kms_display_shutdown() - turn the pipe and its planes off
 * @kms: the vGPU, its BAR0 still mapped
 */
void vgpu_kms_display_shutdown(struct vgpu_kms *kms)
{
	vgpu_kms_planes_off(kms);
	vgpu_kms_write(kms, VGPU_REG_PIPECONF, 0);
}
