/* Device interrupts. IRQ numbers are Redox's: 0..15 are the ISA lines (routed through the
 * MADT's overrides, edge triggered unless an override says otherwise), 16 and up are global
 * system interrupts as PCI devices use them (level triggered, active low). Each line has at
 * most one handler, in the kernel (COM1 input) or a user-space driver (irq:). */
#ifndef KERNEL_IRQ_H
#define KERNEL_IRQ_H

#include <stdbool.h>
#include <stdint.h>

#include "boot_params.h"

#define IRQ_VECTOR_BASE 0x30
#define IRQ_LIMIT 64

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

/* From the trap handler. */
void irq_dispatch(uint64_t vector);

#endif
