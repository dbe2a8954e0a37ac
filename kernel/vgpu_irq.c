// SPDX-License-Identifier: GPL-2.0
/*
 * The vGPU's interrupts, both ways, as VFIO eventfds:
 *
 * - toward the VMM, the PCI request IRQ and the display IRQ
 *   (VGPU_DISPLAY_IRQ_INDEX) that says the guest flipped, changed the mode
 *   or moved the cursor, so that the VMM need not poll;
 * - toward the guest, its MSI (VFIO_PCI_MSI_IRQ_INDEX, which QEMU's
 *   vfio-pci wires to the guest's MSI capability), raised through the
 *   Intel-shaped interrupt registers of vgpu_intr.c: vblank, flip done
 *   and hotplug.
 *
 * The display IRQ is level-like and automasked, as VFIO defines for INTx:
 * once signalled it stays quiet until the VMM unmasks it (normally after
 * querying the planes), and what happened meanwhile is remembered as one
 * pending signal that unmasking delivers. So a guest flipping in a loop
 * costs the host one wakeup per frame the VMM actually takes, never more.
 *
 * Vblanks come every 1/60 s while the pipe is enabled. The frame counter
 * and the latched vblank and flip-done bits are worked out from the time
 * whenever the guest reads them, so a timer is needed only to interrupt
 * the guest: it runs while the pipe is on, an MSI is armed and the guest
 * enabled and unmasked the vblank (or flip done, with a flip waiting),
 * and not otherwise. A flip (a PLANE_SURF write) shows at once; its flip
 * done comes at the next vblank, or at once while the pipe is off.
 */
#include <linux/bitops.h>
#include <linux/eventfd.h>
#include <linux/hrtimer.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/spinlock.h>
#include <linux/uaccess.h>
#include <linux/vfio.h>

#include "vgpu_drv.h"

#define FRAME_NS	DIV_ROUND_CLOSEST_ULL(NSEC_PER_SEC * 1000ULL, \
					      VGPU_REFRESH_MHZ)

static enum hrtimer_restart vblank_fire(struct hrtimer *timer);

/**
 * vgpu_irqs_init() - no eventfds armed, the guest's interrupts reset
 * @irqs: the vGPU's interrupts
 */
void vgpu_irqs_init(struct vgpu_irqs *irqs)
{
	spin_lock_init(&irqs->lock);
	irqs->req = NULL;
	irqs->display = NULL;
	irqs->msi = NULL;
	irqs->masked = false;
	irqs->pending = false;
	vgpu_intr_reset(&irqs->intr);
	irqs->intr.connected = true;
	hrtimer_setup(&irqs->vblank, vblank_fire, CLOCK_MONOTONIC,
		      HRTIMER_MODE_ABS_SOFT);
	irqs->pipe_on = false;
	irqs->flip_pending = false;
	irqs->frames_before = 0;
	irqs->frames_seen = 0;
}

/* The frame counter at @now, read under the lock (so not before frame0). */
static u32 frames_locked(const struct vgpu_irqs *irqs, ktime_t now)
{
	if (!irqs->pipe_on || ktime_before(now, irqs->frame0))
		return irqs->frames_before;
	return irqs->frames_before +
	       (u32)div64_u64(ktime_to_ns(ktime_sub(now, irqs->frame0)),
			      FRAME_NS);
}

static void msi_locked(struct vgpu_irqs *irqs)
{
	if (irqs->msi)
		vgpu_eventfd_signal(irqs->msi);
}

static void raise_locked(struct vgpu_irqs *irqs, u32 events)
{
	if (vgpu_intr_raise(&irqs->intr, events))
		msi_locked(irqs);
}

