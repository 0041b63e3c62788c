#include "image/gpt.h"

#include <errno.h>
#include <string.h>
#include <unistd.h>

#define ENTRY_COUNT 128u
#define ENTRY_SIZE 128u
#define ENTRY_SECTORS (ENTRY_COUNT * ENTRY_SIZE / MH_SECTOR) /* 32 */

/* Type GUIDs in their textual form. */
static const char BIOS_BOOT_TYPE[] = "21686148-6449-6E6F-744E-656564454649";
static const char EFI_SYSTEM_TYPE[] = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
static const char LINUX_FS_TYPE[] = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); }
static void put32(uint8_t *p, uint32_t v) { for (int i = 0; i < 4; i++) p[i] = (uint8_t)(v >> (8 * i)); }
static void put64(uint8_t *p, uint64_t v) { for (int i = 0; i < 8; i++) p[i] = (uint8_t)(v >> (8 * i)); }

static int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return c - 'A' + 10;
}

/* GUIDs are stored with their first three fields little-endian and the rest as written. */
static void guid_from_text(const char *text, uint8_t out[16]) {
    uint8_t raw[16];
    for (int i = 0, j = 0; i < 16; j++) {
        if (text[j] == '-')
            continue;
        raw[i++] = (uint8_t)(hex_digit(text[j]) << 4 | hex_digit(text[j + 1]));
        j++;
    }
    const int order[16] = {3, 2, 1, 0, 5, 4, 7, 6, 8, 9, 10, 11, 12, 13, 14, 15};
    for (int i = 0; i < 16; i++)
        out[i] = raw[order[i]];
}

/* A version-4-shaped GUID derived from the seed and an index (reproducible, distinct). */
static void guid_from_seed(const uint8_t seed[16], unsigned index, uint8_t out[16]) {
    uint32_t words[4];
    for (int i = 0; i < 4; i++) {
        uint8_t block[20];
        memcpy(block, seed, 16);
        put32(block + 16, index * 4u + (uint32_t)i);
        words[i] = mh_crc32(0x6d616372u, block, sizeof block); /* mixes seed, index and word */
    }
    for (int i = 0; i < 4; i++)
        put32(out + 4 * i, words[i]);
    out[7] = (uint8_t)((out[7] & 0x0f) | 0x40); /* version 4 */
    out[8] = (uint8_t)((out[8] & 0x3f) | 0x80); /* RFC 4122 variant */
}

int mh_gpt_plan(uint64_t disk_bytes, uint64_t efi_mib, uint64_t min_redox_bytes,
                mh_gpt_layout *layout, mh_error *err) {
    memset(layout, 0, sizeof *layout);
    if (efi_mib == 0)
        return mh_error_set(err, NULL, 0, 0, "the EFI partition must be at least 1 MiB");
    uint64_t backup_bytes = (uint64_t)(ENTRY_SECTORS + 1) * MH_SECTOR;
    uint64_t usable_end = disk_bytes > backup_bytes ? disk_bytes - backup_bytes : 0;
    layout->disk_bytes = disk_bytes;
    layout->bios_start = 34 * MH_SECTOR;
    layout->bios_end = MH_MIB;
    layout->efi_start = MH_MIB;
    layout->efi_end = layout->efi_start + efi_mib * MH_MIB;
    layout->redox_start = layout->efi_end;
    layout->redox_end = usable_end / MH_MIB * MH_MIB;
    if (layout->redox_end <= layout->redox_start ||
        layout->redox_end - layout->redox_start < min_redox_bytes)
        return mh_error_set(err, NULL, 0, 0,
                            "a %llu MiB disk is too small: the partitions need %llu MiB plus %llu "
                            "MiB for RedoxFS; raise filesystem_size",
                            (unsigned long long)(disk_bytes / MH_MIB),
                            (unsigned long long)(layout->redox_start / MH_MIB + 1),
                            (unsigned long long)((min_redox_bytes + MH_MIB - 1) / MH_MIB));
    return 0;
}

static void put_entry(uint8_t *e, const char *type, const uint8_t seed[16], unsigned index,
                      uint64_t start, uint64_t end, const char *name) {
    guid_from_text(type, e);
    guid_from_seed(seed, index, e + 16);
    put64(e + 32, start / MH_SECTOR);
    put64(e + 40, end / MH_SECTOR - 1);
    put64(e + 48, 0); /* attributes */
    for (size_t i = 0; name[i] && i < 36; i++)
        put16(e + 56 + 2 * i, (uint16_t)(unsigned char)name[i]);
}

