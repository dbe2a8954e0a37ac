// SPDX-License-Identifier: GPL-2.0
/*
 * vgpu-guest: a multiboot guest that shows picture A or B and an arrow
 * cursor on the vGPU, changing both every period, and says on COM1 what it
 * shows, so that a host test can compare QEMU's display with the images
 * vgpu-guest-picture writes. tools/guest/README.md has the protocol.
 */
#include <stdint.h>

#include "guest.h"
#include "io.h"
#include "irq.h"
#include "picture.h"
#include "serial.h"
#include "timer.h"
#include "vgpu.h"

#define MULTIBOOT_MAGIC		0x2badb002
#define MULTIBOOT_INFO_MEM	0x1
#define MULTIBOOT_INFO_CMDLINE	0x4
#define EXIT_PORT		0xf4

/* The start of the multiboot information structure. */
struct multiboot_info {
	uint32_t flags;
	uint32_t mem_lower;	/* KiB below 1 MiB */
	uint32_t mem_upper;	/* KiB from 1 MiB up to the first hole */
	uint32_t boot_device;
	uint32_t cmdline;	/* QEMU puts the kernel's file name first */
};

/*
 * The display's memory, at 16 MiB: clear of this image at 1 MiB and of
 * what the firmware and QEMU's loader put below. One run of GGTT entries
 * maps it, so a graphics address is its offset from DISPLAY_BASE.
 */
#define DISPLAY_BASE	0x1000000u
#define PAGE		4096u
#define PAGES(bytes)	(((bytes) + PAGE - 1) / PAGE)
#define FB_PAGES	PAGES(PIC_STRIDE * 4u * PIC_HEIGHT)
#define CURSOR_PAGES	PAGES(PIC_CURSOR_SIZE * PIC_CURSOR_SIZE * 4u)
#define GADDR_A		0u	/* also PLANE_SURF's reset value */
#define GADDR_B		(FB_PAGES * PAGE)
#define GADDR_CURSOR	(2 * FB_PAGES * PAGE)
#define DISPLAY_PAGES	(2 * FB_PAGES + CURSOR_PAGES)

/* Settings from the command line, e.g. -append "period_ms=500 flips=8". */
struct config {
	uint32_t period_ms;
	uint32_t flips;		/* stop after this many; 0: never */
};

void guest_exit(uint32_t code)
{
	say("exit %u", code << 1 | 1);
	outb(EXIT_PORT, (uint8_t)code);
	for (;;)
		__asm__ volatile("cli; hlt");
}

/* The number N of "@key=N" in @s, or @dflt. */
static uint32_t cmdline_value(const char *s, const char *key, uint32_t dflt)
{
	while (*s) {
		const char *k = key;
		uint32_t v = 0;

		while (*s == ' ')
			s++;
		while (*k && *s == *k)
			s++, k++;
		if (!*k && *s == '=' && s[1] >= '0' && s[1] <= '9') {
			for (s++; *s >= '0' && *s <= '9'; s++)
				v = v * 10 + (uint32_t)(*s - '0');
			return v;
		}
		while (*s && *s != ' ')
			s++;
	}
	return dflt;
}

static void read_config(const struct multiboot_info *mbi, struct config *cfg)
{
	const char *s = "";

	if (mbi->flags & MULTIBOOT_INFO_CMDLINE)
		s = (const char *)(uintptr_t)mbi->cmdline;
	cfg->period_ms = cmdline_value(s, "period_ms", PIC_PERIOD_MS);
	if (!cfg->period_ms)
		cfg->period_ms = PIC_PERIOD_MS;
	cfg->flips = cmdline_value(s, "flips", 0);
}

/* Is there RAM under the display's memory? */
static int check_memory(const struct multiboot_info *mbi)
{
	uint64_t top = 0x100000 + (uint64_t)mbi->mem_upper * 1024;
	uint32_t need = DISPLAY_BASE + DISPLAY_PAGES * PAGE;

	if ((mbi->flags & MULTIBOOT_INFO_MEM) && top < need) {
		say("RAM ends at %u MiB, the display needs %u MiB: use -m 32 or more",
		    (uint32_t)(top >> 20), (need + (1u << 20) - 1) >> 20);
		return -1;
	}
	return 0;
}

