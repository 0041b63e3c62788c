/* debug: — the kernel's serial console (COM1). Writes go straight to the port; reading needs
 * the serial input driver, which does not exist yet, so debug: opens write-only. */
#ifndef KERNEL_DEBUG_SCHEME_H
#define KERNEL_DEBUG_SCHEME_H

#include "scheme/scheme.h"

extern const struct scheme debug_scheme;

#endif
