// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory, reached only through the IOVA space that the VMM mapped in
 * the VFIO container. Every page is first pinned with vfio_pin_pages(), so
 * an IOVA the VMM never mapped cannot be reached at all.
 *
 * Two kinds of users hold pins:
 * - the aperture, through a small fully associative cache (the vGPU's
 *   TLB) that evicts in FIFO order, so that a guest walking all of its
 *   memory through the aperture never holds more than VGPU_GUEST_SLOTS;
 * - plane buffers, through pin sets. A set also takes a page reference of
 *   its own on each page, so that the buffer's pages stay valid after the
 *   VFIO pins must go (the device is closed); when the VMM unmaps one of
 *   the set's pages the set is revoked and its owner stops all access.
 *
 * VFIO's dma_unmap notification drops every pin in the range at once:
 * type1 retries, then BUGs, while any remain.
 */
#include <linux/highmem.h>
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/string.h>

#include "vgpu_drv.h"

/**
 * vgpu_guest_init() - start with no guest page pinned
 * @guest: the guest memory state
 * @vdev: the VFIO device that pins on its behalf
 */
void vgpu_guest_init(struct vgpu_guest *guest, struct vfio_device *vdev)
{
	memset(guest, 0, sizeof(*guest));
	guest->vdev = vdev;
	mutex_init(&guest->lock);
	INIT_LIST_HEAD(&guest->sets);
}

/**
 * vgpu_guest_fini() - undo vgpu_guest_init(); nothing may be pinned
 * @guest: the guest memory state
 */
void vgpu_guest_fini(struct vgpu_guest *guest)
{
	mutex_destroy(&guest->lock);
}

static void slot_release(struct vgpu_guest *guest, struct vgpu_guest_slot *s)
{
	if (!s->page)
		return;
	vfio_unpin_pages(guest->vdev, s->gfn << PAGE_SHIFT, 1);
	s->page = NULL;
	guest->nr_pinned--;
}

static void release_slots(struct vgpu_guest *guest)
{
	int i;

	for (i = 0; i < VGPU_GUEST_SLOTS; i++)
		slot_release(guest, &guest->slot[i]);
}

static struct vgpu_guest_slot *find_slot(struct vgpu_guest *guest, u64 gfn)
{
	struct vgpu_guest_slot *empty = NULL;
	int i;

	for (i = 0; i < VGPU_GUEST_SLOTS; i++) {
		struct vgpu_guest_slot *s = &guest->slot[i];

		if (s->page && s->gfn == gfn)
			return s;
		if (!s->page && !empty)
			empty = s;
	}
	if (empty)
		return empty;
	empty = &guest->slot[guest->victim];
	guest->victim = (guest->victim + 1) % VGPU_GUEST_SLOTS;
	slot_release(guest, empty);
	return empty;
}

static struct page *slot_page(struct vgpu_guest *guest, u64 gfn)
{
	struct vgpu_guest_slot *s = find_slot(guest, gfn);
	struct page *page;

	if (s->page)
		return s->page;
	if (vfio_pin_pages(guest->vdev, gfn << PAGE_SHIFT, 1,
			   IOMMU_READ | IOMMU_WRITE, &page) != 1)
		return NULL;
	s->gfn = gfn;
	s->page = page;
	guest->nr_pinned++;
	guest->pins_total++;
	return page;
}

/**
 * vgpu_guest_rw() - copy to or from one guest page
 * @guest: the guest memory state
 * @gpa: guest physical address
 * @buf: kernel buffer
 * @len: bytes; @gpa + @len stays within @gpa's page
 * @write: copy @buf into the guest rather than out of it
 *
 * Return: 0, or -EFAULT when the device is closed or the VMM mapped no
 * page at @gpa.
 */
int vgpu_guest_rw(struct vgpu_guest *guest, u64 gpa, void *buf, u32 len,
		  bool write)
{
	struct page *page = NULL;
	u8 *va;

	mutex_lock(&guest->lock);
	if (guest->open)
		page = slot_page(guest, gpa >> PAGE_SHIFT);
	if (page) {
		va = kmap_local_page(page);
		if (write)
			memcpy(va + offset_in_page(gpa), buf, len);
		else
			memcpy(buf, va + offset_in_page(gpa), len);
		kunmap_local(va);
	}
	mutex_unlock(&guest->lock);
	return page ? 0 : -EFAULT;
}

/*
 * How many frames from @i on are consecutive, up to what one VFIO call
 * takes: VFIO pins and unpins contiguous IOVA ranges only.
 */
static u32 gfn_run(const struct vgpu_pinset *set, u32 i)
{
	u32 run = 1;

	while (i + run < set->nr && run < VFIO_PIN_PAGES_MAX_ENTRIES &&
	       set->gfns[i + run] == set->gfns[i] + run)
		run++;
	return run;
}

/* Unpin a set's pages from VFIO, one run of consecutive frames at a time. */
static void set_unpin_vfio(struct vgpu_guest *guest, struct vgpu_pinset *set)
{
	u32 i, run;

	if (!set->vfio_pinned)
		return;
	for (i = 0; i < set->nr; i += run) {
		run = gfn_run(set, i);
		vfio_unpin_pages(guest->vdev, set->gfns[i] << PAGE_SHIFT, run);
	}
	set->vfio_pinned = false;
	guest->nr_pinned -= set->nr;
	list_del_init(&set->node);
}

static bool set_overlaps(const struct vgpu_pinset *set, u64 first, u64 end)
{
	u32 i;

	for (i = 0; i < set->nr; i++)
		if (set->gfns[i] >= first && set->gfns[i] < end)
			return true;
	return false;
}