/* Does the vGPU's type take our mode and our pages? */
static int check_caps(const struct vgpu *v)
{
	if (PIC_WIDTH > v->max_width || PIC_HEIGHT > v->max_height) {
		say("mode %ux%u is past the vGPU's %ux%u", PIC_WIDTH, PIC_HEIGHT,
		    v->max_width, v->max_height);
		return -1;
	}
	if (DISPLAY_PAGES > v->ggtt_entries) {
		say("need %u GGTT entries, the vGPU has %u", DISPLAY_PAGES,
		    v->ggtt_entries);
		return -1;
	}
	return 0;
}

static uint32_t *pixels(uint32_t gaddr)
{
	return (uint32_t *)(uintptr_t)(DISPLAY_BASE + gaddr);
}

static void draw_display(void)
{
	pic_draw('A', pixels(GADDR_A), PIC_WIDTH, PIC_HEIGHT, PIC_STRIDE);
	pic_draw('B', pixels(GADDR_B), PIC_WIDTH, PIC_HEIGHT, PIC_STRIDE);
	pic_draw_cursor(pixels(GADDR_CURSOR), PIC_CURSOR_SIZE);
}

/*
 * The mode and the cursor, at phase 0's position. The plane comes on
 * showing PLANE_SURF's reset value, which is buffer A; the first flip
 * writes it.
 */
static void program_display(const struct vgpu *v)
{
	vgpu_map(v, 0, DISPLAY_BASE, DISPLAY_PAGES);
	vgpu_set_mode(v, PIC_WIDTH, PIC_HEIGHT, PIC_STRIDE * 4);
	vgpu_move_cursor(v, pic_cursor_left(&pic_phases[0]),
			 pic_cursor_top(&pic_phases[0]));
	vgpu_set_cursor(v, GADDR_CURSOR, PIC_HOT_X, PIC_HOT_Y);
	say("mode %ux%u stride %u A 0x%x B 0x%x cursor 0x%x hotspot %u,%u",
	    PIC_WIDTH, PIC_HEIGHT, PIC_STRIDE * 4, GADDR_A, GADDR_B,
	    GADDR_CURSOR, PIC_HOT_X, PIC_HOT_Y);
}

/*
 * How long to wait for a monitor. QEMU's vfio display writes its EDID with
 * the link down when it starts, and brings the link up 100 ms of virtual
 * time later, so the guest may boot before there is a monitor; 2 s is far
 * past that, and still short when no VMM ever connects one.
 */
#define MONITOR_WAIT_MS	2000u
#define MONITOR_POLL_MS	10u
#define EDID_BLOCK	128u	/* the base block: header, timings, checksum */
#define EDID_DTD	54u	/* the first detailed timing: the preferred mode */

/* Wait until a monitor is connected, or the wait is over; 1 when one
 * is, with its EDID's size. @waited_ms says how long it took. Absolute
 * deadlines, so the polls add no drift to the wait. */
static int wait_monitor(const struct vgpu *v, uint32_t *edid_size,
			uint32_t *waited_ms)
{
	uint64_t start = timer_now();
	uint32_t ms = 0;
	int connected = vgpu_monitor(v, edid_size);

	while (!connected && ms < MONITOR_WAIT_MS) {
		ms += MONITOR_POLL_MS;
		timer_sleep_until(start + timer_ms(ms));
		connected = vgpu_monitor(v, edid_size);
	}
	*waited_ms = ms;
	return connected;
}

/*
 * Say what monitor the VMM gave us: whether one is connected, and its
 * EDID's size, preferred mode and first 16 bytes (the header, then the
 * maker's ids), so that a host test can tell whose EDID it is: the vGPU's
 * default prefers the type's largest mode, QEMU's the xres,yres asked for.
 */
