// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO PCI device of a vGPU: regions, reset, plane ioctls and the VFIO
 * core's callbacks; its IRQs are vgpu_irq.c's. A thin shell: it checks
 * what the VMM asks for, takes the vGPU's lock and hands the access to the
 * emulated hardware.
 *
 * User memory is never touched with the lock held: accesses go through a
 * bounce buffer, one page at a time.
 */
#include <linux/jiffies.h>
#include <linux/mm.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio_pci_core.h>

#include "vgpu_drv.h"

static struct vgpu *to_vgpu(struct vfio_device *vdev)
{
	return container_of(vdev, struct vgpu, vdev);
}

static u64 aperture_size(const struct vgpu *vgpu)
{
	return (u64)vgpu->type->caps.ggtt_entries << VGPU_PAGE_SHIFT;
}

static u64 region_size(const struct vgpu *vgpu, u32 index)
{
	switch (index) {
	case VFIO_PCI_CONFIG_REGION_INDEX:
		return VGPU_CFG_SIZE;
	case VFIO_PCI_BAR0_REGION_INDEX:
		return VGPU_BAR0_SIZE;
	case VFIO_PCI_BAR2_REGION_INDEX:
		return aperture_size(vgpu);
	case VGPU_EDID_REGION_INDEX:
		return VGPU_EDID_REGION_SIZE;
	case VGPU_DISPLAY_REGION_INDEX:
		return READ_ONCE(vgpu->mode) == VGPU_DISPLAY_REGION ?
		       vgpu->region.size : 0;
	default:
		return 0;
	}
}

/* The EDID region's layout is the uapi struct's; the pure code repeats it. */
static_assert(VFIO_PCI_NUM_REGIONS == VGPU_EDID_REGION_INDEX);
static_assert(offsetof(struct vfio_region_gfx_edid, edid_size) ==
	      VGPU_EDID_REG_SIZE);
static_assert(offsetof(struct vfio_region_gfx_edid, max_xres) ==
	      VGPU_EDID_REG_MAX_XRES);
static_assert(offsetof(struct vfio_region_gfx_edid, link_state) ==
	      VGPU_EDID_REG_LINK);
static_assert(sizeof(struct vfio_region_gfx_edid) == VGPU_EDID_REGS_END);
static_assert(VFIO_DEVICE_GFX_LINK_STATE_UP == VGPU_EDID_LINK_UP);
static_assert(VFIO_DEVICE_GFX_LINK_STATE_DOWN == VGPU_EDID_LINK_DOWN);

/* The smallest access a region takes: registers and GGTT are dwords. */
static u32 region_granule(u32 index)
{
	return index == VFIO_PCI_BAR0_REGION_INDEX ? 4 : 1;
}

/*
 * Empty the buffer cache into @out. Buffers are let go only after the lock
 * is dropped: that may free them, and freeing takes the guest lock.
 */
static void cache_drain_locked(struct vgpu *vgpu,
			       struct vgpu_buffer *out[VGPU_CACHE_SLOTS])
{
	int i;

	for (i = 0; i < VGPU_CACHE_SLOTS; i++)
		out[i] = vgpu_cache_take(&vgpu->cache, i);
}

static void put_buffers(struct vgpu_buffer *bufs[VGPU_CACHE_SLOTS])
{
	int i;

	for (i = 0; i < VGPU_CACHE_SLOTS; i++)
		if (bufs[i])
			vgpu_buffer_uncache(bufs[i]);
}

/* Buffers that user space holds survive a reset; ids are never reused. */
static void reset(struct vgpu *vgpu)
{
	struct vgpu_buffer *drained[VGPU_CACHE_SLOTS], *shown;

	mutex_lock(&vgpu->lock);
	vgpu_cfg_reset(&vgpu->cfg);
	vgpu_regs_reset(&vgpu->regs, &vgpu->type->caps);
	vgpu->regs_gen++;
	vgpu_ggtt_reset(&vgpu->ggtt);
	cache_drain_locked(vgpu, drained);
	shown = vgpu_region_show(&vgpu->region, NULL);
	vgpu_irqs_reset(&vgpu->irqs);
	mutex_unlock(&vgpu->lock);
	put_buffers(drained);
	if (shown)
		vgpu_buffer_put(shown);
}

