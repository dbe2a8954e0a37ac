/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Multiboot v1 entry. The loader leaves us in 32-bit protected mode with
 * paging and interrupts off, EAX = the multiboot magic, EBX = its info.
 * The spec leaves GDTR undefined, so load our own flat GDT before an IRET
 * or exception can reload a segment register from it.
 */
#define MB_MAGIC	0x1badb002
#define MB_FLAGS	0x00000002	/* ask for mem_lower/mem_upper */
#define CODE_SEL	0x08
#define DATA_SEL	0x10

	.section .multiboot, "a"
	.align 4
	.long MB_MAGIC, MB_FLAGS, -(MB_MAGIC + MB_FLAGS)

	.data
	.align 8
gdt:
	.quad 0
	.quad 0x00cf9a000000ffff	/* CODE_SEL: 32-bit code, base 0, 4 GiB */
	.quad 0x00cf92000000ffff	/* DATA_SEL: data, base 0, 4 GiB */
gdt_desc:
	.word gdt_desc - gdt - 1
	.long gdt

	.bss
	.align 16
stack:
	.skip 16384
stack_top:

	.text
	.globl _start
_start:
	cli
	mov %eax, %esi			/* keep the magic; EBX stays untouched */
	lgdt gdt_desc
	ljmp $CODE_SEL, $1f
1:	mov $DATA_SEL, %eax
	mov %eax, %ds
	mov %eax, %es
	mov %eax, %fs
	mov %eax, %gs
	mov %eax, %ss
	/* Zero .bss ourselves rather than trust every loader to. */
	cld
	mov $__bss_start, %edi
	mov $__bss_end, %ecx
	sub %edi, %ecx
	xor %eax, %eax
	rep stosb
	mov $stack_top, %esp
	push %ebx
	push %esi
	call guest_main
2:	cli
	hlt
	jmp 2b

	.section .note.GNU-stack, "", @progbits
