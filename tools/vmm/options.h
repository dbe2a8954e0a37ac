/* SPDX-License-Identifier: GPL-2.0 */
/* vgpu-vmm's option values, parsed apart from main() for the unit tests. */
#ifndef VMM_OPTIONS_H
#define VMM_OPTIONS_H

#include <stdbool.h>
#include <stdint.h>
#include <netinet/in.h>

/* Guest RAM: MiB by default, and at most 4 GiB. */
#define VMM_RAM_MIB_DEFAULT	64
#define VMM_RAM_MIB_MAX		4096

/*
 * --ram: a decimal number (never octal or hex) of MiB, or of KiB, MiB or
 * GiB with a K, M or G suffix (a trailing "iB" or "B" allowed), that makes
 * a whole number of MiB from 1 to VMM_RAM_MIB_MAX. Returns 0 with @mib
 * set, or -1 with @why set to what is wrong, in a few words.
 */
int vmm_parse_ram(const char *arg, unsigned long *mib, const char **why);

/* VNC's first display listens on TCP port 5900, as in QEMU and vncviewer. */
#define VMM_VNC_PORT_BASE	5900

/* Where --vnc listens. */
struct vmm_vnc_addr {
	struct in_addr host;	/* IPv4, network order */
	uint16_t port;		/* TCP port, host order */
	bool loopback;		/* host is in 127.0.0.0/8 */
};

/*
 * --vnc, as QEMU's -vnc and vncviewer read it: [HOST]:DISPLAY listens on
 * TCP port 5900 + DISPLAY, and [HOST]::PORT on PORT. HOST is an IPv4
 * address, 127.0.0.1 when left out. Returns 0 with @out set, or -1 with
 * @why set to what is wrong, in a few words.
 */
int vmm_parse_vnc(const char *arg, struct vmm_vnc_addr *out, const char **why);

#endif