/* A register the file does not hold: interrupts, frames, the monitor. */
static bool live_reg_read(struct vgpu *vgpu, u32 off, u32 *val)
{
	if (vgpu_irqs_serves(off))
		*val = vgpu_irqs_reg_read(&vgpu->irqs, off);
	else if (off == VGPU_PV_MONITOR)
		*val = vgpu_monitor_status(&vgpu->monitor);
	else if (off >= VGPU_EDID_WINDOW &&
		 off < VGPU_EDID_WINDOW + VGPU_EDID_MAX_SIZE)
		*val = vgpu_monitor_edid_read32(&vgpu->monitor,
						off - VGPU_EDID_WINDOW);
	else
		return false;
	return true;
}

static void bar0_access(struct vgpu *vgpu, u32 off, u8 *buf, u32 len,
			bool write)
{
	u32 i, val, events = 0;

	for (i = 0; i < len; i += 4, off += 4) {
		if (off < VGPU_GGTT_BASE && write && vgpu_irqs_serves(off))
			vgpu_irqs_reg_write(&vgpu->irqs, off,
					    get_unaligned_le32(buf + i));
		else if (off < VGPU_GGTT_BASE && write)
			events |= vgpu_regs_write(&vgpu->regs, off,
						  get_unaligned_le32(buf + i));
		else if (off < VGPU_GGTT_BASE && live_reg_read(vgpu, off, &val))
			put_unaligned_le32(val, buf + i);
		else if (off < VGPU_GGTT_BASE)
			put_unaligned_le32(vgpu_regs_read(&vgpu->regs, off),
					   buf + i);
		else if (write)
			vgpu_ggtt_write32(&vgpu->ggtt, off - VGPU_GGTT_BASE,
					  get_unaligned_le32(buf + i));
		else
			put_unaligned_le32(vgpu_ggtt_read32(&vgpu->ggtt,
							    off - VGPU_GGTT_BASE),
					   buf + i);
	}
	/* A change of PIPECONF's enable is a MODE event too. */
	if (events) {
		vgpu->regs_gen++;
		vgpu_irqs_display_event(&vgpu->irqs, events,
					vgpu->regs.val[VGPU_REG_PIPECONF] &
					VGPU_PIPECONF_ENABLE);
	}
}

/* The VMM's EDID region: a link change is the guest's hotplug. */
static int edid_access(struct vgpu *vgpu, u32 off, u8 *buf, u32 len,
		       bool write)
{
	bool hotplug;
	int ret;

	ret = vgpu_monitor_region_rw(&vgpu->monitor, off, buf, len, write,
				     &hotplug);
	if (!ret && hotplug)
		vgpu_irqs_hotplug(&vgpu->irqs, vgpu->monitor.link_up);
	return ret;
}

/*
 * The aperture shows graphics memory through the GGTT. Like Intel's
 * scratch page, an invalid entry or an unmapped guest page reads as zeros
 * and swallows writes: the guest's mistake is not the VMM's error.
 */
static void aperture_access(struct vgpu *vgpu, u64 off, u8 *buf, u32 len,
			    bool write)
{
	u64 gpa;

	if (vgpu_ggtt_translate(&vgpu->ggtt, off, &gpa) ||
	    vgpu_guest_rw(&vgpu->guest, gpa, buf, len, write)) {
		if (!write)
			memset(buf, 0, len);
		dev_dbg_ratelimited(vgpu->vdev.dev,
				    "aperture %s at 0x%llx hit the scratch page\n",
				    write ? "write" : "read", off);
	}
}

/* One access that stays within a page of the region. */
static int region_access(struct vgpu *vgpu, u32 index, u64 off, u8 *buf,
			 u32 len, bool write)
{
	if (index == VFIO_PCI_CONFIG_REGION_INDEX) {
		if (write)
			vgpu_cfg_write(&vgpu->cfg, off, buf, len);
		else
			vgpu_cfg_read(&vgpu->cfg, off, buf, len);
		return 0;
	}
	if (index == VGPU_EDID_REGION_INDEX)
		return edid_access(vgpu, off, buf, len, write);
	if (index == VGPU_DISPLAY_REGION_INDEX) {
		if (write)
			return -EINVAL;
		vgpu_region_read(&vgpu->region, off, buf, len);
		return 0;
	}
	/* As vfio-pci does for a real device that is not decoding. */
	if (!vgpu_cfg_mem_enabled(&vgpu->cfg))
		return -EIO;
	if (index == VFIO_PCI_BAR0_REGION_INDEX)
		bar0_access(vgpu, off, buf, len, write);
	else
		aperture_access(vgpu, off, buf, len, write);
	return 0;
}

