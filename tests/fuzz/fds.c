// SPDX-License-Identifier: GPL-2.0
/*
 * The fd tricks of a hostile or clumsy VMM (an unprivileged QEMU): dup and
 * dup3 of dma-buf, DRM and device fds; fork() with them inherited, the
 * child mapping, reading and GETting and exiting (mapped or not) before or
 * after the parent's close; SCM_RIGHTS passing to a child, fds left in
 * flight when it dies, and a socket sent into its own queue; O_PATH opens
 * of a dma-buf's /proc/self/fd link held across the close of the fd, then
 * a GET of the same id after an RCU grace period and a few hundred opens;
 * close_range() of many fds at once, with and without CLOSE_RANGE_CLOEXEC
 * (then an exec); a mapping read after its fd is gone; PRIME imports into
 * vgem and into our own DRM device, with the handle, the dma-buf, the DRM
 * fd and the device fd closed in any order. Four threads and their
 * children race all of that with plane queries, GETs, resets and DMA
 * unmaps of the frame, and rmmod attempts while buffers are held.
 *
 * A round opens the vGPU and ends by closing everything the threads still
 * hold, the device, group and container fds and the guest RAM, in a
 * random order, with an unbind of the parent driver and an rmmod tried in
 * between while a buffer is held: both must be refused. Every round must
 * end with no buffer alive.
 *
 * What the mode judges: every fd GET or a PRIME export hands out must be
 * one of our frame's dma-bufs (a GET that reused a dma-buf through a
 * pointer that held no file reference once returned whatever file took
 * the freed one's memory); every read of a mapping sees the frame, zeros
 * or a fault; children exit cleanly; unbind and rmmod fail.
 *
 * The mode never removes the vGPU, so its group never leaves the
 * container and unmaps are safe whenever the container is open (the life
 * mode's rule, see life.c, is about removal); they stop, with the threads,
 * before the round closes anything.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/eventfd.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <libdrm/drm.h>
#include <linux/dma-buf.h>
#include <linux/membarrier.h>

#include "fuzz.h"

#define FRAME_GPA	0x100000u
#define FRAME_PIXEL	0x11223344u
/*
 * The cursor: a 64x64 ARGB plane of four pages, through GGTT entries 2-5.
 * Only the O_PATH trick uses it, one thread at a time, so that its
 * dma-buf's file is freed when that thread closes it.
 */
#define CURSOR_GPA	0x200000u
#define CURSOR_SIZE	(64u * 64u * 4u)
#define NR_WORKERS	4
#define HELD_MAX	12	/* what a thread holds across tricks */
#define CHILD_MAX	4	/* a thread's children not yet reaped */
#define HANDLES_MAX	4	/* GEM handles kept on one DRM fd */
/* Each thread's own fds for close_range(), far above what open() hands out. */
#define REGION		64
#define NOFILE		8192
#define FLOOD_MAX	400	/* files opened to take a freed struct file's memory */
#define REPORT_MAX	10	/* foreign files described in full */
/*
 * What `readlink /proc/self/fd/N` shows for a dma-buf on Linux 6.1 (the
 * dma-buf file system's d_dname: "/dmabuf:" and the buffer's name, which
 * ours do not set), seen in the test VM.
 */
#define DMABUF_LINK	"/dmabuf:"

#define UNBIND_PATH	"/sys/bus/platform/drivers/vgpu_display/unbind"

/* A child's exit status: bits of what it saw, 0 when all was well. */
#define CHILD_FOREIGN	1	/* a GET returned something that is not our dma-buf */
#define CHILD_WRONG	2	/* a read saw neither the frame nor zeros */

enum trick {
	TRICK_BUFFER, TRICK_DUP, TRICK_FORK, TRICK_SCM, TRICK_OPATH, TRICK_CLOSE_RANGE,
	TRICK_IMPORT, TRICK_DEVICE, TRICK_RMMOD, NR_TRICKS
};

static const char *const trick_name[NR_TRICKS] = {
	"query/GET", "dup", "fork", "SCM_RIGHTS", "O_PATH", "close_range", "import",
	"reset/unmap/reopen", "rmmod",
};

enum read_result { READ_FRAME, READ_ZERO, READ_FAULT, READ_WRONG };

struct fds {
	const struct fuzz_args *args;
	struct vfio_dev dev;	/* the round's; its fds stay open while threads run */
	char ours[32];		/* our DRM device's node, or "" */
	char vgem[32];		/* vgem's node, or "" */
	dev_t dmabuf_dev;	/* st_dev of every dma-buf (the dma-buf file system) */
	long cpus;
	/* One thread at a time GETs the cursor's buffer (see CURSOR_GPA). */
	pthread_mutex_t cursor_lock;
	/*
	 * Held to fork, taken to write while the cursor's dma-buf is open: a
	 * child would inherit it and keep its file from being freed.
	 */
	pthread_rwlock_t fork_lock;
	atomic_bool stop;	/* the round's threads stop */
	atomic_bool fatal;	/* unbind or rmmod worked: the run stops */
	atomic_ulong tricks[NR_TRICKS];
	atomic_ulong gets;	/* fds from GET and PRIME export, all checked */
	atomic_ulong foreign;	/* ... that were not our dma-buf */
	atomic_ulong reads, faults, zeros, wrong;
	atomic_ulong children, child_bad;
	atomic_ulong rmmod_refused, rmmod_accepted, rmmod_odd;
	atomic_ulong unbind_refused, unbind_accepted;
	atomic_ulong opath_regets;	/* GETs after an O_PATH open, a close and a grace period */
	atomic_ulong late_rounds;	/* rounds whose buffers went a while after the last close */
	atomic_ulong vgem_imports, our_imports;
};

enum held_kind { HELD_NONE, HELD_DMABUF, HELD_OPATH, HELD_DEVICE, HELD_DRM, HELD_MAP };

/* Something a thread holds across tricks, released in a random order. */
struct held {
	enum held_kind kind;
	int fd;			/* -1 for a mapping alone */
	uint32_t id;		/* dma-buf and O_PATH: the buffer's id, for a later GET */
	uint32_t plane;		/* O_PATH: of which plane */
	uint32_t handle[HANDLES_MAX];	/* DRM: imported objects */
	unsigned int nr_handles;
	bool vgem;		/* DRM: vgem's, not ours */
	void *map;		/* MAP: FUZZ_FRAME_SIZE bytes; its fd may be long closed */
};

struct worker {
	struct fds *f;
	struct fuzz_rng rng;
	unsigned int index;
	int region;		/* first fd of this thread's close_range() region */
	struct held held[HELD_MAX];
	pid_t child[CHILD_MAX];
};

static int open_card(const char *path)
{
	/* Non-blocking: a read of a DRM fd otherwise waits for an event. */
	return path[0] ? open(path, O_RDWR | O_CLOEXEC | O_NONBLOCK) : -1;
}

/*
 * Whether @fd is one of our dma-bufs of @size bytes: its /proc link names
 * the dma-buf file system, it lives on the same st_dev as every other
 * dma-buf and it has the plane's size. @link gets what the link said.
 * Safe in a forked child (no stdio, no allocation).
 */
static bool fd_is_dmabuf(const struct fds *f, int fd, off_t size, char *link, size_t len)
{
	char path[32];
	struct stat st;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, len - 1);
	link[n > 0 ? n : 0] = '\0';
	if (n <= 0 || strncmp(link, DMABUF_LINK, strlen(DMABUF_LINK)))
		return false;
	if (fstat(fd, &st) || st.st_dev != f->dmabuf_dev)
		return false;
	return lseek(fd, 0, SEEK_END) == size;
}

