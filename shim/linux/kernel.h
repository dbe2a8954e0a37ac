/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/* Host build: the kernel's ARRAY_SIZE() for the pure sources. */
#ifndef VGPU_SHIM_KERNEL_H
#define VGPU_SHIM_KERNEL_H
#include_next <linux/kernel.h>
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif
