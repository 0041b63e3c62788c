#include "ioapic.h"

#include <stddef.h>

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "mm/mmio.h"

#define REGISTER_SELECT 0x00
#define REGISTER_WINDOW 0x10
#define REGISTER_VERSION 0x01
#define REGISTER_REDIRECTION 0x10

#define ENTRY_ACTIVE_LOW (1u << 13)
#define ENTRY_LEVEL (1u << 15)
#define ENTRY_MASKED (1u << 16)

struct io_apic {
    volatile uint32_t *registers;
    uint32_t gsi_base;
    uint32_t pins;
};

static struct io_apic io_apics[MADT_IO_APIC_LIMIT];
static unsigned io_apic_count;

static uint32_t read_register(struct io_apic *apic, uint32_t index)
{
    apic->registers[REGISTER_SELECT / 4] = index;
    return apic->registers[REGISTER_WINDOW / 4];
}

static void write_register(struct io_apic *apic, uint32_t index, uint32_t value)
{
    apic->registers[REGISTER_SELECT / 4] = index;
    apic->registers[REGISTER_WINDOW / 4] = value;
}

static struct io_apic *serving(uint32_t gsi, uint32_t *pin)
{
    for (unsigned i = 0; i < io_apic_count; i++) {
        struct io_apic *apic = &io_apics[i];
        if (gsi >= apic->gsi_base && gsi - apic->gsi_base < apic->pins) {
            *pin = gsi - apic->gsi_base;
            return apic;
        }
    }
    return NULL;
}

void ioapic_add(uint64_t phys, uint32_t gsi_base)
{
    if (io_apic_count == MADT_IO_APIC_LIMIT)
        return;
    struct io_apic *apic = &io_apics[io_apic_count++];
    apic->registers = mmio_map(phys, 0x20);
    apic->gsi_base = gsi_base;
    apic->pins = ((read_register(apic, REGISTER_VERSION) >> 16) & 0xff) + 1;
    for (uint32_t pin = 0; pin < apic->pins; pin++)
        write_register(apic, REGISTER_REDIRECTION + 2 * pin, ENTRY_MASKED);
}

bool ioapic_has(uint32_t gsi)
{
    uint32_t pin;
    return serving(gsi, &pin) != NULL;
}

void ioapic_route(uint32_t gsi, uint8_t vector, bool level_triggered, bool active_low)
{
    uint32_t pin;
    struct io_apic *apic = serving(gsi, &pin);
    if (apic == NULL)
        return;
    uint32_t low = vector | ENTRY_MASKED | (level_triggered ? ENTRY_LEVEL : 0) |
                   (active_low ? ENTRY_ACTIVE_LOW : 0);
    irq_state state = irq_save();
    write_register(apic, REGISTER_REDIRECTION + 2 * pin, ENTRY_MASKED);
    write_register(apic, REGISTER_REDIRECTION + 2 * pin + 1, apic_id() << 24);
    write_register(apic, REGISTER_REDIRECTION + 2 * pin, low);
    irq_restore(state);
}

void ioapic_set_masked(uint32_t gsi, bool masked)
{
    uint32_t pin;
    struct io_apic *apic = serving(gsi, &pin);
    if (apic == NULL)
        return;
    irq_state state = irq_save();
    uint32_t low = read_register(apic, REGISTER_REDIRECTION + 2 * pin);
    low = masked ? low | ENTRY_MASKED : low & ~ENTRY_MASKED;
    write_register(apic, REGISTER_REDIRECTION + 2 * pin, low);
    irq_restore(state);
}