static uint32_t plane_size(uint32_t plane)
{
	return plane == VGPU_PLANE_CURSOR ? CURSOR_SIZE : FUZZ_FRAME_SIZE;
}

/*
 * Check an fd that GET or a PRIME export just returned: true when it is
 * our dma-buf; otherwise it is counted, described and closed.
 */
static bool check_fd(struct fds *f, int fd, uint32_t plane, const char *how, uint32_t id)
{
	char link[128];
	struct stat st = { 0 };
	unsigned long n;

	atomic_fetch_add(&f->gets, 1);
	if (fd_is_dmabuf(f, fd, plane_size(plane), link, sizeof(link)))
		return true;
	n = atomic_fetch_add(&f->foreign, 1);
	if (n < REPORT_MAX) {
		fstat(fd, &st);
		printf("fuzz fds: %s of id %u returned a foreign file: fd %d -> '%s', st_dev %#lx "
		       "(dma-bufs: %#lx), size %ld (seed %lu)\n", how, id, fd, link,
		       (unsigned long)st.st_dev, (unsigned long)f->dmabuf_dev,
		       (long)lseek(fd, 0, SEEK_END), f->args->seed);
	}
	close(fd);
	return false;
}

/* One word of a mapping, anywhere in the frame, fault-safe. */
static enum read_result read_word(struct fuzz_rng *rng, const void *map)
{
	uint32_t px;

	if (fuzz_guarded_copy(&px, (const uint32_t *)map + rng_below(rng, FUZZ_FRAME_SIZE / 4),
			      sizeof(px)))
		return READ_FAULT;
	return px == FRAME_PIXEL ? READ_FRAME : px == 0 ? READ_ZERO : READ_WRONG;
}

static void count_read(struct fds *f, enum read_result r)
{
	atomic_fetch_add(&f->reads, 1);
	if (r == READ_FAULT)
		atomic_fetch_add(&f->faults, 1);
	else if (r == READ_ZERO)
		atomic_fetch_add(&f->zeros, 1);
	else if (r == READ_WRONG)
		atomic_fetch_add(&f->wrong, 1);
}

static void read_map(struct worker *w, const void *map)
{
	count_read(w->f, read_word(&w->rng, map));
}

/* Map a dma-buf (or a DRM fd at @off) for reading; NULL when refused. */
static void *map_fd(int fd, off_t off)
{
	void *map = mmap(NULL, FUZZ_FRAME_SIZE, PROT_READ, MAP_SHARED, fd, off);

	return map == MAP_FAILED ? NULL : map;
}

/* Map, read (sometimes inside DMA_BUF_IOCTL_SYNC), unmap. */
static void read_fd(struct worker *w, int fd)
{
	struct dma_buf_sync sync = { .flags = DMA_BUF_SYNC_START | DMA_BUF_SYNC_READ };
	bool synced = rng_one_in(&w->rng, 4) && !ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync);
	void *map = map_fd(fd, 0);

	if (map) {
		read_map(w, map);
		munmap(map, FUZZ_FRAME_SIZE);
	}
	if (synced) {
		sync.flags = DMA_BUF_SYNC_END | DMA_BUF_SYNC_READ;
		ioctl(fd, DMA_BUF_IOCTL_SYNC, &sync);
	}
}

/* QUERY @plane through @device: its buffer's id, or 0. */
static uint32_t query_id(int device, uint32_t plane)
{
	struct vfio_dev dev = { .device = device };
	struct vfio_device_gfx_plane_info info;

	if (vfio_dev_query_plane(&dev, plane, &info) || info.size != plane_size(plane))
		return 0;
	return info.dmabuf_id;
}

/* GET @id of @plane through @device and check what came back: the fd, or -1. */
static int get_id(struct fds *f, int device, uint32_t plane, uint32_t id, const char *how)
{
	int fd = ioctl(device, VFIO_DEVICE_GET_GFX_DMABUF, &id);

	if (fd < 0 || !check_fd(f, fd, plane, how, id))
		return -1;
	return fd;
}

/* QUERY and GET the frame's buffer through @device; @id gets its id. */
static int get_buffer(struct fds *f, int device, uint32_t *id)
{
	uint32_t got = query_id(device, VGPU_PLANE_PRIMARY);

	if (id)
		*id = got;
	return got ? get_id(f, device, VGPU_PLANE_PRIMARY, got, "GET") : -1;
}

/* The frame and the cursor, as after every reset. */
static void show_planes(struct vfio_dev *dev)
{
	uint32_t i;

	vfio_dev_enable_memory(dev);
	fuzz_show_frame(dev, FRAME_GPA, FRAME_PIXEL);
	for (i = 0; i < CURSOR_SIZE / VGPU_PAGE_SIZE; i++)
		fuzz_ggtt_write(dev, 2 + i, (CURSOR_GPA + i * VGPU_PAGE_SIZE) | VGPU_GGTT_VALID);
	vfio_dev_reg_write(dev, VGPU_REG_CURBASE, 2 << VGPU_PAGE_SHIFT);
	vfio_dev_reg_write(dev, VGPU_REG_CURCNTR, VGPU_CURSOR_MODE_64_ARGB);
}

/* fork() under the fork lock (see struct fds). */
static pid_t fork_locked(struct fds *f)
{
	pid_t pid;

	pthread_rwlock_rdlock(&f->fork_lock);
	pid = fork();
	if (pid)
		pthread_rwlock_unlock(&f->fork_lock);
	return pid;
}

static void release(struct worker *w, struct held *h)
{
	unsigned int i;

	switch (h->kind) {
	case HELD_NONE:
		return;
	case HELD_MAP:
		read_map(w, h->map);
		munmap(h->map, FUZZ_FRAME_SIZE);
		break;
	case HELD_DRM:
		/* Some handles closed first, the rest go with the fd. */
		for (i = 0; i < h->nr_handles; i++) {
			struct drm_gem_close c = { .handle = h->handle[i] };

			if (rng_one_in(&w->rng, 2))
				ioctl(h->fd, DRM_IOCTL_GEM_CLOSE, &c);
		}
		close(h->fd);
		break;
	default:
		if (h->kind == HELD_DMABUF && rng_one_in(&w->rng, 4))
			read_fd(w, h->fd);
		close(h->fd);
	}
	*h = (struct held){ .kind = HELD_NONE, .fd = -1 };
}

/* Hold @h in a random slot (releasing what was there), or release it now. */
static void keep(struct worker *w, struct held h)
{
	unsigned int slot = rng_below(&w->rng, HELD_MAX + 1);

	if (slot == HELD_MAX) {
		release(w, &h);
		return;
	}
	release(w, &w->held[slot]);
	w->held[slot] = h;
}

static void keep_fd(struct worker *w, enum held_kind kind, int fd, uint32_t id)
{
	if (fd >= 0)
		keep(w, (struct held){ .kind = kind, .fd = fd, .id = id });
}

static void keep_map(struct worker *w, void *map)
{
	if (map)
		keep(w, (struct held){ .kind = HELD_MAP, .fd = -1, .map = map });
}

/* A held slot of @kind chosen at random, or NULL. */
static struct held *pick_held(struct worker *w, enum held_kind kind)
{
	unsigned int start = rng_below(&w->rng, HELD_MAX), i;

	for (i = 0; i < HELD_MAX; i++) {
		struct held *h = &w->held[(start + i) % HELD_MAX];

		if (h->kind == kind)
			return h;
	}
	return NULL;
}

