/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's console: COM1, one line per call. */
#ifndef GUEST_SERIAL_H
#define GUEST_SERIAL_H

void serial_init(void);

/*
 * Print "vgpu-guest: " + @fmt + "\n" on COM1. @fmt knows %s %c %d %u %x
 * and %%, with an optional '0' flag and width (e.g. %08x).
 */
void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
