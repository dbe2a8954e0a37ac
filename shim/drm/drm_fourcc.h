/* SPDX-License-Identifier: GPL-2.0 */
/* Host build: DRM fourccs and modifiers come from libdrm's copy of the UAPI. */
#include <libdrm/drm_fourcc.h>
