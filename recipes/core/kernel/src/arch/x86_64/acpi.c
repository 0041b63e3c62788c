#include "acpi.h"

#include <stdbool.h>
#include <stddef.h>

#include "lib/kstring.h"
#include "mm/layout.h"
#include "mm/paging.h"

#define SDT_HEADER_SIZE 36
#define RSDP_V1_SIZE 20
#define RSDP_V2_SIZE 36
#define TABLE_LENGTH_LIMIT (1u << 20)

/* The tables live in firmware memory inside the physical map; fields are read byte-wise
 * (they are unaligned) after checking that the whole range is mapped. */
static const uint8_t *physical(uint64_t address, uint64_t length)
{
    uint64_t limit = paging_phys_map_size();
    if (address >= limit || length > limit - address)
        return NULL;
    return phys_to_virt(address);
}

static uint32_t read32(const uint8_t *bytes)
{
    uint32_t value;
    memcpy(&value, bytes, sizeof value);
    return value;
}

static uint64_t read64(const uint8_t *bytes)
{
    uint64_t value;
    memcpy(&value, bytes, sizeof value);
    return value;
}

/* The table at address if it is a complete one with a valid checksum, else NULL. */
static const uint8_t *table_at(uint64_t address, uint32_t *length)
{
    const uint8_t *header = physical(address, SDT_HEADER_SIZE);
    if (header == NULL)
        return NULL;
    *length = read32(header + 4);
    if (*length < SDT_HEADER_SIZE || *length > TABLE_LENGTH_LIMIT)
        return NULL;
    const uint8_t *table = physical(address, *length);
    return table != NULL && acpi_checksum_ok(table, *length) ? table : NULL;
}

static const uint8_t *find_madt(uint64_t rsdp_phys, uint32_t *madt_length, const char **problem)
{
    const uint8_t *rsdp = physical(rsdp_phys, RSDP_V2_SIZE);
    if (rsdp == NULL || memcmp(rsdp, "RSD PTR ", 8) != 0 || !acpi_checksum_ok(rsdp, RSDP_V1_SIZE)) {
        *problem = "the RSDP is damaged";
        return NULL;
    }
    bool extended = rsdp[15] >= 2 && read32(rsdp + 20) >= RSDP_V2_SIZE && acpi_checksum_ok(rsdp, RSDP_V2_SIZE);
    uint64_t root_address = extended ? read64(rsdp + 24) : read32(rsdp + 16);
    size_t entry_size = extended ? 8 : 4;
    uint32_t root_length;
    const uint8_t *root = table_at(root_address, &root_length);
    if (root == NULL || memcmp(root, extended ? "XSDT" : "RSDT", 4) != 0) {
        *problem = "the root system description table is damaged";
        return NULL;
    }
    for (uint32_t offset = SDT_HEADER_SIZE; offset + entry_size <= root_length; offset += (uint32_t)entry_size) {
        uint64_t address = extended ? read64(root + offset) : read32(root + offset);
        const uint8_t *table = table_at(address, madt_length);
        if (table != NULL && memcmp(table, "APIC", 4) == 0)
            return table;
    }
    *problem = "no valid MADT";
    return NULL;
}

const char *acpi_read_interrupts(uint64_t rsdp_phys, struct madt_interrupts *interrupts)
{
    *interrupts = (struct madt_interrupts){0};
    if (rsdp_phys == 0)
        return "the bootloader found no ACPI tables";
    const char *problem = NULL;
    uint32_t length;
    const uint8_t *madt = find_madt(rsdp_phys, &length, &problem);
    return madt != NULL ? madt_parse(madt, length, interrupts) : problem;
}
