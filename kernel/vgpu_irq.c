// SPDX-License-Identifier: GPL-2.0
/*
 * The vGPU's interrupts, as VFIO eventfds: the PCI request IRQ, and the
 * display IRQ (VGPU_DISPLAY_IRQ_INDEX) that tells the VMM the guest flipped,
 * changed the mode or moved the cursor, so that it need not poll.
 *
 * The display IRQ is level-like and automasked, as VFIO defines for INTx:
 * once signalled it stays quiet until the VMM unmasks it (normally after
 * querying the planes), and what happened meanwhile is remembered as one
 * pending signal that unmasking delivers. So a guest flipping in a loop
 * costs the host one wakeup per frame the VMM actually takes, never more.
 */
#include <linux/bitops.h>
#include <linux/eventfd.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "vgpu_drv.h"

/**
 * vgpu_irqs_init() - no eventfds armed
 * @irqs: the vGPU's interrupts
 */
void vgpu_irqs_init(struct vgpu_irqs *irqs)
{
	spin_lock_init(&irqs->lock);
	irqs->req = NULL;
	irqs->display = NULL;
	irqs->masked = false;
	irqs->pending = false;
}

/* Install @ctx (or none) as a trigger; the old one is returned to put. */
static struct eventfd_ctx *swap_trigger(struct vgpu_irqs *irqs,
					struct eventfd_ctx **slot,
					struct eventfd_ctx *ctx)
{
	struct eventfd_ctx *old;

	spin_lock(&irqs->lock);
	old = *slot;
	*slot = ctx;
	if (slot == &irqs->display) {
		irqs->masked = false;
		irqs->pending = false;
	}
	spin_unlock(&irqs->lock);
	return old;
}

static void set_trigger(struct vgpu_irqs *irqs, struct eventfd_ctx **slot,
			struct eventfd_ctx *ctx)
{
	struct eventfd_ctx *old = swap_trigger(irqs, slot, ctx);

	if (old)
		eventfd_ctx_put(old);
}

/* Signal a trigger whatever the mask (VFIO's loopback); false if unarmed. */
static bool signal_trigger(struct vgpu_irqs *irqs, struct eventfd_ctx **slot)
{
	bool armed;

	spin_lock(&irqs->lock);
	armed = *slot;
	if (armed)
		eventfd_signal(*slot, 1);
	spin_unlock(&irqs->lock);
	return armed;
}

/**
 * vgpu_irqs_request() - ask the VMM to release the device
 * @irqs: the vGPU's interrupts
 *
 * Return: false when the VMM armed no request eventfd.
 */
bool vgpu_irqs_request(struct vgpu_irqs *irqs)
{
	return signal_trigger(irqs, &irqs->req);
}

/* Called with irqs->lock held. */
static void display_signal_locked(struct vgpu_irqs *irqs)
{
	if (!irqs->display)
		return;
	if (irqs->masked) {
		irqs->pending = true;
		return;
	}
	eventfd_signal(irqs->display, 1);
	irqs->masked = true;
}

/**
 * vgpu_irqs_display_event() - the guest changed what the display shows
 * @irqs: the vGPU's interrupts
 * @events: VGPU_EVENT_* bits; none is no event
 */
void vgpu_irqs_display_event(struct vgpu_irqs *irqs, u32 events)
{
	if (!events)
		return;
	spin_lock(&irqs->lock);
	display_signal_locked(irqs);
	spin_unlock(&irqs->lock);
}

static void display_set_mask(struct vgpu_irqs *irqs, bool mask)
{
	spin_lock(&irqs->lock);
	if (mask) {
		irqs->masked = true;
	} else {
		irqs->masked = false;
		if (irqs->pending) {
			irqs->pending = false;
			display_signal_locked(irqs);
		}
	}
	spin_unlock(&irqs->lock);
}

/**
 * vgpu_irqs_reset() - device reset: the display IRQ is disarmed
 * @irqs: the vGPU's interrupts
 *
 * The VMM re-arms it, as after a reset of a real device. The request IRQ
 * belongs to the VFIO device, not to the hardware, and stays.
 */
void vgpu_irqs_reset(struct vgpu_irqs *irqs)
{
	set_trigger(irqs, &irqs->display, NULL);
}

/**
 * vgpu_irqs_release() - the VMM closed the device: every eventfd goes
 * @irqs: the vGPU's interrupts
 */
void vgpu_irqs_release(struct vgpu_irqs *irqs)
{
	set_trigger(irqs, &irqs->display, NULL);
	set_trigger(irqs, &irqs->req, NULL);
}

/**
 * vgpu_irqs_get_info() - VFIO_DEVICE_GET_IRQ_INFO
 * @arg: the user's struct vfio_irq_info
 *
 * Return: 0 or a negative errno.
 */
