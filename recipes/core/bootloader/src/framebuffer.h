/* The GOP framebuffer handed to the kernel. */
#ifndef BOOT_FRAMEBUFFER_H
#define BOOT_FRAMEBUFFER_H

#include "bootinfo.h"

/* Picks a mode with a linear framebuffer (the current one when it has one) and describes it.
 * Without GOP or without a linear mode, *framebuffer has format MH_PIXEL_NONE and a warning is
 * shown: the system still boots, with serial output only. */
void framebuffer_setup(struct mh_framebuffer *framebuffer);

#endif
