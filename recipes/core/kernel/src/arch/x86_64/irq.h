/* Device interrupts. IRQ numbers are Redox's: 0..15 are the ISA lines (routed through the
 * MADT's overrides, edge triggered unless an override says otherwise), 16 and up are global
 * system interrupts as PCI devices use them (level triggered, active low). Each line has at
 * most one handler, in the kernel (COM1 input) or a user-space driver (irq:).
 * Message-signalled interrupts (PCI MSI and MSI-X) bypass the I/O APIC: a device writes the
 * vector to the local APIC's address, so each claim gets a vector of its own. */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "boot_params.h"

#define IRQ_VECTOR_BASE 0x30
#define IRQ_LIMIT 64
/* Vectors handed out for MSI/MSI-X, between the I/O APIC lines and the PIC's vectors. */
#define MSI_VECTOR_BASE (IRQ_VECTOR_BASE + IRQ_LIMIT)
#define MSI_VECTOR_LIMIT 0xe0
/* The address a device writes its message to reach the local APIC with this ID (fixed
 * delivery, physical destination); the message data is the vector, edge triggered. */
#define MSI_ADDRESS(apic_id) (0xfee00000u | (uint32_t)(apic_id) << 12)

/* Runs in the interrupt handler, before the end-of-interrupt is sent. */
typedef void (*irq_handler)(unsigned irq, void *context);

/* Finds the I/O APICs in the ACPI tables; without them no line can be claimed. */
void irq_init(const struct boot_params *params);

/* Installs handler for irq and unmasks it. Returns 0, -MH_ENOENT (no such line),
 * -MH_EBUSY (claimed already). *level_triggered tells how the line behaves. */
int irq_claim(unsigned irq, irq_handler handler, void *context, bool *level_triggered);

/* Masks the line and removes its handler. */
void irq_release(unsigned irq);

/* Level-triggered lines stay masked from the interrupt until their driver has served the device. */
void irq_set_masked(unsigned irq, bool masked);

/* Allocates a free MSI vector for handler (called with the vector as irq). Returns 0 and sets
 * *vector and *apic_id (the CPU the message must address), or -MH_EBUSY when none is free. */
int irq_claim_msi(irq_handler handler, void *context, uint8_t *vector, uint32_t *apic_id);

/* Frees an MSI vector; a late message for it is counted as unexpected. */
void irq_release_msi(uint8_t vector);

/* From the trap handler: I/O APIC lines and MSI vectors. */
void irq_dispatch(uint64_t vector);
void irq_dispatch_msi(uint64_t vector);

#endif