long vgpu_irqs_get_info(void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_info, count);
	struct vfio_irq_info info;

	if (copy_from_user(&info, arg, minsz))
		return -EFAULT;
	if (info.argsz < minsz || info.index >= VGPU_NUM_IRQS)
		return -EINVAL;
	info.flags = 0;
	info.count = 0;
	if (info.index == VFIO_PCI_REQ_IRQ_INDEX) {
		info.flags = VFIO_IRQ_INFO_EVENTFD;
		info.count = 1;
	} else if (info.index == VGPU_DISPLAY_IRQ_INDEX) {
		info.flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_MASKABLE |
			     VFIO_IRQ_INFO_AUTOMASKED;
		info.count = 1;
	}
	return copy_to_user(arg, &info, minsz) ? -EFAULT : 0;
}

/* Whether the data of a DATA_NONE or DATA_BOOL request says "do it". */
static bool data_says_yes(const struct vfio_irq_set *hdr, const u8 *data)
{
	if ((hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK) == VFIO_IRQ_SET_DATA_BOOL)
		return *data;
	return true;
}

/* ACTION_TRIGGER with an eventfd: arm it, or disarm with fd -1. */
static long set_eventfd(struct vgpu_irqs *irqs, struct eventfd_ctx **slot,
			const u8 *data)
{
	struct eventfd_ctx *ctx;
	s32 fd;

	memcpy(&fd, data, sizeof(fd));
	if (fd < 0) {
		set_trigger(irqs, slot, NULL);
		return fd == -1 ? 0 : -EINVAL;
	}
	ctx = eventfd_ctx_fdget(fd);
	if (IS_ERR(ctx))
		return PTR_ERR(ctx);
	set_trigger(irqs, slot, ctx);
	return 0;
}

static long set_trigger_action(struct vgpu_irqs *irqs,
			       struct eventfd_ctx **slot,
			       const struct vfio_irq_set *hdr, const u8 *data)
{
	u32 type = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;

	if (type == VFIO_IRQ_SET_DATA_EVENTFD) {
		/* No IRQs means no fd: without this, fd 0 would be armed. */
		if (!hdr->count)
			return -EINVAL;
		return set_eventfd(irqs, slot, data);
	}
	if (!hdr->count) {
		/* DATA_NONE with no IRQs: VFIO's way to disarm. */
		if (type != VFIO_IRQ_SET_DATA_NONE)
			return -EINVAL;
		set_trigger(irqs, slot, NULL);
		return 0;
	}
	if (data_says_yes(hdr, data))
		signal_trigger(irqs, slot);
	return 0;
}

static long set_display_mask(struct vgpu_irqs *irqs,
			     const struct vfio_irq_set *hdr, const u8 *data)
{
	u32 type = hdr->flags & VFIO_IRQ_SET_DATA_TYPE_MASK;

	/* No irqfd masking: masks are plain requests. */
	if (type == VFIO_IRQ_SET_DATA_EVENTFD || !hdr->count)
		return -EINVAL;
	if (data_says_yes(hdr, data))
		display_set_mask(irqs, (hdr->flags & VFIO_IRQ_SET_ACTION_MASK));
	return 0;
}

/**
 * vgpu_irqs_set() - VFIO_DEVICE_SET_IRQS
 * @irqs: the vGPU's interrupts
 * @arg: the user's struct vfio_irq_set and its data
 *
 * The request IRQ takes triggers only; the display IRQ also masks and
 * unmasks. Other indexes have no IRQs.
 *
 * Return: 0 or a negative errno: -EINVAL for a malformed request, -EBADF
 * or -EINVAL for an fd that is not an eventfd.
 */
long vgpu_irqs_set(struct vgpu_irqs *irqs, void __user *arg)
{
	unsigned long minsz = offsetofend(struct vfio_irq_set, count);
	struct vfio_irq_set hdr;
	u8 data[sizeof(s32)] = { 0 };
	size_t data_size = 0;
	u32 action;
	int nr_irqs, ret;

	if (copy_from_user(&hdr, arg, minsz))
		return -EFAULT;
	nr_irqs = hdr.index == VFIO_PCI_REQ_IRQ_INDEX ||
		  hdr.index == VGPU_DISPLAY_IRQ_INDEX ? 1 : 0;
	ret = vfio_set_irqs_validate_and_prepare(&hdr, nr_irqs, VGPU_NUM_IRQS,
						 &data_size);
	if (ret)
		return ret;
	/* Validation leaves data_size 0 for DATA_NONE, else count * size. */
	if (data_size > sizeof(data))
		return -EINVAL;
	if (data_size && copy_from_user(data, arg + minsz, data_size))
		return -EFAULT;

	action = hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
	if (hweight32(action) != 1)
		return -EINVAL;
	if (hdr.index == VFIO_PCI_REQ_IRQ_INDEX &&
	    action == VFIO_IRQ_SET_ACTION_TRIGGER)
		return set_trigger_action(irqs, &irqs->req, &hdr, data);
	if (hdr.index != VGPU_DISPLAY_IRQ_INDEX)
		return -EINVAL;
	if (action == VFIO_IRQ_SET_ACTION_TRIGGER)
		return set_trigger_action(irqs, &irqs->display, &hdr, data);
	return set_display_mask(irqs, &hdr, data);
}
