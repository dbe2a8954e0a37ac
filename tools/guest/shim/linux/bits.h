/* SPDX-License-Identifier: GPL-2.0 */
/* The guest's build of kernel/vgpu_hw.h: the kernel's BIT(). */
#ifndef GUEST_SHIM_BITS_H
#define GUEST_SHIM_BITS_H
#define BIT(n) (1ul << (n))
#endif
