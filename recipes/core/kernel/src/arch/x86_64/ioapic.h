/* I/O APICs: route global system interrupts (GSIs) to vectors of this CPU's local APIC. */
#ifndef KERNEL_IOAPIC_H
#define KERNEL_IOAPIC_H

#include <stdbool.h>
#include <stdint.h>

/* Maps the I/O APIC at phys serving GSIs from gsi_base on, with every pin masked. */
void ioapic_add(uint64_t phys, uint32_t gsi_base);

/* Whether some I/O APIC has a pin for gsi. */
bool ioapic_has(uint32_t gsi);

/* Programs gsi to raise vector on this CPU; the pin stays masked. */
void ioapic_route(uint32_t gsi, uint8_t vector, bool level_triggered, bool active_low);

void ioapic_set_masked(uint32_t gsi, bool masked);

#endif
