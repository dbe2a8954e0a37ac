/* SPDX-License-Identifier: GPL-2.0 */
#ifndef GUEST_GUEST_H
#define GUEST_GUEST_H

#include <stdint.h>

/*
 * Codes for QEMU's isa-debug-exit (port 0xf4), which exits QEMU with status
 * code * 2 + 1: 33, 35 and 37. None is 0 or 1, so none can be mistaken for
 * QEMU's own success or error.
 */
#define GUEST_EXIT_OK		0x10	/* ran the flips= it was asked for */
#define GUEST_EXIT_NO_VGPU	0x11	/* no vGPU on any PCI bus */
#define GUEST_EXIT_FAIL		0x12	/* a vGPU, but it could not be driven */

/* Say the status QEMU will exit with and exit through isa-debug-exit; halt
 * forever when QEMU has no such device. */
void guest_exit(uint32_t code) __attribute__((noreturn));

#endif
