#include "idt.h"

#include <stdint.h>

#include "gdt.h"
#include "trap.h"

struct gate {
    uint16_t offset_low;
    uint16_t selector;
    uint8_t ist;
    uint8_t attributes;
    uint16_t offset_middle;
    uint32_t offset_high;
    uint32_t reserved;
} __attribute__((packed));

_Static_assert(sizeof(struct gate) == 16, "IDT gate layout");

#define GATE_INTERRUPT_KERNEL 0x8e /* present, DPL 0, 64-bit interrupt gate (IF cleared) */

/* Entry stubs, one per vector (isr.S). */
extern const uint64_t isr_stub_table[256];

static struct gate idt[256];

static uint8_t ist_for_vector(unsigned vector)
{
    switch (vector) {
    case VECTOR_DOUBLE_FAULT: return IST_DOUBLE_FAULT;
    case VECTOR_NMI: return IST_NMI;
    case VECTOR_MACHINE_CHECK: return IST_MACHINE_CHECK;
    default: return 0;
    }
}

void idt_init(void)
{
    for (unsigned vector = 0; vector < 256; vector++) {
        uint64_t handler = isr_stub_table[vector];
        idt[vector] = (struct gate){
            .offset_low = (uint16_t)handler,
            .selector = SELECTOR_KERNEL_CODE,
            .ist = ist_for_vector(vector),
            .attributes = GATE_INTERRUPT_KERNEL,
            .offset_middle = (uint16_t)(handler >> 16),
            .offset_high = (uint32_t)(handler >> 32),
        };
    }
    struct {
        uint16_t limit;
        uint64_t base;
    } __attribute__((packed)) pointer = {.limit = sizeof idt - 1, .base = (uint64_t)idt};
    __asm__ volatile("lidt %0" : : "m"(pointer) : "memory");
}
