/* Finding the ACPI RSDP among the UEFI configuration tables. */
#ifndef BOOT_ACPI_H
#define BOOT_ACPI_H

#include <stdint.h>

/* Sets *address and *kind (enum mh_rsdp_kind), preferring an ACPI 2.0+ RSDP; only RSDPs with a
 * valid signature and checksum count. */
void acpi_find_rsdp(uint64_t *address, uint32_t *kind);

#endif
