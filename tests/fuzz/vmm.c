// SPDX-License-Identifier: GPL-2.0
/*
 * The buggy VMM: random commands and arguments to every ioctl of the
 * device fd, of our DRM device's fd and of a plane's dma-buf fd, random
 * region reads and writes, random mmaps. Arguments point at random bytes,
 * at NULL, at wild addresses, or run into an unmapped guard page.
 *
 * The monitor and the guest's MSI get their own: accesses of the EDID
 * region (index 9) at any offset, size and alignment with plausible and
 * wild register values, its GET_REGION_INFO with any argsz (the capability
 * chain), SET_IRQS of VFIO_PCI_MSI_IRQ_INDEX with any flags, start, count
 * and data (eventfds, -1, bad fds, DATA_NONE and DATA_BOOL loopback) and
 * GET_IRQ_INFO, while the guest's vblanks now and then run. Each answer is
 * checked against what vfio-pci's rules and the region's layout say.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/eventfd.h>
#include <sys/mman.h>
#include <unistd.h>
#include <libdrm/drm.h>
#include <linux/dma-buf.h>

#include "fuzz.h"

#define ARG_SIZE (64u << 10)
#define offsetofend(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))

enum target { TARGET_DEVICE, TARGET_DRM, TARGET_DMABUF, NR_TARGETS };

struct vmm {
	struct vfio_dev dev;
	struct fuzz_rng rng;
	int fd[NR_TARGETS];
	uint8_t *arg;		/* ARG_SIZE bytes, then a PROT_NONE page */
	uint64_t calls[NR_TARGETS];
	uint64_t rw_calls;
	uint64_t mmaps;
	uint64_t accepted;	/* calls that did not fail */
	int msi;		/* an eventfd for the guest's MSI, nonblocking */
	int notfd;		/* an fd that is no eventfd */
	uint64_t edid_rw, region_infos, set_irqs, irq_infos, loopbacks, vblank_ons;
	uint64_t wrong;		/* answers that were not the expected ones */
};

