/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The scripted guest: a small line-based language of register, GGTT and
 * guest-memory operations with expected results (docs/script.md). Parsing
 * is pure; execution goes through struct script_ops, so the interpreter
 * runs against the real device in the VMM and a fake one in unit tests.
 */
#ifndef SCRIPT_H
#define SCRIPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <linux/vfio.h>

enum script_op {
	SCRIPT_READ,		/* region read, optionally compared */
	SCRIPT_WRITE,		/* region write */
	SCRIPT_GGTT,		/* write a GGTT entry through BAR0 */
	SCRIPT_FILL,		/* guest CPU fills guest RAM with a dword */
	SCRIPT_POKE,		/* guest CPU writes guest RAM */
	SCRIPT_PEEK,		/* guest CPU reads guest RAM, compared */
	SCRIPT_MAP,		/* VMM maps a slice of guest RAM for DMA */
	SCRIPT_UNMAP,		/* VMM unmaps it */
	SCRIPT_RESET,		/* VFIO_DEVICE_RESET */
	SCRIPT_PINNED,		/* the vGPU's pinned page count, compared */
	SCRIPT_WAIT_REQUEST,	/* wait for the request IRQ, then close */
	SCRIPT_CLOSE,		/* close the device fd */
	SCRIPT_ECHO,		/* print a line */
	SCRIPT_PLANE,		/* VFIO_DEVICE_QUERY_GFX_PLANE, fields compared */
	SCRIPT_DMABUF,		/* GET_GFX_DMABUF, read through its mmap */
	SCRIPT_RECT,		/* guest CPU fills a rectangle of 32-bit pixels */
	SCRIPT_MONITOR,		/* the VMM plugs in a monitor of a given mode */
	SCRIPT_LINK,		/* the VMM connects or disconnects the monitor */
};

#define SCRIPT_MAX_CHECKS	12
#define SCRIPT_MAX_VARS		16

/* One field of a queried plane compared with a value or a saved id. */
struct script_check {
	int field;		/* index into the plane field table */
	bool negate;		/* != rather than = */
	char var[16];		/* compare with this saved id, if set */
	uint64_t value;
};

/* Ids saved by "plane ... as NAME", for later commands to refer to. */
struct script_vars {
	int n;
	char name[SCRIPT_MAX_VARS][16];
	uint64_t value[SCRIPT_MAX_VARS];
};

struct script_cmd {
	enum script_op op;
	unsigned int region;	/* VFIO region index */
	uint64_t off;		/* region offset, guest address or IOVA */
	uint64_t len;		/* access size or range length */
	uint64_t value;		/* written, or expected */
	uint64_t mask;		/* bits compared by an expectation */
	bool expect;		/* compare what was read with value */
	int want_errno;		/* the call must fail with this errno */
	char text[160];		/* echo's text, or the offset as written */
	int nr_checks;		/* plane: field comparisons */
	struct script_check check[SCRIPT_MAX_CHECKS];
	char save_as[16];	/* plane: save the id under this name */
	char id_var[16];	/* dmabuf: the saved id to use, if set */
	uint32_t id;		/* dmabuf: the id, when id_var is not set */
	uint32_t rect[5];	/* rect: stride, x, y, width, height */
	uint32_t mode[2];	/* monitor: width, height */
};

struct script_ops {
	long (*region_rw)(void *ctx, unsigned int index, uint64_t off,
			  void *buf, size_t len, bool write);
	uint8_t *(*ram)(void *ctx, size_t *size);
	int (*map)(void *ctx, uint64_t iova, uint64_t len);
	int (*unmap)(void *ctx, uint64_t iova, uint64_t len);
	int (*reset)(void *ctx);
	int (*pinned)(void *ctx, uint64_t *pages);
	int (*wait_request)(void *ctx, int timeout_ms);
	void (*close_device)(void *ctx);
	/* QUERY_GFX_PLANE of a DMABUF plane; @info's outputs filled. */
	int (*query_plane)(void *ctx, uint32_t plane_type,
			   struct vfio_device_gfx_plane_info *info);
	/* GET_GFX_DMABUF, then @len bytes at @off through its mmap. */
	int (*dmabuf_read)(void *ctx, uint32_t id, uint64_t off, void *buf,
			   size_t len);
	/*
	 * Set the monitor as a VMM does (the EDID region; libvfio-display's
	 * vfiodisplay_set_monitor()), and its link: 0 or -errno, with a
	 * reason in @why. NULL in a VMM without them: the commands fail.
	 */
	int (*monitor)(void *ctx, uint32_t width, uint32_t height, char *why,
		       size_t why_len);
	int (*link)(void *ctx, bool up, char *why, size_t why_len);
};

/*
 * Parse one line. Returns 1 and fills @cmd for a command, 0 for a blank or
 * comment line, or -EINVAL with a message in @err.
 */
int script_parse_line(const char *line, struct script_cmd *cmd, char *err,
		      size_t err_len);

/*
 * Run one command. Returns 0, or -1 with the reason in @err: the call
 * failed when it should not, succeeded when it should have failed, or
 * read a value other than the one expected. @log, if not NULL, gets a line
 * for what was done.
 */
int script_exec(const struct script_cmd *cmd, const struct script_ops *ops,
		void *ctx, struct script_vars *vars, FILE *log, char *err,
		size_t err_len);

/*
 * Parse and run a whole script. Stops at the first failure, which it
 * reports as "NAME:LINE: reason" on stderr. Returns 0 or -1.
 */
int script_run(FILE *in, const char *name, const struct script_ops *ops,
	       void *ctx, FILE *log);

/* script_run() of a script held in a string, as tests write them. */
int script_run_text(const char *text, const char *name, const struct script_ops *ops,
		    void *ctx, FILE *log);

#endif
