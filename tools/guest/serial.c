// SPDX-License-Identifier: GPL-2.0
/* COM1 at 115200 8N1, polled: the guest takes no serial interrupts. */
#include <stdarg.h>
#include <stdint.h>

#include "io.h"
#include "serial.h"

#define COM1		0x3f8
#define UART_THR	0	/* transmit holding register */
#define UART_DLL	0	/* divisor low byte, with DLAB set */
#define UART_IER	1	/* interrupt enable; divisor high byte with DLAB */
#define UART_FCR	2	/* FIFO control */
#define UART_LCR	3	/* line control */
#define UART_LSR	5	/* line status */
#define UART_LCR_DLAB	0x80
#define UART_LCR_8N1	0x03
#define UART_LSR_THRE	0x20	/* room for a byte */

void serial_init(void)
{
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_DLAB);
	outb(COM1 + UART_DLL, 1);	/* 115200 / 1 */
	outb(COM1 + UART_IER, 0);
	outb(COM1 + UART_LCR, UART_LCR_8N1);
	outb(COM1 + UART_FCR, 0xc7);	/* FIFOs on and emptied */
}

/* An absent UART reads 0xff, THRE included, so this cannot hang. */
static void put_char(char c)
{
	while (!(inb(COM1 + UART_LSR) & UART_LSR_THRE))
		;
	outb(COM1 + UART_THR, (uint8_t)c);
}

static void put_string(const char *s)
{
	while (*s)
		put_char(*s++);
}

/* @v in @base, at least @width digits wide, padded with @pad. */
static void put_number(uint32_t v, uint32_t base, int width, char pad)
{
	char digits[10];
	int n = 0;

	do {
		digits[n++] = "0123456789abcdef"[v % base];
		v /= base;
	} while (v);
	while (width-- > n)
		put_char(pad);
	while (n)
		put_char(digits[--n]);
}

/* One conversion of @fmt (after the '%'); returns where @fmt goes on. */
static const char *put_conversion(const char *fmt, va_list *ap)
{
	char pad = ' ';
	int width = 0;

	if (*fmt == '0')
		pad = *fmt++;
	while (*fmt >= '0' && *fmt <= '9')
		width = width * 10 + (*fmt++ - '0');
	switch (*fmt) {
	case 's':
		put_string(va_arg(*ap, const char *));
		break;
	case 'c':
		put_char((char)va_arg(*ap, int));
		break;
	case 'd': {
		int32_t v = va_arg(*ap, int32_t);

		if (v < 0)
			put_char('-');
		put_number(v < 0 ? 0u - (uint32_t)v : (uint32_t)v, 10,
			   width, pad);
		break;
	}
	case 'u':
		put_number(va_arg(*ap, uint32_t), 10, width, pad);
		break;
	case 'x':
		put_number(va_arg(*ap, uint32_t), 16, width, pad);
		break;
	default:	/* "%%", and anything unknown is printed as is */
		put_char(*fmt);
		break;
	}
	return *fmt ? fmt + 1 : fmt;
}

void say(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	put_string("vgpu-guest: ");
	while (*fmt) {
		if (*fmt == '%')
			fmt = put_conversion(fmt + 1, &ap);
		else
			put_char(*fmt++);
	}
	put_char('\n');
	va_end(ap);
}