/* Latch the vblank (and a waiting flip's done) if one passed since. */
static void catch_up_locked(struct vgpu_irqs *irqs, ktime_t now)
{
	u32 frames = frames_locked(irqs, now);

	if (frames == irqs->frames_seen)
		return;
	irqs->frames_seen = frames;
	if (irqs->flip_pending) {
		irqs->flip_pending = false;
		raise_locked(irqs, VGPU_INT_VBLANK | VGPU_INT_FLIP_DONE);
	} else {
		raise_locked(irqs, VGPU_INT_VBLANK);
	}
}

/*
 * Whether a vblank would interrupt the guest: only then is the timer on.
 * An event the guest has not acked (its IIR bit set) sends no new MSI, so
 * it does not keep the timer either; the ack re-evaluates.
 */
static bool vblank_wanted_locked(const struct vgpu_irqs *irqs)
{
	u32 wanted = vgpu_intr_wanted(&irqs->intr) & ~irqs->intr.iir;

	if (!irqs->pipe_on || !irqs->msi)
		return false;
	return wanted & VGPU_INT_VBLANK ||
	       (irqs->flip_pending && wanted & VGPU_INT_FLIP_DONE);
}

/*
 * The vblank after @now, in 64 bits: a 32-bit frame count wraps after 828
 * days, and an expiry in the past would rerun the timer without end.
 */
static ktime_t next_vblank_locked(const struct vgpu_irqs *irqs, ktime_t now)
{
	u64 since = 0;

	if (!ktime_before(now, irqs->frame0))
		since = ktime_to_ns(ktime_sub(now, irqs->frame0));
	return ktime_add_ns(irqs->frame0,
			    (div64_u64(since, FRAME_NS) + 1) * FRAME_NS);
}

/*
 * Start or stop the timer to match. A timer whose callback runs is not
 * queued, so it is started here if wanted and the callback, seeing it
 * queued, does not rearm it; stopping only tries, and a callback that
 * already chose to rearm gives one more vblank, which then stops.
 */
static void vblank_update_locked(struct vgpu_irqs *irqs)
{
	if (!vblank_wanted_locked(irqs)) {
		hrtimer_try_to_cancel(&irqs->vblank);
		return;
	}
	if (!hrtimer_is_queued(&irqs->vblank))
		hrtimer_start(&irqs->vblank,
			      next_vblank_locked(irqs, ktime_get()),
			      HRTIMER_MODE_ABS_SOFT);
}

static enum hrtimer_restart vblank_fire(struct hrtimer *timer)
{
	struct vgpu_irqs *irqs = container_of(timer, struct vgpu_irqs, vblank);
	enum hrtimer_restart ret = HRTIMER_NORESTART;
	ktime_t now;

	spin_lock(&irqs->lock);
	/* After the lock: the pipe may have restarted while we waited. */
	now = ktime_get();
	catch_up_locked(irqs, now);
	/* Queued already if an update started it while this one ran. */
	if (vblank_wanted_locked(irqs) && !hrtimer_is_queued(timer)) {
		hrtimer_set_expires(timer, next_vblank_locked(irqs, now));
		ret = HRTIMER_RESTART;
	}
	spin_unlock(&irqs->lock);
	return ret;
}

/**
 * vgpu_irqs_fini() - the vGPU goes: no timer may be left
 * @irqs: the vGPU's interrupts
 *
 * Close cancelled it already (only an open device arms MSI); this says so
 * where the memory is freed.
 */
void vgpu_irqs_fini(struct vgpu_irqs *irqs)
{
	hrtimer_cancel(&irqs->vblank);
}

/* Install @ctx (or none) as a trigger; the old one is returned to put. */
static struct eventfd_ctx *swap_trigger(struct vgpu_irqs *irqs,
					struct eventfd_ctx **slot,
					struct eventfd_ctx *ctx)
{
	struct eventfd_ctx *old;

	spin_lock_bh(&irqs->lock);
	old = *slot;
	*slot = ctx;
	if (slot == &irqs->display) {
		irqs->masked = false;
		irqs->pending = false;
	}
	vblank_update_locked(irqs);
	spin_unlock_bh(&irqs->lock);
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