static void fill_header(uint8_t *h, uint64_t my_lba, uint64_t alternate_lba, uint64_t first_usable,
                        uint64_t last_usable, const uint8_t disk_guid[16], uint64_t entries_lba,
                        uint32_t entries_crc) {
    memset(h, 0, MH_SECTOR);
    memcpy(h, "EFI PART", 8);
    put32(h + 8, 0x00010000); /* revision 1.0 */
    put32(h + 12, 92);        /* header size */
    put64(h + 24, my_lba);
    put64(h + 32, alternate_lba);
    put64(h + 40, first_usable);
    put64(h + 48, last_usable);
    memcpy(h + 56, disk_guid, 16);
    put64(h + 72, entries_lba);
    put32(h + 80, ENTRY_COUNT);
    put32(h + 84, ENTRY_SIZE);
    put32(h + 88, entries_crc);
    put32(h + 16, mh_crc32(0, h, 92));
}

static int write_at(int fd, const char *path, const void *data, size_t len, uint64_t offset,
                    mh_error *err) {
    const uint8_t *p = data;
    while (len) {
        ssize_t n = pwrite(fd, p, len, (off_t)offset);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            return mh_error_errno(err, path, errno, "cannot write the partition table");
        }
        p += n;
        len -= (size_t)n;
        offset += (uint64_t)n;
    }
    return 0;
}

int mh_gpt_write(int fd, const char *path, const mh_gpt_layout *l, const uint8_t seed[16],
                 mh_error *err) {
    uint64_t last_lba = l->disk_bytes / MH_SECTOR - 1;
    uint8_t entries[ENTRY_COUNT * ENTRY_SIZE];
    memset(entries, 0, sizeof entries);
    put_entry(entries, BIOS_BOOT_TYPE, seed, 1, l->bios_start, l->bios_end, "BIOS");
    put_entry(entries + ENTRY_SIZE, EFI_SYSTEM_TYPE, seed, 2, l->efi_start, l->efi_end, "EFI");
    put_entry(entries + 2 * ENTRY_SIZE, LINUX_FS_TYPE, seed, 3, l->redox_start, l->redox_end, "REDOX");
    uint32_t entries_crc = mh_crc32(0, entries, sizeof entries);
    uint8_t disk_guid[16];
    guid_from_seed(seed, 0, disk_guid);
    uint64_t first_usable = 2 + ENTRY_SECTORS;
    uint64_t last_usable = last_lba - ENTRY_SECTORS - 1;

    uint8_t mbr[MH_SECTOR];
    memset(mbr, 0, sizeof mbr);
    uint8_t *part = mbr + 446;
    part[1] = 0x00, part[2] = 0x02, part[3] = 0x00; /* CHS of LBA 1 */
    part[4] = 0xEE;                                 /* GPT protective */
    part[5] = part[6] = part[7] = 0xFF;
    put32(part + 8, 1);
    put32(part + 12, last_lba > 0xFFFFFFFFu ? 0xFFFFFFFFu : (uint32_t)last_lba);
    mbr[510] = 0x55;
    mbr[511] = 0xAA;

    uint8_t primary[MH_SECTOR], backup[MH_SECTOR];
    fill_header(primary, 1, last_lba, first_usable, last_usable, disk_guid, 2, entries_crc);
    fill_header(backup, last_lba, 1, first_usable, last_usable, disk_guid,
                last_lba - ENTRY_SECTORS, entries_crc);
    if (write_at(fd, path, mbr, sizeof mbr, 0, err) != 0 ||
        write_at(fd, path, primary, sizeof primary, MH_SECTOR, err) != 0 ||
        write_at(fd, path, entries, sizeof entries, 2 * MH_SECTOR, err) != 0 ||
        write_at(fd, path, entries, sizeof entries, (last_lba - ENTRY_SECTORS) * MH_SECTOR, err) != 0 ||
        write_at(fd, path, backup, sizeof backup, last_lba * MH_SECTOR, err) != 0)
        return -1;
    return 0;
}
