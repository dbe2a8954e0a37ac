// SPDX-License-Identifier: GPL-2.0
/*
 * The GGTT: graphics address -> guest physical address, one 64-bit entry
 * per 4 KiB page, written by the guest through the upper half of BAR0 in
 * 32-bit halves. Only the valid bit and the address bits are kept, so no
 * entry can name more than a 39-bit guest physical page; whether the VMM
 * mapped that page is checked when it is pinned, not here.
 */
#include <linux/types.h>
#include <linux/errno.h>
#include <linux/string.h>

#include "vgpu_hw.h"

#define GGTT_ENTRY_MASK (VGPU_GGTT_ADDR_MASK | VGPU_GGTT_VALID)

/**
 * vgpu_ggtt_reset() - invalidate every entry
 * @ggtt: the table
 */
void vgpu_ggtt_reset(struct vgpu_ggtt *ggtt)
{
	memset(ggtt->entries, 0, sizeof(u64) * ggtt->nr_entries);
	ggtt->gen++;
}

/**
 * vgpu_ggtt_read32() - a 32-bit read of the GGTT window
 * @ggtt: the table
 * @off: offset from the start of the window, 4-byte aligned
 *
 * Return: the low or high half of an entry; 0 past the last entry.
 */
u32 vgpu_ggtt_read32(const struct vgpu_ggtt *ggtt, u32 off)
{
	u32 idx = off / 8;

	if (idx >= ggtt->nr_entries)
		return 0;
	return (off & 4) ? ggtt->entries[idx] >> 32 : (u32)ggtt->entries[idx];
}

/**
 * vgpu_ggtt_write32() - a 32-bit write to the GGTT window
 * @ggtt: the table
 * @off: offset from the start of the window, 4-byte aligned
 * @val: the half-entry written; bits outside the entry format are dropped
 */
void vgpu_ggtt_write32(struct vgpu_ggtt *ggtt, u32 off, u32 val)
{
	u32 idx = off / 8;
	u64 e;

	if (idx >= ggtt->nr_entries)
		return;
	e = ggtt->entries[idx];
	if (off & 4)
		e = (e & 0xffffffffull) | (u64)val << 32;
	else
		e = (e & ~0xffffffffull) | val;
	e &= GGTT_ENTRY_MASK;
	if (e != ggtt->entries[idx]) {
		ggtt->entries[idx] = e;
		ggtt->gen++;
	}
}

/**
 * vgpu_ggtt_translate() - look up the guest page behind a graphics address
 * @ggtt: the table
 * @gaddr: graphics memory address
 * @gpa: set to the guest physical address of @gaddr
 *
 * Return: 0, or -ENOENT when @gaddr is past the table or its entry is not
 * valid.
 */
int vgpu_ggtt_translate(const struct vgpu_ggtt *ggtt, u64 gaddr, u64 *gpa)
{
	u64 idx = gaddr >> VGPU_PAGE_SHIFT;
	u64 e;

	if (idx >= ggtt->nr_entries)
		return -ENOENT;
	e = ggtt->entries[idx];
	if (!(e & VGPU_GGTT_VALID))
		return -ENOENT;
	*gpa = (e & VGPU_GGTT_ADDR_MASK) | (gaddr & (VGPU_PAGE_SIZE - 1));
	return 0;
}

/**
 * vgpu_ggtt_gfns() - the guest pages behind a range of graphics memory
 * @ggtt: the table
 * @gaddr: graphics address of the first page, page aligned
 * @nr_pages: how many pages
 * @gfns: set to the guest frame number of each page
 *
 * Return: 0, or -ENOENT when the range runs past the table or any of its
 * entries is not valid.
 */
int vgpu_ggtt_gfns(const struct vgpu_ggtt *ggtt, u64 gaddr, u32 nr_pages,
		   u64 *gfns)
{
	u64 first = gaddr >> VGPU_PAGE_SHIFT;
	u32 i;

	if (first > ggtt->nr_entries || nr_pages > ggtt->nr_entries - first)
		return -ENOENT;
	for (i = 0; i < nr_pages; i++) {
		u64 e = ggtt->entries[first + i];

		if (!(e & VGPU_GGTT_VALID))
			return -ENOENT;
		gfns[i] = (e & VGPU_GGTT_ADDR_MASK) >> VGPU_PAGE_SHIFT;
	}
	return 0;
}