	spin_lock_bh(&irqs->lock);
	armed = *slot;
	if (armed)
		vgpu_eventfd_signal(*slot);
	spin_unlock_bh(&irqs->lock);
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
	vgpu_eventfd_signal(irqs->display);
	irqs->masked = true;
}

/**
 * vgpu_irqs_display_event() - the guest wrote display registers
 * @irqs: the vGPU's interrupts
 * @events: VGPU_EVENT_* bits of what changed; none is no event
 * @pipe_on: whether the pipe is enabled after the write
 *
 * Tells the VMM (display IRQ), starts or stops the pipe's frames, and
 * makes a flip wait for its vblank.
 */
void vgpu_irqs_display_event(struct vgpu_irqs *irqs, u32 events,
			     bool pipe_on)
{
	ktime_t now;

	spin_lock_bh(&irqs->lock);
	now = ktime_get();
	catch_up_locked(irqs, now);
	if (pipe_on != irqs->pipe_on) {
		irqs->frames_before = frames_locked(irqs, now);
		irqs->frames_seen = irqs->frames_before;
		irqs->frame0 = now;
		irqs->pipe_on = pipe_on;
	}
	if (events & VGPU_EVENT_FLIP)
		irqs->flip_pending = true;
	/* No vblank will come: a flip waiting for one is done now. */
	if (!irqs->pipe_on && irqs->flip_pending) {
		irqs->flip_pending = false;
		raise_locked(irqs, VGPU_INT_FLIP_DONE);
	}
	if (events)
		display_signal_locked(irqs);
	vblank_update_locked(irqs);
	spin_unlock_bh(&irqs->lock);
}

/**
 * vgpu_irqs_hotplug() - the monitor was connected or disconnected
 * @irqs: the vGPU's interrupts
 * @connected: the link is up now
 */
void vgpu_irqs_hotplug(struct vgpu_irqs *irqs, bool connected)
{
	spin_lock_bh(&irqs->lock);
	irqs->intr.connected = connected;
	raise_locked(irqs, VGPU_INT_HOTPLUG);
	spin_unlock_bh(&irqs->lock);
}

/**
 * vgpu_irqs_serves() - whether a BAR0 register is the interrupt code's
 * @off: the register's offset
 *
 * Return: true for DE_PIPE_ISR, IMR, IIR, IER and PIPE_FRMCOUNT.
 */
bool vgpu_irqs_serves(u32 off)
{
	return (off >= VGPU_DE_PIPE_ISR && off <= VGPU_DE_PIPE_IER) ||
	       off == VGPU_PIPE_FRMCOUNT;
}

/**
 * vgpu_irqs_reg_read() - a guest's read of an interrupt register
 * @irqs: the vGPU's interrupts
 * @off: a register vgpu_irqs_serves()
 *
 * Return: its value, with the vblanks that passed since latched.
 */
u32 vgpu_irqs_reg_read(struct vgpu_irqs *irqs, u32 off)
{
	ktime_t now;
	u32 val;

	spin_lock_bh(&irqs->lock);
	now = ktime_get();
	catch_up_locked(irqs, now);
	if (off == VGPU_PIPE_FRMCOUNT)
		val = frames_locked(irqs, now);
	else
		val = vgpu_intr_read(&irqs->intr, off);
	spin_unlock_bh(&irqs->lock);
	return val;
}

/**
 * vgpu_irqs_reg_write() - a guest's write of an interrupt register
 * @irqs: the vGPU's interrupts
 * @off: a register vgpu_irqs_serves()
 * @val: the value written
 */
void vgpu_irqs_reg_write(struct vgpu_irqs *irqs, u32 off, u32 val)
{
	spin_lock_bh(&irqs->lock);
	/* What passed under the old mask is latched, or not, by it. */
	catch_up_locked(irqs, ktime_get());
	if (vgpu_intr_write(&irqs->intr, off, val))
		msi_locked(irqs);
	vblank_update_locked(irqs);
	spin_unlock_bh(&irqs->lock);
}

/* The guest's side as after a reset: masked, the pipe off, no MSI. */
static struct eventfd_ctx *reset_guest_side(struct vgpu_irqs *irqs)
{
	struct eventfd_ctx *msi;

	spin_lock_bh(&irqs->lock);
	vgpu_intr_reset(&irqs->intr);
	irqs->pipe_on = false;
	irqs->flip_pending = false;
	irqs->frames_before = 0;
	irqs->frames_seen = 0;
	msi = irqs->msi;
	irqs->msi = NULL;
	spin_unlock_bh(&irqs->lock);
	/* Nothing can start it again now; wait for a running callback. */
	hrtimer_cancel(&irqs->vblank);
	return msi;
}

/**
 * vgpu_irqs_reset() - device reset: the display IRQ and MSI are disarmed
 * @irqs: the vGPU's interrupts
 *
 * The VMM re-arms them, as after a reset of a real device. The request
 * IRQ belongs to the VFIO device, not to the hardware, and stays.
 */
void vgpu_irqs_reset(struct vgpu_irqs *irqs)
{
	struct eventfd_ctx *msi = reset_guest_side(irqs);

	if (msi)
		eventfd_ctx_put(msi);
	set_trigger(irqs, &irqs->display, NULL);
}

/**
 * vgpu_irqs_release() - the VMM closed the device: every eventfd goes
 * @irqs: the vGPU's interrupts
 */
void vgpu_irqs_release(struct vgpu_irqs *irqs)
{
	vgpu_irqs_reset(irqs);
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
	} else if (info.index == VFIO_PCI_MSI_IRQ_INDEX) {
		/* As vfio-pci says of MSI: one vector, the count is fixed. */
		info.flags = VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE;
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

/*
 * ACTION_TRIGGER with an eventfd: arm it, or disarm with fd -1. As in
 * vfio-pci, any negative fd disarms MSI; the others refuse one below -1
 * and change nothing then.
 */
static long set_eventfd(struct vgpu_irqs *irqs, struct eventfd_ctx **slot,
			const u8 *data)
{
	struct eventfd_ctx *ctx;
	s32 fd;

	memcpy(&fd, data, sizeof(fd));
	if (fd < -1 && slot != &irqs->msi)
		return -EINVAL;
	if (fd < 0) {
		set_trigger(irqs, slot, NULL);
		return 0;
	}
	ctx = eventfd_ctx_fdget(fd);
	if (IS_ERR(ctx)) {
		/* vfio-pci tears MSI down before it looks at the new fd. */
		if (slot == &irqs->msi)
			set_trigger(irqs, slot, NULL);
		return PTR_ERR(ctx);
	}
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

static void display_set_mask(struct vgpu_irqs *irqs, bool mask)
{
	spin_lock_bh(&irqs->lock);
	if (mask) {
		irqs->masked = true;
	} else {
		irqs->masked = false;
		if (irqs->pending) {
			irqs->pending = false;
			display_signal_locked(irqs);
		}
	}
	spin_unlock_bh(&irqs->lock);
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
 * The request IRQ and MSI take triggers only; the display IRQ also masks
 * and unmasks. Other indexes have no IRQs.
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
		  hdr.index == VFIO_PCI_MSI_IRQ_INDEX ||
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
	if (hdr.index == VFIO_PCI_MSI_IRQ_INDEX &&
	    action == VFIO_IRQ_SET_ACTION_TRIGGER)
		return set_trigger_action(irqs, &irqs->msi, &hdr, data);
	if (hdr.index != VGPU_DISPLAY_IRQ_INDEX)
		return -EINVAL;
	if (action == VFIO_IRQ_SET_ACTION_TRIGGER)
		return set_trigger_action(irqs, &irqs->display, &hdr, data);
	return set_display_mask(irqs, &hdr, data);
}
