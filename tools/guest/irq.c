// SPDX-License-Identifier: GPL-2.0
#include "guest.h"
#include "io.h"
#include "irq.h"
#include "serial.h"

#define NR_EXCEPTIONS	32
#define PIC_BASE	0x20	/* vectors 0x20..0x2f: past the exceptions */
#define NR_VECTORS	(PIC_BASE + 16)
#define GATE_INTR32	0x8e	/* present, ring 0, 32-bit interrupt gate */
#define STUB_SIZE	8	/* isr.S aligns each exception stub to 8 */

#define PIC1_CMD	0x20
#define PIC1_DATA	0x21
#define PIC2_CMD	0xa0
#define PIC2_DATA	0xa1

struct idt_gate {
	uint16_t offset_lo;
	uint16_t selector;
	uint8_t zero;
	uint8_t type;
	uint16_t offset_hi;
} __attribute__((packed));

struct idt_desc {
	uint16_t limit;
	uint32_t base;
} __attribute__((packed));

/* isr.S */
extern const char exception_stubs[];
extern const char irq0_entry[];
extern const char irq_ignore[];

static struct idt_gate idt[NR_VECTORS];

static void set_gate(int vector, const void *handler, uint16_t cs)
{
	uint32_t a = (uint32_t)(uintptr_t)handler;

	idt[vector] = (struct idt_gate){ (uint16_t)a, cs, 0, GATE_INTR32,
					 (uint16_t)(a >> 16) };
}

static void load_idt(void)
{
	struct idt_desc d = { sizeof(idt) - 1, (uint32_t)(uintptr_t)idt };
	uint16_t cs;
	int v;

	__asm__ volatile("mov %%cs, %0" : "=r"(cs));
	for (v = 0; v < NR_EXCEPTIONS; v++)
		set_gate(v, exception_stubs + v * STUB_SIZE, cs);
	set_gate(PIC_BASE, irq0_entry, cs);
	/* Masked lines, and the spurious IRQ7 and IRQ15 the PICs may send. */
	for (v = PIC_BASE + 1; v < NR_VECTORS; v++)
		set_gate(v, irq_ignore, cs);
	__asm__ volatile("lidt %0" : : "m"(d));
}

/* Move the PICs off the exception vectors the BIOS left them on. */
static void remap_pics(void)
{
	outb(PIC1_CMD, 0x11);		/* ICW1: initialise, ICW4 follows */
	outb(PIC2_CMD, 0x11);
	outb(PIC1_DATA, PIC_BASE);	/* ICW2: vector bases */
	outb(PIC2_DATA, PIC_BASE + 8);
	outb(PIC1_DATA, 0x04);		/* ICW3: the slave is on IRQ2 */
	outb(PIC2_DATA, 0x02);
	outb(PIC1_DATA, 0x01);		/* ICW4: 8086 mode */
	outb(PIC2_DATA, 0x01);
	outb(PIC1_DATA, 0xfe);		/* masks: IRQ0 only */
	outb(PIC2_DATA, 0xff);
}

void irq_init(void)
{
	cli();
	load_idt();
	remap_pics();
}

void guest_exception(uint32_t vector)
{
	say("CPU exception %u", vector);
	guest_exit(GUEST_EXIT_FAIL);
}
