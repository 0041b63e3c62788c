/* Uncached kernel mappings of device memory (the local APIC, later driver BARs). */
#ifndef KERNEL_MMIO_H
#define KERNEL_MMIO_H

#include <stddef.h>
#include <stdint.h>

/* Maps [phys, phys + size) uncached and returns the virtual address of phys; panics when the
 * MMIO window is exhausted (mappings are made at boot and never removed). */
volatile void *mmio_map(uint64_t phys, size_t size);

#endif
