/* sys: — read-only system information, each file a text snapshot taken at open:
 *   sys:context  one line per process: PID PPID PGID STATE CAPS NAME (STATE R ready or
 *                running, S sleeping, T stopped, Z exited but not yet reaped)
 *   sys:memory   "MemTotal: N kB", "MemFree: N kB", "KernelHeap: N kB"
 *   sys:scheme   the registered schemes, one per line
 *   sys:uname    four lines: system name, release, version, machine
 * and sys: itself lists these names, one per line. */
#ifndef KERNEL_SYS_SCHEME_H
#define KERNEL_SYS_SCHEME_H

#include "scheme/scheme.h"

#define SYSTEM_NAME "MACROHARD"
#define SYSTEM_RELEASE "0.1.0"

extern struct scheme sys_scheme;

#endif
