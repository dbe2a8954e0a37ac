// SPDX-License-Identifier: GPL-2.0
/*
 * The vGPU's one MSI: vblank and hotplug, latched in DE_PIPE_IIR. The
 * vGPU sends one MSI per event latched afresh and none for an event the
 * guest has not acked, so the handler acks exactly what it read: an event
 * latched after the read keeps its bit and sends its own MSI.
 */
#include <linux/interrupt.h>
#include <linux/pci.h>
#include <drm/drm_vblank.h>

#include "vgpu_kms_drv.h"

static irqreturn_t vgpu_kms_irq_handler(int irq, void *arg)
{
	struct vgpu_kms *kms = arg;
	u32 iir = vgpu_kms_read(kms, VGPU_REG_DE_PIPE_IIR);

	if (!iir)
		return IRQ_NONE;
	vgpu_kms_write(kms, VGPU_REG_DE_PIPE_IIR, iir);
	if (iir & VGPU_INT_VBLANK)
		drm_crtc_handle_vblank(&kms->crtc);
	if (iir & VGPU_INT_HOTPLUG)
		vgpu_kms_hotplug(kms);
	return IRQ_HANDLED;
}

/* Unmask and enable @bits, or mask and disable them. */
static void set_events(struct vgpu_kms *kms, u32 bits, bool on)
{
	unsigned long flags;
	u32 ier, imr;

	spin_lock_irqsave(&kms->irq_lock, flags);
	ier = vgpu_kms_read(kms, VGPU_REG_DE_PIPE_IER);
	imr = vgpu_kms_read(kms, VGPU_REG_DE_PIPE_IMR);
	if (on) {
		ier |= bits;
		imr &= ~bits;
	} else {
		ier &= ~bits;
		imr |= bits;
	}
	vgpu_kms_write(kms, VGPU_REG_DE_PIPE_IMR, imr);
	vgpu_kms_write(kms, VGPU_REG_DE_PIPE_IER, ier);
	spin_unlock_irqrestore(&kms->irq_lock, flags);
}

/**
 * vgpu_kms_irq_vblank() - turn vblank interrupts on or off
 * @kms: the vGPU
 * @on: whether DRM wants them
 *
 * The vGPU runs no timer for a masked vblank, so off costs the host nothing.
 */
void vgpu_kms_irq_vblank(struct vgpu_kms *kms, bool on)
{
	set_events(kms, VGPU_INT_VBLANK, on);
}

/**
 * vgpu_kms_irq_init() - take the MSI and listen for hotplug
 * @kms: the vGPU, its DRM objects and vblank created
 *
 * Return: 0, or the error of allocating or requesting the MSI.
 */
int vgpu_kms_irq_init(struct vgpu_kms *kms)
{
	struct pci_dev *pdev = to_pci_dev(kms->drm.dev);
	int ret;

	spin_lock_init(&kms->irq_lock);
	/* Quiet and clean before the handler can run. */
	vgpu_kms_write(kms, VGPU_REG_DE_PIPE_IER, 0);
	vgpu_kms_write(kms, VGPU_REG_DE_PIPE_IMR, ~0u);
	vgpu_kms_write(kms, VGPU_REG_DE_PIPE_IIR, ~0u);

	ret = pci_alloc_irq_vectors(pdev, 1, 1, PCI_IRQ_MSI);
	if (ret < 0)
		return ret;
	kms->irq = pci_irq_vector(pdev, 0);
	ret = request_irq(kms->irq, vgpu_kms_irq_handler, 0, VGPU_KMS_NAME, kms);
	if (ret) {
		pci_free_irq_vectors(pdev);
		return ret;
	}
	set_events(kms, VGPU_INT_HOTPLUG, true);
	return 0;
}

/**
 * vgpu_kms_irq_fini() - silence the vGPU and give the MSI back
 * @kms: the vGPU, its pipe off
 */
void vgpu_kms_irq_fini(struct vgpu_kms *kms)
{
	struct pci_dev *pdev = to_pci_dev(kms->drm.dev);

	vgpu_kms_write(kms, VGPU_REG_DE_PIPE_IER, 0);
	vgpu_kms_write(kms, VGPU_REG_DE_PIPE_IMR, ~0u);
	free_irq(kms->irq, kms);
	pci_free_irq_vectors(pdev);
}