static ssize_t vgpu_rw(struct vgpu *vgpu, char __user *ubuf, size_t count,
		       loff_t pos, bool write)
{
	u32 index = pos >> VFIO_PCI_OFFSET_SHIFT;
	u64 off = pos & VFIO_PCI_OFFSET_MASK;
	u64 size = region_size(vgpu, index);
	u32 gran = region_granule(index);
	size_t done = 0;
	int ret = 0;
	u64 word;
	u8 *bounce = (u8 *)&word;

	/* No short accesses: a range that leaves the region is an error. */
	if (pos < 0 || !count || off >= size || count > size - off)
		return -EINVAL;
	if (!IS_ALIGNED(off, gran) || !IS_ALIGNED(count, gran))
		return -EINVAL;
	/*
	 * Register and GGTT accesses, a guest's hot path, fit in a word; only
	 * larger ones (the aperture, config space dumps) allocate.
	 */
	if (count > sizeof(word)) {
		bounce = kmalloc(min_t(size_t, count, PAGE_SIZE), GFP_KERNEL);
		if (!bounce)
			return -ENOMEM;
	}

	while (done < count) {
		u64 at = off + done;
		u32 len = min_t(u64, count - done,
				PAGE_SIZE - offset_in_page(at));

		if (write && copy_from_user(bounce, ubuf + done, len)) {
			ret = -EFAULT;
			break;
		}
		mutex_lock(&vgpu->lock);
		ret = region_access(vgpu, index, at, bounce, len, write);
		mutex_unlock(&vgpu->lock);
		if (ret)
			break;
		if (!write && copy_to_user(ubuf + done, bounce, len)) {
			ret = -EFAULT;
			break;
		}
		done += len;
	}
	if (bounce != (u8 *)&word)
		kfree(bounce);
	return done ? done : ret;
}

static ssize_t vgpu_read(struct vfio_device *vdev, char __user *buf,
			 size_t count, loff_t *ppos)
{
	return vgpu_rw(to_vgpu(vdev), buf, count, *ppos, false);
}

static ssize_t vgpu_write(struct vfio_device *vdev, const char __user *buf,
			  size_t count, loff_t *ppos)
{
	return vgpu_rw(to_vgpu(vdev), (char __user *)buf, count, *ppos, true);
}

static long get_device_info(void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_device_info, num_irqs);
	struct vfio_device_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz)
		return -EINVAL;
	info.flags = VFIO_DEVICE_FLAGS_PCI | VFIO_DEVICE_FLAGS_RESET;
	/* And the EDID's and the display region, which has a size in region mode. */
	info.num_regions = VGPU_DISPLAY_REGION_INDEX + 1;
	info.num_irqs = VGPU_NUM_IRQS;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/*
 * A region's size and flags, and for the EDID region the type capability
 * by which QEMU finds it. The VFIO core copies it out (since 6.19; before,
 * vgpu_ioctl() does it through vgpu_compat.h).
 */
static int vgpu_region_info(struct vfio_device *vdev,
			    struct vfio_region_info *info,
			    struct vfio_info_cap *caps)
{
	struct vgpu *vgpu = to_vgpu(vdev);
	struct vfio_region_info_cap_type edid = {
		.header.id = VFIO_REGION_INFO_CAP_TYPE,
		.header.version = 1,
		.type = VFIO_REGION_TYPE_GFX,
		.subtype = VFIO_REGION_SUBTYPE_GFX_EDID,
	};

	if (info->index > VGPU_DISPLAY_REGION_INDEX)
		return -EINVAL;
	info->size = region_size(vgpu, info->index);
	info->offset = VFIO_PCI_INDEX_TO_OFFSET(info->index);
	info->flags = info->size ?
		VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE : 0;
	/* The display region is read, mostly through its mapping. */
	if (info->index == VGPU_DISPLAY_REGION_INDEX && info->size)
		info->flags = VFIO_REGION_INFO_FLAG_READ |
			      VFIO_REGION_INFO_FLAG_MMAP;
	info->cap_offset = 0;
	if (info->index == VGPU_EDID_REGION_INDEX)
		return vfio_info_add_capability(caps, &edid.header,
						sizeof(edid));
	return 0;
}

