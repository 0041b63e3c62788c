/* The root scheme, "" (Redox's ":" paths; "/scheme" and "/scheme/" in the current form).
 * Reading it lists the registered schemes, one name per line. Opening ":NAME" or
 * "/scheme/NAME" with MH_O_CREAT registers the user-space scheme NAME and returns its server
 * end (scheme/user_scheme.h); MH_O_CLOEXEC and MH_O_NONBLOCK apply to that descriptor as usual. */
#ifndef KERNEL_ROOT_SCHEME_H
#define KERNEL_ROOT_SCHEME_H

#include "scheme/scheme.h"

extern struct scheme root_scheme;

#endif