/* Wait at most @seconds for @pid; its status, or -1 when it had to be killed. */
static int reap(pid_t pid, double seconds)
{
	double end = fuzz_now() + seconds;
	int status;

	while (fuzz_now() < end) {
		pid_t r = waitpid(pid, &status, WNOHANG);

		if (r == pid)
			return status;
		if (r < 0)
			return -1;
		usleep(1000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	return -1;
}

static void judge_child(struct fds *f, pid_t pid, int status)
{
	if (status >= 0 && WIFEXITED(status) && WEXITSTATUS(status) == 0)
		return;
	atomic_fetch_add(&f->child_bad, 1);
	if (status >= 0 && WIFEXITED(status) && (WEXITSTATUS(status) & CHILD_FOREIGN))
		atomic_fetch_add(&f->foreign, 1);
	if (status >= 0 && WIFEXITED(status) && (WEXITSTATUS(status) & CHILD_WRONG))
		atomic_fetch_add(&f->wrong, 1);
	printf("fuzz fds: child %d %s %d (seed %lu)\n", pid,
	       status < 0 ? "hung and was killed:" :
	       WIFEXITED(status) ? "saw something wrong: exit status" : "died of signal",
	       status < 0 ? 0 : WIFEXITED(status) ? WEXITSTATUS(status) : WTERMSIG(status),
	       f->args->seed);
}

/* Debug kernels run these paths a hundred times slower: be patient. */
#define CHILD_WAIT	60.0

static void reap_children(struct worker *w)
{
	unsigned int i;

	for (i = 0; i < CHILD_MAX; i++) {
		if (w->child[i] > 0)
			judge_child(w->f, w->child[i], reap(w->child[i], CHILD_WAIT));
		w->child[i] = 0;
	}
}

/* Note a child, to be reaped now, later in the round, or after its end. */
static void add_child(struct worker *w, pid_t pid)
{
	unsigned int slot = rng_below(&w->rng, CHILD_MAX);

	if (pid < 0)
		return;
	atomic_fetch_add(&w->f->children, 1);
	if (rng_one_in(&w->rng, 4)) {
		judge_child(w->f, pid, reap(pid, CHILD_WAIT));
		return;
	}
	if (w->child[slot] > 0)
		judge_child(w->f, w->child[slot], reap(w->child[slot], CHILD_WAIT));
	w->child[slot] = pid;
}

/*
 * What a child does with a dma-buf: map and read it, or GET its own and
 * check that. These run after fork() in a threaded process: system calls
 * only, no stdio or malloc.
 */
static int child_read(struct fuzz_rng *rng, int fd, void **kept)
{
	void *map = map_fd(fd, 0);
	int bad = 0;

	if (!map)
		return 0;
	if (read_word(rng, map) == READ_WRONG)
		bad |= CHILD_WRONG;
	/* Sometimes the mapping stays for exit to tear down. */
	if (!*kept && rng_one_in(rng, 2))
		*kept = map;
	else
		munmap(map, FUZZ_FRAME_SIZE);
	return bad;
}

static int child_get(const struct fds *f, struct fuzz_rng *rng, int device, int *out,
		     void **kept)
{
	char link[128];
	uint32_t id = query_id(device, VGPU_PLANE_PRIMARY);
	int fd, bad;

	*out = -1;
	if (!id)
		return 0;
	fd = ioctl(device, VFIO_DEVICE_GET_GFX_DMABUF, &id);
	if (fd < 0)
		return 0;
	if (!fd_is_dmabuf(f, fd, FUZZ_FRAME_SIZE, link, sizeof(link))) {
		close(fd);
		return CHILD_FOREIGN;
	}
	bad = child_read(rng, fd, kept);
	*out = fd;
	return bad;
}

/* Import @fd into the DRM node at @path; map it through the DRM fd when ours. */
static int child_import(struct fuzz_rng *rng, const char *path, bool ours, int fd,
			void **kept)
{
	struct drm_prime_handle h = { .fd = fd };
	struct drm_mode_map_dumb m = { 0 };
	int drm = open_card(path), bad = 0;
	void *map;

	if (drm < 0)
		return 0;
	if (!ioctl(drm, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h) && ours && rng_one_in(rng, 2)) {
		m.handle = h.handle;
		if (!ioctl(drm, DRM_IOCTL_MODE_MAP_DUMB, &m)) {
			map = map_fd(drm, (off_t)m.offset);
			if (map && read_word(rng, map) == READ_WRONG)
				bad |= CHILD_WRONG;
			if (map && !*kept)
				*kept = map;
			else if (map)
				munmap(map, FUZZ_FRAME_SIZE);
		}
	}
	/* The DRM fd goes now or with the child, taking the handle along. */
	if (rng_one_in(rng, 2))
		close(drm);
	return bad;
}

/*
 * A forked child with the parent's fds: read @buf, read @map (mapped
 * before the fork), GET through @device, import; then exit, maybe with
 * mappings and fds still there, maybe after closing everything at once.
 */
static int child_fork(const struct fds *f, uint64_t seed, int buf, int device, void *map)
{
	struct fuzz_rng rng;
	void *kept = NULL;
	int bad = 0, got;

	rng_seed(&rng, seed);
	if (rng_one_in(&rng, 2))
		usleep(rng_below(&rng, 2000));
	if (map && read_word(&rng, map) == READ_WRONG)
		bad |= CHILD_WRONG;
	if (buf >= 0 && rng_one_in(&rng, 2))
		bad |= child_read(&rng, buf, &kept);
	if (device >= 0 && rng_one_in(&rng, 2)) {
		bad |= child_get(f, &rng, device, &got, &kept);
		if (got >= 0 && rng_one_in(&rng, 2))
			bad |= child_import(&rng, rng_one_in(&rng, 2) ? f->ours : f->vgem,
					    rng_one_in(&rng, 2), got, &kept);
	}
	if (buf >= 0 && rng_one_in(&rng, 4))
		bad |= child_import(&rng, f->ours, true, buf, &kept);
	/* Drop every inherited fd at once, the device's and the container's too. */
	if (rng_one_in(&rng, 4))
		close_range(3, ~0u, rng_one_in(&rng, 2) ? CLOSE_RANGE_UNSHARE : 0);
	if (kept && rng_one_in(&rng, 2)) {
		if (read_word(&rng, kept) == READ_WRONG)
			bad |= CHILD_WRONG;
		munmap(kept, FUZZ_FRAME_SIZE);
	}
	return bad;
}

static void trick_buffer(struct worker *w)
{
	uint32_t id;
	int fd = get_buffer(w->f, w->f->dev.device, &id);

	if (fd < 0)
		return;
	if (rng_one_in(&w->rng, 2))
		read_fd(w, fd);
	keep_fd(w, HELD_DMABUF, fd, id);
}

/*
 * dup, F_DUPFD and dup3 of a dma-buf, of the device fd and of a DRM fd:
 * one copy closed, the other used, in either order; dup3 also onto an fd
 * this thread holds, which swaps what that fd is atomically.
 */
static void trick_dup(struct worker *w)
{
	struct fds *f = w->f;
	struct fuzz_rng *rng = &w->rng;
	struct held *h;
	uint32_t id;
	int fd, copy, dev;

	fd = get_buffer(f, f->dev.device, &id);
	if (fd >= 0) {
		switch (rng_below(rng, 3)) {
		case 0:
			copy = dup(fd);
			break;
		case 1:
			copy = fcntl(fd, F_DUPFD_CLOEXEC, rng_below(rng, 200));
			break;
		default:
			h = pick_held(w, rng_one_in(rng, 2) ? HELD_DMABUF : HELD_OPATH);
			copy = -1;
			if (h && dup3(fd, h->fd, O_CLOEXEC) == h->fd) {
				h->kind = HELD_DMABUF;
				h->id = id;
			}
		}
		if (rng_one_in(rng, 2)) {
			close(fd);
			fd = copy;
			copy = -1;
		}
		if (fd >= 0)
			read_fd(w, fd);
		if (copy >= 0)
			close(copy);
		keep_fd(w, HELD_DMABUF, fd, id);
	}
	/* A copy of the device fd: GET through it; it or the buffer goes first. */
	dev = rng_one_in(rng, 2) ? dup(f->dev.device) :
	      fcntl(f->dev.device, F_DUPFD_CLOEXEC, rng_below(rng, 200));
	if (dev >= 0) {
		fd = get_buffer(f, dev, &id);
		if (rng_one_in(rng, 2)) {
			close(dev);
			dev = -1;
		}
		if (fd >= 0)
			read_fd(w, fd);
		keep_fd(w, HELD_DMABUF, fd, id);
		keep_fd(w, HELD_DEVICE, dev, 0);
	}
	h = pick_held(w, HELD_DRM);
	if (h) {
		copy = dup(h->fd);
		/* The copy outlives the original: it holds the handles now. */
		if (copy >= 0 && rng_one_in(rng, 2)) {
			close(h->fd);
			h->fd = copy;
		} else if (copy >= 0) {
			close(copy);
		}
	}
}

/*
 * fork() with a dma-buf, a device fd copy and a mapping inherited; the
 * parent closes its copies, reads, and reaps the child in any order.
 */
static void trick_fork(struct worker *w)
{
	struct fds *f = w->f;
	struct fuzz_rng *rng = &w->rng;
	uint64_t seed = rng_u64(rng);
	uint32_t id;
	int buf = get_buffer(f, f->dev.device, &id);
	int dev = rng_one_in(rng, 4) ? -1 : dup(f->dev.device);
	void *map = buf >= 0 && rng_one_in(rng, 2) ? map_fd(buf, 0) : NULL;
	pid_t pid = fork_locked(f);

	if (pid == 0)
		_exit(child_fork(f, seed, buf, dev, map));
	if (rng_one_in(rng, 2)) {
		if (buf >= 0)
			close(buf);
		buf = -1;
	}
	if (dev >= 0 && rng_one_in(rng, 2)) {
		close(dev);
		dev = -1;
	}
	if (map) {
		read_map(w, map);
		if (rng_one_in(rng, 2)) {
			munmap(map, FUZZ_FRAME_SIZE);
			map = NULL;
		}
	}
	add_child(w, pid);
	keep_fd(w, HELD_DMABUF, buf, id);
	keep_fd(w, HELD_DEVICE, dev, 0);
	keep_map(w, map);
}

/* sendmsg() of up to two fds with a byte each saying what they are. */
static int send_fds(int sock, const int *fds, const char *kinds, unsigned int n)
{
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} u = { 0 };
	struct iovec iov = { .iov_base = (void *)kinds, .iov_len = n };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = CMSG_SPACE(n * sizeof(int)),
	};
	struct cmsghdr *c = CMSG_FIRSTHDR(&msg);

	c->cmsg_level = SOL_SOCKET;
	c->cmsg_type = SCM_RIGHTS;
	c->cmsg_len = CMSG_LEN(n * sizeof(int));
	memcpy(CMSG_DATA(c), fds, n * sizeof(int));
	return sendmsg(sock, &msg, MSG_NOSIGNAL | MSG_DONTWAIT) < 0 ? -errno : 0;
}

