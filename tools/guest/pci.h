/* SPDX-License-Identifier: GPL-2.0 */
/* PCI configuration space through the legacy ports 0xcf8/0xcfc. */
#ifndef GUEST_PCI_H
#define GUEST_PCI_H

#include <stdint.h>

struct pci_dev {
	uint8_t bus;
	uint8_t dev;
	uint8_t fn;
};

uint32_t pci_read32(const struct pci_dev *d, uint8_t off);
void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v);

/* Find the first function with these ids on any bus; 0 when found. */
int pci_find(uint16_t vendor, uint16_t device, struct pci_dev *found);

/*
 * The address of 64-bit memory BAR @bar (0..4); -1 when the BAR is not a
 * 64-bit memory BAR.
 */
int pci_bar64(const struct pci_dev *d, int bar, uint64_t *addr);

/* Turn on memory decode and bus mastering. */
void pci_enable(const struct pci_dev *d);

#endif
