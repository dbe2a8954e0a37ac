// SPDX-License-Identifier: GPL-2.0
/*
 * Host unit tests of the scripted guest's language: the parser, and the
 * interpreter against a fake device whose regions are plain memory.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <linux/vfio.h>

#include "script.h"
#include "vgpu_hw.h"

struct fake {
	uint8_t bar0[VGPU_BAR0_SIZE];
	uint8_t ram[1 << 16];
	long force;		/* returned by region_rw instead, when set */
	uint64_t pinned;
	int resets;
	int closed;
	struct vfio_device_gfx_plane_info plane;
	uint8_t dmabuf[64];
	struct script_vars vars;
	uint32_t mon_width, mon_height;	/* the last monitor set */
	int link;			/* the last link set: 1 up, 0 down, -1 none */
	int mon_ret;			/* the monitor ops' result, when set */
};

static long fake_rw(void *ctx, unsigned int index, uint64_t off, void *buf,
		    size_t len, bool write)
{
	struct fake *f = ctx;

	if (f->force)
		return f->force;
	if (index != VFIO_PCI_BAR0_REGION_INDEX || off + len > sizeof(f->bar0))
		return -EINVAL;
	if (write)
		memcpy(f->bar0 + off, buf, len);
	else
		memcpy(buf, f->bar0 + off, len);
	return (long)len;
}

static uint8_t *fake_ram(void *ctx, size_t *size)
{
	struct fake *f = ctx;

	*size = sizeof(f->ram);
	return f->ram;
}

static int fake_map(void *ctx, uint64_t iova, uint64_t len)
{
	(void)ctx;
	return iova + len > (1 << 16) ? -EINVAL : 0;
}

static int fake_reset(void *ctx)
{
	((struct fake *)ctx)->resets++;
	return 0;
}

static int fake_pinned(void *ctx, uint64_t *pages)
{
	*pages = ((struct fake *)ctx)->pinned;
	return 0;
}

static int fake_wait(void *ctx, int ms)
{
	(void)ctx;
	return ms ? 0 : -ETIMEDOUT;
}

static void fake_close(void *ctx)
{
	((struct fake *)ctx)->closed++;
}

static int fake_query(void *ctx, uint32_t type, struct vfio_device_gfx_plane_info *info)
{
	struct fake *f = ctx;

	if (type != 1 && type != 2)
		return -EINVAL;
	*info = f->plane;
	return 0;
}

static int fake_dmabuf_read(void *ctx, uint32_t id, uint64_t off, void *buf, size_t len)
{
	struct fake *f = ctx;

	if (id != f->plane.dmabuf_id)
		return -ENOENT;
	if (off + len > sizeof(f->dmabuf))
		return -EINVAL;
	memcpy(buf, f->dmabuf + off, len);
	return 0;
}

static int fake_monitor(void *ctx, uint32_t width, uint32_t height, char *why,
			size_t why_len)
{
	struct fake *f = ctx;

	if (f->mon_ret) {
		snprintf(why, why_len, "the fake device says no");
		return f->mon_ret;
	}
	f->mon_width = width;
	f->mon_height = height;
	return 0;
}

static int fake_link(void *ctx, bool up, char *why, size_t why_len)
{
	struct fake *f = ctx;

	(void)why;
	(void)why_len;
	if (f->mon_ret)
		return f->mon_ret;	/* no reason given: the errno says it */
	f->link = up;
	return 0;
}

static const struct script_ops fake_ops = {
	.region_rw = fake_rw, .ram = fake_ram, .map = fake_map,
	.unmap = fake_map, .reset = fake_reset, .pinned = fake_pinned,
	.wait_request = fake_wait, .close_device = fake_close,
	.query_plane = fake_query, .dmabuf_read = fake_dmabuf_read,
	.monitor = fake_monitor, .link = fake_link,
};

static struct fake *fake;

static int setup(void **state)
{
	(void)state;
	fake = calloc(1, sizeof(*fake));
	return fake ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	free(fake);
	return 0;
}

/* Parse and run @line; the interpreter's result. */
static int run(const char *line, char *err, size_t err_len)
{
	struct script_cmd cmd;
	int ret = script_parse_line(line, &cmd, err, err_len);

	assert_int_equal(ret, 1);
	return script_exec(&cmd, &fake_ops, fake, &fake->vars, NULL, err, err_len);
}

