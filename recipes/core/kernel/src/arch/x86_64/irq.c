#include "irq.h"

#include <stddef.h>

#include "arch/x86_64/acpi.h"
#include "arch/x86_64/apic.h"
#include "arch/x86_64/cpu.h"
#include "arch/x86_64/ioapic.h"
#include "console.h"
#include "syscall_abi.h"

struct irq_line {
    irq_handler handler; /* NULL: free */
    void *context;
    uint32_t gsi;
    bool level_triggered;
};

static struct irq_line lines[IRQ_LIMIT];

struct msi_vector {
    irq_handler handler; /* NULL: free */
    void *context;
};

static struct msi_vector msi_vectors[MSI_VECTOR_LIMIT - MSI_VECTOR_BASE];
static struct madt_interrupts interrupts;
static bool available;

void irq_init(const struct boot_params *params)
{
    const char *problem = acpi_read_interrupts(params->acpi_rsdp, &interrupts);
    if (problem != NULL) {
        kprintf("irq: %s; device interrupts are unavailable\n", problem);
        return;
    }
    for (unsigned i = 0; i < interrupts.io_apic_count; i++) {
        ioapic_add(interrupts.io_apics[i].address, interrupts.io_apics[i].gsi_base);
        kprintf("irq: I/O APIC at %p for GSIs from %u\n", (void *)interrupts.io_apics[i].address,
                interrupts.io_apics[i].gsi_base);
    }
    available = true;
}

/* Where irq arrives and how it is signalled. */
static void describe(unsigned irq, uint32_t *gsi, bool *level_triggered, bool *active_low)
{
    if (irq >= 16) {
        *gsi = irq;
        *level_triggered = true;
        *active_low = true;
        return;
    }
    *gsi = irq;
    *level_triggered = false;
    *active_low = false;
    for (unsigned i = 0; i < interrupts.override_count; i++) {
        if (interrupts.overrides[i].isa_irq != irq)
            continue;
        uint16_t flags = interrupts.overrides[i].flags;
        *gsi = interrupts.overrides[i].gsi;
        *level_triggered = (flags & MADT_TRIGGER_MASK) == MADT_TRIGGER_LEVEL;
        *active_low = (flags & MADT_POLARITY_MASK) == MADT_POLARITY_ACTIVE_LOW;
    }
}

int irq_claim(unsigned irq, irq_handler handler, void *context, bool *level_triggered)
{
    if (!available || irq >= IRQ_LIMIT)
        return -MH_ENOENT;
    uint32_t gsi;
    bool level, active_low;
    describe(irq, &gsi, &level, &active_low);
    if (!ioapic_has(gsi))
        return -MH_ENOENT;
    irq_state state = irq_save();
    int result = 0;
    for (unsigned other = 0; other < IRQ_LIMIT && result == 0; other++) {
        if (lines[other].handler != NULL && (other == irq || lines[other].gsi == gsi))
            result = -MH_EBUSY;
    }
    if (result == 0) {
        lines[irq] = (struct irq_line){.handler = handler, .context = context, .gsi = gsi,
                                       .level_triggered = level};
        ioapic_route(gsi, (uint8_t)(IRQ_VECTOR_BASE + irq), level, active_low);
        ioapic_set_masked(gsi, false);
    }
    irq_restore(state);
    if (result == 0 && level_triggered != NULL)
        *level_triggered = level;
    return result;
}

void irq_release(unsigned irq)
{
    if (irq >= IRQ_LIMIT)
        return;
    irq_state state = irq_save();
    if (lines[irq].handler != NULL) {
        ioapic_set_masked(lines[irq].gsi, true);
        lines[irq] = (struct irq_line){0};
    }
    irq_restore(state);
}

void irq_set_masked(unsigned irq, bool masked)
{
    if (irq < IRQ_LIMIT && lines[irq].handler != NULL)
        ioapic_set_masked(lines[irq].gsi, masked);
}

void irq_dispatch(uint64_t vector)
{
    unsigned irq = (unsigned)(vector - IRQ_VECTOR_BASE);
    if (irq < IRQ_LIMIT && lines[irq].handler != NULL)
        lines[irq].handler(irq, lines[irq].context);
    apic_eoi();
}

int irq_claim_msi(irq_handler handler, void *context, uint8_t *vector, uint32_t *apic_id_out)
{
    int result = -MH_EBUSY;
    irq_state state = irq_save();
    for (unsigned i = 0; i < MSI_VECTOR_LIMIT - MSI_VECTOR_BASE; i++) {
        if (msi_vectors[i].handler == NULL) {
            msi_vectors[i] = (struct msi_vector){.handler = handler, .context = context};
            *vector = (uint8_t)(MSI_VECTOR_BASE + i);
            result = 0;
            break;
        }
    }
    irq_restore(state);
    *apic_id_out = apic_id();
    return result;
}

void irq_release_msi(uint8_t vector)
{
    if (vector < MSI_VECTOR_BASE || vector >= MSI_VECTOR_LIMIT)
        return;
    irq_state state = irq_save();
    msi_vectors[vector - MSI_VECTOR_BASE] = (struct msi_vector){0};
    irq_restore(state);
}

void irq_dispatch_msi(uint64_t vector)
{
    struct msi_vector *entry = &msi_vectors[vector - MSI_VECTOR_BASE];
    if (entry->handler != NULL)
        entry->handler((unsigned)vector, entry->context);
    else
        kprintf("irq: message-signalled interrupt on free vector %llu\n", (unsigned long long)vector);
    apic_eoi();
}
