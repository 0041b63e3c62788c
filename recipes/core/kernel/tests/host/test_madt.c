/* lib/madt.c: I/O APICs and ISA overrides out of MADTs built here, including broken ones a
 * firmware might hand over. */
#include <string.h>

#include "lib/madt.h"
#include "testing/testing.h"

struct table {
    uint8_t bytes[256];
    uint32_t length;
};

static void put32(uint8_t *at, uint32_t value)
{
    for (int i = 0; i < 4; i++)
        at[i] = (uint8_t)(value >> (8 * i));
}

/* An MADT header (signature, length filled in by finish()) with no entries. */
static void start(struct table *table)
{
    memset(table, 0, sizeof *table);
    memcpy(table->bytes, "APIC", 4);
    table->length = 44;
}

static void add_io_apic(struct table *table, uint32_t address, uint32_t gsi_base)
{
    uint8_t *entry = table->bytes + table->length;
    entry[0] = 1;
    entry[1] = 12;
    put32(entry + 4, address);
    put32(entry + 8, gsi_base);
    table->length += 12;
}

static void add_override(struct table *table, uint8_t bus, uint8_t irq, uint32_t gsi, uint16_t flags)
{
    uint8_t *entry = table->bytes + table->length;
    entry[0] = 2;
    entry[1] = 10;
    entry[2] = bus;
    entry[3] = irq;
    put32(entry + 4, gsi);
    entry[8] = (uint8_t)flags;
    entry[9] = (uint8_t)(flags >> 8);
    table->length += 10;
}

static void add_local_apic(struct table *table)
{
    uint8_t *entry = table->bytes + table->length;
    entry[0] = 0;
    entry[1] = 8;
    table->length += 8;
}

/* Sets the length field and makes the checksum come out right. */
static void finish(struct table *table)
{
    put32(table->bytes + 4, table->length);
    table->bytes[9] = 0;
    uint8_t sum = 0;
    for (uint32_t i = 0; i < table->length; i++)
        sum = (uint8_t)(sum + table->bytes[i]);
    table->bytes[9] = (uint8_t)(0 - sum);
}

static void reads_io_apics_and_isa_overrides(void)
{
    struct table table;
    start(&table);
    add_local_apic(&table);
    add_io_apic(&table, 0xfec00000, 0);
    add_override(&table, 0, 0, 2, 0);
    add_override(&table, 0, 9, 9, MADT_TRIGGER_LEVEL | 0x1);
    add_override(&table, 1, 5, 5, 0); /* not the ISA bus: ignored */
    add_io_apic(&table, 0xfec01000, 24);
    finish(&table);
    CHECK(acpi_checksum_ok(table.bytes, table.length));
    struct madt_interrupts interrupts;
    if (!CHECK(madt_parse(table.bytes, table.length, &interrupts) == NULL))
        return;
    CHECK_INT_EQ(interrupts.io_apic_count, 2);
    CHECK_INT_EQ(interrupts.io_apics[0].address, 0xfec00000);
    CHECK_INT_EQ(interrupts.io_apics[1].gsi_base, 24);
    CHECK_INT_EQ(interrupts.override_count, 2);
    CHECK_INT_EQ(interrupts.overrides[0].isa_irq, 0);
    CHECK_INT_EQ(interrupts.overrides[0].gsi, 2);
    CHECK_INT_EQ(interrupts.overrides[1].flags & MADT_TRIGGER_MASK, MADT_TRIGGER_LEVEL);
}

static void refuses_malformed_tables(void)
{
    struct table table;
    struct madt_interrupts interrupts;
    start(&table);
    finish(&table);
    CHECK_STR_EQ(madt_parse(table.bytes, table.length, &interrupts), "the MADT lists no I/O APIC");
    CHECK_STR_EQ(madt_parse(table.bytes, 20, &interrupts), "the MADT is shorter than its header");

    start(&table);
    add_io_apic(&table, 0xfec00000, 0);
    table.bytes[table.length - 11] = 40; /* entry length past the end */
    finish(&table);
    CHECK_STR_EQ(madt_parse(table.bytes, table.length, &interrupts), "the MADT has a malformed entry");

    start(&table);
    add_io_apic(&table, 0xfec00000, 0);
    table.bytes[table.length - 11] = 0; /* a zero length would loop forever */
    finish(&table);
    CHECK_STR_EQ(madt_parse(table.bytes, table.length, &interrupts), "the MADT has a malformed entry");

    start(&table);
    add_io_apic(&table, 0xfec00000, 0);
    table.length += 1; /* one stray byte */
    finish(&table);
    CHECK_STR_EQ(madt_parse(table.bytes, table.length, &interrupts), "the MADT ends inside an entry");
}

static void checksum_catches_a_changed_byte(void)
{
    struct table table;
    start(&table);
    add_io_apic(&table, 0xfec00000, 0);
    finish(&table);
    table.bytes[50] ^= 1;
    CHECK(!acpi_checksum_ok(table.bytes, table.length));
}

static void ignores_entries_beyond_its_limits(void)
{
    struct table table;
    start(&table);
    for (int i = 0; i < MADT_IO_APIC_LIMIT + 2; i++)
        add_io_apic(&table, 0xfec00000 + 0x1000u * (uint32_t)i, 24u * (uint32_t)i);
    finish(&table);
    struct madt_interrupts interrupts;
    CHECK(madt_parse(table.bytes, table.length, &interrupts) == NULL);
    CHECK_INT_EQ(interrupts.io_apic_count, MADT_IO_APIC_LIMIT);
}

static const mh_test TESTS[] = {
    MH_TEST(reads_io_apics_and_isa_overrides),
    MH_TEST(refuses_malformed_tables),
    MH_TEST(checksum_catches_a_changed_byte),
    MH_TEST(ignores_entries_beyond_its_limits),
};

int main(int argc, char **argv)
{
    return mh_test_run(TESTS, MH_COUNT(TESTS), argc, argv);
}
