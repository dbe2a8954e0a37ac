/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A live VNC view of a VFIO device's display, with libvncserver: a thread
 * polls the display through libvfio-display and sends what changed. The
 * guest's cursor goes as a cursor shape, with its position, to a viewer
 * that draws cursors and takes PointerPos (vncsnapshot does, and draws it
 * with -cursor only); libvncserver draws it into the picture for any
 * other viewer.
 */
#ifndef VMM_VNC_H
#define VMM_VNC_H

#include <stddef.h>

#include "options.h"

struct vnc_server;

/*
 * Serve the display of @device_fd on @listen (vmm_parse_vnc()'s answer).
 * Returns 0 or -1 with a reason in @why.
 */
int vnc_start(struct vnc_server **out, int device_fd, const struct vmm_vnc_addr *listen,
	      char *why, size_t why_len);

/* Stop serving and free everything. NULL is allowed. */
void vnc_stop(struct vnc_server *vnc);

#endif
