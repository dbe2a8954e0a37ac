/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The VMM's side of VFIO: a type1 container with guest RAM mapped at IOVA
 * 0, the mdev's group, and its device fd. One handle per device; not
 * thread-safe.
 */
#ifndef VFIO_DEV_H
#define VFIO_DEV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <linux/vfio.h>

#include "vgpu_hw.h"

/* Regions whose place the handle remembers; past these, index << 40. */
#define VFIO_DEV_MAX_REGIONS	(VFIO_PCI_NUM_REGIONS + 4)

struct vfio_dev {
	int container;
	int group;
	int device;
	int req_eventfd;	/* armed on VFIO_PCI_REQ_IRQ_INDEX, or -1 */
	uint8_t *ram;		/* guest RAM, mapped at IOVA 0 */
	size_t ram_size;
	char sysfs[256];	/* /sys/bus/mdev/devices/UUID */
	/* vfio-pci's fixed regions, then device-specific ones (the EDID's) */
	struct vfio_region_info region[VFIO_DEV_MAX_REGIONS];
};

/*
 * Open the mdev @uuid, map @ram_size bytes of fresh anonymous memory as
 * guest RAM at IOVA 0 and open its device. On failure returns -errno and
 * writes one line saying what went wrong and what to do into @why.
 */
int vfio_dev_open(struct vfio_dev *dev, const char *uuid, size_t ram_size,
		  char *why, size_t why_len);
/* Close everything vfio_dev_open() opened. Safe on a partly opened dev. */
void vfio_dev_close(struct vfio_dev *dev);
/* Close only the device fd, as a VMM does when asked to release it. */
void vfio_dev_close_device(struct vfio_dev *dev);

/* pread/pwrite of a region: bytes moved, or -errno. */
long vfio_dev_region_rw(struct vfio_dev *dev, unsigned int index,
			uint64_t off, void *buf, size_t len, bool write);
/* VFIO_IOMMU_(UN)MAP_DMA of the guest RAM slice [iova, iova + len). */
int vfio_dev_unmap(struct vfio_dev *dev, uint64_t iova, uint64_t len);
int vfio_dev_map(struct vfio_dev *dev, uint64_t iova, uint64_t len);
int vfio_dev_reset(struct vfio_dev *dev);
/* Turn memory decode on in the command register, as firmware does; 0 or -errno. */
int vfio_dev_enable_memory(struct vfio_dev *dev);
/* Write display register @reg of a vgpu_display device; 0 or -errno. */
int vfio_dev_reg_write(struct vfio_dev *dev, enum vgpu_reg reg, uint32_t val);
/*
 * VFIO_DEVICE_SET_IRQS on the display IRQ, one vector, with @flags;
 * @fd is the data for VFIO_IRQ_SET_DATA_EVENTFD. 0 or -errno.
 */
int vfio_dev_display_irq(struct vfio_dev *dev, uint32_t flags, int32_t fd);
/*
 * Arm IRQ @index (one vector) of the device fd @device with eventfd @fd,
 * or disarm it with -1: VFIO_DEVICE_SET_IRQS, DATA_EVENTFD | TRIGGER.
 * A raw fd, so that a test can aim it at any device fd. 0 or -errno.
 */
int vfio_dev_irq_trigger(int device, uint32_t index, int32_t fd);
/* Wait up to @timeout_ms for the request IRQ: 0, -ETIMEDOUT or -errno. */
int vfio_dev_wait_request(struct vfio_dev *dev, int timeout_ms);
/* Read a decimal attribute of the mdev from sysfs, e.g. vendor/pinned_pages. */
int vfio_dev_sysfs_u64(struct vfio_dev *dev, const char *attr, uint64_t *val);

/* QUERY_GFX_PLANE of a DMABUF plane of @plane_type; 0 or -errno. */
int vfio_dev_query_plane(struct vfio_dev *dev, uint32_t plane_type,
			 struct vfio_device_gfx_plane_info *info);
/*
 * GET_GFX_DMABUF @id, then copy @len bytes at @off out of its mmap between
 * DMA_BUF_IOCTL_SYNC start and end; the fd is closed again. 0 or -errno.
 */
int vfio_dev_dmabuf_read(struct vfio_dev *dev, uint32_t id, uint64_t off,
			 void *buf, size_t len);

/* The script interpreter's device operations on a struct vfio_dev. */
extern const struct script_ops vfio_script_ops;

#endif
