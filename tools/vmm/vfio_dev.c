// SPDX-License-Identifier: GPL-2.0
#include "vfio_dev.h"
#include "script.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <libgen.h>
#include <limits.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <linux/dma-buf.h>
#include <linux/pci_regs.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <unistd.h>

#define SAY(...) snprintf(why, why_len, __VA_ARGS__)

/* What to do about an open() of a VFIO node at @path failing with @err. */
static const char *next_step(int err, const char *path, char *buf, size_t len)
{
	switch (err) {
	case EACCES:
	case EPERM:
		snprintf(buf, len, "run as root, or give your user read and write "
			 "access to %s (its owner or a udev rule)", path);
		break;
	case EBUSY:
		snprintf(buf, len, "another process has it open, e.g. another VMM: "
			 "find it with fuser -v %s and stop it", path);
		break;
	case ENOENT:
	case ENODEV:
	case ENXIO:
		snprintf(buf, len, "load VFIO (modprobe vfio_iommu_type1 mdev) and "
			 "check that the vGPU still exists (mdevctl list)");
		break;
	default:
		snprintf(buf, len, "see dmesg");
		break;
	}
	return buf;
}

static int open_group(struct vfio_dev *dev, const char *uuid, char *why,
		      size_t why_len)
{
	char link[PATH_MAX], path[PATH_MAX + 16], step[PATH_MAX + 96];
	struct vfio_group_status status = { .argsz = sizeof(status) };
	ssize_t n;

	snprintf(dev->sysfs, sizeof(dev->sysfs), "/sys/bus/mdev/devices/%s", uuid);
	snprintf(path, sizeof(path), "%s/iommu_group", dev->sysfs);
	n = readlink(path, link, sizeof(link) - 1);
	if (n < 0) {
		int err = errno;

		if (access("/sys/bus/mdev", F_OK))
			SAY("no mdev %s: the mdev bus is not there: modprobe "
			    "vfio_iommu_type1 mdev, load vgpu_display and create the "
			    "vGPU with mdevctl start", uuid);
		else
			SAY("no mdev %s (%s): create it with mdevctl start", uuid,
			    strerror(err));
		return -err;
	}
	link[n] = '\0';
	snprintf(path, sizeof(path), "/dev/vfio/%s", basename(link));
	dev->group = open(path, O_RDWR | O_CLOEXEC);
	if (dev->group < 0) {
		int err = errno;

		SAY("cannot open %s (%s): %s", path, strerror(err),
		    next_step(err, path, step, sizeof(step)));
		return -err;
	}
	if (ioctl(dev->group, VFIO_GROUP_GET_STATUS, &status)) {
		int err = errno;

		SAY("cannot read the status of group %s (%s)", path, strerror(err));
		return -err;
	}
	if (!(status.flags & VFIO_GROUP_FLAGS_VIABLE)) {
		SAY("group %s is not viable: every device in it must be bound to "
		    "a VFIO driver", path);
		return -EBUSY;
	}
	return 0;
}

static int open_container(struct vfio_dev *dev, char *why, size_t why_len)
{
	char step[160];

	dev->container = open("/dev/vfio/vfio", O_RDWR | O_CLOEXEC);
	if (dev->container < 0) {
		int err = errno;

		SAY("cannot open /dev/vfio/vfio (%s): %s", strerror(err),
		    next_step(err, "/dev/vfio/vfio", step, sizeof(step)));
		return -err;
	}
	if (ioctl(dev->container, VFIO_GET_API_VERSION) != VFIO_API_VERSION ||
	    ioctl(dev->container, VFIO_CHECK_EXTENSION, VFIO_TYPE1v2_IOMMU) <= 0) {
		SAY("VFIO has no type1v2 IOMMU: modprobe vfio_iommu_type1");
		return -ENODEV;
	}
	if (ioctl(dev->group, VFIO_GROUP_SET_CONTAINER, &dev->container) ||
	    ioctl(dev->container, VFIO_SET_IOMMU, VFIO_TYPE1v2_IOMMU)) {
		int err = errno;

		SAY("cannot attach the group to a type1 container (%s)",
		    strerror(err));
		return -err;
	}
	return 0;
}

