/* Finding the MADT ("APIC" table) through the RSDP the bootloader passed on (RSDT or XSDT),
 * with every table's length and checksum checked before it is read, and parsing it
 * (lib/madt.c). */
#ifndef KERNEL_ACPI_H
#define KERNEL_ACPI_H

#include <stdint.h>

#include "lib/madt.h"

/* Fills interrupts from the MADT; returns NULL, or why no usable MADT was found. */
const char *acpi_read_interrupts(uint64_t rsdp_phys, struct madt_interrupts *interrupts);

#endif