/* recvmsg() of what send_fds() sent, within @ms: the number of fds, or -1. */
static int recv_fds(int sock, int *fds, char *kinds, int ms)
{
	union {
		char buf[CMSG_SPACE(2 * sizeof(int))];
		struct cmsghdr align;
	} u;
	struct iovec iov = { .iov_base = kinds, .iov_len = 2 };
	struct msghdr msg = {
		.msg_iov = &iov, .msg_iovlen = 1,
		.msg_control = u.buf, .msg_controllen = sizeof(u.buf),
	};
	struct pollfd p = { .fd = sock, .events = POLLIN };
	struct cmsghdr *c;
	int n;

	if (poll(&p, 1, ms) != 1 || recvmsg(sock, &msg, MSG_CMSG_CLOEXEC) <= 0)
		return -1;
	c = CMSG_FIRSTHDR(&msg);
	if (!c || c->cmsg_type != SCM_RIGHTS)
		return -1;
	n = (int)((c->cmsg_len - CMSG_LEN(0)) / sizeof(int));
	memcpy(fds, CMSG_DATA(c), (size_t)n * sizeof(int));
	return n;
}

/*
 * The receiving child: maybe dies with the fds still in flight; else it
 * checks, maps, reads and imports the dma-buf, GETs through the device fd
 * and sometimes sends that buffer back, and closes them in any order.
 */
static int child_scm(const struct fds *f, uint64_t seed, int sock)
{
	struct fuzz_rng rng;
	char kinds[2], link[128];
	void *kept = NULL;
	int fds[2], n, i, bad = 0, got;

	rng_seed(&rng, seed);
	if (rng_one_in(&rng, 6))
		return 0;
	n = recv_fds(sock, fds, kinds, 5000);
	for (i = 0; i < n; i++) {
		if (kinds[i] == 'b') {
			/* Passing moves the same file: it is still our dma-buf. */
			if (!fd_is_dmabuf(f, fds[i], FUZZ_FRAME_SIZE, link, sizeof(link)))
				bad |= CHILD_FOREIGN;
			else if (rng_one_in(&rng, 3))
				bad |= child_import(&rng, rng_one_in(&rng, 2) ? f->ours : f->vgem,
						    rng_one_in(&rng, 2), fds[i], &kept);
			else
				bad |= child_read(&rng, fds[i], &kept);
		} else {
			bad |= child_get(f, &rng, fds[i], &got, &kept);
			if (got >= 0 && rng_one_in(&rng, 2))
				send_fds(sock, &got, "b", 1);
		}
		if (rng_one_in(&rng, 2))
			close(fds[i]);
	}
	return bad;
}

/*
 * SCM_RIGHTS: a dma-buf and maybe a device fd to a child, the parent's
 * copies closed before or after; sometimes the child sends a buffer back.
 * Or a socket sent into its own queue with a dma-buf, then both ends
 * closed: only the garbage collector of in-flight fds frees them.
 */
static void trick_scm(struct worker *w)
{
	struct fds *f = w->f;
	struct fuzz_rng *rng = &w->rng;
	uint64_t seed = rng_u64(rng);
	int sv[2], out[2], back[2], n;
	char kinds[2];
	uint32_t id;
	pid_t pid;

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, sv))
		return;
	out[0] = get_buffer(f, f->dev.device, &id);
	if (rng_one_in(rng, 4)) {
		/* sv[1] travels in its own queue: a cycle for the garbage collector. */
		out[1] = sv[1];
		if (out[0] >= 0) {
			send_fds(sv[0], out, "bs", 2);
			close(out[0]);
		}
		n = (int)rng_below(rng, 2);
		close(sv[n]);
		close(sv[1 - n]);
		return;
	}
	pid = fork_locked(f);
	if (pid == 0) {
		close(sv[0]);
		_exit(child_scm(f, seed, sv[1]));
	}
	close(sv[1]);
	out[1] = rng_one_in(rng, 2) ? dup(f->dev.device) : -1;
	kinds[0] = 'b';
	kinds[1] = 'd';
	if (out[0] >= 0 && out[1] >= 0)
		send_fds(sv[0], out, kinds, 2);
	else if (out[0] >= 0 || out[1] >= 0)
		send_fds(sv[0], out[0] >= 0 ? &out[0] : &out[1], out[0] >= 0 ? "b" : "d", 1);
	/* Our copies go now, or after the child is done with its own. */
	if (rng_one_in(rng, 2)) {
		if (out[0] >= 0)
			close(out[0]);
		if (out[1] >= 0)
			close(out[1]);
		out[0] = out[1] = -1;
	}
	if (rng_one_in(rng, 2)) {
		n = recv_fds(sv[0], back, kinds, 200);
		if (n == 1 && check_fd(f, back[0], VGPU_PLANE_PRIMARY, "GET in a child, passed back", 0)) {
			read_fd(w, back[0]);
			keep_fd(w, HELD_DMABUF, back[0], 0);
		}
	}
	close(sv[0]);
	add_child(w, pid);
	keep_fd(w, HELD_DMABUF, out[0], id);
	keep_fd(w, HELD_DEVICE, out[1], 0);
}

