// SPDX-License-Identifier: GPL-2.0
/*
 * The buffer cache policy: which buffer a plane query reuses, and which
 * one goes when a new one needs a slot. Pure: buffers are opaque pointers
 * and the caller says which of them user space still holds.
 *
 * A buffer is reused only when format, geometry, surface address and the
 * guest pages behind it are all unchanged: a guest that rewrites the GGTT
 * under the same surface address gets a new buffer, never the stale one.
 */
#include <linux/types.h>
#include <linux/string.h>

#include "vgpu_hw.h"

/**
 * vgpu_cache_init() - an empty cache whose first id is 1
 * @cache: the cache
 */
void vgpu_cache_init(struct vgpu_cache *cache)
{
	memset(cache, 0, sizeof(*cache));
	cache->next_id = 1;
}

/**
 * vgpu_cache_lookup() - find the buffer for a plane
 * @cache: the cache
 * @plane: the decoded plane
 * @ggtt_gen: the GGTT's generation now
 * @gfns: the plane's guest pages now, or NULL when the caller has not
 *	walked the GGTT; then only a buffer seen at @ggtt_gen can match
 *
 * Return: the slot of the matching buffer, or -1.
 */
int vgpu_cache_lookup(struct vgpu_cache *cache, const struct vgpu_plane *plane,
		      u64 ggtt_gen, const u64 *gfns)
{
	int i;

	for (i = 0; i < VGPU_CACHE_SLOTS; i++) {
		struct vgpu_cache_entry *e = &cache->entry[i];

		if (!e->id || !vgpu_plane_same_buffer(&e->plane, plane))
			continue;
		if (e->ggtt_gen != ggtt_gen &&
		    (!gfns || memcmp(e->gfns, gfns, sizeof(u64) *
				     (plane->size >> VGPU_PAGE_SHIFT))))
			continue;
		e->ggtt_gen = ggtt_gen;
		e->last_use = ++cache->clock;
		return i;
	}
	return -1;
}

/**
 * vgpu_cache_find_id() - find a buffer by the id user space knows
 * @cache: the cache
 * @id: a dmabuf_id
 *
 * Return: its slot, or -1 when no cached buffer has that id.
 */
int vgpu_cache_find_id(const struct vgpu_cache *cache, u32 id)
{
	int i;

	for (i = 0; id && i < VGPU_CACHE_SLOTS; i++)
		if (cache->entry[i].id == id)
			return i;
	return -1;
}

/**
 * vgpu_cache_reuse() - the buffer a plane had, if nothing changed since
 * @cache: the cache
 * @id: the buffer's id, from an earlier lookup of the same plane
 * @ggtt_gen: the GGTT's generation now
 *
 * The caller knows the plane's registers did not change; this checks that
 * the buffer is still cached and was matched at the GGTT's current
 * generation, so its pages are the plane's, and counts it as used.
 *
 * Return: the slot, or -1 when a full lookup is needed.
 */
int vgpu_cache_reuse(struct vgpu_cache *cache, u32 id, u64 ggtt_gen)
{
	int i = vgpu_cache_find_id(cache, id);

	if (i < 0 || cache->entry[i].ggtt_gen != ggtt_gen)
		return -1;
	cache->entry[i].last_use = ++cache->clock;
	return i;
}

/**
 * vgpu_cache_victim() - the slot a new buffer takes
 * @cache: the cache
 * @held: per slot, whether user space still holds that buffer
 *
 * An empty slot first, then the least recently used buffer that user space
 * no longer holds, and only then the least recently used of all: the cache
 * stays bounded, and a buffer user space holds lives on outside it.
 *
 * Return: a slot.
 */
int vgpu_cache_victim(const struct vgpu_cache *cache, const bool *held)
{
	int i, lru = -1, lru_free = -1;

	for (i = 0; i < VGPU_CACHE_SLOTS; i++) {
		const struct vgpu_cache_entry *e = &cache->entry[i];

		if (!e->id)
			return i;
		if (lru < 0 || e->last_use < cache->entry[lru].last_use)
			lru = i;
		if (!held[i] && (lru_free < 0 ||
				 e->last_use < cache->entry[lru_free].last_use))
			lru_free = i;
	}
	return lru_free >= 0 ? lru_free : lru;
}

/**
 * vgpu_cache_ids_left() - whether a new buffer can still get an id
 * @cache: the cache
 *
 * dmabuf_id is 32 bits wide and ids are never reused: user space (QEMU)
 * keeps buffers by id, and a reused id would show it an old buffer for a
 * new plane. After 2^32 - 1 buffers a vGPU makes no more; at one new
 * buffer per frame at 60 Hz that is 2.2 years.
 *
 * Return: true while ids are left.
 */
bool vgpu_cache_ids_left(const struct vgpu_cache *cache)
{
	return !(cache->next_id >> 32);
}

/**
 * vgpu_cache_insert() - put a new buffer in a slot
 * @cache: the cache
 * @slot: from vgpu_cache_victim(); its old buffer is the caller's to drop
 * @plane: what the buffer shows
 * @gfns: the buffer's guest pages, which must live as long as the buffer
 * @ggtt_gen: the GGTT generation they were read at
 * @buf: the buffer
 *
 * The caller checks vgpu_cache_ids_left() first.
 *
 * Return: the new buffer's id.
 */
u32 vgpu_cache_insert(struct vgpu_cache *cache, int slot,
		      const struct vgpu_plane *plane, const u64 *gfns,
		      u64 ggtt_gen, void *buf)
{
	struct vgpu_cache_entry *e = &cache->entry[slot];

	e->plane = *plane;
	e->gfns = gfns;
	e->ggtt_gen = ggtt_gen;
	e->last_use = ++cache->clock;
	e->buf = buf;
	e->id = (u32)cache->next_id++;
	return e->id;
}

/**
 * vgpu_cache_take() - empty a slot
 * @cache: the cache
 * @slot: the slot
 *
 * Return: the buffer it held, or NULL; the caller drops it.
 */
void *vgpu_cache_take(struct vgpu_cache *cache, int slot)
{
	struct vgpu_cache_entry *e = &cache->entry[slot];
	void *buf = e->id ? e->buf : NULL;

	memset(e, 0, sizeof(*e));
	return buf;
}
