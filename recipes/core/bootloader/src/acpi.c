#include "acpi.h"

#include <efi.h>
#include <efilib.h>

#include "bootinfo.h"

#define RSDP_V1_LENGTH 20
#define RSDP_LENGTH_OFFSET 20
#define RSDP_REVISION_OFFSET 15

static BOOLEAN checksum_ok(const UINT8 *bytes, UINT32 length)
{
    UINT8 sum = 0;
    for (UINT32 i = 0; i < length; i++)
        sum = (UINT8)(sum + bytes[i]);
    return sum == 0;
}

static BOOLEAN rsdp_valid(const UINT8 *rsdp, BOOLEAN extended)
{
    static const char signature[8] = {'R', 'S', 'D', ' ', 'P', 'T', 'R', ' '};
    for (unsigned i = 0; i < sizeof signature; i++) {
        if (rsdp[i] != (UINT8)signature[i])
            return FALSE;
    }
    if (!checksum_ok(rsdp, RSDP_V1_LENGTH))
        return FALSE;
    if (!extended)
        return TRUE;
    UINT32 length = (UINT32)rsdp[RSDP_LENGTH_OFFSET] | (UINT32)rsdp[RSDP_LENGTH_OFFSET + 1] << 8 |
                    (UINT32)rsdp[RSDP_LENGTH_OFFSET + 2] << 16 | (UINT32)rsdp[RSDP_LENGTH_OFFSET + 3] << 24;
    return rsdp[RSDP_REVISION_OFFSET] >= 2 && length >= 36 && length <= 4096 &&
           checksum_ok(rsdp, length);
}

static const UINT8 *find_table(EFI_GUID guid)
{
    for (UINTN i = 0; i < ST->NumberOfTableEntries; i++) {
        if (CompareGuid(&ST->ConfigurationTable[i].VendorGuid, &guid) == 0)
            return ST->ConfigurationTable[i].VendorTable;
    }
    return NULL;
}

void acpi_find_rsdp(uint64_t *address, uint32_t *kind)
{
    const UINT8 *rsdp = find_table((EFI_GUID)ACPI_20_TABLE_GUID);
    if (rsdp != NULL && rsdp_valid(rsdp, TRUE)) {
        *address = (uint64_t)(UINTN)rsdp;
        *kind = MH_RSDP_V2;
        return;
    }
    rsdp = find_table((EFI_GUID)ACPI_TABLE_GUID);
    if (rsdp != NULL && rsdp_valid(rsdp, FALSE)) {
        *address = (uint64_t)(UINTN)rsdp;
        *kind = MH_RSDP_V1;
        return;
    }
    *address = 0;
    *kind = MH_RSDP_NONE;
}