/**
 * vgpu_guest_release_range() - drop every pin inside an IOVA range
 * @guest: the guest memory state
 * @iova: start of the range the VMM unmaps
 * @len: its length in bytes
 *
 * Pin sets with a page in the range are revoked as a whole.
 */
void vgpu_guest_release_range(struct vgpu_guest *guest, u64 iova, u64 len)
{
	u64 first = iova >> PAGE_SHIFT;
	u64 end = first + DIV_ROUND_UP(len, PAGE_SIZE);
	struct vgpu_pinset *set, *tmp;
	int i;

	if (end < first)
		end = U64_MAX;
	mutex_lock(&guest->lock);
	for (i = 0; i < VGPU_GUEST_SLOTS; i++) {
		struct vgpu_guest_slot *s = &guest->slot[i];

		if (s->page && s->gfn >= first && s->gfn < end)
			slot_release(guest, s);
	}
	list_for_each_entry_safe(set, tmp, &guest->sets, node) {
		if (!set_overlaps(set, first, end))
			continue;
		set_unpin_vfio(guest, set);
		set->revoke(set);
	}
	mutex_unlock(&guest->lock);
}

/**
 * vgpu_guest_open() - the device was opened: pins may be taken
 * @guest: the guest memory state
 */
void vgpu_guest_open(struct vgpu_guest *guest)
{
	mutex_lock(&guest->lock);
	guest->open = true;
	mutex_unlock(&guest->lock);
}

/**
 * vgpu_guest_reset() - drop the aperture's pins; buffers keep theirs
 * @guest: the guest memory state
 */
void vgpu_guest_reset(struct vgpu_guest *guest)
{
	mutex_lock(&guest->lock);
	release_slots(guest);
	mutex_unlock(&guest->lock);
}

/**
 * vgpu_guest_close() - the device is closing: drop every VFIO pin
 * @guest: the guest memory state
 *
 * VFIO unpins only for an open device, so this runs in close_device.
 * Pin sets keep their page references: a buffer user space holds stays
 * valid.
 */
void vgpu_guest_close(struct vgpu_guest *guest)
{
	struct vgpu_pinset *set, *tmp;

	mutex_lock(&guest->lock);
	release_slots(guest);
	list_for_each_entry_safe(set, tmp, &guest->sets, node)
		set_unpin_vfio(guest, set);
	guest->open = false;
	mutex_unlock(&guest->lock);
}

static int pin_runs(struct vgpu_guest *guest, struct vgpu_pinset *set,
		    u32 *done)
{
	u32 run;
	int ret;

	for (*done = 0; *done < set->nr; *done += run) {
		u32 i = *done;

		run = gfn_run(set, i);
		ret = vfio_pin_pages(guest->vdev, set->gfns[i] << PAGE_SHIFT,
				     run, IOMMU_READ | IOMMU_WRITE,
				     &set->pages[i]);
		if (ret != run)
			return ret < 0 ? ret : -EFAULT;
		guest->pins_total += run;
	}
	return 0;
}

/**
 * vgpu_guest_pin() - pin the pages of a set
 * @guest: the guest memory state
 * @set: @set->gfns and @set->nr filled, @set->pages room for @set->nr,
 *	@set->revoke set
 *
 * Return: 0, -ENODEV when the device is closed, -ENOSPC when
 * VGPU_GUEST_MAX_SETS sets hold pages already, or vfio_pin_pages()'s error
 * (-EINVAL for a frame the VMM did not map).
 */
int vgpu_guest_pin(struct vgpu_guest *guest, struct vgpu_pinset *set)
{
	u32 done, i;
	int ret;

	set->guest = guest;
	INIT_LIST_HEAD(&set->node);
	mutex_lock(&guest->lock);
	if (!guest->open || guest->nr_sets >= VGPU_GUEST_MAX_SETS) {
		ret = guest->open ? -ENOSPC : -ENODEV;
		mutex_unlock(&guest->lock);
		return ret;
	}
	ret = pin_runs(guest, set, &done);
	if (ret) {
		/* Unpin the runs that made it; set_unpin_vfio() walks them. */
		u32 nr = set->nr;

		set->nr = done;
		set->vfio_pinned = true;
		guest->nr_pinned += done;
		set_unpin_vfio(guest, set);
		set->nr = nr;
		mutex_unlock(&guest->lock);
		return ret;
	}
	for (i = 0; i < set->nr; i++)
		get_page(set->pages[i]);
	set->vfio_pinned = true;
	set->page_refs = true;
	guest->nr_sets++;
	guest->nr_pinned += set->nr;
	list_add(&set->node, &guest->sets);
	mutex_unlock(&guest->lock);
	return 0;
}

/**
 * vgpu_guest_unpin() - let go of a set's pages
 * @set: a set that vgpu_guest_pin() filled, or one it failed on
 */
void vgpu_guest_unpin(struct vgpu_pinset *set)
{
	struct vgpu_guest *guest = set->guest;
	u32 i;

	if (!guest)
		return;
	mutex_lock(&guest->lock);
	set_unpin_vfio(guest, set);
	if (set->page_refs)
		guest->nr_sets--;
	mutex_unlock(&guest->lock);
	for (i = 0; set->page_refs && i < set->nr; i++)
		put_page(set->pages[i]);
	set->page_refs = false;
}

/**
 * vgpu_guest_pinned() - pages pinned through VFIO now, and ever
 * @guest: the guest memory state
 * @total: set to the pages pinned since the vGPU was made, if not NULL
 *
 * Return: the pages pinned now, for sysfs, the tests and the benchmarks.
 */
unsigned int vgpu_guest_pinned(struct vgpu_guest *guest, u64 *total)
{
	unsigned int n;

	mutex_lock(&guest->lock);
	n = guest->nr_pinned;
	if (total)
		*total = guest->pins_total;
	mutex_unlock(&guest->lock);
	return n;
}
