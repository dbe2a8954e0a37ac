/* SPDX-License-Identifier: GPL-2.0 */
/* vgpu-vmm's option values, parsed apart from main() for the unit tests. */
#ifndef VMM_OPTIONS_H
#define VMM_OPTIONS_H

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

#endif
