// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration mechanism #1, which both i440fx and q35 decode. The
 * scan tries every bus number rather than following bridges: SeaBIOS has
 * numbered the buses already, and 8192 reads of a vendor id cost little.
 */
#include "io.h"
#include "pci.h"

#define PCI_CONFIG_ADDRESS	0xcf8
#define PCI_CONFIG_DATA		0xcfc
#define PCI_ENABLE		0x80000000u

#define PCI_ID			0x00	/* device id << 16 | vendor id */
#define PCI_COMMAND		0x04	/* status in the upper half */
#define PCI_HEADER		0x0c	/* header type in bits 23:16 */
#define PCI_BAR0		0x10
#define PCI_COMMAND_MEMORY	0x2
#define PCI_COMMAND_MASTER	0x4
#define PCI_HEADER_MULTI_FN	0x00800000u
#define PCI_BAR_IO		0x1
#define PCI_BAR_TYPE_MASK	0x6
#define PCI_BAR_TYPE_64		0x4
#define PCI_BAR_ADDR_MASK	0xfffffff0u

static void pci_select(const struct pci_dev *d, uint8_t off)
{
	outl(PCI_CONFIG_ADDRESS, PCI_ENABLE | (uint32_t)d->bus << 16 |
	     (uint32_t)d->dev << 11 | (uint32_t)d->fn << 8 | (off & 0xfc));
}

uint32_t pci_read32(const struct pci_dev *d, uint8_t off)
{
	pci_select(d, off);
	return inl(PCI_CONFIG_DATA);
}

void pci_write32(const struct pci_dev *d, uint8_t off, uint32_t v)
{
	pci_select(d, off);
	outl(PCI_CONFIG_DATA, v);
}

/* Does @d exist, and is it the one we look for? */
static int pci_probe(const struct pci_dev *d, uint32_t want, int *exists)
{
	uint32_t id = pci_read32(d, PCI_ID);

	*exists = (id & 0xffff) != 0xffff;
	return id == want;
}

int pci_find(uint16_t vendor, uint16_t device, struct pci_dev *found)
{
	uint32_t want = (uint32_t)device << 16 | vendor;
	struct pci_dev d;
	int bus, exists;

	for (bus = 0; bus < 256; bus++) {
		d.bus = (uint8_t)bus;
		for (d.dev = 0; d.dev < 32; d.dev++) {
			int fns;

			d.fn = 0;
			if (pci_probe(&d, want, &exists))
				goto out;
			if (!exists)
				continue;
			/* Only a multi-function device has functions 1..7. */
			fns = pci_read32(&d, PCI_HEADER) & PCI_HEADER_MULTI_FN ? 8 : 1;
			for (d.fn = 1; d.fn < fns; d.fn++)
				if (pci_probe(&d, want, &exists))
					goto out;
		}
	}
	return -1;
out:
	*found = d;
	return 0;
}

int pci_bar64(const struct pci_dev *d, int bar, uint64_t *addr)
{
	uint8_t off = (uint8_t)(PCI_BAR0 + 4 * bar);
	uint32_t lo = pci_read32(d, off);

	if ((lo & PCI_BAR_IO) || (lo & PCI_BAR_TYPE_MASK) != PCI_BAR_TYPE_64)
		return -1;
	*addr = (uint64_t)pci_read32(d, off + 4) << 32 | (lo & PCI_BAR_ADDR_MASK);
	return 0;
}

void pci_enable(const struct pci_dev *d)
{
	/* Zero in the status half: its bits are write-one-to-clear. */
	uint32_t cmd = pci_read32(d, PCI_COMMAND) & 0xffff;

	pci_write32(d, PCI_COMMAND, cmd | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
}