static const char *const plane_status_text[] = {
	[VGPU_PLANE_BAD_FORMAT] = "an unknown pixel format",
	[VGPU_PLANE_BAD_TILING] = "an unknown tiling mode",
	[VGPU_PLANE_BAD_SIZE] = "a size outside the pipe or the type's limits",
	[VGPU_PLANE_BAD_STRIDE] = "a stride too small or not whole tiles",
	[VGPU_PLANE_BAD_SURFACE] = "a surface past the GGTT",
	[VGPU_PLANE_BAD_OFFSET] = "a plane offset, which is unsupported",
	[VGPU_PLANE_BAD_CURSOR] = "an unknown cursor mode",
};

/*
 * The buffer showing @plane: a cached one when format, geometry, surface
 * and pages are unchanged, else a new one. Returns its cache slot, -ENOENT
 * when the guest's GGTT or the VMM's mappings leave nothing to show,
 * -ENOSPC when user space holds too many buffers or the vGPU has used up
 * its ids, or -ENOMEM. A buffer the cache drops goes to @evicted.
 */
static int plane_buffer_locked(struct vgpu *vgpu,
			       const struct vgpu_plane *plane,
			       struct vgpu_buffer **evicted)
{
	u32 nr = plane->size >> PAGE_SHIFT;
	bool held[VGPU_CACHE_SLOTS];
	struct vgpu_buffer *buf;
	u64 *gfns;
	int slot, i;

	slot = vgpu_cache_lookup(&vgpu->cache, plane, vgpu->ggtt.gen, NULL);
	if (slot < 0) {
		gfns = kvmalloc_array(nr, sizeof(*gfns), GFP_KERNEL_ACCOUNT);
		if (!gfns)
			return -ENOMEM;
		if (vgpu_ggtt_gfns(&vgpu->ggtt, plane->gaddr, nr, gfns)) {
			kvfree(gfns);
			return -ENOENT;
		}
		slot = vgpu_cache_lookup(&vgpu->cache, plane, vgpu->ggtt.gen,
					 gfns);
		if (slot >= 0)
			kvfree(gfns);
	} else {
		gfns = NULL;
	}
	if (slot >= 0) {
		buf = vgpu->cache.entry[slot].buf;
		if (!vgpu_buffer_revoked(buf))
			return slot;
		/* The VMM unmapped its pages: try them afresh. */
		*evicted = vgpu_cache_take(&vgpu->cache, slot);
		return -EAGAIN;
	}

	if (!vgpu_cache_ids_left(&vgpu->cache)) {
		kvfree(gfns);
		dev_warn_ratelimited(vgpu->vdev.dev,
				     "all 2^32 buffer ids are used: remove and create the vGPU again\n");
		return -ENOSPC;
	}
	buf = vgpu_buffer_create(vgpu->drm, &vgpu->guest, &vgpu->vdev, gfns,
				 nr);
	if (IS_ERR(buf)) {
		if (PTR_ERR(buf) == -ENOMEM || PTR_ERR(buf) == -ENOSPC)
			return PTR_ERR(buf);
		return -ENOENT;
	}
	for (i = 0; i < VGPU_CACHE_SLOTS; i++)
		held[i] = vgpu->cache.entry[i].id &&
			  vgpu_buffer_held(vgpu->cache.entry[i].buf);
	slot = vgpu_cache_victim(&vgpu->cache, held);
	*evicted = vgpu_cache_take(&vgpu->cache, slot);
	vgpu_cache_insert(&vgpu->cache, slot, plane, buf->pins.gfns,
			  vgpu->ggtt.gen, buf);
	return slot;
}

static void fill_plane_info(struct vfio_device_gfx_plane_info *info,
			    const struct vgpu_plane *plane, u32 id)
{
	info->drm_format = plane->drm_format;
	info->drm_format_mod = plane->modifier;
	info->width = plane->width;
	info->height = plane->height;
	info->stride = plane->stride;
	info->size = plane->size;
	info->x_pos = plane->x;
	info->y_pos = plane->y;
	info->x_hot = plane->x_hot;
	info->y_hot = plane->y_hot;
	info->dmabuf_id = id;
}