static int open_device(struct vfio_dev *dev, const char *uuid, char *why,
		       size_t why_len)
{
	struct vfio_device_info info = { .argsz = sizeof(info) };
	struct vfio_irq_set *set;
	char buf[sizeof(*set) + sizeof(int32_t)];
	int32_t fd;
	unsigned int i;

	dev->device = ioctl(dev->group, VFIO_GROUP_GET_DEVICE_FD, uuid);
	if (dev->device < 0) {
		int err = errno;

		if (err == EBUSY)
			SAY("cannot open device %s (%s): another process, e.g. "
			    "another VMM, has the vGPU open: stop it first", uuid,
			    strerror(err));
		else
			SAY("cannot open device %s (%s): see dmesg", uuid,
			    strerror(err));
		return -err;
	}
	for (i = 0; i < VFIO_PCI_NUM_REGIONS; i++) {
		dev->region[i].argsz = sizeof(dev->region[i]);
		dev->region[i].index = i;
		if (ioctl(dev->device, VFIO_DEVICE_GET_REGION_INFO, &dev->region[i])) {
			int err = errno;

			SAY("GET_REGION_INFO %u failed (%s)", i, strerror(err));
			return -err;
		}
	}
	/*
	 * Device-specific regions (vgpu_display's and mbochs's EDID region)
	 * live where the device says; one it will not describe stays unknown.
	 */
	if (!ioctl(dev->device, VFIO_DEVICE_GET_INFO, &info)) {
		for (i = VFIO_PCI_NUM_REGIONS; i < info.num_regions && i < VFIO_DEV_MAX_REGIONS; i++) {
			dev->region[i].argsz = sizeof(dev->region[i]);
			dev->region[i].index = i;
			if (ioctl(dev->device, VFIO_DEVICE_GET_REGION_INFO, &dev->region[i]))
				dev->region[i].size = 0;
		}
	}
	/* Arm the request IRQ, so that removing the mdev can ask us to let go. */
	dev->req_eventfd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	if (dev->req_eventfd < 0) {
		int err = errno;

		SAY("cannot make an eventfd for the request IRQ (%s)", strerror(err));
		return -err;
	}
	set = (struct vfio_irq_set *)buf;
	set->argsz = sizeof(buf);
	set->flags = VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER;
	set->index = VFIO_PCI_REQ_IRQ_INDEX;
	set->start = 0;
	set->count = 1;
	fd = dev->req_eventfd;
	memcpy(set->data, &fd, sizeof(fd));
	/* Devices without one (the mdev samples) just cannot ask. */
	if (ioctl(dev->device, VFIO_DEVICE_SET_IRQS, set)) {
		close(dev->req_eventfd);
		dev->req_eventfd = -1;
	}
	return 0;
}

