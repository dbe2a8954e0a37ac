// SPDX-License-Identifier: GPL-2.0
/*
 * The VFIO PCI device of a vGPU: regions, IRQs, reset and the VFIO core's
 * callbacks. A thin shell: it checks what the VMM asks for, takes the
 * vGPU's lock and hands the access to the emulated hardware.
 *
 * User memory is never touched with the lock held: accesses go through a
 * bounce buffer, one page at a time.
 */
#include <linux/eventfd.h>
#include <linux/mm.h>
#include <linux/pci_regs.h>
#include <linux/slab.h>
#include <linux/uaccess.h>
#include <linux/vfio_pci_core.h>
#include <asm/unaligned.h>

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
	default:
		return 0;
	}
}

/* The smallest access a region takes: registers and GGTT are dwords. */
static u32 region_granule(u32 index)
{
	return index == VFIO_PCI_BAR0_REGION_INDEX ? 4 : 1;
}

static void reset_locked(struct vgpu *vgpu)
{
	vgpu_cfg_reset(&vgpu->cfg);
	vgpu_regs_reset(&vgpu->regs, &vgpu->type->caps);
	vgpu_ggtt_reset(&vgpu->ggtt);
	vgpu_guest_release_all(&vgpu->guest);
}

static void bar0_access(struct vgpu *vgpu, u32 off, u8 *buf, u32 len,
			bool write)
{
	u32 i;

	for (i = 0; i < len; i += 4, off += 4) {
		if (off < VGPU_GGTT_BASE && write)
			vgpu_regs_write(&vgpu->regs, off,
					get_unaligned_le32(buf + i));
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
	u8 *bounce;

	/* No short accesses: a range that leaves the region is an error. */
	if (pos < 0 || !count || off >= size || count > size - off)
		return -EINVAL;
	if (!IS_ALIGNED(off, gran) || !IS_ALIGNED(count, gran))
		return -EINVAL;
	bounce = kmalloc(min_t(size_t, count, PAGE_SIZE), GFP_KERNEL);
	if (!bounce)
		return -ENOMEM;

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
	info.num_regions = VFIO_PCI_NUM_REGIONS;
	info.num_irqs = VFIO_PCI_NUM_IRQS;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long get_region_info(struct vgpu *vgpu, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_region_info, offset);
	struct vfio_region_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_REGIONS)
		return -EINVAL;
	info.size = region_size(vgpu, info.index);
	info.offset = VFIO_PCI_INDEX_TO_OFFSET(info.index);
	info.flags = info.size ?
		VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE : 0;
	info.cap_offset = 0;
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static long get_irq_info(void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VFIO_PCI_NUM_IRQS)
		return -EINVAL;
	info.flags = 0;
	info.count = 0;
	if (info.index == VFIO_PCI_REQ_IRQ_INDEX) {
		info.flags = VFIO_IRQ_INFO_EVENTFD;
		info.count = 1;
	}
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

static void set_req_trigger(struct vgpu *vgpu, struct eventfd_ctx *trigger)
{
	mutex_lock(&vgpu->lock);
	if (vgpu->req_trigger)
		eventfd_ctx_put(vgpu->req_trigger);
	vgpu->req_trigger = trigger;
	mutex_unlock(&vgpu->lock);
}

static void fire_req_trigger(struct vgpu *vgpu)
{
	mutex_lock(&vgpu->lock);
	if (vgpu->req_trigger)
		eventfd_signal(vgpu->req_trigger, 1);
	mutex_unlock(&vgpu->lock);
}

/* Only the request IRQ exists: a trigger, with eventfd, none or bool data. */
static long set_req_irq(struct vgpu *vgpu, const struct vfio_irq_set *hdr,
			const void *data)
{
	struct eventfd_ctx *trigger;
	s32 fd;

	if ((hdr->flags & VFIO_IRQ_SET_ACTION_TYPE_MASK) !=
	    VFIO_IRQ_SET_ACTION_TRIGGER)
		return -EINVAL;
	if (!hdr->count &&
	    (hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK) != VFIO_IRQ_SET_DATA_NONE)
		return -EINVAL;

	switch (hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK) {
	case VFIO_IRQ_SET_DATA_NONE:
		if (hdr->count)
			fire_req_trigger(vgpu);
		else
			set_req_trigger(vgpu, NULL);
		return 0;
	case VFIO_IRQ_SET_DATA_BOOL:
		if (*(const u8 *)data)
			fire_req_trigger(vgpu);
		return 0;
	default:
		memcpy(&fd, data, sizeof(fd));
		if (fd < 0) {
			set_req_trigger(vgpu, NULL);
			return fd == -1 ? 0 : -EINVAL;
		}
		trigger = eventfd_ctx_fdget(fd);
		if (IS_ERR(trigger))
			return PTR_ERR(trigger);
		set_req_trigger(vgpu, trigger);
		return 0;
	}
}

static long set_irqs(struct vgpu *vgpu, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct vfio_irq_set hdr;
	u8 data[sizeof(s32)] = { 0 };
	size_t data_size = 0;
	int nr_irqs, ret;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	nr_irqs = hdr.index == VFIO_PCI_REQ_IRQ_INDEX ? 1 : 0;
	ret = vfio_set_irqs_validate_and_prepare(&hdr, nr_irqs,
						 VFIO_PCI_NUM_IRQS, &data_size);
	if (ret)
		return ret;
	/* Validation leaves data_size 0 for DATA_NONE, else count * size. */
	if (data_size > sizeof(data))
		return -EINVAL;
	if (data_size && copy_from_user(data, arg + minsz, data_size))
		return -EFAULT;
	return set_req_irq(vgpu, &hdr, data);
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
		return get_region_info(vgpu, uarg);
	case VFIO_DEVICE_GET_IRQ_INFO:
		return get_irq_info(uarg);
	case VFIO_DEVICE_SET_IRQS:
		return set_irqs(vgpu, uarg);
	case VFIO_DEVICE_RESET:
		mutex_lock(&vgpu->lock);
		reset_locked(vgpu);
		mutex_unlock(&vgpu->lock);
		return 0;
	default:
		return -ENOTTY;
	}
}