/*
 * The memo's answer when registers, GGTT and buffer are as they were: the
 * same buffer, or nothing (@info's outputs stay zero) for a plane whose
 * pages could not be had.
 */
static bool query_plane_memo_locked(struct vgpu *vgpu,
				    struct vfio_device_gfx_plane_info *info,
				    int *slot)
{
	struct vgpu_plane_memo *m =
		&vgpu->memo[info->drm_plane_type == VGPU_PLANE_CURSOR];

	*slot = -ENOENT;
	if (m->regs_gen != vgpu->regs_gen)
		return false;
	if (m->failed)
		return m->ggtt_gen == vgpu->ggtt.gen &&
		       time_before(jiffies, m->retry_at);
	if (!m->id)
		return false;
	*slot = vgpu_cache_reuse(&vgpu->cache, m->id, vgpu->ggtt.gen);
	if (*slot < 0 || vgpu_buffer_revoked(vgpu->cache.entry[*slot].buf))
		return false;
	fill_plane_info(info, &m->plane, m->id);
	return true;
}

static void remember_plane_locked(struct vgpu *vgpu, u32 plane_type,
				  const struct vgpu_plane *plane, u32 id)
{
	struct vgpu_plane_memo *m =
		&vgpu->memo[plane_type == VGPU_PLANE_CURSOR];

	m->regs_gen = vgpu->regs_gen;
	m->id = id;
	m->plane = *plane;
	m->failed = false;
}

static void remember_failure_locked(struct vgpu *vgpu, u32 plane_type)
{
	struct vgpu_plane_memo *m =
		&vgpu->memo[plane_type == VGPU_PLANE_CURSOR];

	m->regs_gen = vgpu->regs_gen;
	m->id = 0;
	m->failed = true;
	m->ggtt_gen = vgpu->ggtt.gen;
	m->retry_at = jiffies + HZ;
}

/*
 * In region mode the region shows what the query found: the slot's buffer,
 * or the scratch page. Returns the buffer shown before, for the caller to
 * put once the lock is dropped.
 */
static struct vgpu_buffer *region_follow_locked(struct vgpu *vgpu,
						struct vfio_device_gfx_plane_info *info,
						int slot)
{
	if (vgpu->mode != VGPU_DISPLAY_REGION)
		return NULL;
	if (slot < 0)
		return vgpu_region_show(&vgpu->region, NULL);
	info->region_index = VGPU_DISPLAY_REGION_INDEX;
	return vgpu_region_show(&vgpu->region, vgpu->cache.entry[slot].buf);
}

/* Decode a plane and find its buffer; @info's outputs stay zero if none. */
static int query_plane(struct vgpu *vgpu,
		       struct vfio_device_gfx_plane_info *info)
{
	struct vgpu_buffer *evicted[2] = { NULL, NULL }, *shown;
	enum vgpu_plane_status st;
	struct vgpu_plane plane;
	bool unshowable = false;
	int slot, tries;

	mutex_lock(&vgpu->lock);
	if (query_plane_memo_locked(vgpu, info, &slot)) {
		shown = region_follow_locked(vgpu, info, slot);
		mutex_unlock(&vgpu->lock);
		if (shown)
			vgpu_buffer_put(shown);
		return 0;
	}
	st = vgpu_plane_decode(&vgpu->regs, info->drm_plane_type, &plane);
	/* Not pinned for nothing: a plane the region cannot show is not shown. */
	if (st == VGPU_PLANE_OK && vgpu->mode == VGPU_DISPLAY_REGION &&
	    !vgpu_plane_in_region(&plane, info->drm_plane_type)) {
		unshowable = true;
		st = VGPU_PLANE_OFF;
	}
	slot = st == VGPU_PLANE_OK ? -EAGAIN : -ENOENT;
	for (tries = 0; slot == -EAGAIN && tries < 2; tries++)
		slot = plane_buffer_locked(vgpu, &plane, &evicted[tries]);
	if (slot >= 0) {
		fill_plane_info(info, &plane, vgpu->cache.entry[slot].id);
		remember_plane_locked(vgpu, info->drm_plane_type, &plane,
				      vgpu->cache.entry[slot].id);
	} else if (slot == -ENOENT && st == VGPU_PLANE_OK) {
		remember_failure_locked(vgpu, info->drm_plane_type);
	}
	shown = region_follow_locked(vgpu, info, slot);
	mutex_unlock(&vgpu->lock);

