#include "qemu_exit.h"

#include "lib/port_io.h"

#define ISA_DEBUG_EXIT_PORT 0xf4

void qemu_exit(uint32_t code)
{
    port_write32(ISA_DEBUG_EXIT_PORT, code);
}
