/* SPDX-License-Identifier: GPL-2.0 */
/* Interrupt entry points; irq.c puts them in the IDT. */

	.text

/*
 * One stub per CPU exception, 8 bytes apart so that irq.c can find stub n
 * at exception_stubs + 8 * n. Each pushes its vector; none returns, so the
 * error code some exceptions push under it does not matter.
 */
	.globl exception_stubs
	.align 8
exception_stubs:
	.set vector, 0
	.rept 32
	.align 8
	pushl $vector
	jmp exception_common
	.set vector, vector + 1
	.endr

exception_common:
	cld
	call guest_exception	/* the pushed vector is its argument */

/* The PIT's tick: it only wakes the hlt, so acknowledge it and return. */
	.globl irq0_entry
irq0_entry:
	push %eax
	mov $0x20, %al
	outb %al, $0x20		/* end of interrupt to the master PIC */
	pop %eax
	iret

	.globl irq_ignore
irq_ignore:
	iret

	.section .note.GNU-stack, "", @progbits