	if (shown)
		vgpu_buffer_put(shown);
	for (tries = 0; tries < 2; tries++)
		if (evicted[tries])
			vgpu_buffer_uncache(evicted[tries]);
	if (unshowable)
		dev_dbg_ratelimited(vgpu->vdev.dev,
				    "region mode shows linear primary planes only: the guest's is tiled\n");
	if (st != VGPU_PLANE_OK && st != VGPU_PLANE_OFF)
		dev_dbg_ratelimited(vgpu->vdev.dev, "guest plane %u has %s\n",
				    info->drm_plane_type, plane_status_text[st]);
	else if (slot == -ENOENT && st == VGPU_PLANE_OK)
		dev_dbg_ratelimited(vgpu->vdev.dev,
				    "guest plane %u is not in mapped memory\n",
				    info->drm_plane_type);
	if (slot == -ENOSPC)
		dev_dbg_ratelimited(vgpu->vdev.dev,
				    "plane %u: user space holds %u buffers already\n",
				    info->drm_plane_type, VGPU_GUEST_MAX_SETS);
	return slot == -ENOMEM || slot == -ENOSPC ? slot : 0;
}

#define GFX_PLANE_TYPES (VFIO_GFX_PLANE_TYPE_DMABUF | VFIO_GFX_PLANE_TYPE_REGION)

static long query_gfx_plane(struct vgpu *vgpu, void __user *arg)
{
	/* 6.1's layout; newer kernels add a reserved word, which we zero. */
	unsigned long minsz = offsetofend(struct vfio_device_gfx_plane_info,
					  dmabuf_id);
	struct vfio_device_gfx_plane_info info;
	u32 type, asked;
	int ret;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz ||
	    info.flags & ~(VFIO_GFX_PLANE_TYPE_PROBE | GFX_PLANE_TYPES))
		return -EINVAL;
	/* One kind per vGPU: QEMU takes the first its probe finds. */
	type = info.flags & GFX_PLANE_TYPES;
	if (type != (READ_ONCE(vgpu->mode) == VGPU_DISPLAY_REGION ?
		     VFIO_GFX_PLANE_TYPE_REGION : VFIO_GFX_PLANE_TYPE_DMABUF))
		return -EINVAL;
	if (info.flags & VFIO_GFX_PLANE_TYPE_PROBE)
		return 0;
	/*
	 * QEMU's region path leaves drm_plane_type 0: a region display has
	 * one plane, which mdpy answers whatever the type.
	 */
	asked = info.drm_plane_type;
	if (type == VFIO_GFX_PLANE_TYPE_REGION && !asked)
		info.drm_plane_type = VGPU_PLANE_PRIMARY;
	if (info.drm_plane_type != VGPU_PLANE_PRIMARY &&
	    info.drm_plane_type != VGPU_PLANE_CURSOR)
		return -EINVAL;

	memset((u8 *)&info + offsetof(typeof(info), drm_format), 0,
	       sizeof(info) - offsetof(typeof(info), drm_format));
	/* The region has no cursor: nothing to show, and nothing pinned. */
	if (type == VFIO_GFX_PLANE_TYPE_DMABUF ||
	    info.drm_plane_type == VGPU_PLANE_PRIMARY)
		ret = query_plane(vgpu, &info);
	else
		ret = 0;
	if (ret)
		return ret;
	info.drm_plane_type = asked;
	return copy_to_user(arg, &info, min_t(u32, info.argsz, sizeof(info))) ?
	       -EFAULT : 0;
}

/* Under the lock, so that the buffer stays cached while its dma-buf is made. */
static long get_gfx_dmabuf(struct vgpu *vgpu, void __user *arg)
{
	u32 id;
	int slot, fd = -ENOENT;

	if (get_user(id, (u32 __user *)arg))
		return -EFAULT;
	if (READ_ONCE(vgpu->mode) != VGPU_DISPLAY_DMABUF)
		return -EINVAL;
	mutex_lock(&vgpu->lock);
	slot = vgpu_cache_find_id(&vgpu->cache, id);
	if (slot >= 0)
		fd = vgpu_buffer_fd(vgpu->cache.entry[slot].buf);
	mutex_unlock(&vgpu->lock);
	return fd;
}

