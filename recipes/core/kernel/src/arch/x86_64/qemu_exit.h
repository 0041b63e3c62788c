/* Ending a QEMU run through its isa-debug-exit device (iobase 0xf4): QEMU exits with status
 * (code << 1) | 1. On machines without the device the write does nothing. */
#ifndef KERNEL_QEMU_EXIT_H
#define KERNEL_QEMU_EXIT_H

#include <stdint.h>

#define QEMU_EXIT_PASS 0x10 /* QEMU exit status 33 */
#define QEMU_EXIT_FAIL 0x11 /* QEMU exit status 35 */

void qemu_exit(uint32_t code);

#endif
