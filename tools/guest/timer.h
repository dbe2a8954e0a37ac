/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Time, from the PIT alone: channel 2 counts freely and is the clock,
 * channel 0's 100 Hz IRQ0 wakes the CPU from hlt to look at it. Not the
 * TSC: under TCG the guest's TSC was seen to run up to 20% slow for a
 * while, which made a TSC calibrated against the PIT a few percent off in
 * about one boot in ten. Deadlines are absolute, so nothing drifts.
 */
#ifndef GUEST_TIMER_H
#define GUEST_TIMER_H

#include <stdint.h>

/* Start both channels (after irq_init()); -1 if the PIT does not count. */
int timer_init(void);

/* PIT ticks since timer_init(). Exact as long as it is called at least
 * every 54 ms, which the 100 Hz tick sees to while sleeping. */
uint64_t timer_now(void);

/* @ms milliseconds in PIT ticks. */
uint64_t timer_ms(uint32_t ms);

/* Sleep in hlt until timer_now() reaches @deadline. */
void timer_sleep_until(uint64_t deadline);

#endif