static long vgpu_ioctl(struct vfio_device *vdev, unsigned int cmd,
		       unsigned long arg)
{
	struct vgpu *vgpu = to_vgpu(vdev);
	void __user *uarg = (void __user *)arg;

	switch (cmd) {
	case VFIO_DEVICE_GET_INFO:
		return get_device_info(uarg);
	case VFIO_DEVICE_GET_REGION_INFO:
		/* Only before 6.19: the core answers it since. */
		return vgpu_get_region_info(vdev, uarg, vgpu_region_info);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return vgpu_irqs_get_info(uarg);
	case VFIO_DEVICE_SET_IRQS:
		return vgpu_irqs_set(&vgpu->irqs, uarg);
	case VFIO_DEVICE_RESET:
		reset(vgpu);
		return 0;
	case VFIO_DEVICE_QUERY_GFX_PLANE:
		return query_gfx_plane(vgpu, uarg);
	case VFIO_DEVICE_GET_GFX_DMABUF:
		return get_gfx_dmabuf(vgpu, uarg);
	default:
		return -ENOTTY;
	}
}

static int vgpu_open_device(struct vfio_device *vdev)
{
	struct vgpu *vgpu = to_vgpu(vdev);

	mutex_lock(&vgpu->lock);
	vgpu->open = true;
	mutex_unlock(&vgpu->lock);
	reset(vgpu);
	vgpu_guest_open(&vgpu->guest);
	return 0;
}

/*
 * Buffers that user space holds outlive this, with their page references.
 * No mapping of the display region does: each holds the device open.
 */
static void vgpu_close_device(struct vfio_device *vdev)
{
	struct vgpu_buffer *drained[VGPU_CACHE_SLOTS], *shown;
	struct vgpu *vgpu = to_vgpu(vdev);

	mutex_lock(&vgpu->lock);
	cache_drain_locked(vgpu, drained);
	shown = vgpu_region_show(&vgpu->region, NULL);
	vgpu->open = false;
	mutex_unlock(&vgpu->lock);
	vgpu_guest_close(&vgpu->guest);
	put_buffers(drained);
	if (shown)
		vgpu_buffer_put(shown);
	vgpu_irqs_release(&vgpu->irqs);
}

/*
 * The display region is the one region with a mapping: the BARs trap, as
 * every access is an emulated register or a GGTT walk. Not under the
 * vGPU's lock, which is held around pinning, which takes mmap_lock; the
 * mode cannot change while the device is open.
 */
static int vgpu_mmap(struct vfio_device *vdev, struct vm_area_struct *vma)
{
	struct vgpu *vgpu = to_vgpu(vdev);
	u64 index = vma->vm_pgoff >> (VFIO_PCI_OFFSET_SHIFT - PAGE_SHIFT);

	if (index != VGPU_DISPLAY_REGION_INDEX ||
	    READ_ONCE(vgpu->mode) != VGPU_DISPLAY_REGION)
		return -EINVAL;
	vma->vm_pgoff &= VFIO_PCI_OFFSET_MASK >> PAGE_SHIFT;
	return vgpu_region_mmap(vgpu, vma);
}

/* The mdev is being removed: ask the VMM to let go of the device. */
static void vgpu_request(struct vfio_device *vdev, unsigned int count)
{
	if (!vgpu_irqs_request(&to_vgpu(vdev)->irqs) && !count)
		dev_notice(vdev->dev,
			   "in use and no request IRQ: removal waits for the VMM to close it and unmap its display region\n");
}

static void vgpu_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	struct vgpu *vgpu = to_vgpu(vdev);

	struct vgpu_buffer *shown;

	vgpu_guest_release_range(&vgpu->guest, iova, length);
	shown = vgpu_region_drop_stale(&vgpu->region);
	if (shown)
		vgpu_buffer_put(shown);
}

static int vgpu_init_dev(struct vfio_device *vdev)
{
	struct vgpu *vgpu = to_vgpu(vdev);
	struct mdev_device *mdev = to_mdev_device(vdev->dev);

	vgpu->type = container_of(mdev->type, struct vgpu_type, type);
	vgpu->ggtt.nr_entries = vgpu->type->caps.ggtt_entries;
	vgpu->ggtt.entries = kvcalloc(vgpu->ggtt.nr_entries, sizeof(u64),
				      GFP_KERNEL);
	if (!vgpu->ggtt.entries)
		return -ENOMEM;
	mutex_init(&vgpu->lock);
	vgpu_cfg_init(&vgpu->cfg, aperture_size(vgpu));
	vgpu_regs_reset(&vgpu->regs, &vgpu->type->caps);
	vgpu_cache_init(&vgpu->cache);
	vgpu_guest_init(&vgpu->guest, vdev);
	vgpu_irqs_init(&vgpu->irqs);
	vgpu_monitor_init(&vgpu->monitor, vgpu->type->caps.max_width,
			  vgpu->type->caps.max_height);
	return 0;
}

