/* SPDX-License-Identifier: GPL-2.0 OR MIT */
/*
 * Host build of the kernel's pure sources (kernel/vgpu_{cfg,regs,ggtt}.c)
 * and of tools that read kernel/vgpu_hw.h: the kernel's short type names
 * on top of the UAPI <linux/types.h>.
 */
#ifndef VGPU_SHIM_TYPES_H
#define VGPU_SHIM_TYPES_H
#include_next <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
#endif
