// SPDX-License-Identifier: GPL-2.0
/*
 * The guest's interrupt registers, shaped like those of Intel's display
 * engine (one set, pipe A's): ISR shows the live level of a source, IMR
 * keeps an event from being latched, IIR holds latched events until the
 * guest writes ones to clear them, IER says which latched events
 * interrupt. Pure: the caller delivers the interrupt (an MSI) when these
 * functions say so.
 *
 * An event interrupts when it is latched afresh with its IER bit set, or
 * when IER enables an event already latched: one MSI per new reason, and
 * none while the guest has not cleared the last one, so a guest that
 * ignores its vblanks is not flooded with them.
 */
#include <linux/types.h>

#include "vgpu_hw.h"

/**
 * vgpu_intr_reset() - every event masked, none latched or enabled
 * @intr: the interrupt registers
 *
 * The hotplug line's level is the monitor's and stays.
 */
void vgpu_intr_reset(struct vgpu_intr *intr)
{
	intr->imr = ~0u;
	intr->iir = 0;
	intr->ier = 0;
}

/**
 * vgpu_intr_read() - a guest's read of DE_PIPE_ISR, IMR, IIR or IER
 * @intr: the interrupt registers
 * @off: the register's BAR0 offset
 *
 * Return: its value; vblank and flip done are pulses, which ISR shows as 0.
 */
u32 vgpu_intr_read(const struct vgpu_intr *intr, u32 off)
{
	switch (off) {
	case VGPU_DE_PIPE_ISR:
		return intr->connected ? VGPU_INT_HOTPLUG : 0;
	case VGPU_DE_PIPE_IMR:
		return intr->imr;
	case VGPU_DE_PIPE_IIR:
		return intr->iir;
	case VGPU_DE_PIPE_IER:
		return intr->ier;
	default:
		return 0;
	}
}

/**
 * vgpu_intr_write() - a guest's write of DE_PIPE_IMR, IIR or IER
 * @intr: the interrupt registers
 * @off: the register's BAR0 offset; ISR and others ignore the write
 * @val: the value; bits of no event are ignored, IIR clears the bits set
 *
 * Return: true when the guest must be interrupted: IER enabled an event
 * that was latched already.
 */
bool vgpu_intr_write(struct vgpu_intr *intr, u32 off, u32 val)
{
	u32 old;

	switch (off) {
	case VGPU_DE_PIPE_IMR:
		intr->imr = (intr->imr & ~VGPU_INT_ALL) | (val & VGPU_INT_ALL);
		return false;
	case VGPU_DE_PIPE_IIR:
		intr->iir &= ~val;
		return false;
	case VGPU_DE_PIPE_IER:
		old = intr->ier;
		intr->ier = val & VGPU_INT_ALL;
		return intr->iir & intr->ier & ~old;
	default:
		return false;
	}
}

/**
 * vgpu_intr_raise() - events happened
 * @intr: the interrupt registers
 * @events: VGPU_INT_* bits
 *
 * Return: true when the guest must be interrupted: an event it enabled
 * was latched and was not latched before.
 */
bool vgpu_intr_raise(struct vgpu_intr *intr, u32 events)
{
	u32 fresh = events & VGPU_INT_ALL & ~intr->imr & ~intr->iir;

	intr->iir |= fresh;
	return fresh & intr->ier;
}

/**
 * vgpu_intr_wanted() - the events that would interrupt the guest now
 * @intr: the interrupt registers
 *
 * A vblank timer runs only for these.
 *
 * Return: VGPU_INT_* bits neither masked nor disabled.
 */
u32 vgpu_intr_wanted(const struct vgpu_intr *intr)
{
	return ~intr->imr & intr->ier & VGPU_INT_ALL;
}
