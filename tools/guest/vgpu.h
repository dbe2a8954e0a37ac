/* SPDX-License-Identifier: GPL-2.0 */
/* The vGPU as the guest drives it: BAR0's registers and GGTT. */
#ifndef GUEST_VGPU_H
#define GUEST_VGPU_H

#include <stdint.h>

#include "pci.h"

struct vgpu {
	uintptr_t bar0;
	uint32_t ggtt_entries;
	uint32_t max_width;
	uint32_t max_height;
};

/* Find the vGPU on any PCI bus; 0 when found. */
int vgpu_find(struct pci_dev *d);

/*
 * Find BAR0, enable the device and check the PV page; says why and
 * returns -1 when the vGPU cannot be used.
 */
int vgpu_open(const struct pci_dev *d, struct vgpu *v);

/* Point @nr GGTT entries from @gaddr on at guest pages from @gpa on. */
void vgpu_map(const struct vgpu *v, uint32_t gaddr, uint32_t gpa, uint32_t nr);

/* Pipe A and the primary plane: linear XRGB8888; the surface comes later. */
void vgpu_set_mode(const struct vgpu *v, uint32_t width, uint32_t height,
		   uint32_t stride_bytes);

/* Cursor A: a 64x64 ARGB image at @gaddr with its hotspot, turned on. */
void vgpu_set_cursor(const struct vgpu *v, uint32_t gaddr, uint32_t hot_x,
		     uint32_t hot_y);

/* Put the cursor image's top-left corner at (@x, @y); either may be < 0. */
void vgpu_move_cursor(const struct vgpu *v, int32_t x, int32_t y);

/* Flip the primary plane to @gaddr; returns the vGPU's flip count. */
uint32_t vgpu_flip(const struct vgpu *v, uint32_t gaddr);

/* PV_MONITOR: 1 when a monitor is connected, with its EDID's size in
 * bytes in @edid_size; 0 when none is. */
int vgpu_monitor(const struct vgpu *v, uint32_t *edid_size);

/* The EDID's first @len bytes (a multiple of 4, at most 2 KiB) from BAR0's
 * window; zeros past its size and while no monitor is connected. */
void vgpu_read_edid(const struct vgpu *v, uint8_t *buf, uint32_t len);

#endif
