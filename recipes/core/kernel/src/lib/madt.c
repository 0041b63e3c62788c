#include "madt.h"

#include <stddef.h>

#define ENTRIES_OFFSET 44
#define ENTRY_IO_APIC 1
#define ENTRY_OVERRIDE 2
#define IO_APIC_LENGTH 12
#define OVERRIDE_LENGTH 10
#define ISA_BUS 0

static uint32_t read32(const uint8_t *bytes)
{
    return (uint32_t)bytes[0] | (uint32_t)bytes[1] << 8 | (uint32_t)bytes[2] << 16 | (uint32_t)bytes[3] << 24;
}

bool acpi_checksum_ok(const uint8_t *bytes, uint64_t length)
{
    uint8_t sum = 0;
    for (uint64_t i = 0; i < length; i++)
        sum = (uint8_t)(sum + bytes[i]);
    return sum == 0;
}

const char *madt_parse(const uint8_t *madt, uint32_t length, struct madt_interrupts *interrupts)
{
    *interrupts = (struct madt_interrupts){0};
    if (length < ENTRIES_OFFSET)
        return "the MADT is shorter than its header";
    for (uint32_t offset = ENTRIES_OFFSET; offset < length;) {
        if (length - offset < 2)
            return "the MADT ends inside an entry";
        uint8_t type = madt[offset], entry_length = madt[offset + 1];
        if (entry_length < 2 || entry_length > length - offset)
            return "the MADT has a malformed entry";
        const uint8_t *entry = madt + offset;
        if (type == ENTRY_IO_APIC && entry_length >= IO_APIC_LENGTH &&
            interrupts->io_apic_count < MADT_IO_APIC_LIMIT) {
            unsigned i = interrupts->io_apic_count++;
            interrupts->io_apics[i].address = read32(entry + 4);
            interrupts->io_apics[i].gsi_base = read32(entry + 8);
        } else if (type == ENTRY_OVERRIDE && entry_length >= OVERRIDE_LENGTH && entry[2] == ISA_BUS &&
                   interrupts->override_count < MADT_OVERRIDE_LIMIT) {
            unsigned i = interrupts->override_count++;
            interrupts->overrides[i].isa_irq = entry[3];
            interrupts->overrides[i].gsi = read32(entry + 4);
            interrupts->overrides[i].flags = (uint16_t)(entry[8] | entry[9] << 8);
        }
        offset += entry_length;
    }
    return interrupts->io_apic_count == 0 ? "the MADT lists no I/O APIC" : NULL;
}