int vfio_dev_open(struct vfio_dev *dev, const char *uuid, size_t ram_size,
		  char *why, size_t why_len)
{
	int ret;

	/* Every failure below says why; nothing stale is left if one does not. */
	if (why_len)
		why[0] = '\0';
	memset(dev, 0, sizeof(*dev));
	dev->container = dev->group = dev->device = dev->req_eventfd = -1;
	dev->ram = MAP_FAILED;

	ret = open_group(dev, uuid, why, why_len);
	if (!ret)
		ret = open_container(dev, why, why_len);
	if (!ret) {
		dev->ram_size = ram_size;
		dev->ram = mmap(NULL, ram_size, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (dev->ram == MAP_FAILED) {
			ret = -errno;
			SAY("cannot allocate %zu bytes of guest RAM (%s): try a "
			    "smaller --ram", ram_size, strerror(-ret));
		}
	}
	if (!ret) {
		ret = vfio_dev_map(dev, 0, ram_size);
		if (ret)
			SAY("VFIO_IOMMU_MAP_DMA of guest RAM failed (%s)",
			    strerror(-ret));
	}
	if (!ret)
		ret = open_device(dev, uuid, why, why_len);
	if (ret)
		vfio_dev_close(dev);
	return ret;
}

void vfio_dev_close_device(struct vfio_dev *dev)
{
	if (dev->device >= 0)
		close(dev->device);
	dev->device = -1;
}

void vfio_dev_close(struct vfio_dev *dev)
{
	vfio_dev_close_device(dev);
	if (dev->req_eventfd >= 0)
		close(dev->req_eventfd);
	if (dev->group >= 0)
		close(dev->group);
	if (dev->container >= 0)
		close(dev->container);
	if (dev->ram != MAP_FAILED)
		munmap(dev->ram, dev->ram_size);
	dev->req_eventfd = dev->group = dev->container = -1;
	dev->ram = MAP_FAILED;
}

long vfio_dev_region_rw(struct vfio_dev *dev, unsigned int index,
			uint64_t off, void *buf, size_t len, bool write)
{
	/*
	 * Where the device says the region is (the mdev samples do not use
	 * vfio-pci's index << 40); an index past the table, or of a region
	 * the device gave no size, still goes to the kernel, which must
	 * refuse it.
	 */
	uint64_t pos = index < VFIO_DEV_MAX_REGIONS && dev->region[index].size ?
		       dev->region[index].offset + off : ((uint64_t)index << 40) + off;
	ssize_t n;

	if (write)
		n = pwrite(dev->device, buf, len, (off_t)pos);
	else
		n = pread(dev->device, buf, len, (off_t)pos);
	return n < 0 ? -errno : n;
}

int vfio_dev_map(struct vfio_dev *dev, uint64_t iova, uint64_t len)
{
	struct vfio_iommu_type1_dma_map map = {
		.argsz = sizeof(map),
		.flags = VFIO_DMA_MAP_FLAG_READ | VFIO_DMA_MAP_FLAG_WRITE,
		.vaddr = (uintptr_t)dev->ram + iova,
		.iova = iova,
		.size = len,
	};

	if (iova > dev->ram_size || len > dev->ram_size - iova)
		return -EINVAL;
	return ioctl(dev->container, VFIO_IOMMU_MAP_DMA, &map) ? -errno : 0;
}

int vfio_dev_unmap(struct vfio_dev *dev, uint64_t iova, uint64_t len)
{
	struct vfio_iommu_type1_dma_unmap unmap = {
		.argsz = sizeof(unmap),
		.iova = iova,
		.size = len,
	};

	return ioctl(dev->container, VFIO_IOMMU_UNMAP_DMA, &unmap) ? -errno : 0;
}

int vfio_dev_reset(struct vfio_dev *dev)
{
	return ioctl(dev->device, VFIO_DEVICE_RESET) ? -errno : 0;
}

int vfio_dev_enable_memory(struct vfio_dev *dev)
{
	uint16_t cmd = PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER;
	long n = vfio_dev_region_rw(dev, VFIO_PCI_CONFIG_REGION_INDEX, PCI_COMMAND, &cmd,
				    sizeof(cmd), true);

	return n == sizeof(cmd) ? 0 : n < 0 ? (int)n : -EIO;
}

int vfio_dev_reg_write(struct vfio_dev *dev, enum vgpu_reg reg, uint32_t val)
{
	static const uint32_t offset[VGPU_NR_REGS] = {
#define VGPU_REG(name, off, wmask, reset, event) [VGPU_REG_##name] = off,
#include "vgpu_reg_list.h"
	};
	long n = vfio_dev_region_rw(dev, VFIO_PCI_BAR0_REGION_INDEX, offset[reg], &val,
				    sizeof(val), true);

	return n == sizeof(val) ? 0 : n < 0 ? (int)n : -EIO;
}

static int set_irq(int device, uint32_t index, uint32_t flags, int32_t fd)
{
	struct {
		struct vfio_irq_set hdr;
		int32_t fd;
	} req = { .hdr = { .argsz = sizeof(req), .flags = flags,
			   .index = index, .count = 1 }, .fd = fd };

	return ioctl(device, VFIO_DEVICE_SET_IRQS, &req) ? -errno : 0;
}

int vfio_dev_display_irq(struct vfio_dev *dev, uint32_t flags, int32_t fd)
{
	return set_irq(dev->device, VGPU_DISPLAY_IRQ_INDEX, flags, fd);
}

int vfio_dev_irq_trigger(int device, uint32_t index, int32_t fd)
{
	return set_irq(device, index, VFIO_IRQ_SET_DATA_EVENTFD | VFIO_IRQ_SET_ACTION_TRIGGER, fd);
}

int vfio_dev_wait_request(struct vfio_dev *dev, int timeout_ms)
{
	struct pollfd p = { .fd = dev->req_eventfd, .events = POLLIN };
	uint64_t count;
	int n;

	if (dev->req_eventfd < 0)
		return -ENOTSUP;
	do
		n = poll(&p, 1, timeout_ms);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	if (n == 0)
		return -ETIMEDOUT;
	return read(dev->req_eventfd, &count, sizeof(count)) == sizeof(count) ?
	       0 : -EIO;
}

int vfio_dev_sysfs_u64(struct vfio_dev *dev, const char *attr, uint64_t *val)
{
	char path[512];
	FILE *f;
	int ok;

	snprintf(path, sizeof(path), "%s/%s", dev->sysfs, attr);
	f = fopen(path, "re");
	if (!f)
		return -errno;
	ok = fscanf(f, "%" SCNu64, val) == 1;
	fclose(f);
	return ok ? 0 : -EINVAL;
}

int vfio_dev_query_plane(struct vfio_dev *dev, uint32_t plane_type,
			 struct vfio_device_gfx_plane_info *info)
{
	memset(info, 0, sizeof(*info));
	info->argsz = sizeof(*info);
	info->flags = VFIO_GFX_PLANE_TYPE_DMABUF;
	info->drm_plane_type = plane_type;
	return ioctl(dev->device, VFIO_DEVICE_QUERY_GFX_PLANE, info) ? -errno : 0;
}

int vfio_dev_dmabuf_read(struct vfio_dev *dev, uint32_t id, uint64_t off,
			 void *buf, size_t len)
{
	struct dma_buf_sync sync = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ };
	off_t size;
	void *map;
	int fd, ret = 0;

	fd = ioctl(dev->device, VFIO_DEVICE_GET_GFX_DMABUF, &id);
	if (fd < 0)
		return -errno;
	size = lseek(fd, 0, SEEK_END);
	if (size < 0 || off > (uint64_t)size || len > (uint64_t)size - off) {
		close(fd);
		return -EINVAL;
	}
	map = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		ret = -errno;
		close(fd);
		return ret;
	}
	if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync)) {
		ret = -errno;
	} else {
		memcpy(buf, (uint8_t *)map + off, len);
		sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ;
		if (ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync))
			ret = -errno;
	}
	munmap(map, (size_t)size);
	close(fd);
	return ret;
}

