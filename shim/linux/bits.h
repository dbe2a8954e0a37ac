/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Host build: the kernel's BIT() for kernel/vgpu_hw.h. */
#ifndef VGPU_SHIM_BITS_H
#define VGPU_SHIM_BITS_H
#define BIT(n) (1ul << (n))
#endif