static void vgpu_release_dev(struct vfio_device *vdev)
{
	struct vgpu *vgpu = to_vgpu(vdev);

	vgpu_region_fini(&vgpu->region);
	vgpu_irqs_fini(&vgpu->irqs);
	vgpu_guest_fini(&vgpu->guest);
	mutex_destroy(&vgpu->lock);
	kvfree(vgpu->ggtt.entries);
	vgpu_vfio_free_device(vdev);
}

static const struct vfio_device_ops vgpu_dev_ops = {
	.name = VGPU_DRIVER_NAME,
	.init = vgpu_init_dev,
	.release = vgpu_release_dev,
	.open_device = vgpu_open_device,
	.close_device = vgpu_close_device,
	.read = vgpu_read,
	.write = vgpu_write,
	.ioctl = vgpu_ioctl,
	VGPU_VFIO_REGION_INFO_OP(vgpu_region_info)
	VGPU_VFIO_IOMMUFD_OPS
	.mmap = vgpu_mmap,
	.request = vgpu_request,
	.dma_unmap = vgpu_dma_unmap,
};

/**
 * vgpu_create() - make the VFIO device of a new mdev
 * @mdev: the mdev, whose type says the vGPU's limits
 * @drm: the DRM device its plane buffers belong to
 *
 * Return: the vGPU, or an ERR_PTR.
 */
struct vgpu *vgpu_create(struct mdev_device *mdev, struct drm_device *drm)
{
	struct vgpu *vgpu;
	int ret;

	vgpu = vfio_alloc_device(vgpu, vdev, &mdev->dev, &vgpu_dev_ops);
	if (IS_ERR(vgpu))
		return vgpu;
	vgpu->drm = drm;
	/* Here, not in init: the region lives in the DRM device's address space. */
	ret = vgpu_region_init(&vgpu->region, drm, aperture_size(vgpu));
	if (!ret)
		ret = vfio_register_emulated_iommu_dev(&vgpu->vdev);
	if (ret) {
		vfio_put_device(&vgpu->vdev);
		return ERR_PTR(ret);
	}
	return vgpu;
}

/**
 * vgpu_destroy() - unregister a vGPU and drop the driver's reference
 * @vgpu: the vGPU
 *
 * Blocks until the VMM has closed the device, asking it through the
 * request IRQ.
 */
void vgpu_destroy(struct vgpu *vgpu)
{
	vfio_unregister_group_dev(&vgpu->vdev);
	vfio_put_device(&vgpu->vdev);
}

/**
 * vgpu_pinned_pages() - how many guest pages the vGPU holds pinned
 * @vgpu: the vGPU
 * @total: set to the pages it ever pinned, if not NULL
 *
 * Return: the pages pinned now, for sysfs and the tests.
 */
unsigned int vgpu_pinned_pages(struct vgpu *vgpu, u64 *total)
{
	return vgpu_guest_pinned(&vgpu->guest, total);
}

/**
 * vgpu_set_display_mode() - choose how the VMM gets the display
 * @vgpu: the vGPU
 * @mode: dma-bufs or the display region
 *
 * Return: 0, or -EBUSY while a VMM has the device open: it chose its way
 * of showing the display when it opened it.
 */
int vgpu_set_display_mode(struct vgpu *vgpu, enum vgpu_display_mode mode)
{
	int ret = 0;

	mutex_lock(&vgpu->lock);
	if (vgpu->open)
		ret = -EBUSY;
	else
		WRITE_ONCE(vgpu->mode, mode);
	mutex_unlock(&vgpu->lock);
	return ret;
}

/**
 * vgpu_display_mode() - how the VMM gets the display
 * @vgpu: the vGPU
 *
 * Return: the mode.
 */
enum vgpu_display_mode vgpu_display_mode(struct vgpu *vgpu)
{
	return READ_ONCE(vgpu->mode);
}