/* Wait for an RCU grace period: the freed struct files are freed for good. */
static void grace_period(const struct fds *f)
{
	/* MEMBARRIER_CMD_GLOBAL is synchronize_rcu() on 6.1, with more than one CPU. */
	if (f->cpus > 1)
		syscall(SYS_membarrier, MEMBARRIER_CMD_GLOBAL, 0, 0);
	else
		usleep(5000);
}

/* Open @n files, the memory a freed struct file had is likely among them. */
static unsigned int flood(struct fuzz_rng *rng, int *fds, unsigned int n)
{
	unsigned int i, opened = 0;

	for (i = 0; i < n; i++) {
		int fd = rng_one_in(rng, 4) ? eventfd(0, EFD_CLOEXEC) :
			 open("/dev/null", O_RDONLY | O_CLOEXEC);

		if (fd >= 0)
			fds[opened++] = fd;
	}
	return opened;
}

/*
 * After the fd is gone: a grace period, many opens, GET the same id of
 * @plane again. The cursor's fd is closed at once: held, it would keep
 * the next try's file alive. Call with the cursor lock for the cursor.
 */
static void reget(struct worker *w, uint32_t plane, uint32_t id)
{
	struct fds *f = w->f;
	int crowd[FLOOD_MAX], fd;
	unsigned int n = 0, i;

	if (!rng_one_in(&w->rng, 4))
		grace_period(f);
	if (!rng_one_in(&w->rng, 4))
		n = flood(&w->rng, crowd, 100 + rng_below(&w->rng, FLOOD_MAX - 100));
	fd = get_id(f, f->dev.device, plane, id, "GET after O_PATH, close and a grace period");
	atomic_fetch_add(&f->opath_regets, 1);
	for (i = 0; i < n; i++)
		close(crowd[i]);
	if (fd >= 0 && plane == VGPU_PLANE_CURSOR)
		close(fd);
	else if (fd >= 0) {
		read_fd(w, fd);
		keep_fd(w, HELD_DMABUF, fd, id);
	}
}

/*
 * The sequence that once made GET hand out a foreign file: GET, open the
 * dma-buf's /proc/self/fd link with O_PATH (which holds the dentry, and so
 * the dma-buf, but not its file), close the fd, wait for the file to be
 * freed and its memory taken, GET the same id. It needs a dma-buf nobody
 * else holds: the cursor's, one thread at a time, with no fork while its
 * fd is open. Or the same with an O_PATH fd held from an earlier try; or
 * with the frame's buffer (held elsewhere too) and a mapping of it, read
 * after the close.
 */
static void trick_opath(struct worker *w)
{
	struct fds *f = w->f;
	struct fuzz_rng *rng = &w->rng;
	struct held *old = pick_held(w, HELD_OPATH);
	uint32_t plane = rng_one_in(rng, 3) ? VGPU_PLANE_PRIMARY : VGPU_PLANE_CURSOR;
	bool cursor = plane == VGPU_PLANE_CURSOR;
	char path[32];
	void *map = NULL;
	uint32_t id;
	int fd, path_fd, again;

	/* Another thread has the cursor: the frame's buffer then, no waiting. */
	if (old && rng_one_in(rng, 3) && (old->plane != VGPU_PLANE_CURSOR ||
					  !pthread_mutex_trylock(&f->cursor_lock))) {
		reget(w, old->plane, old->id);
		if (old->plane == VGPU_PLANE_CURSOR)
			pthread_mutex_unlock(&f->cursor_lock);
		if (rng_one_in(rng, 2))
			release(w, old);
		return;
	}
	if (cursor && pthread_mutex_trylock(&f->cursor_lock)) {
		cursor = false;
		plane = VGPU_PLANE_PRIMARY;
	}
	if (cursor)
		pthread_rwlock_wrlock(&f->fork_lock);
	id = query_id(f->dev.device, plane);
	fd = id ? get_id(f, f->dev.device, plane, id, "GET") : -1;
	path_fd = -1;
	if (fd >= 0) {
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		path_fd = open(path, O_PATH | O_CLOEXEC);
		/* A real open of the link: the dma-buf file system has no open. */
		if (rng_one_in(rng, 8)) {
			again = open(path, O_RDWR | O_CLOEXEC);
			if (again >= 0)
				close(again);
		}
		/* A mapping holds the file: only where the file need not go. */
		if (!cursor && rng_one_in(rng, 2))
			map = map_fd(fd, 0);
		close(fd);
	}
	if (cursor)
		pthread_rwlock_unlock(&f->fork_lock);
	if (map)
		read_map(w, map);
	if (fd >= 0)
		reget(w, plane, id);
	if (cursor)
		pthread_mutex_unlock(&f->cursor_lock);
	keep_map(w, map);
	if (path_fd >= 0)
		keep(w, (struct held){ .kind = HELD_OPATH, .fd = path_fd, .id = id,
				       .plane = plane });
}

/* An fd to put in a close_range() region: a new one, or a copy of one held. */
static int range_source(struct worker *w, bool *owned)
{
	struct fds *f = w->f;
	struct held *h;
	char path[32];
	int fd;

	*owned = true;
	switch (rng_below(&w->rng, 6)) {
	case 0:
	case 1:
		return get_buffer(f, f->dev.device, NULL);
	case 2:
		*owned = false;
		h = pick_held(w, rng_one_in(&w->rng, 2) ? HELD_DMABUF : HELD_OPATH);
		return h ? h->fd : -1;
	case 3:
		*owned = false;
		return f->dev.device;
	case 4:
		fd = get_buffer(f, f->dev.device, NULL);
		if (fd < 0)
			return -1;
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
		*owned = true;
		{
			int p = open(path, O_PATH | O_CLOEXEC);

			close(fd);
			return p;
		}
	default:
		return open_card(rng_one_in(&w->rng, 2) ? f->ours : f->vgem);
	}
}

/*
 * Fill this thread's fd region with copies of dma-bufs, O_PATH fds,
 * device and DRM fds, map one, then close the lot with close_range(),
 * in one call or two, maybe after marking it close-on-exec and running
 * an exec in a child; then read the mapping.
 */
static void trick_close_range(struct worker *w)
{
	struct fuzz_rng *rng = &w->rng;
	unsigned int n = 2 + rng_below(rng, REGION - 2), i, top = 0;
	unsigned int first = (unsigned int)w->region, last;
	void *map = NULL;
	pid_t pid;

	for (i = 0; i < n; i++) {
		bool owned;
		int src = range_source(w, &owned), fd;

		if (src < 0)
			continue;
		fd = fcntl(src, F_DUPFD_CLOEXEC, w->region);
		if (owned)
			close(src);
		if (fd < 0)
			continue;
		if (fd >= w->region + REGION) {
			close(fd);
			break;
		}
		top = (unsigned int)(fd - w->region) + 1;
		if (!map && rng_one_in(rng, 4))
			map = map_fd(fd, 0);
	}
	if (!top) {
		keep_map(w, map);
		return;
	}
	last = first + top - 1;
	if (rng_one_in(rng, 2)) {
		close_range(first, last, CLOSE_RANGE_CLOEXEC);
		if (rng_one_in(rng, 2)) {
			/* The exec closes the child's copies. */
			pid = fork_locked(w->f);
			if (pid == 0) {
				execl("/bin/true", "true", (char *)NULL);
				_exit(0);
			}
			add_child(w, pid);
		}
	}
	if (rng_one_in(rng, 2)) {
		unsigned int mid = first + rng_below(rng, top);

		close_range(mid, last, 0);
		if (mid > first)
			close_range(first, mid - 1, 0);
	} else {
		close_range(first, last, 0);
	}
	if (map)
		read_map(w, map);
	keep_map(w, map);
}