static void test_parse_names(void **state)
{
	struct script_cmd cmd;
	char err[128];

	(void)state;
	assert_int_equal(script_parse_line("read bar0 PIPECONF 4 expect 0x80000000 mask 0x80000000",
					   &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.op, SCRIPT_READ);
	assert_int_equal(cmd.region, VFIO_PCI_BAR0_REGION_INDEX);
	assert_int_equal(cmd.off, 0x70008);
	assert_true(cmd.expect);
	assert_int_equal(cmd.mask, 0x80000000);
	assert_int_equal(script_parse_line("write bar0 ggtt[3] 8 0x1001", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.off, VGPU_GGTT_BASE + 24);
	assert_int_equal(script_parse_line("read cfg COMMAND 2 errno EIO", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.off, 4);
	assert_int_equal(cmd.want_errno, EIO);
	assert_int_equal(script_parse_line("read aperture 0x10 1", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.region, VFIO_PCI_BAR2_REGION_INDEX);
	assert_int_equal(script_parse_line("read 12 0 4 errno EINVAL", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.region, 12);
	assert_int_equal(script_parse_line("ggtt 5 0x3000", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.value, 0x3001);
	assert_int_equal(script_parse_line("ggtt 5 none", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.value, 0);
	assert_int_equal(script_parse_line("echo  hello world # not a comment", &cmd, err, sizeof(err)), 1);
	assert_string_equal(cmd.text, "hello world # not a comment");
}

static void test_parse_blank_and_comments(void **state)
{
	struct script_cmd cmd;
	char err[128];

	(void)state;
	assert_int_equal(script_parse_line("", &cmd, err, sizeof(err)), 0);
	assert_int_equal(script_parse_line("   \t\n", &cmd, err, sizeof(err)), 0);
	assert_int_equal(script_parse_line("# read bar0 0 4", &cmd, err, sizeof(err)), 0);
	assert_int_equal(script_parse_line("reset # comment", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.op, SCRIPT_RESET);
}

static void test_parse_errors(void **state)
{
	static const char *const bad[] = {
		"frobnicate", "read", "read bar0", "read bar0 0", "read nowhere 0 4",
		"read bar0 NOSUCHREG 4", "read cfg PIPECONF 4", "read bar0 0 0",
		"read bar0 0 4 expect", "read bar0 0 4 errno EWHAT",
		"write bar0 0 4", "write bar0 0 4 5 expect 5", "read bar0 0 4 extra",
		"poke 0 3 1", "peek 0 16", "ggtt x 0", "wait-request", "read bar0 -4 4",
		"read bar0 ggtt[3 4", "pinned", "read bar0 0 99999999",
		"plane", "plane sideways", "plane primary width", "plane primary width=",
		"plane primary bogus=1", "plane primary as", "plane primary as Bad",
		"plane primary x=abc", "dmabuf", "dmabuf @ 0 4", "dmabuf 1 0",
		"monitor", "monitor 1024", "monitor 1024 x", "monitor -1 768",
		"monitor 0x100000000 768", "monitor 1024 768 expect 1",
		"link", "link sideways", "link up down", "link UP",
	};
	struct script_cmd cmd;
	char err[128], longline[700];
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err[0] = '\0';
		if (script_parse_line(bad[i], &cmd, err, sizeof(err)) != -EINVAL)
			fail_msg("'%s' parsed", bad[i]);
		assert_true(err[0] != '\0');
	}
	memset(longline, 'a', sizeof(longline) - 1);
	longline[sizeof(longline) - 1] = '\0';
	assert_int_equal(script_parse_line(longline, &cmd, err, sizeof(err)), -EINVAL);
}

static void test_exec_write_then_expect(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(run("write bar0 PLANE_CTL 4 0x84000000", err, sizeof(err)), 0);
	assert_int_equal(fake->bar0[0x70183], 0x84);
	assert_int_equal(run("read bar0 PLANE_CTL 4 expect 0x84000000", err, sizeof(err)), 0);
	assert_int_equal(run("read bar0 PLANE_CTL 4 expect 0x80000000 mask 0x80000000", err,
			     sizeof(err)), 0);
	assert_int_equal(run("read bar0 PLANE_CTL 4 expect 0x04000000", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "0x84000000"));
}

static void test_exec_large_pattern(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(run("write bar0 0x1000 64 0x0102030405060708", err, sizeof(err)), 0);
	assert_int_equal(fake->bar0[0x1000 + 63], 0x01);
	assert_int_equal(run("read bar0 0x1000 64 expect 0x0102030405060708", err, sizeof(err)), 0);
	fake->bar0[0x1000 + 40] ^= 1;
	assert_int_equal(run("read bar0 0x1000 64 expect 0x0102030405060708", err, sizeof(err)), -1);
}

static void test_exec_errno_expectations(void **state)
{
	char err[256];

	(void)state;
	fake->force = -EIO;
	assert_int_equal(run("read bar0 0 4 errno EIO", err, sizeof(err)), 0);
	assert_int_equal(run("read bar0 0 4 errno EINVAL", err, sizeof(err)), -1);
	assert_int_equal(run("read bar0 0 4", err, sizeof(err)), -1);
	fake->force = 0;
	assert_int_equal(run("read bar0 0 4 errno EIO", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "succeeded"));
	fake->force = 2;	/* a short read is a failure too */
	assert_int_equal(run("read bar0 0 4", err, sizeof(err)), -1);
}

static void test_exec_ggtt_entry(void **state)
{
	char err[256];
	uint64_t e;

	(void)state;
	assert_int_equal(run("ggtt 7 0x12345000", err, sizeof(err)), 0);
	memcpy(&e, fake->bar0 + VGPU_GGTT_BASE + 56, 8);
	assert_int_equal(e, 0x12345001);
	assert_int_equal(run("read bar0 ggtt[7] 8 expect 0x12345001", err, sizeof(err)), 0);
	/* A count maps consecutive pages. */
	assert_int_equal(run("ggtt 10 0x5000 3", err, sizeof(err)), 0);
	memcpy(&e, fake->bar0 + VGPU_GGTT_BASE + 8 * 12, 8);
	assert_int_equal(e, 0x7001);
	memcpy(&e, fake->bar0 + VGPU_GGTT_BASE + 8 * 13, 8);
	assert_int_equal(e, 0);
	assert_int_equal(run("ggtt 11 none 2", err, sizeof(err)), 0);
	memcpy(&e, fake->bar0 + VGPU_GGTT_BASE + 8 * 12, 8);
	assert_int_equal(e, 0);
}

static void test_exec_guest_ram(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(run("fill 0x100 16 0xaabbccdd", err, sizeof(err)), 0);
	assert_int_equal(fake->ram[0x10c], 0xdd);
	assert_int_equal(fake->ram[0x110], 0);
	assert_int_equal(run("peek 0x104 4 expect 0xaabbccdd", err, sizeof(err)), 0);
	assert_int_equal(run("poke 0x200 2 0x1234", err, sizeof(err)), 0);
	assert_int_equal(run("peek 0x200 2 expect 0x1235", err, sizeof(err)), -1);
	assert_int_equal(run("fill 0xfff0 0x20 1", err, sizeof(err)), -1);
	assert_int_equal(run("peek 0xffffffffffffffff 8", err, sizeof(err)), -1);
}

static void test_exec_rect(void **state)
{
	char err[256];
	uint32_t px;

	(void)state;
	/* A 3x2 rectangle at (2,1) of a 64-byte-stride surface at 0x1000. */
	assert_int_equal(run("rect 0x1000 64 2 1 3 2 0xaabbccdd", err, sizeof(err)), 0);
	memcpy(&px, fake->ram + 0x1000 + 64 + 8, 4);
	assert_int_equal(px, 0xaabbccdd);
	memcpy(&px, fake->ram + 0x1000 + 128 + 16, 4);
	assert_int_equal(px, 0xaabbccdd);
	memcpy(&px, fake->ram + 0x1000 + 128 + 20, 4);
	assert_int_equal(px, 0);
	memcpy(&px, fake->ram + 0x1000 + 4, 4);
	assert_int_equal(px, 0);
	memcpy(&px, fake->ram + 0x1000 + 192 + 8, 4);
	assert_int_equal(px, 0);
	/* A rectangle that would leave guest RAM is refused whole. */
	assert_int_equal(run("rect 0xff00 64 0 0 16 8 1", err, sizeof(err)), -1);
	memcpy(&px, fake->ram + 0xff00, 4);
	assert_int_equal(px, 0);
}

static void test_exec_device_ops(void **state)
{
	char err[256];

	(void)state;
	assert_int_equal(run("reset", err, sizeof(err)), 0);
	assert_int_equal(fake->resets, 1);
	fake->pinned = 3;
	assert_int_equal(run("pinned 3", err, sizeof(err)), 0);
	assert_int_equal(run("pinned 0", err, sizeof(err)), -1);
	assert_int_equal(run("unmap 0 0x1000", err, sizeof(err)), 0);
	assert_int_equal(run("map 0 0x100000 errno EINVAL", err, sizeof(err)), 0);
	assert_int_equal(run("wait-request 0", err, sizeof(err)), -1);
	assert_int_equal(fake->closed, 0);
	assert_int_equal(run("wait-request 100", err, sizeof(err)), 0);
	assert_int_equal(fake->closed, 1);
}

static void test_plane_checks_and_ids(void **state)
{
	char err[256];

	(void)state;
	fake->plane.drm_format = 0x34325258;	/* XR24 */
	fake->plane.width = 64;
	fake->plane.x_pos = (uint32_t)-30;
	fake->plane.x_hot = 0xffffffff;
	fake->plane.dmabuf_id = 7;
	assert_int_equal(run("plane primary format=XR24 width=64 x=-30 xhot=none as first",
			     err, sizeof(err)), 0);
	assert_int_equal(run("plane primary id=@first width!=65", err, sizeof(err)), 0);
	assert_int_equal(run("plane primary id=7 format=0x34325258", err, sizeof(err)), 0);
	assert_int_equal(run("plane primary width=65", err, sizeof(err)), -1);
	assert_non_null(strstr(err, "width"));
	assert_int_equal(run("plane primary id!=@first", err, sizeof(err)), -1);
	assert_int_equal(run("plane primary id=@nosuch", err, sizeof(err)), -1);
	assert_int_equal(run("plane 5 errno EINVAL", err, sizeof(err)), 0);
	fake->plane.dmabuf_id = 8;
	assert_int_equal(run("plane cursor id!=@first as first", err, sizeof(err)), 0);
	assert_int_equal(run("plane cursor id=@first", err, sizeof(err)), 0);
}

static void test_dmabuf_read(void **state)
{
	char err[256];

	(void)state;
	fake->plane.dmabuf_id = 3;
	memset(fake->dmabuf, 0xab, sizeof(fake->dmabuf));
	assert_int_equal(run("plane primary as fb", err, sizeof(err)), 0);
	assert_int_equal(run("dmabuf @fb 0 4 expect 0xabababab", err, sizeof(err)), 0);
	assert_int_equal(run("dmabuf 3 8 32 expect 0xabababababababab", err, sizeof(err)), 0);
	assert_int_equal(run("dmabuf @fb 0 4 expect 0", err, sizeof(err)), -1);
	assert_int_equal(run("dmabuf 4 0 4 errno ENOENT", err, sizeof(err)), 0);
	assert_int_equal(run("dmabuf @fb 60 8 errno EINVAL", err, sizeof(err)), 0);
}

static void test_parse_monitor(void **state)
{
	struct script_cmd cmd;
	char err[128];

	(void)state;
	assert_int_equal(script_parse_line("monitor 1024 768", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.op, SCRIPT_MONITOR);
	assert_int_equal(cmd.mode[0], 1024);
	assert_int_equal(cmd.mode[1], 768);
	assert_int_equal(script_parse_line("monitor 0 0x300 errno EINVAL", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.mode[0], 0);
	assert_int_equal(cmd.mode[1], 768);
	assert_int_equal(cmd.want_errno, EINVAL);
	assert_int_equal(script_parse_line("link down # unplug", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.op, SCRIPT_LINK);
	assert_int_equal(cmd.value, 0);
	assert_int_equal(script_parse_line("link up errno ENOTSUP", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.value, 1);
	assert_int_equal(cmd.want_errno, ENOTSUP);
	/* The EDID region by name, as QEMU's index for it. */
	assert_int_equal(script_parse_line("read edid 0x0c 4 expect 1920", &cmd, err, sizeof(err)), 1);
	assert_int_equal(cmd.region, VGPU_EDID_REGION_INDEX);
	assert_int_equal(cmd.off, 0x0c);
}

static void test_exec_monitor(void **state)
{
	char err[160];

	(void)state;
	fake->link = -1;
	assert_int_equal(run("monitor 1024 768", err, sizeof(err)), 0);
	assert_int_equal(fake->mon_width, 1024);
	assert_int_equal(fake->mon_height, 768);
	assert_int_equal(run("link down", err, sizeof(err)), 0);
	assert_int_equal(fake->link, 0);
	assert_int_equal(run("link up", err, sizeof(err)), 0);
	assert_int_equal(fake->link, 1);
	/* A failure names the VMM's reason, not just the errno. */
	fake->mon_ret = -ENOTSUP;
	assert_int_equal(run("monitor 800 600", err, sizeof(err)), -1);
	assert_string_equal(err, "monitor failed: the fake device says no");
	assert_int_equal(run("link up", err, sizeof(err)), -1);
	assert_string_equal(err, "link failed: Operation not supported");
	assert_int_equal(run("monitor 800 600 errno ENOTSUP", err, sizeof(err)), 0);
	assert_int_equal(run("monitor 800 600 errno EINVAL", err, sizeof(err)), -1);
	fake->mon_ret = 0;
	assert_int_equal(run("link down errno ENOTSUP", err, sizeof(err)), -1);
	assert_int_equal(fake->mon_width, 1024);
}

/* A VMM without monitor ops (the fuzzer's, the benchmark's) says so. */
static void test_exec_monitor_without_ops(void **state)
{
	struct script_ops ops = fake_ops;
	struct script_cmd cmd;
	char err[160];

	(void)state;
	ops.monitor = NULL;
	ops.link = NULL;
	assert_int_equal(script_parse_line("monitor 1024 768", &cmd, err, sizeof(err)), 1);
	assert_int_equal(script_exec(&cmd, &ops, fake, &fake->vars, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "monitor: this VMM cannot set a monitor");
	assert_int_equal(script_parse_line("link up", &cmd, err, sizeof(err)), 1);
	assert_int_equal(script_exec(&cmd, &ops, fake, &fake->vars, NULL, err, sizeof(err)), -1);
	assert_string_equal(err, "link: this VMM cannot set a monitor");
}

static void test_run_reports_line(void **state)
{
	static const char text[] =
		"# a script\n"
		"write bar0 PIPESRC 4 0x1\n"
		"read bar0 PIPESRC 4 expect 0x2\n"
		"reset\n";
	FILE *in = fmemopen((void *)text, sizeof(text) - 1, "r");

	(void)state;
	assert_non_null(in);
	assert_int_equal(script_run(in, "t", &fake_ops, fake, NULL), -1);
	assert_int_equal(fake->resets, 0);	/* stopped at line 3 */
	fclose(in);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_names),
		cmocka_unit_test(test_parse_blank_and_comments),
		cmocka_unit_test(test_parse_errors),
		cmocka_unit_test_setup_teardown(test_exec_write_then_expect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_large_pattern, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_errno_expectations, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_ggtt_entry, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_guest_ram, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_rect, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_device_ops, setup, teardown),
		cmocka_unit_test_setup_teardown(test_plane_checks_and_ids, setup, teardown),
		cmocka_unit_test_setup_teardown(test_dmabuf_read, setup, teardown),
		cmocka_unit_test_setup_teardown(test_run_reports_line, setup, teardown),
		cmocka_unit_test(test_parse_monitor),
		cmocka_unit_test_setup_teardown(test_exec_monitor, setup, teardown),
		cmocka_unit_test_setup_teardown(test_exec_monitor_without_ops, setup, teardown),
	};

	return cmocka_run_group_tests_name("script", tests, NULL, NULL);
}
