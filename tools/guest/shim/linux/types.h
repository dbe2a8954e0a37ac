/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The guest's build of kernel/vgpu_hw.h: the kernel's type names from the
 * compiler's own freestanding headers, as a 32-bit build has no UAPI
 * <asm/types.h> on an amd64 host without multilib packages.
 */
#ifndef GUEST_SHIM_TYPES_H
#define GUEST_SHIM_TYPES_H
#include <stdbool.h>
#include <stdint.h>

typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int32_t s32;
typedef int64_t s64;
#endif