static int vgpu_open_device(struct vfio_device *vdev)
{
	struct vgpu *vgpu = to_vgpu(vdev);

	mutex_lock(&vgpu->lock);
	reset_locked(vgpu);
	mutex_unlock(&vgpu->lock);
	return 0;
}

static void vgpu_close_device(struct vfio_device *vdev)
{
	struct vgpu *vgpu = to_vgpu(vdev);

	mutex_lock(&vgpu->lock);
	vgpu_guest_release_all(&vgpu->guest);
	mutex_unlock(&vgpu->lock);
	set_req_trigger(vgpu, NULL);
}

/* The mdev is being removed: ask the VMM to let go of the device. */
static void vgpu_request(struct vfio_device *vdev, unsigned int count)
{
	struct vgpu *vgpu = to_vgpu(vdev);

	mutex_lock(&vgpu->lock);
	if (vgpu->req_trigger)
		eventfd_signal(vgpu->req_trigger, 1);
	else if (!count)
		dev_notice(vdev->dev,
			   "in use and no request IRQ: removal waits for the VMM to close it\n");
	mutex_unlock(&vgpu->lock);
}

static void vgpu_dma_unmap(struct vfio_device *vdev, u64 iova, u64 length)
{
	struct vgpu *vgpu = to_vgpu(vdev);

	mutex_lock(&vgpu->lock);
	vgpu_guest_release_range(&vgpu->guest, iova, length);
	mutex_unlock(&vgpu->lock);
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
	vgpu_guest_init(&vgpu->guest, vdev);
	return 0;
}

static void vgpu_release_dev(struct vfio_device *vdev)
{
	struct vgpu *vgpu = to_vgpu(vdev);

	mutex_destroy(&vgpu->lock);
	kvfree(vgpu->ggtt.entries);
	vfio_free_device(vdev);
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
	.request = vgpu_request,
	.dma_unmap = vgpu_dma_unmap,
};

/**
 * vgpu_create() - make the VFIO device of a new mdev
 * @mdev: the mdev, whose type says the vGPU's limits
 *
 * Return: the vGPU, or an ERR_PTR.
 */
struct vgpu *vgpu_create(struct mdev_device *mdev)
{
	struct vgpu *vgpu;
	int ret;

	vgpu = vfio_alloc_device(vgpu, vdev, &mdev->dev, &vgpu_dev_ops);
	if (IS_ERR(vgpu))
		return vgpu;
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
 *
 * Return: the count, for sysfs and the tests.
 */
unsigned int vgpu_pinned_pages(struct vgpu *vgpu)
{
	unsigned int n;

	mutex_lock(&vgpu->lock);
	n = vgpu->guest.nr_pinned;
	mutex_unlock(&vgpu->lock);
	return n;
}