/*
 * PRIME import of a dma-buf into vgem or our DRM device; ours is also
 * mapped through the DRM fd (the way Mesa reads it) and exported back.
 * Then the handle, the dma-buf fd, the DRM fd and a device fd copy go in
 * a random order, some kept for later.
 */
static void trick_import(struct worker *w)
{
	struct fds *f = w->f;
	struct fuzz_rng *rng = &w->rng;
	bool ours = rng_one_in(rng, 2) || !f->vgem[0];
	struct held *shared = pick_held(w, HELD_DRM);
	struct held drm = { .kind = HELD_DRM, .fd = -1, .vgem = !ours };
	struct drm_prime_handle h = { 0 };
	uint32_t id;
	int dev = rng_one_in(rng, 2) ? dup(f->dev.device) : -1;
	int fd = get_buffer(f, dev >= 0 ? dev : f->dev.device, &id);
	unsigned int order[4] = { 0, 1, 2, 3 }, i;
	bool handle_open;

	/* A DRM fd this thread holds (of either device), or a new one. */
	if (shared && rng_one_in(rng, 2)) {
		drm = *shared;
		ours = !drm.vgem;
		*shared = (struct held){ .kind = HELD_NONE, .fd = -1 };
	} else {
		drm.fd = open_card(ours ? f->ours : f->vgem);
	}
	if (fd < 0 || drm.fd < 0)
		goto out;
	h.fd = fd;
	if (ioctl(drm.fd, DRM_IOCTL_PRIME_FD_TO_HANDLE, &h))
		goto out;
	atomic_fetch_add(ours ? &f->our_imports : &f->vgem_imports, 1);
	if (rng_one_in(rng, 2)) {
		struct drm_mode_map_dumb m = { .handle = h.handle };

		/* vgem refuses to map imports; ours maps them. */
		if (!ioctl(drm.fd, DRM_IOCTL_MODE_MAP_DUMB, &m)) {
			void *map = map_fd(drm.fd, (off_t)m.offset);

			if (map)
				read_map(w, map);
			keep_map(w, map);
		}
	}
	if (rng_one_in(rng, 2)) {
		struct drm_prime_handle back = { .handle = h.handle,
						 .flags = DRM_CLOEXEC | DRM_RDWR };

		if (!ioctl(drm.fd, DRM_IOCTL_PRIME_HANDLE_TO_FD, &back) &&
		    check_fd(f, back.fd, VGPU_PLANE_PRIMARY, "PRIME export of an import", id))
			keep_fd(w, HELD_DMABUF, back.fd, id);
	}
	handle_open = true;
	for (i = 3; i > 0; i--) {
		unsigned int j = rng_below(rng, i + 1), t = order[i];

		order[i] = order[j];
		order[j] = t;
	}
	for (i = 0; i < 4; i++) {
		bool now = !rng_one_in(rng, 3);

		switch (order[i]) {
		case 0:
			/* With the DRM fd gone, the handle went with it. */
			if (handle_open && drm.fd >= 0 && now) {
				struct drm_gem_close c = { .handle = h.handle };

				ioctl(drm.fd, DRM_IOCTL_GEM_CLOSE, &c);
				handle_open = false;
			}
			break;
		case 1:
			if (now)
				close(fd);
			else
				keep_fd(w, HELD_DMABUF, fd, id);
			fd = -1;
			break;
		case 2:
			if (handle_open && drm.nr_handles < HANDLES_MAX)
				drm.handle[drm.nr_handles++] = h.handle;
			handle_open = false;
			if (now)
				release(w, &drm);
			else
				keep(w, drm);
			drm.fd = -1;
			break;
		default:
			if (dev >= 0 && now)
				close(dev);
			else
				keep_fd(w, HELD_DEVICE, dev, 0);
			dev = -1;
		}
	}
out:
	if (fd >= 0)
		close(fd);
	if (dev >= 0)
		close(dev);
	if (drm.fd >= 0)
		keep(w, drm);
}

/*
 * Thread 0's share: reset the device (through the device fd or a copy),
 * take the frame's pages away for one buffer step, or open the device a
 * second time and use that fd.
 */
static void trick_device(struct worker *w)
{
	struct fds *f = w->f;
	struct fuzz_rng *rng = &w->rng;
	struct held *h;
	uint32_t id;
	int fd, buf;

	switch (rng_below(rng, 3)) {
	case 0: {
		struct vfio_dev dev = f->dev;

		h = pick_held(w, HELD_DEVICE);
		if (h && rng_one_in(rng, 2))
			dev.device = h->fd;
		vfio_dev_reset(&dev);
		show_planes(&f->dev);
		break;
	}
	case 1:
		if (vfio_dev_unmap(&f->dev, FRAME_GPA, FUZZ_FRAME_SIZE))
			break;
		trick_buffer(w);
		h = pick_held(w, HELD_MAP);
		if (h)
			read_map(w, h->map);
		vfio_dev_map(&f->dev, FRAME_GPA, FUZZ_FRAME_SIZE);
		break;
	default:
		fd = ioctl(f->dev.group, VFIO_GROUP_GET_DEVICE_FD, f->args->uuid);
		if (fd < 0)
			break;
		fcntl(fd, F_SETFD, FD_CLOEXEC);
		buf = get_buffer(f, fd, &id);
		if (buf >= 0)
			read_fd(w, buf);
		keep_fd(w, HELD_DMABUF, buf, id);
		keep_fd(w, HELD_DEVICE, fd, 0);
	}
}

/*
 * rmmod while this thread holds a buffer it checked: the module must
 * stay. (Only then: with nothing held, it would go, and the run with it.)
 */
static bool try_rmmod(struct fds *f)
{
	long ret = syscall(SYS_delete_module, "vgpu_display", O_NONBLOCK);

	if (!ret) {
		atomic_fetch_add(&f->rmmod_accepted, 1);
		atomic_store(&f->fatal, true);
		printf("fuzz fds: rmmod vgpu_display worked while a buffer was held (seed %lu)\n",
		       f->args->seed);
		return false;
	}
	if (errno == EBUSY || errno == EAGAIN) {
		atomic_fetch_add(&f->rmmod_refused, 1);
		return true;
	}
	atomic_fetch_add(&f->rmmod_odd, 1);
	printf("fuzz fds: rmmod vgpu_display failed with %s, not EBUSY or EAGAIN\n",
	       strerror(errno));
	return false;
}

static void trick_rmmod(struct worker *w)
{
	uint32_t id;
	int fd = get_buffer(w->f, w->f->dev.device, &id);

	if (fd < 0)
		return;
	try_rmmod(w->f);
	keep_fd(w, HELD_DMABUF, fd, id);
}

static void (*const trick_fn[NR_TRICKS])(struct worker *w) = {
	trick_buffer, trick_dup, trick_fork, trick_scm, trick_opath, trick_close_range,
	trick_import, trick_device, trick_rmmod,
};

/* Out of 100; thread 0 also resets, unmaps and reopens the device. */
static enum trick pick_trick(struct worker *w)
{
	static const unsigned int weight[NR_TRICKS] = { 12, 12, 10, 10, 20, 10, 20, 0, 1 };
	uint32_t r;
	unsigned int t;

