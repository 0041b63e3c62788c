/* Parsing the ACPI MADT ("APIC" table): the I/O APICs and the ISA interrupt source overrides.
 * Pure byte parsing (arch/x86_64/acpi.c finds the table), so it is tested on the host with
 * well-formed and broken tables. */
#ifndef MH_MADT_H
#define MH_MADT_H

#include <stdbool.h>
#include <stdint.h>

#define MADT_IO_APIC_LIMIT 4
#define MADT_OVERRIDE_LIMIT 16

/* Override flags (MPS INTI flags). */
#define MADT_POLARITY_MASK 0x3
#define MADT_POLARITY_ACTIVE_LOW 0x3
#define MADT_TRIGGER_MASK 0xc
#define MADT_TRIGGER_LEVEL 0xc

struct madt_interrupts {
    unsigned io_apic_count;
    struct {
        uint64_t address;
        uint32_t gsi_base;
    } io_apics[MADT_IO_APIC_LIMIT];
    unsigned override_count;
    struct {
        uint8_t isa_irq;
        uint32_t gsi;
        uint16_t flags;
    } overrides[MADT_OVERRIDE_LIMIT];
};

/* Whether the bytes sum to 0 (the ACPI checksum rule). */
bool acpi_checksum_ok(const uint8_t *bytes, uint64_t length);

/* Parses a whole MADT of length bytes (header included, checksum already checked). Returns
 * NULL, or what is wrong: a malformed entry, no I/O APIC. Entries past the limits are
 * ignored. */
const char *madt_parse(const uint8_t *madt, uint32_t length, struct madt_interrupts *interrupts);

#endif
