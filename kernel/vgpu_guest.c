// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory, reached only through the IOVA space that the VMM mapped in
 * the VFIO container, so an IOVA the VMM never mapped cannot be reached at
 * all.
 *
 * - The aperture copies through VFIO (vfio_dma_rw()) and pins nothing.
 * - Plane buffers pin their pages through pin sets. A set also takes a
 *   page reference of its own on each page, so that the buffer's pages
 *   stay valid after the VFIO pins must go (the device is closed, or the
 *   VMM unmaps them); when the VMM unmaps one of the set's pages the set
 *   loses its pins and its owner's revoke callback runs.
 *
 * VFIO's dma_unmap notification drops every pin in the range at once.
 * Type1 then looks again and, while pins remain, notifies again, and BUGs
 * on the eleventh try: so a range whose unmap has begun takes no new pin
 * until the unmapping ioctl has returned. The callback runs in that
 * ioctl's task, and a task work queued there marks the return.
 */
#include <linux/iommu.h>
#include <linux/mm.h>
#include <linux/module.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/task_work.h>

#include "vgpu_drv.h"

/**
 * struct vgpu_unmapping - an IOVA range whose unmap ioctl is running
 * @work: queued on the unmapping task; runs when the ioctl returns
 * @node: in vgpu_guest.unmapping
 * @guest: the guest memory it belongs to, kept alive by a reference on
 *	its VFIO device
 * @task: the unmapping task
 * @first: first guest frame of the range
 * @end: the frame after its last
 */
struct vgpu_unmapping {
	struct callback_head work;
	struct list_head node;
	struct vgpu_guest *guest;
	struct task_struct *task;
	u64 first;
	u64 end;
};

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
	INIT_LIST_HEAD(&guest->unmapping);
}

/**
 * vgpu_guest_fini() - undo vgpu_guest_init(); nothing may be pinned
 * @guest: the guest memory state
 */
void vgpu_guest_fini(struct vgpu_guest *guest)
{
	mutex_destroy(&guest->lock);
}

/**
 * vgpu_guest_rw() - copy to or from guest memory within one page
 * @guest: the guest memory state
 * @gpa: guest physical address
 * @buf: kernel buffer
 * @len: bytes; @gpa + @len stays within @gpa's page
 * @write: copy @buf into the guest rather than out of it
 *
 * Through the VMM's own mapping, in its own task: nothing is pinned, so
 * the aperture can never hold up an unmap.
 *
 * Return: 0, or a negative errno when the device is closed, the VMM
 * mapped no memory at @gpa, or the caller is not the VMM's process.
 */
int vgpu_guest_rw(struct vgpu_guest *guest, u64 gpa, void *buf, u32 len,
		  bool write)
{
	if (!READ_ONCE(guest->open))
		return -EFAULT;
	return vfio_dma_rw(guest->vdev, gpa, buf, len, write);
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

/* The unmapping ioctl has returned: its range may be pinned again. */
static void unmapping_done(struct callback_head *work)
{
	struct vgpu_unmapping *u = container_of(work, struct vgpu_unmapping,
						work);
	struct vfio_device *vdev = u->guest->vdev;

	mutex_lock(&u->guest->lock);
	list_del(&u->node);
	mutex_unlock(&u->guest->lock);
	kfree(u);
	put_device(&vdev->device);
	/* Last: the module's text must stay until here. */
	module_put(THIS_MODULE);
}

/*
 * Remember that the current task is unmapping [first, end), once however
 * often type1 notifies; forgotten when its ioctl returns. Called with the
 * guest lock held.
 */
static void unmapping_begin(struct vgpu_guest *guest, u64 first, u64 end)
{
	struct vgpu_unmapping *u;

	list_for_each_entry(u, &guest->unmapping, node)
		if (u->task == current && u->first == first && u->end == end)
			return;
	/* Small, and the callback has no way to fail. */
	u = kzalloc(sizeof(*u), GFP_KERNEL | __GFP_NOFAIL);
	u->guest = guest;
	u->task = current;
	u->first = first;
	u->end = end;
	init_task_work(&u->work, unmapping_done);
	/* The device is open (its fd holds the module), so both are alive. */
	get_device(&guest->vdev->device);
	__module_get(THIS_MODULE);
	if (task_work_add(current, &u->work, TWA_RESUME)) {
		/* An exiting task runs no ioctl: nothing to guard. */
		put_device(&guest->vdev->device);
		module_put(THIS_MODULE);
		kfree(u);
		return;
	}
	list_add(&u->node, &guest->unmapping);
}

/**
 * vgpu_guest_release_range() - VFIO's dma_unmap: drop every pin in a range
 * @guest: the guest memory state
 * @iova: start of the range the VMM unmaps
 * @len: its length in bytes
 *
 * Pin sets with a page in the range are revoked as a whole, and the range
 * takes no new pin until the unmapping ioctl returns.
 */
void vgpu_guest_release_range(struct vgpu_guest *guest, u64 iova, u64 len)
{
	u64 first = iova >> PAGE_SHIFT;
	u64 end = first + DIV_ROUND_UP(len, PAGE_SIZE);
	struct vgpu_pinset *set, *tmp;

	if (end < first)
		end = U64_MAX;
	mutex_lock(&guest->lock);
	unmapping_begin(guest, first, end);
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
	list_for_each_entry_safe(set, tmp, &guest->sets, node)
		set_unpin_vfio(guest, set);
	guest->open = false;
	mutex_unlock(&guest->lock);
}

static bool set_being_unmapped(const struct vgpu_guest *guest,
			       const struct vgpu_pinset *set)
{
	const struct vgpu_unmapping *u;

	list_for_each_entry(u, &guest->unmapping, node)
		if (set_overlaps(set, u->first, u->end))
			return true;
	return false;
}

/*
 * Type1 reports a reserved page (a PFNMAP of driver memory as guest RAM)
 * as pinned without taking a reference, so the set's own page references
 * could free a page that was never counted: such memory is refused.
 */
static bool set_has_reserved(const struct vgpu_pinset *set)
{
	u32 i;

	for (i = 0; i < set->nr; i++)
		if (PageReserved(set->pages[i]))
			return true;
	return false;
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
 * VGPU_GUEST_MAX_SETS sets hold pages already, -EBUSY when the VMM is
 * unmapping some of the pages, -EINVAL for reserved memory, or
 * vfio_pin_pages()'s error (-EINVAL for a frame the VMM did not map).
 */
int vgpu_guest_pin(struct vgpu_guest *guest, struct vgpu_pinset *set)
{
	u32 done, i;
	int ret;

	set->guest = guest;
	INIT_LIST_HEAD(&set->node);
	mutex_lock(&guest->lock);
	if (!guest->open)
		ret = -ENODEV;
	else if (guest->nr_sets >= VGPU_GUEST_MAX_SETS)
		ret = -ENOSPC;
	else if (set_being_unmapped(guest, set))
		ret = -EBUSY;
	else
		ret = 0;
	if (ret) {
		mutex_unlock(&guest->lock);
		return ret;
	}
	ret = pin_runs(guest, set, &done);
	if (!ret && set_has_reserved(set))
		ret = -EINVAL;
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