	if (w->index == 0 && rng_one_in(&w->rng, 4))
		return TRICK_DEVICE;
	r = rng_below(&w->rng, 95);
	for (t = 0; t < NR_TRICKS; t++) {
		if (r < weight[t])
			return t;
		r -= weight[t];
	}
	return TRICK_BUFFER;
}

static void *worker_main(void *arg)
{
	struct worker *w = arg;

	while (!atomic_load(&w->f->stop) && !atomic_load(&w->f->fatal)) {
		enum trick t = pick_trick(w);

		trick_fn[t](w);
		atomic_fetch_add(&w->f->tricks[t], 1);
	}
	return NULL;
}

static void *unbind_main(void *arg)
{
	(void)arg;
	return (void *)(intptr_t)fuzz_write_str(UNBIND_PATH, "vgpu_display");
}

/*
 * Unbinding the parent driver while a buffer is held must be refused (no
 * unbind file at all, or an error). A write that worked, or that waits
 * for the device fd (the removal asking for it), is a failure: the run
 * stops rather than rebinding into what is left. True when the writing
 * thread still waits, in @tid, to be joined once the device is closed.
 */
static bool try_unbind(struct fds *f, pthread_t *tid)
{
	struct timespec until;
	void *ret;
	int err;

	pthread_create(tid, NULL, unbind_main, NULL);
	clock_gettime(CLOCK_REALTIME, &until);
	until.tv_sec += 10;
	err = pthread_timedjoin_np(*tid, &ret, &until);
	if (!err && (intptr_t)ret < 0) {
		atomic_fetch_add(&f->unbind_refused, 1);
		return false;
	}
	atomic_fetch_add(&f->unbind_accepted, 1);
	atomic_store(&f->fatal, true);
	printf("fuzz fds: unbinding vgpu_display %s while a buffer was held (seed %lu)\n",
	       err ? "is under way (the write waits)" : "worked", f->args->seed);
	return err != 0;
}

enum step { STEP_HELD, STEP_DEVICE, STEP_GROUP, STEP_CONTAINER, STEP_RAM, STEP_REAP,
	    STEP_UNBIND };

struct step_item {
	enum step kind;
	struct worker *w;
	struct held *held;
};

/*
 * The end of a round: everything the threads hold, the device, group and
 * container fds, the guest RAM and the children, in a random order, with
 * an unbind and an rmmod tried in between. @anchor, a buffer checked at
 * the round's start, goes last, so that something is held throughout.
 */
static void teardown(struct fds *f, struct worker *w, struct fuzz_rng *rng, int anchor)
{
	struct step_item steps[NR_WORKERS * HELD_MAX + 8];
	unsigned int n = 0, i, k;
	pthread_t unbinder;
	bool unbinding = false;

	for (i = 0; i < NR_WORKERS; i++) {
		for (k = 0; k < HELD_MAX; k++)
			if (w[i].held[k].kind != HELD_NONE)
				steps[n++] = (struct step_item){ STEP_HELD, &w[i], &w[i].held[k] };
	}
	steps[n++] = (struct step_item){ .kind = STEP_DEVICE };
	steps[n++] = (struct step_item){ .kind = STEP_GROUP };
	steps[n++] = (struct step_item){ .kind = STEP_CONTAINER };
	steps[n++] = (struct step_item){ .kind = STEP_RAM };
	steps[n++] = (struct step_item){ .kind = STEP_REAP };
	if (anchor >= 0 && !atomic_load(&f->fatal))
		steps[n++] = (struct step_item){ .kind = STEP_UNBIND };
	for (i = n - 1; i > 0; i--) {
		unsigned int j = rng_below(rng, i + 1);
		struct step_item t = steps[i];

		steps[i] = steps[j];
		steps[j] = t;
	}
	for (i = 0; i < n; i++) {
		switch (steps[i].kind) {
		case STEP_HELD:
			release(steps[i].w, steps[i].held);
			break;
		case STEP_DEVICE:
			vfio_dev_close_device(&f->dev);
			break;
		case STEP_GROUP:
			close(f->dev.group);
			f->dev.group = -1;
			break;
		case STEP_CONTAINER:
			close(f->dev.container);
			f->dev.container = -1;
			break;
		case STEP_RAM:
			munmap(f->dev.ram, f->dev.ram_size);
			f->dev.ram = MAP_FAILED;
			break;
		case STEP_REAP:
			for (k = 0; k < NR_WORKERS; k++)
				reap_children(&w[k]);
			break;
		case STEP_UNBIND:
			if (try_rmmod(f))
				unbinding = try_unbind(f, &unbinder);
			break;
		}
	}
	vfio_dev_close(&f->dev);
	for (k = 0; k < NR_WORKERS; k++)
		reap_children(&w[k]);
	/* A write that waited for the device is done once the device is closed. */
	if (unbinding)
		pthread_join(unbinder, NULL);
	close(anchor);
}

/*
 * The st_dev of dma-bufs, from a dma-buf vgem exports (no GET involved),
 * else from the first GET, whose /proc link must name a dma-buf.
 */
static void learn_dmabuf_dev(struct fds *f, int fd)
{
	char path[32], link[128];
	struct stat st;
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, link, sizeof(link) - 1);
	link[n > 0 ? n : 0] = '\0';
	if (fuzz_check(n > 0 && !strncmp(link, DMABUF_LINK, strlen(DMABUF_LINK)) &&
		       !fstat(fd, &st), "fds: a dma-buf's /proc link is '%s...' ('%s')",
		       DMABUF_LINK, link))
		f->dmabuf_dev = st.st_dev;
}

static void learn_from_vgem(struct fds *f)
{
	/* Not the frame's size: a GET that returned this one would show. */
	struct drm_mode_create_dumb c = { .width = 64, .height = 64, .bpp = 32 };
	struct drm_prime_handle out = { .flags = DRM_CLOEXEC | DRM_RDWR };
	int vgem = open_card(f->vgem);

	if (vgem < 0)
		return;
	if (!ioctl(vgem, DRM_IOCTL_MODE_CREATE_DUMB, &c)) {
		out.handle = c.handle;
		if (!ioctl(vgem, DRM_IOCTL_PRIME_HANDLE_TO_FD, &out)) {
			learn_dmabuf_dev(f, out.fd);
			close(out.fd);
		}
	}
	close(vgem);
}

/* 6.1 runs the in-flight fd collector when a unix socket closes. */
static void kick_unix_gc(void)
{
	int sv[2];

	if (!socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv)) {
		close(sv[0]);
		close(sv[1]);
	}
}

