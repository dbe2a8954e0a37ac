/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Interrupts, only so that the guest can sleep in hlt between flips instead
 * of spinning (under TCG a spinning guest costs a host core): the PIT's
 * IRQ0 wakes it, and a CPU exception is reported and ends the run.
 */
#ifndef GUEST_IRQ_H
#define GUEST_IRQ_H

#include <stdint.h>

/* Load the IDT and remap the 8259 PICs with only IRQ0 unmasked, IF still 0. */
void irq_init(void);

/* Called by isr.S for CPU exception @vector; prints it and exits. */
void guest_exception(uint32_t vector) __attribute__((noreturn));

#endif