/* Print the first few surprises, count them all. */
static void wrong(struct vmm *v, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void wrong(struct vmm *v, const char *fmt, ...)
{
	va_list ap;

	if (v->wrong++ >= 20)
		return;
	fprintf(stderr, "vgpu-fuzz: vmm: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
}

/* Our DRM device's primary node. */
static int open_our_drm(void)
{
	char path[64];

	fuzz_drm_card("vgpu_display", path, sizeof(path));
	/* Non-blocking: a read of a DRM fd otherwise waits for an event. */
	return path[0] ? open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK) : -1;
}

/* Show a frame again and take a fresh dma-buf of it, replacing the old. */
static void refresh_dmabuf(struct vmm *v)
{
	struct vfio_device_gfx_plane_info info;

	if (v->fd[TARGET_DMABUF] >= 0)
		close(v->fd[TARGET_DMABUF]);
	v->fd[TARGET_DMABUF] = -1;
	vfio_dev_enable_memory(&v->dev);
	if (fuzz_show_frame(&v->dev, 0x100000, 0x11223344) ||
	    vfio_dev_query_plane(&v->dev, VGPU_PLANE_PRIMARY, &info) || !info.dmabuf_id)
		return;
	v->fd[TARGET_DMABUF] = ioctl(v->dev.device, VFIO_DEVICE_GET_GFX_DMABUF,
				     &info.dmabuf_id);
}

static unsigned long pick_cmd(struct vmm *v, enum target t)
{
	struct fuzz_rng *rng = &v->rng;
	uint32_t size = rng_one_in(rng, 4) ? rng_below(rng, 1u << 14) : rng_below(rng, 256);
	uint32_t dir = rng_below(rng, 4);

	if (rng_one_in(rng, 8))
		return rng_u32(rng);
	switch (t) {
	case TARGET_DEVICE:
		/* VFIO's commands carry no size or direction: _IO(';', 100 + n). */
		return _IO(VFIO_TYPE, VFIO_BASE + rng_below(rng, 24));
	case TARGET_DRM:
		return _IOC(dir, DRM_IOCTL_BASE, rng_below(rng, 256), size);
	default:
		return _IOC(dir, DMA_BUF_BASE, rng_below(rng, 16), size);
	}
}

/* An argument: random bytes with a plausible argsz, or a bad pointer. */
static void *pick_arg(struct vmm *v)
{
	static const uint32_t argsz[] = { 0, 1, 4, 8, 16, 24, 32, 64, 72, 4096, ~0u };
	struct fuzz_rng *rng = &v->rng;
	uint32_t i, len = 256 + rng_below(rng, 1024);

	switch (rng_below(rng, 10)) {
	case 0:
		return NULL;
	case 1:
		return (void *)(uintptr_t)(rng_u64(rng) & 0x7fffffffffffull);
	case 2:
		/* The struct runs into the guard page. */
		return v->arg + ARG_SIZE - rng_below(rng, 64);
	}
	for (i = 0; i < len; i += 4) {
		uint32_t word = rng_one_in(rng, 2) ? rng_below(rng, 16) : rng_u32(rng);

		memcpy(v->arg + i, &word, 4);
	}
	memcpy(v->arg, &argsz[rng_below(rng, sizeof(argsz) / sizeof(argsz[0]))], 4);
	return v->arg;
}

static void random_ioctl(struct vmm *v, enum target t)
{
	long ret;

	if (v->fd[t] < 0)
		return;
	ret = ioctl(v->fd[t], pick_cmd(v, t), pick_arg(v));
	v->calls[t]++;
	if (ret >= 0) {
		v->accepted++;
		/* GET_GFX_DMABUF, PRIME export... may hand out fds: drop them. */
		if (ret > 2 && ret != v->fd[TARGET_DEVICE] && ret != v->fd[TARGET_DRM] &&
		    ret != v->fd[TARGET_DMABUF] && ret > v->dev.container && ret > v->dev.group &&
		    ret > v->dev.req_eventfd && fcntl((int)ret, F_GETFD) >= 0)
			close((int)ret);
	}
}

static uint64_t pick_offset(struct vmm *v)
{
	struct fuzz_rng *rng = &v->rng;
	uint32_t index = rng_below(rng, VFIO_PCI_NUM_REGIONS + 2);
	uint64_t base = index < VFIO_PCI_NUM_REGIONS && v->dev.region[index].size ?
			v->dev.region[index].offset : (uint64_t)index << 40;
	uint64_t size = index < VFIO_PCI_NUM_REGIONS ? v->dev.region[index].size : 0;

	switch (rng_below(rng, 4)) {
	case 0:
		return rng_u64(rng);
	case 1:
		return base + size - rng_below(rng, 64);
	default:
		return base + (size ? rng_u64(rng) % size : rng_below(rng, 4096));
	}
}

static void random_rw(struct vmm *v)
{
	struct fuzz_rng *rng = &v->rng;
	enum target t = rng_one_in(rng, 8) ? rng_below(rng, NR_TARGETS) : TARGET_DEVICE;
	size_t len = rng_one_in(rng, 16) ? rng_below(rng, 2 * ARG_SIZE) : rng_below(rng, 16);
	uint8_t *buf = v->arg + (len < ARG_SIZE ? ARG_SIZE - len : 0);
	uint64_t off = pick_offset(v);
	ssize_t n;

	if (v->fd[t] < 0)
		return;
	if (rng_one_in(rng, 2))
		n = pread(v->fd[t], buf, len, (off_t)off);
	else
		n = pwrite(v->fd[t], buf, len, (off_t)off);
	v->rw_calls++;
	if (n >= 0)
		v->accepted++;
}

static void random_mmap(struct vmm *v)
{
	struct fuzz_rng *rng = &v->rng;
	enum target t = rng_below(rng, NR_TARGETS);
	size_t len = (1 + rng_below(rng, 8)) << 12;
	uint64_t off = rng_one_in(rng, 2) ? pick_offset(v) & ~0xfffull :
		       (uint64_t)rng_below(rng, 4) << 12;
	int prot = rng_one_in(rng, 2) ? PROT_READ : PROT_READ | PROT_WRITE;
	uint8_t *map, byte;

	if (v->fd[t] < 0)
		return;
	map = mmap(NULL, len, prot, MAP_SHARED, v->fd[t], (off_t)off);
	v->mmaps++;
	if (map == MAP_FAILED)
		return;
	v->accepted++;
	fuzz_guarded_copy(&byte, map + rng_below(rng, (uint32_t)len), 1);
	munmap(map, len);
}

/* What the EDID region must answer, as its layout and vfio say: bytes or -errno. */
static long edid_expect(uint64_t off, size_t len, bool write, uint32_t val)
{
	if (!len || off >= VGPU_EDID_REGION_SIZE || len > VGPU_EDID_REGION_SIZE - off)
		return -EINVAL;
	if (off >= VGPU_EDID_REGION_BLOB)
		return (long)len;
	if (off >= VGPU_EDID_REGS_END || len != 4 || off % 4)
		return -EINVAL;
	if (!write)
		return 4;
	if (off == VGPU_EDID_REG_SIZE)
		return val > VGPU_EDID_MAX_SIZE ? -EINVAL : 4;
	if (off == VGPU_EDID_REG_LINK)
		return val == VGPU_EDID_LINK_UP || val == VGPU_EDID_LINK_DOWN ? 4 : -EINVAL;
	return -EPERM;
}

static uint32_t pick_edid_value(struct fuzz_rng *rng, uint32_t off)
{
	static const uint32_t sizes[] = {
		0, 1, 127, 128, 256, VGPU_EDID_MAX_SIZE - 1, VGPU_EDID_MAX_SIZE,
		VGPU_EDID_MAX_SIZE + 1, VGPU_EDID_REGION_SIZE, 0x80000000u, ~0u,
	};

	switch (rng_below(rng, 6)) {
	case 0:
		return rng_u32(rng);
	case 1:
		return 1u << rng_below(rng, 32);
	}
	if (off == VGPU_EDID_REG_LINK)
		return rng_one_in(rng, 4) ? rng_below(rng, 5) :
		       VGPU_EDID_LINK_UP + rng_below(rng, 2);
	if (off == VGPU_EDID_REG_SIZE)
		return rng_one_in(rng, 2) ? sizes[rng_below(rng, sizeof(sizes) / sizeof(sizes[0]))] :
		       rng_below(rng, VGPU_EDID_MAX_SIZE + 64);
	return rng_below(rng, 8192);
}

/*
 * An access of the EDID region: a register (mostly well formed, with
 * plausible and wild values), the blob, or anything at all. The answer
 * must be the expected one; a register written reads back, and so does
 * the blob.
 */
static void edid_access(struct vmm *v)
{
	struct fuzz_rng *rng = &v->rng;
	uint8_t *buf = v->arg, back[VGPU_EDID_REGION_SIZE + 64];
	bool write = rng_one_in(rng, 2);
	uint64_t off;
	size_t len;
	uint32_t val = 0;
	long n, want;

	switch (rng_below(rng, 4)) {
	case 0:
	case 1:
		/* a register */
		off = rng_one_in(rng, 8) ? rng_below(rng, VGPU_EDID_REGS_END + 8) :
		      rng_below(rng, VGPU_EDID_REGS_END / 4) * 4;
		len = rng_one_in(rng, 8) ? 1u << rng_below(rng, 4) : 4;
		break;
	case 2:
		/* the blob: any part of it, often all */
		off = VGPU_EDID_REGION_BLOB + (rng_one_in(rng, 4) ? 0 :
					       rng_below(rng, VGPU_EDID_MAX_SIZE));
		len = rng_one_in(rng, 4) ? VGPU_EDID_REGION_SIZE - off :
		      1 + rng_below(rng, VGPU_EDID_REGION_SIZE + 16 - (uint32_t)off);
		break;
	default:
		/* anywhere, any size: the gap, across the end, past it */
		off = rng_one_in(rng, 8) ? rng_u64(rng) & 0xffffffffffull :
		      rng_below(rng, VGPU_EDID_REGION_SIZE + 64);
		len = rng_one_in(rng, 2) ? rng_below(rng, 16) :
		      rng_below(rng, VGPU_EDID_REGION_SIZE + 64);
		break;
	}
	if (write && len >= 4 && off < VGPU_EDID_REGION_BLOB) {
		val = pick_edid_value(rng, (uint32_t)off);
		memcpy(buf, &val, 4);
	}
	if (write && off >= VGPU_EDID_REGION_BLOB) {
		size_t i;

		for (i = 0; i < len && i < ARG_SIZE; i++)
			buf[i] = (uint8_t)rng_u32(rng);
	}
	if (write && len == 4)
		memcpy(&val, buf, 4);
	want = edid_expect(off, len, write, val);
	n = vfio_dev_region_rw(&v->dev, VGPU_EDID_REGION_INDEX, off, buf, len, write);
	v->edid_rw++;
	if (n >= 0)
		v->accepted++;
	if (n != want) {
		wrong(v, "EDID region %s of %zu at 0x%lx (0x%x): %ld, expected %ld",
		      write ? "write" : "read", len, off, val, n, want);
		return;
	}
	if (!write || n < 0)
		return;
	/* Stored as written. */
	n = vfio_dev_region_rw(&v->dev, VGPU_EDID_REGION_INDEX, off, back, len, false);
	if (n != (long)len || memcmp(back, buf, len))
		wrong(v, "EDID region at 0x%lx: %zu bytes written do not read back (%ld)",
		      off, len, n);
}

/*
 * GET_REGION_INFO of the EDID region with any argsz, now and then with
 * the struct running into the guard page: too small gets the size to ask
 * for, large enough the GFX/EDID type capability.
 */
static void edid_region_info(struct vmm *v)
{
	static const uint32_t sizes[] = { 0, 1, 16, 31, 32, 33, 40, 47, 48, 49, 64, 4096, ~0u };
	const uint32_t minsz = offsetofend(struct vfio_region_info, offset);
	const uint32_t full = minsz + sizeof(struct vfio_region_info_cap_type);
	struct fuzz_rng *rng = &v->rng;
	uint32_t argsz = rng_one_in(rng, 4) ? rng_u32(rng) :
			 sizes[rng_below(rng, sizeof(sizes) / sizeof(sizes[0]))];
	uint32_t room = rng_one_in(rng, 4) ? 16 + rng_below(rng, 40) : ARG_SIZE;
	uint8_t *at = v->arg + ARG_SIZE - room;
	struct vfio_region_info info;
	struct vfio_region_info_cap_type cap;
	long ret, want;

	memset(at, 0xa5, room);
	info = (struct vfio_region_info){ .argsz = argsz, .index = VGPU_EDID_REGION_INDEX };
	memcpy(at, &info, room < sizeof(info) ? room : sizeof(info));
	if (room < minsz)
		want = -EFAULT;
	else if (argsz < minsz)
		want = -EINVAL;
	else if (argsz >= full && room < full)
		want = -EFAULT;
	else
		want = 0;
	ret = ioctl(v->dev.device, VFIO_DEVICE_GET_REGION_INFO, at) ? -errno : 0;
	v->region_infos++;
	if (!ret)
		v->accepted++;
	if (ret != want) {
		wrong(v, "GET_REGION_INFO 9, argsz %u, %u bytes of room: %ld, expected %ld",
		      argsz, room, ret, want);
		return;
	}
	if (ret)
		return;
	memcpy(&info, at, minsz);
	if (info.size != VGPU_EDID_REGION_SIZE ||
	    info.offset != (uint64_t)VGPU_EDID_REGION_INDEX << 40 ||
	    info.flags != (VFIO_REGION_INFO_FLAG_READ | VFIO_REGION_INFO_FLAG_WRITE |
			   VFIO_REGION_INFO_FLAG_CAPS)) {
		wrong(v, "GET_REGION_INFO 9: size 0x%llx offset 0x%llx flags 0x%x",
		      info.size, info.offset, info.flags);
		return;
	}
	if (argsz < full) {
		if (info.argsz != full || info.cap_offset)
			wrong(v, "GET_REGION_INFO 9, argsz %u: argsz %u, cap_offset %u; "
			      "expected %u and 0", argsz, info.argsz, info.cap_offset, full);
		return;
	}
	memcpy(&cap, at + minsz, sizeof(cap));
	if (info.argsz != argsz || info.cap_offset != minsz ||
	    cap.header.id != VFIO_REGION_INFO_CAP_TYPE || cap.header.next ||
	    cap.type != VFIO_REGION_TYPE_GFX || cap.subtype != VFIO_REGION_SUBTYPE_GFX_EDID)
		wrong(v, "GET_REGION_INFO 9, argsz %u: argsz %u, cap_offset %u, cap id %u "
		      "next %u type %u/%u", argsz, info.argsz, info.cap_offset, cap.header.id,
		      cap.header.next, cap.type, cap.subtype);
}

/* An fd for SET_IRQS' data, and what the kernel must say of it (0 or -errno). */
static int32_t pick_irq_fd(struct vmm *v, long *want)
{
	struct fuzz_rng *rng = &v->rng;
	int32_t fd;
	char link[64], path[32];
	ssize_t n;

	switch (rng_below(rng, 8)) {
	case 0:
	case 1:
	case 2:
		fd = v->msi;
		break;
	case 3:
		fd = -1;
		break;
	case 4:
		fd = rng_one_in(rng, 2) ? -2 : (int32_t)(rng_u32(rng) | 0x80000000u);
		break;
	case 5:
		fd = v->notfd;
		break;
	case 6:
		fd = 900 + (int32_t)rng_below(rng, 100);	/* mostly not open */
		break;
	default:
		fd = (int32_t)rng_u32(rng);
		break;
	}
	if (fd < 0) {
		/* As vfio-pci's MSI: any negative fd disarms. */
		*want = 0;
	} else if (fcntl(fd, F_GETFD) < 0) {
		*want = -EBADF;
	} else {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		n = readlink(path, link, sizeof(link) - 1);
		link[n > 0 ? n : 0] = 0;
		*want = strcmp(link, "anon_inode:[eventfd]") ? -EINVAL : 0;
	}
	return fd;
}

/*
 * SET_IRQS of the guest's MSI: random flags, start, count and argsz,
 * mostly around the valid ones. The answer must be vfio-pci's for one
 * vector: validation as vfio_set_irqs_validate_and_prepare() does it,
 * then ACTION_TRIGGER only, an eventfd (or -1) with one IRQ, DATA_NONE
 * with none to disarm, a loopback signal with DATA_NONE or a true BOOL.
 */
static void msi_set_irqs(struct vmm *v)
{
	static const uint32_t data_types[] = {
		VFIO_IRQ_SET_DATA_NONE, VFIO_IRQ_SET_DATA_BOOL, VFIO_IRQ_SET_DATA_EVENTFD,
	};
	static const uint32_t actions[] = {
		VFIO_IRQ_SET_ACTION_TRIGGER, VFIO_IRQ_SET_ACTION_TRIGGER,
		VFIO_IRQ_SET_ACTION_MASK, VFIO_IRQ_SET_ACTION_UNMASK,
	};
	const uint32_t minsz = offsetofend(struct vfio_irq_set, count);
	struct fuzz_rng *rng = &v->rng;
	struct vfio_irq_set hdr = { .index = VFIO_PCI_MSI_IRQ_INDEX };
	uint32_t type, action, size = 0;
	int32_t fd = -1;
	uint8_t boolean = 0;
	long want, ret, fd_want = 0;
	bool loopback;

	type = rng_one_in(rng, 8) ? rng_below(rng, 8) : data_types[rng_below(rng, 3)];
	action = rng_one_in(rng, 8) ? rng_below(rng, 8) << 3 : actions[rng_below(rng, 4)];
	hdr.flags = type | action;
	if (rng_one_in(rng, 16))
		hdr.flags |= 1u << rng_below(rng, 32);
	type = hdr.flags & VFIO_IRQ_SET_DATA_TYPE_MASK;
	action = hdr.flags & VFIO_IRQ_SET_ACTION_TYPE_MASK;
	hdr.start = rng_one_in(rng, 8) ? (rng_one_in(rng, 2) ? 1 : rng_u32(rng)) : 0;
	hdr.count = rng_one_in(rng, 4) ? (rng_one_in(rng, 2) ? rng_below(rng, 3) : rng_u32(rng)) : 1;
	if (type == VFIO_IRQ_SET_DATA_BOOL)
		size = 1;
	else if (type == VFIO_IRQ_SET_DATA_EVENTFD)
		size = 4;
	hdr.argsz = minsz + size * (hdr.count < 4 ? hdr.count : 1);
	if (rng_one_in(rng, 8))
		hdr.argsz = rng_one_in(rng, 2) ? rng_below(rng, minsz + 8) : rng_u32(rng);
	if (size == 4)
		fd = pick_irq_fd(v, &fd_want);
	boolean = rng_one_in(rng, 2) ? 1 : (uint8_t)rng_below(rng, 256);

	/* vfio_set_irqs_validate_and_prepare(), then vgpu_irqs_set()'s own rules */
	if (hdr.argsz < minsz || hdr.count >= ~0u - hdr.start ||
	    hdr.flags & ~(VFIO_IRQ_SET_DATA_TYPE_MASK | VFIO_IRQ_SET_ACTION_TYPE_MASK) ||
	    hdr.start >= 1 || hdr.start + hdr.count > 1 ||
	    (type != VFIO_IRQ_SET_DATA_NONE && type != VFIO_IRQ_SET_DATA_BOOL &&
	     type != VFIO_IRQ_SET_DATA_EVENTFD) ||
	    hdr.argsz - minsz < hdr.count * size ||
	    __builtin_popcount(action) != 1 || action != VFIO_IRQ_SET_ACTION_TRIGGER)
		want = -EINVAL;
	else if (type == VFIO_IRQ_SET_DATA_EVENTFD)
		want = hdr.count ? fd_want : -EINVAL;
	else if (!hdr.count)
		want = type == VFIO_IRQ_SET_DATA_NONE ? 0 : -EINVAL;
	else
		want = 0;
	loopback = !want && hdr.count && type != VFIO_IRQ_SET_DATA_EVENTFD &&
		   (type == VFIO_IRQ_SET_DATA_NONE || boolean);

	/* Loopback is checked on a known state: our eventfd armed. */
	if (loopback && rng_one_in(rng, 2) && !fuzz_set_msi(v->dev.device, v->msi))
		fuzz_drain(v->msi);
	else
		loopback = false;
	memcpy(v->arg, &hdr, minsz);
	if (size == 4)
		memcpy(v->arg + minsz, &fd, 4);
	else
		memcpy(v->arg + minsz, &boolean, 1);
	ret = ioctl(v->dev.device, VFIO_DEVICE_SET_IRQS, v->arg) ? -errno : 0;
	v->set_irqs++;
	if (!ret)
		v->accepted++;
	if (ret != want) {
		wrong(v, "SET_IRQS MSI flags 0x%x start %u count %u argsz %u fd %d bool %u: "
		      "%ld, expected %ld", hdr.flags, hdr.start, hdr.count, hdr.argsz, fd,
		      boolean, ret, want);
		return;
	}
	if (loopback) {
		v->loopbacks++;
		if (!fuzz_drain(v->msi))
			wrong(v, "SET_IRQS MSI loopback (flags 0x%x, bool %u): nothing signalled",
			      hdr.flags, boolean);
	}
}

/* GET_IRQ_INFO of any index, mostly the MSI's, with any argsz. */
static void irq_info(struct vmm *v)
{
	const uint32_t minsz = offsetofend(struct vfio_irq_info, count);
	struct fuzz_rng *rng = &v->rng;
	struct vfio_irq_info info = {
		.argsz = rng_one_in(rng, 4) ? rng_below(rng, 2 * minsz) : minsz,
		.index = rng_one_in(rng, 4) ? rng_below(rng, VGPU_NUM_IRQS + 2) :
			 VFIO_PCI_MSI_IRQ_INDEX,
		.flags = rng_u32(rng),
		.count = rng_u32(rng),
	};
	uint32_t argsz = info.argsz, index = info.index;
	long ret, want = argsz < minsz || index >= VGPU_NUM_IRQS ? -EINVAL : 0;

	ret = ioctl(v->dev.device, VFIO_DEVICE_GET_IRQ_INFO, &info) ? -errno : 0;
	v->irq_infos++;
	if (!ret)
		v->accepted++;
	if (ret != want)
		wrong(v, "GET_IRQ_INFO %u, argsz %u: %ld, expected %ld", index, argsz, ret, want);
	else if (!ret && index == VFIO_PCI_MSI_IRQ_INDEX &&
		 (info.count != 1 ||
		  info.flags != (VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE)))
		wrong(v, "GET_IRQ_INFO MSI: flags 0x%x count %u, expected 0x%x and 1",
		      info.flags, info.count, VFIO_IRQ_INFO_EVENTFD | VFIO_IRQ_INFO_NORESIZE);
}

/*
 * The guest turns its vblanks on (the pipe, IMR, IER) and the MSI is
 * armed, or not: the timer then runs under the random calls that follow,
 * which reset, disarm and rewrite it all. Signals are drained.
 */
static void vblank_on(struct vmm *v)
{
	v->vblank_ons++;
	fuzz_drain(v->msi);
	vfio_dev_enable_memory(&v->dev);
	fuzz_bar0_write(v->dev.device, 0x70008, VGPU_PIPECONF_ENABLE);	/* PIPECONF */
	if (rng_one_in(&v->rng, 4)) {
		fuzz_bar0_write(v->dev.device, VGPU_DE_PIPE_IMR, ~(uint32_t)VGPU_INT_VBLANK);
		fuzz_bar0_write(v->dev.device, VGPU_DE_PIPE_IER, VGPU_INT_VBLANK);
	} else {
		fuzz_vblank_on(v->dev.device, v->msi);
	}
}

static void step(struct vmm *v, uint64_t i)
{
	uint32_t what = rng_below(&v->rng, 1000);

	/* Random ioctls reset the device and unmap the frame: set it up again. */
	if (i % 2000 == 0 || v->fd[TARGET_DMABUF] < 0)
		refresh_dmabuf(v);
	if (what < 620)
		random_ioctl(v, rng_below(&v->rng, NR_TARGETS));
	else if (what < 850)
		random_rw(v);
	else if (what < 875)
		random_mmap(v);
	else if (what < 935)
		edid_access(v);
	else if (what < 950)
		edid_region_info(v);
	else if (what < 985)
		msi_set_irqs(v);
	else if (what < 995)
		irq_info(v);
	else
		vblank_on(v);
}

int fuzz_vmm(const struct fuzz_args *args)
{
	uint64_t min = args->min ? args->min : 100000, total, i, late;
	struct vmm v = { .fd = { -1, -1, -1 } };
	bool timer_at_close, timer_after_close;
	double end = fuzz_now() + args->seconds;
	int ok;

	rng_seed(&v.rng, args->seed);
	v.arg = mmap(NULL, ARG_SIZE + 4096, PROT_READ | PROT_WRITE,
		     MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (v.arg == MAP_FAILED || mprotect(v.arg + ARG_SIZE, 4096, PROT_NONE))
		return 1;
	v.msi = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK);
	v.notfd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	if (v.msi < 0 || v.notfd < 0 || fuzz_open(&v.dev, args->uuid))
		return 1;
	v.fd[TARGET_DEVICE] = v.dev.device;
	v.fd[TARGET_DRM] = open_our_drm();
	for (i = 0; (i & 255) || fuzz_now() < end; i++)
		step(&v, i);
	if (v.fd[TARGET_DMABUF] >= 0)
		close(v.fd[TARGET_DMABUF]);
	if (v.fd[TARGET_DRM] >= 0)
		close(v.fd[TARGET_DRM]);
	/* Close with vblanks running: the timer must stop, the MSI be let go. */
	vfio_dev_reset(&v.dev);
	vblank_on(&v);
	fuzz_vblank_on(v.dev.device, v.msi);
	timer_at_close = fuzz_vblank_timer_queued();
	vfio_dev_close(&v.dev);
	timer_after_close = fuzz_vblank_timer_queued();
	fuzz_drain(v.msi);
	late = fuzz_wait_eventfd(v.msi, 100);
	close(v.msi);
	close(v.notfd);

	total = v.calls[TARGET_DEVICE] + v.calls[TARGET_DRM] + v.calls[TARGET_DMABUF] +
		v.rw_calls + v.mmaps + v.edid_rw + v.region_infos + v.set_irqs + v.irq_infos;
	printf("fuzz vmm: seed %lu, %.0f s: %lu calls: %lu device ioctls, %lu DRM ioctls, "
	       "%lu dma-buf ioctls, %lu preads/pwrites, %lu mmaps; %lu succeeded\n",
	       args->seed, args->seconds, total, v.calls[TARGET_DEVICE], v.calls[TARGET_DRM],
	       v.calls[TARGET_DMABUF], v.rw_calls, v.mmaps, v.accepted);
	printf("fuzz vmm: %lu EDID region accesses, %lu EDID GET_REGION_INFOs, %lu MSI SET_IRQS "
	       "(%lu loopbacks checked), %lu GET_IRQ_INFOs, %lu vblank starts; %lu answers wrong\n",
	       v.edid_rw, v.region_infos, v.set_irqs, v.loopbacks, v.irq_infos, v.vblank_ons,
	       v.wrong);
	ok = fuzz_check(total >= min, "VMM fuzzer: %lu calls (at least %lu)", total, min);
	ok &= fuzz_check(v.wrong == 0, "VMM fuzzer: the EDID region, its info, MSI SET_IRQS and "
			 "GET_IRQ_INFO answered as expected (%lu did not)", v.wrong);
	ok &= fuzz_check(v.edid_rw && v.set_irqs && v.loopbacks,
			 "VMM fuzzer: reached the EDID region and MSI loopback");
	ok &= fuzz_check(timer_at_close && !timer_after_close && !late,
			 "VMM fuzzer: closed with the vblank timer running (%s), which the close "
			 "stopped (%s), and no MSI after it (%lu)", timer_at_close ? "yes" : "no",
			 timer_after_close ? "still queued" : "yes", late);
	ok &= fuzz_check(v.calls[TARGET_DRM] && v.calls[TARGET_DMABUF],
			 "VMM fuzzer: reached the DRM fd and a dma-buf fd too");
	return ok ? 0 : 1;
}