static void report_monitor(const struct vgpu *v)
{
	static const char digits[] = "0123456789abcdef";
	uint8_t b[EDID_BLOCK];
	char hex[33];
	uint32_t size, waited, i, w, h;
	uint8_t sum = 0;

	if (!wait_monitor(v, &size, &waited)) {
		say("monitor not connected after %u ms", waited);
		return;
	}
	say("monitor connected after %u ms", waited);
	/* The window shows zeros past the size: a short blob decodes as
	 * no timing and a bad checksum rather than as stale bytes. */
	vgpu_read_edid(v, b, EDID_BLOCK);
	for (i = 0; i < 16; i++) {
		hex[2 * i] = digits[b[i] >> 4];
		hex[2 * i + 1] = digits[b[i] & 0xf];
	}
	hex[32] = 0;
	for (i = 0; i < EDID_BLOCK; i++)
		sum = (uint8_t)(sum + b[i]);
	/* A pixel clock of 0 makes the descriptor a display descriptor. */
	if (!b[EDID_DTD] && !b[EDID_DTD + 1]) {
		say("edid %u none %s checksum %s", size, hex, sum ? "bad" : "ok");
		return;
	}
	w = b[EDID_DTD + 2] | (uint32_t)(b[EDID_DTD + 4] >> 4) << 8;
	h = b[EDID_DTD + 5] | (uint32_t)(b[EDID_DTD + 7] >> 4) << 8;
	say("edid %u %ux%u %s checksum %s", size, w, h, hex, sum ? "bad" : "ok");
}

/* Cursor first, then the flip, then the line: a host that reads the line
 * finds the registers already saying what it says. */
static void show_phase(const struct vgpu *v, uint32_t step)
{
	const struct pic_phase *p = &pic_phases[step % PIC_NR_PHASES];
	int32_t left = pic_cursor_left(p), top = pic_cursor_top(p);
	uint32_t flips;

	vgpu_move_cursor(v, left, top);
	flips = vgpu_flip(v, p->buffer == 'A' ? GADDR_A : GADDR_B);
	say("show %c cursor %d,%d flip %u curpos %d,%d", p->buffer, p->x, p->y,
	    flips, left, top);
}

/* Step through the phases at absolute deadlines, so that nothing drifts. */
static void run(const struct vgpu *v, const struct config *cfg)
{
	uint64_t period = timer_ms(cfg->period_ms);
	uint64_t deadline = timer_now();
	uint32_t step;

	for (step = 0; !cfg->flips || step < cfg->flips; step++) {
		show_phase(v, step);
		deadline += period;
		timer_sleep_until(deadline);
	}
	say("done");
	guest_exit(GUEST_EXIT_OK);
}

void guest_main(uint32_t magic, const struct multiboot_info *mbi);

void guest_main(uint32_t magic, const struct multiboot_info *mbi)
{
	struct config cfg;
	struct pci_dev dev;
	struct vgpu v;

	serial_init();
	if (magic != MULTIBOOT_MAGIC) {
		say("not started by a multiboot loader");
		guest_exit(GUEST_EXIT_FAIL);
	}
	read_config(mbi, &cfg);
	say("start period_ms %u flips %u", cfg.period_ms, cfg.flips);
	if (vgpu_find(&dev)) {
		say("no vGPU found");
		guest_exit(GUEST_EXIT_NO_VGPU);
	}
	say("vGPU at %02x:%02x.%u", dev.bus, dev.dev, dev.fn);
	if (vgpu_open(&dev, &v) || check_caps(&v) || check_memory(mbi))
		guest_exit(GUEST_EXIT_FAIL);
	say("BAR0 0x%08x GGTT entries %u max %ux%u", (uint32_t)v.bar0,
	    v.ggtt_entries, v.max_width, v.max_height);
	irq_init();
	if (timer_init()) {
		say("the PIT does not count");
		guest_exit(GUEST_EXIT_FAIL);
	}
	/* Before the pictures: it needs the clock, and they need nothing
	 * of it. */
	report_monitor(&v);
	draw_display();
	program_display(&v);
	run(&v, &cfg);
}