/* One round; false when it could not open the vGPU or left a buffer alive. */
static bool round_run(struct fds *f, struct fuzz_rng *rng, double slice)
{
	struct worker w[NR_WORKERS];
	pthread_t tid[NR_WORKERS];
	struct rlimit lim;
	double end;
	uint32_t id;
	int anchor;
	long live;
	unsigned int i, k;

	if (fuzz_open(&f->dev, f->args->uuid)) {
		fprintf(stderr, "vgpu-fuzz: fds: cannot open vGPU %s\n", f->args->uuid);
		return false;
	}
	show_planes(&f->dev);
	if (!f->dmabuf_dev) {
		id = query_id(f->dev.device, VGPU_PLANE_PRIMARY);
		anchor = id ? ioctl(f->dev.device, VFIO_DEVICE_GET_GFX_DMABUF, &id) : -1;
		if (anchor >= 0) {
			learn_dmabuf_dev(f, anchor);
			close(anchor);
		}
	}
	/* Held from here to the end of the round: the rmmod and unbind tries need it. */
	anchor = f->dmabuf_dev ? get_buffer(f, f->dev.device, &id) : -1;
	getrlimit(RLIMIT_NOFILE, &lim);
	atomic_store(&f->stop, false);
	for (i = 0; i < NR_WORKERS; i++) {
		w[i] = (struct worker){ .f = f, .index = i,
					.region = (int)lim.rlim_cur - (int)(i + 1) * REGION };
		for (k = 0; k < HELD_MAX; k++)
			w[i].held[k] = (struct held){ .kind = HELD_NONE, .fd = -1 };
		rng_seed(&w[i].rng, rng_u64(rng));
	}
	for (i = 0; i < NR_WORKERS && f->dmabuf_dev; i++)
		pthread_create(&tid[i], NULL, worker_main, &w[i]);
	for (end = fuzz_now() + slice; f->dmabuf_dev && fuzz_now() < end &&
	     !atomic_load(&f->fatal);)
		usleep(10000);
	atomic_store(&f->stop, true);
	for (i = 0; i < NR_WORKERS && f->dmabuf_dev; i++)
		pthread_join(tid[i], NULL);
	teardown(f, w, rng, anchor);
	/*
	 * Files that a kernel thread lets go (the garbage collector of
	 * in-flight fds) are released by a work item a tick later: wait.
	 * A collection that found another one running skips its turn, and
	 * the cycles it would have freed wait for the next unix socket to
	 * close: close one each time round.
	 */
	live = fuzz_live_buffers();
	if (live > 0)
		atomic_fetch_add(&f->late_rounds, 1);
	for (end = fuzz_now() + CHILD_WAIT; live > 0 && fuzz_now() < end;) {
		kick_unix_gc();
		usleep(10000);
		live = fuzz_live_buffers();
	}
	if (live) {
		fprintf(stderr, "vgpu-fuzz: fds: %ld buffers alive after the round\n", live);
		return false;
	}
	return f->dmabuf_dev != 0;
}

/*
 * The fds this process has open, or -1: the entries of /proc/self/fd but
 * the directory's own. One readdir, where an access() for each possible
 * fd took seconds of the run's time on Debian 13's kernel under TCG.
 */
static int count_fds(void)
{
	DIR *dir = opendir("/proc/self/fd");
	struct dirent *entry;
	int n = 0;

	if (!dir)
		return -1;
	while ((entry = readdir(dir)))
		n += entry->d_name[0] != '.';
	closedir(dir);
	return n - 1;
}

int fuzz_fds(const struct fuzz_args *args)
{
	uint64_t min = args->min ? args->min : 1000, total = 0;
	struct rlimit lim = { .rlim_cur = NOFILE, .rlim_max = NOFILE };
	struct fds f = { .args = args };
	unsigned long rounds = 0, bad = 0;
	double end;
	unsigned int t;
	int fds_before;
	struct fuzz_rng rng;
	bool every = true;
	int ok;

	rng_seed(&rng, args->seed);
	pthread_mutex_init(&f.cursor_lock, NULL);
	pthread_rwlock_init(&f.fork_lock, NULL);
	/* Room above what open() hands out for the close_range() regions. */
	if (getrlimit(RLIMIT_NOFILE, &lim) || lim.rlim_max < NOFILE)
		lim.rlim_max = NOFILE;
	lim.rlim_cur = NOFILE;
	if (setrlimit(RLIMIT_NOFILE, &lim)) {
		fprintf(stderr, "vgpu-fuzz: fds: cannot allow %u fds (%s)\n", NOFILE,
			strerror(errno));
		return 1;
	}
	f.cpus = sysconf(_SC_NPROCESSORS_ONLN);
	fuzz_drm_card("vgpu_display", f.ours, sizeof(f.ours));
	fuzz_drm_card("vgem", f.vgem, sizeof(f.vgem));
	printf("fuzz fds: our DRM device %s, vgem %s, %ld CPUs\n", f.ours[0] ? f.ours : "none",
	       f.vgem[0] ? f.vgem : "none (modprobe vgem)", f.cpus);
	learn_from_vgem(&f);
	fds_before = count_fds();
	/* The rounds get the run's time; what came before is set-up. */
	end = fuzz_now() + args->seconds;
	do {
		double slice = 0.2 + (double)rng_below(&rng, 1000) / 1000.0;

		if (!round_run(&f, &rng, slice))
			bad++;
		rounds++;
	} while (fuzz_now() < end && bad < 3 && !atomic_load(&f.fatal));
	pthread_rwlock_destroy(&f.fork_lock);
	pthread_mutex_destroy(&f.cursor_lock);

	printf("fuzz fds: seed %lu, %.0f s: %lu rounds;", args->seed, args->seconds, rounds);
	for (t = 0; t < NR_TRICKS; t++) {
		total += f.tricks[t];
		every &= f.tricks[t] > 0;
		printf(" %lu %s,", (unsigned long)f.tricks[t], trick_name[t]);
	}
	printf(" %lu trick rounds in all\n", total);
	printf("fuzz fds: %lu fds from GET or PRIME export checked (%lu after O_PATH and a grace "
	       "period), %lu foreign; %lu imports into our DRM device, %lu into vgem; %lu reads "
	       "(%lu zeros, %lu faults, %lu wrong); %lu children (%lu not clean); rmmod refused "
	       "%lu times, unbind %lu; %lu rounds freed their buffers late\n", (unsigned long)f.gets, (unsigned long)f.opath_regets,
	       (unsigned long)f.foreign, (unsigned long)f.our_imports,
	       (unsigned long)f.vgem_imports, (unsigned long)f.reads, (unsigned long)f.zeros,
	       (unsigned long)f.faults, (unsigned long)f.wrong, (unsigned long)f.children,
	       (unsigned long)f.child_bad, (unsigned long)f.rmmod_refused,
	       (unsigned long)f.unbind_refused, (unsigned long)f.late_rounds);
	ok = fuzz_check(bad == 0, "fds: every round freed every buffer (%lu of %lu did not)",
			bad, rounds);
	ok &= fuzz_check(f.foreign == 0, "fds: every fd GET or PRIME export returned was our "
			 "dma-buf (%lu GET returned a foreign file)", (unsigned long)f.foreign);
	ok &= fuzz_check(f.wrong == 0, "fds: reads saw the frame, zeros or a fault (%lu saw "
			 "something else)", (unsigned long)f.wrong);
	ok &= fuzz_check(f.child_bad == 0, "fds: every child exited cleanly (%lu did not)",
			 (unsigned long)f.child_bad);
	ok &= fuzz_check(f.rmmod_accepted == 0 && f.rmmod_odd == 0 && f.rmmod_refused > 0,
			 "fds: rmmod failed with EBUSY or EAGAIN while buffers were held "
			 "(%lu times; %lu worked, %lu other errors)", (unsigned long)f.rmmod_refused,
			 (unsigned long)f.rmmod_accepted, (unsigned long)f.rmmod_odd);
	ok &= fuzz_check(f.unbind_accepted == 0 && f.unbind_refused > 0,
			 "fds: unbinding the parent driver failed while buffers were held "
			 "(%lu times; %lu worked)", (unsigned long)f.unbind_refused,
			 (unsigned long)f.unbind_accepted);
	ok &= fuzz_check(fds_before >= 0 && count_fds() == fds_before && waitpid(-1, NULL, WNOHANG) < 0,
			 "fds: every fd is closed and every child reaped");
	ok &= fuzz_check(every && f.our_imports && f.vgem_imports && f.opath_regets,
			 "fds: every trick ran, imports reached both DRM devices");
	ok &= fuzz_check(total >= min, "fds: %lu trick rounds (at least %lu)", total, min);
	return ok ? 0 : 1;
}
