// SPDX-License-Identifier: GPL-2.0
/*
 * Guest memory, reached only through the IOVA space that the VMM mapped in
 * the VFIO container. Pages are pinned on first use with vfio_pin_pages()
 * and kept in a small fully associative cache, the vGPU's TLB, that evicts
 * in FIFO order: a guest that walks all of its memory through the aperture
 * never holds more than VGPU_GUEST_SLOTS pins. VFIO's dma_unmap notification, reset and close
 * drop them; type1 loops until a notified range has no pins left.
 */
#include <linux/highmem.h>
#include <linux/iommu.h>
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
}

static void slot_release(struct vgpu_guest *guest, struct vgpu_guest_slot *s)
{
	if (!s->page)
		return;
	vfio_unpin_pages(guest->vdev, s->gfn << PAGE_SHIFT, 1);
	s->page = NULL;
	guest->nr_pinned--;
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

static struct page *guest_page(struct vgpu_guest *guest, u64 gfn)
{
	struct vgpu_guest_slot *s = find_slot(guest, gfn);
	struct page *page;
	int ret;

	if (s->page)
		return s->page;
	ret = vfio_pin_pages(guest->vdev, gfn << PAGE_SHIFT, 1,
			     IOMMU_READ | IOMMU_WRITE, &page);
	if (ret != 1)
		return NULL;
	s->gfn = gfn;
	s->page = page;
	guest->nr_pinned++;
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
 * Return: 0, or -EFAULT when the VMM mapped no page at @gpa; a read then
 * fills @buf with zeros, so the guest sees a scratch page.
 */
int vgpu_guest_rw(struct vgpu_guest *guest, u64 gpa, void *buf, u32 len,
		  bool write)
{
	struct page *page = guest_page(guest, gpa >> PAGE_SHIFT);
	u8 *va;

	if (!page) {
		guest->nr_scratch++;
		if (!write)
			memset(buf, 0, len);
		return -EFAULT;
	}
	va = kmap_local_page(page);
	if (write)
		memcpy(va + offset_in_page(gpa), buf, len);
	else
		memcpy(buf, va + offset_in_page(gpa), len);
	kunmap_local(va);
	return 0;
}

/**
 * vgpu_guest_release_range() - unpin every page inside an IOVA range
 * @guest: the guest memory state
 * @iova: start of the range the VMM unmaps
 * @len: its length in bytes
 */
void vgpu_guest_release_range(struct vgpu_guest *guest, u64 iova, u64 len)
{
	int i;

	for (i = 0; i < VGPU_GUEST_SLOTS; i++) {
		struct vgpu_guest_slot *s = &guest->slot[i];

		if (s->page && (s->gfn << PAGE_SHIFT) - iova < len)
			slot_release(guest, s);
	}
}

/**
 * vgpu_guest_release_all() - unpin every page
 * @guest: the guest memory state
 *
 * The device must still be open: VFIO unpins only for an open device.
 */
void vgpu_guest_release_all(struct vgpu_guest *guest)
{
	int i;

	for (i = 0; i < VGPU_GUEST_SLOTS; i++)
		slot_release(guest, &guest->slot[i]);
}
