// SPDX-License-Identifier: GPL-2.0
#include "io.h"
#include "timer.h"

#define PIT_HZ		1193182
#define PIT_CH0		0x40
#define PIT_CH2		0x42
#define PIT_MODE	0x43
#define PORT_61		0x61	/* bit 0: channel 2's gate, bit 1: speaker */
#define TICK_HZ		100
/* Reads of channel 2 to wait for it to move before calling it dead. */
#define MAX_READS	1000000

static uint16_t last_count;	/* channel 2's count at the last look */
static uint64_t ticks;		/* PIT ticks counted so far */

static uint16_t read_ch2(void)
{
	uint8_t lo;

	outb(PIT_MODE, 0x80);	/* latch channel 2's count */
	lo = inb(PIT_CH2);
	return (uint16_t)(lo | inb(PIT_CH2) << 8);
}

/*
 * Channel 2 as a rate generator over 65536 (a count of 0): it counts down
 * forever, wrapping every 54.9 ms, and nothing sees it (speaker off).
 */
static void start_clock(void)
{
	outb(PORT_61, (uint8_t)((inb(PORT_61) & ~0x02) | 0x01));
	outb(PIT_MODE, 0xb4);	/* channel 2, low then high byte, mode 2 */
	outb(PIT_CH2, 0);
	outb(PIT_CH2, 0);
}

/* Channel 0 as a rate generator at TICK_HZ: IRQ0 wakes hlt. */
static void start_tick(void)
{
	uint32_t div = PIT_HZ / TICK_HZ;

	outb(PIT_MODE, 0x34);	/* channel 0, low then high byte, mode 2 */
	outb(PIT_CH0, div & 0xff);
	outb(PIT_CH0, (uint8_t)(div >> 8));
}

int timer_init(void)
{
	int i;

	start_clock();
	last_count = read_ch2();
	for (i = 0; i < MAX_READS && read_ch2() == last_count; i++)
		;
	if (i == MAX_READS)
		return -1;
	start_tick();
	timer_now();
	ticks = 0;
	return 0;
}

uint64_t timer_now(void)
{
	uint16_t count = read_ch2();

	/* It counts down; modulo 65536 a wrap needs no special case. */
	ticks += (uint16_t)(last_count - count);
	last_count = count;
	return ticks;
}

uint64_t timer_ms(uint32_t ms)
{
	/* PIT_HZ / 1000 is 1193.182: whole part and fraction, in 32 bits
	 * each, as there is no 64-bit division without libgcc. */
	return (uint64_t)ms * (PIT_HZ / 1000) + ms / 1000 * (PIT_HZ % 1000) +
	       ms % 1000 * (PIT_HZ % 1000) / 1000;
}

void timer_sleep_until(uint64_t deadline)
{
	for (;;) {
		cli();
		if (timer_now() >= deadline)
			return;
		sti_hlt();
	}
}
