#include "apic.h"

#include "arch/x86_64/cpu.h"
#include "arch/x86_64/trap.h"
#include "mm/mmio.h"
#include "panic.h"

#define APIC_BASE_ENABLE (1ull << 11)
#define APIC_BASE_ADDRESS_MASK 0x000ffffffffff000ull

enum apic_register {
    APIC_ID = 0x20,
    APIC_TASK_PRIORITY = 0x80,
    APIC_EOI = 0xb0,
    APIC_SPURIOUS = 0xf0,
    APIC_LVT_TIMER = 0x320,
    APIC_LVT_LINT0 = 0x350,
    APIC_LVT_ERROR = 0x370,
    APIC_TIMER_INITIAL = 0x380,
    APIC_TIMER_CURRENT = 0x390,
    APIC_TIMER_DIVIDE = 0x3e0,
};

#define APIC_SOFTWARE_ENABLE 0x100
#define LVT_MASKED (1u << 16)
#define LVT_TIMER_PERIODIC (1u << 17)
#define TIMER_DIVIDE_BY_16 0x3

static volatile uint32_t *apic_registers;

static uint32_t apic_read(enum apic_register reg)
{
    return apic_registers[reg / 4];
}

static void apic_write(enum apic_register reg, uint32_t value)
{
    apic_registers[reg / 4] = value;
}

void apic_init(void)
{
    uint32_t features[4];
    cpu_id(1, features);
    if (!(features[3] & (1u << 9)))
        panic("this CPU has no local APIC");
    uint64_t base = cpu_read_msr(MSR_APIC_BASE);
    cpu_write_msr(MSR_APIC_BASE, base | APIC_BASE_ENABLE);
    apic_registers = mmio_map(base & APIC_BASE_ADDRESS_MASK, 4096);
    apic_write(APIC_TASK_PRIORITY, 0);
    apic_write(APIC_LVT_LINT0, LVT_MASKED); /* the (masked) PIC's line */
    apic_write(APIC_LVT_ERROR, LVT_MASKED);
    apic_write(APIC_LVT_TIMER, LVT_MASKED);
    apic_write(APIC_SPURIOUS, APIC_SOFTWARE_ENABLE | VECTOR_SPURIOUS);
}

void apic_eoi(void)
{
    apic_write(APIC_EOI, 0);
}

uint32_t apic_id(void)
{
    return apic_read(APIC_ID) >> 24;
}

void apic_timer_start_measuring(void)
{
    apic_write(APIC_TIMER_DIVIDE, TIMER_DIVIDE_BY_16);
    apic_write(APIC_LVT_TIMER, LVT_MASKED | VECTOR_TIMER);
    apic_write(APIC_TIMER_INITIAL, 0xffffffffu);
}

uint32_t apic_timer_elapsed(void)
{
    return 0xffffffffu - apic_read(APIC_TIMER_CURRENT);
}

void apic_timer_start_periodic(uint64_t ticks_per_second, uint32_t hz)
{
    uint64_t interval = ticks_per_second / hz;
    if (interval == 0 || interval > 0xffffffffu)
        panic("local APIC timer runs at %llu Hz; cannot make %u Hz from it",
              (unsigned long long)ticks_per_second, hz);
    apic_write(APIC_TIMER_DIVIDE, TIMER_DIVIDE_BY_16);
    apic_write(APIC_LVT_TIMER, LVT_TIMER_PERIODIC | VECTOR_TIMER);
    apic_write(APIC_TIMER_INITIAL, (uint32_t)interval);
}
