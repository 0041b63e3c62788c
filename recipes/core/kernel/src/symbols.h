/* Kernel function names for backtraces. The table is generated from the linked kernel
 * (tools/gen-symbols.sh) and linked in a second pass; it sits after all code, so code
 * addresses are the same in both passes. */
#ifndef KERNEL_SYMBOLS_H
#define KERNEL_SYMBOLS_H

#include <stdint.h>

/* The function containing address and the offset into it, or NULL if unknown. */
const char *symbols_lookup(uint64_t address, uint64_t *offset);

#endif
