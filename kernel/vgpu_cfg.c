// SPDX-License-Identifier: GPL-2.0
/*
 * PCI configuration space of a vGPU: a byte array with a per-byte mask of
 * writable bits. BAR sizing needs no special case: the low bits of a BAR
 * are read-only, so writing all ones reads back the size mask.
 */
#include <linux/types.h>
#include <linux/string.h>
#include <linux/pci_regs.h>

#include "vgpu_hw.h"

static void put_le16(u8 *p, u16 v)
{
	p[0] = v & 0xff;
	p[1] = v >> 8;
}

static void put_le32(u8 *p, u32 v)
{
	put_le16(p, v & 0xffff);
	put_le16(p + 2, v >> 16);
}

/* A 64-bit memory BAR of power-of-two @size at @off. */
static void init_bar64(struct vgpu_cfg *cfg, u32 off, u64 size, u32 flags)
{
	u64 mask = ~(size - 1);

	put_le32(&cfg->reset[off], flags | PCI_BASE_ADDRESS_MEM_TYPE_64);
	put_le32(&cfg->wmask[off], (u32)mask & PCI_BASE_ADDRESS_MEM_MASK);
	put_le32(&cfg->wmask[off + 4], (u32)(mask >> 32));
}

/*
 * MSI, one vector: the VMM (QEMU's vfio-pci) emulates the capability for
 * the guest and arms VFIO_PCI_MSI_IRQ_INDEX when the guest enables it.
 * Only the enable bit, the address and the data are writable: one vector
 * is all there is.
 */
static void init_msi(struct vgpu_cfg *cfg)
{
	u32 cap = VGPU_MSI_CAP;

	put_le16(&cfg->reset[PCI_STATUS], PCI_STATUS_CAP_LIST);
	cfg->reset[PCI_CAPABILITY_LIST] = cap;
	cfg->reset[cap + PCI_CAP_LIST_ID] = PCI_CAP_ID_MSI;
	cfg->reset[cap + PCI_CAP_LIST_NEXT] = 0;
	put_le16(&cfg->reset[cap + PCI_MSI_FLAGS], PCI_MSI_FLAGS_64BIT);
	put_le16(&cfg->wmask[cap + PCI_MSI_FLAGS], PCI_MSI_FLAGS_ENABLE);
	put_le32(&cfg->wmask[cap + PCI_MSI_ADDRESS_LO], 0xfffffffc);
	put_le32(&cfg->wmask[cap + PCI_MSI_ADDRESS_HI], 0xffffffff);
	put_le16(&cfg->wmask[cap + PCI_MSI_DATA_64], 0xffff);
}

/**
 * vgpu_cfg_init() - lay out the configuration space of a new vGPU
 * @cfg: the configuration space to fill
 * @aperture_size: size of BAR2, the GGTT aperture; a power of two
 */
void vgpu_cfg_init(struct vgpu_cfg *cfg, u64 aperture_size)
{
	memset(cfg, 0, sizeof(*cfg));
	put_le16(&cfg->reset[PCI_VENDOR_ID], VGPU_PCI_VENDOR_ID);
	put_le16(&cfg->reset[PCI_DEVICE_ID], VGPU_PCI_DEVICE_ID);
	put_le16(&cfg->reset[PCI_SUBSYSTEM_VENDOR_ID], VGPU_PCI_VENDOR_ID);
	put_le16(&cfg->reset[PCI_SUBSYSTEM_ID], VGPU_PCI_DEVICE_ID);
	put_le32(&cfg->reset[PCI_CLASS_REVISION],
		 VGPU_PCI_CLASS << 8 | VGPU_PCI_REVISION);
	put_le16(&cfg->wmask[PCI_COMMAND],
		 PCI_COMMAND_IO | PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER |
		 PCI_COMMAND_INTX_DISABLE);
	cfg->wmask[PCI_CACHE_LINE_SIZE] = 0xff;
	cfg->wmask[PCI_LATENCY_TIMER] = 0xff;
	cfg->wmask[PCI_INTERRUPT_LINE] = 0xff;
	init_bar64(cfg, PCI_BASE_ADDRESS_0, VGPU_BAR0_SIZE, 0);
	init_bar64(cfg, PCI_BASE_ADDRESS_2, aperture_size,
		   PCI_BASE_ADDRESS_MEM_PREFETCH);
	init_msi(cfg);
	vgpu_cfg_reset(cfg);
}

/**
 * vgpu_cfg_reset() - return the configuration space to its reset state
 * @cfg: the configuration space
 *
 * As after a function-level reset: decoding is off and the BARs are
 * unassigned, so the VMM restores what it needs, as it does for hardware.
 */
void vgpu_cfg_reset(struct vgpu_cfg *cfg)
{
	memcpy(cfg->bytes, cfg->reset, sizeof(cfg->bytes));
}

/**
 * vgpu_cfg_read() - read bytes of configuration space
 * @cfg: the configuration space
 * @off: first byte; the caller keeps @off + @len within VGPU_CFG_SIZE
 * @buf: where the bytes go
 * @len: how many bytes
 */
void vgpu_cfg_read(const struct vgpu_cfg *cfg, u32 off, u8 *buf, u32 len)
{
	memcpy(buf, &cfg->bytes[off], len);
}

/**
 * vgpu_cfg_write() - write bytes of configuration space
 * @cfg: the configuration space
 * @off: first byte; the caller keeps @off + @len within VGPU_CFG_SIZE
 * @buf: the bytes to write
 * @len: how many bytes
 *
 * Bits outside the writable mask keep their value, as on hardware.
 */
void vgpu_cfg_write(struct vgpu_cfg *cfg, u32 off, const u8 *buf, u32 len)
{
	u32 i;

	for (i = 0; i < len; i++) {
		u8 m = cfg->wmask[off + i];

		cfg->bytes[off + i] = (cfg->bytes[off + i] & ~m) | (buf[i] & m);
	}
}

/**
 * vgpu_cfg_mem_enabled() - whether the BARs decode
 * @cfg: the configuration space
 *
 * Return: true when the command register's memory-space bit is set.
 */
bool vgpu_cfg_mem_enabled(const struct vgpu_cfg *cfg)
{
	return cfg->bytes[PCI_COMMAND] & PCI_COMMAND_MEMORY;
}