/* The scripted guest's device: this vfio_dev. */
static long op_region_rw(void *ctx, unsigned int index, uint64_t off,
			 void *buf, size_t len, bool write)
{
	return vfio_dev_region_rw(ctx, index, off, buf, len, write);
}

static uint8_t *op_ram(void *ctx, size_t *size)
{
	struct vfio_dev *dev = ctx;

	*size = dev->ram_size;
	return dev->ram;
}

static int op_map(void *ctx, uint64_t iova, uint64_t len)
{
	return vfio_dev_map(ctx, iova, len);
}

static int op_unmap(void *ctx, uint64_t iova, uint64_t len)
{
	return vfio_dev_unmap(ctx, iova, len);
}

static int op_reset(void *ctx)
{
	return vfio_dev_reset(ctx);
}

static int op_pinned(void *ctx, uint64_t *pages)
{
	return vfio_dev_sysfs_u64(ctx, "vendor/pinned_pages", pages);
}

static int op_wait_request(void *ctx, int timeout_ms)
{
	return vfio_dev_wait_request(ctx, timeout_ms);
}

static void op_close_device(void *ctx)
{
	vfio_dev_close_device(ctx);
}

static int op_query_plane(void *ctx, uint32_t plane_type,
			  struct vfio_device_gfx_plane_info *info)
{
	return vfio_dev_query_plane(ctx, plane_type, info);
}

static int op_dmabuf_read(void *ctx, uint32_t id, uint64_t off, void *buf,
			  size_t len)
{
	return vfio_dev_dmabuf_read(ctx, id, off, buf, len);
}

const struct script_ops vfio_script_ops = {
	.region_rw = op_region_rw,
	.ram = op_ram,
	.map = op_map,
	.unmap = op_unmap,
	.reset = op_reset,
	.pinned = op_pinned,
	.wait_request = op_wait_request,
	.close_device = op_close_device,
	.query_plane = op_query_plane,
	.dmabuf_read = op_dmabuf_read,
};

